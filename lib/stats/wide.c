/* wide.c - multi-limb integers: accumulators in two's complement, and the
 * sign-magnitude arithmetic of results. */
#include "stats/wide.h"

#include <math.h>
#include <string.h>

typedef unsigned __int128 u128;

/* ---- accumulators ---- */

void limbs_add3(uint64_t *a, size_t n, size_t k, uint64_t w0, uint64_t w1,
		uint64_t w2, bool neg)
{
	uint64_t w[3] = {w0, w1, w2};
	unsigned carry = 0;
	for (size_t i = k; i < n; i++) {
		uint64_t x = i - k < 3 ? w[i - k] : 0;
		if (i - k >= 3 && !carry)
			break;
		uint64_t r;
		unsigned c;
		if (!neg) {
			c = __builtin_add_overflow(a[i], x, &r);
			c += __builtin_add_overflow(r, (uint64_t)carry, &r);
		} else {
			c = __builtin_sub_overflow(a[i], x, &r);
			c += __builtin_sub_overflow(r, (uint64_t)carry, &r);
		}
		a[i] = r;
		carry = c;
	}
}

void limbs_add_shifted(uint64_t *a, size_t n, u128 v, unsigned shift, bool neg)
{
	uint64_t lo = (uint64_t)v, hi = (uint64_t)(v >> 64);
	unsigned b = shift % 64;
	uint64_t w0 = lo, w1 = hi, w2 = 0;
	if (b) {
		w0 = lo << b;
		w1 = lo >> (64 - b) | hi << b;
		w2 = hi >> (64 - b);
	}
	limbs_add3(a, n, shift / 64, w0, w1, w2, neg);
}

void limbs_mul_u64(uint64_t *a, size_t n, uint64_t f)
{
	uint64_t carry = 0;
	for (size_t i = 0; i < n; i++) {
		u128 p = (u128)a[i] * f + carry;
		a[i] = (uint64_t)p;
		carry = (uint64_t)(p >> 64);
	}
}

bool limbs_is_zero(const uint64_t *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i])
			return false;
	return true;
}

/* ---- sign and magnitude ---- */

static void trim(struct wide *w)
{
	while (w->n && !w->l[w->n - 1])
		w->n--;
	if (!w->n)
		w->neg = false;
}

void wide_from_limbs(struct wide *w, const uint64_t *a, size_t n)
{
	memset(w, 0, sizeof *w);
	bool neg = n && a[n - 1] >> 63;
	unsigned carry = 1;
	for (size_t i = 0; i < n && i < WIDE_LIMBS; i++) {
		uint64_t x = a[i];
		if (neg) {
			x = ~x;
			carry = __builtin_add_overflow(x, (uint64_t)carry, &x);
		}
		w->l[i] = x;
	}
	w->n = n < WIDE_LIMBS ? n : WIDE_LIMBS;
	w->neg = neg;
	trim(w);
}

bool wide_to_limbs(const struct wide *w, uint64_t *a, size_t n)
{
	if (w->n > n || (w->n == n && w->l[n - 1] >> 63 &&
			 !(w->neg && w->l[n - 1] == (uint64_t)1 << 63 &&
			   limbs_is_zero(w->l, n - 1))))
		return false;
	memset(a, 0, n * sizeof *a);
	memcpy(a, w->l, w->n * sizeof *a);
	if (w->neg) {
		unsigned carry = 1;
		for (size_t i = 0; i < n; i++) {
			uint64_t x = ~a[i];
			carry = __builtin_add_overflow(x, (uint64_t)carry, &a[i]);
		}
	}
	return true;
}

void wide_set_i64(struct wide *w, int64_t v)
{
	memset(w, 0, sizeof *w);
	w->neg = v < 0;
	w->l[0] = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	w->n = 1;
	trim(w);
}

static int cmp_mag(const struct wide *a, const struct wide *b)
{
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (size_t i = a->n; i-- > 0;)
		if (a->l[i] != b->l[i])
			return a->l[i] < b->l[i] ? -1 : 1;
	return 0;
}

/* r = |a| + |b| or |a| - |b| (|a| >= |b|), magnitudes only. */
static bool add_mag(struct wide *r, const struct wide *a, const struct wide *b)
{
	size_t n = a->n > b->n ? a->n : b->n;
	unsigned carry = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t x = i < a->n ? a->l[i] : 0, y = i < b->n ? b->l[i] : 0;
		unsigned c = __builtin_add_overflow(x, y, &x);
		c += __builtin_add_overflow(x, (uint64_t)carry, &x);
		r->l[i] = x;
		carry = c;
	}
	if (carry) {
		if (n == WIDE_LIMBS)
			return false;
		r->l[n++] = 1;
	}
	r->n = n;
	return true;
}

static void sub_mag(struct wide *r, const struct wide *a, const struct wide *b)
{
	unsigned borrow = 0;
	for (size_t i = 0; i < a->n; i++) {
		uint64_t x = a->l[i], y = i < b->n ? b->l[i] : 0;
		unsigned c = __builtin_sub_overflow(x, y, &x);
		c += __builtin_sub_overflow(x, (uint64_t)borrow, &x);
		r->l[i] = x;
		borrow = c;
	}
	r->n = a->n;
}

