/* pairs.h - the fields of one input record while dcr-parse shapes it.
 *
 * Each input dialect (CSV, JSON lines, raw logfmt, pattern files) fills a
 * struct pairs with (key, value) slices in input order; reshape.c renames,
 * selects and adds keys; the record is then written with record_put_pair.
 * A slice points into the input line when the bytes can be used as they
 * are, or into the pairs' arena when they had to be decoded (a CSV cell
 * with doubled quotes, a JSON string with escapes, a flattened JSON key).
 *
 * The arena is made of blocks that never move, so a slice taken from it
 * stays valid while more is added; pairs_reset() makes all of it reusable
 * for the next record without freeing, so memory stays bounded by the
 * largest record.
 *
 * Ownership: struct pairs owns its array and arena blocks; pairs_free()
 * releases them. Keys and values may point into the caller's line, which
 * must outlive their use.
 */
#ifndef DCR_PAIRS_H
#define DCR_PAIRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

struct pair {
	const char *k, *v;
	uint32_t kn, vn;
	bool dropped; /* not written (--keep, --drop, or turned into ts) */
};

struct arena_block {
	char *p;
	size_t used, cap;
};

struct pairs {
	struct pair *p;
	size_t n, cap;
	/* private: the arena */
	struct arena_block *blk;
	size_t nblk, cur;
	uint32_t *seen; /* scratch of pairs_find_duplicate */
	size_t seen_cap;
	size_t *at;	/* where pair i starts in the line (pairs_note_at) */
	size_t at_cap;
};

void pairs_init(struct pairs *ps);
void pairs_free(struct pairs *ps);

/* Forget the pairs and the arena's contents, keeping the memory. */
void pairs_reset(struct pairs *ps);

void pairs_grow_(struct pairs *ps); /* private */

/* Append a pair; the slices are stored as given. */
static inline void pairs_add(struct pairs *ps, const char *k, size_t kn,
			     const char *v, size_t vn)
{
	if (ps->n == ps->cap)
		pairs_grow_(ps);
	struct pair *p = &ps->p[ps->n++];
	p->k = k;
	p->v = v;
	p->kn = (uint32_t)kn;
	p->vn = (uint32_t)vn;
	p->dropped = false;
}

/* Room for n bytes in the arena: write at most n bytes at the returned
 * pointer, then arena_commit() the number used. Nothing else may be
 * reserved in between. */
char *arena_reserve(struct pairs *ps, size_t n);
void arena_commit(struct pairs *ps, size_t used);
/* A copy of p[0..n) in the arena. */
const char *arena_copy(struct pairs *ps, const char *p, size_t n);

/* The first live (not dropped) pair with key k[0..kn), or NULL. */
struct pair *pairs_get(struct pairs *ps, const char *k, size_t kn);

/* Index of the first live pair whose key repeats an earlier live one, or
 * ps->n when all keys differ. */
size_t pairs_find_duplicate(struct pairs *ps);

/* Remember that the next pair added starts at byte at of the line. */
void pairs_note_at(struct pairs *ps, size_t at);
/* For readers that note where pairs start: NULL when no key repeats, else
 * "duplicate key", with *col set to where the repeat starts. The key is
 * never named: it may come from the data (a client code after a bad
 * header). */
const char *pairs_duplicate_error(struct pairs *ps, size_t *col);

#endif
