/* expr.h - the condition language of dcr-filter (and of dcr-agg's
 * "OP:FIELD if COND"): parse once into a tree, evaluate per record.
 *
 *     event == session_start and (route in (inject, smoke) or has(incident_type))
 *     duration_s >= 600 && client ~ /^K[0-9A-F]{7}$/i
 *
 * See dcr-filter(1) for the grammar. Comparisons are numeric when both
 * sides are numbers, chronological when both are canonical time stamps,
 * bytewise otherwise; a missing key makes every comparison false except
 * "!=" (true) and "!~" (true).
 *
 * Ownership: struct expr owns its tree, compiled regexes and scratch
 * space; expr_free() releases them. An expr is used by one thread.
 */
#ifndef DCR_EXPR_H
#define DCR_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record/record.h"

struct expr;

struct expr_error {
	char msg[256];	/* what was expected, or PCRE2's message */
	size_t col;	/* 0-based byte offset in the source text */
};

/* Compile src; NULL with *err filled on a syntax or regex error. */
struct expr *expr_compile(const char *src, struct expr_error *err);

/* AND two expressions into one (either may be NULL); takes ownership. */
struct expr *expr_and(struct expr *a, struct expr *b);

/* 1 true, 0 false, -1 error (a regex hit its match or depth limit):
 * expr_errmsg() says what. */
int expr_eval(struct expr *e, const struct record *r);
const char *expr_errmsg(const struct expr *e);

/* A literal that every line matching e must contain (for a memmem
 * prefilter over whole blocks), or a slice with p == NULL when there is
 * none. For "route == inject" it is "route=inject". */
struct slice expr_required_literal(const struct expr *e);

/* The key of the required literal when the literal holds a value
 * ("route" for "route=inject"): a line that is valid but not canonical
 * may write that value quoted and escaped (route="inj\u0065ct"), so a
 * prefilter must also take the lines containing KEY=" as candidates.
 * p == NULL when the literal holds no value or there is none. */
struct slice expr_literal_key(const struct expr *e);

/* The one key that every test of e reads, when there is exactly one (as
 * in "client ~ /^K7/" or "n > 5 and n < 9"): e can then be decided from
 * that key's value alone (a record of one field, or none when the key is
 * missing). p == NULL otherwise. */
struct slice expr_single_key(const struct expr *e);

/* The literals for a prefilter, best guess first: each is a set of
 * alternatives, one of which every canonical line matching e contains
 * ("route=inject", or "route=smoke" | "route=sniff" for route in (smoke,
 * sniff)); the sets come from the tests ANDed at the top, so any one set
 * will do, and a prefilter may pick the rarest in its data. An
 * alternative's key is as for expr_literal_key. */
struct expr_literal {
	struct slice lit, key;
};
size_t expr_literal_count(const struct expr *e);
size_t expr_literal_alts(const struct expr *e, size_t i);
struct expr_literal expr_literal_at(const struct expr *e, size_t i, size_t j);

/* One test from parts, for options such as --eq KEY=VALUE: op is one of
 * "==" "!=" "<" "<=" ">" ">=" "~" (val is a PCRE2 pattern) or "has"
 * (val unused). The value is taken as it is, without quotes or escapes.
 * NULL with *err filled (col: offset in val) on a bad key or regex. */
struct expr *expr_test(const char *key, const char *op, const char *val,
		       size_t vlen, struct expr_error *err);

/* A chronological test of key against t (nanoseconds since the epoch, as
 * timefmt.h's dcr_time): op is ">=" or "<" (for --since and --until). A
 * value that is not an RFC 3339 time stamp makes it false. NULL on a bad
 * key or op. */
struct expr *expr_time(const char *key, const char *op, int64_t t);

/* Print a parse error as dcr-filter does: the expression, a caret under
 * the column, and the message, on stderr. */
void expr_report(const char *src, const struct expr_error *err);
/* expr_compile(), or on a parse error expr_report() and exit status 2 (a
 * usage error): for expressions given on the command line. */
struct expr *expr_compile_or_exit(const char *src);

void expr_free(struct expr *e);

#endif
