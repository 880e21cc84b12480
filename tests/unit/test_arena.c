/* test_arena.c - lib/base/arena.c: blocks aligned to 16 or to 8 as asked,
 * not overlapping, from chunks and from big blocks of their own. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "unit.h"

static void test_alignment(void)
{
	struct arena a;
	arena_init(&a);
	char *prev = NULL;
	size_t prevn = 0, aligned = 0, apart = 0, blocks = 0;
	for (size_t i = 0; i < 100000; i++) {
		size_t n = i % 37;
		bool wide = i % 3 == 0;
		char *p = wide ? arena_alloc(&a, n) : arena_alloc8(&a, n);
		aligned += ((uintptr_t)p & (wide ? 15u : 7u)) == 0;
		/* In the same chunk a block starts after the one before. */
		apart += !prev || p >= prev + prevn || p + n <= prev;
		memset(p, 0xab, n);
		prev = p;
		prevn = n;
		blocks++;
	}
	CHECK(aligned == blocks && apart == blocks);
	/* Even 0 bytes from a new arena are somewhere. */
	struct arena e;
	arena_init(&e);
	CHECK(arena_alloc8(&e, 0) != NULL);
	arena_free(&e);
	arena_init(&e);
	CHECK(arena_alloc(&e, 0) != NULL);
	arena_free(&e);
	/* 29 bytes at 8 take 32: the next one follows at once. */
	struct arena b;
	arena_init(&b);
	char *x = arena_alloc8(&b, 29), *y = arena_alloc8(&b, 29);
	CHECK(y == x + 32);
	char *z = arena_alloc(&b, 1);
	CHECK(z == x + 64 && ((uintptr_t)z & 15u) == 0);
	char *w = arena_alloc8(&b, 8), *v = arena_alloc(&b, 16);
	CHECK(w == z + 16 && v == w + 16);
	/* A big block has a chunk of its own; the current one goes on. */
	char *big = arena_alloc8(&b, (size_t)1 << 20);
	char *u = arena_alloc8(&b, 8);
	CHECK(big != NULL && u == v + 16);
	memset(big, 0, (size_t)1 << 20);
	arena_free(&b);
	arena_free(&a);
}

int main(void)
{
	test_alignment();
	return unit_report("arena");
}
