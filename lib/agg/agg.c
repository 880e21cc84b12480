/* agg.c - the operator table of dcr-agg, parsing -a, the layout of group
 * states, adding records, and results. The kinds of state: agg_state.c;
 * partial states: agg_partial.c; the values min, max, first and last
 * keep: agg_extreme.c. */
#include "agg/agg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/ascii.h"
#include "base/err.h"
#include "base/hash.h"
#include "lang/expr.h"
#include "lang/expr_keys.h"
#include "record/hint.h"
#include "stats/hll.h"
#include "stats/moments.h"
#include "base/num.h"
#include "stats/occupancy.h"
#include "stats/quantile.h"
#include "time/timefmt.h"
#include "base/xmalloc.h"

#include "agg/agg_impl.h"

/* The operators: parsing, state kind, result, and the --help lines (which
 * the docs test compares with dcr-agg(1)). */
static const struct op ops[] = {
	{"count", KIND_COUNT, R_COUNT, F_FIELD_OPT, "count",
	 "records (count:FIELD: records that have FIELD)"},
	{"sum", KIND_MOMENTS, R_SUM, F_NUMERIC, "sum", "sum"},
	{"mean", KIND_MOMENTS, R_MEAN, F_NUMERIC, "mean", "arithmetic mean"},
	{"var", KIND_MOMENTS, R_VAR, F_NUMERIC, "var", "sample variance (n - 1)"},
	{"stdev", KIND_MOMENTS, R_STDEV, F_NUMERIC, "stdev",
	 "sample standard deviation (n - 1)"},
	{"min", KIND_MIN, R_MIN, 0, "min",
	 "smallest: numeric if all values are numbers, else bytewise"},
	{"max", KIND_MAX, R_MAX, 0, "max",
	 "largest: numeric if all values are numbers, else bytewise"},
	{"median", KIND_VALUES, R_PCT, F_NUMERIC, "median", "p50"},
	{"p", KIND_VALUES, R_PCT, F_NUMERIC | F_PCT, "pN",
	 "N-th percentile, 0 <= N <= 100 (p90, p99.9), type 7"},
	{"distinct", KIND_SET, R_DISTINCT, 0, "distinct",
	 "number of distinct values, exact"},
	{"approx_distinct", KIND_HLL, R_APPROX, 0, "approx_distinct",
	 "distinct values, exact to 2048, then HyperLogLog (0.81%)"},
	{"first", KIND_FIRST, R_FIRST, 0, "first", "first value in input order"},
	{"last", KIND_LAST, R_LAST, 0, "last", "last value in input order"},
	{"mode", KIND_SET, R_MODE, 0, "mode",
	 "most frequent value (ties: the smallest)"},
	{"peak", KIND_OCC, R_PEAK, F_NUMERIC, "peak",
	 "most sessions at once (NAME_at: when): T+SECS, T-SECS, A..B"},
};
enum { NOPS = sizeof ops / sizeof ops[0] };

bool agg_op_doc(size_t i, const char **name, const char **help)
{
	if (i >= NOPS)
		return false;
	*name = ops[i].doc;
	*help = ops[i].help;
	return true;
}

struct agg_set *agg_new(void)
{
	struct agg_set *s = xcalloc(1, sizeof *s);
	arena_init(&s->arena);
	return s;
}

/* ---- parsing -a ---- */

/* Where " if " begins in p[0..n), or NULL. */
static const char *find_if(const char *p, size_t n)
{
	for (size_t i = 1; i + 3 < n; i++)
		if (ascii_is_blank(p[i - 1]) && p[i] == 'i' && p[i + 1] == 'f' &&
		    ascii_is_blank(p[i + 2]))
			return p + i - 1;
	return NULL;
}

static int64_t pow10_small(int k)
{
	int64_t p = 1;
	while (k-- > 0)
		p *= 10;
	return p;
}

const struct op *agg_find_op(const char *s, size_t n, int64_t *mant,
			     int *scale)
{
	for (size_t i = 0; i < NOPS; i++) {
		const struct op *o = &ops[i];
		if (o->flags & F_PCT) {
			if (n < 2 || s[0] != 'p' || s[1] < '0' || s[1] > '9')
				continue;
			for (size_t k = 1; k < n; k++)
				if (!((s[k] >= '0' && s[k] <= '9') || s[k] == '.'))
					return NULL;
			if (!dec_parse(s + 1, n - 1, mant, scale) || *mant < 0 ||
			    *mant > 100 * pow10_small(*scale))
				return NULL;
			return o;
		}
		if (strlen(o->name) == n && memcmp(o->name, s, n) == 0) {
			*mant = 50;
			*scale = 0;
			return o;
		}
	}
	return NULL;
}

