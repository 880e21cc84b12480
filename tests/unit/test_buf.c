/* test_buf.c - the growable buffer and slice_cmp's order, checked against
 * the order of C strings by strcmp (which compares as unsigned char). */
#include <stdlib.h>

#include "base/buf.h"
#include "unit.h"

static int sign(int v) { return (v > 0) - (v < 0); }

static int same_order(const char *a, const char *b)
{
	struct slice x = slice_of(a, strlen(a)), y = slice_of(b, strlen(b));
	int want = sign(strcmp(a, b));
	return sign(slice_cmp(x, y)) == want && sign(slice_cmp(y, x)) == -want;
}

int main(void)
{
	static const char *const words[] = {"", "a", "ab", "abc", "b", "B",
					    "a\x7f", "a\x80", "\xff", "aa"};
	size_t n = sizeof words / sizeof *words;
	int agree = 1;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			agree &= same_order(words[i], words[j]);
	CHECK(agree);
	CHECK(slice_cmp(slice_of(NULL, 0), slice_of(NULL, 0)) == 0);
	CHECK(slice_cmp(slice_of("a\0b", 3), slice_of("a\0c", 3)) < 0);
	CHECK(slice_cmp(slice_of("a\0", 2), slice_of("a", 1)) > 0);

	struct buf b = BUF_INIT;
	for (int i = 0; i < 1000; i++)
		buf_adds(&b, "xy");
	buf_add_i64(&b, -42);
	CHECK(b.len == 2003 && memcmp(b.p + 2000, "-42", 3) == 0);
	buf_free(&b);
	return unit_report("buf");
}
