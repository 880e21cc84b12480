/* agg_partial_keys.c - the closing record of partial states: writing it,
 * reading it, and the keys no state had. See agg_partial_keys.h. */
#include "agg/agg_partial_keys.h"

#include <stdlib.h>
#include <string.h>

#include "agg/agg_partial.h"
#include "base/err.h"
#include "base/xmalloc.h"

/* The options whose keys dcr-agg names (groupby.c, agg.c). */
static const char *const options[] = {"-g", "-a"};

static const char *option_named(const char *p, size_t n)
{
	for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
		if (strlen(options[i]) == n && memcmp(options[i], p, n) == 0)
			return options[i];
	return NULL;
}

bool agg_partial_is_closing(const struct record *r)
{
	return record_get(r, "_closing", 8) != NULL;
}

void agg_partial_put_closing(const struct keycheck *kc, struct buf *b)
{
	buf_adds(b, "_v=");
	buf_add_u64(b, AGG_PARTIAL_VERSION);
	buf_adds(b, " _closing=");
	buf_add_u64(b, kc->records);
	const char *sep = " _unseen=";
	for (size_t i = 0; i < kc->nnamed; i++) {
		if (!keycheck_lacks(kc, i))
			continue;
		const struct keycheck_named *nk = &kc->named[i];
		buf_adds(b, sep);
		buf_adds(b, nk->opt);
		buf_addc(b, ':');
		buf_add(b, nk->key, nk->kn);
		buf_addc(b, ':');
		const char *near[KEYCHECK_NEAR_MAX];
		size_t nn = keycheck_near(kc, i, near);
		for (size_t j = 0; j < nn; j++) {
			if (j)
				buf_addc(b, '/');
			buf_adds(b, near[j]);
		}
		sep = ",";
	}
	buf_addc(b, '\n');
}

/* "K/K/K" or "": at most KEYCHECK_NEAR_MAX valid keys. */
static bool near_is_valid(const char *p, size_t n)
{
	size_t count = 0;
	while (n) {
		const char *slash = memchr(p, '/', n);
		size_t kn = slash ? (size_t)(slash - p) : n;
		if (!key_is_valid(p, kn) || ++count > KEYCHECK_NEAR_MAX)
			return false;
		if (!slash)
			return true;
		p = slash + 1;
		n -= kn + 1;
		if (!n)
			return false;
	}
	return true;
}

static struct agg_partial_unseen *find(struct agg_partial_keys *pk,
				       const char *opt, const char *k, size_t kn)
{
	for (size_t i = 0; i < pk->n; i++)
		if (pk->e[i].opt == opt && strlen(pk->e[i].key) == kn &&
		    memcmp(pk->e[i].key, k, kn) == 0)
			return &pk->e[i];
	return NULL;
}

/* One "OPTION:KEY:NEAR" entry of closing record number pk->closings. */
static bool read_entry(struct agg_partial_keys *pk, const char *p, size_t n)
{
	const char *c1 = memchr(p, ':', n);
	const char *c2 = c1 ? memchr(c1 + 1, ':', n - (size_t)(c1 + 1 - p)) : NULL;
	if (!c2)
		return false;
	const char *opt = option_named(p, (size_t)(c1 - p));
	const char *k = c1 + 1, *near = c2 + 1;
	size_t kn = (size_t)(c2 - k), nn = n - (size_t)(near - p);
	if (!opt || !key_is_valid(k, kn) || !near_is_valid(near, nn))
		return false;
	struct agg_partial_unseen *e = find(pk, opt, k, kn);
	if (!e) {
		pk->e = xreallocarray(pk->e, size_add(pk->n, 1), sizeof *pk->e);
		e = &pk->e[pk->n++];
		*e = (struct agg_partial_unseen){opt, xmemdup(k, kn),
						 xmemdup(near, nn), 0, 0};
	}
	if (e->last != pk->closings) { /* once per closing record */
		e->listed++;
		e->last = pk->closings;
	}
	return true;
}

static bool read_u64_text(struct slice v, uint64_t *out)
{
	if (!v.n || v.n > 19)
		return false;
	uint64_t x = 0;
	for (size_t i = 0; i < v.n; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return false;
		x = 10 * x + (uint64_t)(v.p[i] - '0');
	}
	*out = x;
	return true;
}

void agg_partial_keys_read(struct agg_partial_keys *pk, const struct record *r,
			   struct buf *scratch, const char *file, uint64_t line)
{
	uint64_t records;
	struct slice v = field_value(record_get(r, "_closing", 8), scratch);
	if (!read_u64_text(v, &records) ||
	    __builtin_add_overflow(pk->records, records, &pk->records))
		die_at(file, line, "_closing: not a count of records");
	pk->closings++;
	const struct field *f = record_get(r, "_unseen", 7);
	if (!f)
		return;
	v = field_value(f, scratch);
	const char *p = v.p, *end = v.p + v.n;
	for (;;) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		size_t n = comma ? (size_t)(comma - p) : (size_t)(end - p);
		if (!read_entry(pk, p, n))
			die_at(file, line, "_unseen: not a list of "
			       "OPTION:KEY:NEAR/NEAR entries");
		if (!comma)
			return;
		p = comma + 1;
	}
}

void agg_partial_keys_to_check(const struct agg_partial_keys *pk,
			       struct keycheck *kc)
{
	kc->records += pk->records;
	for (size_t i = 0; i < pk->n; i++) {
		const struct agg_partial_unseen *e = &pk->e[i];
		if (e->listed != pk->closings)
			continue; /* a state had it */
		keycheck_name(kc, e->opt, e->key, strlen(e->key));
		const char *p = e->near;
		while (*p) {
			size_t kn = strcspn(p, "/");
			keycheck_know(kc, p, kn);
			p += kn + (p[kn] == '/');
		}
	}
}

void agg_partial_keys_free(struct agg_partial_keys *pk)
{
	for (size_t i = 0; i < pk->n; i++) {
		free(pk->e[i].key);
		free(pk->e[i].near);
	}
	free(pk->e);
	memset(pk, 0, sizeof *pk);
}
