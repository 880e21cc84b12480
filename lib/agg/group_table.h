/* group_table.h - dcr-agg's open-addressing hash table from a group's key
 * bytes to its group; linear probing, at most half full.
 *
 * Ownership: a group_table owns only its slot array: keys and values it
 * stores belong to the caller (the groupby's arena).
 */
#ifndef DCR_GROUP_TABLE_H
#define DCR_GROUP_TABLE_H

#include <stddef.h>
#include <stdint.h>

struct group_table_slot {
	uint64_t hash;
	const char *key; /* NULL: empty slot */
	size_t klen;
	void *val;
};

struct group_table {
	struct group_table_slot *slots;
	size_t mask, n;
};

void group_table_init(struct group_table *t);
void group_table_free(struct group_table *t);
/* The slot holding key, or the empty slot where it belongs. To add, fill
 * key (a copy that outlives the table), klen, hash and val, then call
 * group_table_added() before the next lookup (it may move the slots). */
struct group_table_slot *group_table_lookup(struct group_table *t,
					    const char *key, size_t n,
					    uint64_t h);
void group_table_added(struct group_table *t);

#endif
