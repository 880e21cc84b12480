/* agg_partial.c - the partial states of dcr-agg: the record layout, its
 * version, and the state text of each kind. See agg_partial.h. */
#include "agg/agg_partial.h"

#include <stdlib.h>
#include <string.h>

#include "agg/agg_impl.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/num.h"
#include "base/xmalloc.h"
#include "stats/hll.h"
#include "stats/moments.h"
#include "stats/occupancy.h"
#include "stats/quantile.h"

enum { STATE_BUDGET = 64 << 10 }; /* bytes of list items per record */

/* ---- list items ---- */

/* Items of lists are written bare and without the separators ',' and
 * '*': those bytes, '%' and every byte that would need quoting become
 * %XX. */
static void put_item(struct buf *b, const char *p, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c > 0x20 && c != 0x7f && c != '"' && c != '=' && c != '\\' &&
		    c != '%' && c != ',' && c != '*')
			continue;
		buf_add(b, p + run, i - run);
		char e[3] = {'%', hex[c >> 4], hex[c & 15]};
		buf_add(b, e, 3);
		run = i + 1;
	}
	buf_add(b, p + run, n - run);
}

static int hexdig(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static bool get_item(const char *p, size_t n, struct buf *out)
{
	buf_reset(out);
	for (size_t i = 0; i < n; i++) {
		if (p[i] != '%') {
			buf_addc(out, p[i]);
			continue;
		}
		if (n - i < 3 || hexdig(p[i + 1]) < 0 || hexdig(p[i + 2]) < 0)
			return false;
		buf_addc(out, (char)(hexdig(p[i + 1]) << 4 | hexdig(p[i + 2])));
		i += 2;
	}
	return true;
}

static bool read_u64(const char *p, size_t n, uint64_t *out)
{
	if (!n || n > 20)
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9' ||
		    __builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, (uint64_t)(p[i] - '0'), &v))
			return false;
	}
	*out = v;
	return true;
}

/* A list's state: "K" (its number of items in this record), then the
 * items, each after a ','. */
static void put_list(struct buf *b, uint64_t items, const struct buf *enc)
{
	buf_add_u64(b, items);
	buf_add(b, enc->p, enc->len);
}

/* "K" and the rest after its ',' (or nothing when K is 0). */
static bool read_list_head(const char *p, size_t n, uint64_t *k,
			   struct slice *rest)
{
	const char *c = memchr(p, ',', n);
	size_t kn = c ? (size_t)(c - p) : n;
	if (!read_u64(p, kn, k))
		return false;
	*rest = c ? slice_of(c + 1, n - kn - 1) : slice_of(p + n, 0);
	return (*k == 0) == (c == NULL);
}

/* ---- the state text of each kind (agg_kinds[] in agg_state.c) ----
 *
 * Scalar states are read into a state of their own and merged with the
 * kind's merge, so that reading a state is merging it. */

void agg_partial_write_count(struct agg_set *s, struct aggregate *d, void *st,
			     struct buf *b)
{
	(void)s, (void)d;
	buf_add_u64(b, *(const uint64_t *)st);
}

bool agg_partial_read_count(struct agg_set *s, void *st, const char *p,
			    size_t n)
{
	uint64_t v;
	if (!read_u64(p, n, &v))
		return false;
	agg_kinds[KIND_COUNT].merge(s, st, &v);
	return true;
}

void agg_partial_write_moments(struct agg_set *s, struct aggregate *d, void *st,
			       struct buf *b)
{
	(void)s, (void)d;
	moments_write(st, b);
}

bool agg_partial_read_moments(struct agg_set *s, void *st, const char *p,
			      size_t n)
{
	(void)s;
	return moments_read(st, p, n);
}

/* min, max: "0" (no value), or "1,NUM,ITEM" (NUM empty when some value
 * was not a number). */
