/* logfmt.c - lenient raw logfmt into pairs. */
#include "parse/logfmt.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/ascii.h"
#include "parse/json.h"
#include "parse/keyname.h"
#include "base/xmalloc.h"

/* JSON's messages without their "invalid JSON: " prefix. */
static const char *unjson(const char *why)
{
	static const char prefix[] = "invalid JSON: ";
	if (strncmp(why, prefix, sizeof prefix - 1) == 0)
		return why + sizeof prefix - 1;
	return why;
}

/* The key at s[*i]: its record form, renamed when needed. */
static bool read_key(const char *s, size_t n, size_t *i, struct pairs *out,
		     struct slice *k, const char **why)
{
	size_t start = *i;
	while (*i < n && !ascii_is_blank(s[*i]) && s[*i] != '=' && s[*i] != '"')
		(*i)++;
	size_t len = *i - start;
	if (len == 0) {
		*why = s[*i] == '"' ? "quoted key" : "empty key";
		return false;
	}
	if (*i >= n || s[*i] != '=') {
		*why = "key without '=' and value";
		return false;
	}
	if (key_is_valid(s + start, len) && s[start] != '_') { /* _x is dcr's */
		*k = slice_of(s + start, len);
	} else {
		char *d = arena_reserve(out, RECORD_KEY_MAX);
		size_t kn = key_from_name(s + start, len, d);
		arena_commit(out, kn);
		*k = slice_of(d, kn);
	}
	(*i)++; /* '=' */
	return true;
}

static enum record_status error(const char **why, size_t *col,
				const char *what, size_t at)
{
	*why = what;
	*col = at;
	return REC_ERROR;
}

enum record_status logfmt_parse(const char *s, size_t n, struct pairs *out,
				const char **why, size_t *col)
{
	pairs_reset(out);
	if (n && s[n - 1] == '\r')
		n--;
	size_t i = 0;
	while (i < n && ascii_is_blank(s[i]))
		i++;
	if (i == n || s[i] == '#')
		return REC_SKIP;
	size_t bad = utf8_check(s, n);
	if (bad < n)
		return error(why, col, utf8_error(s, bad), bad);
	while (i < n) {
		size_t at = i;
		struct slice k, v;
		if (!read_key(s, n, &i, out, &k, why)) {
			*col = at;
			return REC_ERROR;
		}
		if (i < n && s[i] == '"') {
			if (!json_string(s, n, &i, true, out, &v, why, col)) {
				*why = unjson(*why);
				return REC_ERROR;
			}
			if (i < n && !ascii_is_blank(s[i]))
				return error(why, col, "text right after a closing quote", i);
		} else {
			size_t start = i;
			while (i < n && !ascii_is_blank(s[i])) {
				unsigned char c = (unsigned char)s[i];
				if (c == '"')
					return error(why, col, "quote inside an unquoted value", i);
				if (c < 0x20 || c == 0x7f)
					return error(why, col, "control character in a value", i);
				i++;
			}
			v = slice_of(s + start, i - start);
		}
		pairs_note_at(out, at);
		pairs_add(out, k.p, k.n, v.p, v.n);
		while (i < n && ascii_is_blank(s[i]))
			i++;
	}
	*why = pairs_duplicate_error(out, col);
	return *why ? REC_ERROR : REC_OK;
}
