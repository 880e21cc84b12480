/* moments.c - exact sums of values and of their squares, and the results
 * rounded once from them. */
#include "stats/moments.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "base/xmalloc.h"
#include "stats/wide.h"

__extension__ typedef unsigned __int128 u128;

/* The sums of a state past 64 bits (moments.h): the decimals' as 256-bit
 * two's complement at the largest scale seen, and the doubles' bin. */
struct moments_wide {
	uint64_t n;
	uint64_t s[MOM_DEC], ss[MOM_DEC];
	int scale;	/* 0..9 */
	struct moments_bin *bin;
};

enum { MAX_SCALE = 9, MAX_DIGITS = 18 };

static const int64_t pow10_i64[19] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
	1000000000, 10000000000, 100000000000, 1000000000000,
	10000000000000, 100000000000000, 1000000000000000,
	10000000000000000, 100000000000000000, 1000000000000000000
};

/* Append digit d to the mantissa; false past MAX_DIGITS significant. */
static bool push_digit(int64_t *v, int *digits, int d)
{
	if (*v == 0 && d == 0)
		return true; /* a leading zero */
	if (++*digits > MAX_DIGITS)
		return false;
	*v = *v * 10 + d;
	return true;
}

bool dec_parse(const char *s, size_t n, int64_t *mant, int *scale)
{
	size_t i = 0, seen = 0;
	bool neg = false;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	int64_t v = 0;
	int digits = 0, frac = 0, zeros = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, seen++)
		if (!push_digit(&v, &digits, s[i] - '0'))
			return false;
	if (i < n && s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, seen++) {
			frac++;
			if (s[i] == '0') {
				zeros++; /* pending: trailing zeros are dropped */
				continue;
			}
			for (; zeros; zeros--)
				if (!push_digit(&v, &digits, 0))
					return false;
			if (!push_digit(&v, &digits, s[i] - '0'))
				return false;
		}
	}
	if (i != n || seen == 0)
		return false;
	frac -= zeros;
	if (frac > MAX_SCALE)
		return false;
	*mant = neg ? -v : v;
	*scale = frac;
	return true;
}

/* ---- adding ---- */

enum { BIN_S_EXP = 1074, BIN_SS_EXP = 2148 };

/* (w0, w1, w2) = a * f */
static void mul_128_64(u128 a, uint64_t f, uint64_t w[3])
{
	u128 p0 = (u128)(uint64_t)a * f, p1 = (u128)(uint64_t)(a >> 64) * f;
	u128 mid = (p0 >> 64) + (uint64_t)p1;
	w[0] = (uint64_t)p0;
	w[1] = (uint64_t)mid;
	w[2] = (uint64_t)(p1 >> 64) + (uint64_t)(mid >> 64);
}

/* Bring the decimal sums from m->scale up to scale k. */
static void rescale(struct moments_wide *m, int k)
{
	if (k <= m->scale)
		return;
	uint64_t f = (uint64_t)pow10_i64[k - m->scale];
	limbs_mul_u64(m->s, MOM_DEC, f);
	limbs_mul_u64(m->ss, MOM_DEC, f * f); /* at most 10^18 */
	m->scale = k;
}

static void add_exact(struct moments_wide *m, int64_t mant, int scale)
{
	rescale(m, scale);
	bool neg = mant < 0;
	uint64_t a = neg ? 0 - (uint64_t)mant : (uint64_t)mant; /* < 10^18 */
	uint64_t f = (uint64_t)pow10_i64[m->scale - scale];
	limbs_add_shifted(m->s, MOM_DEC, (u128)a * f, 0, neg);
	uint64_t w[3];
	mul_128_64((u128)a * a, f * f, w);
	limbs_add3(m->ss, MOM_DEC, 0, w[0], w[1], w[2], false);
	m->n++;
}

static struct moments_bin *bin_of(struct moments_wide *m)
{
	if (!m->bin)
		m->bin = xcalloc(1, sizeof *m->bin);
	return m->bin;
}

