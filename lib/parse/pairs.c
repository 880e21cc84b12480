/* pairs.c - the record under construction in dcr-parse, and its arena. */
#include "parse/pairs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"

/* Arena blocks hold many records' worth of decoded bytes; a bigger request
 * gets a block of its own size. */
enum { ARENA_BLOCK = 64 * 1024 };

void pairs_init(struct pairs *ps)
{
	memset(ps, 0, sizeof *ps);
}

void pairs_free(struct pairs *ps)
{
	for (size_t i = 0; i < ps->nblk; i++)
		free(ps->blk[i].p);
	free(ps->blk);
	free(ps->p);
	free(ps->seen);
	free(ps->at);
	memset(ps, 0, sizeof *ps);
}

void pairs_reset(struct pairs *ps)
{
	ps->n = 0;
	for (size_t i = 0; i < ps->nblk; i++)
		ps->blk[i].used = 0;
	ps->cur = 0;
}

void pairs_grow_(struct pairs *ps)
{
	ps->cap = ps->cap ? size_mul(ps->cap, 2) : 32;
	ps->p = xreallocarray(ps->p, ps->cap, sizeof *ps->p);
}

char *arena_reserve(struct pairs *ps, size_t n)
{
	/* Use the current block or a later one with room; blocks are kept in
	 * order, so earlier bytes of this record never move. */
	while (ps->cur < ps->nblk) {
		struct arena_block *b = &ps->blk[ps->cur];
		if (b->cap - b->used >= n)
			return b->p + b->used;
		ps->cur++;
	}
	ps->blk = xreallocarray(ps->blk, size_add(ps->nblk, 1), sizeof *ps->blk);
	struct arena_block *b = &ps->blk[ps->nblk++];
	b->cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
	b->p = xmalloc(b->cap);
	b->used = 0;
	ps->cur = ps->nblk - 1;
	return b->p;
}

void arena_commit(struct pairs *ps, size_t used)
{
	ps->blk[ps->cur].used += used;
}

const char *arena_copy(struct pairs *ps, const char *p, size_t n)
{
	char *d = arena_reserve(ps, n ? n : 1);
	if (n)
		memcpy(d, p, n);
	arena_commit(ps, n);
	return d;
}

struct pair *pairs_get(struct pairs *ps, const char *k, size_t kn)
{
	for (size_t i = 0; i < ps->n; i++) {
		struct pair *p = &ps->p[i];
		if (!p->dropped && p->kn == kn && memcmp(p->k, k, kn) == 0)
			return p;
	}
	return NULL;
}

static bool same_key(const struct pair *a, const struct pair *b)
{
	return a->kn == b->kn && memcmp(a->k, b->k, a->kn) == 0;
}

static uint32_t hash_key(const char *k, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 16777619u;
	return h;
}

size_t pairs_find_duplicate(struct pairs *ps)
{
	if (ps->n <= 16) {
		for (size_t i = 1; i < ps->n; i++) {
			if (ps->p[i].dropped)
				continue;
			for (size_t j = 0; j < i; j++)
				if (!ps->p[j].dropped && same_key(&ps->p[i], &ps->p[j]))
					return i;
		}
		return ps->n;
	}
	/* Wide records (JSON with many keys): open addressing on the keys. */
	size_t slots = 32;
	while (slots < ps->n * 2)
		slots = size_mul(slots, 2);
	if (ps->seen_cap < slots) {
		ps->seen = xreallocarray(ps->seen, slots, sizeof *ps->seen);
		ps->seen_cap = slots;
	}
	memset(ps->seen, 0, slots * sizeof *ps->seen);
	for (size_t i = 0; i < ps->n; i++) {
		if (ps->p[i].dropped)
			continue;
		size_t h = hash_key(ps->p[i].k, ps->p[i].kn) & (slots - 1);
		while (ps->seen[h]) {
			if (same_key(&ps->p[ps->seen[h] - 1], &ps->p[i]))
				return i;
			h = (h + 1) & (slots - 1);
		}
		ps->seen[h] = (uint32_t)(i + 1);
	}
	return ps->n;
}

void pairs_note_at(struct pairs *ps, size_t at)
{
	if (ps->n >= ps->at_cap) {
		ps->at_cap = ps->at_cap ? size_mul(ps->at_cap, 2) : 64;
		ps->at = xreallocarray(ps->at, ps->at_cap, sizeof *ps->at);
	}
	ps->at[ps->n] = at;
}

const char *pairs_duplicate_error(struct pairs *ps, size_t *col)
{
	size_t dup = pairs_find_duplicate(ps);
	if (dup >= ps->n)
		return NULL;
	/* The key itself is not named: after a bad header or a shifted
	 * export it may be data (a client code); its column says where. */
	*col = ps->at[dup];
	return "duplicate key";
}
