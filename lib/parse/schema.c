/* schema.c - loading a dcr-schema(5) file and checking records by it. */
#include "parse/schema.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/num.h"
#include "base/xmalloc.h"
#include "io/input.h"
#include "record/record.h"
#include "time/stamp.h"

struct skey {
	char *name;
	size_t len;
	enum schema_type type;
	char **values; /* enum and list */
	size_t *vlens;
	size_t nvalues;
	uint64_t seen; /* schema_check(): the record that last had it */
};

/* The keys one event requires: indexes into keys. */
struct sreq {
	size_t *keys;
	size_t n;
	bool given;
};

struct schema {
	struct skey *keys;
	size_t nkeys;
	size_t *slots; /* open addressing: index + 1, 0 empty */
	size_t nslots;
	struct sreq all;     /* require */
	struct sreq *events; /* event: one per value of the event key */
	size_t event_key;    /* index + 1 of the key "event", 0: none */
	uint64_t gen;
	char why[RECORD_KEY_MAX + 96];
};

/* ---- keys ---- */

static size_t slot_of(const struct schema *s, const char *k, size_t kn)
{
	size_t i = (size_t)hash_bytes(k, kn, 0) & (s->nslots - 1);
	for (;; i = (i + 1) & (s->nslots - 1)) {
		size_t v = s->slots[i];
		if (!v)
			return i;
		const struct skey *sk = &s->keys[v - 1];
		if (sk->len == kn && mem_eq(sk->name, k, kn))
			return i;
	}
}

/* Index + 1 of key k, or 0. */
static size_t find_key(const struct schema *s, const char *k, size_t kn)
{
	if (!s->nslots)
		return 0;
	return s->slots[slot_of(s, k, kn)];
}

static void rehash(struct schema *s)
{
	free(s->slots);
	s->nslots = 16;
	while (s->nslots < size_mul(s->nkeys, 2))
		s->nslots = size_mul(s->nslots, 2);
	s->slots = xcalloc(s->nslots, sizeof *s->slots);
	for (size_t i = 0; i < s->nkeys; i++)
		s->slots[slot_of(s, s->keys[i].name, s->keys[i].len)] = i + 1;
}

bool schema_has_key(const struct schema *s, const char *k, size_t kn)
{
	return (kn && k[0] == '_') || find_key(s, k, kn) != 0;
}

static bool knows(const void *s, const char *k, size_t kn)
{
	return schema_has_key(s, k, kn);
}

void schema_make_known(const struct schema *s, struct keycheck *kc)
{
	if (s)
		keycheck_known_by(kc, knows, s);
}

bool schema_key_type(const struct schema *s, const char *k, size_t kn,
		     enum schema_type *type)
{
	size_t i = find_key(s, k, kn);
	if (i)
		*type = s->keys[i - 1].type;
	return i != 0;
}

/* ---- loading ---- */

struct loader {
	struct schema *s;
	const char *file;
	uint64_t line;
	size_t errors;
};

/* A word of the file in a message, cut to 64 bytes. */
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

/* The next blank-separated word of s[*i..n); false at the end. */
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

static bool word_is(struct slice w, const char *s)
{
	return w.n == strlen(s) && memcmp(w.p, s, w.n) == 0;
}

static const char *const type_names[] = {
	[SCHEMA_TEXT] = "text", [SCHEMA_TIME] = "time",
	[SCHEMA_INTEGER] = "integer", [SCHEMA_NUMBER] = "number",
	[SCHEMA_ENUM] = "enum", [SCHEMA_LIST] = "list"
};

static bool parse_type(struct slice w, enum schema_type *t)
{
	for (size_t i = 0; i < sizeof type_names / sizeof *type_names; i++)
		if (word_is(w, type_names[i])) {
			*t = (enum schema_type)i;
			return true;
		}
	return false;
}

static bool has_value(const struct skey *k, const char *v, size_t n)
{
	for (size_t i = 0; i < k->nvalues; i++)
		if (k->vlens[i] == n && mem_eq(k->values[i], v, n))
			return true;
	return false;
}

static void add_value(struct loader *L, struct skey *k, struct slice v)
{
	if (!value_is_bare(v.p, v.n) || utf8_check(v.p, v.n) < v.n ||
	    (k->type == SCHEMA_LIST && memchr(v.p, ',', v.n))) {
		lerr(L, "value '%.*s' cannot be a value of the record (no "
		     "blanks, quotes, '=' or '\\'; no ',' in a list)", WORD(v));
		return;
	}
	if (has_value(k, v.p, v.n)) {
		lerr(L, "value '%.*s' is listed twice", WORD(v));
		return;
	}
	k->values = xreallocarray(k->values, size_add(k->nvalues, 1),
				  sizeof *k->values);
	k->vlens = xreallocarray(k->vlens, size_add(k->nvalues, 1),
				 sizeof *k->vlens);
	k->values[k->nvalues] = xmemdup(v.p, v.n);
	k->vlens[k->nvalues++] = v.n;
}

