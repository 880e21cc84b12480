/* join.c - one record of dcr-join: look it up, append the entry's fields
 * and the derived values; and the declaration of the added keys. */
#include "join/join.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/num.h"
#include "base/xmalloc.h"
#include "lang/expr_keys.h"
#include "record/keydecl.h"

/* The derived values read keys by name: each name gets a column of
 * j->vars, filled per record from the record, its entry, or an earlier
 * derived value. */
static long var_index(void *ctx, const char *name, size_t n)
{
	struct join *j = ctx;
	for (size_t i = 0; i < j->vars.n; i++)
		if (j->vars.len[i] == n && memcmp(j->vars.k[i], name, n) == 0)
			return (long)i;
	keylist_add(&j->vars, "--derive", name, n, 0);
	return (long)(j->vars.n - 1);
}

void join_add_derive(struct join *j, const char *src)
{
	struct derive_error err;
	struct derive *d = derive_compile(src, &err);
	if (!d || !derive_bind(d, var_index, j, &err)) {
		derive_free(d);
		die_usage("--derive '%s': %s (column %zu)", src, err.msg,
			  err.col + 1);
	}
	j->d = xreallocarray(j->d, j->nd + 1, sizeof *j->d);
	j->d[j->nd++] = d;
}

static bool is_derived(const struct join *j, size_t upto, const char *k,
		       size_t kn)
{
	for (size_t i = 0; i < upto; i++)
		if (strlen(derive_name(j->d[i])) == kn &&
		    memcmp(derive_name(j->d[i]), k, kn) == 0)
			return true;
	return false;
}

static void check_fields(struct join *j)
{
	const struct keylist *tk = &j->table.keys;
	if (!j->fields.n) {
		for (size_t i = 0; i < tk->n; i++)
			if (tk->k[i][0] != '_' && !keylist_has(&j->on, tk->k[i], tk->len[i]))
				keylist_add(&j->fields, "--fields", tk->k[i], tk->len[i], 0);
		return;
	}
	for (size_t i = 0; i < j->fields.n; i++) {
		if (keylist_has(&j->on, j->fields.k[i], j->fields.len[i]))
			die_usage("--fields: %s is a key of --on", j->fields.k[i]);
		if (keylist_has(tk, j->fields.k[i], j->fields.len[i]))
			continue;
		char hint[3 * (RECORD_KEY_MAX + 16) + 32];
		keycheck_suggest(j->fields.k[i], j->fields.len[i],
				 (const char *const *)tk->k, tk->n, hint, sizeof hint);
		die("--fields: no table record has the key '%s'%s",
		    j->fields.k[i], hint);
	}
}

static void check_derived(const struct join *j)
{
	for (size_t i = 0; i < j->nd; i++) {
		const char *name = derive_name(j->d[i]);
		size_t n = strlen(name);
		if (keylist_has(&j->fields, name, n))
			die_usage("--derive: %s is a key of --fields already", name);
		if (keylist_has(&j->on, name, n))
			die_usage("--derive: %s is a key of --on", name);
		if (is_derived(j, i, name, n))
			die_usage("--derive: %s is derived twice", name);
	}
}

static void name_if_key(void *kc, const char *k, size_t kn)
{
	keycheck_name(kc, "--if", k, kn);
}

void join_setup(struct join *j, struct keycheck *kc)
{
	check_fields(j);
	check_derived(j);
	for (size_t i = 0; i < j->on.n; i++)
		keycheck_name(kc, "--on", j->on.k[i], j->on.len[i]);
	if (j->cond)
		expr_each_key(j->cond, name_if_key, kc);
	for (size_t i = 0; i < j->vars.n; i++)
		if (!keylist_has(&j->fields, j->vars.k[i], j->vars.len[i]) &&
		    !is_derived(j, j->nd, j->vars.k[i], j->vars.len[i]))
			keycheck_name(kc, "--derive", j->vars.k[i], j->vars.len[i]);
	size_t nv = j->vars.n ? j->vars.n : 1;
	j->vals = xcalloc(nv, sizeof *j->vals);
	j->present = xcalloc(nv, sizeof *j->present);
}

bool join_may_lack(const struct join *j)
{
	if (!j->strict || j->cond || j->nd)
		return true;
	for (size_t i = 0; i < j->table.n; i++)
		for (size_t f = 0; f < j->fields.n; f++)
			if (!jtable_value(&j->table.e[i], j->fields.k[f], j->fields.len[f]))
				return true;
	return false;
}

void join_declare(const struct join *j, const struct keylist *declared,
		  struct buf *out)
{
	struct keylist all = KEYLIST_INIT;
	for (size_t i = 0; i < declared->n; i++)
		keylist_add(&all, "-", declared->k[i], declared->len[i], 0);
	if (join_may_lack(j)) {
		for (size_t i = 0; i < j->fields.n; i++)
			if (!keylist_has(&all, j->fields.k[i], j->fields.len[i]))
				keylist_add(&all, "-", j->fields.k[i], j->fields.len[i], 0);
		for (size_t i = 0; i < j->nd; i++) {
			const char *name = derive_name(j->d[i]);
			if (!keylist_has(&all, name, strlen(name)))
				keylist_add(&all, "-", name, strlen(name), 0);
		}
	}
	if (all.n)
		keydecl_put(out, (const char *const *)all.k, all.len, all.n);
	keylist_free(&all);
}

