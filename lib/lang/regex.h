/* regex.h - PCRE2 behind one small interface (the only user of pcre2.h).
 *
 * Patterns are compiled once, JIT-compiled where the platform allows, and
 * matched with reused match data. Limits bound the work of every match
 * (match limit, depth limit, heap limit, JIT stack, pattern length and
 * nesting) so that a hostile pattern or subject ends with an error in
 * bounded time instead of hanging: regex_exec() then returns -1.
 *
 * Ownership: struct regex owns its code, match data and JIT stack.
 */
#ifndef DCR_REGEX_H
#define DCR_REGEX_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

enum {
	REGEX_CASELESS = 1,	/* flag i */
	REGEX_EXTENDED = 2,	/* flag x */
	REGEX_DOTALL = 4,	/* flag s */
	REGEX_ANCHORED = 8	/* match at the start only (pattern files) */
};

/* Longest pattern accepted, in bytes. */
#define REGEX_MAX_PATTERN 65536

struct regex_error {
	char msg[256];	 /* PCRE2's message, or ours */
	size_t offset;	 /* 0-based offset in the pattern */
};

struct regex;

struct regex *regex_compile(const char *pat, size_t n, unsigned flags,
			    struct regex_error *err);

/* Match s[0..n). 1: matched, and when groups is not NULL groups[0..ng)
 * receive capture 0..ng-1 (p == NULL for an unset group); 0: no match;
 * -1: error (a limit was hit), regex_errmsg() says which. */
int regex_exec(struct regex *re, const char *s, size_t n,
	       struct slice *groups, size_t ng);

/* Number of capture groups, not counting group 0. */
size_t regex_ngroups(const struct regex *re);
/* Name of capture group i (1-based), or NULL when it has none. */
const char *regex_group_name(const struct regex *re, size_t i);

const char *regex_errmsg(const struct regex *re);

void regex_free(struct regex *re);

#endif
