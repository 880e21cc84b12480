/* derive.c - parse "NAME = EXPR" into a postfix program and run it. */
#include "lang/derive.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/ascii.h"
#include "base/num.h"
#include "record/record.h"
#include "base/xmalloc.h"
#include "lang/interval.h"

enum op { OP_NUM, OP_VAR, OP_NEG, OP_ADD, OP_SUB, OP_MUL, OP_DIV,
	  OP_WILSON_LO, OP_WILSON_HI, OP_POISSON_LO, OP_POISSON_HI, OP_ROUND };

/* The functions, by name: their operation and number of arguments. */
static const struct func {
	const char *name;
	enum op op;
	int argc;
} funcs[] = {
	{"wilson_lo", OP_WILSON_LO, 2},
	{"wilson_hi", OP_WILSON_HI, 2},
	{"poisson_lo", OP_POISSON_LO, 3},
	{"poisson_hi", OP_POISSON_HI, 3},
	{"round", OP_ROUND, 1},
};

static int op_argc(enum op op)
{
	for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
		if (funcs[i].op == op)
			return funcs[i].argc;
	return op == OP_NUM || op == OP_VAR ? 0 : op == OP_NEG ? 1 : 2;
}

struct insn {
	enum op op;
	double num;	  /* OP_NUM */
	long col;	  /* OP_VAR, after derive_bind */
	size_t at, len;	  /* OP_VAR: the name in src */
};

struct derive {
	char *src, *name;
	struct insn *code;
	size_t n, cap, depth;
	double *stack;
	bool *present;
};

/* As the filter language (expr.c): nesting deeper than this is refused
 * with a message, before the recursion could exhaust the stack. */
enum { MAX_NESTING = 256 };

struct parser {
	struct derive *d;
	const char *s;
	size_t i;
	size_t depth, max_depth; /* of the evaluation stack */
	int nesting;		 /* of '(' and unary signs, while parsing */
	struct derive_error *err;
	bool failed;
};

static bool fail(struct parser *p, const char *msg)
{
	if (!p->failed) {
		snprintf(p->err->msg, sizeof p->err->msg, "%s", msg);
		p->err->col = p->i;
		p->failed = true;
	}
	return false;
}

static void skip_blanks(struct parser *p)
{
	while (ascii_is_blank(p->s[p->i]))
		p->i++;
}

static void emit(struct parser *p, struct insn in)
{
	struct derive *d = p->d;
	if (d->n == d->cap) {
		d->cap = d->cap ? size_mul(d->cap, 2) : 16;
		d->code = xreallocarray(d->code, d->cap, sizeof *d->code);
	}
	d->code[d->n++] = in;
	/* Track the stack depth the program needs. */
	/* Each operation pops its arguments and pushes one result. */
	p->depth = p->depth + 1 - (size_t)op_argc(in.op);
	if (p->depth > p->max_depth)
		p->max_depth = p->depth;
}

static bool is_key_start(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }
static bool is_key_char(char c)
{
	return is_key_start(c) || (c >= '0' && c <= '9');
}

static bool parse_sum(struct parser *p);
static bool nest(struct parser *p);

/* One level deeper, or a message at the character that goes too deep. */
static bool nest(struct parser *p)
{
	if (p->nesting >= MAX_NESTING) {
		char msg[64];
		snprintf(msg, sizeof msg, "more than %d levels of '(' and unary "
			 "'-' or '+'", MAX_NESTING);
		return fail(p, msg);
	}
	p->nesting++;
	return true;
}

static bool parse_number(struct parser *p)
{
	const char *s = p->s;
	size_t j = p->i;
	while ((s[j] >= '0' && s[j] <= '9') || s[j] == '.')
		j++;
	if (s[j] == 'e' || s[j] == 'E') {
		size_t k = j + 1;
		if (s[k] == '+' || s[k] == '-')
			k++;
		if (s[k] >= '0' && s[k] <= '9') {
			while (s[k] >= '0' && s[k] <= '9')
				k++;
			j = k;
		}
	}
	double v;
	if (!num_parse(s + p->i, j - p->i, &v))
		return fail(p, "invalid number");
	emit(p, (struct insn){.op = OP_NUM, .num = v});
	p->i = j;
	return true;
}

