/* buf.c - growable byte buffers. */
#include "base/buf.h"

#include <stdlib.h>

#include "base/xmalloc.h"

void buf_grow(struct buf *b, size_t extra)
{
	size_t need = size_add(b->len, extra);
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = size_mul(cap, 2);
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

void buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void buf_add_u64(struct buf *b, unsigned long long v)
{
	char tmp[24];
	size_t i = sizeof tmp;
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	buf_add(b, tmp + i, sizeof tmp - i);
}

void buf_add_i64(struct buf *b, long long v)
{
	if (v < 0) {
		buf_addc(b, '-');
		buf_add_u64(b, 0ULL - (unsigned long long)v);
	} else {
		buf_add_u64(b, (unsigned long long)v);
	}
}
