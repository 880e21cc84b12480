/* agg_partial.c - partial states of dcr-agg: written as records
 * (--partial), read back and merged (--merge). See agg_partial.h for the
 * record layout. */
#include "agg/agg_partial.h"

#include <stdlib.h>
#include <string.h>

#include "agg/agg_impl.h"
#include "base/err.h"
#include "base/hash.h"
#include "stats/hll.h"
#include "stats/moments.h"
#include "base/num.h"
#include "stats/occupancy.h"
#include "stats/quantile.h"

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

enum { STATE_BUDGET = 64 << 10 }; /* bytes of list items per record */

static void write_mm(struct buf *b, const struct mm *m)
{
	if (!m->any) {
		buf_addc(b, '0');
		return;
	}
	buf_add(b, "1,", 2);
	if (m->all_num)
		num_put(b, m->num);
	buf_addc(b, ',');
	put_item(b, m->str.p, m->str.len);
}

static void write_fl(struct buf *b, const struct fl *f)
{
	if (!f->any) {
		buf_addc(b, '0');
		return;
	}
	buf_add(b, "1,", 2);
	put_item(b, f->str.p, f->str.len);
}

static uint64_t write_set_items(struct def *d, bool counts, struct buf *b)
{
	size_t start = b->len;
	uint64_t items = 0;
	while (d->pos < d->nsorted && b->len - start < STATE_BUDGET) {
		struct strset_slot *sl = d->sorted[d->pos++];
		struct slice v = strset_str(sl);
		buf_addc(b, ',');
		put_item(b, v.p, v.n);
		if (counts && sl->count > 1) {
			buf_addc(b, '*');
			buf_add_u64(b, sl->count);
		}
		items++;
	}
	return items;
}

/* Write an owner's state (or its next chunk, for lists). */
static void write_state(struct agg_set *s, struct def *d, char *st,
			struct buf *b)
{
	struct slot *sl = &s->slots[d->slot];
	uint64_t items;
	d->done = true;
	switch (d->op->comp) {
	case C_COUNT:
		buf_add_u64(b, *st_count(st, sl));
		return;
	case C_MOMENTS:
		moments_write(STATE(struct moments, st, sl, C_MOMENTS), b);
		return;
	case C_MIN:
	case C_MAX:
		write_mm(b, STATE(struct mm, st, sl, d->op->comp));
		return;
	case C_FIRST:
	case C_LAST:
		write_fl(b, STATE(struct fl, st, sl, d->op->comp));
		return;
	case C_HLL:
		hll_write(*STATE(struct hll *, st, sl, C_HLL), b);
		return;
	case C_VALUES: {
		struct values *vs = STATE(struct values, st, sl, C_VALUES);
		buf_reset(&s->enc);
		items = values_write(vs, &d->pos, STATE_BUDGET, &s->enc);
		d->done = d->pos >= vs->n;
		break;
	}
	case C_SET:
		buf_reset(&s->enc);
		items = write_set_items(d, sl->counts, &s->enc);
		d->done = d->pos >= d->nsorted;
		break;
	case C_OCC: {
		struct occ *o = STATE(struct occ, st, sl, C_OCC);
		size_t pos = (size_t)d->pos;
		buf_reset(&s->enc);
		items = occ_write(o, &pos, STATE_BUDGET, &s->enc);
		d->pos = pos;
		d->done = pos >= o->n;
		break;
	}
	default:
		return;
	}
	buf_add_u64(b, items);
	buf_add(b, s->enc.p, s->enc.len);
}

/* The state that merges as nothing, for continuation records. */
static void write_identity(struct buf *b, enum comp c)
{
	switch (c) {
	case C_MOMENTS: buf_adds(b, "0,0,0,0"); break;
	case C_HLL: buf_addc(b, 's'); break;
	default: buf_addc(b, '0'); break;
	}
}

static void put_key_op(struct buf *b, const struct def *d, bool first)
{
	buf_adds(b, first ? "_" : " _");
	buf_adds(b, d->name);
	buf_addc(b, '=');
	buf_adds(b, d->op_text);
	buf_addc(b, ':');
}

