/* group_table.h - dcr-agg's open-addressing hash table from a group's key
 * to the group's index; linear probing, at most half full.
 *
 * A slot is 8 bytes: the high 32 bits of the key's 64-bit hash (a tag that
 * spares nearly every key comparison with another group) and the group's
 * index plus one (0: an empty slot). The table never sees a key: the
 * caller compares the key of each candidate the probe yields, and when the
 * table grows it puts every group back (group_table_put) with its hash
 * computed again from its key. Keeping neither keys nor full hashes keeps
 * ten million groups in a quarter of a GiB of slots.
 *
 * Ownership: a group_table owns only its slot array; the groups and their
 * keys belong to the caller.
 */
#ifndef DCR_GROUP_TABLE_H
#define DCR_GROUP_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Indexes are 32 bits, and index + 1 must fit in a slot. */
#define GROUP_TABLE_MAX ((size_t)UINT32_MAX)

struct group_table_slot {
	uint32_t tag; /* hash >> 32 */
	uint32_t idx; /* index + 1; 0: empty */
};

struct group_table {
	struct group_table_slot *slots;
	size_t mask, n;
	size_t limit; /* at most this many indexes (GROUP_TABLE_MAX) */
};

/* Where a lookup is in the table: the next slot to look at, and the tag. */
struct group_table_probe {
	size_t i;
	uint32_t tag;
};

/* Empty, with room for n indexes before it grows. */
void group_table_init(struct group_table *t, size_t n);
void group_table_free(struct group_table *t);

static inline void group_table_start(const struct group_table *t, uint64_t h,
				     struct group_table_probe *p)
{
	p->i = (size_t)h & t->mask;
	p->tag = (uint32_t)(h >> 32);
}

/* The next group whose tag is the key's: true and its index, or false at
 * the empty slot that ends the probe, which group_table_insert() fills. */
static inline bool group_table_next(const struct group_table *t,
				    struct group_table_probe *p, size_t *index)
{
	for (;;) {
		const struct group_table_slot *s = &t->slots[p->i];
		if (!s->idx)
			return false;
		p->i = (p->i + 1) & t->mask;
		if (s->tag == p->tag) {
			*index = (size_t)s->idx - 1;
			return true;
		}
	}
}

/* Fill the empty slot where group_table_next() stopped; false (nothing
 * stored) when the table already holds t->limit indexes. */
bool group_table_insert(struct group_table *t,
			const struct group_table_probe *p, size_t index);

/* After an insertion: when the table is more than half full it is made
 * twice as large and empty (the old slots freed first, so the two never
 * coexist), and true is returned: the caller must then group_table_put()
 * every index it had stored, each exactly once. */
bool group_table_grow(struct group_table *t);

/* Store an index whose key is in no other slot (no comparison). */
void group_table_put(struct group_table *t, uint64_t h, size_t index);

#endif