static void mw_add_double(struct moments_wide *m, double x)
{
	m->n++;
	if (x == 0 || !isfinite(x))
		return; /* the parser gives finite numbers only */
	/* x = mant * 2^e exactly, mant < 2^53, e >= -1074. */
	int e;
	double f = frexp(fabs(x), &e);
	uint64_t mant = (uint64_t)ldexp(f, 53);
	e -= 53;
	if (e < -BIN_S_EXP) {
		mant >>= -BIN_S_EXP - e; /* only zero bits go: x is a double */
		e = -BIN_S_EXP;
	}
	struct moments_bin *b = bin_of(m);
	limbs_add_shifted(b->s, MOM_BIN_S, mant, (unsigned)(e + BIN_S_EXP), x < 0);
	limbs_add_shifted(b->ss, MOM_BIN_SS, (u128)mant * mant,
			  (unsigned)(2 * e + BIN_SS_EXP), false);
}

static void add_limbs(uint64_t *a, const uint64_t *b, size_t n)
{
	unsigned carry = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t r;
		unsigned c = __builtin_add_overflow(a[i], b[i], &r);
		c += __builtin_add_overflow(r, (uint64_t)carry, &r);
		a[i] = r;
		carry = c;
	}
}

static void mw_merge(struct moments_wide *dst, const struct moments_wide *src)
{
	if (src->n == 0)
		return;
	struct moments_wide b = *src;
	rescale(&b, dst->scale);
	rescale(dst, b.scale);
	add_limbs(dst->s, b.s, MOM_DEC);
	add_limbs(dst->ss, b.ss, MOM_DEC);
	if (src->bin) {
		struct moments_bin *d = bin_of(dst);
		add_limbs(d->s, src->bin->s, MOM_BIN_S);
		add_limbs(d->ss, src->bin->ss, MOM_BIN_SS);
	}
	dst->n += src->n;
}

static void mw_free(struct moments_wide *m)
{
	free(m->bin);
	m->bin = NULL;
}

/* ---- results ---- */

/* The exact sums as integers: sum = S / (D 2^L), sum of squares =
 * SS / (D^2 2^2L), with D = 10^scale and L = 1074 when there are doubles
 * (else 0). False only if the wide integers were too narrow, which the
 * sizes rule out. */
static bool exact_sums(const struct moments_wide *m, struct wide *S,
		       struct wide *SS, long *L)
{
	wide_from_limbs(S, m->s, MOM_DEC);
	wide_from_limbs(SS, m->ss, MOM_DEC);
	*L = 0;
	if (!m->bin)
		return true;
	*L = BIN_S_EXP;
	uint64_t d = (uint64_t)pow10_i64[m->scale];
	struct wide B, C;
	wide_from_limbs(&B, m->bin->s, MOM_BIN_S);
	wide_from_limbs(&C, m->bin->ss, MOM_BIN_SS);
	return wide_shl(S, BIN_S_EXP) && wide_mul_u64(&B, d) &&
	       wide_add(S, S, &B) && wide_shl(SS, BIN_SS_EXP) &&
	       wide_mul_u64(&C, d * d) && wide_add(SS, SS, &C);
}

/* The digits of S / 10^scale as exact decimal text, trailing fraction
 * zeros dropped. */
static void exact_decimal(const struct wide *S, int scale, struct buf *out)
{
	struct buf d = BUF_INIT;
	struct wide mag = *S;
	mag.neg = false;
	wide_put(&d, &mag);
	size_t nd = d.len, sc = (size_t)scale;
	if (S->neg)
		buf_addc(out, '-');
	size_t start = out->len;
	if (nd <= sc) {
		buf_adds(out, "0.");
		for (size_t i = nd; i < sc; i++)
			buf_addc(out, '0');
		buf_add(out, d.p, nd);
	} else {
		buf_add(out, d.p, nd - sc);
		if (sc) {
			buf_addc(out, '.');
			buf_add(out, d.p + nd - sc, sc);
		}
	}
	if (sc && out->len > start) {
		while (out->p[out->len - 1] == '0')
			out->len--;
		if (out->p[out->len - 1] == '.')
			out->len--;
	}
	buf_free(&d);
}