static size_t add_cond(struct agg_set *s, const char *src, size_t n)
{
	for (size_t i = 0; i < s->nconds; i++)
		if (strlen(s->cond_src[i]) == n && memcmp(s->cond_src[i], src, n) == 0)
			return i;
	char *text = xmemdup(src, n);
	struct expr_error err;
	struct expr *e = expr_compile(text, &err);
	if (!e) {
		expr_report(text, &err);
		die_usage("-a: invalid condition");
	}
	s->conds = xreallocarray(s->conds, s->nconds + 1, sizeof *s->conds);
	s->cond_src = xreallocarray(s->cond_src, s->nconds + 1, sizeof *s->cond_src);
	s->conds[s->nconds] = e;
	s->cond_src[s->nconds] = text;
	return s->nconds++;
}

size_t agg_find_input(struct agg_set *s, const char *field, size_t flen,
		      int cond, bool fresh)
{
	if (!fresh)
		for (size_t i = 0; i < s->ninputs; i++) {
			struct agg_input *in = &s->inputs[i];
			if (in->cond == cond && (field ? in->field && in->flen == flen &&
				memcmp(in->field, field, flen) == 0 : !in->field))
				return i;
		}
	if (s->ninputs == s->icap) {
		s->icap = s->icap ? size_mul(s->icap, 2) : 8;
		s->inputs = xreallocarray(s->inputs, s->icap, sizeof *s->inputs);
	}
	struct agg_input *in = &s->inputs[s->ninputs];
	memset(in, 0, sizeof *in);
	in->field = field ? xmemdup(field, flen) : NULL;
	in->flen = flen;
	in->cond = cond;
	return s->ninputs++;
}

struct aggregate *agg_new_def(struct agg_set *s)
{
	if (s->ndefs == s->dcap) {
		s->dcap = s->dcap ? size_mul(s->dcap, 2) : 8;
		s->defs = xreallocarray(s->defs, s->dcap, sizeof *s->defs);
	}
	struct aggregate *d = &s->defs[s->ndefs++];
	memset(d, 0, sizeof *d);
	d->link = -1;
	return d;
}

/* The default output key: count, FIELD_count, FIELD_OP, FIELD_pN (with
 * '.' as '_'), peak. */
static char *default_name(const struct op *o, struct slice op, struct slice field)
{
	struct buf b = BUF_INIT;
	if (o->res == R_PEAK || (o->res == R_COUNT && !field.n)) {
		buf_adds(&b, o->name);
	} else {
		buf_add(&b, field.p, field.n);
		buf_addc(&b, '_');
		for (size_t i = 0; i < op.n; i++)
			buf_addc(&b, op.p[i] == '.' ? '_' : op.p[i]);
	}
	char *r = xmemdup(b.p, b.len);
	buf_free(&b);
	return r;
}

static void check_name(const char *item, const char *name)
{
	if (!key_is_valid(name, strlen(name)) || name[0] == '_')
		die_usage("-a '%s': '%s' is not a valid output key "
			  "([a-z][a-z0-9_]*, at most 64 bytes)", item, name);
}

struct peak_spec {
	enum occ_form mode;
	struct slice t, o;
};

/* "T+LEN", "T-LEN", "START..END", or "LEN" for "ts+LEN". */
static bool parse_peak(struct slice f, struct peak_spec *peak)
{
	const char *dots = f.n >= 2 ? memmem(f.p, f.n, "..", 2) : NULL;
	const char *plus = memchr(f.p, '+', f.n), *minus = memchr(f.p, '-', f.n);
	const char *sep = dots ? dots : plus ? plus : minus;
	if (!sep) {
		peak->mode = OCC_PLUS;
		peak->t = slice_of("ts", 2);
		peak->o = f;
	} else {
		peak->mode = dots ? OCC_RANGE : plus ? OCC_PLUS : OCC_MINUS;
		peak->t = ascii_trim(f.p, (size_t)(sep - f.p));
		size_t skip = dots ? 2 : 1;
		peak->o = ascii_trim(sep + skip, f.n - (size_t)(sep - f.p) - skip);
	}
	return key_is_valid(peak->t.p, peak->t.n) &&
	       key_is_valid(peak->o.p, peak->o.n) && peak->t.p[0] != '_' &&
	       peak->o.p[0] != '_';
}

