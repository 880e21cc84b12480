/* expr_literal.c - what a line must contain for a condition to hold: the
 * literals of a block prefilter (key=value, a regex's fixed parts, the
 * alternatives of an "in" or an "or"), and the one key a condition reads.
 * The analysis may give up, never be wrong: a literal is only proposed
 * when every canonical line that matches contains it. */
#include <stdlib.h>
#include <string.h>

#include "lang/expr_impl.h"
#include "base/xmalloc.h"

enum { RANK_SHORT = 1, RANK_KEY = 2, RANK_VALUE = 3 };
enum { MAX_ALTS = 8 }; /* alternatives of one literal, at most */

static void lit_free(struct lit *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free((char *)l->alt[i].lit.p);
		free((char *)l->alt[i].key.p);
	}
	free(l->alt);
	memset(l, 0, sizeof *l);
}

static void lits_truncate(struct lits *ls, size_t n)
{
	while (ls->n > n)
		lit_free(&ls->v[--ls->n]);
}

static struct lit *lits_new(struct lits *ls, int rank)
{
	ls->v = xreallocarray(ls->v, size_add(ls->n, 1), sizeof *ls->v);
	struct lit *l = &ls->v[ls->n++];
	memset(l, 0, sizeof *l);
	l->rank = rank;
	return l;
}

/* Add the alternative [key "="] v to l; the key is remembered when there
 * is a value part. */
static void lit_alt(struct lit *l, const struct node *nd, bool prefix,
		    const char *v, size_t vn)
{
	l->alt = xreallocarray(l->alt, size_add(l->n, 1), sizeof *l->alt);
	struct expr_literal *a = &l->alt[l->n++];
	size_t pre = prefix ? nd->klen + 1 : 0, n = size_add(pre, vn);
	char *p = xmalloc(n);
	if (prefix) {
		memcpy(p, nd->key, nd->klen);
		p[nd->klen] = '=';
	}
	if (vn)
		memcpy(p + pre, v, vn);
	a->lit = slice_of(p, n);
	a->key = vn ? slice_of(xmemdup(nd->key, nd->klen), nd->klen)
		    : slice_of(NULL, 0);
}

static void lits_add(struct lits *ls, const struct node *nd, bool prefix,
		     const char *v, size_t vn, int rank)
{
	lit_alt(lits_new(ls, rank), nd, prefix, v, vn);
}

/* Bytes that appear as themselves in any value of a valid record, bare or
 * quoted (unless escaped needlessly, which expr_literal_key covers). */
static bool plain_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Skip a group or class starting at pat[i]; the index after it, or 0
 * when the pattern is too unusual to analyse. */
static size_t skip_bracketed(const char *pat, size_t n, size_t i)
{
	int depth = 0;
	bool in_class = false;
	for (; i < n; i++) {
		char c = pat[i];
		if (c == '\\') {
			i++;
			continue;
		}
		if (in_class) {
			if (c == '[' && i + 1 < n && pat[i + 1] == ':')
				return 0; /* a POSIX class inside: give up */
			if (c == ']') {
				in_class = false;
				if (depth == 0)
					return i + 1;
			}
			continue;
		}
		if (c == '[') {
			in_class = true;
			if (i + 1 < n && pat[i + 1] == '^')
				i++;
			if (i + 1 < n && pat[i + 1] == ']')
				i++; /* a leading ] is literal */
		} else if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (--depth == 0)
				return i + 1;
		}
	}
	return 0;
}

enum { ATOM_META = -1, ATOM_GIVE_UP = -2 };

/* The byte a literal atom at pat[i] stands for (*len: 1, or 2 for an
 * escaped punctuation character), or ATOM_META / ATOM_GIVE_UP. */
