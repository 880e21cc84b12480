/* recode.c - loading dcr-recode files and recoding values by them. */
#include "parse/recode.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/xmalloc.h"
#include "io/input.h"
#include "record/record.h"

struct rentry {
	char *from, *to;
	size_t fn, tn;
};

struct rkey {
	char *name;
	size_t len;
	struct rentry *e;
	size_t n;
	uint64_t unknown; /* values kept as they were */
};

struct recode {
	struct rkey *keys;
	size_t nkeys;
	char **files; /* for the report */
	size_t nfiles;
};

struct recode *recode_new(void)
{
	return xcalloc(1, sizeof(struct recode));
}

static struct rkey *find_key(const struct recode *rc, const char *k, size_t kn)
{
	for (size_t i = 0; i < rc->nkeys; i++)
		if (rc->keys[i].len == kn && mem_eq(rc->keys[i].name, k, kn))
			return &rc->keys[i];
	return NULL;
}

static const struct rentry *find_from(const struct rkey *k, const char *v,
				      size_t n)
{
	for (size_t i = 0; i < k->n; i++)
		if (k->e[i].fn == n && mem_eq(k->e[i].from, v, n))
			return &k->e[i];
	return NULL;
}

static bool is_to(const struct rkey *k, const char *v, size_t n)
{
	for (size_t i = 0; i < k->n; i++)
		if (k->e[i].tn == n && mem_eq(k->e[i].to, v, n))
			return true;
	return false;
}

/* ---- loading ---- */

struct loader {
	const char *file;
	uint64_t line;
	size_t errors;
};

#define WORD(w) (int)((w).n < 64 ? (w).n : 64), (w).p

