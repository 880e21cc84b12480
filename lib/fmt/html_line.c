/* html_line.c - one SVG line chart of a column over the rows, for readers
 * of the HTML report who follow a count from day to day, with the same
 * count of the previous period (--compare) beside it.
 *
 * x is the row's position (row i of the input beside record i of the
 * compare file: day 1 with day 1), labelled by the row's values before
 * the charted column, the first and the last row and every few between,
 * as many as fit; y runs from 0 (or below, for a negative value) to a
 * round number in 3 to 5 round steps, each a labelled tick. A suppressed
 * value (a "<K" mark) or a row without one is a gap: the line breaks
 * there and a suppressed row has an asterisk on the axis and a footnote
 * under the chart, never a point at 0 or at K, so that no reader takes a
 * hidden count for a small one. The compare line is dashed, with hollow
 * points, and lighter, so that it differs by more than its colour; both
 * colours pass WCAG AA on white. <title> names the chart, a <title> on
 * each point gives its value, and <desc> lists every value for screen
 * readers, the compare's too (they are in no table).
 */
#include "fmt/html_line.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "base/xmalloc.h"
#include "fmt/chart.h"
#include "fmt/escape.h"
#include "fmt/line_series.h"

/* The layout the man page gives: the plot from x 56 to 600 and y 208
 * (the scale's low end) to 28, the legend above it, the x labels below. */
enum { WIDTH = 640, LEFT = 56, RIGHT = 40, TOP = 28, PLOT_H = 180,
       HEIGHT = 240, LEGEND_Y = 14, CHAR_W = 7 };
#define PLOT_W ((double)(WIDTH - LEFT - RIGHT))
#define BOTTOM ((double)(TOP + PLOT_H))

#define LINE_INK "#3b6fb6"    /* 5.1:1 on white */
#define COMPARE_INK "#c05600" /* 4.6:1 on white: lighter, and dashed */
#define INK "#1f2328"
#define MUTED "#59636e"	      /* 6.1:1 on white */
#define GRID "#d8dee4"	      /* decoration only: the ticks are labelled */

struct line {
	size_t k;		/* the charted column */
	size_t n, m, npos;	/* rows, compare records, positions */
	double *v, *cv;		/* their numbers; NaN: a gap */
	struct chart_scale sc;
	double lo, hi;		/* the scale's ends */
	struct buf mark;	/* the first suppression mark, when any */
	struct buf label, desc, body, num;
};

static double x_of(const struct line *c, size_t i)
{
	if (c->npos < 2)
		return LEFT + PLOT_W / 2;
	return LEFT + (double)i * PLOT_W / (double)(c->npos - 1);
}

static double y_of(const struct line *c, double v)
{
	return BOTTOM - (v - c->lo) / (c->hi - c->lo) * PLOT_H;
}

/* Row i's label in c->label: its shown values before the charted column,
 * joined by a middle dot; its number when there are none. */
static void make_label(struct line *c, const struct row *r, size_t i)
{
	buf_reset(&c->label);
	if (!c->k)
		buf_add_u64(&c->label, i + 1);
	for (size_t j = 0; j < c->k && j < r->n; j++) {
		if (j)
			buf_adds(&c->label, " \xc2\xb7 ");
		if (r->vals[j].p)
			buf_add(&c->label, r->vals[j].p, r->vals[j].n);
	}
}

static double number(struct slice v, struct line *c)
{
	double d;
	if (fmt_is_number(v) && num_parse(v.p, v.n, &d))
		return d;
	if (fmt_is_mark(v) && !c->mark.len)
		buf_add(&c->mark, v.p, v.n);
	return NAN;
}

static struct slice cell(const struct row *r, size_t k, bool raw)
{
	if (k >= r->n)
		return slice_of(NULL, 0);
	return raw ? r->raw[k] : r->vals[k];
}

