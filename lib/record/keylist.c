/* keylist.c - comma-separated key lists from the command line. */
#include "record/keylist.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xmalloc.h"
#include "record/record.h"

bool keylist_has(const struct keylist *kl, const char *k, size_t n)
{
	for (size_t i = 0; i < kl->n; i++)
		if (kl->len[i] == n && memcmp(kl->k[i], k, n) == 0)
			return true;
	return false;
}

static void add_key(struct keylist *kl, const char *opt, const char *k,
		    size_t n, unsigned flags)
{
	if (!key_is_valid(k, n) || ((flags & KEYLIST_USER) && k[0] == '_'))
		die_usage("%s: '%.*s' is not a valid key", opt, (int)n, k);
	if ((flags & KEYLIST_ONCE) && keylist_has(kl, k, n))
		die_usage("%s: key '%.*s' given twice", opt, (int)n, k);
	size_t m = size_add(kl->n, 1);
	kl->k = xreallocarray(kl->k, m, sizeof *kl->k);
	kl->len = xreallocarray(kl->len, m, sizeof *kl->len);
	kl->k[kl->n] = xmemdup(k, n);
	kl->len[kl->n++] = n;
}

void keylist_add(struct keylist *kl, const char *opt, const char *text,
		 size_t len, unsigned flags)
{
	for (const char *p = text, *end = text + len;;) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		add_key(kl, opt, p, (size_t)((comma ? comma : end) - p), flags);
		if (!comma)
			break;
		p = comma + 1;
	}
}

void keylist_free(struct keylist *kl)
{
	for (size_t i = 0; i < kl->n; i++)
		free(kl->k[i]);
	free(kl->k);
	free(kl->len);
	memset(kl, 0, sizeof *kl);
}