static void parse_item(struct agg_set *s, const char *p, size_t n,
		       const char *cond, size_t cn)
{
	struct slice it = ascii_trim(p, n);
	if (!it.n)
		die_usage("-a: empty aggregate");
	char *item = xmemdup(it.p, it.n);
	char *name = NULL;
	const char *eq = memchr(it.p, '=', it.n);
	struct slice spec = it;
	if (eq) {
		struct slice nm = ascii_trim(it.p, (size_t)(eq - it.p));
		name = xmemdup(nm.p, nm.n);
		spec = ascii_trim(eq + 1, it.n - (size_t)(eq + 1 - it.p));
	}
	const char *colon = memchr(spec.p, ':', spec.n);
	struct slice op = colon ? ascii_trim(spec.p, (size_t)(colon - spec.p)) : spec;
	struct slice field = colon ? ascii_trim(colon + 1, spec.n - (size_t)(colon + 1 - spec.p))
				   : slice_of(NULL, 0);
	int64_t pct_mant = 50;
	int pct_scale = 0;
	const struct op *o = agg_find_op(op.p, op.n, &pct_mant, &pct_scale);
	if (!o)
		die_usage("-a '%s': unknown operator (see --help)", item);
	if (!field.n && !(o->flags & F_FIELD_OPT))
		die_usage("-a '%s': %s needs a field (%s:FIELD)", item, o->name,
			  o->doc);
	struct peak_spec peak = {OCC_NONE, {NULL, 0}, {NULL, 0}};
	struct buf norm = BUF_INIT;
	if (o->res == R_PEAK) {
		if (!parse_peak(field, &peak))
			die_usage("-a '%s': expected peak:T+SECONDS, peak:T-SECONDS "
				  "or peak:START..END (T, START, END time keys)", item);
		buf_add(&norm, peak.t.p, peak.t.n);
		buf_adds(&norm, peak.mode == OCC_PLUS    ? "+"
				: peak.mode == OCC_MINUS ? "-"
							 : "..");
		buf_add(&norm, peak.o.p, peak.o.n);
		field = slice_of(norm.p, norm.len);
	} else if (colon && !key_is_valid(field.p, field.n)) {
		die_usage("-a '%s': invalid field name", item);
	}
	if (!name)
		name = default_name(o, op, field);
	check_name(item, name);
	int c = cond ? (int)add_cond(s, cond, cn) : -1;
	struct aggregate *d = agg_new_def(s);
	d->name = name;
	d->op = o;
	d->op_text = xmemdup(op.p, op.n);
	d->pct_mant = pct_mant;
	d->pct_scale = pct_scale;
	d->input = agg_find_input(s, field.n ? field.p : NULL, field.n, c, false);
	d->link = c;
	struct agg_input *in = &s->inputs[d->input];
	if (peak.mode != OCC_NONE && !in->occ) {
		in->occ = peak.mode;
		in->tkey = xmemdup(peak.t.p, peak.t.n);
		in->okey = xmemdup(peak.o.p, peak.o.n);
	}
	buf_free(&norm);
	free(item);
}

/* "A,B,C if COND" reads as if COND were for C alone, yet it is for all
 * three: refuse it, showing how to write either meaning. */
static void refuse_bare_list(const char *arg, struct slice list,
			     struct slice cond)
{
	const char *last = list.p + list.n;
	while (last[-1] != ',')
		last--;
	struct slice head = ascii_trim(list.p, (size_t)(last - 1 - list.p));
	struct slice tail = ascii_trim(last, (size_t)(list.p + list.n - last));
	die_usage("-a '%s': does the condition apply to every aggregate of the "
		  "list, or to the last? For all of them write -a '(%.*s) if %.*s';"
		  " for the last only -a '%.*s' -a '%.*s if %.*s'", arg,
		  (int)list.n, list.p, (int)cond.n, cond.p, (int)head.n, head.p,
		  (int)tail.n, tail.p, (int)cond.n, cond.p);
}

void agg_parse(struct agg_set *s, const char *arg)
{
	const char *end = arg + strlen(arg);
	const char *iff = find_if(arg, (size_t)(end - arg));
	struct slice cond = slice_of(NULL, 0);
	if (iff) {
		cond = ascii_trim(iff + 4, (size_t)(end - iff - 4));
		if (!cond.n)
			die_usage("-a: 'if' without a condition");
		end = iff;
	}
	struct slice list = ascii_trim(arg, (size_t)(end - arg));
	const char *p = list.p;
	end = list.p + list.n;
	if (list.n && list.p[0] == '(') {
		if (list.p[list.n - 1] != ')')
			die_usage("-a '%s': '(' without ')' before 'if'", arg);
		p++;
		end--;
	} else if (iff && memchr(list.p, ',', list.n)) {
		refuse_bare_list(arg, list, cond);
	}
	for (;;) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		parse_item(s, p, (size_t)((comma ? comma : end) - p), cond.p, cond.n);
		if (!comma)
			return;
		p = comma + 1;
	}
}

