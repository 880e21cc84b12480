/* pattern.c - loading, checking and matching pattern files. */
#include "parse/pattern.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/ascii.h"
#include "base/err.h"
#include "io/input.h"
#include "record/record.h"
#include "lang/regex.h"
#include "time/stamp.h"
#include "base/xmalloc.h"

enum { MAX_INCLUDE_DEPTH = 16 };

struct pattern_sample {
	char *text, *expect;
	size_t n, en;
	bool has_expect;
	unsigned line, eline;
};

struct pat_def {
	char *name;
	char *exp;		/* fully expanded regex text */
	size_t explen;
	const char *file;
	unsigned line;
	struct pattern_sample *samples;
	size_t nsamples;
};

struct pat_file {
	char *path, *real;
	size_t rules, defs, samples;
};

struct pattern_set {
	struct pat_def *defs;
	size_t ndefs;
	struct pattern_rule *rules;
	size_t nrules;
	struct pat_file *files;
	size_t nfiles;
	struct slice *groups;	/* scratch of pattern_match */
	size_t groups_cap;
	int depth;
	size_t errors;
};

/* Where each piece of an expanded pattern came from, to turn a PCRE2 error
 * offset back into an offset in the text the user wrote. */
struct seg {
	size_t exp, src, len; /* len: bytes of expanded text */
	bool literal;
};

struct expansion {
	struct buf text;
	struct seg *segs;
	size_t nsegs, cap;
};

/* The state of loading one file. */
struct loader {
	struct pattern_set *ps;
	const char *file;
	size_t fileno;
	unsigned line;
	struct pattern_rule *rule;	/* the rule being defined, or NULL */
	struct pat_def *def;		/* the define samples attach to */
	struct pattern_sample *sample;	/* the last sample of the rule */
};

/* ---- errors ---- */

static void perr(struct pattern_set *ps, const char *file, unsigned line,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void perr(struct pattern_set *ps, const char *file, unsigned line,
		 const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	warn_at(file, line, "%s", msg);
	ps->errors++;
}

/* ---- the set ---- */

struct pattern_set *patterns_new(void)
{
	return xcalloc(1, sizeof(struct pattern_set));
}

static void free_samples(struct pattern_sample *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].text);
		free(s[i].expect);
	}
	free(s);
}

void patterns_free(struct pattern_set *ps)
{
	if (!ps)
		return;
	for (size_t i = 0; i < ps->ndefs; i++) {
		free(ps->defs[i].name);
		free(ps->defs[i].exp);
		free_samples(ps->defs[i].samples, ps->defs[i].nsamples);
	}
	free(ps->defs);
	for (size_t i = 0; i < ps->nrules; i++) {
		struct pattern_rule *r = &ps->rules[i];
		free(r->name);
		free((char *)r->time_key);
		free((char *)r->time_format);
		regex_free(r->re);
		free(r->keys);
		for (size_t k = 0; k < r->nconst; k++) {
			free(r->ck[k]);
			free(r->cv[k]);
		}
		free(r->ck);
		free(r->cv);
		free(r->ckn);
		free(r->cvn);
		free_samples(r->samples, r->nsamples);
	}
	free(ps->rules);
	for (size_t i = 0; i < ps->nfiles; i++) {
		free(ps->files[i].path);
		free(ps->files[i].real);
	}
	free(ps->files);
	free(ps->groups);
	free(ps);
}

size_t patterns_nrules(const struct pattern_set *ps)
{
	return ps->nrules;
}

/* ---- expansion of %{NAME} and %{NAME:key} ---- */

static bool is_upper_name(const char *s, size_t n)
{
	if (n == 0 || !(s[0] >= 'A' && s[0] <= 'Z'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '_'))
			return false;
	return true;
}

static bool user_key(const char *k, size_t n)
{
	return key_is_valid(k, n) && k[0] != '_';
}

static const struct pat_def *find_def(const struct pattern_set *ps,
				      const char *name, size_t n)
{
	for (size_t i = 0; i < ps->ndefs; i++)
		if (strlen(ps->defs[i].name) == n &&
		    memcmp(ps->defs[i].name, name, n) == 0)
			return &ps->defs[i];
	return NULL;
}

