/* groupby.c - group keys, time buckets, the group table and its order. */
#include "agg/groupby.h"

#include <stdlib.h>
#include <string.h>

#include "base/ascii.h"
#include "base/err.h"
#include "base/hash.h"
#include "record/hint.h"
#include "base/num.h"
#include "base/xmalloc.h"

void groupby_init(struct groupby *g)
{
	memset(g, 0, sizeof *g);
	arena_init(&g->arena);
}

/* The spec of an item, after "NAME=" when it has one. */
static struct slice item_spec(struct slice it)
{
	const char *eq = memchr(it.p, '=', it.n);
	return eq ? ascii_trim(eq + 1, it.n - (size_t)(eq + 1 - it.p)) : it;
}

/* "band:FIELD:EDGES": a second colon, which no time bucket has (so that
 * "band:day" stays the day of a field named band). */
static bool spec_is_band(struct slice spec)
{
	return spec.n > 5 && memcmp(spec.p, "band:", 5) == 0 &&
	       memchr(spec.p + 5, ':', spec.n - 5);
}

/* k's field, band and default name from "band:FIELD:EDGES" or
 * "band:age(FIELD):EDGES". */
static void parse_band(struct gkey *k, struct slice spec, const char *item,
		       struct slice *field, struct slice *name)
{
	const char *rest = spec.p + 5, *end = spec.p + spec.n;
	const char *colon = memchr(rest, ':', (size_t)(end - rest));
	struct slice f = ascii_trim(rest, (size_t)(colon - rest));
	if (f.n > 5 && memcmp(f.p, "age(", 4) == 0 && f.p[f.n - 1] == ')') {
		k->age = true;
		f = ascii_trim(f.p + 4, f.n - 5);
	}
	if (!key_is_valid(f.p, f.n))
		die_usage("-g '%s': invalid field name", item);
	const char *why = band_parse(&k->band, colon + 1,
				     (size_t)(end - colon - 1));
	if (why)
		die_usage("-g '%s': %s", item, why);
	k->banded = true;
	*field = f;
	if (!name->p) {
		/* FIELD_band, or age_band for an age */
		char *dflt = xmalloc(size_add(f.n, 6));
		size_t dn = k->age ? 3 : f.n;
		memcpy(dflt, k->age ? "age" : f.p, dn);
		memcpy(dflt + dn, "_band", 6);
		k->name = dflt;
	}
}

static void add_key(struct groupby *g, struct slice it, bool plain)
{
	char *item = xmemdup(it.p, it.n);
	struct gkey k;
	memset(&k, 0, sizeof k);
	k.cache_min = INT64_MIN;
	const char *eq = memchr(it.p, '=', it.n);
	struct slice name = slice_of(NULL, 0), spec = it;
	if (eq) {
		name = ascii_trim(it.p, (size_t)(eq - it.p));
		spec = ascii_trim(eq + 1, it.n - (size_t)(eq + 1 - it.p));
	}
	const char *colon = memchr(spec.p, ':', spec.n);
	struct slice field = colon ? ascii_trim(spec.p, (size_t)(colon - spec.p)) : spec;
	if (plain && (eq || colon))
		die_usage("-g '%s': --merge groups by keys of the partial "
			  "records, given by name", item);
	if (spec_is_band(spec))
		parse_band(&k, spec, item, &field, &name);
	else if (!key_is_valid(field.p, field.n))
		die_usage("-g '%s': invalid field name", item);
	if (colon && !k.banded) {
		struct slice unit = ascii_trim(colon + 1, spec.n - (size_t)(colon + 1 - spec.p));
		if (!bucket_parse(unit.p, unit.n, &k.b))
			die_usage("-g '%s': unknown time bucket (hour, day, week, "
				  "month, quarter, year, hod, dow, or a width "
				  "such as 15m)", item);
		k.bucketed = true;
		if (!name.p)
			name = slice_of(bucket_key(&k.b), strlen(bucket_key(&k.b)));
	}
	if (k.name)
		name = slice_of(k.name, strlen(k.name));
	else if (!name.p)
		name = field;
	if (!key_is_valid(name.p, name.n) || name.p[0] == '_')
		die_usage("-g '%s': invalid output key", item);
	if (!k.name)
		k.name = xmemdup(name.p, name.n);
	k.field = xmemdup(field.p, field.n);
	k.flen = field.n;
	for (size_t i = 0; i < g->nkeys; i++)
		if (strcmp(g->keys[i].name, k.name) == 0)
			die_usage("-g: output key '%s' given twice (name one with "
				  "NAME=FIELD:UNIT)", k.name);
	g->keys = xreallocarray(g->keys, g->nkeys + 1, sizeof *g->keys);
	g->keys[g->nkeys++] = k;
	free(item);
}

