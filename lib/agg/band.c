/* band.c - numeric bands: edges, labels, and the order of labels. */
#include "agg/band.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/ascii.h"
#include "base/num.h"

/* Largest edge magnitude: 15 digits, exact in a double. */
#define BAND_EDGE_MAX INT64_C(999999999999999)

const char *band_parse(struct band *b, const char *s, size_t n)
{
	b->n = 0;
	const char *end = s + n;
	for (;;) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		size_t len = comma ? (size_t)(comma - s) : (size_t)(end - s);
		struct slice e = ascii_trim(s, len);
		int64_t v;
		if (b->n == BAND_MAX_EDGES)
			return "more than 32 edges (band:FIELD:E1,...,E32)";
		if (!e.n)
			return "give the edges of the bands (band:FIELD:E1,E2,...)";
		if (!num_parse_int(e.p, e.n, &v) || v > BAND_EDGE_MAX ||
		    v < -BAND_EDGE_MAX)
			return "an edge is not an integer of at most 15 digits";
		if (b->n && v <= b->edges[b->n - 1])
			return "the edges must ascend";
		b->edges[b->n++] = v;
		if (!comma)
			return NULL;
		s = comma + 1;
	}
}

size_t band_label(const struct band *b, int64_t v, char *buf)
{
	/* The first edge above v, by bisection (edges ascend). */
	size_t lo = 0, hi = b->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->edges[mid] <= v)
			lo = mid + 1;
		else
			hi = mid;
	}
	int len;
	if (lo == 0)
		len = snprintf(buf, BAND_LABEL_SIZE, "under_%lld",
			       (long long)b->edges[0]);
	else if (lo == b->n)
		len = snprintf(buf, BAND_LABEL_SIZE, "%lld+",
			       (long long)b->edges[b->n - 1]);
	else
		len = snprintf(buf, BAND_LABEL_SIZE, "%lld-%lld",
			       (long long)b->edges[lo - 1],
			       (long long)(b->edges[lo] - 1));
	return len > 0 ? (size_t)len : 0; /* edges of 15 digits always fit */
}

/* An integer as dcr writes one, at s[*i..n): '-'?, then 0 or a digit
 * 1-9 and at most 14 more digits. */
static bool canonical_int(const char *s, size_t n, size_t *i, int64_t *v)
{
	size_t j = *i;
	bool neg = j < n && s[j] == '-';
	if (neg)
		j++;
	size_t start = j;
	while (j < n && s[j] >= '0' && s[j] <= '9')
		j++;
	size_t digits = j - start;
	if (!digits || digits > 15 || (digits > 1 && s[start] == '0') ||
	    (neg && digits == 1 && s[start] == '0'))
		return false;
	int64_t x = 0;
	for (size_t k = start; k < j; k++)
		x = x * 10 + (s[k] - '0');
	*v = neg ? -x : x;
	*i = j;
	return true;
}

bool band_rank(const char *s, size_t n, double *lower)
{
	size_t i = 0;
	int64_t a, m;
	if (n > 6 && memcmp(s, "under_", 6) == 0) {
		i = 6;
		if (!canonical_int(s, n, &i, &a) || i != n)
			return false;
		*lower = -INFINITY;
		return true;
	}
	if (!canonical_int(s, n, &i, &a) || i == n)
		return false;
	if (s[i] == '+' && i + 1 == n) {
		*lower = (double)a;
		return true;
	}
	if (s[i] != '-')
		return false;
	i++;
	if (!canonical_int(s, n, &i, &m) || i != n || m < a)
		return false;
	*lower = (double)a;
	return true;
}
