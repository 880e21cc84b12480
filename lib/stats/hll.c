/* hll.c - sparse exact hash sets growing into HyperLogLog sketches. */
#include "stats/hll.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"

enum {
	M = 1 << HLL_P,		/* registers */
	Q = 64 - HLL_P,		/* bits left for the rank */
	MAX_RANK = Q + 1
};

struct hll {
	uint8_t *reg;	   /* M registers once dense, else NULL */
	uint64_t *sparse;  /* open addressing; 0 marks an empty slot */
	uint32_t n, cap;   /* hashes held while sparse; slots */
};

/* The zero hash marks empty slots; move it aside (one value in 2^64). */
static uint64_t nonzero(uint64_t h) { return h ? h : 1; }

static void reg_add(uint8_t *reg, uint64_t h)
{
	uint32_t idx = (uint32_t)(h >> Q);
	uint64_t w = h << HLL_P | (UINT64_C(1) << (HLL_P - 1));
	uint8_t rank = (uint8_t)(__builtin_clzll(w) + 1);
	if (reg[idx] < rank)
		reg[idx] = rank;
}

static void make_dense(struct hll *h)
{
	h->reg = xcalloc(M, 1);
	for (uint32_t i = 0; i < h->cap; i++)
		if (h->sparse[i])
			reg_add(h->reg, h->sparse[i]);
	free(h->sparse);
	h->sparse = NULL;
	h->n = h->cap = 0;
}

static void sparse_put(uint64_t *slots, uint32_t cap, uint64_t v, uint32_t *n)
{
	uint32_t i = (uint32_t)(v ^ v >> 32) & (cap - 1);
	while (slots[i]) {
		if (slots[i] == v)
			return;
		i = (i + 1) & (cap - 1);
	}
	slots[i] = v;
	(*n)++;
}

static void sparse_grow(struct hll *h)
{
	uint32_t cap = h->cap ? h->cap * 2 : 16;
	uint64_t *slots = xcalloc(cap, sizeof *slots);
	uint32_t n = 0;
	for (uint32_t i = 0; i < h->cap; i++)
		if (h->sparse[i])
			sparse_put(slots, cap, h->sparse[i], &n);
	free(h->sparse);
	h->sparse = slots;
	h->cap = cap;
}

void hll_add(struct hll **hp, uint64_t hash)
{
	struct hll *h = *hp;
	if (!h)
		h = *hp = xcalloc(1, sizeof *h);
	if (h->reg) {
		reg_add(h->reg, hash);
		return;
	}
	if ((h->n + 1) * 2 > h->cap)
		sparse_grow(h);
	sparse_put(h->sparse, h->cap, nonzero(hash), &h->n);
	if (h->n > HLL_SPARSE_MAX)
		make_dense(h);
}

void hll_merge(struct hll **dst, const struct hll *src)
{
	if (!src)
		return;
	if (src->reg) {
		if (!*dst)
			*dst = xcalloc(1, sizeof **dst);
		if (!(*dst)->reg)
			make_dense(*dst);
		for (uint32_t i = 0; i < M; i++)
			if ((*dst)->reg[i] < src->reg[i])
				(*dst)->reg[i] = src->reg[i];
		return;
	}
	for (uint32_t i = 0; i < src->cap; i++)
		if (src->sparse[i])
			hll_add(dst, src->sparse[i]);
}

/* Ertl's sigma and tau series (section 4 of the paper). */
static double sigma(double x)
{
	if (x == 1)
		return INFINITY;
	double y = 1, z = x, prev;
	do {
		x *= x;
		prev = z;
		z += x * y;
		y += y;
	} while (z != prev);
	return z;
}

static double tau(double x)
{
	if (x == 0 || x == 1)
		return 0;
	double y = 1, z = 1 - x, prev;
	do {
		x = sqrt(x);
		prev = z;
		y *= 0.5;
		z -= (1 - x) * (1 - x) * y;
	} while (z != prev);
	return z / 3;
}

