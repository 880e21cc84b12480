/* hash.h - hashing bytes, and comparing short byte strings for equality:
 * what every hash table of dcr (groups, string sets, record keys) needs.
 *
 * Ownership: nothing here allocates or keeps a pointer.
 */
#ifndef DCR_HASH_H
#define DCR_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A 64-bit hash of n bytes, well mixed in every bit; the same on every
 * machine (partial states store HyperLogLog hashes). */
uint64_t hash_bytes(const void *p, size_t n, uint64_t seed);

/* a[0..n) == b[0..n), inline: keys and values are short, and a call to
 * memcmp costs more than comparing them. */
static inline bool mem_eq(const char *a, const char *b, size_t n)
{
	uint64_t x, y;
	if (n >= 8) {
		size_t i = 0;
		for (; i + 8 <= n; i += 8) {
			memcpy(&x, a + i, 8);
			memcpy(&y, b + i, 8);
			if (x != y)
				return false;
		}
		memcpy(&x, a + n - 8, 8);
		memcpy(&y, b + n - 8, 8);
		return x == y;
	}
	if (n >= 4) {
		uint32_t u, v, w, z;
		memcpy(&u, a, 4);
		memcpy(&v, b, 4);
		memcpy(&w, a + n - 4, 4);
		memcpy(&z, b + n - 4, 4);
		return u == v && w == z;
	}
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

#endif
