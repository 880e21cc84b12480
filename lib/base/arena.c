/* arena.c - chunks of 1 MiB carved into 16- or 8-byte aligned blocks. */
#include "base/arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;
	bool alone;	/* one big block, put behind the head of its time */
	_Alignas(16) char data[];
};

enum { ARENA_CHUNK = 1 << 20 };

void arena_init(struct arena *a)
{
	memset(a, 0, sizeof *a);
}

/* n bytes, a multiple of align (8 or 16), aligned to it. */
static void *alloc(struct arena *a, size_t n, size_t align)
{
	n = size_add(n, align - 1) & ~(align - 1);
	size_t pad = (size_t)(-(uintptr_t)a->p & (align - 1));
	/* Without a chunk yet, even 0 bytes get one: never NULL. */
	if (!a->head || a->left < pad || n > a->left - pad) {
		size_t size = n > ARENA_CHUNK / 4 ? n : ARENA_CHUNK;
		struct arena_chunk *c =
			xmalloc(size_add(sizeof *c, size));
		c->size = size;
		c->alone = n > ARENA_CHUNK / 4 && a->head;
		if (c->alone) {
			/* A big block gets a chunk of its own, behind the
			 * current one, so the free space there is kept. */
			c->next = a->head->next;
			a->head->next = c;
			a->total += size;
			return c->data;
		}
		c->next = a->head;
		a->head = c;
		a->p = c->data;
		a->left = size;
		a->total += size;
		pad = 0;
	}
	void *r = a->p + pad;
	a->p += pad + n;
	a->left -= pad + n;
	return r;
}

void *arena_alloc(struct arena *a, size_t n)
{
	return alloc(a, n, 16);
}

void *arena_alloc8(struct arena *a, size_t n)
{
	return alloc(a, n, 8);
}

void *arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	memset(p, 0, n);
	return p;
}

void arena_adopt(struct arena *dst, struct arena *src)
{
	if (!src->head)
		return;
	if (!dst->head) {
		*dst = *src;
		memset(src, 0, sizeof *src);
		return;
	}
	/* Behind dst's head chunk, so that its free space is kept. */
	struct arena_chunk *last = src->head;
	while (last->next)
		last = last->next;
	last->next = dst->head->next;
	dst->head->next = src->head;
	dst->total += src->total;
	memset(src, 0, sizeof *src);
}

static bool holds(const struct arena_chunk *c, const void *p)
{
	uintptr_t at = (uintptr_t)p, from = (uintptr_t)c->data;
	return at >= from && at - from < c->size;
}

void arena_free_before(struct arena *a, const void *p)
{
	struct arena_chunk *c = a->head;
	while (c && !holds(c, p))
		c = c->next;
	if (!c)
		return;
	/* Big blocks behind it were allocated while it was the head: they
	 * may be newer than p. */
	while (c->next && c->next->alone)
		c = c->next;
	struct arena_chunk *old = c->next;
	c->next = NULL;
	while (old) {
		struct arena_chunk *next = old->next;
		a->total -= old->size;
		free(old);
		old = next;
	}
}

void arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	memset(a, 0, sizeof *a);
}