double hll_estimate(const struct hll *h)
{
	if (!h)
		return 0;
	if (!h->reg)
		return h->n;
	uint32_t c[MAX_RANK + 1] = {0};
	for (uint32_t i = 0; i < M; i++)
		c[h->reg[i]]++;
	double m = M;
	double z = m * tau(1 - c[Q + 1] / m);
	for (int k = Q; k >= 1; k--) {
		z += c[k];
		z *= 0.5;
	}
	z += m * sigma(c[0] / m);
	const double alpha_inf = 0.5 / log(2);
	return round(alpha_inf * m * m / z);
}

/* Register values 0..51 as one character each. */
static const char digits[] =
	"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP";

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static void put_hex16(struct buf *out, uint64_t v)
{
	char tmp[16];
	for (int i = 15; i >= 0; i--, v >>= 4)
		tmp[i] = "0123456789abcdef"[v & 15];
	buf_add(out, tmp, 16);
}

/* Sparse: "s" and the sorted hashes as ",%016x". Dense: "r," and one
 * character per register, a run of k >= 4 zero registers as "_k.". */
void hll_write(const struct hll *h, struct buf *out)
{
	if (!h || !h->reg) {
		buf_addc(out, 's');
		if (!h)
			return;
		uint64_t *v = xcalloc(h->n ? h->n : 1, sizeof *v);
		uint32_t k = 0;
		for (uint32_t i = 0; i < h->cap; i++)
			if (h->sparse[i])
				v[k++] = h->sparse[i];
		qsort(v, k, sizeof *v, cmp_u64);
		for (uint32_t i = 0; i < k; i++) {
			buf_addc(out, ',');
			put_hex16(out, v[i]);
		}
		free(v);
		return;
	}
	buf_add(out, "r,", 2);
	for (uint32_t i = 0; i < M;) {
		uint32_t run = 0;
		while (i + run < M && h->reg[i + run] == 0)
			run++;
		if (run >= 4) {
			buf_addc(out, '_');
			buf_add_u64(out, run);
			buf_addc(out, '.');
			i += run;
			continue;
		}
		buf_addc(out, digits[h->reg[i]]);
		i++;
	}
}

static int digit_value(char c)
{
	const char *p = memchr(digits, c, sizeof digits - 1);
	return p ? (int)(p - digits) : -1;
}

static bool read_dense(struct hll **hp, const char *s, size_t n)
{
	uint8_t *reg = xcalloc(M, 1);
	uint32_t i = 0;
	size_t k = 0;
	bool ok = true;
	while (ok && k < n) {
		if (s[k] == '_') {
			uint64_t run = 0;
			k++;
			while (k < n && s[k] >= '0' && s[k] <= '9' && run <= M)
				run = run * 10 + (uint64_t)(s[k++] - '0');
			if (k == n || s[k] != '.' || run > M - i) {
				ok = false;
				break;
			}
			k++;
			i += (uint32_t)run;
			continue;
		}
		int v = digit_value(s[k++]);
		if (v < 0 || v > MAX_RANK || i == M)
			ok = false;
		else
			reg[i++] = (uint8_t)v;
	}
	if (ok && i == M) {
		struct hll src = {reg, NULL, 0, 0};
		hll_merge(hp, &src);
	}
	free(reg);
	return ok && i == M;
}

static bool read_sparse(struct hll **hp, const char *s, size_t n)
{
	size_t k = 0;
	while (k < n) {
		if (s[k] != ',' || n - k < 17)
			return false;
		uint64_t v = 0;
		for (size_t j = k + 1; j < k + 17; j++) {
			char c = s[j];
			int d = c >= '0' && c <= '9' ? c - '0'
				: c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
			if (d < 0)
				return false;
			v = v << 4 | (uint64_t)d;
		}
		hll_add(hp, v);
		k += 17;
	}
	if (!*hp) /* an empty sketch: make it exist, so it reads as one */
		*hp = xcalloc(1, sizeof **hp);
	return true;
}

bool hll_read(struct hll **hp, const char *s, size_t n)
{
	if (n >= 1 && s[0] == 's')
		return read_sparse(hp, s + 1, n - 1);
	if (n >= 2 && s[0] == 'r' && s[1] == ',')
		return read_dense(hp, s + 2, n - 2);
	return false;
}

void hll_free(struct hll *h)
{
	if (!h)
		return;
	free(h->reg);
	free(h->sparse);
	free(h);
}