/* key NAME TYPE [VALUE ...] */
static void do_key(struct loader *L, const char *s, size_t n, size_t i)
{
	struct schema *sc = L->s;
	struct slice name, type, v;
	if (!next_word(s, n, &i, &name) || !next_word(s, n, &i, &type)) {
		lerr(L, "expected 'key NAME TYPE [VALUE ...]'");
		return;
	}
	if (!key_is_valid(name.p, name.n) || name.p[0] == '_') {
		lerr(L, "'%.*s' is not a key (a-z, 0-9 and _, not starting "
		     "with _)", WORD(name));
		return;
	}
	if (find_key(sc, name.p, name.n)) {
		lerr(L, "key '%.*s' is declared twice", WORD(name));
		return;
	}
	enum schema_type t;
	if (!parse_type(type, &t)) {
		lerr(L, "unknown type '%.*s' (text, time, integer, number, "
		     "enum, list)", WORD(type));
		return;
	}
	sc->keys = xreallocarray(sc->keys, size_add(sc->nkeys, 1),
				 sizeof *sc->keys);
	struct skey *k = &sc->keys[sc->nkeys++];
	memset(k, 0, sizeof *k);
	k->name = xmemdup(name.p, name.n);
	k->len = name.n;
	k->type = t;
	rehash(sc);
	bool listed = t == SCHEMA_ENUM || t == SCHEMA_LIST, any = false;
	while (next_word(s, n, &i, &v)) {
		any = true;
		if (!listed) {
			lerr(L, "type '%.*s' takes no values", WORD(type));
			return;
		}
		add_value(L, k, v);
	}
	if (listed && !any)
		lerr(L, "type '%.*s' needs its values", WORD(type));
}

/* The keys of a require or event line into r. */
static void required_keys(struct loader *L, struct sreq *r, const char *s,
			  size_t n, size_t i)
{
	struct slice w;
	if (r->given) {
		lerr(L, "the keys of this are given twice");
		return;
	}
	r->given = true;
	while (next_word(s, n, &i, &w)) {
		size_t k = find_key(L->s, w.p, w.n);
		if (!k) {
			lerr(L, "key '%.*s' is not declared (a 'key' line must "
			     "come first)", WORD(w));
			continue;
		}
		r->keys = xreallocarray(r->keys, size_add(r->n, 1),
					sizeof *r->keys);
		r->keys[r->n++] = k - 1;
	}
}

/* event NAME KEY ... */
static void do_event(struct loader *L, const char *s, size_t n, size_t i)
{
	struct schema *sc = L->s;
	struct slice name;
	size_t ek = find_key(sc, "event", 5);
	if (!ek || sc->keys[ek - 1].type != SCHEMA_ENUM) {
		lerr(L, "'event' lines need 'key event enum ...' first");
		return;
	}
	if (!next_word(s, n, &i, &name)) {
		lerr(L, "expected 'event NAME KEY ...'");
		return;
	}
	struct skey *k = &sc->keys[ek - 1];
	if (!sc->events) {
		sc->event_key = ek;
		sc->events = xcalloc(k->nvalues, sizeof *sc->events);
	}
	for (size_t v = 0; v < k->nvalues; v++)
		if (k->vlens[v] == name.n && mem_eq(k->values[v], name.p, name.n)) {
			required_keys(L, &sc->events[v], s, n, i);
			return;
		}
	lerr(L, "event '%.*s' is not a value of the key 'event'", WORD(name));
}

static void directive(struct loader *L, const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	size_t i = 0;
	struct slice w;
	if (!next_word(s, n, &i, &w) || w.p[0] == '#')
		return;
	if (utf8_check(s, n) < n) {
		lerr(L, "invalid UTF-8");
		return;
	}
	if (word_is(w, "key"))
		do_key(L, s, n, i);
	else if (word_is(w, "require"))
		required_keys(L, &L->s->all, s, n, i);
	else if (word_is(w, "event"))
		do_event(L, s, n, i);
	else
		lerr(L, "unknown directive '%.*s' (key, require, event)", WORD(w));
}

/* The first line: "dcr-schema v1". */
static bool version_line(struct loader *L, const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	size_t i = 0;
	struct slice w, v;
	if (!next_word(s, n, &i, &w) || !word_is(w, "dcr-schema") ||
	    !next_word(s, n, &i, &v) || i != n || utf8_check(s, n) < n) {
		lerr(L, "not a dcr schema: the first line must be "
		     "'dcr-schema " SCHEMA_VERSION "'");
		return false;
	}
	if (!word_is(v, SCHEMA_VERSION)) {
		lerr(L, "schema version '%.*s' is not supported (this dcr reads "
		     SCHEMA_VERSION ")", WORD(v));
		return false;
	}
	return true;
}

