/* filter_args.c - dcr-filter's condition options, compiled once as they are
 * read and again for each thread. */
#include "filter/filter_args.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/num.h"
#include "base/xmalloc.h"
#include "lang/expr_keys.h"
#include "time/when.h"

/* --eq KEY=VALUE and friends. */
static struct expr *option_test(const char *opt, const char *op,
				const char *arg, bool number)
{
	const char *eq = strchr(arg, '=');
	if (!eq)
		die_usage("%s: expected KEY=%s", opt, number ? "NUMBER" : "VALUE");
	char *key = xmemdup(arg, (size_t)(eq - arg));
	const char *val = eq + 1;
	double d;
	if (number && !num_parse(val, strlen(val), &d))
		die_usage("%s: expected a number after '='", opt);
	struct expr_error err;
	struct expr *e = expr_test(key, op, val, strlen(val), &err);
	free(key);
	if (!e)
		die_usage("%s: %s", opt, err.msg);
	return e;
}

static struct expr *option_has(const char *arg)
{
	struct expr_error err;
	struct expr *e = expr_test(arg, "has", NULL, 0, &err);
	if (!e)
		die_usage("--has: %s", err.msg);
	return e;
}

/* --since and --until. */
static dcr_time parse_when(const char *opt, const char *s)
{
	dcr_time t;
	switch (when_parse(s, when_now(), &t)) {
	case WHEN_OK:
		return t;
	case WHEN_TOO_FAR:
		die_usage("'%s': too far back", s);
	case WHEN_RANGE:
		die_usage("%s: %s", opt, time_status_str(TIME_RANGE));
	case WHEN_SYNTAX:
		break;
	}
	die_usage("%s: expected a date (2024-03-01), an RFC 3339 time or "
		  "-N with s, m, h, d or w (-24h)", opt);
}

static const char *test_label(int id)
{
	static const char *const names[] = {
		"--eq", "--ne", "--lt", "--le", "--gt", "--ge", "--re", "--has",
		"--since", "--until", "EXPR"
	};
	return id == 'e' ? "-e" : names[id - FILTER_EQ];
}

static struct expr *compile(const struct filter_test *t)
{
	switch (t->id) {
	case 'e':
	case FILTER_EXPR: return expr_compile_or_exit(t->arg);
	case FILTER_EQ: return option_test("--eq", "==", t->arg, false);
	case FILTER_NE: return option_test("--ne", "!=", t->arg, false);
	case FILTER_LT: return option_test("--lt", "<", t->arg, true);
	case FILTER_LE: return option_test("--le", "<=", t->arg, true);
	case FILTER_GT: return option_test("--gt", ">", t->arg, true);
	case FILTER_GE: return option_test("--ge", ">=", t->arg, true);
	case FILTER_RE: return option_test("--re", "~", t->arg, false);
	case FILTER_HAS: return option_has(t->arg);
	case FILTER_SINCE: return expr_time("ts", ">=", t->when);
	default: return expr_time("ts", "<", t->when); /* FILTER_UNTIL */
	}
}

/* The keys a test reads are checked against the data (keycheck.h),
 * labelled with the option that gave the test. */
static const char *name_opt;

static void name_key(void *kc, const char *k, size_t kn)
{
	keycheck_name(kc, name_opt, k, kn);
}

bool filter_args_add(struct filter_args *a, int id, const char *arg,
		     struct keycheck *kc)
{
	if (id != 'e' && (id < FILTER_EQ || id > FILTER_EXPR))
		return false;
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 8;
		a->t = xreallocarray(a->t, a->cap, sizeof *a->t);
	}
	struct filter_test *t = &a->t[a->n++];
	t->id = id;
	t->arg = arg;
	t->when = 0;
	if (id == FILTER_SINCE || id == FILTER_UNTIL)
		t->when = parse_when(test_label(id), arg);
	struct expr *e = compile(t);
	name_opt = test_label(id);
	expr_each_key(e, name_key, kc);
	a->first = expr_and(a->first, e);
	return true;
}

struct expr *filter_args_take(struct filter_args *a)
{
	struct expr *e = a->first;
	a->first = NULL;
	return e;
}

struct expr *filter_args_build(const struct filter_args *a)
{
	struct expr *e = NULL;
	for (size_t i = 0; i < a->n; i++)
		e = expr_and(e, compile(&a->t[i]));
	return e;
}

void filter_args_free(struct filter_args *a)
{
	expr_free(a->first);
	free(a->t);
	memset(a, 0, sizeof *a);
}
