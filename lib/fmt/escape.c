/* escape.c - value encoders for the output formats of dcr-fmt. */
#include "fmt/escape.h"

#include <stdint.h>
#include <string.h>

#include "base/num.h"

static const char hex[] = "0123456789abcdef";

/* ---- CSV and TSV ---- */

/* Whether prefix (0: none) followed by v must be quoted: it holds the
 * delimiter, a quote, CR or LF, or starts or ends with a blank, which
 * some readers would trim. */
static bool csv_needs_quotes(char prefix, const char *v, size_t n, char delim)
{
	if (n > 0 && ((!prefix && v[0] == ' ') || v[n - 1] == ' '))
		return true;
	for (size_t i = 0; i < n; i++)
		if (v[i] == delim || v[i] == '"' || v[i] == '\n' || v[i] == '\r')
			return true;
	return false;
}

/* The cell: prefix (0 for none) and v, quoted when needed. */
static void csv_put(struct buf *b, char prefix, const char *v, size_t n,
		    char delim)
{
	bool quote = csv_needs_quotes(prefix, v, n, delim);
	if (quote)
		buf_addc(b, '"');
	if (prefix)
		buf_addc(b, prefix);
	if (!quote) {
		buf_add(b, v, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, v[i]);
	}
	buf_addc(b, '"');
}

void escape_csv_cell(struct buf *b, const char *v, size_t n, char delim)
{
	csv_put(b, 0, v, n, delim);
}

bool escape_is_formula(const char *v, size_t n)
{
	if (n == 0 || !memchr("=+-@\t\r", v[0], 6))
		return false;
	double d;
	return !num_parse(v, n, &d);
}

void escape_csv_guarded(struct buf *b, const char *v, size_t n, char delim)
{
	csv_put(b, escape_is_formula(v, n) ? '\'' : 0, v, n, delim);
}

void escape_tsv_cell(struct buf *b, const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (v[i]) {
		case '\t': buf_add(b, "\\t", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		case '\\': buf_add(b, "\\\\", 2); break;
		default: buf_addc(b, v[i]);
		}
	}
}

void escape_tsv_guarded(struct buf *b, const char *v, size_t n)
{
	if (n && memchr("=+-@", v[0], 4) && escape_is_formula(v, n))
		buf_addc(b, '\'');
	escape_tsv_cell(b, v, n);
}

/* ---- JSON, HTML, Markdown ---- */

/* A byte a JSON string may hold as it is. */
static inline bool json_plain(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\' && c != 0x7f;
}

void escape_json_string(struct buf *b, const char *v, size_t n)
{
	const unsigned char *s = (const unsigned char *)v;
	buf_grow(b, n + 2);
	buf_addc(b, '"');
	for (size_t i = 0; i < n;) {
		size_t run = i;
		while (run < n && json_plain(s[run]))
			run++;
		buf_add(b, v + i, run - i); /* a run of plain bytes at once */
		if (run == n)
			break;
		unsigned char c = s[run];
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			buf_add(b, e, 2);
		} else if (c == '\n') {
			buf_add(b, "\\n", 2);
		} else if (c == '\t') {
			buf_add(b, "\\t", 2);
		} else if (c == '\r') {
			buf_add(b, "\\r", 2);
		} else {
			char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			buf_add(b, e, 6);
		}
		i = run + 1;
	}
	buf_addc(b, '"');
}

void escape_html_text(struct buf *b, const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		switch (c) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		case '\t': case '\n': case '\r': buf_addc(b, (char)c); break;
		default:
			if (c < 0x20 || c == 0x7f)
				buf_adds(b, "&#xfffd;");
			else
				buf_addc(b, (char)c);
		}
	}
}

static bool is_ascii_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* An '_' between two ASCII letters or digits can neither open nor close
 * emphasis in GitHub Markdown, so "place_type" stays readable. */
static bool underscore_in_word(const char *v, size_t n, size_t i)
{
	return i > 0 && i + 1 < n && is_ascii_alnum(v[i - 1]) &&
	       is_ascii_alnum(v[i + 1]);
}

