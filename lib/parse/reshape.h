/* reshape.h - shaping the records of dcr-parse: --map, --keep, --drop,
 * --pseudonymize, --set, and writing the result with ts first.
 *
 * The order, as dcr-parse(1) documents it: the keys read from the input
 * are renamed (--map, all at once: a=b,b=a swaps), then the values of
 * the --decimal-comma keys are written with a decimal point (num.h's
 * notation; a value not in it rejects the record), then the time key
 * becomes ts (stamp.h, done by the caller), then --keep and --drop select
 * among them (ts is kept by --keep unless --drop names it), then
 * --pseudonymize replaces the values of its keys by keyed pseudonyms
 * (pseudo.h; empty values stay empty), then --set
 * gives its keys their constant values (replacing a value read from the
 * input), then --src adds _src. The record is written ts first, then the
 * other keys in input order, then the --set keys that were not in it.
 *
 * Ownership: struct reshape owns copies of the option arguments.
 */
#ifndef DCR_RESHAPE_H
#define DCR_RESHAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "parse/pairs.h"
#include "record/keylist.h"
#include "record/record.h"

struct pseudo;

struct reshape_kv {
	char *k, *v;
	size_t kn, vn;
};

struct reshape {
	struct reshape_kv *map, *set;	/* map: k = from, v = to */
	size_t nmap, nset;
	struct keylist keep, drop, pseudo_keys, comma_keys, allow;
	struct keylist scale_keys;	/* --scale KEY=FACTOR: the keys */
	uint32_t *scale_by;		/* and each one's factor */
	struct pseudo *pseudo;		/* the key, once --key-file is read */
};

void reshape_init(struct reshape *f);
void reshape_free(struct reshape *f);

/* Option arguments; a malformed one is a usage error naming the option. */
void reshape_add_map(struct reshape *f, const char *arg); /* FROM=TO[,...] */
void reshape_add_set(struct reshape *f, const char *arg);	 /* KEY=VALUE */
void reshape_add_keep(struct reshape *f, const char *list); /* KEYS */
void reshape_add_drop(struct reshape *f, const char *list);
void reshape_add_pseudonymize(struct reshape *f, const char *list);
void reshape_add_decimal_comma(struct reshape *f, const char *list);
void reshape_add_scale(struct reshape *f, const char *arg); /* KEY=FACTOR */
/* --allow-missing KEYS: keys no record need have (optkeys.h), and that a
 * file may lack (missing.h). */
void reshape_add_allow_missing(struct reshape *f, const char *list);
/* Read the key for --pseudonymize; dies on a missing, open or short key. */
void reshape_set_key_file(struct reshape *f, const char *path);

/* True when any option above was given. */
bool reshape_any(const struct reshape *f);

/* Rename by --map; false when a key then appears twice, with *why naming
 * it (valid until the next call). */
bool reshape_rename(const struct reshape *f, struct pairs *p, const char **why);
/* Multiply the --scale values, after --decimal-comma (num.h's
 * num_scale_decimal: exact); false when one is not a plain decimal, with
 * why set. */
bool reshape_scale(const struct reshape *f, struct pairs *p, const char **why);
/* Rewrite the --decimal-comma values ("1.234,5" -> "1234.5"); false when
 * one is not in that notation, with *why naming the key (valid until the
 * next call). Empty values stay empty. */
bool reshape_decimal_comma(const struct reshape *f, struct pairs *p,
			  const char **why);
/* Mark the pairs --keep and --drop leave out. */
void reshape_select(const struct reshape *f, struct pairs *p);
/* Replace the values of the --pseudonymize keys by their pseudonyms. */
void reshape_pseudonymize(const struct reshape *f, struct pairs *p);
/* Give the --set keys their values. */
void reshape_add_constants(const struct reshape *f, struct pairs *p);

/* Append the live pairs as one record line (LF included); false, with
 * nothing written, when there are none. */
bool reshape_write(struct buf *out, const struct pairs *p);
/* The record of that line, without the line: fields in its order, with
 * their values as field_value() gives them (slices into the pairs). With
 * as_text, r is what record_parse() would make of the line, byte for byte
 * (for uses of the bytes as written: cell keys): a value written quoted
 * is then held escaped in scratch (reset first). The pairs and scratch
 * must outlive r's use. False when there are no live pairs. */
bool reshape_record(const struct pairs *p, struct record *r,
		    struct buf *scratch, bool as_text);

#endif
