/* test_ascii.c - the character classes of base/ascii.h against <ctype.h>
 * in the "C" locale, the independent oracle, and ascii_trim. */
#include <ctype.h>

#include "base/ascii.h"
#include "unit.h"

int main(void)
{
	int classes_agree = 1;
	for (int c = 0; c < 256; c++) {
		char ch = (char)c; /* negative above 127 where char is signed */
		classes_agree &= ascii_is_digit(ch) == (isdigit(c) != 0);
		classes_agree &= ascii_is_blank(ch) == (isblank(c) != 0);
		classes_agree &= ascii_is_space(ch) == (isspace(c) != 0);
	}
	CHECK(classes_agree);

	struct slice s = ascii_trim(" \t a b\t ", 8);
	CHECK_MEM(s.p, s.n, "a b");
	s = ascii_trim("x", 1);
	CHECK_MEM(s.p, s.n, "x");
	s = ascii_trim(" \t ", 3);
	CHECK(s.n == 0);
	s = ascii_trim("\na\n", 3); /* only blanks are trimmed */
	CHECK_MEM(s.p, s.n, "\na\n");
	return unit_report("ascii");
}