void agg_partial_write(struct agg_set *s, char *state, struct slice prefix,
		       struct output *out)
{
	for (size_t i = 0; i < s->ndefs; i++) {
		struct def *d = &s->defs[i];
		struct slot *sl = &s->slots[d->slot];
		d->pos = 0;
		d->done = true;
		if (d->owner != i)
			continue;
		if (d->op->comp == C_VALUES)
			values_sort(STATE(struct values, state, sl, C_VALUES));
		if (d->op->comp == C_OCC)
			occ_sort(STATE(struct occ, state, sl, C_OCC));
		if (d->op->comp == C_SET)
			d->sorted = strset_sorted(STATE(struct strset, state, sl, C_SET),
						&d->nsorted);
	}
	struct buf *b = &out->buf;
	buf_add(b, prefix.p, prefix.n);
	for (size_t i = 0; i < s->ndefs; i++) {
		struct def *d = &s->defs[i];
		put_key_op(b, d, i == 0 && prefix.n == 0);
		if (d->owner != i) {
			buf_addc(b, '@');
			buf_adds(b, s->defs[d->owner].name);
			continue;
		}
		write_state(s, d, state, b);
	}
	buf_addc(b, '\n');
	out_maybe_flush(out);
	/* Continuation records for lists longer than one record's budget.
	 * They name every aggregate (finished ones with a state that merges
	 * as nothing), so that any of them can come first after a shuffle. */
	for (;;) {
		bool more = false;
		for (size_t i = 0; i < s->ndefs; i++)
			more |= !s->defs[i].done;
		if (!more)
			break;
		buf_add(b, prefix.p, prefix.n);
		for (size_t i = 0; i < s->ndefs; i++) {
			struct def *d = &s->defs[i];
			put_key_op(b, d, i == 0 && prefix.n == 0);
			if (d->owner != i) {
				buf_addc(b, '@');
				buf_adds(b, s->defs[d->owner].name);
			} else if (d->done) {
				write_identity(b, d->op->comp);
			} else {
				write_state(s, d, state, b);
			}
		}
		buf_addc(b, '\n');
		out_maybe_flush(out);
	}
	for (size_t i = 0; i < s->ndefs; i++) {
		free(s->defs[i].sorted);
		s->defs[i].sorted = NULL;
		s->defs[i].nsorted = 0;
	}
}

/* ---- merging partial states ---- */

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

static bool read_mm(struct agg_set *s, struct mm *m, const char *p, size_t n,
		    int sign)
{
	if (n == 1 && p[0] == '0')
		return true;
	if (n < 3 || p[0] != '1' || p[1] != ',')
		return false;
	const char *c = memchr(p + 2, ',', n - 2);
	if (!c)
		return false;
	size_t nn = (size_t)(c - p - 2);
	double x = 0;
	bool isnum = nn > 0;
	if (isnum && !num_parse(p + 2, nn, &x))
		return false;
	if (!get_item(c + 1, n - (size_t)(c + 1 - p), &s->item))
		return false;
	struct mm src = {{s->item.p, (uint32_t)s->item.len, 0}, x, true, isnum};
	if (!m->any) {
		m->any = true;
		m->all_num = src.all_num;
		m->num = x;
		agg_sbuf_set(&m->str, src.str.p, src.str.len);
		return true;
	}
	if (m->all_num && src.all_num) {
		if (sign * (x - m->num) < 0)
			m->num = x;
	} else {
		m->all_num = false;
	}
	if (sign * bytecmp(src.str.p, src.str.len, m->str.p, m->str.len) < 0)
		agg_sbuf_set(&m->str, src.str.p, src.str.len);
	return true;
}

static bool read_fl(struct agg_set *s, struct fl *f, const char *p, size_t n,
		    bool last)
{
	if (n == 1 && p[0] == '0')
		return true;
	if (n < 2 || p[0] != '1' || p[1] != ',' ||
	    !get_item(p + 2, n - 2, &s->item))
		return false;
	if (!f->any || last)
		agg_sbuf_set(&f->str, s->item.p, s->item.len);
	f->any = true;
	return true;
}

static bool read_set(struct agg_set *s, struct strset *set, const char *p,
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
		strset_add(set, &s->arena, s->item.p, s->item.len, h,
			 cnt > UINT32_MAX ? UINT32_MAX : (uint32_t)cnt);
		got++;
		if (!c)
			break;
		i = end + 1;
	}
	return got == k;
}

static bool read_state(struct agg_set *s, struct def *d, char *st,
		       const char *p, size_t n)
{
	struct slot *sl = &s->slots[d->slot];
	uint64_t k, items;
	struct slice rest;
	switch (d->op->comp) {
	case C_COUNT: {
		uint64_t v;
		if (!read_u64(p, n, &v))
			return false;
		*st_count(st, sl) += v;
		return true;
	}
	case C_MOMENTS:
		return moments_read(STATE(struct moments, st, sl, C_MOMENTS), p, n);
	case C_MIN:
		return read_mm(s, STATE(struct mm, st, sl, C_MIN), p, n, 1);
	case C_MAX:
		return read_mm(s, STATE(struct mm, st, sl, C_MAX), p, n, -1);
	case C_FIRST:
		return read_fl(s, STATE(struct fl, st, sl, C_FIRST), p, n, false);
	case C_LAST:
		return read_fl(s, STATE(struct fl, st, sl, C_LAST), p, n, true);
	case C_HLL:
		return hll_read(STATE(struct hll *, st, sl, C_HLL), p, n);
	case C_VALUES:
		return read_list_head(p, n, &k, &rest) &&
		       values_read(STATE(struct values, st, sl, C_VALUES), rest.p,
				   rest.n, &items) && items == k;
	case C_SET:
		return read_set(s, STATE(struct strset, st, sl, C_SET), p, n);
	case C_OCC:
		return read_list_head(p, n, &k, &rest) &&
		       occ_read(STATE(struct occ, st, sl, C_OCC), rest.p, rest.n,
				&items) && items == k;
	default:
		return false;
	}
}

