/* missing.h - --pseudonymize KEYS: a file with records, none of which
 * holds one of the KEYS, is an error, and none of its records is written.
 *
 * Such a file is almost always read wrongly (an unmapped column, a header
 * named in Dutch, a dialect mistaken): its client codes would reach the
 * output as they are. So the records of each file are held in the output
 * buffer, unflushed, until every key has been seen in one of them; at the
 * end of a file still short of a key they are taken back out. The held
 * bytes are bounded (MISSING_HOLD_MAX): past that the file fails as well.
 * --allow-missing KEYS names keys a file may lack. The error names the
 * keys the file did have that look like a misspelt or mis-mapped KEY
 * (cli_ntcode for client); keys only, never a value.
 *
 * Ownership: struct missing owns copies of the keys seen; the key lists
 * belong to the caller (reshape.h) and must outlive it.
 */
#ifndef DCR_MISSING_H
#define DCR_MISSING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "parse/pairs.h"
#include "record/keylist.h"

#define MISSING_HOLD_MAX ((size_t)64 << 20)
#define MISSING_MAX_KEYS 64	/* pseudonymized keys checked */
#define MISSING_SEEN_MAX 256	/* distinct keys kept for suggestions */

struct missing {
	struct slice keys[MISSING_MAX_KEYS]; /* the --pseudonymize keys checked */
	size_t nkeys;
	bool seen[MISSING_MAX_KEYS];
	size_t unseen;			/* keys not yet seen in this file */
	size_t hold_from;		/* where this file's records start */
	uint64_t records;		/* records of this file */
	char **names;			/* keys this file had (while unseen) */
	size_t nnames;
};

/* Check the keys of keys less those of allow; m points into keys, which
 * must outlive it. */
void missing_init(struct missing *m, const struct keylist *keys,
		  const struct keylist *allow);
void missing_free(struct missing *m);

/* A new file whose records start at byte hold_from of the output. */
void missing_start(struct missing *m, size_t hold_from);
/* A record read (after --map): note which keys it holds. */
void missing_note(struct missing *m, const struct pairs *p);
/* A record of the file was written. */
static inline void missing_wrote(struct missing *m) { m->records++; }
/* True while the output must not be flushed. */
static inline bool missing_holding(const struct missing *m)
{
	return m->unseen > 0 && m->records > 0;
}
/* End of a file: true when it is fine; else the error is reported (keys
 * only) and the caller drops its records from hold_from on. */
bool missing_end(struct missing *m, const char *file, bool too_big);

#endif
