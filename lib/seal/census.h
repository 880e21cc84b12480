/* census.h - what an archive holds, for its seal: the number of records
 * and the ts of the first and the last one.
 *
 * Ownership: the caller owns the struct mfile filled in.
 */
#ifndef DCR_CENSUS_H
#define DCR_CENSUS_H

#include <stdbool.h>

#include "seal/manifest.h"

/* Read the archive at path (plain or gzip) and fill f->records, f->first,
 * f->last (empty when it holds no record), f->census. A line that is not a
 * record, a record without ts first, or a read error is reported as
 * "PROG: FILE:LINE: what" and gives false: an archive is sealed whole. */
bool census_count(const char *path, struct mfile *f);

#endif