static void add_seg(struct expansion *x, size_t src, size_t len, bool literal)
{
	if (len == 0)
		return;
	if (x->nsegs == x->cap) {
		x->cap = x->cap ? size_mul(x->cap, 2) : 16;
		x->segs = xreallocarray(x->segs, x->cap, sizeof *x->segs);
	}
	x->segs[x->nsegs++] = (struct seg){x->text.len - len, src, len, literal};
}

static void expansion_free(struct expansion *x)
{
	buf_free(&x->text);
	free(x->segs);
}

/* Expand src[0..n) into x. On error, false with *off and msg. */
static bool expand(const struct pattern_set *ps, const char *src, size_t n,
		   struct expansion *x, size_t *off, char *msg, size_t msgcap)
{
	size_t i = 0, lit = 0; /* lit: start of the pending literal run */
	while (i < n) {
		if (src[i] == '\\') {
			i += i + 1 < n ? 2 : 1;
			continue;
		}
		if (src[i] != '%' || i + 1 >= n || src[i + 1] != '{') {
			i++;
			continue;
		}
		buf_add(&x->text, src + lit, i - lit);
		add_seg(x, lit, i - lit, true);
		const char *close = memchr(src + i, '}', n - i);
		if (!close) {
			*off = i;
			snprintf(msg, msgcap, "%%{ without a closing }");
			return false;
		}
		const char *name = src + i + 2;
		size_t inner = (size_t)(close - name);
		const char *colon = memchr(name, ':', inner);
		size_t nn = colon ? (size_t)(colon - name) : inner;
		const struct pat_def *d = find_def(ps, name, nn);
		if (!d) {
			*off = i;
			snprintf(msg, msgcap, "unknown sub-pattern '%.*s'",
				 (int)(nn < 64 ? nn : 64), name);
			return false;
		}
		/* Stop before the text itself grows huge: a line of many
		 * references to a large sub-pattern would take gigabytes
		 * before the compiler could refuse it. */
		if (x->text.len + d->explen > REGEX_MAX_PATTERN) {
			*off = i;
			snprintf(msg, msgcap, "pattern longer than %d bytes once "
				 "expanded", REGEX_MAX_PATTERN);
			return false;
		}
		size_t before = x->text.len;
		if (colon) {
			const char *key = colon + 1;
			size_t kn = inner - nn - 1;
			if (!user_key(key, kn)) {
				*off = (size_t)(key - src);
				snprintf(msg, msgcap, "'%.*s' is not a valid key "
					 "([a-z][a-z0-9_]*, at most 64 bytes)",
					 (int)(kn < 64 ? kn : 64), key);
				return false;
			}
			buf_adds(&x->text, "(?<");
			buf_add(&x->text, key, kn);
			buf_addc(&x->text, '>');
		} else {
			buf_adds(&x->text, "(?:");
		}
		buf_add(&x->text, d->exp, d->explen);
		buf_addc(&x->text, ')');
		add_seg(x, i, x->text.len - before, false);
		i = (size_t)(close - src) + 1;
		lit = i;
	}
	buf_add(&x->text, src + lit, n - lit);
	add_seg(x, lit, n - lit, true);
	return true;
}

/* The offset in the user's text of offset e in the expanded text. */
static size_t source_offset(const struct expansion *x, size_t e, size_t srclen)
{
	for (size_t i = 0; i < x->nsegs; i++) {
		const struct seg *s = &x->segs[i];
		if (e >= s->exp && e < s->exp + s->len)
			return s->literal ? s->src + (e - s->exp) : s->src;
	}
	return srclen;
}

/* Compile x as a whole-line pattern ("(?:X)\z", anchored) or as it is. */
static struct regex *compile(const struct expansion *x, bool whole,
			     struct regex_error *err, size_t srclen)
{
	struct buf pat = BUF_INIT;
	if (whole)
		buf_adds(&pat, "(?:");
	buf_add(&pat, x->text.p, x->text.len);
	if (whole)
		buf_adds(&pat, ")\\z");
	struct regex *re = regex_compile(pat.p ? pat.p : "", pat.len,
					 whole ? REGEX_ANCHORED : 0, err);
	if (!re) {
		size_t e = err->offset;
		if (whole)
			e = e < 3 ? 0 : e - 3;
		err->offset = e >= x->text.len ? srclen : source_offset(x, e, srclen);
	}
	buf_free(&pat);
	return re;
}

/* Where group name g appears in the user's text ("<g>" or "'g'"), for an
 * error message; 0 when it is not found there (it came from a define). */
