/* chart.h - bars and sparklines, as text (Unicode blocks or ASCII) and as
 * inline SVG for HTML.
 *
 * A bar is proportional to its value, the largest value filling the
 * width; values that are not above zero draw nothing. A sparkline maps a
 * series from its minimum to its maximum; NaN marks a gap.
 */
#ifndef DCR_CHART_H
#define DCR_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

#define CHART_BAR_COLS 30	/* text bar width at the largest value */
#define CHART_BAR_PX 160	/* SVG bar width at the largest value */

/* Append the bar for v; with utf8, full and eighth blocks (U+2588..258F),
 * else '#'. A positive value always shows at least the smallest mark.
 * Returns the display width written. */
size_t chart_bar_text(struct buf *b, double v, double max, size_t width,
		      bool utf8);

/* Append one character per value: U+2581..U+2588 with utf8, else one of
 * ".:-=+*#@" from low to high; a blank for NaN. */
void chart_spark_text(struct buf *b, const double *v, size_t n, bool utf8);

/* The smallest and largest values that are not NaN; false if none. */
bool chart_range(const double *v, size_t n, double *min, double *max);

/* The y scale of a line chart: from lo to lo + nsteps * step, round
 * numbers (1, 2 or 5 times a power of ten) that hold 0 and every value,
 * in 3 to 5 steps (4 to 6 ticks); 0 to 5 when there is nothing to hold.
 * A tick is computed as a decimal (chart_tick), so that 0.3 is 0.3. */
struct chart_scale {
	long long first; /* the first tick in steps: lo = first * step */
	int nsteps;	 /* the ticks are first .. first + nsteps */
	int digit;	 /* the step is digit * 10^exp, digit 1, 2 or 5 */
	int exp;
};
void chart_nice_scale(struct chart_scale *s, double min, double max);
/* Tick j (0 .. nsteps) of s, as a number. */
double chart_tick(const struct chart_scale *s, int j);

/* Append a coordinate of an SVG chart, px to one decimal. */
void chart_put_px(struct buf *b, double px);
/* Append <text> at x, y with the escaped text t[0..n) and extra
 * attributes attrs (" text-anchor=\"end\"", or ""). */
void chart_put_text(struct buf *b, double x, double y, const char *attrs,
		    const char *t, size_t n);
/* Characters (not bytes) of UTF-8 text: the width of a label, roughly. */
size_t chart_text_chars(const char *p, size_t n);

/* An <svg> bar; label (HTML-escaped here) names it for screen readers. */
void chart_bar_svg(struct buf *b, double v, double max, const char *label,
		   size_t label_n);

/* An <svg> sparkline: a polyline per run of values without gaps. */
void chart_spark_svg(struct buf *b, const double *v, size_t n);

#endif
