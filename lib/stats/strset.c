/* strset.c - adding to string sets, growing them, and their sorted order. */
#include "stats/strset.h"

#include <stdlib.h>

#include "base/hash.h"
#include "base/xmalloc.h"

void strset_free(struct strset *s)
{
	free(s->slots);
	memset(s, 0, sizeof *s);
}

/* Move the slots into a table of cap slots (a power of two). */
static void rehash(struct strset *s, uint32_t cap)
{
	uint32_t old = s->slots ? s->mask + 1 : 0;
	struct strset_slot *slots = xcalloc(cap, sizeof *slots);
	for (uint32_t i = 0; i < old; i++) {
		if (!s->slots[i].s)
			continue;
		uint32_t j = s->slots[i].hash & (cap - 1);
		while (slots[j].s)
			j = (j + 1) & (cap - 1);
		slots[j] = s->slots[i];
	}
	free(s->slots);
	s->slots = slots;
	s->mask = cap - 1;
}

static void grow(struct strset *s)
{
	uint32_t old = s->slots ? s->mask + 1 : 0;
	if (old > UINT32_MAX / 2)
		abort(); /* 2^31 distinct values in one group: memory ran out first */
	rehash(s, old ? old * 2 : 8);
}

void strset_reserve(struct strset *s, uint64_t n)
{
	uint64_t cap = s->slots ? (uint64_t)s->mask + 1 : 8;
	while (n * 4 > cap * 3)
		cap *= 2;
	if (cap > (uint64_t)1 << 31)
		abort(); /* as in grow(): memory ran out first */
	if (!s->slots || cap > (uint64_t)s->mask + 1)
		rehash(s, (uint32_t)cap);
}

struct strset_slot *strset_add(struct strset *s, struct arena *a,
			       const char *v, size_t n, uint64_t h,
			       uint32_t count)
{
	if (!s->slots || (uint64_t)(s->n + 1) * 4 > (uint64_t)(s->mask + 1) * 3)
		grow(s);
	uint32_t h32 = (uint32_t)h;
	uint32_t i = h32 & s->mask;
	for (;;) {
		struct strset_slot *sl = &s->slots[i];
		if (!sl->s) {
			if (n > UINT32_MAX)
				n = UINT32_MAX; /* cannot happen: records are shorter */
			uint32_t len = (uint32_t)n;
			char *p = arena_alloc(a, sizeof len + n);
			memcpy(p, &len, sizeof len);
			if (n)
				memcpy(p + sizeof len, v, n);
			sl->s = p;
			sl->hash = h32;
			sl->count = count;
			s->n++;
			return sl;
		}
		if (sl->hash == h32) {
			struct slice have = strset_str(sl);
			if (have.n == n && mem_eq(have.p, v, n)) {
				sl->count = count > UINT32_MAX - sl->count
						    ? UINT32_MAX
						    : sl->count + count;
				return sl;
			}
		}
		i = (i + 1) & s->mask;
	}
}

void strset_merge(struct strset *s, const struct strset *src)
{
	if (!src->slots)
		return;
	strset_reserve(s, (uint64_t)s->n + src->n);
	for (uint32_t k = 0; k <= src->mask; k++) {
		const struct strset_slot *e = &src->slots[k];
		if (!e->s)
			continue;
		struct slice v = strset_str(e);
		uint32_t i = e->hash & s->mask;
		for (;; i = (i + 1) & s->mask) {
			struct strset_slot *sl = &s->slots[i];
			if (!sl->s) {
				*sl = *e;
				s->n++;
				break;
			}
			if (sl->hash != e->hash)
				continue;
			struct slice have = strset_str(sl);
			if (have.n == v.n && mem_eq(have.p, v.p, v.n)) {
				sl->count = e->count > UINT32_MAX - sl->count
						    ? UINT32_MAX
						    : sl->count + e->count;
				break;
			}
		}
	}
}

static int cmp_slot(const void *a, const void *b)
{
	struct slice x = strset_str(*(struct strset_slot *const *)a);
	struct slice y = strset_str(*(struct strset_slot *const *)b);
	return slice_cmp(x, y);
}

struct strset_slot **strset_sorted(const struct strset *s, size_t *n)
{
	struct strset_slot **v = xcalloc(s->n ? s->n : 1, sizeof *v);
	size_t k = 0;
	if (s->slots)
		for (uint32_t i = 0; i <= s->mask; i++)
			if (s->slots[i].s)
				v[k++] = &s->slots[i];
	qsort(v, k, sizeof *v, cmp_slot);
	*n = k;
	return v;
}
