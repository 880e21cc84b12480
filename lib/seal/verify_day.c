/* verify_day.c - the days of seals as numbers, to find the gaps between
 * them, and back to text. */
#include "seal/verify_day.h"

#include <stdio.h>
#include <string.h>

int64_t verify_day_number(const char *day)
{
	int y, m, d;
	char end;
	if (strlen(day) != 10 || sscanf(day, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3)
		return INT64_MIN;
	/* Days from civil (H. Hinnant), then back, to refuse 2024-02-30. */
	int64_t yy = m <= 2 ? y - 1 : y;
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t n = era * 146097 + doe - 719468;
	char back[11];
	verify_day_text(n, back);
	return strcmp(back, day) == 0 ? n : INT64_MIN;
}

void verify_day_text(int64_t n, char out[11])
{
	int64_t z = n + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	if (m <= 2)
		y++;
	if (y < 0 || y > 9999)
		y = 0;
	snprintf(out, 11, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}
