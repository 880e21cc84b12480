/* test_swar.c - lib/base/swar.h: each byte of a word tested exactly,
 * whatever its neighbours (no borrow or carry reaches the next byte), and
 * value_is_bare, which uses it, against the byte-by-byte rule. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/swar.h"
#include "record/record.h"
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

static bool bare_by_bytes(const char *v, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c <= 0x20 || c == 0x7f || c == '"' || c == '=' || c == '\\')
			return false;
	}
	return true;
}

static void test_value_is_bare(void)
{
	char v[19];
	size_t wrong = 0;
	for (int b = 0; b < 256; b++)
		for (size_t at = 0; at < sizeof v; at++) {
			memset(v, 'a', sizeof v);
			v[at] = (char)b;
			for (size_t n = at + 1; n <= sizeof v; n += 5)
				wrong += value_is_bare(v, n) != bare_by_bytes(v, n);
		}
	CHECK(wrong == 0);
	CHECK(!value_is_bare("", 0));
	CHECK(value_is_bare("caf\xc3\xa9-2024-03-01", 16));
}

int main(void)
{
	test_bytes();
	test_value_is_bare();
	return unit_report("swar");
}
