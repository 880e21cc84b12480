/* humanfmt.h - values made easier to read: --digits, --group-digits, --tz.
 *
 * Only numbers and canonical UTC time stamps change; everything else is
 * copied. The rules, in order:
 *   - a canonical UTC time stamp (any key, such as ts) is shown in the
 *     zone set by tz_set() as "YYYY-MM-DD HH:MM:SS[.fff]+hh:mm" when
 *     local_time is on;
 *   - a number not written as a plain integer is rounded to digits
 *     decimals (digits >= 0), half away from zero on its shortest decimal
 *     form (0.125 -> 0.13, as a spreadsheet shows it), "-0.00" as "0.00";
 *     magnitudes of 1e21 and more stay as written;
 *   - with group, the integer part of a plain decimal number with five or
 *     more digits gets ',' between groups of three ("12,345"); shorter
 *     numbers (years, codes) and numbers with a leading zero stay as they
 *     are.
 */
#ifndef DCR_HUMANFMT_H
#define DCR_HUMANFMT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

struct human {
	int digits;	 /* decimals for non-integers; < 0: as written */
	bool group;	 /* thousands separators */
	bool local_time; /* time stamps in the tz_set zone */
};

/* True when some rule is on (else values are shown as written). */
bool human_active(const struct human *h);

/* Append the display form of v[0..n) to out. */
void human_put(const struct human *h, struct buf *out, const char *v,
	       size_t n);

#endif
