/* fmt_html.c - dcr-fmt -t html: one self-contained page for a browser or a
 * mail client, or (--fragment) a part of one for --page to join.
 *
 * No scripts and no external resources: the styles are inline in <head>,
 * charts are inline SVG. Every value, key and the title are HTML-escaped.
 * The table carries every value as text, so a mail client that drops SVG
 * loses only the decoration. Numeric columns are right-aligned.
 */
#include "fmt/fmt.h"

#include <string.h>

#include "fmt/chart.h"
#include "fmt/escape.h"
#include "fmt/html_chart.h"
#include "fmt/html_line.h"
#include "base/num.h"

#define DEFAULT_TITLE "dcr report"

static const char style[] =
	"body{margin:24px;font:14px/1.45 -apple-system,\"Segoe UI\",Roboto,"
	"\"Helvetica Neue\",Arial,sans-serif;color:#1f2328;background:#fff}\n"
	"h1{font-size:20px;margin:0 0 16px}\n"
	"h2{font-size:17px;margin:28px 0 8px}\n"
	"h3{font-size:15px;margin:16px 0 8px}\n"
	"figure.chart{margin:8px 0 12px}\n"
	"figcaption{color:#59636e;font-size:12px;max-width:640px}\n"
	"p.note{color:#59636e;font-size:12px;margin:.3em 0}\n"
	"table{border-collapse:collapse}\n"
	"th,td{padding:4px 12px;text-align:left;vertical-align:top;"
	"border-bottom:1px solid #d8dee4;white-space:pre}\n"
	"th{background:#eef1f5;font-weight:600;border-bottom:2px solid #c3cad3;"
	"white-space:normal;vertical-align:bottom;max-width:9em}\n"
	"tbody tr:nth-child(even){background:#f8f9fb}\n"
	".n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"td.bar{padding-top:7px}\n"
	".spark{margin:16px 0}\n"
	".spark svg{vertical-align:middle;margin:0 8px}\n"
	".meta{color:#59636e;font-size:12px;margin-top:16px}\n"
	/* On a phone a chart shrinks to the screen (its viewBox keeps its
	 * shape; its own min-width, html_chart.c, keeps its text readable),
	 * and a table or chart wider than the screen scrolls in its own box,
	 * so that the page itself never scrolls sideways. Printed, the boxes
	 * show all of it rather than clip it, and smaller text and padding
	 * fit the widest table of the jobs' reports on A4. */
	"figure.chart svg{max-width:100%;height:auto}\n"
	".wide,figure.chart{overflow-x:auto}\n"
	"@media (max-width:600px){body{margin:12px}th,td{padding:4px 8px}}\n"
	"@media print{body{margin:0;font-size:11px}th,td{padding:2px 4px}"
	".wide,figure.chart{overflow:visible}}\n";

static void put_title(struct buf *b, const char *title)
{
	const char *t = title ? title : DEFAULT_TITLE;
	escape_html_text(b, t, strlen(t));
}

static void put_cell(struct buf *b, const char *tag, bool numeric,
		     struct slice v)
{
	buf_addc(b, '<');
	buf_adds(b, tag);
	if (tag[1] == 'h')
		buf_adds(b, " scope=\"col\"");
	if (numeric)
		buf_adds(b, " class=\"n\" style=\"text-align:right\"");
	buf_addc(b, '>');
	if (v.p)
		escape_html_text(b, v.p, v.n);
	buf_adds(b, "</");
	buf_adds(b, tag);
	buf_addc(b, '>');
}

void fmt_html_head(struct buf *b, const char *title)
{
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, "
		    "initial-scale=1\">\n<title>");
	put_title(b, title);
	buf_adds(b, "</title>\n<style>\n");
	buf_adds(b, style);
	buf_adds(b, "</style>\n</head>\n<body>\n<h1>");
	put_title(b, title);
	buf_adds(b, "</h1>\n");
}

void fmt_html_foot(struct buf *b)
{
	buf_adds(b, "</body>\n</html>\n");
}

/* A fragment's heading: --title at the --fragment level. */
static void put_heading(struct buf *b, const struct fmt_opts *o)
{
	char h[4] = {'h', (char)('0' + o->fragment), '>', 0};
	buf_addc(b, '<');
	buf_adds(b, h);
	put_title(b, o->title);
	buf_adds(b, "</");
	buf_adds(b, h);
	buf_addc(b, '\n');
}

static void html_begin(struct fmt *f)
{
	struct buf *b = &f->out->buf;
	if (f->o->fragment)
		put_heading(b, f->o);
	else
		fmt_html_head(b, f->o->title);
	if (f->o->chart)
		html_chart(f);
	if (f->o->line)
		html_line(f);
	if (!f->ncols) {
		buf_adds(b, "<p>No records.</p>\n");
		return;
	}
	buf_adds(b, "<div class=\"wide\">\n<table>\n");
	if (f->o->header) {
		buf_adds(b, "<thead><tr>");
		for (size_t k = 0; k < f->ncols; k++)
			put_cell(b, "th", f->numeric[k], fmt_label(f->o, f->cols[k]));
		if (f->o->bar)
			buf_adds(b, "<th></th>");
		buf_adds(b, "</tr></thead>\n");
	}
	buf_adds(b, "<tbody>\n");
}

static void html_row(struct fmt *f, const struct row *r)
{
	struct buf *b = &f->out->buf;
	buf_adds(b, "<tr>");
	fmt_note_marks(f, r);
	for (size_t k = 0; k < r->n; k++)
		put_cell(b, "td", f->numeric[k], r->vals[k]);
	if (f->o->bar) {
		buf_adds(b, "<td class=\"bar\">");
		/* the screen-reader label: the bar's value */
		buf_reset(&f->tmp);
		if (r->bar > 0)
			num_put(&f->tmp, r->bar);
		chart_bar_svg(b, r->bar, f->bar_max, f->tmp.p, f->tmp.len);
		buf_adds(b, "</td>");
	}
	buf_adds(b, "</tr>\n");
}

static void put_spark(struct fmt *f)
{
	struct buf *b = &f->out->buf;
	buf_reset(&f->tmp);
	if (!f->nspark || !fmt_put_spark_range(f, &f->tmp))
		return;
	buf_adds(b, "<p class=\"spark\"><b>");
	escape_html_text(b, f->o->spark, strlen(f->o->spark));
	buf_adds(b, "</b>");
	chart_spark_svg(b, f->spark, f->nspark);
	escape_html_text(b, f->tmp.p, f->tmp.len);
	buf_adds(b, "</p>\n");
}

static void html_end(struct fmt *f)
{
	struct buf *b = &f->out->buf;
	if (f->ncols)
		buf_adds(b, "</tbody>\n</table>\n</div>\n");
	fmt_put_mark_notes(f, b, true);
	if (f->o->spark)
		put_spark(f);
	if (f->o->fragment)
		return; /* the page (--page) says the rest */
	buf_adds(b, "<p class=\"meta\">");
	buf_add_u64(b, f->written);
	buf_adds(b, f->written == 1 ? " row" : " rows");
	buf_adds(b, "</p>\n");
	fmt_html_foot(b);
}

const struct writer fmt_html = {
	"html", W_NEEDS_ALL | W_CHARTS, html_begin, html_row, html_end
};
