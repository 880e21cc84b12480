/* pattern.h - pattern files for free-text logs (dcr-patterns(5)).
 *
 *     include time                       # a library file, see below
 *     define CLIENT K[0-9A-F]{7}         # a named sub-pattern
 *     rule door_in                       # rules are tried in order
 *     match %{DATETIME:time} door %{WORD:door}: client %{CLIENT:client} in
 *     set event=check_in                 # constant fields
 *     time time %Y-%m-%d %H:%M:%S        # the rule's time key and format
 *     sample 2024-03-01 09:14:22 door front: client K7F3A9E2 in
 *     expect time="2024-03-01 09:14:22" door=front client=K7F3A9E2 event=check_in
 *
 * %{NAME} stands for the sub-pattern as a non-capturing group, %{NAME:key}
 * for a named group whose text becomes key. A rule's regex (PCRE2 syntax)
 * must match the whole line; the first rule that matches gives the record:
 * its named groups that took part in the match, in the order of the
 * pattern, then its constant fields. A rule marked "skip" drops the lines
 * it matches.
 *
 * Every error of a file (an unknown directive, a sub-pattern not defined,
 * a PCRE2 error with its offset in the pattern, a group name that is not a
 * key, a bad time format) is reported as "FILE:LINE: ..." when the file is
 * loaded, before any input is read.
 *
 * `include NAME` looks for NAME and NAME.patterns in the including file's
 * directory, then in each directory of $DCR_PATTERN_PATH (':'-separated),
 * then in ../share/dcr/patterns and ../share/patterns next to the
 * program, then in DCR_PATTERN_DIR. A file is loaded once however often
 * it is included.
 *
 * Ownership: a struct pattern_set owns everything loaded into it and the
 * scratch space of matching; pairs handed out point into the matched line
 * and into the rules' constant strings.
 */
#ifndef DCR_PATTERN_H
#define DCR_PATTERN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "parse/pairs.h"

struct pattern_sample;
struct regex;

#ifndef DCR_PATTERN_DIR
#define DCR_PATTERN_DIR "/usr/local/share/dcr/patterns"
#endif

struct pattern_rule {
	char *name;
	const char *file;	/* as loaded (owned by the set) */
	unsigned line;
	const char *time_key;	/* NULL: none; the command's --time applies */
	const char *time_format; /* NULL: read by shape (stamp.h) */
	bool skip;
	/* private */
	struct regex *re;
	bool match_seen;	/* a match line, even one in error */
	char **keys;		/* per group 1..ngroups: key or NULL */
	size_t ngroups;
	char **ck, **cv;	/* constant fields */
	size_t *ckn, *cvn, nconst;
	struct pattern_sample *samples;
	size_t nsamples;
	const char *set_file;
	unsigned set_line;
};

struct pattern_set;

struct pattern_set *patterns_new(void);
void patterns_free(struct pattern_set *ps);

/* Load a pattern file (and what it includes), reporting each error.
 * Returns false when there was any. */
bool patterns_load(struct pattern_set *ps, const char *path);

/* Number of rules loaded. */
size_t patterns_nrules(const struct pattern_set *ps);

enum pattern_result {
	PAT_MATCH,	/* out holds the fields of *rule */
	PAT_SKIP,	/* matched by a skip rule */
	PAT_NOMATCH,
	PAT_ERROR	/* a PCRE2 limit was hit: *why */
};

/* Match the line (valid UTF-8, no LF; a trailing CR is ignored). */
enum pattern_result pattern_match(struct pattern_set *ps, const char *s,
				  size_t n, struct pairs *out,
				  const struct pattern_rule **rule,
				  const char **why);

/* --check: verify every sample (and that every rule has one), reporting
 * each failure as FILE:LINE; append one summary line per loaded file to
 * summary. Returns the number of failures. Times are read in the zone of
 * tz_set(). */
size_t patterns_check(struct pattern_set *ps, struct buf *summary);

#endif