static int literal_atom(const char *pat, size_t n, size_t i, size_t *len)
{
	unsigned char c = (unsigned char)pat[i];
	*len = 1;
	if (c == '\\') {
		if (i + 1 >= n)
			return ATOM_GIVE_UP;
		unsigned char e = (unsigned char)pat[i + 1];
		*len = 2;
		if (is_alnum((char)e))
			return strchr("dDwWsShHvVbBAzZGKR", e) ? ATOM_META : ATOM_GIVE_UP;
		if (e >= 0x80)
			return ATOM_GIVE_UP;
		return plain_byte(e) ? e : ATOM_META;
	}
	if (!plain_byte(c) || strchr(".^$|()[]{}*+?", c))
		return ATOM_META;
	return c;
}

/* Skip the meta construct at pat[i]; the next index, or 0 to give up. */
static size_t skip_meta(const char *pat, size_t n, size_t i)
{
	char c = pat[i];
	size_t j;
	switch (c) {
	case '|':
	case ')':
		return 0;
	case '\\':
		return i + 2;
	case '(':
		if (i + 1 < n && (pat[i + 1] == '*' ||
				  (pat[i + 1] == '?' && (i + 2 >= n || pat[i + 2] != ':'))))
			return 0; /* verbs, inline options, lookaround, names */
		return skip_bracketed(pat, n, i);
	case '[':
		return skip_bracketed(pat, n, i);
	case '{':
		for (j = i + 1; j < n && ((pat[j] >= '0' && pat[j] <= '9') || pat[j] == ','); j++)
			;
		if (j < n && pat[j] == '}' && j > i + 1)
			i = j;
		else
			return 0;
		/* FALLTHROUGH: a lazy or possessive mark may follow */
	case '?':
	case '*':
	case '+':
		i++;
		if (i < n && (pat[i] == '?' || pat[i] == '+'))
			i++;
		return i;
	default:
		return i + 1; /* . ^ $ and bytes that a line may escape */
	}
}

/* Runs of bytes that every match of the pattern contains, found
 * conservatively at the top level (no alternation there, no inline
 * options, no case folding), added to ls: a run right after a leading '^'
 * as "key=run" (a bare value begins with it), others of two bytes or more
 * as they are. */
static void regex_literals(const struct node *nd, struct lits *ls)
{
	const char *pat = nd->c.s;
	size_t n = nd->c.n, first = ls->n;
	if (nd->flags & (REGEX_CASELESS | REGEX_EXTENDED))
		return;
	struct buf run = BUF_INIT;
	bool run_at_start = n && pat[0] == '^', give_up = false;
	size_t i = run_at_start;
	for (;;) {
		size_t alen = 0;
		int c = i < n ? literal_atom(pat, n, i, &alen) : ATOM_META;
		char q = i + alen < n ? pat[i + alen] : '\0';
		bool optional = q == '?' || q == '*' || q == '{';
		if (c >= 0 && !optional) {
			buf_addc(&run, (char)c);
			i += alen;
			if (q != '+')
				continue;
		}
		/* The run ends here. */
		if (run_at_start && run.len)
			lits_add(ls, nd, true, run.p, run.len, RANK_VALUE);
		else if (run.len >= 2)
			lits_add(ls, nd, false, run.p, run.len,
				 run.len >= 3 ? RANK_VALUE : RANK_SHORT);
		buf_reset(&run);
		run_at_start = false;
		if (i >= n || c == ATOM_GIVE_UP) {
			give_up = c == ATOM_GIVE_UP;
			break;
		}
		if (c >= 0 && optional)
			i += alen; /* the quantifier is skipped next */
		else if ((i = skip_meta(pat, n, i)) == 0)
			give_up = true;
		if (give_up)
			break;
		if (c >= 0 && q == '+')
			buf_addc(&run, (char)c); /* what follows x+ follows an x */
	}
	buf_free(&run);
	if (give_up)
		lits_truncate(ls, first);
}

/* A leading group of plain alternatives, ^(heroin|fentanyl)$ or
 * (?:abc|def)x: one of its branches is in every match. */
