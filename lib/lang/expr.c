/* expr.c - the condition language: tokenizer, recursive-descent parser
 * to a tree, evaluation on a record, and the literal for a prefilter.
 *
 *     or   := and { ("or" | "||") and }
 *     and  := not { ("and" | "&&") not }
 *     not  := ("not" | "!") not | prim
 *     prim := "(" or ")" | ("has" | "missing") "(" KEY ")"
 *           | KEY CMP VALUE | KEY ("~" | "!~") PATTERN
 *           | KEY "in" "(" VALUE { "," VALUE } ")" | KEY "has" VALUE
 *     CMP := == != < <= > >=     VALUE := WORD | 'STRING' | "STRING"
 *     PATTERN := /PCRE2/FLAGS | 'STRING' | "STRING"     FLAGS: i x s
 */
#include "lang/expr.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/ascii.h"
#include "base/err.h"
#include "base/num.h"
#include "lang/regex.h"
#include "time/timefmt.h"
#include "base/xmalloc.h"

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
 * must contain; rank orders them by how telling they are likely to be. */
enum { RANK_SHORT = 1, RANK_KEY = 2, RANK_VALUE = 3 };
enum { MAX_ALTS = 8 };
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

/* ---- constants ---- */

static void const_init(struct constant *c, const char *s, size_t n)
{
	c->s = xmemdup(s, n);
	c->n = n;
	c->isnum = num_parse(s, n, &c->num);
	c->istime = !c->isnum && time_parse_rfc3339(s, n, &c->t) == TIME_OK;
}

static void node_free(struct node *n)
{
	if (!n)
		return;
	node_free(n->a);
	node_free(n->b);
	free(n->key);
	free(n->c.s);
	for (size_t i = 0; i < n->nlist; i++)
		free(n->list[i].s);
	free(n->list);
	regex_free(n->re);
	free(n);
}

static struct node *new_node(enum node_kind kind)
{
	struct node *n = xcalloc(1, sizeof *n);
	n->kind = kind;
	return n;
}

static struct node *new_binary(enum node_kind kind, struct node *a,
			       struct node *b)
{
	struct node *n = new_node(kind);
	n->a = a;
	n->b = b;
	return n;
}

/* ---- tokens ---- */

enum tok {
	T_END, T_WORD, T_STRING, T_LPAREN, T_RPAREN, T_COMMA,
	T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_MATCH, T_NMATCH,
	T_NOT, T_AND, T_OR, T_ASSIGN, T_BAD
};

struct token {
	enum tok t;
	size_t col, len;	/* where in the source */
	const char *p;		/* T_WORD: the word */
};

struct parser {
	const char *src;
	size_t pos;
	struct token tok;	/* the current token, starting at tok.col */
	struct buf str;		/* T_STRING: the decoded string */
	struct expr_error *err;
	bool failed;
	int depth;		/* of parentheses and nots */
	int tests;		/* so far */
};

/* Bounds that keep the recursion of parsing and evaluation shallow. */
enum { MAX_DEPTH = 256, MAX_TESTS = 4096 };

/* Bytes that end a bare word: blanks and the operator characters. */
static bool ends_word(char c)
{
	return c == '\0' || ascii_is_space(c) || strchr("()=!<>~'\",&|", c) != NULL;
}

static bool fail_at(struct parser *ps, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail_at(struct parser *ps, size_t col, const char *fmt, ...)
{
	if (ps->failed)
		return false;
	ps->failed = true;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ps->err->msg, sizeof ps->err->msg, fmt, ap);
	va_end(ap);
	ps->err->col = col;
	return false;
}

/* Decode a quoted string starting at src[i] (the quote) into ps->str;
 * the position after the closing quote, or 0 on error. Known escapes are
 * \\ \" \' \n \t \r; any other backslash is kept, so that "\d+" reaches
 * PCRE2 as written. */
static size_t lex_string(struct parser *ps, size_t i)
{
	const char *s = ps->src;
	char q = s[i];
	size_t start = i++;
	buf_reset(&ps->str);
	for (;;) {
		char c = s[i];
		if (c == '\0') {
			fail_at(ps, start, "unterminated string (no closing %c)", q);
			return 0;
		}
		if (c == q)
			return i + 1;
		if (c == '\\' && s[i + 1]) {
			char e = s[i + 1];
			const char *from = "\\\"'ntr", *to = "\\\"'\n\t\r";
			const char *k = strchr(from, e);
			if (k) {
				buf_addc(&ps->str, to[k - from]);
			} else {
				buf_addc(&ps->str, '\\');
				buf_addc(&ps->str, e);
			}
			i += 2;
			continue;
		}
		buf_addc(&ps->str, c);
		i++;
	}
}

