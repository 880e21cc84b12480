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

/* Blocks read once in order can go as they are read: what was allocated
 * before the chunk of a block goes, that chunk and all after it stay
 * (also a big block allocated while an older chunk was the head, which
 * sits behind it in the list but may be newer than the block). */
static void test_free_before(void)
{
	enum { N = 200000, SZ = 40 };
	static char *blk[N];
	struct arena a;
	arena_init(&a);
	char *big = NULL;
	size_t big_at = N / 2 + 1;
	for (size_t i = 0; i < N; i++) {
		blk[i] = arena_alloc8(&a, SZ);
		memset(blk[i], (int)(i & 0xff), SZ);
		if (i == big_at) {
			big = arena_alloc8(&a, (size_t)1 << 19);
			memset(big, 0x5a, (size_t)1 << 19);
		}
	}
	size_t before = a.total;
	arena_free_before(&a, blk[N / 2]);
	CHECK(a.total < before && a.total > before / 3);
	size_t intact = 0;
	for (size_t i = N / 2; i < N; i++)
		intact += blk[i][0] == (char)(i & 0xff) && blk[i][SZ - 1] == (char)(i & 0xff);
	CHECK(intact == N - N / 2);
	CHECK(big[0] == 0x5a && big[((size_t)1 << 19) - 1] == 0x5a);
	/* the same block again frees nothing more; a block of no chunk: nothing */
	size_t now = a.total;
	arena_free_before(&a, blk[N / 2]);
	int outside;
	arena_free_before(&a, &outside);
	CHECK(a.total == now);
	/* the newest block's chunk: only it stays */
	arena_free_before(&a, blk[N - 1]);
	CHECK(a.total < now && blk[N - 1][0] == (char)((N - 1) & 0xff));
	arena_free(&a);
}

int main(void)
{
	test_alignment();
	test_free_before();
	return unit_report("arena");
}
