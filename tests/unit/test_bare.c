/* test_bare.c - lib/record/bare.h: bare_copy() against the byte-by-byte
 * rule for every length to 40, every byte at every position, both with a
 * copy and as a test only; the copy exact and inside [d, d + n), the reads
 * inside [s, s + n) (s is a heap block of n bytes: the sanitizer build
 * catches a read past it). The word-by-word path, used without SSE2, is
 * built here as well and checked the same way, and so is value_is_bare(),
 * which record.c builds on it. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#ifdef __SSE2__
/* The path of machines without SSE2, under another name. */
#undef __SSE2__
#define bare_copy bare_copy_words
#include "record/bare.h"
#undef bare_copy
#undef DCR_BARE_H
#define __SSE2__ 1
#define HAVE_WORDS_PATH 1
#endif
#include "record/bare.h"
#include "record/record.h"

typedef bool copy_fn(char *d, const char *s, size_t n);

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

enum { MAXN = 40, GUARD = 16 };

/* One value: the answer with and without a copy, and the copy itself. */
static size_t wrong_for(copy_fn *copy, const char *s, size_t n)
{
	char d[GUARD + MAXN + GUARD];
	memset(d, '#', sizeof d);
	bool want = bare_by_bytes(s, n);
	size_t wrong = copy(NULL, s, n) != want;
	bool got = copy(d + GUARD, s, n);
	wrong += got != want;
	if (got && memcmp(d + GUARD, s, n) != 0)
		wrong++;
	for (size_t i = 0; i < sizeof d; i++)
		if ((i < GUARD || i >= GUARD + n) && d[i] != '#')
			wrong++;
	return wrong;
}

static void test_every_byte(copy_fn *copy)
{
	size_t wrong = 0, tried = 0;
	for (size_t n = 0; n <= MAXN; n++) {
		char *s = malloc(n ? n : 1);
		CHECK(s != NULL);
		if (!s)
			return;
		for (size_t at = 0; at < n; at++)
			for (int b = 0; b < 256; b++) {
				for (size_t i = 0; i < n; i++) /* vary the rest */
					s[i] = (char)('a' + (i * 7 + n) % 26);
				s[at] = (char)b;
				wrong += wrong_for(copy, s, n);
				tried++;
			}
		wrong += wrong_for(copy, s, 0);
		free(s);
	}
	CHECK(tried == 256 * (MAXN * (MAXN + 1) / 2));
	CHECK(wrong == 0);
}

/* value_is_bare(), as copy_fn. */
static bool is_bare(char *d, const char *s, size_t n)
{
	return d ? bare_copy(d, s, n) : value_is_bare(s, n);
}

static void test_examples(copy_fn *copy)
{
	CHECK(!copy(NULL, "", 0));
	CHECK(copy(NULL, "caf\xc3\xa9-2024-03-01", 16));
	CHECK(copy(NULL, "2024-03-01T08:04:56Z", 20));
	CHECK(!copy(NULL, "2024-03-01 08:04:56", 19));
	CHECK(!copy(NULL, "a=b", 3));
	CHECK(!copy(NULL, "x\x7f", 2));
}

int main(void)
{
	test_every_byte(bare_copy);
	test_examples(bare_copy);
	test_every_byte(is_bare); /* record.c's value_is_bare() */
	test_examples(is_bare);
#ifdef HAVE_WORDS_PATH
	test_every_byte(bare_copy_words);
	test_examples(bare_copy_words);
#endif
	return unit_report("bare");
}
