/* test_group_table.c - lib/agg/group_table.c and the groups of
 * lib/agg/groupby.c: probes past other groups, growth, the limit of
 * indexes, lookups after the groups were sorted, and groups taken whole
 * from another groupby. */
#include <stdio.h>
#include <stdlib.h>

#include "agg/group_table.h"
#include "agg/groupby.h"
#include "base/hash.h"
#include "unit.h"

/* The index stored for hash h, found by the probe (tags compared only, as
 * if each index's key were its hash); (size_t)-1 when absent. */
static size_t find(const struct group_table *t, const uint64_t *hashes,
		   uint64_t h, struct group_table_probe *p)
{
	size_t j;
	group_table_start(t, h, p);
	while (group_table_next(t, p, &j))
		if (hashes[j] == h)
			return j;
	return (size_t)-1;
}

static void add(struct group_table *t, uint64_t *hashes, size_t n)
{
	for (size_t j = 0; j < n; j++) {
		struct group_table_probe p;
		CHECK(find(t, hashes, hashes[j], &p) == (size_t)-1);
		CHECK(group_table_insert(t, &p, j));
		if (group_table_grow(t))
			for (size_t k = 0; k <= j; k++)
				group_table_put(t, hashes[k], k);
	}
}

/* Hashes that share their slot, their tag, or both: every candidate comes
 * back in probe order, and the one whose key matches is found. */
static void test_collisions(void)
{
	struct group_table t;
	group_table_init(&t, 0);
	uint64_t h[] = {
		0x0000000100000005u, 0x0000000200000005u, /* same slot */
		0x0000000100000006u,			  /* same tag */
		0x0000000300000105u,			  /* same slot mod 256 */
	};
	add(&t, h, 4);
	struct group_table_probe p;
	for (size_t j = 0; j < 4; j++)
		CHECK(find(&t, h, h[j], &p) == j);
	CHECK(find(&t, h, 0x0000000100000105u, &p) == (size_t)-1);
	/* From slot 5 with tag 1 the probe passes h[0], h[1], h[2] (pushed
	 * to slot 7) and h[3] (slot 8): only h[0] and h[2] are candidates. */
	size_t j, seen = 0;
	group_table_start(&t, 0x0000000100000005u, &p);
	while (group_table_next(&t, &p, &j))
		seen += j == 0 || j == 2 ? 1 : 100;
	CHECK(seen == 2);
	/* Same slot and tag: both are candidates, the caller decides. */
	struct group_table u;
	group_table_init(&u, 0);
	struct group_table_probe q;
	group_table_start(&u, 42, &q);
	CHECK(group_table_insert(&u, &q, 0));
	group_table_start(&u, 42, &q);
	CHECK(group_table_next(&u, &q, &j) && j == 0);
	CHECK(!group_table_next(&u, &q, &j));
	CHECK(group_table_insert(&u, &q, 1));
	group_table_start(&u, 42, &q);
	seen = 0;
	while (group_table_next(&u, &q, &j))
		seen += j == seen;
	CHECK(seen == 2);
	group_table_free(&u);
	group_table_free(&t);
}

/* 100000 indexes: the table doubles from 256 slots, stays at most half
 * full, and every index is found after every growth. */
static void test_growth(void)
{
	enum { N = 100000 };
	uint64_t *h = malloc(N * sizeof *h);
	for (size_t j = 0; j < N; j++)
		h[j] = hash_bytes(&j, sizeof j, 0);
	struct group_table t;
	group_table_init(&t, 0);
	CHECK(t.mask == 255);
	add(&t, h, N);
	CHECK(t.n == N && t.mask + 1 == 262144);
	struct group_table_probe p;
	size_t found = 0;
	for (size_t j = 0; j < N; j++)
		found += find(&t, h, h[j], &p) == j;
	CHECK(found == N);
	group_table_free(&t);
	/* Made for n indexes: no growth until then. */
	group_table_init(&t, N);
	CHECK(t.mask + 1 == 262144);
	group_table_free(&t);
	free(h);
}