void agg_partial_write_min_or_max(struct agg_set *s, struct aggregate *d,
				  void *st, struct buf *b)
{
	(void)s, (void)d;
	const struct min_or_max *m = st;
	if (!m->any) {
		buf_addc(b, '0');
		return;
	}
	buf_add(b, "1,", 2);
	if (m->all_num && m->is_int)
		buf_add_i64(b, m->inum);
	else if (m->all_num)
		num_put(b, m->num);
	buf_addc(b, ',');
	put_item(b, m->str.p, m->str.len);
}

static bool read_min_or_max(struct agg_set *s, enum state_kind c, void *st,
			    const char *p, size_t n)
{
	if (n == 1 && p[0] == '0')
		return true;
	if (n < 3 || p[0] != '1' || p[1] != ',')
		return false;
	const char *comma = memchr(p + 2, ',', n - 2);
	if (!comma)
		return false;
	size_t nn = (size_t)(comma - p - 2);
	double x = 0;
	bool isnum = nn > 0;
	if (isnum && !num_parse(p + 2, nn, &x))
		return false;
	if (!get_item(comma + 1, n - (size_t)(comma + 1 - p), &s->item))
		return false;
	struct min_or_max src = {{s->item.p, (uint32_t)s->item.len, 0}, x, 0,
				 true, isnum, false};
	src.is_int = isnum && num_parse_i64(p + 2, nn, &src.inum);
	agg_kinds[c].merge(s, st, &src);
	return true;
}

bool agg_partial_read_min(struct agg_set *s, void *st, const char *p, size_t n)
{
	return read_min_or_max(s, KIND_MIN, st, p, n);
}

bool agg_partial_read_max(struct agg_set *s, void *st, const char *p, size_t n)
{
	return read_min_or_max(s, KIND_MAX, st, p, n);
}

/* first, last: "0" (no value) or "1,ITEM". */
void agg_partial_write_first_or_last(struct agg_set *s, struct aggregate *d,
				     void *st, struct buf *b)
{
	(void)s, (void)d;
	const struct first_or_last *f = st;
	if (!f->any) {
		buf_addc(b, '0');
		return;
	}
	buf_add(b, "1,", 2);
	put_item(b, f->str.p, f->str.len);
}

static bool read_first_or_last(struct agg_set *s, enum state_kind c,
			       void *st, const char *p, size_t n)
{
	if (n == 1 && p[0] == '0')
		return true;
	if (n < 2 || p[0] != '1' || p[1] != ',' ||
	    !get_item(p + 2, n - 2, &s->item))
		return false;
	struct first_or_last src = {{s->item.p, (uint32_t)s->item.len, 0}, true};
	agg_kinds[c].merge(s, st, &src);
	return true;
}

bool agg_partial_read_first(struct agg_set *s, void *st, const char *p,
			    size_t n)
{
	return read_first_or_last(s, KIND_FIRST, st, p, n);
}

bool agg_partial_read_last(struct agg_set *s, void *st, const char *p,
			   size_t n)
{
	return read_first_or_last(s, KIND_LAST, st, p, n);
}

/* Value arrays: sorted, a repeated value as VALUE*COUNT (quantile.h). */
void agg_partial_write_values(struct agg_set *s, struct aggregate *d, void *st,
			      struct buf *b)
{
	struct values *vs = st;
	if (d->pos == 0)
		values_sort(vs);
	buf_reset(&s->enc);
	uint64_t items = values_write(vs, &d->pos, STATE_BUDGET, &s->enc);
	d->done = d->pos >= vs->n;
	put_list(b, items, &s->enc);
}

bool agg_partial_read_values(struct agg_set *s, void *st, const char *p,
			     size_t n)
{
	(void)s;
	uint64_t k, items;
	struct slice rest;
	return read_list_head(p, n, &k, &rest) &&
	       values_read(st, rest.p, rest.n, &items) && items == k;
}

