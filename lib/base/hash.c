/* hash.c - a 64-bit hash of bytes, of the wyhash family. */
#include "base/hash.h"

#include <string.h>

__extension__ typedef unsigned __int128 u128;

/* Multiply and fold: the 128-bit product's halves xor-ed, which spreads
 * every input bit over the result (the core step of the wyhash family). */
static inline uint64_t fold_mul(uint64_t a, uint64_t b)
{
	u128 r = (u128)a * b;
	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t load64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static inline uint64_t load32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static const uint64_t K1 = 0x9e3779b97f4a7c15ULL;
static const uint64_t K2 = 0xd6e8feb86659fd93ULL;
static const uint64_t K3 = 0xa0761d6478bd642fULL;

uint64_t hash_bytes(const void *data, size_t n, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = seed ^ ((uint64_t)n * K1);
	size_t left = n;
	while (left > 16) {
		h = fold_mul(load64(p) ^ K2 ^ h, load64(p + 8) ^ K3);
		p += 16;
		left -= 16;
	}
	uint64_t a = 0, b = 0;
	if (left >= 8) {
		a = load64(p);
		b = load64(p + left - 8);
	} else if (left >= 4) {
		a = load32(p);
		b = load32(p + left - 4);
	} else if (left > 0) {
		a = (uint64_t)p[0] << 16 | (uint64_t)p[left / 2] << 8 | p[left - 1];
	}
	h = fold_mul(a ^ K2 ^ h, b ^ K3 ^ (uint64_t)left);
	return fold_mul(h ^ K1, K3);
}
