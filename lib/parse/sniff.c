/* sniff.c - doubts about a guessed CSV header (sniff.h). */
#include "parse/sniff.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/ascii.h"
#include "base/num.h"

/* A value no export uses as a column name: a number (either notation), or
 * a date or time (digits first, then only digits and - / : . T Z +). */
static bool looks_like_data(const char *s, size_t n)
{
	double x;
	char tmp[64];
	if (num_parse(s, n, &x))
		return true;
	if (n <= sizeof tmp && num_from_decimal_comma(s, n, tmp))
		return true;
	if (n < 4 || !ascii_is_digit(s[0]))
		return false;
	bool sep = false;
	for (size_t i = 0; i < n; i++) {
		if (ascii_is_digit(s[i]))
			continue;
		if (!strchr("-/:.TZ+ ", s[i]))
			return false;
		sep = true;
	}
	return sep;
}

const char *sniff_header_doubt(const struct pairs *cells)
{
	static char msg[200];
	for (size_t i = 0; i < cells->n; i++) {
		const struct pair *p = &cells->p[i];
		if (memchr(p->v, '=', p->vn)) {
			snprintf(msg, sizeof msg, "cell %zu of the first line holds "
				 "key=value: not a CSV header; say the format with -f",
				 i + 1);
			return msg;
		}
	}
	for (size_t i = 0; i < cells->n; i++) {
		const struct pair *p = &cells->p[i];
		if (looks_like_data(p->v, p->vn)) {
			snprintf(msg, sizeof msg, "cell %zu of the first line is a "
				 "number or a time: not a CSV header; a file without "
				 "one needs --no-header --fields KEYS (-f csv takes it "
				 "as the header)", i + 1);
			return msg;
		}
	}
	if (cells->n == 1 && cells->p[0].vn &&
	    memchr(cells->p[0].v, ' ', cells->p[0].vn))
		return "the first line has one cell with blanks in it: a title "
		       "line? --skip-lines N skips it (-f csv takes it as the "
		       "header)";
	return NULL;
}

const char *sniff_logfmt_doubt(const struct pairs *pairs)
{
	static char msg[160];
	for (size_t i = 0; i < pairs->n; i++) {
		const struct pair *p = &pairs->p[i];
		for (size_t k = 0; k < p->vn; k++) {
			char c = p->v[k];
			if (c != ',' && c != ';' && c != '|' && c != '\t')
				continue;
			if (memchr(p->v + k, '=', p->vn - k)) {
				snprintf(msg, sizeof msg, "pair %zu of the first line "
					 "holds a delimiter and then '=': cells of "
					 "key=value pairs? say the format with -f", i + 1);
				return msg;
			}
			break;
		}
	}
	return NULL;
}