/* Sets: bytewise sorted items, ITEM*COUNT where mode needs the count. */
void agg_partial_write_set(struct agg_set *s, struct aggregate *d, void *st,
			   struct buf *b)
{
	bool counts = s->inputs[d->input].counts;
	if (!d->sorted)
		d->sorted = strset_sorted(st, &d->nsorted);
	buf_reset(&s->enc);
	size_t start = s->enc.len;
	uint64_t items = 0;
	while (d->pos < d->nsorted && s->enc.len - start < STATE_BUDGET) {
		struct strset_slot *e = d->sorted[d->pos++];
		struct slice v = strset_str(e);
		buf_addc(&s->enc, ',');
		put_item(&s->enc, v.p, v.n);
		if (counts && e->count > 1) {
			buf_addc(&s->enc, '*');
			buf_add_u64(&s->enc, e->count);
		}
		items++;
	}
	d->done = d->pos >= d->nsorted;
	put_list(b, items, &s->enc);
}

bool agg_partial_read_set(struct agg_set *s, void *st, const char *p,
			  size_t n)
{
	uint64_t k, got = 0;
	struct slice rest;
	if (!read_list_head(p, n, &k, &rest))
		return false;
	size_t i = 0;
	while (i < rest.n || (got < k && i == rest.n)) {
		const char *c = memchr(rest.p + i, ',', rest.n - i);
		size_t end = c ? (size_t)(c - rest.p) : rest.n;
		const char *star = memchr(rest.p + i, '*', end - i);
		size_t vend = star ? (size_t)(star - rest.p) : end;
		uint64_t cnt = 1;
		if (star && (!read_u64(star + 1, end - vend - 1, &cnt) || cnt == 0))
			return false;
		if (!get_item(rest.p + i, vend - i, &s->item))
			return false;
		uint64_t h = hash_bytes(s->item.p, s->item.len, HLL_SEED);
		strset_add(st, &s->arena, s->item.p, s->item.len, h,
			   cnt > UINT32_MAX ? UINT32_MAX : (uint32_t)cnt);
		got++;
		if (!c)
			break;
		i = end + 1;
	}
	return got == k;
}

void agg_partial_write_hll(struct agg_set *s, struct aggregate *d, void *st,
			   struct buf *b)
{
	(void)s, (void)d;
	hll_write(*(struct hll **)st, b);
}

bool agg_partial_read_hll(struct agg_set *s, void *st, const char *p,
			  size_t n)
{
	(void)s;
	return hll_read(st, p, n);
}

/* Sessions: sorted, as occupancy.h writes them. */
void agg_partial_write_occ(struct agg_set *s, struct aggregate *d, void *st,
			   struct buf *b)
{
	struct occ *o = st;
	if (d->pos == 0)
		occ_sort(o);
	size_t pos = (size_t)d->pos;
	buf_reset(&s->enc);
	uint64_t items = occ_write(o, &pos, STATE_BUDGET, &s->enc);
	d->pos = pos;
	d->done = pos >= o->n;
	put_list(b, items, &s->enc);
}

bool agg_partial_read_occ(struct agg_set *s, void *st, const char *p,
			  size_t n)
{
	(void)s;
	uint64_t k, items;
	struct slice rest;
	return read_list_head(p, n, &k, &rest) &&
	       occ_read(st, rest.p, rest.n, &items) && items == k;
}

/* ---- the keys of a partial record ---- */

/* The reserved keys that are not aggregates: _g (the group keys), _v (the
 * version), _conds (the condition of each aggregate), _src and _err (added
 * by other tools), _closing and _unseen (the closing record,
 * agg_partial_keys.h). */
static const char *const reserved[] = {"g",   "v",	    "conds", "src",
				       "err", "closing", "unseen"};

static bool is_reserved(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
		if (strlen(reserved[i]) == n && memcmp(reserved[i], name, n) == 0)
			return true;
	return false;
}

static bool is_aggregate_key(const struct field *f)
{
	return f->klen >= 2 && f->key[0] == '_' &&
	       !is_reserved(f->key + 1, f->klen - 1u);
}