void groupby_name_keys(const struct groupby *g, struct keycheck *kc)
{
	for (size_t i = 0; i < g->nkeys; i++) {
		keycheck_name(kc, "-g", g->keys[i].field, g->keys[i].flen);
		if (g->keys[i].age)
			keycheck_name(kc, "-g", "ts", 2);
	}
}

/* An item that starts as an integer (a sign or a digit): an edge of the
 * band before it, since no key name starts so. */
static bool item_is_edge(struct slice it)
{
	return it.n && (it.p[0] == '-' || it.p[0] == '+' ||
			(it.p[0] >= '0' && it.p[0] <= '9'));
}

void groupby_parse(struct groupby *g, const char *arg, bool plain)
{
	const char *p = arg;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		struct slice it = ascii_trim(p, n);
		if (!it.n)
			die_usage("-g: empty key in '%s'", arg);
		/* a band's edges run on over the commas after it */
		if (spec_is_band(item_spec(it)))
			while (comma) {
				const char *q = comma + 1, *c2 = strchr(q, ',');
				size_t m = c2 ? (size_t)(c2 - q) : strlen(q);
				if (!item_is_edge(ascii_trim(q, m)))
					break;
				it.n = (size_t)(q + m - it.p);
				comma = c2;
			}
		add_key(g, ascii_trim(it.p, it.n), plain);
		if (!comma)
			return;
		p = comma + 1;
	}
}

void groupby_start(struct groupby *g, size_t state_size, bool strict)
{
	g->state_size = state_size;
	g->strict = strict;
	group_table_init(&g->tab, 0);
}

static struct slice bucket_of(struct gkey *k, dcr_time t)
{
	int64_t sec = t / DCR_NS_PER_SEC - (t % DCR_NS_PER_SEC < 0);
	int64_t min = sec / 60 - (sec % 60 < 0);
	/* A label holds for the whole UTC minute when the offset is whole
	 * minutes all through it (not Monrovia's -0:44:30 before 1972-01-07,
	 * whatever the year), checked once per minute. */
	if (k->cache_min == min)
		return slice_of(k->label, k->llen);
	bool cacheable = (k->b.unit != BUCKET_FIXED || k->b.width_s % 60 == 0) &&
			 tz_minute_uniform(min);
	{
		k->llen = bucket_label(&k->b, t, k->label);
		k->cache_min = cacheable ? min : INT64_MIN;
	}
	return slice_of(k->label, k->llen);
}

/* The time of record r's ts for an age; false without ts (skipped, as a
 * record without a key field is) or when ts is not a time stamp (counted,
 * or an error with --strict). */
static bool ts_of(struct groupby *g, struct gkey *k, const struct record *r,
		  const char *file, uint64_t line, dcr_time *t)
{
	const struct field *f = record_get_hinted(r, "ts", 2, &k->ts_hint);
	if (!f)
		return false;
	struct slice v = field_value(f, &g->scratch);
	if (time_parse_canonical_cached(&k->day, v.p, v.n, t) ||
	    time_parse_rfc3339(v.p, v.n, t) == TIME_OK)
		return true;
	if (g->strict)
		die_at(file, line, "ts: not a time stamp (--strict)");
	k->bad_time++;
	return false;
}

/* The band of record r's value v; false when it has none (counted, or an
 * error with --strict). */