static double mw_sum(const struct moments_wide *m, struct buf *txt)
{
	struct wide S, SS;
	long L;
	if (!exact_sums(m, &S, &SS, &L))
		abort(); /* the sizes in moments.h rule it out */
	if (!m->bin) {
		struct buf t = BUF_INIT;
		exact_decimal(&S, m->scale, &t);
		buf_addc(&t, '\0');
		double v = strtod(t.p, NULL);
		if (txt) {
			if (!memchr(t.p, '.', t.len - 1))
				buf_add(txt, t.p, t.len - 1); /* integers exactly */
			else
				num_put(txt, v);
		}
		buf_free(&t);
		return v;
	}
	double v = (double)(wide_to_ld(&S, -L) / pow10_i64[m->scale]);
	if (txt)
		num_put(txt, v);
	return v;
}

static bool mw_mean(const struct moments_wide *m, double *out)
{
	if (m->n == 0)
		return false;
	struct wide S, SS;
	long L;
	if (!exact_sums(m, &S, &SS, &L))
		abort();
	*out = (double)(wide_to_ld(&S, -L) / pow10_i64[m->scale] /
			(long double)m->n);
	return true;
}

/* The variance in long double: (n SS - S^2) exactly, then one division. */
static bool var_ld(const struct moments_wide *m, long double *out)
{
	if (m->n < 2)
		return false;
	struct wide S, SS, S2;
	long L;
	if (!exact_sums(m, &S, &SS, &L) || !wide_mul_u64(&SS, m->n) ||
	    !wide_mul(&S2, &S, &S) || !wide_sub(&SS, &SS, &S2))
		abort();
	long double d = (long double)pow10_i64[m->scale];
	long double v = wide_to_ld(&SS, -2 * L) / ((long double)m->n *
						   (long double)(m->n - 1)) /
			(d * d);
	*out = v > 0 ? v : 0;
	return true;
}

static bool mw_var(const struct moments_wide *m, double *out)
{
	long double v;
	if (!var_ld(m, &v))
		return false;
	*out = (double)v;
	return true;
}

static bool mw_stdev(const struct moments_wide *m, double *out)
{
	long double v;
	if (!var_ld(m, &v))
		return false;
	*out = (double)sqrtl(v);
	return true;
}

/* ---- state text ---- */

static void put_limbs(struct buf *out, const uint64_t *a, size_t n)
{
	struct wide w;
	wide_from_limbs(&w, a, n);
	wide_put(out, &w);
}

static void mw_write(const struct moments_wide *m, struct buf *out)
{
	buf_add_u64(out, m->n);
	buf_addc(out, ',');
	put_limbs(out, m->s, MOM_DEC);
	buf_addc(out, ',');
	put_limbs(out, m->ss, MOM_DEC);
	buf_addc(out, ',');
	buf_add_u64(out, (unsigned long long)m->scale);
	if (m->bin) {
		buf_addc(out, ',');
		put_limbs(out, m->bin->s, MOM_BIN_S);
		buf_addc(out, ',');
		put_limbs(out, m->bin->ss, MOM_BIN_SS);
	}
}

/* The next ','-separated item of s[*i..n); *i becomes n + 1 after the
 * last one. */
static struct slice next_item(const char *s, size_t n, size_t *i)
{
	size_t start = *i;
	if (start > n)
		return slice_of(s + n, 0); /* past the last item: stays there */
	const char *c = memchr(s + start, ',', n - start);
	size_t end = c ? (size_t)(c - s) : n;
	*i = c ? end + 1 : n + 1;
	return slice_of(s + start, end - start);
}

/* An integer item into the two's complement a[0..n); nonneg: no sign. */
static bool read_limbs(struct slice v, uint64_t *a, size_t n, bool nonneg)
{
	struct wide w;
	return v.n <= WIDE_LIMBS * 19 && wide_parse(&w, v.p, v.n) &&
	       !(nonneg && w.neg) && wide_to_limbs(&w, a, n);
}

/* The state text s[0..n) into the empty b; false (b still empty) if it
 * is malformed. */