void agg_partial_check_names(const struct agg_set *s)
{
	for (size_t i = 0; i < s->ndefs; i++) {
		const char *name = s->defs[i].name;
		if (is_reserved(name, strlen(name)))
			die_usage("-a: an aggregate named '%s' cannot be written "
				  "as a partial state (_%s is reserved): name it "
				  "otherwise", name, name);
	}
}

/* The aggregate named name[0..n) (hint: its likely index), or NULL. */
static struct aggregate *def_named(struct agg_set *s, const char *name,
				   size_t n, size_t hint)
{
	if (hint < s->ndefs && strlen(s->defs[hint].name) == n &&
	    memcmp(s->defs[hint].name, name, n) == 0)
		return &s->defs[hint];
	for (size_t i = 0; i < s->ndefs; i++)
		if (strlen(s->defs[i].name) == n &&
		    memcmp(s->defs[i].name, name, n) == 0)
			return &s->defs[i];
	return NULL;
}

/* ---- writing ---- */

static void put_key_op(struct buf *b, const struct aggregate *d)
{
	buf_adds(b, " _");
	buf_adds(b, d->name);
	buf_addc(b, '=');
	buf_adds(b, d->op_text);
	buf_addc(b, ':');
}

/* After a count's state, with --cell-key: "~" and the sum of its records'
 * keys in hex (that of state, or 0 for a state that merges as nothing). */
static void put_cell_key(struct buf *b, const struct agg_input *in,
			 const char *state)
{
	if (!(in->kinds & 1u << KIND_CKEY))
		return;
	static const char hex[] = "0123456789abcdef";
	uint64_t ck = state ? *STATE(const uint64_t, state, in, KIND_CKEY) : 0;
	char t[17];
	for (int i = 15; i >= 0; i--, ck >>= 4)
		t[i] = hex[ck & 15];
	buf_addc(b, '~');
	buf_add(b, t, 16);
}

/* A count's "~HEX" (put_cell_key) off the end of its state text p[0..*n):
 * its value into *ck; false when there is none or it is malformed. */
static bool take_cell_key(const char *p, size_t *n, uint64_t *ck)
{
	const char *t = memchr(p, '~', *n);
	if (!t || (size_t)(p + *n - t) != 17)
		return false;
	uint64_t v = 0;
	for (int i = 1; i <= 16; i++) {
		int d = hexdig(t[i]);
		if (d < 0)
			return false;
		v = v << 4 | (uint64_t)d;
	}
	*ck = v;
	*n = (size_t)(t - p);
	return true;
}

/* One record of a group: the prefix, then per aggregate its state (or
 * the next chunk of a list), a reference to the state it shares, or, once
 * written whole, the state that merges as nothing. */
static void put_record(struct agg_set *s, char *state, struct slice prefix,
		       struct buf *b)
{
	buf_add(b, prefix.p, prefix.n);
	for (size_t i = 0; i < s->ndefs; i++) {
		struct aggregate *d = &s->defs[i];
		enum state_kind c = d->op->kind;
		put_key_op(b, d);
		if (d->owner != i) {
			buf_addc(b, '@');
			buf_adds(b, s->defs[d->owner].name);
		} else if (d->done) {
			buf_adds(b, agg_kinds[c].empty);
			if (c == KIND_COUNT)
				put_cell_key(b, &s->inputs[d->input], NULL);
		} else {
			d->done = true; /* lists say otherwise */
			agg_kinds[c].write(s, d, state + s->inputs[d->input].off[c], b);
			if (c == KIND_COUNT)
				put_cell_key(b, &s->inputs[d->input], state);
		}
	}
	buf_addc(b, '\n');
}

static bool all_done(const struct agg_set *s)
{
	for (size_t i = 0; i < s->ndefs; i++)
		if (!s->defs[i].done)
			return false;
	return true;
}