static bool band_of(struct groupby *g, struct gkey *k, const struct record *r,
		    struct slice *v, const char *file, uint64_t line)
{
	int64_t x;
	if (!num_parse_i64(v->p, v->n, &x)) {
		if (g->strict)
			die_at(file, line, "%s: not an integer (--strict)",
			       k->field);
		k->bad_int++;
		return false;
	}
	if (k->age) {
		dcr_time t;
		if (!ts_of(g, k, r, file, line, &t))
			return false;
		struct civil c;
		time_to_local(t, &c);
		/* a birth year beyond any age saturates: its band is the
		 * same */
		x = x < (int64_t)c.year - INT64_MAX ? INT64_MAX
						     : (int64_t)c.year - x;
	}
	k->llen = band_label(&k->band, x, k->label);
	*v = slice_of(k->label, k->llen);
	return true;
}

_Static_assert(TIME_BUFSZ >= BAND_LABEL_SIZE, "a band's label is kept in label");

static void put_value(struct buf *b, struct slice v)
{
	uint32_t n = (uint32_t)v.n; /* record values are under 4 GiB */
	buf_addc(b, 1);
	buf_add(b, &n, sizeof n);
	buf_add(b, v.p, v.n);
}

struct group *groupby_intern(struct groupby *g, const struct record *r,
			     const char *file, uint64_t line)
{
	struct buf *kb = &g->key;
	buf_reset(kb);
	for (size_t i = 0; i < g->nkeys; i++) {
		struct gkey *k = &g->keys[i];
		const struct field *f =
		    record_get_hinted(r, k->field, k->flen, &k->hint);
		if (!f)
			return NULL;
		struct slice v = field_value(f, &g->scratch);
		if (k->bucketed) {
			dcr_time t;
			if (!time_parse_canonical_cached(&k->day, v.p, v.n, &t) &&
			    time_parse_rfc3339(v.p, v.n, &t) != TIME_OK) {
				if (g->strict)
					die_at(file, line, "%s: not a time stamp "
					       "(--strict)", k->field);
				k->bad_time++;
				return NULL;
			}
			v = bucket_of(k, t);
		} else if (k->banded && !band_of(g, k, r, &v, file, line)) {
			return NULL;
		}
		put_value(kb, v);
	}
	return groupby_intern_key(g, kb->p, kb->len);
}

/* Put every group back into a table that grew (or was freed by
 * groupby_sort), their hashes computed again from their keys: in creation
 * order, so the keys are read in the order the arena holds them. */
static void rebuild_table(struct groupby *g)
{
	struct groupby_ahead a;
	groupby_ahead_start(&a, g, g, 0);
	for (size_t j = 0; j < g->n; j++)
		group_table_put(&g->tab, groupby_ahead_next(&a, g, g, j), j);
}

uint64_t groupby_hash(const struct groupby *g, const struct group *gr)
{
	return hash_bytes(groupby_key(g, gr), gr->klen, 0);
}

/* The slot where a key of hash h begins its probe, asked of the memory
 * ahead: its cache miss overlaps the work on the keys before it. */
static void prefetch_slot(const struct groupby *g, uint64_t h)
{
	if (g->tab.slots)
		__builtin_prefetch(&g->tab.slots[(size_t)h & g->tab.mask], 1);
}

/* Hash group k of from and ask for its slot in into. */
static void ahead_fill(struct groupby_ahead *a, const struct groupby *into,
		       const struct groupby *from, size_t k)
{
	a->h[k % GROUPBY_AHEAD] = groupby_hash(from, from->groups[k]);
	prefetch_slot(into, a->h[k % GROUPBY_AHEAD]);
}

void groupby_ahead_start(struct groupby_ahead *a, const struct groupby *into,
			 const struct groupby *from, size_t j)
{
	for (size_t k = j; k < j + GROUPBY_AHEAD && k < from->n; k++)
		ahead_fill(a, into, from, k);
}

uint64_t groupby_ahead_next(struct groupby_ahead *a, const struct groupby *into,
			    const struct groupby *from, size_t j)
{
	uint64_t h = a->h[j % GROUPBY_AHEAD];
	if (j + GROUPBY_AHEAD < from->n)
		ahead_fill(a, into, from, j + GROUPBY_AHEAD);
	return h;
}

