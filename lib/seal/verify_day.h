/* verify_day.h - calendar days as numbers for verifying a sealed folder:
 * a day's number, and the text of a number. A pure conversion: it calls
 * no other file of seal/.
 *
 * Ownership: nothing is allocated; out is the caller's.
 */
#ifndef DCR_VERIFY_DAY_H
#define DCR_VERIFY_DAY_H

#include <stdint.h>

/* Days since 1970-01-01 of "YYYY-MM-DD" (a real date), or INT64_MIN. */
int64_t verify_day_number(const char *day);
void verify_day_text(int64_t n, char out[11]);

#endif
