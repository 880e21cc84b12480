/* html_chart.c - one horizontal SVG bar chart of a column, for readers of
 * the HTML report who compare rows at a glance.
 *
 * A row's bar is proportional to its value, the largest filling the
 * scale; the scale is labelled 0 and the largest value. A suppressed value
 * (a "<K" mark) is a gap: its mark and an asterisk where the bar would be,
 * and a footnote under the chart, never a bar, so that no reader takes a
 * hidden count for a small one. <title> names the chart and <desc> lists
 * every value, for screen readers; colours pass WCAG AA on white. The
 * label of a row is the values of the --chart-label columns, else of the
 * columns before the charted one, joined by " \xc2\xb7 " (a middle dot), so that a row
 * grouped by two or three keys reads whole; its number when there are none.
 * On a narrow screen the chart shrinks to three quarters at most, then
 * scrolls (the page's style, fmt_html.c).
 * With --chart-ref a bar has a mark at the row's reference value (the
 * places of a peak occupancy), and <desc> says "N of M places"; a missing
 * or suppressed reference has no mark, never one at a guessed value.
 */
#include "fmt/html_chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "base/xmalloc.h"
#include "fmt/chart.h"
#include "fmt/escape.h"
#include "record/keylist.h"

enum { ROW_H = 22, BAR_H = 14, BAR_W = 320, VALUE_W = 80, AXIS_H = 30,
       CHAR_W = 7, LABEL_MIN = 40, LABEL_MAX = 280 };

#define BAR_FILL "#3b6fb6" /* 5.0:1 on white */
#define INK "#1f2328"
#define REF_INK INK /* the reference mark: 15.8:1 on white */
#define MUTED "#59636e"	   /* 6.1:1 on white, 5.8:1 on the row stripe */

struct chart {
	size_t k;	   /* the charted column */
	size_t ref;	   /* the --chart-ref column, SIZE_MAX: none */
	size_t *lk, nlk;   /* the columns of a bar's label */
	struct slice ref_name; /* the reference's --label, or its key */
	double max;	   /* its largest number (0 when none) */
	double label_w;	   /* room for the labels, in px */
	struct buf mark;   /* the first suppression mark, when any */
	struct buf label, desc, body;
};

/* The row's label in c->label: its shown values of the label columns,
 * joined by a middle dot; its number when there are none. */
static void make_label(struct chart *c, const struct row *r, size_t i)
{
	buf_reset(&c->label);
	if (!c->nlk)
		buf_add_u64(&c->label, i + 1);
	for (size_t j = 0; j < c->nlk; j++) {
		if (j)
			buf_adds(&c->label, " \xc2\xb7 "); /* U+00B7 in UTF-8 */
		size_t k = c->lk[j];
		if (k < r->n && r->vals[k].p)
			buf_add(&c->label, r->vals[k].p, r->vals[k].n);
	}
}

static size_t column_of(const struct fmt *f, const char *key, size_t n)
{
	for (size_t k = 0; k < f->ncols; k++)
		if (n == f->cols[k].n && memcmp(f->cols[k].p, key, n) == 0)
			return k;
	return SIZE_MAX;
}

/* The label columns: those of --chart-label that are shown, in its order,
 * else every column before the charted one. */
static void label_columns(const struct fmt *f, struct chart *c)
{
	c->lk = xcalloc(f->ncols ? f->ncols : 1, sizeof *c->lk);
	if (!f->o->chart_label) {
		for (c->nlk = 0; c->nlk < c->k; c->nlk++)
			c->lk[c->nlk] = c->nlk;
		return;
	}
	struct keylist kl = KEYLIST_INIT;
	keylist_add(&kl, "--chart-label", f->o->chart_label,
		    strlen(f->o->chart_label), 0);
	for (size_t i = 0; i < kl.n && c->nlk < f->ncols; i++) {
		size_t k = column_of(f, kl.k[i], kl.len[i]);
		if (k != SIZE_MAX)
			c->lk[c->nlk++] = k;
	}
	keylist_free(&kl);
}