static void name_cond_key(void *kc, const char *k, size_t kn)
{
	keycheck_name(kc, "-a", k, kn);
}

void agg_name_keys(const struct agg_set *s, struct keycheck *kc)
{
	/* the keys an "if" condition reads: a typo there counts nothing */
	for (size_t i = 0; i < s->nconds; i++)
		expr_each_key(s->conds[i], name_cond_key, kc);
	for (size_t i = 0; i < s->ninputs; i++) {
		const struct agg_input *in = &s->inputs[i];
		if (in->occ) {
			keycheck_name(kc, "-a", in->tkey, strlen(in->tkey));
			keycheck_name(kc, "-a", in->okey, strlen(in->okey));
		} else if (in->field) {
			keycheck_name(kc, "-a", in->field, in->flen);
		}
	}
}

/* ---- layout ---- */

void agg_setup(struct agg_set *s, bool strict)
{
	s->strict = strict;
	if (s->ndefs == 0)
		agg_parse(s, "count");
	for (size_t i = 0; i < s->ndefs; i++) {
		struct aggregate *d = &s->defs[i];
		struct agg_input *in = &s->inputs[d->input];
		if (s->cell_key && (d->op->res == R_SUM || d->op->res == R_APPROX))
			die_usage("-a %s: --cell-key perturbs counts, not %s: a "
				  "%s would give away what the noise hides; leave "
				  "it out", d->name, d->op_text,
				  d->op->res == R_SUM ? "sum" : "estimate");
		if (s->cell_key && d->op->kind == KIND_COUNT)
			in->kinds |= 1u << KIND_CKEY;
		d->owner = i;
		for (size_t j = 0; j < i; j++)
			if (s->defs[j].input == d->input &&
			    s->defs[j].op->kind == d->op->kind) {
				d->owner = j;
				break;
			}
		in->kinds |= 1u << d->op->kind;
		if (d->op->flags & F_NUMERIC) {
			in->numeric = true;
			if (!in->warn_name)
				in->warn_name = d->name;
		}
		if (d->op->res == R_MODE)
			in->counts = true;
	}
	size_t off = 0;
	for (size_t i = 0; i < s->ninputs; i++) {
		struct agg_input *in = &s->inputs[i];
		in->parse_num = in->kinds & (1u << KIND_VALUES | 1u << KIND_MIN |
					     1u << KIND_MAX);
		for (int c = 0; c < KIND_N; c++) {
			if (!(in->kinds & (1u << c)))
				continue;
			in->off[c] = off;
			/* 8-aligned: no state has a wider member, and a
			 * group's block (groupby.h) is 8-aligned. */
			off = size_add(off, (agg_kinds[c].size + 7) & ~(size_t)7);
		}
	}
	s->state_size = off ? off : 8;
	/* columns */
	s->cols = xcalloc(size_mul(s->ndefs, 2), sizeof *s->cols);
	for (size_t i = 0; i < s->ndefs; i++) {
		struct aggregate *d = &s->defs[i];
		s->cols[s->ncols++] = d->name;
		if (d->op->res == R_PEAK) {
			size_t n = strlen(d->name);
			d->at_name = xmalloc(n + 4);
			memcpy(d->at_name, d->name, n);
			memcpy(d->at_name + n, "_at", 4);
			if (!key_is_valid(d->at_name, n + 3))
				die_usage("-a: output key '%s_at' is longer than 64 bytes",
					  d->name);
			s->cols[s->ncols++] = d->at_name;
		}
	}
	for (size_t i = 0; i < s->ncols; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(s->cols[i], s->cols[j]) == 0)
				die_usage("-a: output key '%s' given twice "
					  "(name one with NAME=OP:FIELD)", s->cols[i]);
	s->cond_holds = xcalloc(s->nconds ? s->nconds : 1, sizeof *s->cond_holds);
}

size_t agg_state_size(const struct agg_set *s) { return s->state_size; }
size_t agg_ncols(const struct agg_set *s) { return s->ncols; }
const char *agg_col_name(const struct agg_set *s, size_t i) { return s->cols[i]; }

/* ---- adding records ---- */

#define COMMA_HINT "a decimal comma: dcr-parse --decimal-comma KEY reads it"

static void skip(struct agg_set *s, uint64_t *counter,
		 const struct agg_input *in, const char *what, const char *file,
		 uint64_t line)
{
	if (s->strict)
		die_at(file, line, "%s: %s (--strict)", in->field, what);
	(*counter)++;
}

static void min_or_max_add(struct min_or_max *m, const char *p, size_t n,
			   bool isnum, double x, int sign)
{
	/* The merge only reads src's bytes. */
	struct min_or_max one = {{(char *)p, (uint32_t)n, 0}, x, 0, true, isnum,
				 false};
	one.is_int = isnum && num_parse_i64(p, n, &one.inum);
	agg_min_or_max_merge(m, &one, sign);
}

