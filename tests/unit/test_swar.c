/* test_swar.c - lib/base/swar.h: each byte of a word tested exactly,
 * whatever its neighbours (no borrow or carry reaches the next byte). The
 * test for a bare value that uses it is in test_bare.c. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/swar.h"
#include "unit.h"

/* A word of byte b at position at, the other bytes from fill. */
static uint64_t word(unsigned char b, int at, unsigned char fill)
{
	unsigned char w[8];
	memset(w, fill, sizeof w);
	w[at] = b;
	uint64_t x;
	memcpy(&x, w, 8);
	return x;
}

static uint64_t high_bit(int at)
{
	unsigned char w[8] = {0};
	w[at] = 0x80;
	uint64_t x;
	memcpy(&x, w, 8);
	return x;
}

static void test_bytes(void)
{
	static const unsigned char fills[] = {0x00, 0x20, 0x21, 0x7f, 0x80, 0xff};
	size_t wrong = 0, tried = 0;
	for (int b = 0; b < 256; b++)
		for (int at = 0; at < 8; at++)
			for (size_t f = 0; f < sizeof fills; f++) {
				uint64_t w = word((unsigned char)b, at, fills[f]);
				uint64_t me = high_bit(at);
				for (int n = 1; n <= 0x80; n++) {
					bool below = b < n;
					wrong += ((swar_below(w, (unsigned char)n) & me) != 0) != below;
					tried++;
				}
				for (int c = 0; c < 256; c += 17) {
					bool eq = b == c;
					wrong += ((swar_eq(w, (unsigned char)c) & me) != 0) != eq;
				}
			}
	CHECK(tried == 256 * 8 * 6 * 128);
	CHECK(wrong == 0);
}

int main(void)
{
	test_bytes();
	return unit_report("swar");
}
