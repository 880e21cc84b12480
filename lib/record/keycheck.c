/* keycheck.c - keys named on the command line that no record had, and the
 * closest keys that did. See keycheck.h. */
#include "record/keycheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/xmalloc.h"

/* Distinct keys remembered for suggestions: records have few keys, and a
 * stream of ever new ones is not worth more memory. */
enum { SEEN_MAX = 4096, SUGGEST_MAX = KEYCHECK_NEAR_MAX };

static bool listed(char *const *list, size_t n, const char *k, size_t kn)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == kn && memcmp(list[i], k, kn) == 0)
			return true;
	return false;
}

void keycheck_name(struct keycheck *kc, const char *opt, const char *k,
		   size_t kn)
{
	if (!kn || k[0] == '_')
		return;
	for (size_t i = 0; i < kc->nnamed; i++)
		if (kc->named[i].kn == kn && memcmp(kc->named[i].key, k, kn) == 0)
			return;
	kc->named = xreallocarray(kc->named, kc->nnamed + 1, sizeof *kc->named);
	kc->named[kc->nnamed++] =
		(struct keycheck_named){opt, xmemdup(k, kn), kn, false};
	kc->unseen++;
}

void keycheck_allow(struct keycheck *kc, const char *list)
{
	const char *p = list;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		if (!key_is_valid(p, n))
			die_usage("--allow-missing: '%.*s' is not a key", (int)n, p);
		kc->allowed = xreallocarray(kc->allowed, kc->nallowed + 1,
					    sizeof *kc->allowed);
		kc->allowed[kc->nallowed++] = xmemdup(p, n);
		if (!comma)
			return;
		p = comma + 1;
	}
}

void keycheck_known_by(struct keycheck *kc,
		       bool (*known)(const void *ctx, const char *k, size_t kn),
		       const void *ctx)
{
	kc->known = known;
	kc->known_ctx = ctx;
}

/* Mark a named key seen; the slot of k in the set when it is new. */
static void mark(struct keycheck *kc, const char *k, size_t kn)
{
	for (size_t i = 0; i < kc->nnamed; i++) {
		struct keycheck_named *nk = &kc->named[i];
		if (!nk->seen && nk->kn == kn && memcmp(nk->key, k, kn) == 0) {
			nk->seen = true;
			kc->unseen--;
		}
	}
}

/* Remember k as a key that appeared; marks named keys as it goes. */
static void remember(struct keycheck *kc, const char *k, size_t kn)
{
	if (kc->nseen >= SEEN_MAX) {
		mark(kc, k, kn);
		return;
	}
	if (2 * (kc->nseen + 1) > kc->seen_cap) {
		size_t cap = kc->seen_cap ? 2 * kc->seen_cap : 64;
		char **tab = xcalloc(cap, sizeof *tab);
		for (size_t i = 0; i < kc->seen_cap; i++) {
			char *s = kc->seen[i];
			if (!s)
				continue;
			size_t j = hash_bytes(s, strlen(s), 0) & (cap - 1);
			while (tab[j])
				j = (j + 1) & (cap - 1);
			tab[j] = s;
		}
		free(kc->seen);
		kc->seen = tab;
		kc->seen_cap = cap;
	}
	size_t j = hash_bytes(k, kn, 0) & (kc->seen_cap - 1);
	for (; kc->seen[j]; j = (j + 1) & (kc->seen_cap - 1))
		if (strlen(kc->seen[j]) == kn && memcmp(kc->seen[j], k, kn) == 0)
			return;
	kc->seen[j] = xmemdup(k, kn);
	kc->nseen++;
	mark(kc, k, kn);
}

void keycheck_know(struct keycheck *kc, const char *k, size_t kn)
{
	remember(kc, k, kn);
}

void keycheck_add(struct keycheck *kc, const struct record *r)
{
	for (size_t i = 0; i < r->n && kc->unseen; i++)
		remember(kc, r->f[i].key, r->f[i].klen);
}

void keycheck_clone(struct keycheck *dst, const struct keycheck *src)
{
	memset(dst, 0, sizeof *dst);
	for (size_t i = 0; i < src->nnamed; i++)
		keycheck_name(dst, src->named[i].opt, src->named[i].key,
			      src->named[i].kn);
}

void keycheck_merge(struct keycheck *kc, const struct keycheck *other)
{
	kc->records += other->records;
	for (size_t i = 0; i < other->seen_cap; i++)
		if (other->seen[i])
			remember(kc, other->seen[i], strlen(other->seen[i]));
	for (size_t i = 0; i < other->nnamed; i++)
		if (other->named[i].seen)
			mark(kc, other->named[i].key, other->named[i].kn);
}

