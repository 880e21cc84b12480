/* buf.h - a growable byte buffer and the (pointer, length) slice.
 *
 * Ownership: a struct buf owns its bytes; buf_free() releases them. A slice
 * owns nothing: it points into a buffer or line that must outlive it.
 * Growth is overflow-checked and dies on allocation failure.
 */
#ifndef DCR_BUF_H
#define DCR_BUF_H

#include <stddef.h>
#include <string.h>

struct slice {
	const char *p;
	size_t n;
};

struct buf {
	char *p;
	size_t len, cap;
};

#define BUF_INIT {NULL, 0, 0}

void buf_grow(struct buf *b, size_t extra); /* ensure room for extra more */
void buf_free(struct buf *b);

static inline void buf_reset(struct buf *b) { b->len = 0; }

static inline void buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->cap - b->len < n)
		buf_grow(b, n);
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

static inline void buf_addc(struct buf *b, char c)
{
	if (b->cap == b->len)
		buf_grow(b, 1);
	b->p[b->len++] = c;
}

static inline void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* Append a decimal integer. */
void buf_add_i64(struct buf *b, long long v);
void buf_add_u64(struct buf *b, unsigned long long v);

static inline struct slice slice_of(const char *p, size_t n)
{
	struct slice s = {p, n};
	return s;
}

/* The bytewise order of a and b, a prefix before its extensions: negative,
 * zero or positive, as memcmp. */
static inline int slice_cmp(struct slice a, struct slice b)
{
	size_t n = a.n < b.n ? a.n : b.n;
	int c = n ? memcmp(a.p, b.p, n) : 0;
	return c ? c : (a.n > b.n) - (a.n < b.n);
}

static inline int slice_eq(struct slice a, const char *s)
{
	size_t n = strlen(s);
	return a.n == n && memcmp(a.p, s, n) == 0;
}

#endif
