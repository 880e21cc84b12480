/* hash.h - hashing bytes, arena allocation, and two open-addressing tables
 * for dcr-agg: groups keyed by their key bytes, and sets of strings with
 * counts (exact distinct, mode).
 *
 * Ownership: an arena owns every block it hands out; arena_free() releases
 * them all at once (nothing is freed one by one). A gtab owns only its slot
 * array: keys and values it stores belong to the caller (usually an arena).
 * An sset owns its slot array; its strings live in the arena passed to
 * sset_add(), which must outlive the set.
 */
#ifndef DCR_HASH_H
#define DCR_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/buf.h"

/* A 64-bit hash of n bytes, well mixed in every bit; the same on every
 * machine (partial states store HyperLogLog hashes). */
uint64_t hash_bytes(const void *p, size_t n, uint64_t seed);

/* a[0..n) == b[0..n), inline: keys and values are short, and a call to
 * memcmp costs more than comparing them. */
static inline bool mem_eq(const char *a, const char *b, size_t n)
{
	uint64_t x, y;
	if (n >= 8) {
		size_t i = 0;
		for (; i + 8 <= n; i += 8) {
			memcpy(&x, a + i, 8);
			memcpy(&y, b + i, 8);
			if (x != y)
				return false;
		}
		memcpy(&x, a + n - 8, 8);
		memcpy(&y, b + n - 8, 8);
		return x == y;
	}
	if (n >= 4) {
		uint32_t u, v, w, z;
		memcpy(&u, a, 4);
		memcpy(&v, b, 4);
		memcpy(&w, a + n - 4, 4);
		memcpy(&z, b + n - 4, 4);
		return u == v && w == z;
	}
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* ---- arena ---- */

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	char *p;       /* free space in the head chunk */
	size_t left;
	size_t total;  /* bytes obtained from malloc, for statistics */
};

void arena_init(struct arena *a);
/* n bytes aligned to 16, uninitialised; never NULL. */
void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
void arena_free(struct arena *a);

/* ---- groups: key bytes -> value ---- */

struct gtab_slot {
	uint64_t hash;
	const char *key; /* NULL: empty slot */
	size_t klen;
	void *val;
};

struct gtab {
	struct gtab_slot *slots;
	size_t mask, n;
};

void gtab_init(struct gtab *t);
void gtab_free(struct gtab *t);
/* The slot holding key, or the empty slot where it belongs. To add, fill
 * key (a copy that outlives the table), klen, hash and val, then call
 * gtab_added() before the next lookup (it may move the slots). */
struct gtab_slot *gtab_lookup(struct gtab *t, const char *key, size_t n,
			      uint64_t h);
void gtab_added(struct gtab *t);

/* ---- string sets with counts ---- */

struct sset_slot {
	const char *s;	/* length-prefixed (uint32_t) bytes in the arena */
	uint32_t hash;	/* low bits of the value's hash */
	uint32_t count;	/* times added (saturates at UINT32_MAX) */
};

struct sset {
	struct sset_slot *slots;
	uint32_t mask, n;
};

/* A zeroed struct sset is an empty set. */
void sset_free(struct sset *s);
/* Add v (count times) and return its slot. */
struct sset_slot *sset_add(struct sset *s, struct arena *a, const char *v,
			   size_t n, uint64_t h, uint32_t count);

static inline struct slice sset_str(const struct sset_slot *sl)
{
	uint32_t n;
	memcpy(&n, sl->s, sizeof n);
	return slice_of(sl->s + sizeof n, n);
}

/* The occupied slots, sorted bytewise by string, in a new array the caller
 * frees; *n receives their number. */
struct sset_slot **sset_sorted(const struct sset *s, size_t *n);

#endif
