/* reshape.c - --map, --keep, --drop, --pseudonymize, --set, and writing with ts
 * first. */
#include "parse/reshape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/cli.h"
#include "base/num.h"
#include "parse/pseudo.h"
#include "record/record.h"
#include "base/xmalloc.h"

void reshape_init(struct reshape *f)
{
	memset(f, 0, sizeof *f);
}

static void free_kvs(struct reshape_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].k);
		free(kv[i].v);
	}
	free(kv);
}

void reshape_free(struct reshape *f)
{
	free_kvs(f->map, f->nmap);
	free_kvs(f->set, f->nset);
	keylist_free(&f->keep);
	keylist_free(&f->drop);
	keylist_free(&f->pseudo_keys);
	keylist_free(&f->comma_keys);
	keylist_free(&f->allow);
	keylist_free(&f->scale_keys);
	free(f->scale_by);
	pseudo_close(f->pseudo);
	memset(f, 0, sizeof *f);
}

/* Keys a user may create: valid, and not reserved for the toolkit. */
static bool user_key(const char *k, size_t n)
{
	return key_is_valid(k, n) && k[0] != '_';
}

/* Split "A=B" at its first '='. */
static void split_pair(const char *opt, const char *arg, struct reshape_kv *kv)
{
	const char *eq = strchr(arg, '=');
	if (!eq)
		die_usage("%s: expected KEY=VALUE, not '%s'", opt, arg);
	kv->kn = (size_t)(eq - arg);
	kv->k = xmemdup(arg, kv->kn);
	kv->vn = strlen(eq + 1);
	kv->v = xmemdup(eq + 1, kv->vn);
}

static void add_one_map(struct reshape *f, const char *arg)
{
	struct reshape_kv kv;
	split_pair("--map", arg, &kv);
	if (!key_is_valid(kv.k, kv.kn) || !user_key(kv.v, kv.vn))
		die_usage("--map: '%s' is not FROM=TO with valid keys "
			  "([a-z][a-z0-9_]*)", arg);
	for (size_t i = 0; i < f->nmap; i++)
		if (strcmp(f->map[i].k, kv.k) == 0)
			die_usage("--map: '%s' is renamed twice", kv.k);
	f->map = xreallocarray(f->map, size_add(f->nmap, 1), sizeof *f->map);
	f->map[f->nmap++] = kv;
}

void reshape_add_map(struct reshape *f, const char *arg)
{
	/* keys hold no ',': "a=b,c=d" is two renames */
	char *copy = xstrdup(arg);
	for (char *p = copy;;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		add_one_map(f, p);
		if (!comma)
			break;
		p = comma + 1;
	}
	free(copy);
}

void reshape_add_set(struct reshape *f, const char *arg)
{
	struct reshape_kv kv;
	split_pair("--set", arg, &kv);
	if (!user_key(kv.k, kv.kn))
		die_usage("--set: '%s' is not a valid key ([a-z][a-z0-9_]*)", kv.k);
	if (strcmp(kv.k, "ts") == 0)
		die_usage("--set: ts comes from the input's time (see --time)");
	if (utf8_check(kv.v, kv.vn) != kv.vn)
		die_usage("--set: the value of '%s' is not valid UTF-8", kv.k);
	for (size_t i = 0; i < f->nset; i++)
		if (strcmp(f->set[i].k, kv.k) == 0)
			die_usage("--set: '%s' is set twice", kv.k);
	f->set = xreallocarray(f->set, size_add(f->nset, 1), sizeof *f->set);
	f->set[f->nset++] = kv;
}

void reshape_add_keep(struct reshape *f, const char *list)
{
	keylist_add(&f->keep, "--keep", list, strlen(list), 0);
}

void reshape_add_drop(struct reshape *f, const char *list)
{
	keylist_add(&f->drop, "--drop", list, strlen(list), 0);
}

void reshape_add_pseudonymize(struct reshape *f, const char *list)
{
	/* once: a second pass would replace the pseudonym by its own */
	keylist_add(&f->pseudo_keys, "--pseudonymize", list, strlen(list),
		    KEYLIST_ONCE);
}

void reshape_add_decimal_comma(struct reshape *f, const char *list)
{
	/* once: a second pass would find 25.4 and reject the record */
	keylist_add(&f->comma_keys, "--decimal-comma", list, strlen(list),
		    KEYLIST_ONCE);
}