static bool field_time(const struct record *r, const char *key, size_t *hint,
		       dcr_time *t, struct buf *scratch)
{
	const struct field *f = record_get_hinted(r, key, strlen(key), hint);
	if (!f)
		return false;
	struct slice v = field_value(f, scratch);
	return time_parse_canonical(v.p, v.n, t) ||
	       time_parse_rfc3339(v.p, v.n, t) == TIME_OK;
}

static bool field_seconds(const struct record *r, const char *key,
			  size_t *hint, int64_t *ns, struct buf *scratch)
{
	const struct field *f = record_get_hinted(r, key, strlen(key), hint);
	if (!f)
		return false;
	struct slice v = field_value(f, scratch);
	return occ_parse_seconds(v.p, v.n, ns) && *ns >= 0;
}

/* A session from the record's two fields, as the input's spec says. */
static void occ_add_record(struct agg_set *s, struct agg_input *in, char *st,
			   const struct record *r, const char *file,
			   uint64_t line)
{
	dcr_time t, u = 0, start = 0, end = 0;
	int64_t len = 0;
	bool ok = field_time(r, in->tkey, &in->thint, &t, &s->scratch);
	if (ok && in->occ == OCC_RANGE)
		ok = field_time(r, in->okey, &in->ohint, &u, &s->scratch) && u >= t;
	else if (ok)
		ok = field_seconds(r, in->okey, &in->ohint, &len, &s->scratch);
	if (ok) {
		if (in->occ == OCC_RANGE)
			start = t, end = u;
		else if (in->occ == OCC_PLUS)
			start = t, ok = !__builtin_add_overflow(t, len, &end);
		else
			end = t, ok = !__builtin_sub_overflow(t, len, &start);
	}
	if (!ok) {
		if (s->strict)
			die_at(file, line, "%s: not a session (--strict)", in->field);
		in->not_num++;
		return;
	}
	occ_add(STATE(struct occ, st, in, KIND_OCC), start, end);
}

/* The key of record r (--cell-key): its fields as they came, each key,
 * '=', the value's bytes (its quoting marked) and a space. */
static uint64_t record_key(struct agg_set *s, const struct record *r)
{
	struct buf *b = &s->record_bytes;
	buf_reset(b);
	for (size_t i = 0; i < r->n; i++) {
		const struct field *f = &r->f[i];
		buf_add(b, f->key, f->klen);
		buf_adds(b, f->quoted ? "=\"" : "=");
		buf_add(b, f->val, f->vlen);
		buf_addc(b, ' ');
	}
	return key_record_key(s->cell_key, b->p, b->len);
}

static void count_record(struct agg_input *in, char *st, uint64_t rkey)
{
	(*st_count(st, in))++;
	if (in->kinds & 1u << KIND_CKEY)
		*STATE(uint64_t, st, in, KIND_CKEY) += rkey;
}

static void add_value(struct agg_set *s, struct agg_input *in, char *st,
		      struct slice v, uint64_t rkey, const char *file,
		      uint64_t line)
{
	unsigned c = in->kinds;
	if (c & 1u << KIND_COUNT)
		count_record(in, st, rkey);
	double x = 0;
	bool isnum = false;
	if (in->parse_num)
		isnum = num_parse(v.p, v.n, &x);
	if (c & 1u << KIND_MOMENTS) {
		bool ok = moments_add_text(STATE(struct moments, st, in, KIND_MOMENTS),
					   v.p, v.n);
		if (!in->parse_num)
			isnum = ok;
	}
	if (in->numeric && !isnum && (c & (1u << KIND_MOMENTS | 1u << KIND_VALUES))) {
		/* "25,4" from a Dutch export: say how to read it, not only that
		 * it was skipped. */
		bool comma = num_looks_decimal_comma(v.p, v.n);
		in->comma_num += comma;
		skip(s, &in->not_num, in, comma ? "not a number (" COMMA_HINT ")"
		     : "not a number", file, line);
	}
	if (isnum && (c & 1u << KIND_VALUES))
		values_add(STATE(struct values, st, in, KIND_VALUES), x);
	if (c & 1u << KIND_MIN)
		min_or_max_add(STATE(struct min_or_max, st, in, KIND_MIN), v.p,
			       v.n, isnum, x, 1);
	if (c & 1u << KIND_MAX)
		min_or_max_add(STATE(struct min_or_max, st, in, KIND_MAX), v.p,
			       v.n, isnum, x, -1);
	if (c & (1u << KIND_SET | 1u << KIND_HLL)) {
		uint64_t h = hash_bytes(v.p, v.n, HLL_SEED);
		if (c & 1u << KIND_SET)
			strset_add(STATE(struct strset, st, in, KIND_SET),
				   &s->arena, v.p, v.n, h, 1);
		if (c & 1u << KIND_HLL)
			hll_add(STATE(struct hll *, st, in, KIND_HLL), h);
	}
	if (c & 1u << KIND_FIRST) {
		struct first_or_last *f = STATE(struct first_or_last, st, in, KIND_FIRST);
		if (!f->any) {
			f->any = true;
			value_copy_set(&f->str, v.p, v.n);
		}
	}
	if (c & 1u << KIND_LAST) {
		struct first_or_last *f = STATE(struct first_or_last, st, in, KIND_LAST);
		f->any = true;
		value_copy_set(&f->str, v.p, v.n);
	}
}