/* A group's records: as many as its lists need. */
static void write_group(struct agg_set *s, char *state, struct slice prefix,
			struct output *out)
{
	for (size_t i = 0; i < s->ndefs; i++) {
		s->defs[i].pos = 0;
		s->defs[i].done = s->defs[i].owner != i;
	}
	do {
		put_record(s, state, prefix, &out->buf);
		out_maybe_flush(out);
	} while (!all_done(s));
	for (size_t i = 0; i < s->ndefs; i++) {
		free(s->defs[i].sorted);
		s->defs[i].sorted = NULL;
		s->defs[i].nsorted = 0;
	}
}

/* _conds: per aggregate, its condition's number (0: none), so that
 * --merge hides the values of one condition together; left out when no
 * aggregate has a condition. */
static void put_conds(const struct agg_set *s, struct buf *b)
{
	bool any = false;
	for (size_t i = 0; i < s->ndefs && !any; i++)
		any = s->defs[i].link >= 0;
	if (!any)
		return;
	buf_adds(b, " _conds=");
	for (size_t i = 0; i < s->ndefs; i++) {
		if (i)
			buf_addc(b, ',');
		buf_add_u64(b, (unsigned long long)(s->defs[i].link + 1));
	}
}

/* The group keys, _g (their names), _v and _conds. */
static void put_prefix(const struct groupby *g, const struct agg_set *s,
		       const struct group *gr, struct buf *b)
{
	groupby_put_keys(g, gr, b);
	if (g->nkeys) {
		buf_adds(b, b->len ? " _g=" : "_g=");
		for (size_t i = 0; i < g->nkeys; i++) {
			if (i)
				buf_addc(b, ',');
			buf_adds(b, g->keys[i].name);
		}
	}
	buf_adds(b, b->len ? " _v=" : "_v=");
	buf_add_u64(b, AGG_PARTIAL_VERSION);
	put_conds(s, b);
}

void agg_partial_write(const struct groupby *g, struct agg_set *s,
		       struct output *out)
{
	struct buf prefix = BUF_INIT;
	for (size_t j = 0; j < g->n; j++) {
		struct group *gr = g->groups[j];
		buf_reset(&prefix);
		put_prefix(g, s, gr, &prefix);
		write_group(s, group_state(gr), slice_of(prefix.p, prefix.len), out);
	}
	buf_free(&prefix);
}

/* ---- reading ---- */

void agg_partial_reader_init(struct agg_partial_reader *pr,
			     struct groupby *g, struct agg_set *s,
			     bool keys_given)
{
	memset(pr, 0, sizeof *pr);
	pr->g = g;
	pr->s = s;
	pr->keys_given = keys_given;
}

void agg_partial_reader_free(struct agg_partial_reader *pr)
{
	free(pr->first_g);
	free(pr->first_conds);
	buf_free(&pr->scratch);
	memset(pr, 0, sizeof *pr);
}

static void die_not_partial(const char *file, uint64_t line)
{
	die_at(file, line, "not a partial record (no valid _NAME=OP:STATE keys)");
}

/* Refuse a record of another format version than this one, before
 * anything of it is read: its states may mean something else. */
void agg_partial_check_version(const struct record *r, struct buf *scratch,
			       const char *file, uint64_t line)
{
	const struct field *f = record_get(r, "_v", 2);
	if (!f) {
		bool partial = false;
		for (size_t i = 0; i < r->n && !partial; i++)
			partial = is_aggregate_key(&r->f[i]);
		if (!partial)
			die_not_partial(file, line);
		die_at(file, line, "partial record without a format version "
		       "(_v): this dcr-agg reads version %d; write the partial "
		       "states again with it", AGG_PARTIAL_VERSION);
	}
	struct slice v = field_value(f, scratch);
	uint64_t version;
	if (!read_u64(v.p, v.n, &version) || v.n > 9)
		die_at(file, line, "_v: not a format version of partial states");
	if (version < AGG_PARTIAL_VERSION)
		die_at(file, line, "partial record of format version %llu, older "
		       "than the version %d this dcr-agg reads: merge it with "
		       "the dcr-agg that wrote it, or write it again",
		       (unsigned long long)version, AGG_PARTIAL_VERSION);
	if (version > AGG_PARTIAL_VERSION)
		die_at(file, line, "partial record of format version %llu, newer "
		       "than the version %d this dcr-agg reads: merge it with "
		       "the dcr-agg that wrote it",
		       (unsigned long long)version, AGG_PARTIAL_VERSION);
}

