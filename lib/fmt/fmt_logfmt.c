/* fmt_logfmt.c - dcr-fmt -t logfmt: normalised records (dcr-records(5)).
 *
 * A canonical line is copied as it is; any other is rebuilt pair by pair
 * with the quoting record_put_pair() chooses. With -k, only those keys, in
 * that order; a record left with no keys writes nothing (a blank line is
 * not a record).
 */
#include "fmt/fmt.h"

static void logfmt_begin(struct fmt *f)
{
	(void)f;
}

static void logfmt_row(struct fmt *f, const struct row *r)
{
	struct buf *b = &f->out->buf;
	if (r->line.p) {
		buf_add(b, r->line.p, r->line.n);
		buf_addc(b, '\n');
		return;
	}
	bool any = false;
	for (size_t i = 0; i < r->n; i++) {
		if (!r->vals[i].p)
			continue;
		if (any)
			buf_addc(b, ' ');
		record_put_pair(b, r->keys[i].p, r->keys[i].n, r->vals[i].p,
				r->vals[i].n);
		any = true;
	}
	if (any)
		buf_addc(b, '\n');
}

static void logfmt_end(struct fmt *f)
{
	(void)f;
}

const struct writer fmt_logfmt = {
	"logfmt", W_BY_RECORD | W_LINE, logfmt_begin, logfmt_row, logfmt_end
};