void agg_add_record(struct agg_set *s, char *state, const struct record *r,
		    const char *file, uint64_t line)
{
	for (size_t i = 0; i < s->nconds; i++) {
		int v = expr_eval(s->conds[i], r);
		if (v < 0) {
			if (s->defer)
				s->failed = true;
			else
				warn_at(file, line, "condition '%s': %s",
					s->cond_src[i], expr_errmsg(s->conds[i]));
			v = 0;
		}
		s->cond_holds[i] = v;
	}
	uint64_t rkey = s->cell_key ? record_key(s, r) : 0;
	for (size_t i = 0; i < s->ninputs; i++) {
		struct agg_input *in = &s->inputs[i];
		if (in->cond >= 0 && !s->cond_holds[in->cond])
			continue;
		if (!in->field) {
			count_record(in, state, rkey);
			continue;
		}
		if (in->occ) {
			occ_add_record(s, in, state, r, file, line);
			continue;
		}
		const struct field *f =
		    record_get_hinted(r, in->field, in->flen, &in->hint);
		if (!f) {
			if (in->numeric)
				skip(s, &in->missing, in, "missing", file, line);
			continue;
		}
		add_value(s, in, state, field_value(f, &s->scratch), rkey, file,
			  line);
	}
}

/* ---- results ---- */

static void put_num(struct agg_value *v, struct buf *text, double x)
{
	v->present = v->is_num = true;
	v->num = x;
	v->off = text->len;
	num_put(text, x);
	v->len = text->len - v->off;
}

static void put_str(struct agg_value *v, struct buf *text, const char *p,
		    size_t n)
{
	v->present = true;
	v->off = text->len;
	buf_add(text, p, n);
	v->len = n;
	v->is_num = num_parse(p, n, &v->num);
}

static void result_min_or_max(struct min_or_max *m, struct agg_value *v,
			      struct buf *text)
{
	if (!m->any)
		return;
	if (m->all_num && m->is_int) {
		v->present = v->is_num = true;
		v->num = (double)m->inum;
		v->off = text->len;
		buf_add_i64(text, m->inum);
		v->len = text->len - v->off;
	} else if (m->all_num) {
		put_num(v, text, m->num);
	} else
		put_str(v, text, m->str.p, m->str.len);
}

/* The most frequent value; ties go to the smallest (numerically when all
 * values are numbers), so the result does not depend on input order. */
static void result_mode(struct strset *set, struct agg_value *v,
			struct buf *text)
{
	if (!set->n)
		return;
	bool all_num = true;
	uint32_t best = 0;
	for (uint32_t i = 0; i <= set->mask; i++) {
		struct strset_slot *e = &set->slots[i];
		if (!e->s)
			continue;
		double x;
		struct slice str = strset_str(e);
		if (all_num && !num_parse(str.p, str.n, &x))
			all_num = false;
		if (e->count > best)
			best = e->count;
	}
	struct strset_slot *pick = NULL;
	double px = 0;
	for (uint32_t i = 0; i <= set->mask; i++) {
		struct strset_slot *e = &set->slots[i];
		if (!e->s || e->count != best)
			continue;
		struct slice str = strset_str(e);
		double x = 0;
		if (all_num)
			num_parse(str.p, str.n, &x);
		bool better = !pick;
		if (pick) {
			struct slice picked = strset_str(pick);
			int c = slice_cmp(str, picked);
			better = all_num ? x < px || (x == px && c < 0) : c < 0;
		}
		if (better) {
			pick = e;
			px = x;
		}
	}
	struct slice str = strset_str(pick);
	put_str(v, text, str.p, str.n);
}