/* The aggregates of s from the first record's "_NAME=OP:STATE" keys;
 * false when one is not an aggregate state. */
static bool define_aggregates(struct agg_set *s, const struct record *r,
			      struct buf *scratch)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct field *f = &r->f[i];
		if (!is_aggregate_key(f))
			continue;
		struct slice v = field_value(f, scratch);
		const char *colon = memchr(v.p, ':', v.n);
		int64_t pct_mant = 50;
		int pct_scale = 0;
		const struct op *o =
			colon ? agg_find_op(v.p, (size_t)(colon - v.p), &pct_mant,
					    &pct_scale)
			      : NULL;
		if (!o)
			return false;
		struct aggregate *d = agg_new_def(s);
		d->name = xmemdup(f->key + 1, f->klen - 1u);
		d->op = o;
		d->op_text = xmemdup(v.p, (size_t)(colon - v.p));
		d->pct_mant = pct_mant;
		d->pct_scale = pct_scale;
		const char *st = colon + 1;
		size_t sn = v.n - (size_t)(st - v.p);
		struct aggregate *ref = sn > 1 && st[0] == '@'
					  ? def_named(s, st + 1, sn - 1, SIZE_MAX)
					  : NULL;
		if (ref && ref != d && ref->op->kind == o->kind)
			d->input = ref->input;
		else if (sn && st[0] == '@')
			return false;
		else
			d->input = agg_find_input(s, NULL, 0, -1, true);
	}
	return s->ndefs > 0;
}

/* r's _conds, or "" when it has none. */
static struct slice conds_of(const struct record *r, struct buf *scratch)
{
	const struct field *f = record_get(r, "_conds", 6);
	return f ? field_value(f, scratch) : slice_of("", 0);
}

/* Each aggregate's condition from _conds ("" : none has one); false when
 * it does not list one number per aggregate. */
static bool read_conds(struct agg_set *s, struct slice v)
{
	if (!v.n)
		return true;
	const char *p = v.p, *end = v.p + v.n;
	for (size_t i = 0; i < s->ndefs; i++) {
		const char *c = memchr(p, ',', (size_t)(end - p));
		size_t n = c ? (size_t)(c - p) : (size_t)(end - p);
		uint64_t x;
		if (!read_u64(p, n, &x) || x > (uint64_t)s->ndefs ||
		    (i + 1 < s->ndefs) != (c != NULL))
			return false;
		s->defs[i].link = (int)x - 1;
		p = c ? c + 1 : end;
	}
	return true;
}

void agg_partial_define(struct agg_partial_reader *pr,
			const struct record *r, const char *file,
			uint64_t line)
{
	agg_partial_check_version(r, &pr->scratch, file, line);
	if (!define_aggregates(pr->s, r, &pr->scratch))
		die_not_partial(file, line);
	struct slice cv = conds_of(r, &pr->scratch);
	if (!read_conds(pr->s, cv))
		die_at(file, line, "_conds: not one condition number per aggregate");
	pr->first_conds = xmemdup(cv.p, cv.n);
	const struct field *gf = record_get(r, "_g", 2);
	struct slice gv = gf ? field_value(gf, &pr->scratch) : slice_of("", 0);
	pr->first_g = xmemdup(gv.p, gv.n);
	if (!pr->keys_given && gv.n)
		groupby_parse(pr->g, pr->first_g, true);
	pr->defined = true;
}

#define KEY_LIST_CHARS "abcdefghijklmnopqrstuvwxyz0123456789_,"

