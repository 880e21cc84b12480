/* fmtkeys.c - the keys dcr-fmt's options name, for the check that each is
 * in some record (record/keycheck.h): a typo in -k, --sort or --chart is
 * an error rather than an empty column or a missing chart. */
#include "fmt/fmt.h"

#include <string.h>

#include "record/keylist.h"

void fmt_name_keys(struct keycheck *kc, const struct fmt_opts *o)
{
	if (o->keys) {
		struct keylist kl = KEYLIST_INIT;
		keylist_add(&kl, "-k", o->keys, strlen(o->keys), 0);
		for (size_t i = 0; i < kl.n; i++)
			keycheck_name(kc, "-k", kl.k[i], kl.len[i]);
		keylist_free(&kl);
	}
	for (size_t i = 0; o->sort && i < o->sort->n; i++)
		keycheck_name(kc, "--sort", o->sort->k[i].key, o->sort->k[i].klen);
	if (o->chart)
		keycheck_name(kc, "--chart", o->chart, strlen(o->chart));
}