void reshape_add_scale(struct reshape *f, const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq)
		die_usage("--scale: expected KEY=FACTOR (such as duration_s=60), not '%s'", arg);
	/* once: scaling a value twice would be a plausible wrong number */
	keylist_add(&f->scale_keys, "--scale", arg, (size_t)(eq - arg), KEYLIST_ONCE);
	uint32_t by = (uint32_t)cli_int("--scale", eq + 1, 1, NUM_SCALE_MAX);
	f->scale_by = xreallocarray(f->scale_by, f->scale_keys.n, sizeof *f->scale_by);
	f->scale_by[f->scale_keys.n - 1] = by;
}

bool reshape_scale(const struct reshape *f, struct pairs *p, const char **why)
{
	static char msg[RECORD_KEY_MAX + 80];
	for (size_t i = 0; i < f->scale_keys.n; i++) {
		struct pair *pr = pairs_get(p, f->scale_keys.k[i], f->scale_keys.len[i]);
		if (!pr || pr->vn == 0)
			continue;
		char *d = arena_reserve(p, size_add(pr->vn, 8));
		size_t n = num_scale_decimal(pr->v, pr->vn, f->scale_by[i], d);
		arena_commit(p, n);
		if (!n) {
			snprintf(msg, sizeof msg, "key '%.*s': not a decimal number "
				 "(such as 12.5) for --scale", (int)f->scale_keys.len[i],
				 f->scale_keys.k[i]);
			*why = msg;
			return false;
		}
		pr->v = d;
		pr->vn = (uint32_t)n;
	}
	return true;
}

void reshape_add_allow_missing(struct reshape *f, const char *list)
{
	keylist_add(&f->allow, "--allow-missing", list, strlen(list), 0);
}

bool reshape_decimal_comma(const struct reshape *f, struct pairs *p,
			  const char **why)
{
	static char msg[RECORD_KEY_MAX + 80];
	for (size_t i = 0; i < f->comma_keys.n; i++) {
		struct pair *pr = pairs_get(p, f->comma_keys.k[i],
					    f->comma_keys.len[i]);
		if (!pr || pr->vn == 0)
			continue;
		char *d = arena_reserve(p, pr->vn);
		size_t n = num_from_decimal_comma(pr->v, pr->vn, d);
		arena_commit(p, n);
		if (!n) {
			snprintf(msg, sizeof msg, "key '%.*s': not a number with a "
				 "decimal comma (such as 25,4 or 1.234,5)",
				 (int)f->comma_keys.len[i], f->comma_keys.k[i]);
			*why = msg;
			return false;
		}
		pr->v = d;
		pr->vn = (uint32_t)n;
	}
	return true;
}

void reshape_set_key_file(struct reshape *f, const char *path)
{
	pseudo_close(f->pseudo);
	f->pseudo = pseudo_open(path);
}

void reshape_pseudonymize(const struct reshape *f, struct pairs *p)
{
	for (size_t i = 0; i < f->pseudo_keys.n; i++) {
		struct pair *pr = pairs_get(p, f->pseudo_keys.k[i],
					    f->pseudo_keys.len[i]);
		if (!pr || pr->vn == 0)
			continue;
		char *tok = arena_reserve(p, PSEUDO_LEN);
		pseudo_token(f->pseudo, pr->v, pr->vn, tok);
		arena_commit(p, PSEUDO_LEN);
		pr->v = tok;
		pr->vn = PSEUDO_LEN;
	}
}

bool reshape_any(const struct reshape *f)
{
	return f->nmap || f->nset || f->keep.n || f->drop.n ||
	       f->pseudo_keys.n || f->comma_keys.n || f->scale_keys.n;
}

static bool is_ts_key(const char *k, size_t n)
{
	return n == 2 && k[0] == 't' && k[1] == 's';
}

bool reshape_rename(const struct reshape *f, struct pairs *p, const char **why)
{
	static char msg[80];
	if (!f->nmap)
		return true;
	for (size_t i = 0; i < p->n; i++) {
		struct pair *q = &p->p[i];
		for (size_t m = 0; m < f->nmap; m++) {
			if (f->map[m].kn == q->kn &&
			    memcmp(f->map[m].k, q->k, q->kn) == 0) {
				q->k = f->map[m].v;
				q->kn = (uint32_t)f->map[m].vn;
				break;
			}
		}
	}
	size_t dup = pairs_find_duplicate(p);
	if (dup == p->n)
		return true;
	/* Positions, not the key: it may have come from the data. */
	size_t first = 0;
	while (first < dup && (p->p[first].dropped || p->p[first].kn != p->p[dup].kn ||
			       memcmp(p->p[first].k, p->p[dup].k, p->p[dup].kn) != 0))
		first++;
	snprintf(msg, sizeof msg, "--map gives pairs %zu and %zu the same key",
		 first + 1, dup + 1);
	*why = msg;
	return false;
}