struct group *groupby_intern_key(struct groupby *g, const char *kp, size_t kn)
{
	return groupby_intern_hashed(g, kp, kn, hash_bytes(kp, kn, 0));
}

struct group *groupby_intern_hashed(struct groupby *g, const char *kp,
				    size_t kn, uint64_t h)
{
	if (!g->tab.slots) {
		group_table_init(&g->tab, g->n);
		rebuild_table(g);
	}
	struct group_table_probe p;
	group_table_start(&g->tab, h, &p);
	size_t j;
	while (group_table_next(&g->tab, &p, &j)) {
		struct group *gr = g->groups[j];
		if (gr->klen == kn && mem_eq(groupby_key(g, gr), kp, kn))
			return gr;
	}
	if (!group_table_insert(&g->tab, &p, g->n))
		die("more than %zu groups: the most dcr-agg can count",
		    g->tab.limit);
	if (kn > UINT32_MAX)
		die("a group's key is longer than 4 GiB");
	struct group *gr = arena_alloc8(
		&g->arena, size_add(size_add(sizeof *gr, g->state_size), kn));
	gr->id = (uint32_t)g->n; /* g->n < GROUP_TABLE_MAX: inserted */
	gr->klen = (uint32_t)kn;
	memset(group_state(gr), 0, g->state_size);
	if (kn)
		memcpy(group_state(gr) + g->state_size, kp, kn);
	if (g->n == g->cap) {
		g->cap = g->cap ? size_mul(g->cap, 2) : 64;
		g->groups = xreallocarray(g->groups, g->cap, sizeof *g->groups);
	}
	g->groups[g->n++] = gr;
	if (group_table_grow(&g->tab))
		rebuild_table(g);
	return gr;
}

void groupby_adopt(struct groupby *dst, struct groupby *src)
{
	if (dst->n || dst->state_size != src->state_size ||
	    dst->nkeys != src->nkeys)
		abort(); /* not made from the same arguments, or not empty */
	group_table_free(&dst->tab);
	arena_free(&dst->arena);
	free(dst->groups);
	dst->tab = src->tab;
	dst->arena = src->arena;
	dst->groups = src->groups;
	dst->n = src->n;
	dst->cap = src->cap;
	memset(&src->tab, 0, sizeof src->tab);
	arena_init(&src->arena);
	src->groups = NULL;
	src->n = src->cap = 0;
}

void groupby_drop_table(struct groupby *g)
{
	group_table_free(&g->tab);
}

void groupby_release_before(struct groupby *g, size_t j)
{
	arena_free_before(&g->arena, g->groups[j]);
}

bool groupby_key_value(const struct groupby *g, const struct group *gr,
		       size_t i, struct slice *v)
{
	/* the key bytes say it all; i < g->nkeys */
	const char *p = groupby_key(g, gr);
	for (size_t k = 0;; k++) {
		if (!*p) {
			if (k == i)
				return false;
			p++;
			continue;
		}
		uint32_t n;
		memcpy(&n, p + 1, sizeof n);
		if (k == i) {
			*v = slice_of(p + 1 + sizeof n, n);
			return true;
		}
		p += 1 + sizeof n + n;
	}
}

/* ---- order ---- */

static size_t group_id(const struct group *gr)
{
	return gr->id;
}

int groupby_cmp_key(const struct groupby *g, const struct group *a,
		    const struct group *b, size_t i)
{
	struct slice x, y;
	bool hx = groupby_key_value(g, a, i, &x), hy = groupby_key_value(g, b, i, &y);
	if (hx != hy)
		return hx ? 1 : -1; /* absent first */
	if (!hx)
		return 0;
	if (g->sort_isnum) {
		size_t ia = group_id(a) * g->nkeys + i, ib = group_id(b) * g->nkeys + i;
		bool nx = g->sort_isnum[ia], ny = g->sort_isnum[ib];
		if (nx != ny)
			return nx ? -1 : 1; /* numbers before other values */
		double dx = g->sort_num[ia], dy = g->sort_num[ib];
		if (nx && dx != dy)
			return dx < dy ? -1 : 1;
	}
	return slice_cmp(x, y);
}