/* Past the limit an insertion is refused, and the table is unchanged. */
static void test_limit(void)
{
	struct group_table t;
	group_table_init(&t, 0);
	t.limit = 3;
	uint64_t h[] = {1, 2, 3, 4};
	add(&t, h, 3);
	struct group_table_probe p;
	CHECK(find(&t, h, 4, &p) == (size_t)-1);
	CHECK(!group_table_insert(&t, &p, 3));
	CHECK(t.n == 3 && find(&t, h, 4, &p) == (size_t)-1);
	/* An index must fit in 32 bits, with one more for empty slots. */
	t.limit = GROUP_TABLE_MAX;
	CHECK(GROUP_TABLE_MAX == 4294967295u);
	CHECK(!group_table_insert(&t, &p, GROUP_TABLE_MAX));
	CHECK(group_table_insert(&t, &p, GROUP_TABLE_MAX - 1));
	size_t j;
	group_table_start(&t, 4, &p);
	CHECK(group_table_next(&t, &p, &j) && j == GROUP_TABLE_MAX - 1);
	group_table_free(&t);
}

/* Key bytes as groupby makes them for one present value: a tag byte, the
 * value's length in 4 bytes, the value. */
static size_t enc(char *b, size_t cap, const char *fmt, int i)
{
	int n = snprintf(b + 5, cap - 5, fmt, i);
	uint32_t len = (uint32_t)n;
	b[0] = 1;
	memcpy(b + 1, &len, 4);
	return 5 + (size_t)n;
}

/* Through groupby: the same key bytes give the same group, before and
 * after groupby_sort (which frees the table; a new key rebuilds it). */
static void test_groupby(void)
{
	enum { N = 5000 };
	struct groupby g;
	groupby_init(&g);
	groupby_parse(&g, "k", false);
	groupby_start(&g, 16, false);
	char key[32];
	struct group *first[N];
	for (int i = 0; i < N; i++) {
		size_t n = enc(key, sizeof key, "key%d", i * 7919);
		first[i] = groupby_intern_key(&g, key, n);
	}
	CHECK(g.n == N);
	size_t same = 0;
	for (int i = 0; i < N; i++) {
		size_t n = enc(key, sizeof key, "key%d", i * 7919);
		same += groupby_intern_key(&g, key, n) == first[i];
	}
	CHECK(same == N);
	groupby_sort(&g);
	same = 0;
	for (int i = 0; i < N; i++) {
		size_t n = enc(key, sizeof key, "key%d", i * 7919);
		same += groupby_intern_key(&g, key, n) == first[i];
	}
	CHECK(same == N && g.n == N);
	size_t n = enc(key, sizeof key, "new%d", 0);
	struct group *extra = groupby_intern_key(&g, key, n);
	CHECK(g.n == N + 1 && groupby_intern_key(&g, key, n) == extra);
	/* A record without k: one tag byte 0, sorted first. */
	CHECK(groupby_intern_key(&g, "", 1) != extra && g.n == N + 2);
	groupby_sort(&g);
	CHECK(g.n == N + 2 && g.groups[0]->klen == 1);
	groupby_free(&g);
}

/* groupby_adopt takes every group of another groupby as it is (the -j N
 * merge of the first range); after groupby_drop_table a new key finds the
 * others again. */
static void test_adopt(void)
{
	struct groupby a, b;
	groupby_init(&a);
	groupby_init(&b);
	groupby_parse(&a, "k", false);
	groupby_parse(&b, "k", false);
	groupby_start(&a, 8, false);
	groupby_start(&b, 8, false);
	char key[32];
	for (int i = 0; i < 1000; i++) {
		size_t n = enc(key, sizeof key, "%d", i);
		struct group *gr = groupby_intern_key(&b, key, n);
		memcpy(group_state(gr), &i, sizeof i);
	}
	groupby_adopt(&a, &b);
	CHECK(a.n == 1000 && b.n == 0 && b.groups == NULL);
	size_t n = enc(key, sizeof key, "%d", 7);
	struct group *gr = groupby_intern_key(&a, key, n);
	int v;
	memcpy(&v, group_state(gr), sizeof v);
	CHECK(a.n == 1000 && v == 7 && gr->id == 7);
	CHECK_MEM(groupby_key(&a, gr) + 5, gr->klen - 5, "7");
	groupby_drop_table(&a);
	CHECK(a.tab.slots == NULL);
	n = enc(key, sizeof key, "%d", 999);
	gr = groupby_intern_key(&a, key, n);
	memcpy(&v, group_state(gr), sizeof v);
	CHECK(a.n == 1000 && v == 999);
	n = enc(key, sizeof key, "%d", 1000);
	gr = groupby_intern_key(&a, key, n);
	CHECK(a.n == 1001 && gr->id == 1000);
	groupby_free(&a);
	groupby_free(&b);
}

int main(void)
{
	test_collisions();
	test_growth();
	test_limit();
	test_groupby();
	test_adopt();
	return unit_report("group_table");
}