void reshape_select(const struct reshape *f, struct pairs *p)
{
	if (!f->keep.n && !f->drop.n)
		return;
	for (size_t i = 0; i < p->n; i++) {
		struct pair *q = &p->p[i];
		bool is_ts = is_ts_key(q->k, q->kn);
		if (f->keep.n && !is_ts && !keylist_has(&f->keep, q->k, q->kn))
			q->dropped = true;
		if (keylist_has(&f->drop, q->k, q->kn))
			q->dropped = true;
	}
}

void reshape_add_constants(const struct reshape *f, struct pairs *p)
{
	for (size_t i = 0; i < f->nset; i++) {
		const struct reshape_kv *kv = &f->set[i];
		struct pair *q = pairs_get(p, kv->k, kv->kn);
		if (q) {
			q->v = kv->v;
			q->vn = (uint32_t)kv->vn;
		} else {
			pairs_add(p, kv->k, kv->kn, kv->v, kv->vn);
		}
	}
}

/* The live ts pair, which is written first, or NULL. */
static const struct pair *ts_pair(const struct pairs *p)
{
	/* ts is usually the first pair (make_ts renames the time pair in
	 * place, and most inputs have it first); look further only if not */
	if (p->n && !p->p[0].dropped && is_ts_key(p->p[0].k, p->p[0].kn))
		return &p->p[0];
	for (size_t i = 1; i < p->n; i++)
		if (!p->p[i].dropped && is_ts_key(p->p[i].k, p->p[i].kn))
			return &p->p[i];
	return NULL;
}

bool reshape_write(struct buf *out, const struct pairs *p)
{
	const struct pair *ts = ts_pair(p);
	size_t start = out->len;
	if (ts)
		record_put_pair(out, ts->k, ts->kn, ts->v, ts->vn);
	for (size_t i = 0; i < p->n; i++) {
		const struct pair *q = &p->p[i];
		if (q->dropped || q == ts)
			continue;
		if (out->len != start)
			buf_addc(out, ' ');
		record_put_pair(out, q->k, q->kn, q->v, q->vn);
	}
	if (out->len == start)
		return false;
	buf_addc(out, '\n');
	return true;
}

/* A field of r for pair q, as record_parse() would read it from the line
 * reshape_write() writes: a value that must be quoted is held escaped in
 * scratch (its bytes placed by quoted_values(), once scratch is whole). */
static void add_field(struct record *r, const struct pair *q,
		      struct buf *scratch)
{
	struct field *f = record_add_field(r);
	f->key = q->k;
	f->klen = (uint8_t)q->kn;
	f->quoted = !value_is_bare(q->v, q->vn);
	if (!f->quoted) {
		f->val = q->v;
		f->vlen = q->vn;
		return;
	}
	size_t start = scratch->len;
	record_put_value(scratch, q->v, q->vn);
	f->val = NULL;
	f->vlen = (uint32_t)(scratch->len - start - 2); /* less the quotes */
}

/* Point the quoted fields at their escaped bytes, in the order they were
 * put in scratch. */
static void quoted_values(struct record *r, const struct buf *scratch)
{
	size_t at = 0;
	for (size_t i = 0; i < r->n; i++) {
		struct field *f = &r->f[i];
		if (!f->quoted)
			continue;
		f->val = scratch->p + at + 1;
		f->escaped = memchr(f->val, '\\', f->vlen) != NULL;
		at += (size_t)f->vlen + 2;
	}
}

static inline void plain_field(struct field *f, const struct pair *q)
{
	f->key = q->k;
	f->klen = (uint8_t)q->kn;
	f->val = q->v;
	f->vlen = q->vn;
	f->quoted = f->escaped = false;
}

bool reshape_record(const struct pairs *p, struct record *r,
		    struct buf *scratch, bool as_text)
{
	const struct pair *ts = ts_pair(p);
	r->n = 0;
	r->canonical = false; /* there is no line to copy */
	if (!as_text) { /* the common case, once per record: kept tight */
		record_reserve(r, p->n);
		struct field *f = r->f;
		if (ts)
			plain_field(f++, ts);
		for (size_t i = 0; i < p->n; i++)
			if (!p->p[i].dropped && &p->p[i] != ts)
				plain_field(f++, &p->p[i]);
		r->n = (size_t)(f - r->f);
		return r->n > 0;
	}
	buf_reset(scratch);
	if (ts)
		add_field(r, ts, scratch);
	for (size_t i = 0; i < p->n; i++)
		if (!p->p[i].dropped && &p->p[i] != ts)
			add_field(r, &p->p[i], scratch);
	quoted_values(r, scratch);
	return r->n > 0;
}
