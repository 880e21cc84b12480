/* line_series.c - reading --compare FILE (line_series.h): the previous
 * period's records, kept whole in memory (a month of days is small), so
 * that the chart can place them by row beside the input's rows. */
#include "fmt/line_series.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xmalloc.h"
#include "record/keycheck.h"
#include "record/reader.h"

static size_t put_shown(struct line_series *s, struct slice v,
			const struct human *h)
{
	size_t at = s->text.len;
	human_put(h, &s->text, v.p, v.n);
	return at;
}

static void add_field(struct line_series *s, const struct field *f,
		      const struct human *h, struct buf *scratch)
{
	if (s->nf == s->fcap) {
		s->fcap = s->fcap ? size_mul(s->fcap, 2) : 64;
		s->fields = xreallocarray(s->fields, s->fcap, sizeof *s->fields);
	}
	struct line_field *lf = &s->fields[s->nf++];
	lf->key = s->text.len;
	lf->klen = f->klen;
	buf_add(&s->text, f->key, f->klen);
	lf->shown = put_shown(s, field_value(f, scratch), h);
	lf->slen = s->text.len - lf->shown;
}

static void add_point(struct line_series *s, const struct record *r,
		      const char *key, const struct human *h,
		      struct buf *scratch)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? size_mul(s->cap, 2) : 32;
		s->p = xreallocarray(s->p, s->cap, sizeof *s->p);
	}
	struct line_point *p = &s->p[s->n++];
	*p = (struct line_point){.vlen = SIZE_MAX, .field = s->nf};
	size_t kn = strlen(key);
	for (size_t i = 0; i < r->n; i++) {
		const struct field *f = &r->f[i];
		if (f->klen != kn || memcmp(f->key, key, kn) != 0) {
			add_field(s, f, h, scratch);
			continue;
		}
		struct slice v = field_value(f, scratch);
		p->val = s->text.len;
		buf_add(&s->text, v.p, v.n);
		p->vlen = v.n;
		p->shown = put_shown(s, v, h);
		p->slen = s->text.len - p->shown;
	}
	p->nfields = s->nf - p->field;
}

void line_series_load(struct line_series *s, const char *path,
		      const char *key, const struct human *h)
{
	memset(s, 0, sizeof *s);
	struct keycheck kc = {0};
	keycheck_name(&kc, "--compare", key, strlen(key));
	char *paths[] = {(char *)path};
	struct reader rd;
	reader_init(&rd, paths, 1, NULL);
	rd.kc = &kc;
	struct buf scratch = {0};
	struct record *r;
	while ((r = reader_next(&rd))) {
		keycheck_record(&kc, r);
		add_point(s, r, key, h, &scratch);
	}
	buf_free(&scratch);
	bool failed = rd.failed, rejected = rd.rejected != 0;
	reader_free(&rd);
	if (failed)
		die("--compare: %s could not be read; nothing written", path);
	if (rejected)
		die("--compare: %s has lines that are not records; nothing written",
		    path);
	bool ok = keycheck_report(&kc); /* "--compare: no record has the key" */
	keycheck_free(&kc);
	if (!ok)
		exit(EXIT_TROUBLE);
}

struct slice line_series_value(const struct line_series *s, size_t i,
			       bool raw)
{
	const struct line_point *p = &s->p[i];
	if (p->vlen == SIZE_MAX)
		return slice_of(NULL, 0);
	return raw ? slice_of(s->text.p + p->val, p->vlen)
		   : slice_of(s->text.p + p->shown, p->slen);
}

bool line_series_get(const struct line_series *s, size_t i, struct slice key,
		     struct slice *shown)
{
	const struct line_point *p = &s->p[i];
	for (size_t j = p->field; j < p->field + p->nfields; j++) {
		const struct line_field *f = &s->fields[j];
		if (f->klen == key.n && memcmp(s->text.p + f->key, key.p, key.n) == 0) {
			*shown = slice_of(s->text.p + f->shown, f->slen);
			return true;
		}
	}
	return false;
}

void line_series_free(struct line_series *s)
{
	free(s->p);
	free(s->fields);
	buf_free(&s->text);
	memset(s, 0, sizeof *s);
}
