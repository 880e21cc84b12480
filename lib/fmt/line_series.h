/* line_series.h - the records of --compare FILE as the second series of
 * the --line chart: per record, in their order, the value of KEY and a
 * label (its values before KEY, shown as the table shows values).
 *
 * Ownership: struct line_series owns its text and its arrays;
 * line_series_free() releases them. A zeroed struct is an empty series.
 */
#ifndef DCR_LINE_SERIES_H
#define DCR_LINE_SERIES_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "fmt/humanfmt.h"

struct line_field {
	size_t key, klen;     /* a key of the record, in text */
	size_t shown, slen;   /* its value as shown */
};

struct line_point {
	size_t val, vlen;     /* KEY's raw value in text; vlen SIZE_MAX: absent */
	size_t shown, slen;   /* the value as shown */
	size_t field, nfields; /* the record's other fields, in fields[] */
};

struct line_series {
	struct line_point *p;
	size_t n, cap;
	struct line_field *fields;
	size_t nf, fcap;
	struct buf text;
};

/* Read FILE (dcr-records(5), gzip or not) into s: dies (exit 2), naming
 * the file or the key and never a value, when it cannot be read, has a
 * line that is not a record, or has records of which none has key. */
void line_series_load(struct line_series *s, const char *path,
		      const char *key, const struct human *h);
void line_series_free(struct line_series *s);

/* Record i's value of KEY, raw or as shown; p NULL when it has none. */
struct slice line_series_value(const struct line_series *s, size_t i,
			       bool raw);
/* Record i's shown value of key, false when it has none. */
bool line_series_get(const struct line_series *s, size_t i, struct slice key,
		     struct slice *shown);

#endif