static bool mw_parse(struct moments_wide *b0, const char *s, size_t n)
{
	struct moments_wide b;
	memset(&b, 0, sizeof b);
	size_t i = 0;
	struct slice cnt = next_item(s, n, &i);
	unsigned long long scale = 0;
	int64_t nv;
	if (!num_parse_i64(cnt.p, cnt.n, &nv) || nv < 0 || i > n)
		return false;
	b.n = (uint64_t)nv;
	if (!read_limbs(next_item(s, n, &i), b.s, MOM_DEC, false) ||
	    !read_limbs(next_item(s, n, &i), b.ss, MOM_DEC, true))
		return false;
	struct slice sc = next_item(s, n, &i);
	if (sc.n != 1 || sc.p[0] < '0' || sc.p[0] > '0' + MAX_SCALE)
		return false;
	scale = (unsigned long long)(sc.p[0] - '0');
	b.scale = (int)scale;
	if (i <= n) {
		struct moments_bin *bin = bin_of(&b);
		if (!read_limbs(next_item(s, n, &i), bin->s, MOM_BIN_S, false) ||
		    !read_limbs(next_item(s, n, &i), bin->ss, MOM_BIN_SS, true) ||
		    i != n + 1) {
			mw_free(&b);
			return false;
		}
	}
	*b0 = b;
	return true;
}

/* ---- the compact state: 64-bit sums while they fit ----
 *
 * A state's sums start as an int64_t and a uint64_t at the largest scale
 * seen, which is all that log values (durations, counts) ever need; the
 * first value, rescale or merge that would overflow either, and any
 * double, moves them once into a struct moments_wide of the same value,
 * so every result, and the state text, is the one the wide sums give. */

/* w with the value of the small sums of m. */
static void wide_of_small(struct moments_wide *w, const struct moments *m)
{
	memset(w, 0, sizeof *w);
	w->n = m->n;
	w->scale = m->scale;
	uint64_t fill = m->u.small.s < 0 ? UINT64_MAX : 0;
	w->s[0] = (uint64_t)m->u.small.s;
	for (size_t i = 1; i < MOM_DEC; i++)
		w->s[i] = fill;
	w->ss[0] = m->u.small.ss;
}

/* m's wide sums, made from its small ones on first use. */
static struct moments_wide *widen(struct moments *m)
{
	if (!m->is_wide) {
		struct moments_wide *w = xmalloc(sizeof *w);
		wide_of_small(w, m);
		m->u.wide = w;
		m->is_wide = true;
	}
	return m->u.wide;
}

/* The wide sums of m to read: its own, or tmp made from the small ones. */
static const struct moments_wide *view(const struct moments *m,
				       struct moments_wide *tmp)
{
	if (m->is_wide)
		return m->u.wide;
	wide_of_small(tmp, m);
	return tmp;
}

/* *s and *ss from scale from up to scale to; false if either overflows. */
static bool small_rescale(int64_t *s, uint64_t *ss, int from, int to)
{
	if (to <= from)
		return true;
	int64_t f = pow10_i64[to - from]; /* at most 10^9 */
	return !__builtin_mul_overflow(*s, f, s) &&
	       !__builtin_mul_overflow(*ss, (uint64_t)(f * f), ss);
}

/* Add mant * 10^-scale to the small sums; false (m unchanged) when they
 * would overflow. */
static bool small_add(struct moments *m, int64_t mant, int scale)
{
	int k = scale > m->scale ? scale : m->scale;
	int64_t s = m->u.small.s, v;
	uint64_t ss = m->u.small.ss;
	if (!small_rescale(&s, &ss, m->scale, k) ||
	    __builtin_mul_overflow(mant, pow10_i64[k - scale], &v))
		return false;
	uint64_t a = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	u128 sq = (u128)a * a;
	if (sq >> 64 || __builtin_add_overflow(s, v, &s) ||
	    __builtin_add_overflow(ss, (uint64_t)sq, &ss))
		return false;
	m->u.small.s = s;
	m->u.small.ss = ss;
	m->scale = k;
	m->n++;
	return true;
}

