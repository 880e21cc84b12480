/* html_page.c - dcr-fmt -t html --page: one page around HTML fragments
 * (of --fragment, or the caller's own), so that a report of several
 * tables is one self-contained file with one set of styles.
 *
 * The fragments are copied line by line, unchanged: they are the caller's
 * HTML, already escaped. A fragment that cannot be read leaves no page.
 */
#include "fmt/fmt.h"

#include "base/err.h"
#include "io/input.h"

/* Append the lines of path to out; false (reported) on a failure. */
static bool copy(struct output *out, const char *path)
{
	struct input in;
	if (!input_open(&in, path))
		return false;
	struct slice line;
	enum input_status st;
	while ((st = input_getline(&in, &line)) == IN_LINE) {
		buf_add(&out->buf, line.p, line.n);
		buf_addc(&out->buf, '\n');
		out_maybe_flush(out);
	}
	if (st == IN_LONG)
		warn_at(in.name, in.lineno, INPUT_LONG_LINE " (--max-record)");
	input_close(&in);
	return st == IN_EOF;
}

int fmt_html_page(const struct fmt_opts *o, struct output *out,
		  char *const *files, int n)
{
	bool ok = true;
	fmt_html_head(&out->buf, o->title);
	for (int i = 0; ok && i < n; i++)
		ok = copy(out, files[i]);
	fmt_html_foot(&out->buf);
	if (!ok) {
		out_abandon(out);
		return EXIT_TROUBLE;
	}
	out_close(out);
	return err_seen ? EXIT_TROUBLE : EXIT_OK;
}
