/* search.c - literal search over blocks: rare-byte pairs with AVX2, SSE2
 * or memchr. */
#include "filter/search.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define HAVE_SSE2 1
#endif
/* AVX2 doubles the width where the CPU has it; chosen at run time. */
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2 1
#endif

/* A rough rank of byte frequency in logs before a sample is seen: lower
 * is rarer. Letters and digits common, punctuation of the format (= space
 * " - : .) very common, everything else rare. */
static unsigned guess_freq(unsigned char c)
{
	if (c == ' ' || c == '=' || c == '\n')
		return 1000;
	if (c == '-' || c == ':' || c == '_' || c == '.' || c == '"')
		return 500;
	if (c >= '0' && c <= '9')
		return 400;
	if (c && strchr("etaoinsrlcdu", c))
		return 300;
	if (c >= 'a' && c <= 'z')
		return 100;
	if (c >= 'A' && c <= 'Z')
		return 50;
	return 10;
}

/* Offsets of the rarest and second-rarest byte of the needle by freq (a
 * different byte value where the needle has one). */
static void pick(struct needle *nd, const unsigned *freq)
{
	const unsigned char *s = (const unsigned char *)nd->p;
	size_t n = nd->n, a = n - 1;
	for (size_t i = n; i-- > 0;)
		if (freq[s[i]] < freq[s[a]])
			a = i;
	size_t b = a;
	for (size_t i = n; i-- > 0;) {
		if (i == a)
			continue;
		bool differs = s[i] != s[a];
		bool b_differs = b != a && s[b] != s[a];
		if (b == a || (differs && !b_differs) ||
		    (differs == b_differs && freq[s[i]] < freq[s[b]]))
			b = i;
	}
	nd->i1 = a;
	nd->i2 = b;
}

/* rare: a frequency at which one byte alone finds few enough candidates
 * (0: never). */
static void choose(struct search *s, const unsigned *freq, unsigned rare)
{
	s->reach = 0;
	for (size_t k = 0; k < s->n; k++) {
		struct needle *nd = &s->nd[k];
		pick(nd, freq);
		nd->one = freq[(unsigned char)nd->p[nd->i1]] < rare;
		if (nd->one)
			nd->i2 = nd->i1;
		if (s->nd[k].i1 > s->reach)
			s->reach = s->nd[k].i1;
		if (s->nd[k].i2 > s->reach)
			s->reach = s->nd[k].i2;
	}
}

void search_init(struct search *s, const struct slice *lits, size_t n)
{
	if (n > SEARCH_MAX)
		n = SEARCH_MAX;
	s->n = n;
	for (size_t k = 0; k < n; k++) {
		s->nd[k].p = lits[k].p;
		s->nd[k].n = lits[k].n;
	}
	unsigned freq[256];
	for (int c = 0; c < 256; c++)
		freq[c] = guess_freq((unsigned char)c);
	choose(s, freq, 0);
}

void search_tune(struct search *s, const char *sample, size_t n)
{
	unsigned freq[256] = {0};
	if (n > (1u << 20))
		n = 1u << 20;
	for (size_t i = 0; i < n; i++)
		freq[(unsigned char)sample[i]]++;
	/* A byte seen at most once in 64 KiB of the sample: a quote in data
	 * that quotes almost nothing. */
	choose(s, freq, (unsigned)(n >> 16) + 1);
}

static bool is_at(const char *cand, const char *end, const struct needle *nd)
{
	return (size_t)(end - cand) >= nd->n && memcmp(cand, nd->p, nd->n) == 0;
}

/* The first needle starting at p + j for a bit j of the masks. */
static const char *check_bits(const struct search *s, const char *p,
			      const char *end, const unsigned *m, unsigned all)
{
	while (all) {
		unsigned j = (unsigned)__builtin_ctz(all);
		for (size_t k = 0; k < s->n; k++)
			if (((m[k] >> j) & 1) && is_at(p + j, end, &s->nd[k]))
				return p + j;
		all &= all - 1;
	}
	return NULL;
}

