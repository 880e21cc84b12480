/* join.h - dcr-join's work on one record: find its table entry by the
 * --on keys and append the chosen fields of it and the derived values.
 *
 *     facility=a place_type=smoke peak=3
 *  -> facility=a place_type=smoke peak=3 places=16 utilisation_pct=19
 *
 * A record outside --if, or without an entry, is written unchanged;
 * join_record() says which. The keys it may add are declared first
 * (keydecl.h) whenever an output record may lack one: decided from the
 * options and the table before any record is read, so that the output
 * streams (a record outside --if or without an entry, a derived value
 * that is absent, an entry without a field, may each lack one).
 *
 * Ownership: a join owns its table, key lists, --if expression and
 * derived values; join_free() releases them.
 */
#ifndef DCR_JOIN_H
#define DCR_JOIN_H

#include <stdbool.h>
#include <stdint.h>

#include "join/jtable.h"
#include "lang/derive.h"
#include "lang/expr.h"
#include "record/keycheck.h"

struct join {
	struct jtable table;
	struct keylist on, fields;  /* --on, --fields (all when empty) */
	struct expr *cond;	    /* --if, or NULL */
	struct derive **d;	    /* --derive, in order */
	size_t nd;
	bool strict;
	uint64_t looked, unmatched; /* records looked up, and without entry */
	/* private */
	struct keylist vars;	    /* the keys the derived values read */
	double *vals;
	bool *present;
	struct buf key, scratch;
};

enum join_result {
	JOIN_JOINED,	/* written with the entry's fields */
	JOIN_PASSED,	/* written unchanged: outside --if, or no entry */
	JOIN_REFUSED,	/* not written; *why says why (no key's value) */
};

/* --derive DEF: compile it; a bad expression is a usage error. */
void join_add_derive(struct join *j, const char *src);
/* After jtable_load(): choose the fields, check them and the derived
 * values against the table (usage errors with a suggestion), and name
 * the keys read from the input to kc. */
void join_setup(struct join *j, struct keycheck *kc);
/* Append r (its line when canonical) to out, joined or not. */
enum join_result join_record(struct join *j, const struct record *r,
			     struct slice line, struct buf *out,
			     const char **why);
/* True when an output record may lack a key the join adds. */
bool join_may_lack(const struct join *j);
/* Append the declaration of the input's declared keys and, when
 * join_may_lack(), of the added ones; nothing when there is none. */
void join_declare(const struct join *j, const struct keylist *declared,
		  struct buf *out);
void join_free(struct join *j);

#endif