void agg_results(struct agg_set *s, char *state, struct agg_value *vals,
		 struct buf *text)
{
	size_t k = 0;
	for (size_t i = 0; i < s->ndefs; i++) {
		struct aggregate *d = &s->defs[i];
		struct agg_input *in = &s->inputs[d->input];
		struct agg_value *v = &vals[k++];
		memset(v, 0, sizeof *v);
		double x;
		switch (d->op->res) {
		case R_COUNT:
			v->present = v->is_num = true;
			v->num = (double)*st_count(state, in);
			v->off = text->len;
			buf_add_u64(text, *st_count(state, in));
			v->len = text->len - v->off;
			break;
		case R_SUM:
			v->present = v->is_num = true;
			v->off = text->len;
			v->num = moments_sum(STATE(struct moments, state, in, KIND_MOMENTS), text);
			v->len = text->len - v->off;
			break;
		case R_MEAN:
			if (moments_mean(STATE(struct moments, state, in, KIND_MOMENTS), &x))
				put_num(v, text, x);
			break;
		case R_VAR:
			if (moments_var(STATE(struct moments, state, in, KIND_MOMENTS), &x))
				put_num(v, text, x);
			break;
		case R_STDEV:
			if (moments_stdev(STATE(struct moments, state, in, KIND_MOMENTS), &x))
				put_num(v, text, x);
			break;
		case R_MIN:
			result_min_or_max(STATE(struct min_or_max, state, in, KIND_MIN), v, text);
			break;
		case R_MAX:
			result_min_or_max(STATE(struct min_or_max, state, in, KIND_MAX), v, text);
			break;
		case R_PCT: {
			struct values *vs = STATE(struct values, state, in, KIND_VALUES);
			if (vs->n) {
				values_sort(vs);
				put_num(v, text, values_quantile(vs, d->pct_mant, d->pct_scale));
			}
			break;
		}
		case R_DISTINCT:
			put_num(v, text, STATE(struct strset, state, in, KIND_SET)->n);
			break;
		case R_APPROX:
			put_num(v, text, hll_estimate(*STATE(struct hll *, state, in, KIND_HLL)));
			break;
		case R_FIRST:
		case R_LAST: {
			enum state_kind c =
				d->op->res == R_FIRST ? KIND_FIRST : KIND_LAST;
			struct first_or_last *f =
				STATE(struct first_or_last, state, in, c);
			if (f->any)
				put_str(v, text, f->str.p, f->str.len);
			break;
		}
		case R_MODE:
			result_mode(STATE(struct strset, state, in, KIND_SET), v, text);
			break;
		case R_PEAK: {
			dcr_time at = 0;
			const struct occ *o = STATE(struct occ, state, in, KIND_OCC);
			uint64_t peak = occ_peak(o, &at);
			/* No session at all is no measurement, not a peak of 0. */
			if (o->n)
				put_num(v, text, (double)peak);
			else if (!s->uncounted)
				d->no_peak++;
			struct agg_value *va = &vals[k++];
			memset(va, 0, sizeof *va);
			if (peak) {
				char tb[TIME_BUFSZ];
				size_t n = time_format_utc(at, tb);
				put_str(va, text, tb, n);
			}
			break;
		}
		}
		/* Values near 1e308 can add up past the range of a double:
		 * inf or nan would come out, which dcr never writes. */
		if (v->present && v->is_num && !isfinite(v->num)) {
			static bool warned;
			text->len = v->off;
			memset(v, 0, sizeof *v);
			if (!warned)
				warn("%s: result out of range, not written", d->name);
			warned = true;
		}
	}
}

/* The number of values an input holds, from the first of its states that
 * counts them, or AGG_SUPPORT_UNKNOWN. */
static uint64_t input_support(char *state, const struct agg_input *in)
{
	for (int c = 0; c < KIND_N; c++)
		if ((in->kinds & 1u << c) && agg_kinds[c].support)
			return agg_kinds[c].support(state + in->off[c]);
	return AGG_SUPPORT_UNKNOWN;
}

void agg_support(struct agg_set *s, char *state, uint64_t *support)
{
	size_t k = 0;
	for (size_t i = 0; i < s->ndefs; i++) {
		struct aggregate *d = &s->defs[i];
		struct agg_input *in = &s->inputs[d->input];
		uint64_t n;
		switch (d->op->res) {
		case R_DISTINCT:
			n = STATE(struct strset, state, in, KIND_SET)->n;
			break;
		case R_APPROX:
			n = (uint64_t)hll_estimate(*STATE(struct hll *, state, in, KIND_HLL));
			break;
		default:
			n = input_support(state, in);
		}
		support[k++] = n;
		if (d->op->res == R_PEAK)
			support[k++] = n; /* NAME_at */
	}
}