static size_t name_offset(const char *src, size_t n, const char *g)
{
	size_t gl = strlen(g);
	for (size_t i = 0; i + gl + 2 <= n; i++)
		if ((src[i] == '<' || src[i] == '\'') &&
		    memcmp(src + i + 1, g, gl) == 0 &&
		    (src[i + gl + 1] == '>' || src[i + gl + 1] == '\''))
			return i + 1;
	return 0;
}

/* Every named group must be a key a user may create. */
static bool check_group_names(struct loader *L, const struct regex *re,
			      const char *src, size_t n)
{
	bool ok = true;
	for (size_t g = 1; g <= regex_ngroups(re); g++) {
		const char *name = regex_group_name(re, g);
		if (name && !user_key(name, strlen(name))) {
			perr(L->ps, L->file, L->line,
			     "group name '%s' is not a valid key ([a-z][a-z0-9_]*) "
			     "(offset %zu in the pattern)", name,
			     name_offset(src, n, name));
			ok = false;
		}
	}
	return ok;
}

/* Expand and compile src for L's current line; NULL after reporting. */
static struct regex *build(struct loader *L, const char *src, size_t n,
			   bool whole, struct expansion *x)
{
	size_t off;
	char msg[160];
	if (!expand(L->ps, src, n, x, &off, msg, sizeof msg)) {
		perr(L->ps, L->file, L->line, "%s (offset %zu in the pattern)",
		     msg, off);
		return NULL;
	}
	struct regex_error err;
	struct regex *re = compile(x, whole, &err, n);
	if (!re) {
		perr(L->ps, L->file, L->line, "%s (offset %zu in the pattern)",
		     err.msg, err.offset);
		return NULL;
	}
	if (!check_group_names(L, re, src, n)) {
		regex_free(re);
		return NULL;
	}
	return re;
}

/* ---- directives ---- */

static void end_rule(struct loader *L)
{
	struct pattern_rule *r = L->rule;
	L->rule = NULL;
	L->sample = NULL;
	if (!r)
		return;
	struct pattern_set *ps = L->ps;
	if (!r->re) {
		if (!r->match_seen)
			perr(ps, r->file, r->line, "rule '%s' has no match line",
			     r->name);
		return;
	}
	for (size_t k = 0; k < r->nconst; k++)
		for (size_t g = 1; g <= r->ngroups; g++)
			if (r->keys[g] && strcmp(r->keys[g], r->ck[k]) == 0)
				perr(ps, r->set_file, r->set_line,
				     "key '%s' is both captured and set", r->ck[k]);
	if (r->time_key) {
		bool found = false;
		for (size_t g = 1; g <= r->ngroups; g++)
			found |= r->keys[g] && strcmp(r->keys[g], r->time_key) == 0;
		for (size_t k = 0; k < r->nconst; k++)
			found |= strcmp(r->ck[k], r->time_key) == 0;
		if (!found)
			perr(ps, r->file, r->line,
			     "rule '%s': time key '%s' is neither captured nor set",
			     r->name, r->time_key);
	}
}

static bool load_file(struct pattern_set *ps, const char *path);

static void do_define(struct loader *L, const char *arg, size_t n)
{
	end_rule(L);
	L->def = NULL;
	size_t nl = 0;
	while (nl < n && arg[nl] != ' ' && arg[nl] != '\t')
		nl++;
	if (!is_upper_name(arg, nl)) {
		perr(L->ps, L->file, L->line,
		     "define: a sub-pattern name is [A-Z][A-Z0-9_]*");
		return;
	}
	const struct pat_def *old = find_def(L->ps, arg, nl);
	if (old) {
		perr(L->ps, L->file, L->line,
		     "sub-pattern '%.*s' is already defined at %s:%u", (int)nl, arg,
		     old->file, old->line);
		return;
	}
	size_t i = nl;
	while (i < n && ascii_is_blank(arg[i]))
		i++;
	if (i == n) {
		perr(L->ps, L->file, L->line, "define: no pattern after the name");
		return;
	}
	struct expansion x = {0};
	struct regex *re = build(L, arg + i, n - i, false, &x);
	if (re) {
		regex_free(re);
		struct pattern_set *ps = L->ps;
		ps->defs = xreallocarray(ps->defs, size_add(ps->ndefs, 1),
					 sizeof *ps->defs);
		struct pat_def *d = &ps->defs[ps->ndefs++];
		memset(d, 0, sizeof *d);
		d->name = xmemdup(arg, nl);
		d->exp = xmemdup(x.text.p ? x.text.p : "", x.text.len);
		d->explen = x.text.len;
		d->file = L->file;
		d->line = L->line;
		ps->files[L->fileno].defs++;
		L->def = d;
	}
	expansion_free(&x);
}

