/* census.c - records and first/last ts of an archive being sealed. */
#include "seal/census.h"

#include <string.h>

#include "base/err.h"
#include "io/input.h"
#include "record/record.h"

/* The ts of a record, which comes first (dcr-records(5)). */
static bool take_ts(const struct record *r, char *out)
{
	if (r->n == 0 || r->f[0].klen != 2 || memcmp(r->f[0].key, "ts", 2) != 0 ||
	    r->f[0].quoted || r->f[0].vlen == 0 ||
	    r->f[0].vlen >= MANIFEST_TS_MAX)
		return false;
	memcpy(out, r->f[0].val, r->f[0].vlen);
	out[r->f[0].vlen] = '\0';
	return true;
}

bool census_count(const char *path, struct mfile *f)
{
	struct input in;
	if (!input_open(&in, path))
		return false;
	struct record r;
	record_init(&r);
	struct slice line;
	enum input_status st;
	bool ok = true;
	f->records = 0;
	f->first[0] = f->last[0] = '\0';
	while (ok && (st = input_getline(&in, &line)) != IN_EOF) {
		if (st != IN_LINE) {
			ok = false; /* reported by input */
			break;
		}
		const char *err;
		size_t col;
		enum record_status rs = record_parse(&r, line.p, line.n, &err, &col);
		if (rs == REC_SKIP)
			continue;
		if (rs == REC_ERROR) {
			warn_at(in.name, in.lineno, "%s (column %zu); an archive "
				"is sealed only when every line is a record",
				err, col + 1);
			ok = false;
		} else if (!take_ts(&r, f->records ? f->last : f->first)) {
			warn_at(in.name, in.lineno, "a record without ts first; "
				"an archive is sealed only when each has one");
			ok = false;
		} else if (f->records++ == 0) {
			memcpy(f->last, f->first, sizeof f->last);
		}
	}
	record_free(&r);
	input_close(&in);
	f->census = ok;
	return ok;
}
