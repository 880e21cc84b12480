/* quantile.c - value arrays, sorting, type-7 percentiles, state text. */
#include "stats/quantile.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "base/xmalloc.h"

void values_grow(struct values *vs)
{
	uint64_t cap = vs->cap ? vs->cap * 2 : 16;
	if (cap > SIZE_MAX / sizeof *vs->k)
		cap = SIZE_MAX / sizeof *vs->k; /* xreallocarray dies */
	vs->k = xreallocarray(vs->k, (size_t)cap, sizeof *vs->k);
	vs->cap = cap;
}

void values_merge(struct values *dst, const struct values *src)
{
	for (uint64_t i = 0; i < src->n; i++) {
		if (dst->n == dst->cap)
			values_grow(dst);
		dst->k[dst->n++] = src->k[i];
	}
	dst->sorted = false;
}

void values_sort(struct values *vs)
{
	if (vs->sorted || vs->n == 0) {
		vs->sorted = true;
		return;
	}
	size_t n = (size_t)vs->n;
	uint64_t *tmp = n >= 64 ? xreallocarray(NULL, n, sizeof *tmp) : NULL;
	radix_sort_u64(vs->k, n, tmp);
	free(tmp);
	vs->sorted = true;
}

double values_quantile(const struct values *vs, int64_t mant, int scale)
{
	__extension__ typedef unsigned __int128 u128;
	uint64_t den = 100;
	for (int i = 0; i < scale; i++)
		den *= 10;
	u128 num = (u128)(vs->n - 1) * (uint64_t)mant;
	uint64_t i = (uint64_t)(num / den), rem = (uint64_t)(num % den);
	if (i + 1 >= vs->n || rem == 0)
		return radix_double_key(vs->k[i < vs->n ? i : vs->n - 1]);
	double a = radix_double_key(vs->k[i]);
	double b = radix_double_key(vs->k[i + 1]);
	/* One division at the end: exact integer arithmetic up to there for
	 * ordinary values, so the result is correctly rounded. */
	double y = (a * (double)den + (double)rem * (b - a)) / (double)den;
	if (!isfinite(y))
		y = a + (double)rem * (b - a) / (double)den;
	return y < a ? a : y > b ? b : y;
}

uint64_t values_write(const struct values *vs, uint64_t *pos, size_t budget,
		      struct buf *out)
{
	size_t start = out->len;
	uint64_t items = 0, i = *pos;
	while (i < vs->n && out->len - start < budget) {
		uint64_t key = vs->k[i], k = 1;
		while (i + k < vs->n && vs->k[i + k] == key)
			k++;
		double x = radix_double_key(key);
		buf_addc(out, ',');
		num_put(out, x);
		if (k > 1) {
			buf_addc(out, '*');
			buf_add_u64(out, k);
		}
		i += k;
		items++;
	}
	*pos = i;
	return items;
}

bool values_read(struct values *vs, const char *s, size_t n, uint64_t *items)
{
	size_t i = 0;
	*items = 0;
	while (i < n) {
		const char *c = memchr(s + i, ',', n - i);
		size_t end = c ? (size_t)(c - s) : n;
		const char *star = memchr(s + i, '*', end - i);
		size_t vend = star ? (size_t)(star - s) : end;
		double x;
		int64_t k = 1;
		if (!num_parse(s + i, vend - i, &x))
			return false;
		if (star && (!num_parse_int(star + 1, end - vend - 1, &k) || k < 1))
			return false;
		for (int64_t j = 0; j < k; j++)
			values_add(vs, x);
		(*items)++;
		i = c ? end + 1 : n;
		if (c && i == n)
			return false; /* a trailing ',' */
	}
	return true;
}

void values_free(struct values *vs)
{
	free(vs->k);
	memset(vs, 0, sizeof *vs);
}
