/* project.c - the keys dcr-filter writes of a selected record (-k, -x). */
#include "filter/project.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xmalloc.h"

static bool in_keys(const struct project_keys *ks, const char *k, size_t n)
{
	for (size_t i = 0; i < ks->n; i++)
		if (ks->k[i].n == n && memcmp(ks->k[i].p, k, n) == 0)
			return true;
	return false;
}

void project_parse_keys(struct project_keys *ks, const char *opt,
			const char *arg)
{
	ks->n = 0;
	for (const char *p = arg;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (!key_is_valid(p, len))
			die_usage("%s: invalid key '%.*s'", opt, (int)len, p);
		if (in_keys(ks, p, len))
			die_usage("%s: key '%.*s' given twice", opt, (int)len, p);
		ks->k = xreallocarray(ks->k, size_add(ks->n, 1), sizeof *ks->k);
		ks->k[ks->n++] = slice_of(p, len);
		if (!comma)
			break;
		p = comma + 1;
	}
}

static void put_field(struct project *pj, struct buf *b,
		      const struct field *fl, bool *first)
{
	if (!*first)
		buf_addc(b, ' ');
	*first = false;
	record_put_field(b, fl, &pj->scratch);
}

void project_write(struct project *pj, const struct record *r,
		   struct slice line, struct buf *b)
{
	size_t mark = b->len;
	bool first = true;
	if (pj->keep.n) {
		for (size_t i = 0; i < pj->keep.n; i++) {
			const struct field *fl = record_get(r, pj->keep.k[i].p,
							    pj->keep.k[i].n);
			if (fl)
				put_field(pj, b, fl, &first);
		}
	} else if (pj->drop.n) {
		for (size_t i = 0; i < r->n; i++)
			if (!in_keys(&pj->drop, r->f[i].key, r->f[i].klen))
				put_field(pj, b, &r->f[i], &first);
	} else if (r->canonical) {
		buf_add(b, line.p, line.n);
		first = false;
	} else {
		for (size_t i = 0; i < r->n; i++)
			put_field(pj, b, &r->f[i], &first);
	}
	if (first) {
		b->len = mark;
		return;
	}
	buf_addc(b, '\n');
}

void project_free(struct project *pj)
{
	free(pj->keep.k);
	free(pj->drop.k);
	buf_free(&pj->scratch);
}