static void next(struct parser *ps)
{
	const char *s = ps->src;
	size_t i = ps->pos;
	while (ascii_is_space(s[i]))
		i++;
	struct token *t = &ps->tok;
	t->col = i;
	t->p = s + i;
	char c = s[i], d = c ? s[i + 1] : '\0';
	size_t len = 1;
	switch (c) {
	case '\0': t->t = T_END; len = 0; break;
	case '(': t->t = T_LPAREN; break;
	case ')': t->t = T_RPAREN; break;
	case ',': t->t = T_COMMA; break;
	case '~': t->t = T_MATCH; break;
	case '=': t->t = d == '=' ? T_EQ : T_ASSIGN; len = d == '=' ? 2 : 1; break;
	case '!':
		t->t = d == '=' ? T_NE : d == '~' ? T_NMATCH : T_NOT;
		len = t->t == T_NOT ? 1 : 2;
		break;
	case '<': t->t = d == '=' ? T_LE : T_LT; len = d == '=' ? 2 : 1; break;
	case '>': t->t = d == '=' ? T_GE : T_GT; len = d == '=' ? 2 : 1; break;
	case '&':
	case '|':
		/* A lone & or | can never be parsed: say so now. */
		t->t = d == c ? (c == '&' ? T_AND : T_OR) : T_BAD;
		len = d == c ? 2 : 1;
		if (t->t == T_BAD)
			fail_at(ps, i, c == '&' ? "expected '&&'" : "expected '||'");
		break;
	case '"':
	case '\'': {
		size_t end = lex_string(ps, i);
		t->t = end ? T_STRING : T_BAD;
		len = end ? end - i : 1;
		break;
	}
	default:
		t->t = T_WORD;
		len = 0;
		while (!ends_word(s[i + len]))
			len++;
	}
	t->len = len;
	ps->pos = i + len;
}

static bool is_word(const struct parser *ps, const char *w)
{
	return ps->tok.t == T_WORD && ps->tok.len == strlen(w) &&
	       memcmp(ps->tok.p, w, ps->tok.len) == 0;
}

/* The first byte after the current token that is not blank. */
static char peek_char(const struct parser *ps)
{
	size_t i = ps->pos;
	while (ascii_is_space(ps->src[i]))
		i++;
	return ps->src[i];
}

/* ---- parser ---- */

static struct node *parse_or(struct parser *ps);

static bool take_key(struct parser *ps, struct node *n)
{
	if (ps->tok.t != T_WORD)
		return fail_at(ps, ps->tok.col, "expected a key");
	if (!key_is_valid(ps->tok.p, ps->tok.len))
		return fail_at(ps, ps->tok.col,
			       "invalid key (keys are [a-z_][a-z0-9_]*, at most %d bytes)",
			       RECORD_KEY_MAX);
	n->key = xmemdup(ps->tok.p, ps->tok.len);
	n->klen = ps->tok.len;
	next(ps);
	return true;
}

static bool expect(struct parser *ps, enum tok t, const char *what)
{
	if (ps->tok.t != t)
		return fail_at(ps, ps->tok.col, "expected %s", what);
	next(ps);
	return true;
}

/* A value: a bare word or a quoted string. */
static bool take_value(struct parser *ps, struct constant *c, const char *after)
{
	if (ps->tok.t == T_WORD)
		const_init(c, ps->tok.p, ps->tok.len);
	else if (ps->tok.t == T_STRING)
		const_init(c, ps->str.p ? ps->str.p : "", ps->str.len);
	else if (ps->tok.t == T_BAD)
		return false; /* the lexer said why */
	else
		return fail_at(ps, ps->tok.col, "expected a value after %s", after);
	next(ps);
	return true;
}

