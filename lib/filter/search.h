/* search.h - find any of a few literals in a large block of lines, as
 * grep does.
 *
 * Candidates are positions where two rare bytes of a literal sit at the
 * right distance, compared 32 or 16 positions at a time (AVX2 or SSE2;
 * memchr on the rarest byte elsewhere), then checked with memcmp. Which
 * bytes are rare is learnt from a sample of the data.
 *
 * Ownership: struct search points at the literals, which the caller keeps
 * alive; it allocates nothing.
 */
#ifndef DCR_SEARCH_H
#define DCR_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* At most this many literals at once. */
#define SEARCH_MAX 16

struct needle {
	const char *p;
	size_t n;
	size_t i1, i2;		/* offsets of its two rarest bytes */
	int one;		/* i1's byte is so rare that it alone will do */
};

struct search {
	struct needle nd[SEARCH_MAX];
	size_t n;
	size_t reach;		/* the largest i1 or i2 */
};

/* lits[0..n): 1 <= n <= SEARCH_MAX literals, none empty. Rare bytes are
 * guessed from a fixed table until search_tune() sees a sample. */
void search_init(struct search *s, const struct slice *lits, size_t n);

/* Choose the rarest bytes by their frequency in sample[0..n). */
void search_tune(struct search *s, const char *sample, size_t n);

/* The first position in [p, end) where one of the literals starts and
 * ends before end, or NULL. */
const char *search_find(const struct search *s, const char *p,
			const char *end);

/* The number of '\n' bytes in p[0..n). */
uint64_t search_count_nl(const char *p, size_t n);

#endif