/* Edit distance with transpositions (optimal string alignment). */
static size_t distance(const char *a, size_t an, const char *b, size_t bn)
{
	size_t *d = xcalloc((an + 1) * (bn + 1), sizeof *d);
#define D(i, j) d[(i) * (bn + 1) + (j)]
	for (size_t i = 0; i <= an; i++)
		D(i, 0) = i;
	for (size_t j = 0; j <= bn; j++)
		D(0, j) = j;
	for (size_t i = 1; i <= an; i++)
		for (size_t j = 1; j <= bn; j++) {
			size_t c = a[i - 1] != b[j - 1];
			size_t v = D(i - 1, j - 1) + c;
			if (D(i - 1, j) + 1 < v)
				v = D(i - 1, j) + 1;
			if (D(i, j - 1) + 1 < v)
				v = D(i, j - 1) + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && D(i - 2, j - 2) + 1 < v)
				v = D(i - 2, j - 2) + 1;
			D(i, j) = v;
		}
	size_t r = D(an, bn);
#undef D
	free(d);
	return r;
}

struct cand {
	const char *k;
	size_t dist;
};

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->dist != y->dist)
		return x->dist < y->dist ? -1 : 1;
	return strcmp(x->k, y->k);
}

/* The closest of names to k (at most SUGGEST_MAX, closest first) into
 * best; their number. */
static size_t nearest(const char *k, size_t kn, const char *const *names,
		      size_t n, struct cand best[SUGGEST_MAX + 1])
{
	size_t nb = 0, limit = kn < 6 ? 2 : kn / 3;
	/* a key is at most RECORD_KEY_MAX bytes: a longer k is near none */
	for (size_t i = 0; i < n && kn <= RECORD_KEY_MAX; i++) {
		const char *s = names[i];
		if (!s || s[0] == '_' || strlen(s) > RECORD_KEY_MAX)
			continue;
		size_t dist = distance(k, kn, s, strlen(s));
		if (dist > limit || dist >= kn)
			continue;
		best[nb++] = (struct cand){s, dist};
		qsort(best, nb, sizeof *best, cand_cmp);
		if (nb > SUGGEST_MAX)
			nb = SUGGEST_MAX;
	}
	return nb;
}

void keycheck_suggest(const char *k, size_t kn, const char *const *names,
		      size_t n, char *out, size_t outsz)
{
	struct cand best[SUGGEST_MAX + 1];
	size_t nb = nearest(k, kn, names, n, best);
	out[0] = '\0';
	size_t len = 0;
	for (size_t i = 0; i < nb && len < outsz; i++) {
		int w = snprintf(out + len, outsz - len, "%s'%s'",
				 i == 0 ? "; did you mean " : i + 1 == nb ? " or " : ", ",
				 best[i].k);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	if (nb && len + 1 < outsz)
		strcat(out, "?");
}

/* The suggestion from the keys that appeared. */
static void suggest(const struct keycheck *kc, const char *k, size_t kn,
		    char *out, size_t outsz)
{
	keycheck_suggest(k, kn, (const char *const *)kc->seen, kc->seen_cap,
			 out, outsz);
}

static bool present(const struct keycheck *kc, const struct keycheck_named *nk)
{
	return nk->seen || listed(kc->allowed, kc->nallowed, nk->key, nk->kn) ||
	       (kc->known && kc->known(kc->known_ctx, nk->key, nk->kn));
}

bool keycheck_lacks(const struct keycheck *kc, size_t i)
{
	return !present(kc, &kc->named[i]);
}

size_t keycheck_near(const struct keycheck *kc, size_t i,
		     const char *near[KEYCHECK_NEAR_MAX])
{
	struct cand best[SUGGEST_MAX + 1];
	const struct keycheck_named *nk = &kc->named[i];
	size_t nb = nearest(nk->key, nk->kn, (const char *const *)kc->seen,
			    kc->seen_cap, best);
	for (size_t j = 0; j < nb; j++)
		near[j] = best[j].k;
	return nb;
}

bool keycheck_report(struct keycheck *kc)
{
	if (!kc->records)
		return true;
	bool ok = true;
	for (size_t i = 0; i < kc->nnamed; i++) {
		const struct keycheck_named *nk = &kc->named[i];
		if (present(kc, nk))
			continue;
		char hint[3 * (RECORD_KEY_MAX + 16) + 32];
		suggest(kc, nk->key, nk->kn, hint, sizeof hint);
		warn("%s: no record has the key '%s'%s", nk->opt, nk->key, hint);
		ok = false;
	}
	return ok;
}

void keycheck_free(struct keycheck *kc)
{
	for (size_t i = 0; i < kc->nnamed; i++)
		free(kc->named[i].key);
	for (size_t i = 0; i < kc->nallowed; i++)
		free(kc->allowed[i]);
	for (size_t i = 0; i < kc->seen_cap; i++)
		free(kc->seen[i]);
	free(kc->named);
	free(kc->allowed);
	free(kc->seen);
	memset(kc, 0, sizeof *kc);
}