static void do_rule(struct loader *L, const char *arg, size_t n)
{
	end_rule(L);
	L->def = NULL;
	struct pattern_set *ps = L->ps;
	if (!key_is_valid(arg, n)) {
		perr(ps, L->file, L->line, "rule: a rule name is [a-z][a-z0-9_]*");
		return;
	}
	for (size_t i = 0; i < ps->nrules; i++)
		if (strlen(ps->rules[i].name) == n &&
		    memcmp(ps->rules[i].name, arg, n) == 0) {
			perr(ps, L->file, L->line,
			     "rule '%.*s' is already defined at %s:%u", (int)n, arg,
			     ps->rules[i].file, ps->rules[i].line);
			return;
		}
	ps->rules = xreallocarray(ps->rules, size_add(ps->nrules, 1),
				  sizeof *ps->rules);
	struct pattern_rule *r = &ps->rules[ps->nrules++];
	memset(r, 0, sizeof *r);
	r->name = xmemdup(arg, n);
	r->file = L->file;
	r->line = L->line;
	ps->files[L->fileno].rules++;
	L->rule = r;
}

/* The rule the directive belongs to, or NULL after reporting. */
static struct pattern_rule *in_rule(struct loader *L, const char *what)
{
	if (!L->rule)
		perr(L->ps, L->file, L->line, "'%s' outside a rule", what);
	return L->rule;
}

static void do_match(struct loader *L, const char *arg, size_t n)
{
	struct pattern_rule *r = in_rule(L, "match");
	if (!r)
		return;
	if (r->match_seen) {
		perr(L->ps, L->file, L->line, "a second match line in rule '%s'",
		     r->name);
		return;
	}
	r->match_seen = true;
	struct expansion x = {0};
	r->re = build(L, arg, n, true, &x);
	expansion_free(&x);
	if (!r->re)
		return;
	r->ngroups = regex_ngroups(r->re);
	r->keys = xcalloc(size_add(r->ngroups, 1), sizeof *r->keys);
	for (size_t g = 1; g <= r->ngroups; g++)
		r->keys[g] = (char *)regex_group_name(r->re, g);
	if (r->ngroups + 1 > L->ps->groups_cap) {
		L->ps->groups_cap = r->ngroups + 1;
		L->ps->groups = xreallocarray(L->ps->groups, L->ps->groups_cap,
					      sizeof *L->ps->groups);
	}
}

static void do_set(struct loader *L, const char *arg, size_t n)
{
	struct pattern_rule *r = in_rule(L, "set");
	if (!r)
		return;
	struct record rec;
	record_init(&rec);
	const char *why;
	size_t col;
	enum record_status st = record_parse(&rec, arg, n, &why, &col);
	if (st != REC_OK) {
		perr(L->ps, L->file, L->line, "set: %s (column %zu)",
		     st == REC_SKIP ? "no KEY=VALUE" : why, st == REC_SKIP ? 1 : col + 1);
		record_free(&rec);
		return;
	}
	struct buf scratch = BUF_INIT;
	for (size_t i = 0; i < rec.n; i++) {
		const struct field *f = &rec.f[i];
		if (f->key[0] == '_' || (f->klen == 2 && memcmp(f->key, "ts", 2) == 0)) {
			perr(L->ps, L->file, L->line,
			     "set: '%.*s' is reserved (ts comes from the time line)",
			     (int)f->klen, f->key);
			continue;
		}
		bool dup = false;
		for (size_t k = 0; k < r->nconst; k++)
			dup |= r->ckn[k] == f->klen && memcmp(r->ck[k], f->key, f->klen) == 0;
		if (dup) {
			perr(L->ps, L->file, L->line, "set: key '%.*s' is set twice",
			     (int)f->klen, f->key);
			continue;
		}
		struct slice v = field_value(f, &scratch);
		size_t k = r->nconst++;
		r->ck = xreallocarray(r->ck, r->nconst, sizeof *r->ck);
		r->cv = xreallocarray(r->cv, r->nconst, sizeof *r->cv);
		r->ckn = xreallocarray(r->ckn, r->nconst, sizeof *r->ckn);
		r->cvn = xreallocarray(r->cvn, r->nconst, sizeof *r->cvn);
		r->ck[k] = xmemdup(f->key, f->klen);
		r->ckn[k] = f->klen;
		r->cv[k] = xmemdup(v.p ? v.p : "", v.n);
		r->cvn[k] = v.n;
	}
	r->set_file = L->file;
	r->set_line = L->line;
	buf_free(&scratch);
	record_free(&rec);
}