static void lerr(struct loader *L, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void lerr(struct loader *L, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	warn_at(L->file, L->line, "%s", msg);
	L->errors++;
}

static bool next_word(const char *s, size_t n, size_t *i, struct slice *w)
{
	while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
		(*i)++;
	if (*i == n)
		return false;
	size_t b = *i;
	while (*i < n && s[*i] != ' ' && s[*i] != '\t')
		(*i)++;
	*w = slice_of(s + b, *i - b);
	return true;
}

static void add_entry(struct recode *rc, struct slice key, struct slice from,
		      struct slice to)
{
	struct rkey *k = find_key(rc, key.p, key.n);
	if (!k) {
		rc->keys = xreallocarray(rc->keys, size_add(rc->nkeys, 1),
					 sizeof *rc->keys);
		k = &rc->keys[rc->nkeys++];
		memset(k, 0, sizeof *k);
		k->name = xmemdup(key.p, key.n);
		k->len = key.n;
	}
	k->e = xreallocarray(k->e, size_add(k->n, 1), sizeof *k->e);
	struct rentry *e = &k->e[k->n++];
	e->from = xmemdup(from.p, from.n);
	e->fn = from.n;
	e->to = xmemdup(to.p, to.n);
	e->tn = to.n;
}

/* KEY FROM TO */
static void entry_line(struct recode *rc, struct loader *L, const char *s,
		       size_t n)
{
	size_t i = 0;
	struct slice key, from, to, more;
	if (!next_word(s, n, &i, &key) || key.p[0] == '#')
		return;
	if (utf8_check(s, n) < n) {
		lerr(L, "invalid UTF-8");
		return;
	}
	if (!next_word(s, n, &i, &from) || !next_word(s, n, &i, &to) ||
	    next_word(s, n, &i, &more)) {
		lerr(L, "expected 'KEY FROM TO'");
		return;
	}
	if (!key_is_valid(key.p, key.n) || key.p[0] == '_') {
		lerr(L, "'%.*s' is not a key", WORD(key));
		return;
	}
	if (!value_is_bare(from.p, from.n) || !value_is_bare(to.p, to.n)) {
		lerr(L, "a value cannot hold quotes, '=' or '\\'");
		return;
	}
	const struct rkey *k = find_key(rc, key.p, key.n);
	if (k && find_from(k, from.p, from.n)) {
		lerr(L, "key '%.*s': value '%.*s' is recoded twice", WORD(key),
		     WORD(from));
		return;
	}
	add_entry(rc, key, from, to);
}

static bool version_line(struct loader *L, const char *s, size_t n)
{
	size_t i = 0;
	struct slice w, v, more;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (!next_word(s, n, &i, &w) || w.n != 10 ||
	    memcmp(w.p, "dcr-recode", 10) != 0 || !next_word(s, n, &i, &v) ||
	    next_word(s, n, &i, &more) || utf8_check(s, n) < n) {
		lerr(L, "not a recode file: the first line must be 'dcr-recode "
		     RECODE_VERSION "'");
		return false;
	}
	if (v.n != strlen(RECODE_VERSION) || memcmp(v.p, RECODE_VERSION, v.n)) {
		lerr(L, "recode version '%.*s' is not supported (this dcr reads "
		     RECODE_VERSION ")", WORD(v));
		return false;
	}
	return true;
}

bool recode_load(struct recode *rc, const char *path)
{
	struct input in;
	if (!input_open(&in, path))
		return false;
	struct loader L = {.file = path};
	struct slice line;
	enum input_status st;
	bool first = true;
	while ((st = input_getline(&in, &line)) != IN_EOF) {
		L.line = in.lineno;
		if (st == IN_ERROR) {
			L.errors++;
			break;
		}
		if (st == IN_LONG) {
			lerr(&L, "line too long");
			break;
		}
		size_t n = line.n;
		while (n && (line.p[n - 1] == '\r' || line.p[n - 1] == ' ' ||
			     line.p[n - 1] == '\t'))
			n--;
		if (first) {
			first = false;
			if (!version_line(&L, line.p, n))
				break;
			continue;
		}
		entry_line(rc, &L, line.p, n);
	}
	if (first && !L.errors) {
		L.line = 1;
		lerr(&L, "not a recode file: the file is empty");
	}
	input_close(&in);
	rc->files = xreallocarray(rc->files, size_add(rc->nfiles, 1),
				  sizeof *rc->files);
	rc->files[rc->nfiles++] = xstrdup(path);
	return L.errors == 0;
}

/* ---- recoding ---- */

void recode_apply(struct recode *rc, struct pairs *p)
{
	for (size_t i = 0; i < p->n; i++) {
		struct pair *q = &p->p[i];
		if (q->dropped)
			continue;
		struct rkey *k = find_key(rc, q->k, q->kn);
		if (!k)
			continue;
		const struct rentry *e = find_from(k, q->v, q->vn);
		if (e) {
			q->v = e->to;
			q->vn = (uint32_t)e->tn;
		} else if (q->vn && !is_to(k, q->v, q->vn)) {
			k->unknown++;
		}
	}
}

uint64_t recode_unknown(const struct recode *rc)
{
	uint64_t n = 0;
	for (size_t i = 0; i < rc->nkeys; i++)
		n += rc->keys[i].unknown;
	return n;
}

void recode_report(const struct recode *rc)
{
	for (size_t i = 0; i < rc->nkeys; i++) {
		const struct rkey *k = &rc->keys[i];
		if (!k->unknown)
			continue;
		fflush(stdout);
		fprintf(stderr, "%s: --recode: key '%.*s': %" PRIu64 " value%s "
			"not in the recode file%s, kept as %s\n", prog_name,
			(int)k->len, k->name, k->unknown,
			k->unknown == 1 ? "" : "s", rc->nfiles > 1 ? "s" : "",
			k->unknown == 1 ? "it was" : "they were");
	}
}

void recode_free(struct recode *rc)
{
	if (!rc)
		return;
	for (size_t i = 0; i < rc->nkeys; i++) {
		for (size_t j = 0; j < rc->keys[i].n; j++) {
			free(rc->keys[i].e[j].from);
			free(rc->keys[i].e[j].to);
		}
		free(rc->keys[i].e);
		free(rc->keys[i].name);
	}
	for (size_t i = 0; i < rc->nfiles; i++)
		free(rc->files[i]);
	free(rc->files);
	free(rc->keys);
	free(rc);
}