static struct node *parse_has(struct parser *ps, enum node_kind kind)
{
	const char *name = kind == N_HAS ? "has" : "missing";
	struct node *n = new_node(kind);
	next(ps); /* the name */
	char what[32];
	snprintf(what, sizeof what, "'(' after '%s'", name);
	if (!expect(ps, T_LPAREN, what) || !take_key(ps, n) ||
	    !expect(ps, T_RPAREN, "')' after the key")) {
		node_free(n);
		return NULL;
	}
	return n;
}

static struct node *parse_in(struct parser *ps, struct node *n)
{
	n->kind = N_IN;
	next(ps); /* "in" */
	if (!expect(ps, T_LPAREN, "'(' after 'in'"))
		goto bad;
	for (;;) {
		n->list = xreallocarray(n->list, size_add(n->nlist, 1), sizeof *n->list);
		if (!take_value(ps, &n->list[n->nlist], "'(' or ','"))
			goto bad;
		n->nlist++;
		if (ps->tok.t == T_RPAREN)
			break;
		if (!expect(ps, T_COMMA, "',' or ')' in the list"))
			goto bad;
	}
	next(ps);
	return n;
bad:
	node_free(n);
	return NULL;
}

/* Compile a pattern for n; regex errors point into the source at col. */
static bool compile_regex(struct parser *ps, struct node *n, const char *pat,
			  size_t len, unsigned flags, size_t col)
{
	struct regex_error rerr;
	n->re = regex_compile(pat, len, flags, &rerr);
	if (!n->re)
		return fail_at(ps, col + (rerr.offset < len ? rerr.offset : len),
			       "invalid regex: %s (at offset %zu)", rerr.msg,
			       rerr.offset);
	n->c.s = xmemdup(pat, len);
	n->c.n = len;
	return true;
}

/* /PATTERN/FLAGS, verbatim between the slashes (\/ stays \/, which PCRE2
 * reads as /), or a quoted string. */
static bool parse_pattern(struct parser *ps, struct node *n, const char *op)
{
	const char *s = ps->src;
	if (ps->tok.t == T_STRING) {
		bool ok = compile_regex(ps, n, ps->str.p ? ps->str.p : "",
					ps->str.len, 0, ps->tok.col + 1);
		next(ps);
		return ok;
	}
	if (ps->tok.t != T_WORD || ps->tok.p[0] != '/')
		return ps->tok.t == T_BAD ? false :
			fail_at(ps, ps->tok.col,
				"expected /PATTERN/ or a quoted pattern after '%s'", op);
	/* Re-scan from the slash: a pattern may hold any byte. */
	size_t start = ps->tok.col + 1, i = start;
	while (s[i] && s[i] != '/') {
		if (s[i] == '\\' && s[i + 1])
			i++;
		i++;
	}
	if (!s[i])
		return fail_at(ps, ps->tok.col, "unterminated /PATTERN/ (no closing /)");
	size_t end = i++;
	unsigned flags = 0;
	for (; s[i] && !ends_word(s[i]); i++) {
		switch (s[i]) {
		case 'i': flags |= REGEX_CASELESS; break;
		case 'x': flags |= REGEX_EXTENDED; break;
		case 's': flags |= REGEX_DOTALL; break;
		default:
			return fail_at(ps, i, "unknown regex flag '%c' (flags are i, x, s)",
				       s[i]);
		}
	}
	ps->pos = i;
	if (!compile_regex(ps, n, s + start, end - start, flags, start))
		return false;
	n->flags = flags;
	next(ps);
	return true;
}

static const struct {
	enum tok t;
	enum cmp_op op;
} cmp_tokens[] = {
	{T_EQ, OP_EQ}, {T_NE, OP_NE}, {T_LT, OP_LT},
	{T_LE, OP_LE}, {T_GT, OP_GT}, {T_GE, OP_GE},
};

