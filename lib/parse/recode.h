/* recode.h - value recoding (dcr-parse --recode FILE): an export's words
 * brought to the canonical vocabulary, after field mapping.
 *
 *     dcr-recode v1
 *     # KEY FROM TO
 *     substance heroïne heroin
 *     route roken smoke
 *
 * The first line names the version; a file of another version, or with
 * any error, is refused as a whole ("FILE:LINE: why") before input is
 * read. For each key the file names, a value that is a FROM becomes its
 * TO; a value that is neither a FROM nor a TO of that key is kept as it
 * is and counted, and recode_report() names the key and the count at the
 * end, never the value. Keys the file does not name are left alone.
 *
 * Ownership: a struct recode owns what it loaded; the values it puts in
 * pairs point into it and stay valid until recode_free().
 */
#ifndef DCR_RECODE_H
#define DCR_RECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "parse/pairs.h"

#define RECODE_VERSION "v1"

struct recode;

struct recode *recode_new(void);
/* Add the file at path; false when it cannot be read or has errors, each
 * reported on stderr. A KEY FROM given twice, in one file or two, is an
 * error. */
bool recode_load(struct recode *rc, const char *path);
/* Recode the live pairs of one record. */
void recode_apply(struct recode *rc, struct pairs *p);
/* Print, for each key with values kept as they were, how many (stderr). */
void recode_report(const struct recode *rc);
/* The number of values kept as they were, over all keys. */
uint64_t recode_unknown(const struct recode *rc);
void recode_free(struct recode *rc);

#endif