void agg_partial_merge(struct agg_set *s, char *state, const struct record *r,
		       struct buf *scratch, const char *file, uint64_t line)
{
	size_t hint = 0, found = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct field *f = &r->f[i];
		if (f->key[0] != '_' || f->klen < 2 || agg_reserved_key(f))
			continue;
		found++;
		struct def *d = agg_def_named(s, f->key + 1, f->klen - 1u, hint);
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
		if (!read_state(s, d, state, p, n))
			die_at(file, line, "%.*s: malformed partial state",
			       (int)f->klen, f->key);
	}
	if (!found)
		die_at(file, line, "not a partial record (no _NAME=OP:STATE keys)");
}

/* ---- merging states in memory (threads) ---- */

static void merge_mm(struct mm *m, const struct mm *src, int sign)
{
	if (!src->any)
		return;
	if (!m->any) {
		m->any = true;
		m->all_num = src->all_num;
		m->num = src->num;
		agg_sbuf_set(&m->str, src->str.p, src->str.len);
		return;
	}
	if (m->all_num && src->all_num) {
		if (sign * (src->num - m->num) < 0)
			m->num = src->num;
	} else {
		m->all_num = false;
	}
	if (sign * bytecmp(src->str.p, src->str.len, m->str.p, m->str.len) < 0)
		agg_sbuf_set(&m->str, src->str.p, src->str.len);
}

static void merge_set(struct agg_set *s, struct strset *dst,
		      const struct strset *src)
{
	if (!src->slots)
		return;
	for (uint32_t i = 0; i <= src->mask; i++) {
		const struct strset_slot *sl = &src->slots[i];
		if (!sl->s)
			continue;
		struct slice v = strset_str(sl);
		strset_add(dst, &s->arena, v.p, v.n, hash_bytes(v.p, v.n, HLL_SEED),
			 sl->count);
	}
}

void agg_merge_state(struct agg_set *dst, char *d, const struct agg_set *src,
		     char *sst)
{
	if (src->state_size != dst->state_size || src->nslots != dst->nslots)
		abort(); /* not made from the same -a arguments */
	for (size_t i = 0; i < dst->nslots; i++) {
		const struct slot *sl = &dst->slots[i];
		unsigned c = sl->comps;
		if (c & 1u << C_COUNT)
			*STATE(uint64_t, d, sl, C_COUNT) += *STATE(uint64_t, sst, sl, C_COUNT);
		if (c & 1u << C_MOMENTS)
			moments_merge(STATE(struct moments, d, sl, C_MOMENTS),
				      STATE(struct moments, sst, sl, C_MOMENTS));
		if (c & 1u << C_MIN)
			merge_mm(STATE(struct mm, d, sl, C_MIN),
				 STATE(struct mm, sst, sl, C_MIN), 1);
		if (c & 1u << C_MAX)
			merge_mm(STATE(struct mm, d, sl, C_MAX),
				 STATE(struct mm, sst, sl, C_MAX), -1);
		if (c & 1u << C_VALUES)
			values_merge(STATE(struct values, d, sl, C_VALUES),
				     STATE(struct values, sst, sl, C_VALUES));
		if (c & 1u << C_SET)
			merge_set(dst, STATE(struct strset, d, sl, C_SET),
				  STATE(struct strset, sst, sl, C_SET));
		if (c & 1u << C_HLL)
			hll_merge(STATE(struct hll *, d, sl, C_HLL),
				  *STATE(struct hll *, sst, sl, C_HLL));
		if (c & 1u << C_FIRST) {
			struct fl *f = STATE(struct fl, d, sl, C_FIRST);
			const struct fl *g = STATE(struct fl, sst, sl, C_FIRST);
			if (!f->any && g->any) {
				f->any = true;
				agg_sbuf_set(&f->str, g->str.p, g->str.len);
			}
		}
		if (c & 1u << C_LAST) {
			struct fl *f = STATE(struct fl, d, sl, C_LAST);
			const struct fl *g = STATE(struct fl, sst, sl, C_LAST);
			if (g->any) {
				f->any = true;
				agg_sbuf_set(&f->str, g->str.p, g->str.len);
			}
		}
		if (c & 1u << C_OCC)
			occ_merge(STATE(struct occ, d, sl, C_OCC),
				  STATE(struct occ, sst, sl, C_OCC));
	}
}

void agg_merge_skipped(struct agg_set *dst, const struct agg_set *src)
{
	for (size_t i = 0; i < dst->nslots; i++) {
		dst->slots[i].not_num += src->slots[i].not_num;
		dst->slots[i].missing += src->slots[i].missing;
	}
}

void agg_defer_errors(struct agg_set *s) { s->defer = true; }
bool agg_failed(const struct agg_set *s) { return s->failed; }
