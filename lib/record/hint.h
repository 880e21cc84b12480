/* hint.h - finding a key in a record where it was last time.
 *
 * Records from one source keep their keys in one order, so remembering the
 * position where a key was found finds it again with one comparison; a
 * record in another order costs one scan, as record_get().
 *
 * Ownership: the hint is the caller's, one per key looked up.
 */
#ifndef DCR_HINT_H
#define DCR_HINT_H

#include <stddef.h>

#include "base/hash.h"
#include "record/record.h"

/* As record_get(), trying *hint first, and leaving in *hint where the key
 * was found. */
static inline const struct field *
record_get_hinted(const struct record *r, const char *key, size_t klen,
		  size_t *hint)
{
	size_t h = *hint;
	if (h < r->n && r->f[h].klen == klen && mem_eq(r->f[h].key, key, klen))
		return &r->f[h];
	for (size_t i = 0; i < r->n; i++)
		if (r->f[i].klen == klen && mem_eq(r->f[i].key, key, klen)) {
			*hint = i;
			return &r->f[i];
		}
	return NULL;
}

#endif
