/* moments.c - exact decimal sums of values and of their squares. */
#include "stats/moments.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"

__extension__ typedef unsigned __int128 mom_uint;

enum { MAX_SCALE = 9, MAX_DIGITS = 18 };

static const int64_t pow10_i64[19] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
	1000000000, 10000000000, 100000000000, 1000000000000,
	10000000000000, 100000000000000, 1000000000000000,
	10000000000000000, 100000000000000000, 1000000000000000000
};

static long double pow10_ld(int k)
{
	long double p = 1;
	while (k-- > 0)
		p *= 10;
	return p;
}

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

/* ---- the double fallback ---- */

static void neumaier(double *sum, double *comp, double x)
{
	double t = *sum + x;
	if (fabs(*sum) >= fabs(x))
		*comp += (*sum - t) + x;
	else
		*comp += (x - t) + *sum;
	*sum = t;
}

static void go_inexact(struct moments *m)
{
	if (m->inexact)
		return;
	long double sc = pow10_ld(m->scale);
	long double s = (long double)m->s / sc;
	long double ss = (long double)m->ss / (sc * sc);
	m->sum = (double)s;
	m->comp = (double)(s - (long double)m->sum);
	if (m->n) {
		m->mean = (double)(s / m->n);
		long double m2 = ss - s * s / m->n;
		m->m2 = m2 > 0 ? (double)m2 : 0;
	} else {
		m->mean = m->m2 = 0;
	}
	m->s = m->ss = 0;
	m->scale = 0;
	m->inexact = true;
}

void moments_add_double(struct moments *m, double x)
{
	go_inexact(m);
	neumaier(&m->sum, &m->comp, x);
	m->n++;
	double d = x - m->mean;
	m->mean += d / (double)m->n;
	m->m2 += d * (x - m->mean);
}

/* ---- exact ---- */

/* Multiply both sums up to scale k; false on overflow. */
static bool rescale(mom_int *s, mom_int *ss, int from, int k)
{
	mom_int f = pow10_i64[k - from];
	mom_int f2 = f * f;
	return !__builtin_mul_overflow(*s, f, s) &&
	       !__builtin_mul_overflow(*ss, f2, ss);
}

static bool add_exact(struct moments *m, int64_t mant, int scale)
{
	mom_int s = m->s, ss = m->ss;
	int sc = m->scale;
	if (scale > sc) {
		if (!rescale(&s, &ss, sc, scale))
			return false;
		sc = scale;
	}
	mom_int v = (mom_int)mant * pow10_i64[sc - scale], v2;
	if (__builtin_mul_overflow(v, v, &v2) ||
	    __builtin_add_overflow(s, v, &s) ||
	    __builtin_add_overflow(ss, v2, &ss))
		return false;
	m->s = s;
	m->ss = ss;
	m->scale = sc;
	m->n++;
	return true;
}

bool moments_add_text(struct moments *m, const char *s, size_t n)
{
	int64_t mant;
	int scale;
	if (!m->inexact && dec_parse(s, n, &mant, &scale) &&
	    add_exact(m, mant, scale))
		return true;
	double x;
	if (!num_parse(s, n, &x))
		return false;
	moments_add_double(m, x);
	return true;
}

void moments_merge(struct moments *dst, const struct moments *src)
{
	if (src->n == 0)
		return;
	if (dst->n == 0) {
		*dst = *src;
		return;
	}
	if (!dst->inexact && !src->inexact) {
		mom_int s = src->s, ss = src->ss, ds = dst->s, dss = dst->ss;
		int sc = dst->scale > src->scale ? dst->scale : src->scale;
		if (rescale(&s, &ss, src->scale, sc) &&
		    rescale(&ds, &dss, dst->scale, sc) &&
		    !__builtin_add_overflow(ds, s, &ds) &&
		    !__builtin_add_overflow(dss, ss, &dss)) {
			dst->s = ds;
			dst->ss = dss;
			dst->scale = sc;
			dst->n += src->n;
			return;
		}
	}
	struct moments b = *src;
	go_inexact(&b);
	go_inexact(dst);
	/* Chan et al.'s pairwise update of mean and squared deviations. */
	double na = (double)dst->n, nb = (double)b.n, nt = na + nb;
	double d = b.mean - dst->mean;
	dst->mean += d * nb / nt;
	dst->m2 += b.m2 + d * d * na * nb / nt;
	neumaier(&dst->sum, &dst->comp, b.sum);
	neumaier(&dst->sum, &dst->comp, b.comp);
	dst->n += b.n;
}

/* ---- results ---- */