struct schema *schema_load(const char *path)
{
	struct input in;
	if (!input_open(&in, path))
		return NULL;
	struct schema *s = xcalloc(1, sizeof *s);
	struct loader L = {.s = s, .file = path};
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
		if (first) {
			first = false;
			if (!version_line(&L, line.p, line.n))
				break;
			continue;
		}
		directive(&L, line.p, line.n);
	}
	if (first && !L.errors) {
		L.line = 1;
		lerr(&L, "not a dcr schema: the file is empty");
	}
	input_close(&in);
	if (L.errors) {
		schema_free(s);
		return NULL;
	}
	return s;
}

struct schema *schema_load_or_die(const char *path)
{
	struct schema *s = schema_load(path);
	if (!s)
		die("--schema: %s cannot be used", path);
	return s;
}

void schema_free(struct schema *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nkeys; i++) {
		for (size_t v = 0; v < s->keys[i].nvalues; v++)
			free(s->keys[i].values[v]);
		free(s->keys[i].values);
		free(s->keys[i].vlens);
		free(s->keys[i].name);
	}
	size_t nev = s->event_key ? s->keys[s->event_key - 1].nvalues : 0;
	for (size_t i = 0; i < nev; i++)
		free(s->events[i].keys);
	free(s->events);
	free(s->all.keys);
	free(s->keys);
	free(s->slots);
	free(s);
}

/* ---- checking ---- */

static const char *why(struct schema *s, const char *fmt, const char *k,
		       size_t kn)
{
	snprintf(s->why, sizeof s->why, fmt, (int)kn, k);
	return s->why;
}

static bool list_fits(const struct skey *k, const char *v, size_t n)
{
	size_t b = 0;
	for (;;) {
		const char *c = memchr(v + b, ',', n - b);
		size_t e = c ? (size_t)(c - v) : n;
		if (!has_value(k, v + b, e - b))
			return false;
		if (!c)
			return true;
		b = e + 1;
	}
}

/* NULL when value v fits key k, else the reason. */
static const char *check_value(struct schema *s, const struct skey *k,
			       const char *v, size_t n)
{
	dcr_time t;
	int64_t i;
	double d;
	switch (k->type) {
	case SCHEMA_TEXT:
		return NULL;
	case SCHEMA_TIME:
		return stamp_is_canonical(v, n, &t) ? NULL : why(s,
			"key '%.*s': not a time as dcr writes it "
			"(YYYY-MM-DDTHH:MM:SSZ)", k->name, k->len);
	case SCHEMA_INTEGER:
		return num_parse_int(v, n, &i) ? NULL
			: why(s, "key '%.*s': not an integer", k->name, k->len);
	case SCHEMA_NUMBER:
		return num_parse(v, n, &d) ? NULL
			: why(s, "key '%.*s': not a number", k->name, k->len);
	case SCHEMA_ENUM:
		return has_value(k, v, n) ? NULL : why(s,
			"key '%.*s': not one of the values the schema lists",
			k->name, k->len);
	case SCHEMA_LIST:
		return list_fits(k, v, n) ? NULL : why(s,
			"key '%.*s': an item of the list is not one of the "
			"values the schema lists", k->name, k->len);
	}
	return NULL;
}

/* A key that is not in the schema is named unless it has a digit: a key
 * made of a client code (a CSV without its header row) must not be shown. */
static const char *unknown_key(struct schema *s, const char *k, size_t kn,
			       size_t pos)
{
	for (size_t i = 0; i < kn; i++)
		if (k[i] >= '0' && k[i] <= '9') {
			snprintf(s->why, sizeof s->why, "key number %zu is not "
				 "in the schema (its name has digits: not shown)",
				 pos);
			return s->why;
		}
	return why(s, "key '%.*s' is not in the schema", k, kn);
}

static const char *missing(struct schema *s, const struct sreq *r,
			   const char *fmt)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct skey *k = &s->keys[r->keys[i]];
		if (k->seen != s->gen)
			return why(s, fmt, k->name, k->len);
	}
	return NULL;
}

const char *schema_check(struct schema *s, const struct pairs *p)
{
	s->gen++;
	size_t pos = 0, ev;
	const struct pair *event = NULL;
	for (size_t i = 0; i < p->n; i++) {
		const struct pair *q = &p->p[i];
		if (q->dropped)
			continue;
		pos++;
		if (q->kn && q->k[0] == '_')
			continue;
		size_t ki = find_key(s, q->k, q->kn);
		if (!ki)
			return unknown_key(s, q->k, q->kn, pos);
		struct skey *k = &s->keys[ki - 1];
		k->seen = s->gen;
		const char *bad = check_value(s, k, q->v, q->vn);
		if (bad)
			return bad;
		if (ki == s->event_key)
			event = q;
	}
	const char *bad = missing(s, &s->all, "no key '%.*s', which every "
				  "record needs");
	if (bad || !event || !s->events)
		return bad;
	const struct skey *ek = &s->keys[s->event_key - 1];
	for (ev = 0; ev < ek->nvalues; ev++)
		if (ek->vlens[ev] == event->vn &&
		    mem_eq(ek->values[ev], event->v, event->vn))
			break;
	return missing(s, &s->events[ev], "no key '%.*s', which the schema "
		       "requires for this event");
}
