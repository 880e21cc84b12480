/* project.h - dcr-filter's -k and -x: the keys of a record that are
 * written, and in which order.
 *
 * With -k KEYS only those keys are written, in that order; with -x KEYS
 * every key but those, in the record's order; with neither the record is
 * written whole, and a canonical line is copied as it is.
 *
 * Ownership: the projection owns its key lists and scratch buffer;
 * project_free() frees them.
 */
#ifndef DCR_PROJECT_H
#define DCR_PROJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "record/keylist.h"
#include "record/record.h"

struct project {
	struct keylist keep, drop; /* -k, -x: at most one of them */
	struct buf scratch;		/* for values written again */
};

/* Read a comma-separated KEYS argument of option opt ("-k", "-x") into
 * ks, replacing an earlier one; dies with a usage error on an invalid or
 * repeated key. */
void project_parse_keys(struct keylist *ks, const char *opt, const char *arg);

/* Append r (read from line) to b as projected, with its LF. Nothing is
 * appended when no key is kept: not a line, not a blank record. */
void project_write(struct project *pj, const struct record *r,
		   struct slice line, struct buf *b);

/* Append to b the declaration (keydecl.h) of the keys declared->k[from..]
 * that the projection writes, in its order; nothing when it writes none. */
void project_declaration(const struct project *pj,
			 const struct keylist *declared, size_t from,
			 struct buf *b);

void project_free(struct project *pj);

#endif
