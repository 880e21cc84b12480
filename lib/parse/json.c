/* json.c - a JSON object per line, flattened into pairs. */
#include "parse/json.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/ascii.h"
#include "parse/keyname.h"
#include "base/xmalloc.h"

/* Room for the flattened key path; the true length may run past it and
 * is only an error when a value is stored under it. */
enum { PATH_CAP = RECORD_KEY_MAX + 1 };

/* The parse of one line: the text and where it is, the key path down to
 * the value being read, and the first error. */
struct json_parser {
	const char *s;
	size_t i, n;
	struct pairs *out;
	char path[PATH_CAP];
	size_t plen;		/* may exceed PATH_CAP */
	int depth;
	bool tab_ok;		/* a raw TAB in a string (logfmt's quotes) */
	const char *why;
	size_t col;
};

static bool fail(struct json_parser *j, const char *why, size_t col)
{
	j->why = why;
	j->col = col;
	return false;
}

static void skip_ws(struct json_parser *j)
{
	while (j->i < j->n) {
		char c = j->s[j->i];
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
			break;
		j->i++;
	}
}

static int hex4(const char *p)
{
	int v = 0;
	for (int k = 0; k < 4; k++) {
		char c = p[k];
		int d = c >= '0' && c <= '9' ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

static size_t put_utf8(char *d, unsigned cp)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xc0 | cp >> 6);
		d[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xe0 | cp >> 12);
		d[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		d[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (char)(0xf0 | cp >> 18);
	d[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	d[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	d[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The \u escape at s[i] ('\\' 'u' XXXX, perhaps a surrogate pair): its code
 * point in *cp and the escape's length, or 0 (j->why set). */
static size_t read_u_escape(struct json_parser *j, size_t i, unsigned *cp)
{
	const char *s = j->s;
	if (j->n - i < 6 || hex4(s + i + 2) < 0)
		return fail(j, "invalid JSON: \\u needs four hex digits", i), 0;
	unsigned hi = (unsigned)hex4(s + i + 2);
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return fail(j, "invalid JSON: unpaired surrogate in \\u escape", i), 0;
	if (hi == 0) /* a record holds no NUL byte, as the readers of dcr-records(5) say */
		return fail(j, "invalid JSON: \\u0000, a NUL byte, in a string", i), 0;
	if (hi < 0xd800 || hi > 0xdbff) {
		*cp = hi;
		return 6;
	}
	if (j->n - i < 12 || s[i + 6] != '\\' || s[i + 7] != 'u' ||
	    hex4(s + i + 8) < 0)
		return fail(j, "invalid JSON: unpaired surrogate in \\u escape", i), 0;
	unsigned lo = (unsigned)hex4(s + i + 8);
	if (lo < 0xdc00 || lo > 0xdfff)
		return fail(j, "invalid JSON: unpaired surrogate in \\u escape", i), 0;
	*cp = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
	return 12;
}

/* Decode the escapes of the string body s[start..end) into the arena. */
static bool decode(struct json_parser *j, size_t start, size_t end,
		   struct slice *v)
{
	char *d = arena_reserve(j->out, end - start);
	size_t k = 0;
	for (size_t i = start; i < end;) {
		char c = j->s[i];
		if (c != '\\') {
			d[k++] = c;
			i++;
			continue;
		}
		char e = j->s[i + 1];
		char plain = e == '"' ? '"' : e == '\\' ? '\\' : e == '/' ? '/'
			: e == 'b' ? '\b' : e == 'f' ? '\f' : e == 'n' ? '\n'
			: e == 'r' ? '\r' : e == 't' ? '\t' : 0;
		if (plain) {
			d[k++] = plain;
			i += 2;
			continue;
		}
		unsigned cp;
		size_t len = read_u_escape(j, i, &cp); /* validated by the scan */
		k += put_utf8(d + k, cp);
		i += len;
	}
	arena_commit(j->out, k);
	*v = slice_of(d, k);
	return true;
}

/* A string at j->i (its opening quote): its value, decoded only when it
 * has escapes. */
static bool read_string(struct json_parser *j, struct slice *v)
{
	const char *s = j->s;
	size_t start = ++j->i;
	bool escaped = false;
	for (;;) {
		if (j->i >= j->n)
			return fail(j, "invalid JSON: unterminated string", start - 1);
		unsigned char c = (unsigned char)s[j->i];
		if (c == '"')
			break;
		if (c < 0x20 && !(c == '\t' && j->tab_ok))
			return fail(j, "invalid JSON: control character in a string",
				    j->i);
		if (c != '\\') {
			j->i++;
			continue;
		}
		escaped = true;
		if (j->i + 1 >= j->n)
			return fail(j, "invalid JSON: unterminated string", start - 1);
		if (s[j->i + 1] == 'u') {
			unsigned cp;
			size_t len = read_u_escape(j, j->i, &cp);
			if (!len)
				return false;
			j->i += len;
			continue;
		}
		if (!strchr("\"\\/bfnrt", s[j->i + 1]) || s[j->i + 1] == 0)
			return fail(j, "invalid JSON: invalid escape in a string", j->i);
		j->i += 2;
	}
	size_t end = j->i++;
	if (!escaped) {
		*v = slice_of(s + start, end - start);
		return true;
	}
	return decode(j, start, end, v);
}

/* A number by RFC 8259's grammar, kept as written. */
static bool read_number(struct json_parser *j, struct slice *v)
{
	const char *s = j->s;
	size_t i = j->i, start = i;
	if (i < j->n && s[i] == '-')
		i++;
	if (i < j->n && s[i] == '0') {
		i++;
	} else if (i < j->n && ascii_is_digit(s[i])) {
		while (i < j->n && ascii_is_digit(s[i]))
			i++;
	} else {
		return fail(j, "invalid JSON: invalid number", start);
	}
	if (i < j->n && s[i] == '.') {
		if (++i >= j->n || !ascii_is_digit(s[i]))
			return fail(j, "invalid JSON: invalid number", start);
		while (i < j->n && ascii_is_digit(s[i]))
			i++;
	}
	if (i < j->n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < j->n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= j->n || !ascii_is_digit(s[i]))
			return fail(j, "invalid JSON: invalid number", start);
		while (i < j->n && ascii_is_digit(s[i]))
			i++;
	}
	*v = slice_of(s + start, i - start);
	j->i = i;
	return true;
}

/* Store v under the current path. */
static bool store(struct json_parser *j, struct slice v, size_t at)
{
	if (j->plen > RECORD_KEY_MAX ||
	    (j->plen == RECORD_KEY_MAX && ascii_is_digit(j->path[0])))
		return fail(j, "key longer than 64 bytes (after flattening)", at);
	/* A leading '_' goes: such keys are dcr's own (_src), never data's. */
	const char *path = j->path;
	size_t plen = j->plen;
	while (plen && path[0] == '_')
		path++, plen--;
	char *k = arena_reserve(j->out, RECORD_KEY_MAX);
	size_t kn = 0;
	if (plen == 0 || ascii_is_digit(path[0]))
		k[kn++] = 'x';
	memcpy(k + kn, path, plen);
	kn += plen;
	arena_commit(j->out, kn);
	pairs_note_at(j->out, at);
	pairs_add(j->out, k, kn, v.p, v.n);
	return true;
}

/* A name made only of the bytes of keys ([a-z0-9_]): kept as it is, as
 * a valid key is (dcr-parse(1)); any other is renamed by keyname.h. */
static bool segment_is_key(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || ascii_is_digit(s[i]) || s[i] == '_'))
			return false;
	return true;
}

/* Append a name segment to the path; returns the old length to restore.
 * Bytes past PATH_CAP are counted, not kept: store() rejects such keys. */
static size_t push_segment(struct json_parser *j, const char *seg, size_t n)
{
	size_t old = j->plen;
	char tmp[PATH_CAP];
	size_t len;
	if (segment_is_key(seg, n)) { /* kept as it is: a__b, v_, _x */
		len = n;
		memcpy(tmp, seg, n < sizeof tmp ? n : sizeof tmp);
	} else {
		len = key_clean(seg, n, tmp, sizeof tmp);
		if (len == 0) /* "" or "!!": a name with nothing left */
			tmp[len++] = 'x';
	}
	size_t at = old;
	if (old > 0) {
		if (at < PATH_CAP)
			j->path[at] = '_';
		at++;
	}
	for (size_t k = 0; k < len && k < sizeof tmp && at + k < PATH_CAP; k++)
		j->path[at + k] = tmp[k];
	j->plen = at + len;
	return old;
}

static bool read_value(struct json_parser *j);

static bool read_object(struct json_parser *j)
{
	size_t open = j->i++;
	if (++j->depth > JSON_MAX_DEPTH)
		return fail(j, "JSON nested too deeply", open);
	skip_ws(j);
	if (j->i < j->n && j->s[j->i] == '}') {
		j->i++;
		j->depth--;
		return true;
	}
	for (;;) {
		skip_ws(j);
		if (j->i >= j->n || j->s[j->i] != '"')
			return fail(j, "invalid JSON: expected a string key", j->i);
		struct slice key;
		if (!read_string(j, &key))
			return false;
		skip_ws(j);
		if (j->i >= j->n || j->s[j->i] != ':')
			return fail(j, "invalid JSON: expected ':'", j->i);
		j->i++;
		size_t old = push_segment(j, key.p, key.n);
		if (!read_value(j))
			return false;
		j->plen = old;
		skip_ws(j);
		if (j->i < j->n && j->s[j->i] == ',') {
			j->i++;
			continue;
		}
		if (j->i < j->n && j->s[j->i] == '}') {
			j->i++;
			j->depth--;
			return true;
		}
		return fail(j, "invalid JSON: expected ',' or '}'", j->i);
	}
}

static bool read_array(struct json_parser *j)
{
	size_t open = j->i++;
	if (++j->depth > JSON_MAX_DEPTH)
		return fail(j, "JSON nested too deeply", open);
	skip_ws(j);
	if (j->i < j->n && j->s[j->i] == ']') {
		j->i++;
		j->depth--;
		return true;
	}
	for (unsigned long long idx = 1;; idx++) {
		char num[24];
		int nl = snprintf(num, sizeof num, "%llu", idx);
		size_t old = push_segment(j, num, (size_t)nl);
		if (!read_value(j))
			return false;
		j->plen = old;
		skip_ws(j);
		if (j->i < j->n && j->s[j->i] == ',') {
			j->i++;
			continue;
		}
		if (j->i < j->n && j->s[j->i] == ']') {
			j->i++;
			j->depth--;
			return true;
		}
		return fail(j, "invalid JSON: expected ',' or ']'", j->i);
	}
}

static bool literal(struct json_parser *j, const char *word, size_t len)
{
	return j->n - j->i >= len && memcmp(j->s + j->i, word, len) == 0;
}

static bool read_value(struct json_parser *j)
{
	skip_ws(j);
	if (j->i >= j->n)
		return fail(j, "invalid JSON: expected a value", j->i);
	size_t at = j->i;
	struct slice v;
	switch (j->s[j->i]) {
	case '{':
		return read_object(j);
	case '[':
		return read_array(j);
	case '"':
		return read_string(j, &v) && store(j, v, at);
	case 't':
		if (!literal(j, "true", 4))
			break;
		j->i += 4;
		return store(j, slice_of(j->s + at, 4), at);
	case 'f':
		if (!literal(j, "false", 5))
			break;
		j->i += 5;
		return store(j, slice_of(j->s + at, 5), at);
	case 'n':
		if (!literal(j, "null", 4))
			break;
		j->i += 4;
		return true; /* an absent key */
	default:
		if (j->s[j->i] == '-' || ascii_is_digit(j->s[j->i]))
			return read_number(j, &v) && store(j, v, at);
	}
	return fail(j, "invalid JSON: expected a value", at);
}

enum record_status json_parse(const char *s, size_t n, struct pairs *out,
			      const char **why, size_t *col)
{
	struct json_parser j = {.s = s, .n = n, .out = out};
	pairs_reset(out);
	skip_ws(&j);
	if (j.i == n)
		return REC_SKIP;
	size_t bad = utf8_check(s, n);
	if (bad < n) {
		*why = utf8_error(s, bad);
		*col = bad;
		return REC_ERROR;
	}
	if (s[j.i] != '{') {
		*why = "not a JSON object";
		*col = j.i;
		return REC_ERROR;
	}
	bool ok = read_object(&j);
	if (ok) {
		skip_ws(&j);
		if (j.i < n)
			ok = fail(&j, "invalid JSON: text after the object", j.i);
	}
	if (ok) {
		*why = pairs_duplicate_error(out, col);
		return *why ? REC_ERROR : REC_OK;
	}
	*why = j.why;
	*col = j.col;
	return REC_ERROR;
}

bool json_string(const char *s, size_t n, size_t *i, bool tab_ok,
		 struct pairs *out, struct slice *v, const char **why,
		 size_t *col)
{
	struct json_parser j = {.s = s, .n = n, .i = *i, .out = out,
				.tab_ok = tab_ok};
	if (!read_string(&j, v)) {
		*why = j.why;
		*col = j.col;
		return false;
	}
	*i = j.i;
	return true;
}