/* Whether the '<' or '&' at v[i] could start raw HTML, an autolink or a
 * character reference in GitHub Markdown: '<' before a letter, '/', '!' or
 * '?', '&' before a letter, digit or '#'. Only those need the backslash,
 * so that "<10" or "a & b" reads as it is in a terminal too. */
static bool md_opens_markup(const char *v, size_t n, size_t i)
{
	if (i + 1 >= n)
		return false;
	char next = v[i + 1];
	bool letter = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z');
	if (v[i] == '<')
		return letter || next == '/' || next == '!' || next == '?';
	return is_ascii_alnum(next) || next == '#';
}

static void put_hex_byte(struct buf *b, unsigned char c)
{
	char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
	buf_add(b, e, 4);
}

void escape_md_cell(struct buf *b, const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		switch (c) {
		case '|': case '\\': case '*': case '`': case '[': case ']':
		case '~':
			buf_addc(b, '\\');
			buf_addc(b, (char)c);
			break;
		case '_':
			if (!underscore_in_word(v, n, i))
				buf_addc(b, '\\');
			buf_addc(b, '_');
			break;
		case '<': case '&':
			if (md_opens_markup(v, n, i))
				buf_addc(b, '\\');
			buf_addc(b, (char)c);
			break;
		case '\n': buf_adds(b, "<br>"); break;
		case '\r':
			if (i + 1 < n && v[i + 1] == '\n')
				break; /* CR LF is one line break */
			buf_adds(b, "<br>");
			break;
		case '\t': buf_addc(b, ' '); break;
		default:
			if (c < 0x20 || c == 0x7f)
				put_hex_byte(b, c);
			else
				buf_addc(b, (char)c);
		}
	}
}

/* ---- terminal text ---- */

/* Decode one UTF-8 sequence (input is valid); returns its length. */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (s[0] < 0x80 || n < 2) {
		*cp = s[0];
		return 1;
	}
	size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
	if (len > n)
		len = n;
	uint32_t c = s[0] & (0x3f >> (len - 1));
	for (size_t i = 1; i < len; i++)
		c = c << 6 | (s[i] & 0x3f);
	*cp = c;
	return len;
}

static int cp_width(uint32_t c)
{
	if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f) ||
	    (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0x1ab0 && c <= 0x1aff) ||
	    (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff) ||
	    c == 0xad || c == 0x2060 || c == 0xfeff)
		return 0;
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) ||
	    (c >= 0x3041 && c <= 0x33ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
	    (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd))
		return 2;
	return 1;
}

size_t utf8_width(const char *v, size_t n)
{
	const unsigned char *s = (const unsigned char *)v;
	size_t w = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += decode(s + i, n - i, &cp);
		w += (size_t)cp_width(cp);
	}
	return w;
}

/* Characters that escape_visible writes as an escape. */
static bool needs_visible_escape(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
	       (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/* The escape for c into e; returns its length (all ASCII, width = length). */
static size_t visible_escape(uint32_t c, char e[8])
{
	if (c == '\n' || c == '\t' || c == '\r') {
		e[0] = '\\';
		e[1] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
		return 2;
	}
	if (c < 0x80) {
		e[0] = '\\', e[1] = 'x', e[2] = hex[c >> 4], e[3] = hex[c & 15];
		return 4;
	}
	e[0] = '\\', e[1] = 'u';
	for (int k = 0; k < 4; k++)
		e[2 + k] = hex[(c >> (12 - 4 * k)) & 15];
	return 6;
}

void escape_visible(struct buf *b, const char *v, size_t n)
{
	const unsigned char *s = (const unsigned char *)v;
	size_t run = 0; /* start of the bytes not yet copied */
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = decode(s + i, n - i, &cp);
		if (needs_visible_escape(cp)) {
			char e[8];
			buf_add(b, v + run, i - run);
			buf_add(b, e, visible_escape(cp, e));
			run = i + len;
		}
		i += len;
	}
	buf_add(b, v + run, n - run);
}

size_t escape_visible_width(const char *v, size_t n)
{
	const unsigned char *s = (const unsigned char *)v;
	size_t w = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += decode(s + i, n - i, &cp);
		if (needs_visible_escape(cp)) {
			char e[8];
			w += visible_escape(cp, e);
		} else {
			w += (size_t)cp_width(cp);
		}
	}
	return w;
}
