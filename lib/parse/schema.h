/* schema.h - the schema of a record (dcr-schema(5)): its keys, the type of
 * each (text, time, integer, number, enum of values, list of values), the
 * keys every record requires and those each event requires.
 *
 *     dcr-schema v1
 *     key ts time
 *     key route enum inject smoke sniff oral other unknown
 *     key response list observation oxygen naloxone ems_called
 *     require ts event facility
 *     event consumption visit_id route substance
 *
 * The first line names the version; a file of another version, or with
 * any error, is refused as a whole ("FILE:LINE: why") before input is
 * read. Keys starting with '_' (the toolkit's own, such as _src) are
 * always allowed and never checked.
 *
 * A record is checked for unknown keys, values outside their type or
 * enum, list items outside theirs, and missing required keys; the reason
 * names the key, never the value (it may be health data).
 *
 * Ownership: a struct schema owns everything loaded into it and the
 * scratch space of schema_check(); reasons it returns stay valid until
 * the next call.
 */
#ifndef DCR_SCHEMA_H
#define DCR_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/pairs.h"
#include "record/keycheck.h"

#define SCHEMA_VERSION "v1"

struct schema;

enum schema_type {
	SCHEMA_TEXT, SCHEMA_TIME, SCHEMA_INTEGER, SCHEMA_NUMBER, SCHEMA_ENUM,
	SCHEMA_LIST
};

/* Read the schema at path; NULL when it cannot be read or has errors,
 * each reported on stderr as "PROG: FILE:LINE: why". */
struct schema *schema_load(const char *path);
/* The same, exiting with status 2 on failure: what --schema FILE does. */
struct schema *schema_load_or_die(const char *path);
void schema_free(struct schema *s);

/* True when key k[0..kn) is declared by the schema (or starts with '_'):
 * the keys the unknown-key checks count as known. */
bool schema_has_key(const struct schema *s, const char *k, size_t kn);
/* The keys s declares count as known to kc (nothing when s is NULL):
 * what --schema does for the unknown-key check. s outlives kc. */
void schema_make_known(const struct schema *s, struct keycheck *kc);
/* The type of a declared key; false when it is not declared. */
bool schema_key_type(const struct schema *s, const char *k, size_t kn,
		     enum schema_type *type);

/* Check the live pairs of one record: NULL when it fits, else why not
 * ("key 'route': not one of the values the schema lists"). */
const char *schema_check(struct schema *s, const struct pairs *p);

#endif
