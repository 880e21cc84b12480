/* test_schema.c - the schema API the unknown-key checks use: known keys,
 * their types, and the check of one record's pairs. */
#include <stdio.h>
#include <stdlib.h>

#include "parse/pairs.h"
#include "parse/schema.h"
#include "unit.h"

static const char *check(struct schema *s, const char *const *kv, size_t n)
{
	struct pairs p;
	pairs_init(&p);
	for (size_t i = 0; i + 1 < n; i += 2)
		pairs_add(&p, kv[i], strlen(kv[i]), kv[i + 1], strlen(kv[i + 1]));
	static char why[200];
	const char *w = schema_check(s, &p);
	snprintf(why, sizeof why, "%s", w ? w : "ok");
	pairs_free(&p);
	return why;
}

int main(void)
{
	char path[4200];
	const char *dir = getenv("TMPDIR");
	snprintf(path, sizeof path, "%s/test_schema.XXXXXX", dir ? dir : "/tmp");
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("dcr-schema v1\nkey ts time\nkey event enum a b\n"
	      "key response list x y\nkey n integer\nrequire ts\nevent b n\n", f);
	fclose(f);
	struct schema *s = schema_load(path);
	remove(path);
	CHECK(s != NULL);
	CHECK(schema_has_key(s, "ts", 2) && schema_has_key(s, "response", 8));
	CHECK(schema_has_key(s, "_src", 4));      /* the toolkit's own keys */
	CHECK(!schema_has_key(s, "tsx", 3) && !schema_has_key(s, "t", 1));
	CHECK(!schema_has_key(s, "", 0));
	enum schema_type t;
	CHECK(schema_key_type(s, "response", 8, &t) && t == SCHEMA_LIST);
	CHECK(schema_key_type(s, "n", 1, &t) && t == SCHEMA_INTEGER);
	CHECK(!schema_key_type(s, "m", 1, &t));

	const char *ok[] = {"ts", "2024-03-01T08:00:00Z", "event", "b", "n", "3",
			    "response", "y,x"};
	CHECK(strcmp(check(s, ok, 8), "ok") == 0);
	const char *noev[] = {"ts", "2024-03-01T08:00:00Z", "event", "b"};
	CHECK(strcmp(check(s, noev, 4), "no key 'n', which the schema requires "
		     "for this event") == 0);
	const char *a[] = {"ts", "2024-03-01T08:00:00Z", "event", "a"};
	CHECK(strcmp(check(s, a, 4), "ok") == 0);
	/* the same schema checks record after record: nothing carried over */
	CHECK(strcmp(check(s, noev, 4), "no key 'n', which the schema requires "
		     "for this event") == 0);
	const char *nots[] = {"event", "a"};
	CHECK(strcmp(check(s, nots, 2), "no key 'ts', which every record "
		     "needs") == 0);
	schema_free(s);
	return unit_report("schema");
}
