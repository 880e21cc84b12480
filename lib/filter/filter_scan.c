/* filter_scan.c - dcr-filter's block search: only the lines that hold the
 * literal are read, and of those only the ones that may be selected. */
#include "filter/filter_scan.h"

#include <string.h>

#include "filter/filter_line.h"
#include "filter/search.h"

/* A byte of a bare ASCII value: printable, not " = \\. */
static bool plain_ascii(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != '"' && c != '=' && c != '\\';
}

/* Where the key key1 starts in the line [ls, le), or NULL when the line
 * does not have it: the first "KEY=" after a blank or at the start. Keys
 * are never inside quotes, so a line without "KEY=" lacks the key. */
static const char *find_key(const struct filter *f, const char *ls,
			    const char *le)
{
	const char *k = f->key1.p;
	size_t kn = f->key1.n;
	for (const char *q = ls; (size_t)(le - q) > kn;) {
		const char *h = memchr(q, k[0], (size_t)(le - q) - kn);
		if (!h)
			return NULL;
		if (h[kn] == '=' && memcmp(h, k, kn) == 0 &&
		    (h == ls || h[-1] == ' ' || h[-1] == '\t'))
			return h;
		q = h + 1;
	}
	return NULL;
}

/* Can the line be passed over without reading it all? When the
 * expression reads one key only, and that key's value is bare ASCII with
 * only bare values before it (so that the key found is not inside a
 * quoted value), the value alone decides. Lines that may be selected are
 * always parsed and checked in full. */
static bool surely_not_selected(struct filter *f, const char *ls,
				const char *cand, const char *le)
{
	/* A literal "KEY=..." found at a key boundary is the key itself. */
	size_t kn = f->key1.n;
	bool at_key = (size_t)(le - cand) > kn && cand[kn] == '=' &&
		      memcmp(cand, f->key1.p, kn) == 0 &&
		      (cand == ls || cand[-1] == ' ' || cand[-1] == '\t');
	const char *h = at_key ? cand : find_key(f, ls, le);
	f->rec1.n = 0;
	if (h) {
		if (memchr(ls, '"', (size_t)(h - ls)))
			return false;
		const char *v = h + f->key1.n + 1, *ve = v;
		while (ve < le && *ve != ' ' && *ve != '\t') {
			if (!plain_ascii((unsigned char)*ve))
				return false;
			ve++;
		}
		if (ve == v || (size_t)(ve - v) > UINT32_MAX)
			return false;
		f->field1.key = h;
		f->field1.klen = (uint8_t)f->key1.n;
		f->field1.val = v;
		f->field1.vlen = (uint32_t)(ve - v);
		f->field1.quoted = f->field1.escaped = false;
		f->rec1.n = 1;
	}
	return expr_eval(f->e, &f->rec1) == 0;
}

void filter_scan_block(struct filter *f, struct reader *rd, struct slice block)
{
	const char *base = block.p, *p = base, *end = base + block.n;
	if (!f->tuned) {
		literal_choose(&f->lit, f->e, base, block.n);
		f->tuned = true;
	}
	struct filter_pos ps = {base, rd->in.lineno};
	const char *cand;
	while (!f->done && (cand = search_find(&f->lit.search, p, end)) != NULL) {
		const char *ls = memrchr(p, '\n', (size_t)(cand - p));
		ls = ls ? ls + 1 : p;
		const char *le = memchr(cand, '\n', (size_t)(end - cand));
		if (!le)
			le = end;
		if (!f->key1.p || !surely_not_selected(f, ls, cand, le))
			filter_line(f, rd, slice_of(ls, (size_t)(le - ls)), &ps);
		p = le < end ? le + 1 : end;
	}
	uint64_t lines = search_count_nl(base, block.n);
	if (block.n && end[-1] != '\n')
		lines++;
	rd->in.lineno += lines;
}
