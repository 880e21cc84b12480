/* fmtkeys.c - the keys dcr-fmt's options name: for the check that each is
 * in some record (record/keycheck.h), so that a typo in -k, --sort,
 * --chart or --line is an error rather than an empty column or a missing chart; and
 * the --label text shown for a key. */
#include "fmt/fmt.h"

#include <string.h>

#include "base/err.h"
#include "record/keylist.h"

const char *fmt_label_arg(const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq || !key_is_valid(arg, (size_t)(eq - arg)) || !eq[1])
		die_usage("--label: expected KEY=TEXT, not '%s'", arg);
	return arg;
}

struct slice fmt_label(const struct fmt_opts *o, struct slice key)
{
	/* the last --label of a key wins, as with other options */
	for (size_t i = o->nlabels; i-- > 0;) {
		const char *l = o->labels[i];
		if (strncmp(l, key.p, key.n) == 0 && l[key.n] == '=')
			return slice_of(l + key.n + 1, strlen(l + key.n + 1));
	}
	return key;
}

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
	if (o->line)
		keycheck_name(kc, "--line", o->line, strlen(o->line));
	if (o->chart_ref)
		keycheck_name(kc, "--chart-ref", o->chart_ref, strlen(o->chart_ref));
	if (o->chart_label) {
		struct keylist kl = KEYLIST_INIT;
		keylist_add(&kl, "--chart-label", o->chart_label,
			    strlen(o->chart_label), 0);
		for (size_t i = 0; i < kl.n; i++)
			keycheck_name(kc, "--chart-label", kl.k[i], kl.len[i]);
		keylist_free(&kl);
	}
}