/* KEY followed by an operator. */
static struct node *parse_test(struct parser *ps)
{
	if (++ps->tests > MAX_TESTS) {
		fail_at(ps, ps->tok.col, "more than %d tests in one expression",
			MAX_TESTS);
		return NULL;
	}
	struct node *n = new_node(N_CMP);
	if (!take_key(ps, n))
		goto bad;
	if (is_word(ps, "in"))
		return parse_in(ps, n);
	if (is_word(ps, "has")) {
		n->kind = N_ITEM;
		next(ps);
		if (!take_value(ps, &n->c, "'has'"))
			goto bad;
		return n;
	}
	for (size_t i = 0; i < sizeof cmp_tokens / sizeof cmp_tokens[0]; i++) {
		if (ps->tok.t != cmp_tokens[i].t)
			continue;
		char opname[3] = {0};
		memcpy(opname, ps->tok.p, ps->tok.len < 2 ? ps->tok.len : 2);
		n->op = cmp_tokens[i].op;
		next(ps);
		char after[8];
		snprintf(after, sizeof after, "'%s'", opname);
		if (!take_value(ps, &n->c, after))
			goto bad;
		return n;
	}
	if (ps->tok.t == T_MATCH || ps->tok.t == T_NMATCH) {
		n->kind = N_MATCH;
		n->negate = ps->tok.t == T_NMATCH;
		next(ps);
		if (!parse_pattern(ps, n, n->negate ? "!~" : "~"))
			goto bad;
		return n;
	}
	if (ps->tok.t == T_ASSIGN)
		fail_at(ps, ps->tok.col, "'=' is not an operator (did you mean '=='?)");
	else
		fail_at(ps, ps->tok.col,
			"expected an operator (== != < <= > >= ~ !~ in has) after the key");
bad:
	node_free(n);
	return NULL;
}

static bool starts_comparison(char c)
{
	return c == '=' || c == '!' || c == '<' || c == '>' || c == '~';
}

static struct node *parse_not(struct parser *ps)
{
	bool word_not = is_word(ps, "not") && !starts_comparison(peek_char(ps));
	bool nested = ps->tok.t == T_NOT || word_not || ps->tok.t == T_LPAREN;
	if (nested && ps->depth >= MAX_DEPTH) {
		fail_at(ps, ps->tok.col, "more than %d levels of 'not' and '('",
			MAX_DEPTH);
		return NULL;
	}
	if (ps->tok.t == T_NOT || word_not) {
		next(ps);
		ps->depth++;
		struct node *a = parse_not(ps);
		ps->depth--;
		return a ? new_binary(N_NOT, a, NULL) : NULL;
	}
	if (ps->tok.t == T_LPAREN) {
		size_t col = ps->tok.col;
		next(ps);
		ps->depth++;
		struct node *n = parse_or(ps);
		ps->depth--;
		if (n && ps->tok.t != T_RPAREN) {
			fail_at(ps, ps->tok.col,
				"expected ')' to close the '(' at column %zu", col + 1);
			node_free(n);
			return NULL;
		}
		next(ps);
		return n;
	}
	if ((is_word(ps, "has") || is_word(ps, "missing")) && peek_char(ps) == '(') {
		if (++ps->tests > MAX_TESTS) {
			fail_at(ps, ps->tok.col, "more than %d tests in one expression",
				MAX_TESTS);
			return NULL;
		}
		return parse_has(ps, is_word(ps, "has") ? N_HAS : N_MISSING);
	}
	if (ps->tok.t == T_WORD)
		return parse_test(ps);
	if (ps->tok.t != T_BAD)
		fail_at(ps, ps->tok.col, ps->tok.t == T_END
			? "expected a condition (KEY == VALUE, has(KEY), ...)"
			: "expected a key, 'not', 'has(', 'missing(' or '('");
	return NULL;
}

/* T_BAD tokens: the lexer has already said what is wrong. */
static bool bad_token(const struct parser *ps)
{
	return ps->tok.t == T_BAD;
}

static struct node *parse_and(struct parser *ps)
{
	struct node *n = parse_not(ps);
	while (n && (ps->tok.t == T_AND || is_word(ps, "and"))) {
		next(ps);
		struct node *b = parse_not(ps);
		if (!b) {
			node_free(n);
			return NULL;
		}
		n = new_binary(N_AND, n, b);
	}
	if (n && bad_token(ps)) {
		node_free(n);
		return NULL;
	}
	return n;
}

static struct node *parse_or(struct parser *ps)
{
	struct node *n = parse_and(ps);
	while (n && (ps->tok.t == T_OR || is_word(ps, "or"))) {
		next(ps);
		struct node *b = parse_and(ps);
		if (!b) {
			node_free(n);
			return NULL;
		}
		n = new_binary(N_OR, n, b);
	}
	return n;
}

/* ---- the prefilter literal ---- */

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

static void update_literals(struct expr *e)
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

/* ---- building ---- */