static void regex_alternation(const struct node *nd, struct lits *ls)
{
	const char *pat = nd->c.s;
	size_t n = nd->c.n;
	if (nd->flags & (REGEX_CASELESS | REGEX_EXTENDED))
		return;
	bool anchored = n && pat[0] == '^';
	size_t i = anchored;
	if (i >= n || pat[i] != '(')
		return;
	i++;
	if (i + 1 < n && pat[i] == '?' && pat[i + 1] == ':')
		i += 2;
	else if (i < n && (pat[i] == '?' || pat[i] == '*'))
		return;
	struct lits one = {NULL, 0};
	struct lit *l = lits_new(&one, RANK_VALUE);
	struct buf br = BUF_INIT;
	bool ok = false;
	while (i < n && l->n < MAX_ALTS) {
		size_t alen;
		int c = literal_atom(pat, n, i, &alen);
		char q = i + alen < n ? pat[i + alen] : '\0';
		if (c >= 0) {
			if (strchr("?*+{", q))
				break; /* a quantified byte: not a plain branch */
			buf_addc(&br, (char)c);
			i += alen;
			continue;
		}
		if (pat[i] != '|' && pat[i] != ')')
			break;
		if (br.len == 0 || (!anchored && br.len < 2))
			break;
		lit_alt(l, nd, anchored, br.p, br.len);
		if (!anchored && br.len < 3)
			l->rank = RANK_SHORT;
		buf_reset(&br);
		if (pat[i++] == ')') {
			/* the group must not be optional */
			ok = i >= n || !strchr("?*{", pat[i]);
			break;
		}
	}
	buf_free(&br);
	if (ok && l->n > 1) {
		ls->v = xreallocarray(ls->v, size_add(ls->n, 1), sizeof *ls->v);
		ls->v[ls->n++] = *l;
		l->n = 0;
		l->alt = NULL;
	}
	lits_truncate(&one, 0);
	free(one.v);
}

/* All values of an "in" list as alternatives, when each could be. */
static void in_literals(const struct node *nd, struct lits *ls)
{
	if (nd->nlist > MAX_ALTS)
		return;
	for (size_t i = 0; i < nd->nlist; i++) {
		const struct constant *c = &nd->list[i];
		if (c->isnum || c->istime || !value_is_bare(c->s, c->n))
			return;
	}
	struct lit *l = lits_new(ls, RANK_VALUE);
	for (size_t i = 0; i < nd->nlist; i++)
		lit_alt(l, nd, true, nd->list[i].s, nd->list[i].n);
}

static int lit_order(const void *x, const void *y)
{
	const struct lit *a = x, *b = y;
	if (a->rank != b->rank)
		return b->rank - a->rank;
	if (a->n != b->n)
		return (a->n > b->n) - (a->n < b->n);
	return (b->alt[0].lit.n > a->alt[0].lit.n) - (b->alt[0].lit.n < a->alt[0].lit.n);
}

static void node_literals(const struct node *nd, struct lits *ls);

/* The best literal of an OR's sides, joined: a line matching either side
 * holds one of the alternatives. */
static void or_literals(const struct node *nd, struct lits *ls)
{
	struct lits a = {NULL, 0}, b = {NULL, 0};
	node_literals(nd->a, &a);
	node_literals(nd->b, &b);
	if (a.n && b.n) {
		qsort(a.v, a.n, sizeof *a.v, lit_order);
		qsort(b.v, b.n, sizeof *b.v, lit_order);
		if (a.v[0].n + b.v[0].n <= MAX_ALTS) {
			struct lit *l = lits_new(ls, a.v[0].rank < b.v[0].rank
						 ? a.v[0].rank : b.v[0].rank);
			l->n = a.v[0].n + b.v[0].n;
			l->alt = xreallocarray(NULL, l->n, sizeof *l->alt);
			memcpy(l->alt, a.v[0].alt, a.v[0].n * sizeof *l->alt);
			memcpy(l->alt + a.v[0].n, b.v[0].alt, b.v[0].n * sizeof *l->alt);
			free(a.v[0].alt);
			free(b.v[0].alt);
			a.v[0].n = b.v[0].n = 0;
			a.v[0].alt = b.v[0].alt = NULL;
		}
	}
	lits_truncate(&a, 0);
	lits_truncate(&b, 0);
	free(a.v);
	free(b.v);
}

