/* keycheck.h - the unknown-key check: a key named on the command line
 * that no record had is an error with a "did you mean" suggestion, so that
 * a typo never yields a plausible zero.
 *
 * A command names the keys it was given (keycheck_name), feeds every
 * record it reads (keycheck_record: nothing but a test once every named
 * key has been seen), and at the end of input asks keycheck_report. A
 * key counts as present when a record had it, when a plug-in source of
 * known keys (a --schema) declares it, when it was declared known
 * (keycheck_know), or when --allow-missing names it. With no record read
 * at all nothing is reported. Suggestions come only from the keys that
 * appeared, and the check names keys, never values.
 *
 * Ownership: a struct keycheck owns copies of every key given to it;
 * keycheck_free() releases them. A zeroed struct is a valid empty one.
 */
#ifndef DCR_KEYCHECK_H
#define DCR_KEYCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record/record.h"

struct keycheck_named {
	const char *opt; /* "-g", "-a": the option that named it (static) */
	char *key;
	size_t kn;
	bool seen;
};

struct keycheck {
	struct keycheck_named *named;
	size_t nnamed, unseen;
	char **allowed; /* --allow-missing */
	size_t nallowed;
	/* keys that appeared, while some named key is unseen: a hash set */
	char **seen;
	size_t nseen, seen_cap;
	uint64_t records;
	bool (*known)(const void *ctx, const char *k, size_t kn);
	const void *known_ctx;
};

/* A key named by option opt (a static string); '_' keys are not checked. */
void keycheck_name(struct keycheck *kc, const char *opt, const char *k,
		   size_t kn);
/* --allow-missing KEYS: comma-separated; dies with a usage error on an
 * invalid key. */
void keycheck_allow(struct keycheck *kc, const char *list);
/* A key known to exist although no record may have it. */
void keycheck_know(struct keycheck *kc, const char *k, size_t kn);
/* A plug-in source of known keys (the schema of --schema). */
void keycheck_known_by(struct keycheck *kc,
		       bool (*known)(const void *ctx, const char *k, size_t kn),
		       const void *ctx);

void keycheck_add(struct keycheck *kc, const struct record *r);
static inline void keycheck_record(struct keycheck *kc, const struct record *r)
{
	kc->records++;
	if (kc->unseen)
		keycheck_add(kc, r);
}
/* Merge what another check (a thread's) saw into kc. */
void keycheck_merge(struct keycheck *kc, const struct keycheck *other);
/* A copy of kc's named keys with nothing seen, for a thread. */
void keycheck_clone(struct keycheck *dst, const struct keycheck *src);

/* The most keys a suggestion names. */
#define KEYCHECK_NEAR_MAX 3

/* Would keycheck_report report named key i (kc->named[i]): unseen, not
 * allowed, not known? */
bool keycheck_lacks(const struct keycheck *kc, size_t i);
/* The keys that appeared closest to named key i, closest first, into
 * near (pointers into kc, valid until the next change); their number. */
size_t keycheck_near(const struct keycheck *kc, size_t i,
		     const char *near[KEYCHECK_NEAR_MAX]);

/* At the end of input: report each named key no record had, as
 * "PROG: OPT: no record has the key 'K'; did you mean 'L'?"; false when
 * one was reported. */
bool keycheck_report(struct keycheck *kc);
/* The suggestion of keycheck_report for k among names (NULL entries and
 * '_' keys skipped), for keys known otherwise than from records (the
 * output keys of dcr-agg): "; did you mean 'L'?", or "" when none is
 * close. out holds 3 * (RECORD_KEY_MAX + 16) + 32 bytes or is cut. */
void keycheck_suggest(const char *k, size_t kn, const char *const *names,
		      size_t n, char *out, size_t outsz);
void keycheck_free(struct keycheck *kc);

#endif