/* NAME(ARG, ...): the name ends at end, its '(' is at paren. */
static bool parse_call(struct parser *p, size_t end, size_t paren)
{
	const struct func *f = NULL;
	for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
		if (strlen(funcs[i].name) == end - p->i &&
		    memcmp(funcs[i].name, p->s + p->i, end - p->i) == 0)
			f = &funcs[i];
	if (!f)
		return fail(p, "unknown function (wilson_lo, wilson_hi, "
			       "poisson_lo, poisson_hi and round are known)");
	if (!nest(p))
		return false;
	p->i = paren + 1;
	for (int a = 0; a < f->argc; a++) {
		if (a > 0) {
			skip_blanks(p);
			if (p->s[p->i] != ',')
				return fail(p, f->argc == 2
						   ? "expected ',': this function takes 2 arguments"
						   : "expected ',': this function takes 3 arguments");
			p->i++;
		}
		if (!parse_sum(p))
			return false;
	}
	skip_blanks(p);
	if (p->s[p->i] != ')')
		return fail(p, f->argc == 1   ? "expected ')': this function takes 1 argument"
			       : f->argc == 2 ? "expected ')': this function takes 2 arguments"
					      : "expected ')': this function takes 3 arguments");
	p->i++;
	p->nesting--;
	emit(p, (struct insn){.op = f->op});
	return true;
}

static bool parse_primary(struct parser *p)
{
	skip_blanks(p);
	char c = p->s[p->i];
	if (c == '(') {
		if (!nest(p))
			return false;
		p->i++;
		bool ok = parse_sum(p);
		p->nesting--;
		if (!ok)
			return false;
		skip_blanks(p);
		if (p->s[p->i] != ')')
			return fail(p, "expected ')'");
		p->i++;
		return true;
	}
	if ((c >= '0' && c <= '9') || c == '.')
		return parse_number(p);
	if (is_key_start(c)) {
		size_t j = p->i;
		while (is_key_char(p->s[j]))
			j++;
		size_t k = j;
		while (ascii_is_blank(p->s[k]))
			k++;
		if (p->s[k] == '(')
			return parse_call(p, j, k);
		emit(p, (struct insn){.op = OP_VAR, .col = -1, .at = p->i,
				      .len = j - p->i});
		p->i = j;
		return true;
	}
	return fail(p, c ? "expected a number, a key or '('"
			 : "unexpected end of expression");
}

static bool parse_unary(struct parser *p)
{
	skip_blanks(p);
	char c = p->s[p->i];
	if (c == '-' || c == '+') {
		if (!nest(p))
			return false;
		p->i++;
		bool ok = parse_unary(p);
		p->nesting--;
		if (!ok)
			return false;
		if (c == '-')
			emit(p, (struct insn){.op = OP_NEG});
		return true;
	}
	return parse_primary(p);
}

static bool parse_product(struct parser *p)
{
	if (!parse_unary(p))
		return false;
	for (;;) {
		skip_blanks(p);
		char c = p->s[p->i];
		if (c != '*' && c != '/')
			return true;
		p->i++;
		if (!parse_unary(p))
			return false;
		emit(p, (struct insn){.op = c == '*' ? OP_MUL : OP_DIV});
	}
}

static bool parse_sum(struct parser *p)
{
	if (!parse_product(p))
		return false;
	for (;;) {
		skip_blanks(p);
		char c = p->s[p->i];
		if (c != '+' && c != '-')
			return true;
		p->i++;
		if (!parse_product(p))
			return false;
		emit(p, (struct insn){.op = c == '+' ? OP_ADD : OP_SUB});
	}
}

struct derive *derive_compile(const char *src, struct derive_error *err)
{
	struct derive *d = xcalloc(1, sizeof *d);
	d->src = xstrdup(src);
	struct parser p = {d, d->src, 0, 0, 0, 0, err, false};
	skip_blanks(&p);
	size_t k = p.i;
	while (is_key_char(src[k]))
		k++;
	if (k == p.i || !key_is_valid(src + p.i, k - p.i)) {
		fail(&p, "expected NAME = EXPRESSION (NAME a key: [a-z][a-z0-9_]*)");
		derive_free(d);
		return NULL;
	}
	d->name = xmemdup(src + p.i, k - p.i);
	p.i = k;
	skip_blanks(&p);
	if (src[p.i] != '=') {
		fail(&p, "expected '=' after the name");
		derive_free(d);
		return NULL;
	}
	p.i++;
	if (!parse_sum(&p) || (skip_blanks(&p), src[p.i] != '\0')) {
		fail(&p, "expected an operator or the end of the expression");
		derive_free(d);
		return NULL;
	}
	d->depth = p.max_depth;
	d->stack = xcalloc(d->depth ? d->depth : 1, sizeof *d->stack);
	d->present = xcalloc(d->depth ? d->depth : 1, sizeof *d->present);
	return d;
}