/* The scalar search from p: memchr on the rarest byte of each needle. */
static const char *find_scalar(const struct search *s, const char *p,
			       const char *end)
{
	const char *best = NULL;
	for (size_t k = 0; k < s->n; k++) {
		const struct needle *nd = &s->nd[k];
		const char *stop = best ? best : end;
		for (const char *q = p; q < stop && (size_t)(end - q) >= nd->n;) {
			const char *h = memchr(q + nd->i1, nd->p[nd->i1],
					       (size_t)(end - q) - nd->n + 1);
			if (!h || h - nd->i1 >= stop)
				break;
			const char *cand = h - nd->i1;
			if (memcmp(cand, nd->p, nd->n) == 0) {
				best = cand;
				break;
			}
			q = cand + 1;
		}
	}
	return best;
}

#ifdef HAVE_SSE2
static const char *find_sse2(const struct search *s, const char *p,
			     const char *end)
{
	__m128i b1[SEARCH_MAX], b2[SEARCH_MAX];
	for (size_t k = 0; k < s->n; k++) {
		b1[k] = _mm_set1_epi8(s->nd[k].p[s->nd[k].i1]);
		b2[k] = _mm_set1_epi8(s->nd[k].p[s->nd[k].i2]);
	}
	unsigned m[SEARCH_MAX];
	while ((size_t)(end - p) >= s->reach + 16) {
		unsigned all = 0;
		for (size_t k = 0; k < s->n; k++) {
			__m128i v1 = _mm_loadu_si128((const __m128i *)(const void *)(p + s->nd[k].i1));
			__m128i v2 = _mm_loadu_si128((const __m128i *)(const void *)(p + s->nd[k].i2));
			m[k] = (unsigned)_mm_movemask_epi8(_mm_and_si128(
				_mm_cmpeq_epi8(v1, b1[k]), _mm_cmpeq_epi8(v2, b2[k])));
			all |= m[k];
		}
		if (all) {
			const char *hit = check_bits(s, p, end, m, all);
			if (hit)
				return hit;
		}
		p += 16;
	}
	return find_scalar(s, p, end);
}

/* Byte counters: each compare gives 0 or -1 per byte, subtracted into
 * eight-bit lanes at most 255 times, then summed with psadbw. */
static uint64_t count_sse2(const char *p, size_t n)
{
	const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
	__m128i total = zero;
	size_t i = 0;
	while (n - i >= 16) {
		size_t chunks = (n - i) / 16;
		if (chunks > 255)
			chunks = 255;
		__m128i acc = zero;
		for (size_t k = 0; k < chunks; k++, i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, nl));
		}
		total = _mm_add_epi64(total, _mm_sad_epu8(acc, zero));
	}
	uint64_t lanes[2];
	_mm_storeu_si128((__m128i *)(void *)lanes, total);
	uint64_t count = lanes[0] + lanes[1];
	for (; i < n; i++)
		count += p[i] == '\n';
	return count;
}

#ifdef HAVE_AVX2
/* DCR_SEARCH=sse2 in the environment keeps to SSE2 (for the tests).
 * Atomic: the threads of dcr-filter -c may ask first at once (they find
 * the same answer). */
static bool have_avx2(void)
{
	static atomic_int known = -1;
	int k = atomic_load_explicit(&known, memory_order_relaxed);
	if (k < 0) {
		const char *force = getenv("DCR_SEARCH");
		k = __builtin_cpu_supports("avx2") &&
		    !(force && strcmp(force, "sse2") == 0);
		atomic_store_explicit(&known, k, memory_order_relaxed);
	}
	return k == 1;
}

/* k needles, each by its pair of rare bytes; inlined for small constant
 * k so that the loop over the needles unrolls. */
__attribute__((target("avx2"), always_inline))
static inline const char *find_avx2_k(const struct search *s, const char *p,
				      const char *end, const size_t k)
{
	__m256i b1[SEARCH_MAX], b2[SEARCH_MAX];
	size_t o1[SEARCH_MAX], o2[SEARCH_MAX];
	for (size_t i = 0; i < k; i++) {
		b1[i] = _mm256_set1_epi8(s->nd[i].p[s->nd[i].i1]);
		b2[i] = _mm256_set1_epi8(s->nd[i].p[s->nd[i].i2]);
		o1[i] = s->nd[i].i1;
		o2[i] = s->nd[i].i2;
	}
	unsigned m[SEARCH_MAX];
	while ((size_t)(end - p) >= s->reach + 32) {
		unsigned all = 0;
#pragma GCC unroll 4
		for (size_t i = 0; i < k; i++) {
			__m256i v1 = _mm256_loadu_si256((const __m256i *)(const void *)(p + o1[i]));
			__m256i v2 = _mm256_loadu_si256((const __m256i *)(const void *)(p + o2[i]));
			m[i] = (unsigned)_mm256_movemask_epi8(_mm256_and_si256(
				_mm256_cmpeq_epi8(v1, b1[i]), _mm256_cmpeq_epi8(v2, b2[i])));
			all |= m[i];
		}
		if (all) {
			const char *hit = check_bits(s, p, end, m, all);
			if (hit)
				return hit;
		}
		p += 32;
	}
	return find_sse2(s, p, end);
}