/* The row's reference value, when it has a number for it. */
static bool ref_value(const struct chart *c, const struct row *r, double *d)
{
	if (c->ref >= r->n)
		return false;
	struct slice v = r->raw[c->ref];
	return fmt_is_number(v) && num_parse(v.p, v.n, d);
}

/* The first pass: the largest value, the widest label, the first mark. */
static void measure(struct fmt *f, struct chart *c)
{
	size_t widest = 0;
	for (size_t i = 0; i < f->nrows; i++) {
		struct row r;
		fmt_row_at(f, i, &r);
		struct slice v = c->k < r.n ? r.raw[c->k] : slice_of(NULL, 0);
		double d;
		if (fmt_is_number(v) && num_parse(v.p, v.n, &d) && d > c->max)
			c->max = d;
		if (ref_value(c, &r, &d) && d > c->max)
			c->max = d; /* the scale holds the marks too */
		if (fmt_is_mark(v) && !c->mark.len)
			buf_add(&c->mark, v.p, v.n);
		make_label(c, &r, i);
		size_t w = chart_text_chars(c->label.p, c->label.len);
		if (w > widest)
			widest = w;
	}
	c->label_w = fmin(LABEL_MAX, fmax(LABEL_MIN, (double)widest * CHAR_W + 12));
}

/* The reference mark of a row at y, a vertical line across its bar, and
 * " of M NAME" in the description; nothing without a reference number. */
static void draw_ref(struct chart *c, const struct row *r, double y)
{
	double d;
	if (!ref_value(c, r, &d) || c->max <= 0)
		return;
	buf_adds(&c->body, "<path d=\"M");
	chart_put_px(&c->body, c->label_w + fmax(d, 0) / c->max * BAR_W);
	buf_addc(&c->body, ' ');
	chart_put_px(&c->body, y + 2);
	buf_adds(&c->body, "v18\" stroke=\"" REF_INK "\" stroke-width=\"2\"/>\n");
	struct slice v = r->vals[c->ref];
	buf_adds(&c->desc, " of ");
	escape_html_text(&c->desc, v.p, v.n);
	buf_addc(&c->desc, ' ');
	escape_html_text(&c->desc, c->ref_name.p, c->ref_name.n);
}

/* Row i: its label, then its bar and value, or its mark. */
static void draw_row(struct chart *c, const struct row *r, size_t i)
{
	struct buf *b = &c->body;
	double y = (double)i * ROW_H, x0 = c->label_w;
	struct slice raw = c->k < r->n ? r->raw[c->k] : slice_of(NULL, 0);
	struct slice shown = c->k < r->n ? r->vals[c->k] : slice_of(NULL, 0);
	make_label(c, r, i);
	chart_put_text(b, x0 - 6, y + 15, " text-anchor=\"end\"", c->label.p,
		 c->label.len);
	buf_adds(&c->desc, i ? "; " : "");
	escape_html_text(&c->desc, c->label.p, c->label.len);
	buf_adds(&c->desc, ": ");
	double d;
	if (fmt_is_number(raw) && num_parse(raw.p, raw.n, &d)) {
		double w = c->max > 0 && d > 0 ? fmin(d, c->max) / c->max * BAR_W : 0;
		buf_adds(b, "<rect x=\"");
		chart_put_px(b, x0);
		buf_adds(b, "\" y=\"");
		chart_put_px(b, y + (ROW_H - BAR_H) / 2.0);
		buf_adds(b, "\" width=\"");
		chart_put_px(b, w);
		buf_adds(b, "\" height=\"14\" fill=\"" BAR_FILL "\"/>\n");
		chart_put_text(b, x0 + w + 4, y + 15, "", shown.p, shown.n);
		escape_html_text(&c->desc, shown.p, shown.n);
	} else if (fmt_is_mark(raw)) {
		buf_reset(&c->label);
		buf_add(&c->label, raw.p, raw.n);
		buf_adds(&c->label, " *");
		chart_put_text(b, x0 + 4, y + 15, " fill=\"" MUTED "\"", c->label.p,
			 c->label.len);
		escape_html_text(&c->desc, raw.p, raw.n);
		buf_adds(&c->desc, " (hidden)");
	} else {
		buf_adds(&c->desc, "no value");
		return;
	}
	draw_ref(c, r, y);
}

