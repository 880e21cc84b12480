/* group_table.c - insertion and growth of the group table. */
#include "agg/group_table.h"

#include <stdlib.h>

#include "base/xmalloc.h"

void group_table_init(struct group_table *t, size_t n)
{
	size_t size = 256;
	while (size / 2 < n)
		size = size_mul(size, 2);
	t->mask = size - 1;
	t->n = 0;
	t->limit = GROUP_TABLE_MAX;
	t->slots = xcalloc(t->mask + 1, sizeof *t->slots);
}

void group_table_free(struct group_table *t)
{
	free(t->slots);
	t->slots = NULL;
	t->mask = t->n = 0;
}

bool group_table_insert(struct group_table *t,
			const struct group_table_probe *p, size_t index)
{
	if (t->n >= t->limit || index >= GROUP_TABLE_MAX)
		return false;
	t->slots[p->i].tag = p->tag;
	t->slots[p->i].idx = (uint32_t)(index + 1);
	t->n++;
	return true;
}

bool group_table_grow(struct group_table *t)
{
	/* At most half full: short probe sequences. */
	if (t->n * 2 <= t->mask + 1)
		return false;
	size_t size = size_mul(t->mask + 1, 2);
	free(t->slots);
	t->slots = xcalloc(size, sizeof *t->slots);
	t->mask = size - 1;
	t->n = 0;
	return true;
}

void group_table_put(struct group_table *t, uint64_t h, size_t index)
{
	struct group_table_probe p;
	group_table_start(t, h, &p);
	while (t->slots[p.i].idx)
		p.i = (p.i + 1) & t->mask;
	t->slots[p.i].tag = p.tag;
	t->slots[p.i].idx = (uint32_t)(index + 1);
	t->n++;
}