/* The numbers of both series, and the scale that holds them. */
static void measure(struct fmt *f, struct line *c)
{
	const struct line_series *s = f->o->compare;
	c->n = f->nrows;
	c->m = s ? s->n : 0;
	c->npos = c->n > c->m ? c->n : c->m;
	c->v = xcalloc(c->n, sizeof *c->v);
	c->cv = xcalloc(c->m ? c->m : 1, sizeof *c->cv);
	for (size_t i = 0; i < c->n; i++) {
		struct row r;
		fmt_row_at(f, i, &r);
		c->v[i] = number(cell(&r, c->k, true), c);
	}
	for (size_t i = 0; i < c->m; i++)
		c->cv[i] = number(line_series_value(s, i, true), c);
	double min = 0, max = 0, cmin = 0, cmax = 0;
	bool any = chart_range(c->v, c->n, &min, &max);
	if (chart_range(c->cv, c->m, &cmin, &cmax)) {
		min = any ? fmin(min, cmin) : cmin;
		max = any ? fmax(max, cmax) : cmax;
	}
	chart_nice_scale(&c->sc, min, max);
	c->lo = chart_tick(&c->sc, 0);
	c->hi = chart_tick(&c->sc, c->sc.nsteps);
}

/* The shown form of number v in c->num. */
static void shown_number(struct fmt *f, struct line *c, double v)
{
	buf_reset(&f->tmp);
	num_put(&f->tmp, v);
	buf_reset(&c->num);
	human_put(&f->o->human, &c->num, f->tmp.p, f->tmp.len);
}

/* The y axis: a grid line and a label per tick, then both axes. */
static void draw_y_axis(struct fmt *f, struct line *c)
{
	struct buf *b = &c->body;
	for (int j = 0; j <= c->sc.nsteps; j++) {
		double t = chart_tick(&c->sc, j), y = y_of(c, t);
		buf_adds(b, "<path d=\"M");
		chart_put_px(b, LEFT);
		buf_addc(b, ' ');
		chart_put_px(b, y);
		buf_adds(b, "H");
		chart_put_px(b, LEFT + PLOT_W);
		buf_adds(b, "\" stroke=\"" GRID "\"/>\n");
		shown_number(f, c, t);
		chart_put_text(b, LEFT - 6, y + 4, " text-anchor=\"end\"", c->num.p,
			 c->num.len);
	}
	buf_adds(b, "<path d=\"M");
	chart_put_px(b, LEFT);
	buf_addc(b, ' ');
	chart_put_px(b, TOP);
	buf_addc(b, 'V');
	chart_put_px(b, BOTTOM);
	buf_addc(b, 'H');
	chart_put_px(b, LEFT + PLOT_W);
	buf_adds(b, "\" fill=\"none\" stroke=\"" MUTED "\"/>\n");
}

/* One x tick at row i, labelled. */
static void draw_x_tick(struct fmt *f, struct line *c, size_t i)
{
	struct row r;
	fmt_row_at(f, i, &r);
	make_label(c, &r, i);
	double x = x_of(c, i);
	buf_adds(&c->body, "<path d=\"M");
	chart_put_px(&c->body, x);
	buf_addc(&c->body, ' ');
	chart_put_px(&c->body, BOTTOM);
	buf_adds(&c->body, "v5\" stroke=\"" MUTED "\"/>\n");
	chart_put_text(&c->body, x, BOTTOM + 18, " text-anchor=\"middle\"", c->label.p,
		 c->label.len);
}

/* The x ticks: the first and the last row and every stride-th between
 * that is not too near the last, stride 1 when the labels fit, else a
 * multiple of 7 (a week of days). */
static void draw_x_axis(struct fmt *f, struct line *c)
{
	size_t widest = 0, last = c->n - 1;
	for (size_t i = 0; i < c->n; i++) {
		struct row r;
		fmt_row_at(f, i, &r);
		make_label(c, &r, i);
		size_t w = chart_text_chars(c->label.p, c->label.len);
		widest = w > widest ? w : widest;
	}
	double need = (double)widest * CHAR_W + 8;
	double gap = c->npos > 1 ? PLOT_W / (double)(c->npos - 1) : PLOT_W;
	size_t stride = need <= gap ? 1 : 7 * (size_t)ceil(need / (7 * gap));
	for (size_t i = 0; i < last; i += stride)
		if (i == 0 || (double)(last - i) * gap >= need)
			draw_x_tick(f, c, i);
	draw_x_tick(f, c, last);
}

