/* bare.h - the test for a bare value (one record_put_pair() may write
 * without quotes), fused with its copy, for the writers' hot path.
 *
 * A bare value is not empty and holds no byte below 0x21, no DEL, no '"',
 * no '=' and no '\\'; bytes from 0x80 up are allowed (UTF-8). Values are
 * short (a stamp, a code, a number), so the tail is read as two words that
 * overlap rather than byte by byte: every load and store stays inside
 * [s, s + n) and [d, d + n). Nothing here owns memory.
 */
#ifndef DCR_BARE_H
#define DCR_BARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#else
#include "base/swar.h"
#endif

/* Inlined even where the compiler would not (it is called once a value):
 * a call costs as much as a short value's test. */
#if defined(__GNUC__)
#define BARE_INLINE static inline __attribute__((always_inline))
#else
#define BARE_INLINE static inline
#endif

#ifdef __SSE2__
/* Nonzero when one of the 16 bytes of v cannot be bare. */
static inline int bare_unfit128(__m128i v)
{
	__m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x20)), v);
	__m128i bad = _mm_or_si128(
		_mm_or_si128(low, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f))),
		_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
					  _mm_cmpeq_epi8(v, _mm_set1_epi8('='))),
			     _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
	return _mm_movemask_epi8(bad);
}

static inline __m128i bare_load16(const char *s)
{
	return _mm_loadu_si128((const __m128i *)(const void *)s);
}

/* Copy the n bytes at s to d (d == NULL: only test) if they make a bare
 * value; false, with d partly written, if not. Under 16 bytes the bytes
 * are gathered into one vector, repeated where they do not fill it. */
BARE_INLINE bool bare_copy(char *d, const char *s, size_t n)
{
	if (n >= 16) {
		size_t i = 0;
		for (; i + 16 <= n; i += 16)
			if (bare_unfit128(bare_load16(s + i)))
				return false;
		if (i < n && bare_unfit128(bare_load16(s + n - 16)))
			return false;
		if (d)
			memcpy(d, s, n);
		return true;
	}
	uint64_t a, b;
	__m128i v;
	if (n >= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		v = _mm_set_epi64x((long long)b, (long long)a);
	} else if (n >= 4) {
		uint32_t a4, b4;
		memcpy(&a4, s, 4);
		memcpy(&b4, s + n - 4, 4);
		a = a4, b = b4;
		v = _mm_set1_epi64x((long long)(a | b << 32));
	} else if (n) {
		a = (unsigned char)s[0], b = (unsigned char)s[n - 1];
		uint32_t m = (unsigned char)s[n / 2];
		v = _mm_set1_epi32((int)(uint32_t)(a | m << 8 | b << 16 | b << 24));
	} else {
		return false; /* an empty value is written "" */
	}
	if (bare_unfit128(v))
		return false;
	if (!d)
		return true;
	if (n >= 8) {
		memcpy(d, &a, 8);
		memcpy(d + n - 8, &b, 8);
	} else if (n >= 4) {
		uint32_t a4 = (uint32_t)a, b4 = (uint32_t)b;
		memcpy(d, &a4, 4);
		memcpy(d + n - 4, &b4, 4);
	} else {
		d[0] = s[0];
		d[n / 2] = s[n / 2];
		d[n - 1] = s[n - 1];
	}
	return true;
}
#else /* eight bytes a word */
/* The high bit of each byte of w that a bare value cannot hold. */
static inline uint64_t bare_unfit64(uint64_t w)
{
	return swar_below(w, 0x21) | swar_eq(w, 0x7f) | swar_eq(w, '"') |
	       swar_eq(w, '=') | swar_eq(w, '\\');
}

/* A byte a bare value cannot hold (the tail of 1 to 3 bytes). */
static inline bool bare_unfit8(unsigned char c)
{
	return c < 0x21 || c == 0x7f || c == '"' || c == '=' || c == '\\';
}

/* Copy the n bytes at s to d (d == NULL: only test) if they make a bare
 * value; false, with d partly written, if not. */
BARE_INLINE bool bare_copy(char *d, const char *s, size_t n)
{
	if (n >= 16) {
		size_t i = 0;
		for (; i + 8 <= n; i += 8) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (bare_unfit64(w))
				return false;
		}
		uint64_t t;
		memcpy(&t, s + n - 8, 8);
		if (i < n && bare_unfit64(t))
			return false;
		if (d)
			memcpy(d, s, n);
		return true;
	}
	if (n >= 8) {
		uint64_t a, b;
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		if (bare_unfit64(a) | bare_unfit64(b))
			return false;
		if (d) {
			memcpy(d, &a, 8);
			memcpy(d + n - 8, &b, 8);
		}
		return true;
	}
	if (n >= 4) {
		uint32_t a, b;
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		if (bare_unfit64((uint64_t)a | (uint64_t)b << 32))
			return false;
		if (d) {
			memcpy(d, &a, 4);
			memcpy(d + n - 4, &b, 4);
		}
		return true;
	}
	if (n == 0)
		return false; /* an empty value is written "" */
	unsigned char a = (unsigned char)s[0], m = (unsigned char)s[n / 2],
		      z = (unsigned char)s[n - 1];
	if (bare_unfit8(a) || bare_unfit8(m) || bare_unfit8(z))
		return false;
	if (d) {
		d[0] = (char)a;
		d[n / 2] = (char)m;
		d[n - 1] = (char)z;
	}
	return true;
}
#endif /* __SSE2__ */

#endif