/* The literals of one node: for an AND, those of both sides. */
static void node_literals(const struct node *nd, struct lits *ls)
{
	switch (nd->kind) {
	case N_AND:
		node_literals(nd->a, ls);
		node_literals(nd->b, ls);
		return;
	case N_OR:
		or_literals(nd, ls);
		return;
	case N_CMP:
		if (nd->op == OP_NE)
			return;
		if (nd->op == OP_EQ && !nd->c.isnum && !nd->c.istime &&
		    value_is_bare(nd->c.s, nd->c.n))
			lits_add(ls, nd, true, nd->c.s, nd->c.n, RANK_VALUE);
		break;
	case N_MATCH:
		if (nd->negate)
			return;
		regex_literals(nd, ls);
		regex_alternation(nd, ls);
		break;
	case N_IN:
		in_literals(nd, ls);
		break;
	case N_HAS:
	case N_TIME:
	case N_ITEM: /* the item may be anywhere in the value */
		break;
	default:
		return;
	}
	/* Any test that needs the key present needs "key=" in the line. */
	lits_add(ls, nd, true, NULL, 0, RANK_KEY);
}

void expr_literals_update(struct expr *e)
{
	lits_truncate(&e->lits, 0);
	if (e->root)
		node_literals(e->root, &e->lits);
	if (e->lits.n > 1)
		qsort(e->lits.v, e->lits.n, sizeof *e->lits.v, lit_order);
}

size_t expr_literal_count(const struct expr *e)
{
	return e ? e->lits.n : 0;
}

size_t expr_literal_alts(const struct expr *e, size_t i)
{
	return e && i < e->lits.n ? e->lits.v[i].n : 0;
}

struct expr_literal expr_literal_at(const struct expr *e, size_t i, size_t j)
{
	struct expr_literal l = {{NULL, 0}, {NULL, 0}};
	if (e && i < e->lits.n && j < e->lits.v[i].n)
		l = e->lits.v[i].alt[j];
	return l;
}

/* The best literal that stands alone. */
static const struct expr_literal *single_literal(const struct expr *e)
{
	for (size_t i = 0; e && i < e->lits.n; i++)
		if (e->lits.v[i].n == 1)
			return &e->lits.v[i].alt[0];
	return NULL;
}

struct slice expr_required_literal(const struct expr *e)
{
	const struct expr_literal *l = single_literal(e);
	return l ? l->lit : slice_of(NULL, 0);
}

struct slice expr_literal_key(const struct expr *e)
{
	const struct expr_literal *l = single_literal(e);
	return l ? l->key : slice_of(NULL, 0);
}

/* The key of every test under n in *key, or false when there are two. */
static bool one_key(const struct node *n, const struct node **key)
{
	switch (n->kind) {
	case N_OR:
	case N_AND:
		return one_key(n->a, key) && one_key(n->b, key);
	case N_NOT:
		return one_key(n->a, key);
	default:
		if (*key && ((*key)->klen != n->klen ||
			     memcmp((*key)->key, n->key, n->klen) != 0))
			return false;
		*key = n;
		return true;
	}
}

struct slice expr_single_key(const struct expr *e)
{
	const struct node *k = NULL;
	if (!e || !e->root || !one_key(e->root, &k) || !k)
		return slice_of(NULL, 0);
	return slice_of(k->key, k->klen);
}

void expr_literals_free(struct expr *e)
{
	lits_truncate(&e->lits, 0);
	free(e->lits.v);
	e->lits.v = NULL;
}