const char *derive_name(const struct derive *d) { return d->name; }

bool derive_bind(struct derive *d,
		 long (*lookup)(void *ctx, const char *name, size_t n),
		 void *ctx, struct derive_error *err)
{
	for (size_t i = 0; i < d->n; i++) {
		struct insn *in = &d->code[i];
		if (in->op != OP_VAR)
			continue;
		in->col = lookup(ctx, d->src + in->at, in->len);
		if (in->col < 0) {
			snprintf(err->msg, sizeof err->msg,
				 "unknown key '%.*s' (not an aggregate or an "
				 "earlier derived value)",
				 (int)(in->len > 64 ? 64 : in->len),
				 d->src + in->at);
			err->col = in->at;
			return false;
		}
	}
	return true;
}

bool derive_reads_any(const struct derive *d, const bool *flags)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->code[i].op == OP_VAR && flags[d->code[i].col])
			return true;
	return false;
}

/* x to the nearest integer, halves up (2.5 to 3, -2.5 to -2): a
 * percentage rounded as by hand. x - floor(x) is exact, so a half is
 * seen as one; floor(x + 0.5) would round 0.49999999999999994 to 1. */
static double round_half_up(double x)
{
	double r = floor(x);
	return x - r >= 0.5 ? r + 1 : r;
}

/* Apply a function to the top of the stack; the new stack pointer. */
static size_t call(enum op op, double *st, bool *ok, size_t sp)
{
	size_t argc = (size_t)op_argc(op), at = sp - argc;
	bool all = true;
	for (size_t i = at; i < sp; i++)
		all = all && ok[i];
	double r = 0, *v = st + at;
	if (all) {
		switch (op) {
		case OP_WILSON_LO: all = interval_wilson(v[0], v[1], false, &r); break;
		case OP_WILSON_HI: all = interval_wilson(v[0], v[1], true, &r); break;
		case OP_POISSON_LO: all = interval_poisson(v[0], v[1], v[2], false, &r); break;
		case OP_POISSON_HI: all = interval_poisson(v[0], v[1], v[2], true, &r); break;
		case OP_ROUND: r = round_half_up(v[0]); break;
		default: all = false; break;
		}
	}
	st[at] = r;
	ok[at] = all;
	return at + 1;
}

bool derive_eval(const struct derive *d, const double *vals,
		 const bool *present, double *out)
{
	double *st = d->stack;
	bool *ok = d->present;
	size_t sp = 0;
	for (size_t i = 0; i < d->n; i++) {
		const struct insn *in = &d->code[i];
		switch (in->op) {
		case OP_NUM:
			st[sp] = in->num;
			ok[sp++] = true;
			continue;
		case OP_VAR:
			st[sp] = vals[in->col];
			ok[sp++] = present[in->col];
			continue;
		case OP_NEG:
			st[sp - 1] = -st[sp - 1];
			continue;
		case OP_WILSON_LO:
		case OP_WILSON_HI:
		case OP_POISSON_LO:
		case OP_POISSON_HI:
		case OP_ROUND:
			sp = call(in->op, st, ok, sp);
			continue;
		default:
			break;
		}
		double b = st[--sp], a = st[sp - 1];
		ok[sp - 1] = ok[sp - 1] && ok[sp];
		switch (in->op) {
		case OP_ADD: a += b; break;
		case OP_SUB: a -= b; break;
		case OP_MUL: a *= b; break;
		case OP_DIV:
			if (b == 0)
				ok[sp - 1] = false;
			else
				a /= b;
			break;
		default: break;
		}
		st[sp - 1] = a;
	}
	if (!ok[0] || !isfinite(st[0]))
		return false;
	*out = st[0] == 0 ? 0 : st[0]; /* no "-0" */
	return true;
}

void derive_free(struct derive *d)
{
	if (!d)
		return;
	free(d->src);
	free(d->name);
	free(d->code);
	free(d->stack);
	free(d->present);
	free(d);
}
