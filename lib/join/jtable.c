/* jtable.c - load a reference table of records and find its entries by
 * the values of the --on keys. */
#include "join/jtable.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/progress.h"
#include "base/xmalloc.h"
#include "record/keycheck.h"
#include "record/reader.h"

/* Each value is written with its length first, so that no two lists of
 * values encode alike (values may hold any byte once unescaped). */
bool jtable_key(const struct keylist *on, const struct record *r,
		struct buf *key, struct buf *scratch, size_t *missing)
{
	buf_reset(key);
	for (size_t i = 0; i < on->n; i++) {
		const struct field *f = record_get(r, on->k[i], on->len[i]);
		if (!f) {
			*missing = i;
			return false;
		}
		struct slice v = field_value(f, scratch);
		uint32_t n = (uint32_t)v.n;
		buf_add(key, &n, sizeof n);
		buf_add(key, v.p, v.n);
	}
	return true;
}

static const char *copy(struct arena *a, const char *p, size_t n)
{
	char *s = arena_alloc(a, n ? n : 1);
	memcpy(s, p, n);
	return s;
}

/* "facility,place_type": the --on keys, for messages. */
static void on_text(const struct keylist *on, struct buf *b)
{
	for (size_t i = 0; i < on->n; i++) {
		if (i)
			buf_addc(b, ',');
		buf_add(b, on->k[i], on->len[i]);
	}
	buf_addc(b, '\0');
}

static size_t *find_slot(const struct jtable *t, const char *key, size_t n)
{
	size_t mask = t->nslots - 1;
	size_t i = (size_t)hash_bytes(key, n, 0) & mask;
	for (;; i = (i + 1) & mask) {
		size_t *s = &t->slot[i];
		if (!*s)
			return s;
		const struct jtable_entry *e = &t->e[*s - 1];
		if (e->keylen == n && mem_eq(e->key, key, n))
			return s;
	}
}

/* Keep the index at most half full. */
static void grow_index(struct jtable *t)
{
	if (t->nslots && size_mul(t->n, 2) < t->nslots)
		return;
	size_t old = t->nslots;
	size_t *slots = t->slot;
	t->nslots = old ? size_mul(old, 2) : 64;
	t->slot = xcalloc(t->nslots, sizeof *t->slot);
	for (size_t i = 0; i < old; i++)
		if (slots[i]) {
			const struct jtable_entry *e = &t->e[slots[i] - 1];
			*find_slot(t, e->key, e->keylen) = slots[i];
		}
	free(slots);
}

static void add_entry(struct jtable *t, const struct record *r, uint64_t line,
		      struct slice key, struct buf *scratch)
{
	grow_index(t);
	size_t *s = find_slot(t, key.p, key.n);
	if (*s) {
		struct buf text = {0};
		on_text(t->on, &text);
		die_at(t->path, line, "its %s is also that of line %llu; a table "
		       "has one record per key", text.p,
		       (unsigned long long)t->e[*s - 1].line);
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? size_mul(t->cap, 2) : 16;
		t->e = xreallocarray(t->e, t->cap, sizeof *t->e);
	}
	struct jtable_entry *e = &t->e[t->n];
	e->line = line;
	e->key = copy(&t->arena, key.p, key.n);
	e->keylen = key.n;
	e->k = arena_alloc(&t->arena, size_mul(r->n ? r->n : 1, sizeof *e->k));
	e->v = arena_alloc(&t->arena, size_mul(r->n ? r->n : 1, sizeof *e->v));
	e->n = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct field *f = &r->f[i];
		if (keylist_has(t->on, f->key, f->klen))
			continue;
		struct slice v = field_value(f, scratch);
		e->k[e->n] = slice_of(copy(&t->arena, f->key, f->klen), f->klen);
		e->v[e->n++] = slice_of(copy(&t->arena, v.p, v.n), v.n);
	}
	*s = ++t->n;
}

/* Remember each key of r, in the order first seen. */
static void note_keys(struct jtable *t, const struct record *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (!keylist_has(&t->keys, r->f[i].key, r->f[i].klen))
			keylist_add(&t->keys, "-T", r->f[i].key, r->f[i].klen, 0);
}

/* An --on key in no table record is a typo of the command line: say so
 * (with the closest key of the table) before blaming a line. */
static void check_on(const struct jtable *t, uint64_t line, size_t missing)
{
	for (size_t i = 0; i < t->on->n; i++) {
		if (keylist_has(&t->keys, t->on->k[i], t->on->len[i]))
			continue;
		char hint[3 * (RECORD_KEY_MAX + 16) + 32];
		keycheck_suggest(t->on->k[i], t->on->len[i],
				 (const char *const *)t->keys.k, t->keys.n,
				 hint, sizeof hint);
		die("--on: no table record has the key '%s'%s", t->on->k[i], hint);
	}
	if (line)
		die_at(t->path, line, "no key '%s' of --on; every table record "
		       "has them all", t->on->k[missing]);
}

void jtable_load(struct jtable *t, const char *path, const struct keylist *on,
		 uint64_t max)
{
	memset(t, 0, sizeof *t);
	arena_init(&t->arena);
	t->path = path;
	t->on = on;
	char *paths[1] = {(char *)path};
	struct reader rd;
	reader_init(&rd, paths, 1, NULL);
	struct buf key = {0}, scratch = {0};
	uint64_t lacking = 0;
	size_t missing = 0;
	struct record *r;
	while ((r = reader_next(&rd))) {
		if (rd.records > max)
			die("%s: more than %llu records: a table is held in memory "
			    "whole (--max-table N allows more)", path,
			    (unsigned long long)max);
		note_keys(t, r);
		size_t m;
		if (jtable_key(on, r, &key, &scratch, &m))
			add_entry(t, r, rd.in.lineno, slice_of(key.p, key.len), &scratch);
		else if (!lacking) {
			lacking = rd.in.lineno;
			missing = m;
		}
	}
	if (rd.failed)
		die("%s: cannot read the table; nothing joined", path);
	if (rd.rejected)
		die("%s: a table line cannot be read (above); nothing joined", path);
	check_on(t, lacking, missing);
	progress_count(NULL); /* rd.records is about to go */
	reader_free(&rd);
	buf_free(&key);
	buf_free(&scratch);
}

const struct jtable_entry *jtable_find(const struct jtable *t, const char *key,
				       size_t n)
{
	if (!t->nslots)
		return NULL;
	size_t s = *find_slot(t, key, n);
	return s ? &t->e[s - 1] : NULL;
}

const struct slice *jtable_value(const struct jtable_entry *e, const char *k,
				 size_t kn)
{
	for (size_t i = 0; i < e->n; i++)
		if (e->k[i].n == kn && mem_eq(e->k[i].p, k, kn))
			return &e->v[i];
	return NULL;
}

void jtable_free(struct jtable *t)
{
	free(t->e);
	free(t->slot);
	keylist_free(&t->keys);
	arena_free(&t->arena);
	memset(t, 0, sizeof *t);
}