/* The scale under the bars: a base line and a line with the ticks 0 and
 * the largest value. */
static void draw_axis(struct fmt *f, struct chart *c, double y)
{
	struct buf *b = &c->body, *t = &f->tmp;
	double x0 = c->label_w;
	buf_adds(b, "<path d=\"M");
	chart_put_px(b, x0);
	buf_adds(b, " 0V");
	chart_put_px(b, y);
	buf_adds(b, "H");
	chart_put_px(b, x0 + BAR_W);
	buf_adds(b, "v5M");
	chart_put_px(b, x0);
	buf_adds(b, " ");
	chart_put_px(b, y);
	buf_adds(b, "v5\" fill=\"none\" stroke=\"" MUTED "\"/>\n");
	chart_put_text(b, x0, y + 18, " text-anchor=\"middle\"", "0", 1);
	buf_reset(t);
	buf_reset(&c->label);
	num_put(&c->label, c->max);
	human_put(&f->o->human, t, c->label.p, c->label.len);
	chart_put_text(b, x0 + BAR_W, y + 18, " text-anchor=\"middle\"", t->p, t->len);
}

/* The <svg> element around the drawing, then the footnote. */
static void put_svg(struct fmt *f, struct chart *c, double h)
{
	struct buf *b = &f->out->buf;
	const char *key = f->o->chart;
	double w = c->label_w + BAR_W + VALUE_W;
	buf_adds(b, "<figure class=\"chart\">\n<svg role=\"img\" width=\"");
	chart_put_px(b, w);
	buf_adds(b, "\" height=\"");
	chart_put_px(b, h);
	buf_adds(b, "\" viewBox=\"0 0 ");
	chart_put_px(b, w);
	buf_addc(b, ' ');
	chart_put_px(b, h);
	/* The page's style shrinks a chart to a narrow screen, but never
	 * below three quarters, where its 12px text would be too small to
	 * read: a narrower screen scrolls the chart in its figure instead. */
	buf_adds(b, "\" style=\"min-width:");
	chart_put_px(b, w * 0.75);
	buf_adds(b, "px\" font-size=\"12\" fill=\"" INK "\">\n<title>");
	struct slice name = fmt_label(f->o, slice_of(key, strlen(key)));
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
			    "to protect privacy; it has no bar.</figcaption>\n");
	}
	buf_adds(b, "</figure>\n");
}

void html_chart(struct fmt *f)
{
	struct chart c = {.k = column_of(f, f->o->chart, strlen(f->o->chart))};
	if (c.k == SIZE_MAX || !f->nrows)
		return;
	label_columns(f, &c);
	const char *ref = f->o->chart_ref;
	c.ref = ref ? column_of(f, ref, strlen(ref)) : SIZE_MAX;
	if (ref)
		c.ref_name = fmt_label(f->o, slice_of(ref, strlen(ref)));
	measure(f, &c);
	for (size_t i = 0; i < f->nrows; i++) {
		struct row r;
		fmt_row_at(f, i, &r);
		draw_row(&c, &r, i);
	}
	double axis = (double)f->nrows * ROW_H + 2;
	draw_axis(f, &c, axis);
	put_svg(f, &c, axis + AXIS_H);
	buf_free(&c.mark);
	buf_free(&c.label);
	buf_free(&c.desc);
	buf_free(&c.body);
	free(c.lk);
}
