/* escape.c - value encoders for the output formats of dcr-fmt. */
#include "escape.h"

#include <stdint.h>
#include <string.h>

void csv_put_cell(struct buf *b, const char *v, size_t n, char delim)
{
	bool quote = n > 0 && (v[0] == ' ' || v[n - 1] == ' ');
	for (size_t i = 0; i < n && !quote; i++)
		quote = v[i] == delim || v[i] == '"' || v[i] == '\n' || v[i] == '\r';
	if (!quote) {
		buf_add(b, v, n);
		return;
	}
	buf_addc(b, '"');
	for (size_t i = 0; i < n; i++) {
		if (v[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, v[i]);
	}
	buf_addc(b, '"');
}

void tsv_put_cell(struct buf *b, const char *v, size_t n)
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

void json_put_string(struct buf *b, const char *v, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	buf_addc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c == '"' || c == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)c);
		} else if (c == '\n') {
			buf_add(b, "\\n", 2);
		} else if (c == '\t') {
			buf_add(b, "\\t", 2);
		} else if (c == '\r') {
			buf_add(b, "\\r", 2);
		} else if (c < 0x20 || c == 0x7f) {
			char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			buf_add(b, e, 6);
		} else {
			buf_addc(b, (char)c);
		}
	}
	buf_addc(b, '"');
}

void html_put_text(struct buf *b, const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (v[i]) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		default: buf_addc(b, v[i]);
		}
	}
}

void md_put_cell(struct buf *b, const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (v[i]) {
		case '|': buf_adds(b, "\\|"); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '&': buf_adds(b, "&amp;"); break;
		case '\n': buf_adds(b, "<br>"); break;
		case '\r': break;
		default: buf_addc(b, v[i]);
		}
	}
}

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
	    (c >= 0x20d0 && c <= 0x20ff))
		return 0;
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) ||
	    (c >= 0x20000 && c <= 0x3fffd))
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
