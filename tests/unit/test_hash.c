/* test_hash.c - lib/base/hash.c: different bytes and different seeds give
 * different hashes. */
#include "base/hash.h"
#include "unit.h"

static void test_hash(void)
{
	CHECK(hash_bytes("abc", 3, 0) != hash_bytes("abd", 3, 0));
	CHECK(hash_bytes("", 0, 0) != hash_bytes("", 0, 1));
}

int main(void)
{
	test_hash();
	return unit_report("hash");
}
