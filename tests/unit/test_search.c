/* test_search.c - the block search agrees with a naive search, at every
 * alignment and near the ends of the block; newline counting. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter/search.h"
#include "unit.h"

static uint64_t rng = 88172645463325252ULL;

static unsigned next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 11);
}

/* The first start in [p, end) of w (or alt), the slow way. */
static const char *naive(const char *p, const char *end, const char *w,
			 size_t n, const char *alt, size_t altn)
{
	for (const char *q = p; q < end; q++) {
		if ((size_t)(end - q) >= n && memcmp(q, w, n) == 0)
			return q;
		if (alt && (size_t)(end - q) >= altn && memcmp(q, alt, altn) == 0)
			return q;
	}
	return NULL;
}

static void init2(struct search *s, const char *a, const char *b)
{
	struct slice l[2] = {{a, strlen(a)}, {b, b ? strlen(b) : 0}};
	search_init(s, l, b ? 2 : 1);
}

/* Every hit in order, from every start offset, equals the naive one. */
static int agree(const struct search *s, const char *buf, size_t n)
{
	int bad = 0;
	for (size_t from = 0; from < 40 && from <= n; from++) {
		const char *p = buf + from, *end = buf + n;
		for (;;) {
			const char *a = search_find(s, p, end);
			const char *b = naive(p, end, s->nd[0].p, s->nd[0].n,
					      s->n > 1 ? s->nd[1].p : NULL,
					      s->n > 1 ? s->nd[1].n : 0);
			if (a != b) {
				bad++;
				break;
			}
			if (!a)
				break;
			p = a + 1;
		}
	}
	return bad;
}

static void test_random(void)
{
	static const char alphabet[] = "route=injc \n\"ab";
	char buf[3000];
	int bad = 0;
	for (int round = 0; round < 300; round++) {
		size_t n = next_rand() % sizeof buf;
		for (size_t i = 0; i < n; i++)
			buf[i] = alphabet[next_rand() % (sizeof alphabet - 1)];
		struct search s;
		if (round % 3 == 0)
			init2(&s, "route=inject", "route=\"");
		else if (round % 3 == 1)
			init2(&s, "inj", NULL);
		else
			init2(&s, "e", "\"a");
		if (round % 2)
			search_tune(&s, buf, n);
		bad += agree(&s, buf, n);
	}
	CHECK(bad == 0);
}

/* Several needles at once, against a naive search for each. */
static void test_many(void)
{
	static const char *const words[] = {
		"route=inject", "route=smoke", "sub=\"", "x=\"", "heroin", "ab",
		"fentanyl", "q",
	};
	static const char alphabet[] = "routeinjcsmkab=\"qx \nfhl";
	char buf[2000];
	int bad = 0;
	for (int round = 0; round < 300; round++) {
		size_t n = next_rand() % sizeof buf, k = 1 + next_rand() % 8;
		for (size_t i = 0; i < n; i++)
			buf[i] = alphabet[next_rand() % (sizeof alphabet - 1)];
		/* plant a few needles */
		for (int t = 0; t < 5 && n > 20; t++) {
			const char *w = words[next_rand() % k];
			size_t at = next_rand() % (n - strlen(w));
			memcpy(buf + at, w, strlen(w));
		}
		struct slice l[8];
		for (size_t i = 0; i < k; i++)
			l[i] = slice_of(words[i], strlen(words[i]));
		struct search s;
		search_init(&s, l, k);
		if (round % 2)
			search_tune(&s, buf, n);
		for (const char *p = buf, *end = buf + n;;) {
			const char *a = search_find(&s, p, end), *b = NULL;
			for (size_t i = 0; i < k; i++) {
				const char *h = naive(p, end, l[i].p, l[i].n, NULL, 0);
				if (h && (!b || h < b))
					b = h;
			}
			if (a != b) {
				bad++;
				break;
			}
			if (!a)
				break;
			p = a + 1;
		}
	}
	CHECK(bad == 0);
}

static void test_edges(void)
{
	struct search s;
	init2(&s, "route=inject", "route=\"");
	const char *t = "route=injec";
	CHECK(search_find(&s, t, t + strlen(t)) == NULL);
	t = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxroute=inject";
	CHECK(search_find(&s, t, t + strlen(t)) == t + 40);
	CHECK(search_find(&s, t, t + strlen(t) - 1) == NULL);
	t = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxroute=\"x\" route=inject";
	CHECK(search_find(&s, t, t + strlen(t)) == t + 43);
	CHECK(search_find(&s, t, t) == NULL);

	/* tuned on data without quotes: the quote alone finds KEY=" */
	const char *sample = "ts=1 route=smoke n=2\nts=2 route=inject n=3\n";
	search_tune(&s, sample, strlen(sample));
	CHECK(s.nd[1].one && !s.nd[0].one);
	char buf[200];
	memset(buf, 'x', sizeof buf);
	memcpy(buf + 100, "a=\" route=\"x\"", 14);
	CHECK(search_find(&s, buf, buf + sizeof buf) == buf + 104);
	memcpy(buf + 150, "route=inject", 12);
	CHECK(search_find(&s, buf + 105, buf + sizeof buf) == buf + 150);
	buf[104] = 'R';
	CHECK(search_find(&s, buf, buf + sizeof buf) == buf + 150);
}

static void test_count_nl(void)
{
	char buf[5000];
	int bad = 0;
	for (int round = 0; round < 200; round++) {
		size_t n = next_rand() % sizeof buf, want = 0;
		for (size_t i = 0; i < n; i++) {
			buf[i] = next_rand() % 5 ? 'a' : '\n';
			want += buf[i] == '\n';
		}
		size_t off = n ? next_rand() % (n + 1) : 0;
		size_t want_off = 0;
		for (size_t i = off; i < n; i++)
			want_off += buf[i] == '\n';
		if (search_count_nl(buf, n) != want ||
		    search_count_nl(buf + off, n - off) != want_off)
			bad++;
	}
	CHECK(bad == 0);
	/* more than 255 chunks of 16 newlines: the byte counters must not wrap */
	size_t big = 16 * 1000 + 7;
	char *all = malloc(big);
	memset(all, '\n', big);
	CHECK(search_count_nl(all, big) == big);
	free(all);
}

int main(void)
{
	test_random();
	test_many();
	test_edges();
	test_count_nl();
	return unit_report("search");
}