/* dst += src, both small; false (dst unchanged) when the sums overflow. */
static bool small_merge(struct moments *dst, const struct moments *src)
{
	int k = dst->scale > src->scale ? dst->scale : src->scale;
	int64_t s = dst->u.small.s, bs = src->u.small.s;
	uint64_t ss = dst->u.small.ss, bss = src->u.small.ss;
	if (!small_rescale(&s, &ss, dst->scale, k) ||
	    !small_rescale(&bs, &bss, src->scale, k) ||
	    __builtin_add_overflow(s, bs, &s) ||
	    __builtin_add_overflow(ss, bss, &ss))
		return false;
	dst->u.small.s = s;
	dst->u.small.ss = ss;
	dst->scale = k;
	dst->n += src->n;
	return true;
}

/* The small state of w's value; false when it has doubles or its sums
 * do not fit. */
static bool small_of_wide(struct moments *m, const struct moments_wide *w)
{
	uint64_t fill = w->s[0] >> 63 ? UINT64_MAX : 0;
	for (size_t i = 1; i < MOM_DEC; i++)
		if (w->s[i] != fill || w->ss[i] != 0)
			return false;
	if (w->bin)
		return false;
	memset(m, 0, sizeof *m);
	m->n = w->n;
	m->u.small.s = (int64_t)w->s[0];
	m->u.small.ss = w->ss[0];
	m->scale = w->scale;
	return true;
}

bool moments_add_text(struct moments *m, const char *s, size_t n)
{
	int64_t mant;
	int scale;
	if (dec_parse(s, n, &mant, &scale)) {
		if (m->is_wide || !small_add(m, mant, scale)) {
			struct moments_wide *w = widen(m);
			add_exact(w, mant, scale);
			m->n = w->n;
		}
		return true;
	}
	double x;
	if (!num_parse(s, n, &x))
		return false;
	moments_add_double(m, x);
	return true;
}

void moments_add_double(struct moments *m, double x)
{
	struct moments_wide *w = widen(m);
	mw_add_double(w, x);
	m->n = w->n;
}

void moments_merge(struct moments *dst, const struct moments *src)
{
	if (src->n == 0 ||
	    (!dst->is_wide && !src->is_wide && small_merge(dst, src)))
		return;
	struct moments_wide tmp;
	const struct moments_wide *b = view(src, &tmp);
	struct moments_wide *w = widen(dst);
	mw_merge(w, b);
	dst->n = w->n;
}

void moments_free(struct moments *m)
{
	if (m->is_wide) {
		mw_free(m->u.wide);
		free(m->u.wide);
	}
	memset(m, 0, sizeof *m);
}

bool moments_has_doubles(const struct moments *m)
{
	return m->is_wide && m->u.wide->bin;
}

double moments_sum(const struct moments *m, struct buf *txt)
{
	struct moments_wide tmp;
	return mw_sum(view(m, &tmp), txt);
}

bool moments_mean(const struct moments *m, double *out)
{
	if (m->is_wide || m->n == 0) {
		struct moments_wide tmp;
		return mw_mean(view(m, &tmp), out);
	}
	/* mw_mean's own steps: a sum of one limb converts exactly */
	int64_t s = m->u.small.s;
	long double v = (long double)(s < 0 ? 0 - (uint64_t)s : (uint64_t)s);
	v = s < 0 ? -v : v;
	*out = (double)(v / pow10_i64[m->scale] / (long double)m->n);
	return true;
}

bool moments_var(const struct moments *m, double *out)
{
	struct moments_wide tmp;
	return mw_var(view(m, &tmp), out);
}

bool moments_stdev(const struct moments *m, double *out)
{
	struct moments_wide tmp;
	return mw_stdev(view(m, &tmp), out);
}

void moments_write(const struct moments *m, struct buf *out)
{
	struct moments_wide tmp;
	mw_write(view(m, &tmp), out);
}

bool moments_read(struct moments *m, const char *s, size_t n)
{
	struct moments_wide b;
	if (!mw_parse(&b, s, n))
		return false;
	struct moments src;
	if (!small_of_wide(&src, &b)) {
		memset(&src, 0, sizeof src);
		src.n = b.n;
		src.u.wide = &b;
		src.is_wide = true;
	}
	moments_merge(m, &src);
	mw_free(&b);
	return true;
}