/* The common cases: one literal by its pair of rare bytes, perhaps with
 * KEY=" found by its quote alone. */
__attribute__((target("avx2")))
static const char *find_avx2_quoted(const struct search *s, const char *p,
				    const char *end)
{
	const __m256i b1 = _mm256_set1_epi8(s->nd[0].p[s->nd[0].i1]);
	const __m256i b2 = _mm256_set1_epi8(s->nd[0].p[s->nd[0].i2]);
	const __m256i bq = _mm256_set1_epi8(s->n == 2 ? s->nd[1].p[s->nd[1].i1] : 0);
	const size_t i1 = s->nd[0].i1, i2 = s->nd[0].i2;
	const size_t q1 = s->n == 2 ? s->nd[1].i1 : 0;
	const bool quoted = s->n == 2;
	unsigned m[2] = {0, 0};
	while ((size_t)(end - p) >= s->reach + 32) {
		__m256i v1 = _mm256_loadu_si256((const __m256i *)(const void *)(p + i1));
		__m256i v2 = _mm256_loadu_si256((const __m256i *)(const void *)(p + i2));
		m[0] = (unsigned)_mm256_movemask_epi8(_mm256_and_si256(
			_mm256_cmpeq_epi8(v1, b1), _mm256_cmpeq_epi8(v2, b2)));
		if (quoted) {
			__m256i vq = _mm256_loadu_si256((const __m256i *)(const void *)(p + q1));
			m[1] = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(vq, bq));
		}
		if (m[0] | m[1]) {
			const char *hit = check_bits(s, p, end, m, m[0] | m[1]);
			if (hit)
				return hit;
		}
		p += 32;
	}
	return find_sse2(s, p, end);
}

__attribute__((target("avx2")))
static const char *find_avx2(const struct search *s, const char *p,
			     const char *end)
{
	if (s->n <= 2 && !s->nd[0].one && (s->n == 1 || s->nd[1].one))
		return find_avx2_quoted(s, p, end);
	switch (s->n) {
	case 2: return find_avx2_k(s, p, end, 2);
	case 3: return find_avx2_k(s, p, end, 3);
	case 4: return find_avx2_k(s, p, end, 4);
	default: return find_avx2_k(s, p, end, s->n);
	}
}

__attribute__((target("avx2")))
static uint64_t count_avx2(const char *p, size_t n)
{
	const __m256i nl = _mm256_set1_epi8('\n'), zero = _mm256_setzero_si256();
	__m256i total = zero;
	size_t i = 0;
	while (n - i >= 32) {
		size_t chunks = (n - i) / 32;
		if (chunks > 255)
			chunks = 255;
		__m256i acc = zero;
		for (size_t k = 0; k < chunks; k++, i += 32) {
			__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(p + i));
			acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(v, nl));
		}
		total = _mm256_add_epi64(total, _mm256_sad_epu8(acc, zero));
	}
	uint64_t lanes[4];
	_mm256_storeu_si256((__m256i *)(void *)lanes, total);
	return lanes[0] + lanes[1] + lanes[2] + lanes[3] + count_sse2(p + i, n - i);
}
#endif

const char *search_find(const struct search *s, const char *p,
			const char *end)
{
#ifdef HAVE_AVX2
	if (have_avx2())
		return find_avx2(s, p, end);
#endif
	return find_sse2(s, p, end);
}

uint64_t search_count_nl(const char *p, size_t n)
{
#ifdef HAVE_AVX2
	if (have_avx2())
		return count_avx2(p, n);
#endif
	return count_sse2(p, n);
}
#else
const char *search_find(const struct search *s, const char *p,
			const char *end)
{
	return find_scalar(s, p, end);
}

uint64_t search_count_nl(const char *p, size_t n)
{
	uint64_t count = 0;
	const char *end = p + n;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		count++;
		p++;
	}
	return count;
}
#endif