/* Without -g, every record must be grouped as the first one was. */
static void check_grouping(const struct agg_partial_reader *pr,
			   struct slice gv, const char *file, uint64_t line)
{
	const char *first = pr->first_g;
	if (gv.n == strlen(first) && memcmp(gv.p, first, gv.n) == 0)
		return;
	/* _g names keys; say which only when it looks like that. */
	bool names = strspn(first, KEY_LIST_CHARS) == strlen(first);
	for (size_t i = 0; i < gv.n && names; i++)
		names = strchr(KEY_LIST_CHARS, gv.p[i]) != NULL;
	if (!names)
		die_at(file, line, "partial grouped otherwise than the first one "
		       "(-g chooses keys to merge by)");
	die_at(file, line, "partial grouped by '%.*s', the first one by '%s' "
	       "(-g chooses keys to merge by)", (int)gv.n, gv.p, first);
}

/* Merge the aggregate keys of r into a group's state. */
static void merge_states(struct agg_set *s, char *state,
			 const struct record *r, struct buf *scratch,
			 const char *file, uint64_t line)
{
	size_t hint = 0, found = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct field *f = &r->f[i];
		if (!is_aggregate_key(f))
			continue;
		found++;
		struct aggregate *d = def_named(s, f->key + 1, f->klen - 1u, hint);
		if (!d)
			die_at(file, line, "%.*s: not an aggregate of the first "
			       "partial record", (int)f->klen, f->key);
		size_t di = (size_t)(d - s->defs);
		hint = di + 1;
		struct slice v = field_value(f, scratch);
		size_t on = strlen(d->op_text);
		if (v.n <= on || memcmp(v.p, d->op_text, on) != 0 || v.p[on] != ':')
			die_at(file, line, "%.*s: not a state of %s", (int)f->klen,
			       f->key, d->op_text);
		const char *p = v.p + on + 1;
		size_t n = v.n - on - 1;
		if (d->owner != di) {
			const char *owner = s->defs[d->owner].name;
			if (n != strlen(owner) + 1 || p[0] != '@' ||
			    memcmp(p + 1, owner, n - 1) != 0)
				die_at(file, line, "%.*s: expected a reference to _%s",
				       (int)f->klen, f->key, owner);
			continue;
		}
		enum state_kind c = d->op->kind;
		const struct agg_input *in = &s->inputs[d->input];
		uint64_t ck = 0;
		if (c == KIND_COUNT && memchr(p, '~', n) &&
		    !take_cell_key(p, &n, &ck))
			die_at(file, line, "%.*s: malformed partial state",
			       (int)f->klen, f->key);
		if (c == KIND_COUNT && in->kinds & 1u << KIND_CKEY) {
			if (!memchr(v.p, '~', v.n))
				die_at(file, line, "%.*s: a state written without "
				       "--cell-key: write the partial states with "
				       "--cell-key too", (int)f->klen, f->key);
			*STATE(uint64_t, state, in, KIND_CKEY) += ck;
		}
		if (!agg_kinds[c].read(s, state + in->off[c], p, n))
			die_at(file, line, "%.*s: malformed partial state",
			       (int)f->klen, f->key);
	}
	if (!found)
		die_at(file, line, "not a partial record (no _NAME=OP:STATE keys)");
}

void agg_partial_merge(struct agg_partial_reader *pr,
		       const struct record *r, const char *file,
		       uint64_t line)
{
	agg_partial_check_version(r, &pr->scratch, file, line);
	if (!pr->keys_given) {
		const struct field *gf = record_get(r, "_g", 2);
		check_grouping(pr, gf ? field_value(gf, &pr->scratch)
				      : slice_of("", 0), file, line);
	}
	struct slice cv = conds_of(r, &pr->scratch);
	if (cv.n != strlen(pr->first_conds) ||
	    memcmp(cv.p, pr->first_conds, cv.n) != 0)
		die_at(file, line, "partial whose aggregates have other conditions "
		       "than the first one's (_conds): merge states written with "
		       "the same -a");
	struct group *gr = groupby_intern(pr->g, r, file, line);
	if (!gr)
		die_at(file, line, "partial record without a group key of -g");
	merge_states(pr->s, group_state(gr), r, &pr->scratch, file, line);
}
