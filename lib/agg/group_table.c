/* group_table.c - lookup, insertion and growth of the group table. */
#include "agg/group_table.h"

#include <stdlib.h>

#include "base/hash.h"
#include "base/xmalloc.h"

void group_table_init(struct group_table *t)
{
	t->mask = 255;
	t->n = 0;
	t->slots = xcalloc(t->mask + 1, sizeof *t->slots);
}

void group_table_free(struct group_table *t)
{
	free(t->slots);
	t->slots = NULL;
	t->mask = t->n = 0;
}

struct group_table_slot *group_table_lookup(struct group_table *t,
					    const char *key, size_t n,
					    uint64_t h)
{
	size_t i = (size_t)h & t->mask;
	for (;;) {
		struct group_table_slot *s = &t->slots[i];
		if (!s->key)
			return s;
		if (s->hash == h && s->klen == n && mem_eq(s->key, key, n))
			return s;
		i = (i + 1) & t->mask;
	}
}

static void grow(struct group_table *t)
{
	size_t old = t->mask + 1;
	struct group_table_slot *slots = t->slots;
	t->mask = size_mul(old, 2) - 1;
	t->slots = xcalloc(t->mask + 1, sizeof *t->slots);
	for (size_t i = 0; i < old; i++) {
		if (!slots[i].key)
			continue;
		size_t j = (size_t)slots[i].hash & t->mask;
		while (t->slots[j].key)
			j = (j + 1) & t->mask;
		t->slots[j] = slots[i];
	}
	free(slots);
}

void group_table_added(struct group_table *t)
{
	/* At most half full: short probe sequences. */
	if (++t->n * 2 > t->mask + 1)
		grow(t);
}