void agg_columns(const struct agg_set *s, struct agg_column *cols)
{
	size_t k = 0;
	for (size_t i = 0; i < s->ndefs; i++) {
		enum result r = s->defs[i].op->res;
		cols[k++] = (struct agg_column){r == R_COUNT || r == R_SUM,
						r == R_COUNT || r == R_DISTINCT,
						s->defs[i].link};
		if (r == R_PEAK) /* NAME_at */
			cols[k++] = (struct agg_column){false, false,
							s->defs[i].link};
	}
}

void agg_set_cell_key(struct agg_set *s, const struct key *k)
{
	s->cell_key = k;
}

/* The cell key of a distinct count: the sum of its values' keys. */
static uint64_t set_cell_key(const struct agg_set *s, const struct strset *set)
{
	uint64_t ck = 0;
	if (!set->slots)
		return 0;
	for (size_t i = 0; i <= set->mask; i++) {
		const struct strset_slot *e = &set->slots[i];
		if (e->s) {
			struct slice v = strset_str(e);
			ck += key_record_key(s->cell_key, v.p, v.n);
		}
	}
	return ck;
}

void agg_cell_keys(struct agg_set *s, char *state, uint64_t *ck, bool *has)
{
	size_t k = 0;
	for (size_t i = 0; i < s->ndefs; i++) {
		struct aggregate *d = &s->defs[i];
		struct agg_input *in = &s->inputs[d->input];
		has[k] = s->cell_key && (d->op->res == R_COUNT ||
					 d->op->res == R_DISTINCT);
		ck[k] = !has[k]			 ? 0
			: d->op->res == R_COUNT ? *STATE(uint64_t, state, in, KIND_CKEY)
						: set_cell_key(s, STATE(struct strset, state, in, KIND_SET));
		k++;
		if (d->op->res == R_PEAK) {
			has[k] = false;
			ck[k++] = 0;
		}
	}
}

/* ---- the end ---- */

void agg_defer_errors(struct agg_set *s) { s->defer = true; }
bool agg_failed(const struct agg_set *s) { return s->failed; }

void agg_report_skipped(const struct agg_set *s)
{
	int seen = err_seen; /* skipped values are reported, not errors */
	for (size_t i = 0; i < s->ninputs; i++) {
		const struct agg_input *in = &s->inputs[i];
		if (in->occ && in->not_num)
			warn("%s: skipped %llu record%s where %s is not a session "
			     "(missing, not a time or a duration, or ending first)",
			     in->warn_name, (unsigned long long)in->not_num,
			     in->not_num == 1 ? "" : "s", in->field);
		else if (in->not_num && in->comma_num)
			warn("%s: skipped %llu value%s of %s: not a number (%llu with "
			     "a decimal comma, such as 25,4: dcr-parse --decimal-comma "
			     "%s reads them)", in->warn_name,
			     (unsigned long long)in->not_num,
			     in->not_num == 1 ? "" : "s", in->field,
			     (unsigned long long)in->comma_num, in->field);
		else if (in->not_num)
			warn("%s: skipped %llu value%s of %s: not a number",
			     in->warn_name, (unsigned long long)in->not_num,
			     in->not_num == 1 ? "" : "s", in->field);
		if (in->missing)
			warn("%s: skipped %llu record%s without %s", in->warn_name,
			     (unsigned long long)in->missing,
			     in->missing == 1 ? "" : "s", in->field);
	}
	for (size_t i = 0; i < s->ndefs; i++)
		if (s->defs[i].no_peak)
			warn("%s: no value for %llu group%s: none of %s records "
			     "was a session of positive length", s->defs[i].name,
			     (unsigned long long)s->defs[i].no_peak,
			     s->defs[i].no_peak == 1 ? "" : "s",
			     s->defs[i].no_peak == 1 ? "its" : "their");
	err_seen = seen;
}

void agg_count_results(struct agg_set *s, bool on)
{
	s->uncounted = !on;
}

void agg_free(struct agg_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ndefs; i++) {
		free(s->defs[i].name);
		free(s->defs[i].at_name);
		free(s->defs[i].op_text);
		free(s->defs[i].sorted);
	}
	for (size_t i = 0; i < s->ninputs; i++) {
		free(s->inputs[i].field);
		free(s->inputs[i].tkey);
		free(s->inputs[i].okey);
	}
	for (size_t i = 0; i < s->nconds; i++) {
		expr_free(s->conds[i]);
		free(s->cond_src[i]);
	}
	free(s->defs);
	free(s->inputs);
	free(s->conds);
	free(s->cond_src);
	free(s->cond_holds);
	free(s->cols);
	arena_free(&s->arena);
	buf_free(&s->scratch);
	buf_free(&s->record_bytes);
	buf_free(&s->enc);
	buf_free(&s->item);
	free(s);
}
