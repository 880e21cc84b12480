/* expr_eval.c - the condition language evaluated on a record: the hot
 * half of expr.h, kept apart from parsing so that each file is one thing.
 * A missing key makes every test false but "!=" and "!~"; comparisons are
 * numeric, chronological or bytewise as the constant's reading says
 * (worked out once at compile time, expr_impl.h). */
#include <stdio.h>
#include <string.h>

#include "base/num.h"
#include "lang/expr_impl.h"

static int cmp3(double a, double b)
{
	return (a > b) - (a < b);
}

static bool value_time(struct slice v, dcr_time *t)
{
	return time_parse_canonical(v.p, v.n, t) ||
	       time_parse_rfc3339(v.p, v.n, t) == TIME_OK;
}

/* Compare a record's value with a constant: numbers numerically, time
 * stamps chronologically, anything else bytewise. */
static int compare(struct slice v, const struct constant *c)
{
	if (c->isnum) {
		double d;
		if (num_parse(v.p, v.n, &d))
			return cmp3(d, c->num);
	} else if (c->istime) {
		dcr_time t;
		if (value_time(v, &t))
			return (t > c->t) - (t < c->t);
	}
	return slice_cmp(v, slice_of(c->s, c->n));
}

static bool holds(enum cmp_op op, int r)
{
	switch (op) {
	case OP_EQ: return r == 0;
	case OP_NE: return r != 0;
	case OP_LT: return r < 0;
	case OP_LE: return r <= 0;
	case OP_GT: return r > 0;
	case OP_GE: return r >= 0;
	}
	return false;
}

/* True when c is one of the comma-separated items of v, byte for byte
 * ("naloxone" in "oxygen,naloxone,ems_called"). */
static bool list_has(struct slice v, const struct constant *c)
{
	size_t b = 0;
	for (;;) {
		const char *comma = memchr(v.p + b, ',', v.n - b);
		size_t e = comma ? (size_t)(comma - v.p) : v.n;
		if (e - b == c->n && memcmp(v.p + b, c->s, c->n) == 0)
			return true;
		if (!comma)
			return false;
		b = e + 1;
	}
}

static int eval(struct expr *e, const struct node *n, const struct record *r)
{
	int x;
	const struct field *f;
	switch (n->kind) {
	case N_OR:
		x = eval(e, n->a, r);
		return x ? x : eval(e, n->b, r);
	case N_AND:
		x = eval(e, n->a, r);
		return x != 1 ? x : eval(e, n->b, r);
	case N_NOT:
		x = eval(e, n->a, r);
		return x < 0 ? x : !x;
	default:
		break;
	}
	f = record_get(r, n->key, n->klen);
	if (n->kind == N_HAS)
		return f != NULL;
	if (n->kind == N_MISSING)
		return f == NULL;
	if (!f)
		return (n->kind == N_CMP && n->op == OP_NE) ||
		       (n->kind == N_MATCH && n->negate);
	struct slice v = field_value(f, &e->scratch);
	switch (n->kind) {
	case N_CMP:
		return holds(n->op, compare(v, &n->c));
	case N_IN:
		for (size_t i = 0; i < n->nlist; i++)
			if (compare(v, &n->list[i]) == 0)
				return 1;
		return 0;
	case N_ITEM:
		return list_has(v, &n->c);
	case N_TIME: {
		dcr_time t;
		if (!value_time(v, &t))
			return 0;
		return holds(n->op, (t > n->c.t) - (t < n->c.t));
	}
	case N_MATCH:
		x = regex_exec(n->re, v.p, v.n, NULL, 0);
		if (x < 0) {
			snprintf(e->errmsg, sizeof e->errmsg, "key %s: %s",
				 n->key, regex_errmsg(n->re));
			return -1;
		}
		return n->negate ? !x : x;
	default:
		return 0;
	}
}

int expr_eval(struct expr *e, const struct record *r)
{
	return eval(e, e->root, r);
}

const char *expr_errmsg(const struct expr *e)
{
	return e->errmsg;
}
