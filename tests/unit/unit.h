/* unit.h - a minimal harness for C unit tests of lib/.
 *
 * Each tests/unit/test_*.c defines main() that calls CHECK... and returns
 * unit_report(): it prints "unit NAME: N passed, N failed" and returns
 * non-zero when anything failed.
 */
#ifndef DCR_UNIT_H
#define DCR_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_pass, unit_fail;

#define CHECK(cond)                                                        \
	do {                                                               \
		if (cond)                                                  \
			unit_pass++;                                       \
		else {                                                     \
			unit_fail++;                                       \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n",       \
				__FILE__, __LINE__, #cond);                \
		}                                                          \
	} while (0)

/* Compare a (pointer, length) result with an expected C string. */
#define CHECK_MEM(p, n, want)                                              \
	do {                                                               \
		size_t unit_n_ = (n);                                      \
		const char *unit_w_ = (want);                              \
		if (unit_n_ == strlen(unit_w_) &&                          \
		    memcmp((p), unit_w_, unit_n_) == 0)                    \
			unit_pass++;                                       \
		else {                                                     \
			unit_fail++;                                       \
			fprintf(stderr,                                    \
				"%s:%d: got '%.*s', want '%s'\n",          \
				__FILE__, __LINE__, (int)unit_n_,          \
				(const char *)(p), unit_w_);               \
		}                                                          \
	} while (0)

static int unit_report(const char *name)
{
	printf("unit %s: %d passed, %d failed\n", name, unit_pass, unit_fail);
	return unit_fail != 0;
}

#endif