static void put_record(struct join *j, const struct record *r,
		       struct slice line, struct buf *out)
{
	if (r->canonical) {
		buf_add(out, line.p, line.n);
		return;
	}
	for (size_t i = 0; i < r->n; i++) {
		if (i)
			buf_addc(out, ' ');
		record_put_field(out, &r->f[i], &j->scratch);
	}
}

/* A key the join would add that r has already: the record is refused
 * rather than given the key twice. */
static const char *clash(struct join *j, const struct record *r)
{
	static char why[RECORD_KEY_MAX + 64];
	for (size_t i = 0; i < j->fields.n; i++)
		if (record_get(r, j->fields.k[i], j->fields.len[i])) {
			snprintf(why, sizeof why, "the record has the key '%s' "
				 "of the table already", j->fields.k[i]);
			return why;
		}
	for (size_t i = 0; i < j->nd; i++) {
		const char *name = derive_name(j->d[i]);
		if (record_get(r, name, strlen(name))) {
			snprintf(why, sizeof why, "the record has the key '%s' "
				 "of --derive already", name);
			return why;
		}
	}
	return NULL;
}

/* Each column of j->vars from r or its entry: absent, or not a number,
 * is not present. */
static void load_vars(struct join *j, const struct record *r,
		      const struct jtable_entry *e)
{
	for (size_t i = 0; i < j->vars.n; i++) {
		struct slice v = {NULL, 0};
		const struct field *f = record_get(r, j->vars.k[i], j->vars.len[i]);
		const struct slice *tv;
		if (f)
			v = field_value(f, &j->scratch);
		else if (keylist_has(&j->fields, j->vars.k[i], j->vars.len[i]) &&
			 (tv = jtable_value(e, j->vars.k[i], j->vars.len[i])))
			v = *tv;
		j->present[i] = v.p && num_parse(v.p, v.n, &j->vals[i]);
	}
}

static void put_derived(struct join *j, const struct record *r,
			const struct jtable_entry *e, struct buf *out)
{
	load_vars(j, r, e);
	for (size_t i = 0; i < j->nd; i++) {
		const char *name = derive_name(j->d[i]);
		double x;
		bool ok = derive_eval(j->d[i], j->vals, j->present, &x);
		if (ok) {
			buf_addc(out, ' ');
			buf_adds(out, name);
			buf_addc(out, '=');
			num_put(out, x);
		}
		long v = -1;
		for (size_t k = 0; k < j->vars.n; k++)
			if (strcmp(j->vars.k[k], name) == 0)
				v = (long)k;
		if (v >= 0) {
			j->vals[v] = x;
			j->present[v] = ok;
		}
	}
}

enum join_result join_record(struct join *j, const struct record *r,
			     struct slice line, struct buf *out,
			     const char **why)
{
	const struct jtable_entry *e = NULL;
	if (j->cond) {
		int c = expr_eval(j->cond, r);
		if (c < 0) {
			*why = expr_errmsg(j->cond);
			return JOIN_REFUSED;
		}
		if (!c) {
			put_record(j, r, line, out);
			buf_addc(out, '\n');
			return JOIN_PASSED;
		}
	}
	j->looked++;
	size_t missing;
	if (jtable_key(&j->on, r, &j->key, &j->scratch, &missing))
		e = jtable_find(&j->table, j->key.p, j->key.len);
	if (!e) {
		j->unmatched++;
		if (j->strict) {
			static char msg[256];
			struct buf t = {0};
			for (size_t i = 0; i < j->on.n; i++) {
				if (i)
					buf_addc(&t, ',');
				buf_add(&t, j->on.k[i], j->on.len[i]);
			}
			snprintf(msg, sizeof msg, "no table record has its %.*s",
				 (int)t.len, t.p);
			buf_free(&t);
			*why = msg;
			return JOIN_REFUSED;
		}
		put_record(j, r, line, out);
		buf_addc(out, '\n');
		return JOIN_PASSED;
	}
	if ((*why = clash(j, r)))
		return JOIN_REFUSED;
	put_record(j, r, line, out);
	for (size_t i = 0; i < j->fields.n; i++) {
		const struct slice *v = jtable_value(e, j->fields.k[i], j->fields.len[i]);
		if (!v)
			continue;
		buf_addc(out, ' ');
		record_put_pair(out, j->fields.k[i], j->fields.len[i], v->p, v->n);
	}
	if (j->nd)
		put_derived(j, r, e, out);
	buf_addc(out, '\n');
	return JOIN_JOINED;
}

void join_free(struct join *j)
{
	jtable_free(&j->table);
	keylist_free(&j->on);
	keylist_free(&j->fields);
	keylist_free(&j->vars);
	expr_free(j->cond);
	for (size_t i = 0; i < j->nd; i++)
		derive_free(j->d[i]);
	free(j->d);
	free(j->vals);
	free(j->present);
	buf_free(&j->key);
	buf_free(&j->scratch);
}
