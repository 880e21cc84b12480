/* project.c - the keys dcr-filter writes of a selected record (-k, -x). */
#include "filter/project.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "record/keydecl.h"

void project_parse_keys(struct keylist *ks, const char *opt, const char *arg)
{
	keylist_free(ks); /* the last -k counts */
	keylist_add(ks, opt, arg, strlen(arg), KEYLIST_ONCE);
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
			const struct field *fl = record_get(r, pj->keep.k[i],
							    pj->keep.len[i]);
			if (fl)
				put_field(pj, b, fl, &first);
		}
	} else if (pj->drop.n) {
		for (size_t i = 0; i < r->n; i++)
			if (!keylist_has(&pj->drop, r->f[i].key, r->f[i].klen))
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

/* Is declared->k[i] one of k[from..]? */
static bool declared_from(const struct keylist *declared, size_t from,
			  const char *k, size_t kn)
{
	for (size_t i = from; i < declared->n; i++)
		if (declared->len[i] == kn && memcmp(declared->k[i], k, kn) == 0)
			return true;
	return false;
}

void project_declaration(const struct project *pj,
			 const struct keylist *declared, size_t from,
			 struct buf *b)
{
	size_t most = declared->n - from, n = 0;
	const char **k = xcalloc(most ? most : 1, sizeof *k);
	size_t *len = xcalloc(most ? most : 1, sizeof *len);
	if (pj->keep.n) {
		for (size_t i = 0; i < pj->keep.n; i++)
			if (declared_from(declared, from, pj->keep.k[i], pj->keep.len[i])) {
				k[n] = pj->keep.k[i];
				len[n++] = pj->keep.len[i];
			}
	} else {
		for (size_t i = from; i < declared->n; i++)
			if (!keylist_has(&pj->drop, declared->k[i], declared->len[i])) {
				k[n] = declared->k[i];
				len[n++] = declared->len[i];
			}
	}
	if (n)
		keydecl_put(b, k, len, n);
	free(k);
	free(len);
}

void project_free(struct project *pj)
{
	keylist_free(&pj->keep);
	keylist_free(&pj->drop);
	buf_free(&pj->scratch);
}