/* The line of v[0..n): a subpath per run of numbers. */
static void draw_path(struct line *c, const double *v, size_t n,
		      const char *attrs)
{
	struct buf *b = &c->body;
	bool any = false, in_run = false;
	for (size_t i = 0; i < n; i++) {
		if (isnan(v[i])) {
			in_run = false;
			continue;
		}
		buf_adds(b, any ? (in_run ? "L" : "M") : "<path d=\"M");
		chart_put_px(b, x_of(c, i));
		buf_addc(b, ' ');
		chart_put_px(b, y_of(c, v[i]));
		any = in_run = true;
	}
	if (any) {
		buf_adds(b, "\" fill=\"none\" stroke-width=\"2\"");
		buf_adds(b, attrs);
		buf_adds(b, "/>\n");
	}
}

/* A point at position i with its <title>: "[prefix, ]label: value". */
static void draw_point(struct line *c, size_t i, double v, const char *attrs,
		       struct slice prefix, struct slice shown)
{
	struct buf *b = &c->body;
	buf_adds(b, "<circle cx=\"");
	chart_put_px(b, x_of(c, i));
	buf_adds(b, "\" cy=\"");
	chart_put_px(b, y_of(c, v));
	buf_adds(b, "\" r=\"3\"");
	buf_adds(b, attrs);
	buf_adds(b, "><title>");
	if (prefix.p) {
		escape_html_text(b, prefix.p, prefix.n);
		buf_adds(b, ", ");
	}
	escape_html_text(b, c->label.p, c->label.len);
	buf_adds(b, ": ");
	escape_html_text(b, shown.p, shown.n);
	buf_adds(b, "</title></circle>\n");
}

/* "label: value" of one series in the description; an asterisk on the
 * axis for a suppressed row of the input. */
static void describe(struct line *c, struct slice raw, struct slice shown,
		     double x, bool mark_it)
{
	escape_html_text(&c->desc, c->label.p, c->label.len);
	buf_adds(&c->desc, ": ");
	if (fmt_is_number(raw)) {
		escape_html_text(&c->desc, shown.p, shown.n);
	} else if (fmt_is_mark(raw)) {
		escape_html_text(&c->desc, raw.p, raw.n);
		buf_adds(&c->desc, " (hidden)");
		if (!mark_it)
			return;
		buf_adds(&c->body, "<text x=\"");
		chart_put_px(&c->body, x);
		buf_adds(&c->body, "\" y=\"");
		chart_put_px(&c->body, BOTTOM - 4); /* on the axis, above the line */
		buf_adds(&c->body, "\" text-anchor=\"middle\" fill=\"" MUTED
				   "\">*<title>");
		escape_html_text(&c->body, c->label.p, c->label.len);
		buf_adds(&c->body, ": ");
		escape_html_text(&c->body, raw.p, raw.n);
		buf_adds(&c->body, " (hidden)</title></text>\n");
	} else {
		buf_adds(&c->desc, "no value");
	}
}

/* Compare record i's label in c->label: its values of the label
 * columns (the table's columns before KEY), its number when it has none. */
static void compare_label(struct fmt *f, struct line *c, size_t i)
{
	const struct line_series *s = f->o->compare;
	buf_reset(&c->label);
	bool any = false;
	for (size_t j = 0; j < c->k; j++) {
		struct slice v;
		if (!line_series_get(s, i, f->cols[j], &v))
			continue;
		if (any)
			buf_adds(&c->label, " \xc2\xb7 ");
		buf_add(&c->label, v.p, v.n);
		any = true;
	}
	if (!any)
		buf_add_u64(&c->label, i + 1);
}

/* The compare series: its points and its part of <desc>. */
static void draw_compare(struct fmt *f, struct line *c, struct slice name,
			 size_t i)
{
	const struct line_series *s = f->o->compare;
	compare_label(f, c, i);
	struct slice shown = line_series_value(s, i, false);
	if (!isnan(c->cv[i]))
		draw_point(c, i, c->cv[i], " fill=\"#fff\" stroke=\"" COMPARE_INK
			   "\" stroke-width=\"1.5\"", name, shown);
	buf_adds(&c->desc, i < c->n ? " (" : i ? "; " : "");
	escape_html_text(&c->desc, name.p, name.n);
	buf_adds(&c->desc, ", ");
	describe(c, line_series_value(s, i, true), shown, 0, false);
	buf_adds(&c->desc, i < c->n ? ")" : "");
}

