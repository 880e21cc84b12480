/* missing.c - the --pseudonymize keys a file never held (missing.h). */
#include "parse/missing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xmalloc.h"

void missing_init(struct missing *m, const struct keylist *keys,
		  const struct keylist *allow)
{
	memset(m, 0, sizeof *m);
	for (size_t i = 0; i < keys->n && m->nkeys < MISSING_MAX_KEYS; i++)
		if (!keylist_has(allow, keys->k[i], keys->len[i]))
			m->keys[m->nkeys++] = slice_of(keys->k[i], keys->len[i]);
}

static void forget_names(struct missing *m)
{
	for (size_t i = 0; i < m->nnames; i++)
		free(m->names[i]);
	m->nnames = 0;
}

void missing_free(struct missing *m)
{
	forget_names(m);
	free(m->names);
	m->names = NULL;
}

void missing_start(struct missing *m, size_t hold_from)
{
	memset(m->seen, 0, sizeof m->seen);
	m->unseen = m->nkeys;
	m->hold_from = hold_from;
	m->records = 0;
	forget_names(m);
}

static void note_name(struct missing *m, const char *k, size_t kn)
{
	for (size_t i = 0; i < m->nnames; i++)
		if (strlen(m->names[i]) == kn && memcmp(m->names[i], k, kn) == 0)
			return;
	if (m->nnames == MISSING_SEEN_MAX)
		return;
	m->names = xreallocarray(m->names, size_add(m->nnames, 1), sizeof *m->names);
	m->names[m->nnames++] = xmemdup(k, kn);
}

void missing_note(struct missing *m, const struct pairs *p)
{
	if (!m->unseen)
		return;
	for (size_t i = 0; i < p->n; i++) {
		const struct pair *q = &p->p[i];
		if (q->dropped)
			continue;
		for (size_t k = 0; k < m->nkeys; k++)
			if (!m->seen[k] && m->keys[k].n == q->kn &&
			    memcmp(m->keys[k].p, q->k, q->kn) == 0) {
				m->seen[k] = true;
				m->unseen--;
			}
	}
	if (!m->unseen) {
		forget_names(m);
		return;
	}
	for (size_t i = 0; i < p->n; i++)
		if (!p->p[i].dropped)
			note_name(m, p->p[i].k, p->p[i].kn);
}

/* Levenshtein distance of a[0..an) and b[0..bn), both at most 64 bytes. */
static size_t distance(const char *a, size_t an, const char *b, size_t bn)
{
	size_t row[65];
	for (size_t j = 0; j <= bn; j++)
		row[j] = j;
	for (size_t i = 1; i <= an; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= bn; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[bn];
}

/* A misspelt key (clinet), or one that begins like it (cli_ntcode,
 * client_id: a column not mapped to it). */
static bool similar(struct slice key, const char *k)
{
	size_t kn = strlen(k);
	if (kn > 64 || key.n > 64)
		return false;
	size_t limit = key.n / 3 ? key.n / 3 : 1;
	if (distance(key.p, key.n, k, kn) <= limit)
		return true;
	return kn > key.n && distance(key.p, key.n, k, key.n) <= 1;
}

bool missing_end(struct missing *m, const char *file, bool too_big)
{
	if (!missing_holding(m))
		return true;
	for (size_t k = 0; k < m->nkeys; k++) {
		if (m->seen[k])
			continue;
		struct slice key = m->keys[k];
		char also[512];
		size_t n = 0;
		also[0] = '\0';
		for (size_t i = 0; i < m->nnames && n < sizeof also - 80; i++) {
			if (!similar(key, m->names[i]))
				continue;
			n += (size_t)snprintf(also + n, sizeof also - n, "%s'%s'",
					      n ? ", " : "; did you mean ", m->names[i]);
		}
		if (n)
			snprintf(also + n, sizeof also - n, " (--map renames it)?");
		warn("%s: no record%s holds the key '%.*s' of --pseudonymize, so "
		     "none of the file's records is written%s%s--allow-missing "
		     "%.*s if the file may lack it", file,
		     too_big ? " in its first 64 MiB" : "", (int)key.n, key.p,
		     also, n ? " " : "; ", (int)key.n, key.p);
	}
	return false;
}