static void do_time(struct loader *L, const char *arg, size_t n)
{
	struct pattern_rule *r = in_rule(L, "time");
	if (!r)
		return;
	size_t kn = 0;
	while (kn < n && arg[kn] != ' ' && arg[kn] != '\t')
		kn++;
	if (!user_key(arg, kn)) {
		perr(L->ps, L->file, L->line, "time: expected KEY [FORMAT]");
		return;
	}
	if (r->time_key) {
		perr(L->ps, L->file, L->line, "a second time line in rule '%s'",
		     r->name);
		return;
	}
	size_t i = kn;
	while (i < n && ascii_is_blank(arg[i]))
		i++;
	char *fmt = i < n ? xmemdup(arg + i, n - i) : NULL;
	size_t bad;
	if (fmt && !stamp_format_valid(fmt, &bad)) {
		perr(L->ps, L->file, L->line,
		     "time: unknown directive in the format (offset %zu)", bad);
		free(fmt);
		return;
	}
	r->time_key = xmemdup(arg, kn);
	r->time_format = fmt;
}

static void do_skip(struct loader *L, size_t n)
{
	struct pattern_rule *r = in_rule(L, "skip");
	if (!r)
		return;
	if (n)
		perr(L->ps, L->file, L->line, "skip takes no argument");
	r->skip = true;
}

static void add_sample(struct pattern_sample **s, size_t *n, const char *text,
		       size_t len, unsigned line)
{
	*s = xreallocarray(*s, size_add(*n, 1), sizeof **s);
	struct pattern_sample *x = &(*s)[(*n)++];
	memset(x, 0, sizeof *x);
	/* zero padding: PCRE2's JIT may load whole words past the end of a
	 * subject (harmless, but memory checkers see uninitialised bytes) */
	x->text = xcalloc(size_add(len, 64), 1);
	memcpy(x->text, text, len);
	x->n = len;
	x->line = line;
}

static void do_sample(struct loader *L, const char *arg, size_t n)
{
	struct pat_file *f = &L->ps->files[L->fileno];
	if (L->rule) {
		add_sample(&L->rule->samples, &L->rule->nsamples, arg, n, L->line);
		L->sample = &L->rule->samples[L->rule->nsamples - 1];
	} else if (L->def) {
		add_sample(&L->def->samples, &L->def->nsamples, arg, n, L->line);
	} else {
		perr(L->ps, L->file, L->line, "sample outside a rule or define");
		return;
	}
	f->samples++;
}

static void do_expect(struct loader *L, const char *arg, size_t n)
{
	struct pattern_sample *s = L->sample;
	if (!s || s->has_expect) {
		perr(L->ps, L->file, L->line,
		     "expect must follow a sample line of a rule");
		return;
	}
	struct record rec;
	record_init(&rec);
	const char *why;
	size_t col;
	if (n && record_parse(&rec, arg, n, &why, &col) == REC_ERROR) {
		perr(L->ps, L->file, L->line, "expect: %s (column %zu)", why, col + 1);
	} else {
		s->expect = xmemdup(arg, n);
		s->en = n;
		s->has_expect = true;
		s->eline = L->line;
	}
	record_free(&rec);
}

/* ---- include ---- */

static bool readable(const char *path)
{
	return access(path, R_OK) == 0;
}

/* dir + "/" + name (+ ".patterns") into out, if readable. */
static bool try_path(char *out, size_t cap, const char *dir, size_t dl,
		     const char *name, const char *ext)
{
	int k = snprintf(out, cap, "%.*s%s%s%s", (int)dl, dir,
			 dl ? "/" : "", name, ext);
	return k > 0 && (size_t)k < cap && readable(out);
}

