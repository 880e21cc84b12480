/* expr.c - the condition language compiled: tokenizer, recursive-descent
 * parser to a tree, building, error reports. Evaluation is in expr_eval.c,
 * the literals for a prefilter in expr_literal.c.
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
#include "lang/expr_impl.h"
#include "lang/regex.h"
#include "time/timefmt.h"
#include "base/xmalloc.h"

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

/* ---- building ---- */

static struct expr *expr_new(struct node *root)
{
	struct expr *e = xcalloc(1, sizeof *e);
	e->root = root;
	expr_literals_update(e);
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

struct expr *expr_compile_or_exit(const char *src)
{
	struct expr_error err;
	struct expr *e = expr_compile(src, &err);
	if (!e) {
		expr_report(src, &err);
		exit(EXIT_TROUBLE);
	}
	return e;
}

void expr_free(struct expr *e)
{
	if (!e)
		return;
	node_free(e->root);
	buf_free(&e->scratch);
	expr_literals_free(e);
	free(e);
}
