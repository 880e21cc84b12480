/* test_literal.c - unit tests of lib/filter/literal.c: the needles of a
 * literal set, and the choice of the rarest set on a sample. */
#include <stdlib.h>
#include <string.h>

#include "filter/literal.h"
#include "unit.h"

static struct expr *compile(const char *src)
{
	struct expr_error err;
	struct expr *e = expr_compile(src, &err);
	if (!e) {
		fprintf(stderr, "bad test expression %s: %s\n", src, err.msg);
		exit(1);
	}
	return e;
}

/* The search's needles, joined by '|'. */
static const char *searched(const struct literal *l)
{
	static char out[512];
	size_t k = 0;
	for (size_t i = 0; i < l->search.n; i++) {
		if (i)
			out[k++] = '|';
		memcpy(out + k, l->search.nd[i].p, l->search.nd[i].n);
		k += l->search.nd[i].n;
	}
	out[k] = '\0';
	return out;
}

static const char *chosen(const char *src, const char *sample)
{
	static struct literal l;
	struct expr *e = compile(src);
	literal_choose(&l, e, sample, strlen(sample));
	const char *s = searched(&l); /* the needles point into e */
	expr_free(e);
	return s;
}

int main(void)
{
	/* One value: the literal, and KEY=" for the same value quoted. */
	CHECK(strcmp(chosen("route == inject", ""), "route=inject|route=\"") == 0);

	/* Alternatives of one key: KEY=" once. */
	CHECK(strcmp(chosen("route in (smoke, sniff)", ""),
		     "route=smoke|route=\"|route=sniff") == 0);

	/* Two sets ANDed: the one rarer in the sample wins ... */
	const char *sample =
		"event=session_start route=inject substance=heroin\n"
		"event=session_start route=inject substance=crack\n"
		"event=session_end route=inject substance=crack\n";
	const char *both = "route == inject and substance == heroin";
	CHECK(strcmp(chosen(both, sample), "substance=heroin|substance=\"") == 0);
	/* ... counting the KEY=" needles too ... */
	const char *quoted =
		"route=inject substance=\"heroin\"\n"
		"route=inject substance=\"crack\"\n"
		"route=smoke substance=\"crack\"\n";
	CHECK(strcmp(chosen(both, quoted), "route=inject|route=\"") == 0);
	/* ... and a tie goes to the expression's own order: its set 0. */
	struct expr *e = compile(both);
	struct literal l;
	struct slice nd[SEARCH_MAX];
	CHECK(expr_literal_count(e) >= 2); /* and the bare KEY= ones */
	size_t n = literal_needles(&l, e, 0, nd);
	CHECK(n == 2);
	char first[64];
	snprintf(first, sizeof first, "%.*s|%.*s", (int)nd[0].n, nd[0].p,
		 (int)nd[1].n, nd[1].p);
	expr_free(e);
	CHECK(strcmp(chosen(both, "nothing here\n"), first) == 0);
	return unit_report("literal");
}
