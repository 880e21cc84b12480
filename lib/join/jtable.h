/* jtable.h - the reference table of dcr-join: a small file of records,
 * one per value of the --on keys, held in memory and found by those
 * values.
 *
 * jtable_load() reads the whole file and dies (status 2, naming the file
 * and line, never a value) on a line that cannot be read, a record
 * without one of the --on keys, two records with the same values of
 * them, or more records than the limit: a table is a roster, and a
 * roster that is wrong must not be half applied.
 *
 * Ownership: a jtable owns copies of every key and (unescaped) value of
 * the file, in its arena, and its index; jtable_free() releases them.
 * Entries stay valid until then.
 */
#ifndef DCR_JTABLE_H
#define DCR_JTABLE_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "record/keylist.h"
#include "record/record.h"

/* One table record: its fields other than the --on keys. */
struct jtable_entry {
	uint64_t line;	       /* in the table file */
	const char *key;       /* the encoded --on values (jtable_key) */
	size_t keylen;
	size_t n;
	struct slice *k, *v;   /* n keys and their unescaped values */
};

struct jtable {
	const char *path;
	const struct keylist *on;
	struct jtable_entry *e;
	size_t n, cap;
	size_t *slot;	      /* open addressing: entry index + 1, 0 empty */
	size_t nslots;
	struct keylist keys;  /* every key of the file, in order first seen */
	struct arena arena;
};

/* Read path; on: the keys of --on (kept by pointer); at most max
 * records. Dies on any fault of the file (above). */
void jtable_load(struct jtable *t, const char *path, const struct keylist *on,
		 uint64_t max);

/* Encode r's values of the --on keys into key (reset first); false when
 * r lacks one of them (*missing: its index in on). scratch is for
 * unescaping. */
bool jtable_key(const struct keylist *on, const struct record *r,
		struct buf *key, struct buf *scratch, size_t *missing);

/* The entry with the encoded key, or NULL. */
const struct jtable_entry *jtable_find(const struct jtable *t, const char *key,
				       size_t n);

/* The value of key k in e, or NULL. */
const struct slice *jtable_value(const struct jtable_entry *e, const char *k,
				 size_t kn);

void jtable_free(struct jtable *t);

#endif
