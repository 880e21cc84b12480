/* arena.h - allocation in large chunks, released all at once: the keys and
 * states of dcr-agg's groups and the strings of its sets.
 *
 * Ownership: an arena owns every block it hands out; arena_free() releases
 * them all at once (nothing is freed one by one).
 */
#ifndef DCR_ARENA_H
#define DCR_ARENA_H

#include <stddef.h>

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
/* n bytes aligned to 8 only, uninitialised: small blocks of 8-byte
 * members (dcr-agg's groups) lose less to padding. */
void *arena_alloc8(struct arena *a, size_t n);
void arena_free(struct arena *a);
/* Free the blocks allocated before the chunk that holds p, a block of a
 * (what was allocated in the chunk of p, or after it, stays): for an
 * arena whose blocks are read once, in order, and then dropped. The
 * arena must not have adopted another. */
void arena_free_before(struct arena *a, const void *p);
/* Move every block of src into dst (src becomes empty): what was allocated
 * in src lives as long as dst. */
void arena_adopt(struct arena *dst, struct arena *src);

#endif