/* Decimal digits of |v| into tmp (from the end); returns the start. */
static char *int_digits(mom_int v, char *end)
{
	mom_uint u = v < 0 ? -(mom_uint)v : (mom_uint)v;
	char *p = end;
	do {
		*--p = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	return p;
}

/* v / 10^scale as exact decimal text, trailing fraction zeros dropped. */
static size_t exact_decimal(mom_int v, int scale, char *buf)
{
	char tmp[64];
	char *end = tmp + sizeof tmp;
	char *d = int_digits(v, end);
	size_t nd = (size_t)(end - d), k = 0;
	if (v < 0)
		buf[k++] = '-';
	size_t sc = (size_t)scale;
	if (nd <= sc) {
		buf[k++] = '0';
		buf[k++] = '.';
		for (size_t i = nd; i < sc; i++)
			buf[k++] = '0';
		memcpy(buf + k, d, nd);
		k += nd;
	} else {
		memcpy(buf + k, d, nd - sc);
		k += nd - sc;
		if (sc) {
			buf[k++] = '.';
			memcpy(buf + k, d + nd - sc, sc);
			k += sc;
		}
	}
	if (sc) {
		while (buf[k - 1] == '0')
			k--;
		if (buf[k - 1] == '.')
			k--;
	}
	buf[k] = '\0';
	return k;
}

double moments_sum(const struct moments *m, struct buf *txt)
{
	if (m->inexact) {
		double v = m->sum + m->comp;
		if (txt)
			num_put(txt, v);
		return v;
	}
	char dec[80];
	size_t n = exact_decimal(m->s, m->scale, dec);
	double v = strtod(dec, NULL);
	if (txt) {
		if (!memchr(dec, '.', n))
			buf_add(txt, dec, n); /* integers exactly, at any size */
		else
			num_put(txt, v);
	}
	return v;
}

bool moments_mean(const struct moments *m, double *out)
{
	if (m->n == 0)
		return false;
	if (m->inexact)
		*out = m->mean;
	else
		*out = (double)((long double)m->s / pow10_ld(m->scale) /
				(long double)m->n);
	return true;
}

bool moments_var(const struct moments *m, double *out)
{
	if (m->n < 2)
		return false;
	long double n = (long double)m->n;
	if (m->inexact) {
		*out = m->m2 / (double)(m->n - 1);
		return true;
	}
	/* (n * ss - s^2) / (n (n - 1)), exact in integers when it fits. */
	mom_int nss, s2, num;
	long double v;
	if (!__builtin_mul_overflow((mom_int)m->n, m->ss, &nss) &&
	    !__builtin_mul_overflow(m->s, m->s, &s2) &&
	    !__builtin_sub_overflow(nss, s2, &num)) {
		v = (long double)num / (n * (n - 1));
	} else {
		long double s = (long double)m->s, ss = (long double)m->ss;
		v = (ss - s * s / n) / (n - 1);
	}
	v /= pow10_ld(2 * m->scale);
	*out = v > 0 ? (double)v : 0;
	return true;
}

/* ---- state text ---- */

static void put_int(struct buf *out, mom_int v)
{
	char tmp[64];
	char *d = int_digits(v, tmp + sizeof tmp);
	if (v < 0)
		buf_addc(out, '-');
	buf_add(out, d, (size_t)(tmp + sizeof tmp - d));
}

void moments_write(const struct moments *m, struct buf *out)
{
	buf_add_u64(out, m->n);
	buf_addc(out, ',');
	if (m->inexact) {
		buf_adds(out, "~,");
		num_put(out, m->sum);
		buf_addc(out, ',');
		num_put(out, m->comp);
		buf_addc(out, ',');
		num_put(out, m->mean);
		buf_addc(out, ',');
		num_put(out, m->m2);
		return;
	}
	put_int(out, m->s);
	buf_addc(out, ',');
	put_int(out, m->ss);
	buf_addc(out, ',');
	buf_add_u64(out, (unsigned long long)m->scale);
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

static bool parse_int(struct slice v, mom_int *out)
{
	size_t i = 0;
	bool neg = v.n && v.p[0] == '-';
	if (neg)
		i++;
	if (i == v.n)
		return false;
	mom_int r = 0;
	for (; i < v.n; i++) {
		if (v.p[i] < '0' || v.p[i] > '9' ||
		    __builtin_mul_overflow(r, 10, &r) ||
		    __builtin_add_overflow(r, neg ? -(v.p[i] - '0') : v.p[i] - '0', &r))
			return false;
	}
	*out = r;
	return true;
}

static bool parse_double(struct slice v, double *out)
{
	return num_parse(v.p, v.n, out) ||
	       (v.n == 3 && memcmp(v.p, "nan", 3) == 0 && (*out = NAN, true));
}

bool moments_read(struct moments *m, const char *s, size_t n)
{
	struct moments b;
	memset(&b, 0, sizeof b);
	size_t i = 0;
	mom_int cnt, scale;
	if (!parse_int(next_item(s, n, &i), &cnt) || cnt < 0 || i > n)
		return false;
	b.n = (uint64_t)cnt;
	struct slice it = next_item(s, n, &i);
	if (it.n == 1 && it.p[0] == '~') {
		b.inexact = true;
		if (!parse_double(next_item(s, n, &i), &b.sum) ||
		    !parse_double(next_item(s, n, &i), &b.comp) ||
		    !parse_double(next_item(s, n, &i), &b.mean) ||
		    !parse_double(next_item(s, n, &i), &b.m2) || i != n + 1)
			return false;
	} else {
		if (!parse_int(it, &b.s) ||
		    !parse_int(next_item(s, n, &i), &b.ss) ||
		    !parse_int(next_item(s, n, &i), &scale) || i != n + 1 ||
		    scale < 0 || scale > MAX_SCALE || b.ss < 0)
			return false;
		b.scale = (int)scale;
	}
	moments_merge(m, &b);
	return true;
}