static bool try_dir(char *out, size_t cap, const char *dir, size_t dl,
		    const char *name)
{
	return try_path(out, cap, dir, dl, name, "") ||
	       try_path(out, cap, dir, dl, name, ".patterns");
}

static bool find_include(const char *from, const char *name, char *out,
			 size_t cap)
{
	const char *slash = strrchr(from, '/');
	size_t dl = slash ? (size_t)(slash - from) : 0;
	if (name[0] == '/')
		return try_dir(out, cap, "", 0, name);
	if (try_dir(out, cap, slash ? from : ".", slash ? dl : 1, name))
		return true;
	if (strchr(name, '/'))
		return false;
	const char *env = getenv("DCR_PATTERN_PATH");
	while (env && *env) {
		const char *colon = strchr(env, ':');
		size_t len = colon ? (size_t)(colon - env) : strlen(env);
		if (len && try_dir(out, cap, env, len, name))
			return true;
		env = colon ? colon + 1 : NULL;
	}
	char exe[PATH_MAX];
	ssize_t el = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (el > 0) {
		exe[el] = '\0';
		char *es = strrchr(exe, '/');
		if (es) {
			*es = '\0';
			char dir[PATH_MAX];
			static const char *const rel[] = {
				"/../share/dcr/patterns", "/../share/patterns"};
			for (size_t i = 0; i < 2; i++) {
				int k = snprintf(dir, sizeof dir, "%s%s", exe, rel[i]);
				if (k > 0 && (size_t)k < sizeof dir &&
				    try_dir(out, cap, dir, (size_t)k, name))
					return true;
			}
		}
	}
	return try_dir(out, cap, DCR_PATTERN_DIR, strlen(DCR_PATTERN_DIR), name);
}

static void do_include(struct loader *L, const char *arg, size_t n)
{
	end_rule(L);
	L->def = NULL;
	char name[PATH_MAX], path[PATH_MAX];
	if (n == 0 || n >= sizeof name) {
		perr(L->ps, L->file, L->line, "include: expected a file name");
		return;
	}
	memcpy(name, arg, n);
	name[n] = '\0';
	if (!find_include(L->file, name, path, sizeof path)) {
		perr(L->ps, L->file, L->line, "include: cannot find '%s'", name);
		return;
	}
	if (L->ps->depth >= MAX_INCLUDE_DEPTH) {
		perr(L->ps, L->file, L->line, "include: nested too deeply");
		return;
	}
	if (!load_file(L->ps, path))
		L->ps->errors++;
}

/* ---- loading ---- */

static void directive(struct loader *L, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && ascii_is_blank(s[i]))
		i++;
	while (n > i && (ascii_is_blank(s[n - 1]) || s[n - 1] == '\r'))
		n--;
	if (i == n || s[i] == '#')
		return;
	size_t w = i;
	while (w < n && !ascii_is_blank(s[w]))
		w++;
	const char *word = s + i;
	size_t wl = w - i;
	while (w < n && ascii_is_blank(s[w]))
		w++;
	const char *arg = s + w;
	size_t an = n - w;
	if (wl == 6 && memcmp(word, "define", 6) == 0)
		do_define(L, arg, an);
	else if (wl == 4 && memcmp(word, "rule", 4) == 0)
		do_rule(L, arg, an);
	else if (wl == 5 && memcmp(word, "match", 5) == 0)
		do_match(L, arg, an);
	else if (wl == 3 && memcmp(word, "set", 3) == 0)
		do_set(L, arg, an);
	else if (wl == 4 && memcmp(word, "time", 4) == 0)
		do_time(L, arg, an);
	else if (wl == 4 && memcmp(word, "skip", 4) == 0)
		do_skip(L, an);
	else if (wl == 6 && memcmp(word, "sample", 6) == 0)
		do_sample(L, arg, an);
	else if (wl == 6 && memcmp(word, "expect", 6) == 0)
		do_expect(L, arg, an);
	else if (wl == 7 && memcmp(word, "include", 7) == 0)
		do_include(L, arg, an);
	else
		perr(L->ps, L->file, L->line, "unknown directive '%.*s'",
		     (int)(wl < 32 ? wl : 32), word);
}

