/* strset.h - sets of strings with counts, for dcr-agg's exact distinct
 * and mode: an open-addressing table of length-prefixed strings.
 *
 * Ownership: a strset owns its slot array; its strings live in the arena
 * passed to strset_add(), which must outlive the set.
 */
#ifndef DCR_STRSET_H
#define DCR_STRSET_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"

struct strset_slot {
	const char *s;	/* length-prefixed (uint32_t) bytes in the arena */
	uint32_t hash;	/* low bits of the value's hash */
	uint32_t count;	/* times added (saturates at UINT32_MAX) */
};

struct strset {
	struct strset_slot *slots;
	uint32_t mask, n;
};

/* A zeroed struct strset is an empty set. */
void strset_free(struct strset *s);
/* Add v (count times), h being its hash_bytes(), and return its slot. */
struct strset_slot *strset_add(struct strset *s, struct arena *a,
			       const char *v, size_t n, uint64_t h,
			       uint32_t count);

static inline struct slice strset_str(const struct strset_slot *sl)
{
	uint32_t n;
	memcpy(&n, sl->s, sizeof n);
	return slice_of(sl->s + sizeof n, n);
}

/* Merge src into s: counts add up; a string s does not hold yet is not
 * copied, its slot refers to src's bytes, so src's arena must live as long
 * as s's (the same arena, or one adopted into it). */
void strset_merge(struct strset *s, const struct strset *src);

/* Make room for n strings in all without growing on the way. Merging a
 * set into another slot by slot must reserve first: the source's slots
 * come in the order of their hashes' low bits, which piles them into one
 * run of a smaller table and makes every later insert probe that run. */
void strset_reserve(struct strset *s, uint64_t n);

/* The occupied slots, sorted bytewise by string, in a new array the caller
 * frees; *n receives their number. */
struct strset_slot **strset_sorted(const struct strset *s, size_t *n);

#endif
