/* test_keylist.c - comma-separated key lists: order, lengths, appending.
 * (The refusals are usage errors that exit; the commands' tests check
 * their wording.) */
#include "record/keylist.h"
#include "unit.h"

int main(void)
{
	struct keylist kl = KEYLIST_INIT;
	const char *arg = "event,client,ts=ignored";
	keylist_add(&kl, "-k", arg, 15, KEYLIST_ONCE | KEYLIST_USER);
	CHECK(kl.n == 3);
	CHECK_MEM(kl.k[0], kl.len[0], "event");
	CHECK_MEM(kl.k[1], kl.len[1], "client");
	CHECK_MEM(kl.k[2], kl.len[2], "ts");
	CHECK(strcmp(kl.k[2], "ts") == 0); /* each a C string too */
	CHECK(kl.k[0] != arg);		   /* a copy, not a view */
	CHECK(keylist_has(&kl, "client", 6));
	CHECK(!keylist_has(&kl, "clien", 5) && !keylist_has(&kl, "clients", 7));

	keylist_add(&kl, "--keep", "client,_src", 11, 0); /* appends */
	CHECK(kl.n == 5 && keylist_has(&kl, "_src", 4));
	CHECK_MEM(kl.k[3], kl.len[3], "client");

	keylist_free(&kl);
	CHECK(kl.n == 0 && kl.k == NULL && !keylist_has(&kl, "ts", 2));
	keylist_add(&kl, "-k", "a", 1, KEYLIST_ONCE); /* reusable */
	CHECK(kl.n == 1);
	keylist_free(&kl);
	return unit_report("keylist");
}