/* Register path; false when it was loaded already. */
static bool add_file(struct pattern_set *ps, const char *path, size_t *idx)
{
	char *real = realpath(path, NULL);
	for (size_t i = 0; real && i < ps->nfiles; i++)
		if (ps->files[i].real && strcmp(ps->files[i].real, real) == 0) {
			free(real);
			return false;
		}
	ps->files = xreallocarray(ps->files, size_add(ps->nfiles, 1),
				  sizeof *ps->files);
	struct pat_file *f = &ps->files[ps->nfiles];
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	f->real = real;
	*idx = ps->nfiles++;
	return true;
}

static bool load_file(struct pattern_set *ps, const char *path)
{
	size_t idx;
	if (!add_file(ps, path, &idx))
		return true;
	struct input in;
	if (!input_open(&in, path)) {
		ps->errors++;
		return false;
	}
	size_t errors = ps->errors;
	struct loader L = {.ps = ps, .file = ps->files[idx].path, .fileno = idx};
	ps->depth++;
	struct slice line;
	enum input_status st;
	while ((st = input_getline(&in, &line)) != IN_EOF) {
		L.line = (unsigned)in.lineno;
		if (st == IN_ERROR) {
			ps->errors++;
			break;
		}
		if (st == IN_LONG) {
			perr(ps, L.file, L.line, "line too long");
			continue;
		}
		directive(&L, line.p, line.n);
	}
	end_rule(&L);
	ps->depth--;
	input_close(&in);
	return ps->errors == errors;
}

bool patterns_load(struct pattern_set *ps, const char *path)
{
	size_t before = ps->errors;
	load_file(ps, path);
	return ps->errors == before;
}

/* ---- matching ---- */

static enum pattern_result match_rules(struct pattern_set *ps, const char *s,
				       size_t n, struct pairs *out,
				       const struct pattern_rule **rule,
				       const char **why)
{
	if (n && s[n - 1] == '\r')
		n--;
	for (size_t i = 0; i < ps->nrules; i++) {
		struct pattern_rule *r = &ps->rules[i];
		int m = regex_exec(r->re, s, n, ps->groups, r->ngroups + 1);
		if (m == 0)
			continue;
		*rule = r;
		if (m < 0) {
			*why = regex_errmsg(r->re);
			return PAT_ERROR;
		}
		if (r->skip)
			return PAT_SKIP;
		pairs_reset(out);
		for (size_t g = 1; g <= r->ngroups; g++) {
			const char *k = r->keys[g];
			struct slice v = ps->groups[g];
			if (!k || !v.p)
				continue;
			size_t kn = strlen(k);
			if (pairs_get(out, k, kn)) /* (?J): one name, two groups */
				continue;
			pairs_add(out, k, kn, v.p, v.n);
		}
		for (size_t k = 0; k < r->nconst; k++)
			pairs_add(out, r->ck[k], r->ckn[k], r->cv[k], r->cvn[k]);
		return PAT_MATCH;
	}
	return PAT_NOMATCH;
}

enum pattern_result pattern_match(struct pattern_set *ps, const char *s,
				  size_t n, struct pairs *out,
				  const struct pattern_rule **rule,
				  const char **why)
{
	*rule = NULL;
	return match_rules(ps, s, n, out, rule, why);
}

/* ---- --check ---- */

static size_t check_def(struct pattern_set *ps, const struct pat_def *d)
{
	if (!d->nsamples)
		return 0;
	struct expansion x = {0};
	buf_add(&x.text, d->exp, d->explen);
	struct regex_error err;
	struct regex *re = compile(&x, true, &err, d->explen);
	expansion_free(&x);
	if (!re) { /* cannot happen: it compiled alone */
		perr(ps, d->file, d->line, "%s", err.msg);
		return 1;
	}
	size_t bad = 0;
	for (size_t i = 0; i < d->nsamples; i++) {
		const struct pattern_sample *s = &d->samples[i];
		int m = regex_exec(re, s->text, s->n, NULL, 0);
		if (m != 1) {
			perr(ps, d->file, s->line, "sample %s sub-pattern '%s'",
			     m < 0 ? "hits a limit of" : "does not match", d->name);
			bad++;
		}
	}
	regex_free(re);
	return bad;
}

