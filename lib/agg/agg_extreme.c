/* agg_extreme.c - the values dcr-agg's min, max, first and last keep:
 * copies grown as needed, and two minima or maxima merged. */
#include "agg/agg_extreme.h"

#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/xmalloc.h"

void value_copy_set(struct value_copy *b, const char *p, size_t n)
{
	if (n > b->cap) {
		size_t cap = n < 16 ? 16 : n;
		if (cap > UINT32_MAX)
			die("value too long");
		b->p = xrealloc(b->p, cap);
		b->cap = (uint32_t)cap;
	}
	if (n)
		memcpy(b->p, p, n);
	b->len = (uint32_t)n;
}

/* True when src's number goes before m's (sign 1) or after (-1). */
static bool num_beats(const struct min_or_max *src, const struct min_or_max *m,
		      int sign)
{
	if (src->is_int && m->is_int)
		return sign * ((src->inum > m->inum) - (src->inum < m->inum)) < 0;
	if (src->num == m->num)
		return src->is_int; /* the same double: the exact one */
	return sign * (src->num - m->num) < 0;
}

void agg_min_or_max_merge(struct min_or_max *m, const struct min_or_max *src,
			  int sign)
{
	if (!src->any)
		return;
	if (!m->any) {
		m->any = true;
		m->all_num = src->all_num;
		m->num = src->num;
		m->inum = src->inum;
		m->is_int = src->is_int;
		value_copy_set(&m->str, src->str.p, src->str.len);
		return;
	}
	if (m->all_num && src->all_num) {
		if (num_beats(src, m, sign)) {
			m->num = src->num;
			m->inum = src->inum;
			m->is_int = src->is_int;
		}
	} else {
		m->all_num = false;
	}
	if (sign * slice_cmp(slice_of(src->str.p, src->str.len),
			     slice_of(m->str.p, m->str.len)) < 0)
		value_copy_set(&m->str, src->str.p, src->str.len);
}
