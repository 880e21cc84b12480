/* literal.c - the literal set dcr-filter searches for, chosen on a sample. */
#include "filter/literal.h"

#include <stdint.h>
#include <string.h>

/* Occurrences of w in s[0..n), counting no further than limit. */
static size_t count_in(const char *s, size_t n, struct slice w, size_t limit)
{
	size_t count = 0;
	const char *p = s, *end = s + n;
	while (count <= limit && (p = memmem(p, (size_t)(end - p), w.p, w.n))) {
		count++;
		p++;
	}
	return count;
}

size_t literal_needles(struct literal *l, const struct expr *e, size_t i,
		       struct slice *nd)
{
	size_t n = 0, nq = 0;
	for (size_t j = 0; j < expr_literal_alts(e, i); j++) {
		struct expr_literal lit = expr_literal_at(e, i, j);
		nd[n++] = lit.lit;
		if (!lit.key.p)
			continue;
		bool seen = false;
		for (size_t q = 0; q < nq; q++)
			seen |= strncmp(l->quoted[q], lit.key.p, lit.key.n) == 0 &&
				l->quoted[q][lit.key.n] == '=';
		if (seen)
			continue;
		memcpy(l->quoted[nq], lit.key.p, lit.key.n);
		memcpy(l->quoted[nq] + lit.key.n, "=\"", 2);
		nd[n++] = slice_of(l->quoted[nq++], lit.key.n + 2);
	}
	return n;
}

void literal_choose(struct literal *l, const struct expr *e,
		    const char *sample, size_t n)
{
	if (n > ((size_t)1 << 20))
		n = (size_t)1 << 20;
	size_t best = 0, best_count = SIZE_MAX;
	struct slice nd[SEARCH_MAX];
	for (size_t i = 0; i < expr_literal_count(e); i++) {
		size_t k = literal_needles(l, e, i, nd), c = 0;
		for (size_t j = 0; j < k && c < best_count; j++)
			c += count_in(sample, n, nd[j], best_count);
		if (c < best_count) {
			best = i;
			best_count = c;
		}
	}
	size_t k = literal_needles(l, e, best, nd);
	search_init(&l->search, nd, k);
	search_tune(&l->search, sample, n);
}
