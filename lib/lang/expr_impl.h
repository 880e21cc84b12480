/* expr_impl.h - the insides of the condition language, shared by its
 * files and by no one else: expr.c (tokens, parser, building), expr_eval.c
 * (evaluation), expr_literal.c (what a matching line must contain, for a
 * prefilter) and expr_keys.c (the keys it reads). Users include expr.h.
 *
 * Ownership: an expr owns its tree (nodes own their key, constants, lists
 * and regex) and its literals (each alternative owns its bytes).
 */
#ifndef DCR_EXPR_IMPL_H
#define DCR_EXPR_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "lang/expr.h"
#include "lang/regex.h"
#include "time/timefmt.h"

enum node_kind {
	N_OR, N_AND, N_NOT, N_HAS, N_MISSING, N_CMP, N_IN, N_MATCH, N_TIME,
	N_ITEM /* KEY has VALUE: an item of a comma-separated list */
};
enum cmp_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

/* A constant side, with its readings as a number and as a time worked out
 * once at compile time. */
struct constant {
	char *s;
	size_t n;
	bool isnum, istime;
	double num;
	dcr_time t;
};

struct node {
	enum node_kind kind;
	enum cmp_op op;
	bool negate;		/* "!~" */
	unsigned flags;		/* N_MATCH: REGEX_* */
	char *key;
	size_t klen;
	struct node *a, *b;	/* operands of or, and, not */
	struct constant c;	/* N_CMP; c.t for N_TIME */
	struct constant *list;	/* N_IN */
	size_t nlist;
	struct regex *re;	/* N_MATCH */
};

/* A literal for the prefilter: one of a few alternatives, each
 * "key=value", a part of a regex, or "key=" alone, that a matching line
 * must contain; rank orders them by how telling they are likely to be
 * (expr_literal.c). */
struct lit {
	struct expr_literal *alt;	/* owned bytes; key.p NULL if none */
	size_t n;
	int rank;
};

struct lits {
	struct lit *v;
	size_t n;
};

struct expr {
	struct node *root;
	struct buf scratch;
	struct lits lits;	/* best first */
	char errmsg[300];
};

/* Work out e->lits from e->root again, best first (after the tree
 * changed), and free them. */
void expr_literals_update(struct expr *e);
void expr_literals_free(struct expr *e);

#endif