static void draw_series(struct fmt *f, struct line *c, struct slice cname)
{
	draw_path(c, c->cv, c->m, " stroke=\"" COMPARE_INK
		  "\" stroke-dasharray=\"6 4\"");
	draw_path(c, c->v, c->n, " stroke=\"" LINE_INK "\"");
	for (size_t i = 0; i < c->npos; i++) {
		if (i < c->n) {
			struct row r;
			fmt_row_at(f, i, &r);
			make_label(c, &r, i);
			struct slice raw = cell(&r, c->k, true);
			struct slice shown = cell(&r, c->k, false);
			buf_adds(&c->desc, i ? "; " : "");
			describe(c, raw, shown, x_of(c, i), true);
			if (!isnan(c->v[i]))
				draw_point(c, i, c->v[i], " fill=\"" LINE_INK "\"",
					   slice_of(NULL, 0), shown);
		}
		if (i < c->m)
			draw_compare(f, c, cname, i);
	}
}

/* Above the plot: a sample of each line and its name. */
static void draw_legend(struct line *c, struct slice name, struct slice cname)
{
	struct buf *b = &c->body;
	double x = LEFT;
	for (int i = 0; i < 2; i++) {
		struct slice t = i ? cname : name;
		buf_adds(b, "<path d=\"M");
		chart_put_px(b, x);
		buf_addc(b, ' ');
		chart_put_px(b, LEGEND_Y - 4); /* through the middle of the text */
		buf_adds(b, i ? "h24\" stroke=\"" COMPARE_INK "\" stroke-width=\"2\" "
				"stroke-dasharray=\"6 4\"/>\n"
			      : "h24\" stroke=\"" LINE_INK "\" stroke-width=\"2\"/>\n");
		chart_put_text(b, x + 30, LEGEND_Y, "", t.p, t.n);
		x += 30 + (double)chart_text_chars(t.p, t.n) * CHAR_W + 20;
	}
}

static void put_svg(struct fmt *f, struct line *c, struct slice name)
{
	struct buf *b = &f->out->buf;
	buf_adds(b, "<figure class=\"chart\">\n<svg role=\"img\" width=\"");
	chart_put_px(b, WIDTH);
	buf_adds(b, "\" height=\"");
	chart_put_px(b, HEIGHT);
	buf_adds(b, "\" viewBox=\"0 0 ");
	chart_put_px(b, WIDTH);
	buf_addc(b, ' ');
	chart_put_px(b, HEIGHT);
	/* shrunk to a narrow screen, never below three quarters, where the
	 * 12px text would be too small to read (as --chart, html_chart.c) */
	buf_adds(b, "\" style=\"min-width:");
	chart_put_px(b, WIDTH * 0.75);
	buf_adds(b, "px\" font-size=\"12\" fill=\"" INK "\">\n<title>");
	escape_html_text(b, name.p, name.n);
	buf_adds(b, "</title>\n<desc>");
	buf_add(b, c->desc.p, c->desc.len);
	buf_adds(b, "</desc>\n");
	buf_add(b, c->body.p, c->body.len);
	buf_adds(b, "</svg>\n");
	if (c->mark.len) {
		buf_adds(b, "<figcaption>* ");
		escape_html_text(b, c->mark.p, c->mark.len);
		buf_adds(b, ": fewer than ");
		escape_html_text(b, c->mark.p + 1, c->mark.len - 1);
		buf_adds(b, " records (or a cell that would reveal one), hidden "
			    "to protect privacy; the line has a gap there."
			    "</figcaption>\n");
	}
	buf_adds(b, "</figure>\n");
}

void html_line(struct fmt *f)
{
	const char *key = f->o->line;
	struct line c = {.k = SIZE_MAX};
	for (size_t k = 0; k < f->ncols && c.k == SIZE_MAX; k++)
		if (slice_eq(f->cols[k], key))
			c.k = k;
	if (c.k == SIZE_MAX || !f->nrows)
		return;
	struct slice name = fmt_label(f->o, slice_of(key, strlen(key)));
	const char *cl = f->o->compare_label ? f->o->compare_label
					     : "previous period";
	struct slice cname = slice_of(cl, strlen(cl));
	measure(f, &c);
	draw_y_axis(f, &c);
	draw_x_axis(f, &c);
	if (f->o->compare)
		draw_legend(&c, name, cname);
	draw_series(f, &c, cname);
	put_svg(f, &c, name);
	free(c.v);
	free(c.cv);
	buf_free(&c.mark);
	buf_free(&c.label);
	buf_free(&c.desc);
	buf_free(&c.body);
	buf_free(&c.num);
}
