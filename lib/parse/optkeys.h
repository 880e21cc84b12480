/* optkeys.h - the keys that dcr-parse's options name, checked against the
 * records read: a key of --map, --time, --decimal-comma, --keep or --drop
 * that no record had is a typo until shown otherwise, and fails the run at
 * the end of input rather than giving a plausible output (record/keycheck.h
 * words the error and its suggestions).
 *
 * Two checks, since the options speak of two stages of a record: a
 * --map FROM is a key as read from the input, the others are keys after
 * --map. So the keys of each record are fed as read (optkeys_read), and
 * once renamed (optkeys_renamed) both before its time is made, with the
 * time key still among them, and after, with the ts it became. A key counts as in a
 * record when its pair is there, an empty value included: an export's
 * column that is empty in every row still names its key.
 *
 * Known without a record: the keys of --allow-missing (a rename's FROM
 * and TO stand for each other), those --set gives, and the keys the schema
 * of --schema declares (after --map only). The --pseudonymize keys are
 * left to missing.h, which checks them file by file. With no record read
 * nothing is reported.
 *
 * Ownership: struct optkeys owns its checks; the reshape and the schema
 * stay the caller's.
 */
#ifndef DCR_OPTKEYS_H
#define DCR_OPTKEYS_H

#include <stdbool.h>

#include "parse/pairs.h"
#include "parse/reshape.h"
#include "parse/schema.h"
#include "record/keycheck.h"
#include "record/keylist.h"

struct optkeys {
	struct keycheck read;	 /* --map FROM: the keys as read */
	struct keycheck renamed; /* the other options: the keys after --map */
};

/* Name the keys of the options; time_keys are those of --time. */
void optkeys_init(struct optkeys *ok, const struct reshape *f,
		  const struct keylist *time_keys, const struct schema *schema);
/* A record as read, before --map. */
void optkeys_read(struct optkeys *ok, const struct pairs *p);
/* The same record after --map; again once its time is ts. */
void optkeys_renamed(struct optkeys *ok, const struct pairs *p);
/* At the end of the whole input: each named key no record had reported as
 * "dcr-parse: OPT: no record has the key 'K'; did you mean 'L'?"; false
 * when one was. */
bool optkeys_report(struct optkeys *ok);
void optkeys_free(struct optkeys *ok);

#endif
