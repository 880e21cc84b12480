/* groupby.h - dcr-agg's groups: keys from fields and time buckets, a hash
 * table on the key bytes, and the order of groups in the output.
 *
 *     -g facility,ts:day          facility=nl-ams-01 day=2024-03-01
 *     -g ts:week,ts:hod           week=2024-W09 hod=14
 *     -g start_day=start:day      a bucket of another time field, named
 *     -g b=band:age(birth_year):20,30,40
 *                                 b=20-29: a numeric band (band.h) of an
 *                                 integer field, or of the calendar year
 *                                 of ts less it (an age)
 *
 * A record's key is built once into a scratch buffer (one tag byte per key,
 * then the value's length and bytes), hashed once, and looked up; a new
 * group copies it into the arena with its zeroed aggregate state. Time
 * buckets are computed by timefmt.h in the zone chosen with tz_set(); the
 * label of the last minute seen is kept, since log records come in bursts.
 *
 * A record without one of the key fields (or without ts, for an age)
 * belongs to no group and is skipped, as in Miller; a time field that is
 * not a time stamp, and a banded field that is not an integer, are skipped
 * too, and reported (an error with --strict).
 *
 * Ownership: struct groupby owns its key definitions, table, arena (group
 * keys and states) and list of groups.
 */
#ifndef DCR_GROUPBY_H
#define DCR_GROUPBY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agg/band.h"
#include "agg/group_table.h"
#include "base/arena.h"
#include "base/buf.h"
#include "record/keycheck.h"
#include "record/record.h"
#include "time/timefmt.h"

struct gkey {
	char *name;	/* output key */
	char *field;	/* input key */
	size_t flen;
	size_t hint;	/* where it was in the last record (hint.h) */
	bool bucketed;
	struct bucket b;
	bool banded;	/* band:FIELD:EDGES */
	bool age;	/* band:age(FIELD):EDGES, ts's year less FIELD */
	struct band band;
	size_t ts_hint;
	/* the last label, valid for one minute from cache_min */
	int64_t cache_min;
	char label[TIME_BUFSZ];
	size_t llen;
	struct time_day_cache day; /* of the stamps read (timefmt.h) */
	uint64_t bad_time;
	uint64_t bad_int;	/* banded values that were not integers */
};

/* A group is one block of the arena, with no pointers: this header, its
 * aggregate state (agg_state_size() bytes, 8-aligned) and its encoded key
 * bytes. 32 bytes for a count and a 13-byte key. */
struct group {
	uint32_t id;	/* creation index (the sort's numbers) */
	uint32_t klen;	/* key bytes, after the state */
};

static inline char *group_state(const struct group *gr)
{
	return (char *)(uintptr_t)(gr + 1);
}

struct groupby {
	struct gkey *keys;
	size_t nkeys;
	struct group_table tab;
	struct arena arena;
	struct group **groups;	/* in order of creation */
	size_t n, cap;
	size_t state_size;
	bool strict;
	struct buf key, scratch;
	/* after groupby_sort, per group id and key: whether the value is a
	 * number, and that number */
	bool *sort_isnum;
	double *sort_num;
};

void groupby_init(struct groupby *g);
/* Name the input keys of -g to the unknown-key check. */
void groupby_name_keys(const struct groupby *g, struct keycheck *kc);
/* Parse -g: "[NAME=]FIELD[:UNIT]" and "[NAME=]band:FIELD:E1,E2,..."
 * items, comma-separated (the integers after a band are its edges); dies
 * with a usage error. With plain true, only plain key names (--merge). */
void groupby_parse(struct groupby *g, const char *arg, bool plain);
/* Before the first group: the size of each group's state. */
void groupby_start(struct groupby *g, size_t state_size, bool strict);

/* The group of a record (created when new), or NULL when the record lacks
 * a key field or has no valid time for a bucket. */
struct group *groupby_intern(struct groupby *g, const struct record *r,
			     const char *file, uint64_t line);

/* The group with these key bytes (as another groupby of the same -g made
 * them), created when new. */
struct group *groupby_intern_key(struct groupby *g, const char *key,
				 size_t klen);

/* The same, for a key whose hash groupby_hash() gave: h = the hash of the
 * key bytes, as another groupby of the same -g made them. */
struct group *groupby_intern_hashed(struct groupby *g, const char *key,
				    size_t klen, uint64_t h);
/* The hash of a group's key. */
uint64_t groupby_hash(const struct groupby *g, const struct group *gr);

/* The hashes of the groups of from, GROUPBY_AHEAD ahead of the one being
 * put into into (the same groupby, when its table is rebuilt), each slot
 * asked of memory early: a random slot is a cache miss, and the misses of
 * several keys overlap. groupby_ahead_start() at group j, then
 * groupby_ahead_next() for j, j + 1, ... in turn gives each one's hash. */
enum { GROUPBY_AHEAD = 8 };
struct groupby_ahead {
	uint64_t h[GROUPBY_AHEAD];
};
void groupby_ahead_start(struct groupby_ahead *a, const struct groupby *into,
			 const struct groupby *from, size_t j);
uint64_t groupby_ahead_next(struct groupby_ahead *a, const struct groupby *into,
			    const struct groupby *from, size_t j);

/* The encoded key bytes of a group (gr->klen of them). */
static inline const char *groupby_key(const struct groupby *g,
				      const struct group *gr)
{
	return group_state(gr) + g->state_size;
}

/* Move every group of src (and its table) into dst, which has none yet:
 * both made from the same -g and state size. The states stay as they
 * are, so they must belong to dst's aggregates (agg_take_state's rule). */
void groupby_adopt(struct groupby *dst, struct groupby *src);
/* Free the table while the groups are only read in order; a group added
 * later rebuilds it. */
void groupby_drop_table(struct groupby *g);
/* The groups before the j-th (creation order, j < g->n) will not be read
 * again, nor their states freed: release the memory that holds only
 * them. No table (groupby_drop_table), and g->groups keeps their old
 * addresses, which are not to be used. */
void groupby_release_before(struct groupby *g, size_t j);

/* True when a key depends on the --tz zone: a time bucket or an age. */
bool groupby_uses_zone(const struct groupby *g);

/* The value of key i of a group; false when absent. */
bool groupby_key_value(const struct groupby *g, const struct group *gr,
		       size_t i, struct slice *v);

/* Sort g->groups by their keys: key by key, absent first, then numbers in
 * numeric order, then other values bytewise; a key whose every value is a
 * band label (band_rank) in the order of the bands. */
void groupby_sort(struct groupby *g);
/* Compare two groups as groupby_sort does (after groupby_sort), by all
 * keys or by key i alone. */
int groupby_cmp(const struct groupby *g, const struct group *a,
		const struct group *b);
int groupby_cmp_key(const struct groupby *g, const struct group *a,
		    const struct group *b, size_t i);

/* Append "k=v" pairs of the present keys, space-separated (no leading or
 * trailing space); returns the number written. */
size_t groupby_put_keys(const struct groupby *g, const struct group *gr,
			struct buf *out);

/* Add src's counts of time fields that were not time stamps, and of
 * banded fields that were not integers, to dst's. */
void groupby_merge_report(struct groupby *dst, const struct groupby *src);
/* Report keys whose time field was not a time stamp, or whose banded
 * field not an integer (not an error). */
void groupby_report(const struct groupby *g);

void groupby_free(struct groupby *g);

#endif
