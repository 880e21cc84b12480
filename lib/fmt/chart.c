/* chart.c - text and SVG bars and sparklines. */
#include "fmt/chart.h"

#include <math.h>
#include <stdio.h>

#include "fmt/escape.h"

/* U+2588 FULL BLOCK, then U+2589..U+258F: seven eighths down to one. */
static const char *const eighths[8] = {
	"\u2588", "\u2589", "\u258a", "\u258b", "\u258c", "\u258d", "\u258e",
	"\u258f"
};

size_t chart_bar_text(struct buf *b, double v, double max, size_t width,
		      bool utf8)
{
	if (!(v > 0) || !(max > 0) || !isfinite(v) || !isfinite(max))
		return 0;
	double frac = v >= max ? 1 : v / max;
	size_t steps = utf8 ? 8 : 1;
	size_t units = (size_t)lround(frac * (double)(width * steps));
	if (units == 0)
		units = 1; /* a positive value is never invisible */
	size_t full = units / steps, part = units % steps;
	for (size_t i = 0; i < full; i++)
		buf_adds(b, utf8 ? eighths[0] : "#");
	if (part)
		buf_adds(b, eighths[8 - part]);
	return full + (part != 0);
}

bool chart_range(const double *v, size_t n, double *min, double *max)
{
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (isnan(v[i]))
			continue;
		if (!any || v[i] < *min)
			*min = v[i];
		if (!any || v[i] > *max)
			*max = v[i];
		any = true;
	}
	return any;
}

/* Position of v in [min, max] as 0..1; 0.5 when the range is flat. */
static double scale(double v, double min, double max)
{
	return max > min ? (v - min) / (max - min) : 0.5;
}

void chart_spark_text(struct buf *b, const double *v, size_t n, bool utf8)
{
	static const char *const levels[8] = {
		"\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586",
		"\u2587", "\u2588"
	};
	static const char ascii[] = ".:-=+*#@";
	double min = 0, max = 0;
	chart_range(v, n, &min, &max);
	for (size_t i = 0; i < n; i++) {
		if (isnan(v[i])) {
			buf_addc(b, ' ');
			continue;
		}
		int level = (int)lround(scale(v[i], min, max) * 7);
		if (utf8)
			buf_adds(b, levels[level]);
		else
			buf_addc(b, ascii[level]);
	}
}

/* q rounded up (or down), taking a q within rounding error of an
 * integer as that integer: 0.7 / 0.1 is 6.999999999999999, 7 steps. */
static double steps_ceil(double q, bool up)
{
	double r = nearbyint(q);
	if (fabs(q - r) <= 1e-9 * fmax(1, fabs(q)))
		return r;
	return up ? ceil(q) : floor(q);
}

static double pow10_of(int e)
{
	return pow(10, e); /* exact up to 10^22, which is what matters */
}

double chart_tick(const struct chart_scale *s, int j)
{
	double m = (double)((s->first + j) * s->digit);
	/* dividing by an exact power of ten rounds once: 3 / 10 is 0.3 */
	return s->exp >= 0 ? m * pow10_of(s->exp) : m / pow10_of(-s->exp);
}

void chart_nice_scale(struct chart_scale *s, double min, double max)
{
	double lo = fmin(0, min), hi = fmax(0, max);
	if (!isfinite(lo) || !isfinite(hi) || !(hi > lo))
		lo = 0, hi = 5;
	static const int digits[] = {1, 2, 5};
	int e = (int)floor(log10((hi - lo) / 5)) - 1;
	for (;; e++) {
		for (size_t i = 0; i < 3; i++) {
			double step = digits[i] * pow10_of(e);
			double first = steps_ceil(lo / step, false);
			double last = steps_ceil(hi / step, true);
			if (last - first <= 5) {
				/* 0 is inside, so |first|, last <= 5 */
				*s = (struct chart_scale){(long long)first,
							  (int)(last - first),
							  digits[i], e};
				return;
			}
		}
	}
}

static void put_px(struct buf *b, double px)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof tmp, "%.1f", px);
	if (n > 0)
		buf_add(b, tmp, (size_t)n);
}

void chart_bar_svg(struct buf *b, double v, double max, const char *label,
		   size_t label_n)
{
	if (!(v > 0) || !(max > 0) || !isfinite(v) || !isfinite(max))
		return;
	double w = (v >= max ? 1 : v / max) * CHART_BAR_PX;
	if (w < 1)
		w = 1;
	buf_adds(b, "<svg class=\"bar\" width=\"");
	buf_add_u64(b, CHART_BAR_PX);
	buf_adds(b, "\" height=\"12\" role=\"img\" aria-label=\"");
	escape_html_text(b, label, label_n);
	buf_adds(b, "\"><rect x=\"0\" y=\"1\" height=\"10\" width=\"");
	put_px(b, w);
	buf_adds(b, "\" fill=\"#3b6fb6\"/></svg>");
}

enum { SPARK_H = 32, SPARK_PAD = 3, SPARK_STEP = 6, SPARK_MIN_W = 60,
       SPARK_MAX_W = 600 };

void chart_spark_svg(struct buf *b, const double *v, size_t n)
{
	double min = 0, max = 0;
	if (!chart_range(v, n, &min, &max))
		return;
	double width = n > 1 ? (double)(n - 1) * SPARK_STEP : 0;
	if (width < SPARK_MIN_W)
		width = SPARK_MIN_W;
	if (width > SPARK_MAX_W)
		width = SPARK_MAX_W;
	double dx = n > 1 ? width / (double)(n - 1) : 0;
	buf_adds(b, "<svg class=\"spark\" width=\"");
	put_px(b, width + 2 * SPARK_PAD);
	buf_adds(b, "\" height=\"32\" role=\"img\" aria-label=\"sparkline\">");
	for (size_t i = 0; i < n;) {
		if (isnan(v[i])) {
			i++;
			continue;
		}
		size_t end = i;
		while (end < n && !isnan(v[end]))
			end++;
		buf_adds(b, "<polyline fill=\"none\" stroke=\"#3b6fb6\" "
			    "stroke-width=\"1.5\" points=\"");
		for (size_t k = i; k < end; k++) {
			double x = SPARK_PAD + (n > 1 ? (double)k * dx : width / 2);
			double y = SPARK_PAD + (1 - scale(v[k], min, max)) *
						       (SPARK_H - 2 * SPARK_PAD);
			if (k > i)
				buf_addc(b, ' ');
			put_px(b, x);
			buf_addc(b, ',');
			put_px(b, y);
			if (end - i == 1) { /* a lone point: a short flat mark */
				buf_addc(b, ' ');
				put_px(b, x + 2);
				buf_addc(b, ',');
				put_px(b, y);
			}
		}
		buf_adds(b, "\"/>");
		i = end;
	}
	buf_adds(b, "</svg>");
}

void chart_put_px(struct buf *b, double px)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof tmp, "%.1f", px);
	if (n > 0)
		buf_add(b, tmp, (size_t)n);
}

size_t chart_text_chars(const char *p, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)p[i] & 0xc0) != 0x80;
	return c;
}

void chart_put_text(struct buf *b, double x, double y, const char *attrs,
		    const char *t, size_t n)
{
	buf_adds(b, "<text x=\"");
	chart_put_px(b, x);
	buf_adds(b, "\" y=\"");
	chart_put_px(b, y);
	buf_addc(b, '"');
	buf_adds(b, attrs);
	buf_addc(b, '>');
	escape_html_text(b, t, n);
	buf_adds(b, "</text>\n");
}
