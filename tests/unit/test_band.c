/* test_band.c - lib/agg/band.c: edges, labels at and beside each edge,
 * and the ranks of labels (which strings are labels, in which order). */
#include <math.h>
#include <string.h>

#include "agg/band.h"
#include "unit.h"

static void check_label(const struct band *b, int64_t v, const char *want)
{
	char buf[BAND_LABEL_SIZE];
	size_t n = band_label(b, v, buf);
	CHECK_MEM(buf, n, want);
}

static void test_labels(void)
{
	struct band b;
	const char *e = "20,30,60";
	CHECK(band_parse(&b, e, strlen(e)) == NULL);
	CHECK(b.n == 3);
	check_label(&b, INT64_MIN, "under_20");
	check_label(&b, 19, "under_20");
	check_label(&b, 20, "20-29");
	check_label(&b, 29, "20-29");
	check_label(&b, 30, "30-59");
	check_label(&b, 60, "60+");
	check_label(&b, INT64_MAX, "60+");
	e = "-999999999999999,-999999999999998";
	CHECK(band_parse(&b, e, strlen(e)) == NULL);
	check_label(&b, -999999999999999, "-999999999999999--999999999999999");
	check_label(&b, INT64_MIN, "under_-999999999999999");
}

static void test_parse(void)
{
	struct band b;
	const char *bad[] = {"", "20,", "20,20", "30,20", "1.5", "x",
			     "1000000000000000", "20,,30"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(band_parse(&b, bad[i], strlen(bad[i])) != NULL);
	char many[200] = "1";
	for (int i = 2; i <= 33; i++)
		snprintf(many + strlen(many), sizeof many - strlen(many), ",%d", i);
	CHECK(band_parse(&b, many, strlen(many)) != NULL);
	*strrchr(many, ',') = '\0';
	CHECK(band_parse(&b, many, strlen(many)) == NULL && b.n == 32);
	CHECK(band_parse(&b, " +5 , 07 ", 9) == NULL && b.edges[1] == 7);
}

static void test_rank(void)
{
	double r;
	CHECK(band_rank("under_20", 8, &r) && isinf(r) && r < 0);
	CHECK(band_rank("20-29", 5, &r) && r == 20);
	CHECK(band_rank("-10--1", 6, &r) && r == -10);
	CHECK(band_rank("60+", 3, &r) && r == 60);
	CHECK(band_rank("7-7", 3, &r) && r == 7);
	const char *no[] = {"20", "-5", "2024-03", "2024-10", "2024-03-01",
			    "under_", "under_020", "20-", "+5", "05+", "-0+",
			    "20-29x", "under_x", "2024-W09", "1+1", ""};
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		CHECK(!band_rank(no[i], strlen(no[i]), &r));
}

int main(void)
{
	test_labels();
	test_parse();
	test_rank();
	return unit_report("band");
}
