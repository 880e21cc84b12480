/* occupancy.c - sessions, the peak sweep, and their state text. */
#include "stats/occupancy.h"

#include <stdlib.h>
#include <string.h>

#include "stats/moments.h"
#include "stats/radix.h"
#include "base/xmalloc.h"

void occ_add(struct occ *o, dcr_time start, dcr_time end)
{
	if (end <= start)
		return; /* occupies nothing; the sweep relies on end > start */
	if (o->n == o->cap) {
		o->cap = o->cap ? size_mul(o->cap, 2) : 16;
		o->s = xreallocarray(o->s, o->cap, sizeof *o->s);
	}
	o->s[o->n++] = (struct occ_session){start, end};
}

void occ_merge(struct occ *dst, const struct occ *src)
{
	for (size_t i = 0; i < src->n; i++)
		occ_add(dst, src->s[i].start, src->s[i].end);
}

uint64_t occ_peak(const struct occ *o, dcr_time *at)
{
	size_t n = o->n;
	if (n == 0)
		return 0;
	uint64_t *starts = xreallocarray(NULL, n, sizeof *starts);
	uint64_t *ends = xreallocarray(NULL, n, sizeof *ends);
	uint64_t *tmp = xreallocarray(NULL, n, sizeof *tmp);
	for (size_t i = 0; i < n; i++) {
		starts[i] = radix_key_i64(o->s[i].start);
		ends[i] = radix_key_i64(o->s[i].end);
	}
	radix_sort_u64(starts, n, tmp);
	radix_sort_u64(ends, n, tmp);
	/* Sweep: at equal times ends come first, as [start, end) says. */
	uint64_t cur = 0, peak = 0;
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		while (j < n && ends[j] <= starts[i]) {
			cur--;
			j++;
		}
		cur++;
		if (cur > peak) {
			peak = cur;
			*at = radix_i64_key(starts[i]);
		}
	}
	free(starts);
	free(ends);
	free(tmp);
	return peak;
}

static int cmp_session(const void *a, const void *b)
{
	const struct occ_session *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

void occ_sort(struct occ *o)
{
	if (o->n) /* qsort of nothing may not be given a null array */
		qsort(o->s, o->n, sizeof *o->s, cmp_session);
}

void occ_put_seconds(struct buf *out, int64_t ns)
{
	uint64_t u = ns < 0 ? 0 - (uint64_t)ns : (uint64_t)ns;
	if (ns < 0)
		buf_addc(out, '-');
	buf_add_u64(out, u / 1000000000u);
	uint64_t frac = u % 1000000000u;
	if (!frac)
		return;
	char d[10];
	int k = 9;
	while (frac % 10 == 0) {
		frac /= 10;
		k--;
	}
	for (int i = k - 1; i >= 0; i--, frac /= 10)
		d[i] = (char)('0' + frac % 10);
	buf_addc(out, '.');
	buf_add(out, d, (size_t)k);
}

bool occ_parse_seconds(const char *s, size_t n, int64_t *ns)
{
	int64_t mant;
	int scale;
	if (!dec_parse(s, n, &mant, &scale))
		return false;
	static const int64_t p10[10] = {1, 10, 100, 1000, 10000, 100000,
		1000000, 10000000, 100000000, 1000000000};
	return !__builtin_mul_overflow(mant, p10[9 - scale], ns);
}

uint64_t occ_write(const struct occ *o, size_t *pos, size_t budget,
		   struct buf *out)
{
	size_t start = out->len, i = *pos;
	uint64_t items = 0;
	for (; i < o->n && out->len - start < budget; i++, items++) {
		buf_addc(out, ',');
		if (items) {
			buf_addc(out, '+');
			occ_put_seconds(out, o->s[i].start - o->s[i - 1].start);
		} else {
			occ_put_seconds(out, o->s[i].start);
		}
		buf_addc(out, '/');
		occ_put_seconds(out, o->s[i].end - o->s[i].start);
	}
	*pos = i;
	return items;
}

bool occ_read(struct occ *o, const char *s, size_t n, uint64_t *items)
{
	size_t i = 0;
	int64_t prev = 0;
	*items = 0;
	while (i < n) {
		const char *c = memchr(s + i, ',', n - i);
		size_t end = c ? (size_t)(c - s) : n;
		const char *slash = memchr(s + i, '/', end - i);
		if (!slash)
			return false;
		size_t mid = (size_t)(slash - s);
		bool rel = s[i] == '+';
		if (rel != (*items > 0))
			return false;
		int64_t st, len;
		if (!occ_parse_seconds(s + i + rel, mid - i - rel, &st) ||
		    !occ_parse_seconds(s + mid + 1, end - mid - 1, &len) ||
		    len < 0 || (rel && st < 0) ||
		    (rel && __builtin_add_overflow(prev, st, &st)))
			return false;
		int64_t e;
		if (__builtin_add_overflow(st, len, &e))
			return false;
		occ_add(o, st, e);
		prev = st;
		(*items)++;
		i = c ? end + 1 : n;
		if (c && i == n)
			return false;
	}
	return true;
}

void occ_free(struct occ *o)
{
	free(o->s);
	memset(o, 0, sizeof *o);
}
