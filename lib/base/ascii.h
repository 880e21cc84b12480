/* ascii.h - the character classes of dcr's grammars, independent of locale.
 *
 * The record format, the languages and the dialects all mean ASCII when they
 * say blank or digit; <ctype.h> would ask the locale (and takes an int that
 * must not be a negative char). Owns nothing: pure functions on bytes.
 */
#ifndef DCR_ASCII_H
#define DCR_ASCII_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

/* A blank separates words on a line: space or tab. */
static inline bool ascii_is_blank(char c) { return c == ' ' || c == '\t'; }

/* White space as C's isspace() in the "C" locale: blanks and line breaks. */
static inline bool ascii_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static inline bool ascii_is_digit(char c) { return c >= '0' && c <= '9'; }

/* p[0..n) without its leading and trailing blanks. */
static inline struct slice ascii_trim(const char *p, size_t n)
{
	while (n && ascii_is_blank(*p))
		p++, n--;
	while (n && ascii_is_blank(p[n - 1]))
		n--;
	return slice_of(p, n);
}

#endif