/* Compare what a sample gave with its expect line. */
static size_t check_expect(struct pattern_set *ps, const struct pattern_rule *r,
			   const struct pattern_sample *s, struct pairs *got)
{
	struct record rec;
	record_init(&rec);
	const char *why;
	size_t col, bad = 0;
	if (s->en)
		record_parse(&rec, s->expect, s->en, &why, &col);
	struct buf scratch = BUF_INIT;
	for (size_t i = 0; i < rec.n; i++) {
		const struct field *f = &rec.f[i];
		struct pair *p = pairs_get(got, f->key, f->klen);
		struct slice want = field_value(f, &scratch);
		if (!p) {
			perr(ps, r->file, s->eline, "sample gives no key '%.*s'",
			     (int)f->klen, f->key);
			bad++;
		} else if (p->vn != want.n || memcmp(p->v, want.p, want.n) != 0) {
			perr(ps, r->file, s->eline,
			     "sample gives another value for key '%.*s'",
			     (int)f->klen, f->key);
			bad++;
		}
	}
	for (size_t i = 0; i < got->n; i++)
		if (!record_get(&rec, got->p[i].k, got->p[i].kn)) {
			perr(ps, r->file, s->eline,
			     "sample gives key '%.*s', which expect does not list",
			     (int)got->p[i].kn, got->p[i].k);
			bad++;
		}
	buf_free(&scratch);
	record_free(&rec);
	return bad;
}

/* The rule's time key must read as a time. */
static size_t check_time(struct pattern_set *ps, const struct pattern_rule *r,
			 const struct pattern_sample *s, struct pairs *got)
{
	if (!r->time_key)
		return 0;
	struct pair *p = pairs_get(got, r->time_key, strlen(r->time_key));
	if (!p)
		return 0; /* an optional group: the record has no time */
	dcr_time t;
	enum time_status st = stamp_parse(r->time_format, p->v, p->vn,
					  FOLD_EARLIER, &t);
	if (st == TIME_OK || st == TIME_NO_ZONE) /* the zone comes with --tz */
		return 0;
	perr(ps, r->file, s->line, "sample: key '%s': %s", r->time_key,
	     time_status_str(st));
	return 1;
}

static size_t check_rule(struct pattern_set *ps, const struct pattern_rule *r,
			 struct pairs *got)
{
	size_t bad = 0;
	if (!r->nsamples) {
		perr(ps, r->file, r->line, "rule '%s' has no sample", r->name);
		return 1;
	}
	for (size_t i = 0; i < r->nsamples; i++) {
		const struct pattern_sample *s = &r->samples[i];
		const struct pattern_rule *by;
		const char *why;
		enum pattern_result m = match_rules(ps, s->text, s->n, got, &by, &why);
		if (m == PAT_NOMATCH) {
			perr(ps, r->file, s->line, "sample matches no rule (rule '%s' "
			     "expected)", r->name);
			bad++;
		} else if (m == PAT_ERROR) {
			perr(ps, r->file, s->line, "sample: rule '%s': %s", by->name, why);
			bad++;
		} else if (by != r) {
			perr(ps, r->file, s->line, "sample is matched by rule '%s' "
			     "(%s:%u) before its rule '%s'", by->name, by->file, by->line,
			     r->name);
			bad++;
		} else if (m == PAT_SKIP) {
			if (s->has_expect) {
				perr(ps, r->file, s->eline, "expect: a skip rule gives no fields");
				bad++;
			}
		} else {
			if (s->has_expect)
				bad += check_expect(ps, r, s, got);
			bad += check_time(ps, r, s, got);
		}
	}
	return bad;
}

size_t patterns_check(struct pattern_set *ps, struct buf *summary)
{
	size_t bad = 0;
	struct pairs got;
	pairs_init(&got);
	for (size_t i = 0; i < ps->ndefs; i++)
		bad += check_def(ps, &ps->defs[i]);
	for (size_t i = 0; i < ps->nrules; i++)
		bad += check_rule(ps, &ps->rules[i], &got);
	pairs_free(&got);
	for (size_t i = 0; i < ps->nfiles; i++) {
		const struct pat_file *f = &ps->files[i];
		char line[PATH_MAX + 128];
		int k = snprintf(line, sizeof line,
				 "%s: %zu rule%s, %zu sub-pattern%s, %zu sample%s\n",
				 f->path, f->rules, f->rules == 1 ? "" : "s", f->defs,
				 f->defs == 1 ? "" : "s", f->samples,
				 f->samples == 1 ? "" : "s");
		if (k > 0)
			buf_add(summary, line, (size_t)k < sizeof line ? (size_t)k
								 : sizeof line - 1);
	}
	return bad;
}
