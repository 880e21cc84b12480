/* keyname.c - normalising foreign names into record keys. */
#include "parse/keyname.h"

#include <string.h>

#include "record/record.h"

static bool is_lower_or_digit(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

size_t key_clean(const char *s, size_t n, char *out, size_t cap)
{
	size_t len = 0;
	bool gap = false; /* a '_' is due before the next kept byte */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (!is_lower_or_digit(c)) {
			gap = len > 0;
			continue;
		}
		if (gap) {
			if (len < cap)
				out[len] = '_';
			len++;
			gap = false;
		}
		if (len < cap)
			out[len] = (char)c;
		len++;
	}
	return len;
}

size_t key_from_name(const char *s, size_t n, char *out)
{
	char tmp[RECORD_KEY_MAX + 1];
	size_t len = key_clean(s, n, tmp + 1, RECORD_KEY_MAX);
	if (len > RECORD_KEY_MAX)
		len = RECORD_KEY_MAX;
	char *p = tmp + 1;
	if (len == 0 || (p[0] >= '0' && p[0] <= '9')) {
		*--p = 'x';
		len++;
		if (len > RECORD_KEY_MAX)
			len = RECORD_KEY_MAX;
	}
	while (len > 1 && p[len - 1] == '_') /* the cut may end on '_' */
		len--;
	memcpy(out, p, len);
	return len;
}

bool key_is_clean(const char *s, size_t n)
{
	if (n == 0 || n > RECORD_KEY_MAX || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (size_t i = 1; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '_') {
			if (s[i - 1] == '_' || i == n - 1)
				return false;
		} else if (!is_lower_or_digit(c)) {
			return false;
		}
	}
	return true;
}