static struct expr *expr_new(struct node *root)
{
	struct expr *e = xcalloc(1, sizeof *e);
	e->root = root;
	update_literals(e);
	return e;
}

struct expr *expr_compile(const char *src, struct expr_error *err)
{
	struct parser ps = {0};
	ps.src = src;
	ps.err = err;
	next(&ps);
	struct node *root = parse_or(&ps);
	if (root && ps.tok.t != T_END) {
		if (ps.tok.t == T_ASSIGN)
			fail_at(&ps, ps.tok.col, "'=' is not an operator (did you mean '=='?)");
		else if (!bad_token(&ps))
			fail_at(&ps, ps.tok.col,
				"expected 'and', 'or' or the end of the expression");
		node_free(root);
		root = NULL;
	}
	buf_free(&ps.str);
	if (!root && !ps.failed) /* every failure should have said why */
		fail_at(&ps, ps.tok.col, "syntax error");
	if (!root)
		return NULL;
	return expr_new(root);
}

struct expr *expr_and(struct expr *a, struct expr *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	struct node *root = new_binary(N_AND, a->root, b->root);
	a->root = b->root = NULL;
	expr_free(a);
	expr_free(b);
	return expr_new(root);
}

static bool bad_key(const char *key, struct expr_error *err)
{
	if (key_is_valid(key, strlen(key)))
		return false;
	snprintf(err->msg, sizeof err->msg,
		 "invalid key (keys are [a-z_][a-z0-9_]*, at most %d bytes)",
		 RECORD_KEY_MAX);
	err->col = 0;
	return true;
}

struct expr *expr_test(const char *key, const char *op, const char *val,
		       size_t vlen, struct expr_error *err)
{
	if (bad_key(key, err))
		return NULL;
	struct node *n = new_node(N_CMP);
	n->key = xstrdup(key);
	n->klen = strlen(key);
	static const char *const ops[] = {"==", "!=", "<", "<=", ">", ">="};
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		if (strcmp(op, ops[i]) == 0) {
			n->op = (enum cmp_op)i;
			const_init(&n->c, val, vlen);
			return expr_new(n);
		}
	}
	if (strcmp(op, "has") == 0) {
		n->kind = N_HAS;
		return expr_new(n);
	}
	if (strcmp(op, "~") == 0) {
		n->kind = N_MATCH;
		struct parser ps = {0};
		ps.err = err;
		if (compile_regex(&ps, n, val, vlen, 0, 0))
			return expr_new(n);
	} else {
		snprintf(err->msg, sizeof err->msg, "unknown operator '%s'", op);
		err->col = 0;
	}
	node_free(n);
	return NULL;
}

struct expr *expr_time(const char *key, const char *op, int64_t t)
{
	struct expr_error err;
	if (bad_key(key, &err))
		return NULL;
	enum cmp_op o;
	if (strcmp(op, ">=") == 0)
		o = OP_GE;
	else if (strcmp(op, "<") == 0)
		o = OP_LT;
	else
		return NULL;
	struct node *n = new_node(N_TIME);
	n->key = xstrdup(key);
	n->klen = strlen(key);
	n->op = o;
	n->c.t = t;
	n->c.istime = true;
	return expr_new(n);
}

/* ---- evaluation ---- */

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

/* ---- reporting ---- */

void expr_report(const char *src, const struct expr_error *err)
{
	size_t len = strlen(src), col = err->col < len ? err->col : len;
	/* Show the line of a multi-line expression that holds the column. */
	size_t start = col, end = col;
	while (start > 0 && src[start - 1] != '\n')
		start--;
	while (end < len && src[end] != '\n')
		end++;
	fflush(stdout);
	fprintf(stderr, "%s: expression, column %zu: %s\n  %.*s\n  ", prog_name,
		col - start + 1, err->msg, (int)(end - start), src + start);
	for (size_t i = start; i < col; i++) {
		unsigned char c = (unsigned char)src[i];
		if (c == '\t')
			fputc('\t', stderr);
		else if ((c & 0xc0) != 0x80)
			fputc(' ', stderr); /* one column per character */
	}
	fputs("^\n", stderr);
}

void expr_free(struct expr *e)
{
	if (!e)
		return;
	node_free(e->root);
	buf_free(&e->scratch);
	lits_truncate(&e->lits, 0);
	free(e->lits.v);
	free(e);
}