int groupby_cmp(const struct groupby *g, const struct group *a,
		const struct group *b)
{
	for (size_t i = 0; i < g->nkeys; i++) {
		int c = groupby_cmp_key(g, a, b, i);
		if (c)
			return c;
	}
	return 0;
}

/* qsort_r's comparison, with the groupby as its context: no global, so
 * each groupby keeps its own order. */
static int cmp_groups(const void *a, const void *b, void *ctx)
{
	return groupby_cmp(ctx, *(struct group *const *)a,
			   *(struct group *const *)b);
}

void groupby_sort(struct groupby *g)
{
	/* The slots hold indexes into g->groups, which the sort reorders: a
	 * group added later finds the table rebuilt. Freed first, so that
	 * the sort's memory is not added to theirs. */
	group_table_free(&g->tab);
	free(g->sort_isnum);
	free(g->sort_num);
	size_t cells = size_mul(g->n ? g->n : 1, g->nkeys ? g->nkeys : 1);
	g->sort_isnum = xcalloc(cells, sizeof *g->sort_isnum);
	g->sort_num = xcalloc(cells, sizeof *g->sort_num);
	for (size_t i = 0; i < g->nkeys; i++) {
		/* Bands by their lower bounds, when every value is one: also
		 * under --merge, whose keys are names only. */
		bool bands = true;
		for (size_t j = 0; j < g->n && bands; j++) {
			struct slice v;
			double lower;
			if (groupby_key_value(g, g->groups[j], i, &v))
				bands = band_rank(v.p, v.n, &lower);
		}
		for (size_t j = 0; j < g->n; j++) {
			size_t c = group_id(g->groups[j]) * g->nkeys + i;
			struct slice v;
			if (!groupby_key_value(g, g->groups[j], i, &v))
				continue;
			g->sort_isnum[c] = bands ? band_rank(v.p, v.n, &g->sort_num[c])
						 : num_parse(v.p, v.n, &g->sort_num[c]);
		}
	}
	if (g->n > 1)
		qsort_r(g->groups, g->n, sizeof *g->groups, cmp_groups, g);
}

size_t groupby_put_keys(const struct groupby *g, const struct group *gr,
			struct buf *out)
{
	size_t k = 0;
	for (size_t i = 0; i < g->nkeys; i++) {
		struct slice v;
		if (!groupby_key_value(g, gr, i, &v))
			continue;
		if (k++)
			buf_addc(out, ' ');
		record_put_pair(out, g->keys[i].name, strlen(g->keys[i].name),
				v.p, v.n);
	}
	return k;
}

bool groupby_uses_zone(const struct groupby *g)
{
	for (size_t i = 0; i < g->nkeys; i++)
		if (g->keys[i].bucketed || g->keys[i].age)
			return true;
	return false;
}

void groupby_merge_report(struct groupby *dst, const struct groupby *src)
{
	for (size_t i = 0; i < dst->nkeys; i++) {
		dst->keys[i].bad_time += src->keys[i].bad_time;
		dst->keys[i].bad_int += src->keys[i].bad_int;
	}
}

void groupby_report(const struct groupby *g)
{
	int seen = err_seen;
	for (size_t i = 0; i < g->nkeys; i++) {
		const struct gkey *k = &g->keys[i];
		if (k->bad_int)
			warn("%s: skipped %llu record%s where %s is not an integer",
			     k->name, (unsigned long long)k->bad_int,
			     k->bad_int == 1 ? "" : "s", k->field);
		if (k->bad_time)
			warn("%s: skipped %llu record%s where %s is not a time stamp",
			     k->name, (unsigned long long)k->bad_time,
			     k->bad_time == 1 ? "" : "s", k->age ? "ts" : k->field);
	}
	err_seen = seen;
}

void groupby_free(struct groupby *g)
{
	for (size_t i = 0; i < g->nkeys; i++) {
		free(g->keys[i].name);
		free(g->keys[i].field);
	}
	free(g->keys);
	free(g->groups);
	free(g->sort_isnum);
	free(g->sort_num);
	group_table_free(&g->tab);
	arena_free(&g->arena);
	buf_free(&g->key);
	buf_free(&g->scratch);
	memset(g, 0, sizeof *g);
}