static bool add_signed(struct wide *r, const struct wide *a,
		       const struct wide *b, bool bneg)
{
	struct wide t;
	memset(&t, 0, sizeof t);
	if (a->neg == bneg) {
		if (!add_mag(&t, a, b))
			return false;
		t.neg = a->neg;
	} else if (cmp_mag(a, b) >= 0) {
		sub_mag(&t, a, b);
		t.neg = a->neg;
	} else {
		sub_mag(&t, b, a);
		t.neg = bneg;
	}
	trim(&t);
	*r = t;
	return true;
}

bool wide_add(struct wide *r, const struct wide *a, const struct wide *b)
{
	return add_signed(r, a, b, b->neg);
}

bool wide_sub(struct wide *r, const struct wide *a, const struct wide *b)
{
	return add_signed(r, a, b, b->n ? !b->neg : false);
}

bool wide_mul(struct wide *r, const struct wide *a, const struct wide *b)
{
	struct wide t;
	memset(&t, 0, sizeof t);
	if (a->n + b->n > WIDE_LIMBS)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		uint64_t carry = 0;
		for (size_t j = 0; j < b->n; j++) {
			u128 p = (u128)a->l[i] * b->l[j] + t.l[i + j] + carry;
			t.l[i + j] = (uint64_t)p;
			carry = (uint64_t)(p >> 64);
		}
		t.l[i + b->n] = carry;
	}
	t.n = a->n + b->n;
	t.neg = a->neg != b->neg;
	trim(&t);
	*r = t;
	return true;
}

bool wide_mul_u64(struct wide *w, uint64_t f)
{
	uint64_t carry = 0;
	for (size_t i = 0; i < w->n; i++) {
		u128 p = (u128)w->l[i] * f + carry;
		w->l[i] = (uint64_t)p;
		carry = (uint64_t)(p >> 64);
	}
	if (carry) {
		if (w->n == WIDE_LIMBS)
			return false;
		w->l[w->n++] = carry;
	}
	trim(w);
	return true;
}

bool wide_shl(struct wide *w, unsigned bits)
{
	if (!w->n)
		return true;
	size_t k = bits / 64;
	unsigned b = bits % 64;
	if (w->n + k + 1 > WIDE_LIMBS)
		return false;
	w->l[w->n + k] = 0;
	for (size_t i = w->n; i-- > 0;) {
		uint64_t x = w->l[i];
		if (b) {
			w->l[i + k + 1] |= x >> (64 - b);
			w->l[i + k] = x << b;
		} else {
			w->l[i + k] = x;
		}
	}
	for (size_t i = 0; i < k; i++)
		w->l[i] = 0;
	w->n += k + 1;
	trim(w);
	return true;
}

long double wide_to_ld(const struct wide *w, long exp2)
{
	if (!w->n)
		return 0;
	/* The top 64 bits, truncated: within one unit of a long double's
	 * 64-bit mantissa, far below what a double keeps. */
	size_t top = w->n - 1;
	int lz = __builtin_clzll(w->l[top]);
	long below = (long)top * 64 - lz; /* bits under the top 64 */
	uint64_t m;
	if (below <= 0) {
		m = w->l[top];
		below = 0;
	} else {
		size_t k = (size_t)below / 64;
		unsigned b = (unsigned)below % 64;
		m = w->l[k] >> b;
		if (b && k + 1 < w->n)
			m |= w->l[k + 1] << (64 - b);
	}
	long double v = ldexpl((long double)m, (int)(below + exp2));
	return w->neg ? -v : v;
}

/* ---- decimal text ---- */

static const uint64_t TEN19 = 10000000000000000000ULL;

/* w /= d; returns the remainder. */
static uint64_t divmod_u64(struct wide *w, uint64_t d)
{
	u128 r = 0;
	for (size_t i = w->n; i-- > 0;) {
		u128 cur = r << 64 | w->l[i];
		w->l[i] = (uint64_t)(cur / d);
		r = cur % d;
	}
	bool neg = w->neg;
	trim(w);
	w->neg = w->n ? neg : false;
	return (uint64_t)r;
}

void wide_put(struct buf *out, const struct wide *w)
{
	struct wide t = *w;
	char tmp[WIDE_LIMBS * 20 + 2];
	char *end = tmp + sizeof tmp, *p = end;
	do {
		uint64_t chunk = divmod_u64(&t, TEN19);
		for (int i = 0; i < 19; i++) {
			*--p = (char)('0' + chunk % 10);
			chunk /= 10;
			if (!t.n && !chunk)
				break;
		}
	} while (t.n);
	if (w->neg)
		buf_addc(out, '-');
	buf_add(out, p, (size_t)(end - p));
}

bool wide_parse(struct wide *w, const char *s, size_t n)
{
	memset(w, 0, sizeof *w);
	size_t i = 0;
	bool neg = n && s[0] == '-';
	if (neg)
		i++;
	if (i == n)
		return false;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		struct wide d;
		wide_set_i64(&d, s[i] - '0');
		if (!wide_mul_u64(w, 10) || !wide_add(w, w, &d))
			return false;
	}
	w->neg = neg && w->n;
	return true;
}
