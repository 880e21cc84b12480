/* csv.c - RFC 4180 CSV and escaped TSV, line by line, split in place. */
#include "parse/csv.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/input.h"
#include "parse/keyname.h"
#include "base/swar.h"
#include "base/xmalloc.h"

/* States of the quote scanner, which only decides whether a record is
 * complete at the end of a line; the cells are split afterwards. */
enum { S_START, S_BARE, S_QUOTED, S_QUOTE_SEEN, S_DONE };

void csv_init(struct csv *c, const struct csv_opts *o)
{
	memset(c, 0, sizeof *c);
	c->o = *o;
	c->keep_col = SIZE_MAX;
}

void csv_free(struct csv *c)
{
	free(c->names);
	free(c->nlen);
	buf_free(&c->join);
}

/* The column of o.keep_key, once the names are known. */
static void find_keep_col(struct csv *c)
{
	c->keep_col = SIZE_MAX;
	size_t kn = c->o.keep_key ? strlen(c->o.keep_key) : 0;
	for (size_t i = 0; kn && i < c->ncols; i++)
		if (c->nlen[i] == kn && memcmp(c->names[i], c->o.keep_key, kn) == 0) {
			c->keep_col = i;
			return;
		}
}

void csv_start(struct csv *c)
{
	c->have_header = false;
	c->ncols = 0;
	c->pending = false;
	buf_reset(&c->join);
}

char csv_sniff_delimiter(const char *s, size_t n)
{
	static const char cand[] = {',', ';', '\t', '|'};
	size_t count[4] = {0};
	bool quoted = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted)
			for (int k = 0; k < 4; k++)
				count[k] += s[i] == cand[k];
	}
	int best = 0;
	for (int k = 1; k < 4; k++)
		if (count[k] > count[best])
			best = k;
	return cand[best];
}

/* Run the quote scanner over s[0..n) from state st; returns the state at
 * the end. S_DONE means a malformed quote: the splitter will say where. */
static int scan_quotes(const char *s, size_t n, int st, char delim)
{
	size_t i = 0;
	while (i < n && st != S_DONE) {
		char ch = s[i];
		switch (st) {
		case S_START:
			st = ch == '"' ? S_QUOTED : ch == delim ? S_START : S_BARE;
			i++;
			break;
		case S_BARE: {
			/* jump to the next delimiter or quote */
			while (i < n && s[i] != delim && s[i] != '"')
				i++;
			if (i < n)
				st = s[i] == '"' ? S_DONE : S_START;
			i++;
			break;
		}
		case S_QUOTED: {
			const char *q = memchr(s + i, '"', n - i);
			if (!q)
				return S_QUOTED;
			i = (size_t)(q - s) + 1;
			st = S_QUOTE_SEEN;
			break;
		}
		case S_QUOTE_SEEN:
			st = ch == '"' ? S_QUOTED : ch == delim ? S_START : S_DONE;
			i++;
			break;
		}
	}
	return st;
}

/* Turn an offset in a record that may span lines into a message naming
 * the line and column (the record is reported at its first line). */
static enum csv_status reject_at(struct csv *c, struct csv_result *res,
				 const char *what, const char *s, size_t off)
{
	size_t lines = 0, bol = 0;
	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n')
			lines++, bol = i + 1;
	if (lines == 0) {
		snprintf(c->why, sizeof c->why, "%s", what);
		res->col = off;
	} else {
		snprintf(c->why, sizeof c->why, "%s (line %llu, column %zu)", what,
			 (unsigned long long)(res->line + lines), off - bol + 1);
		res->col = (size_t)-1;
	}
	res->why = c->why;
	return CSV_REJECT;
}

/* A quoted cell's value without its doubled quotes, in the arena. */
static struct slice undouble(struct pairs *out, const char *p, size_t n)
{
	char *d = arena_reserve(out, n ? n : 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		d[k++] = p[i];
		if (p[i] == '"')
			i++; /* the second of the pair */
	}
	arena_commit(out, k);
	return slice_of(d, k);
}

/* The value of a TSV cell with its escapes decoded. */
static struct slice tsv_value(struct pairs *out, const char *p, size_t n)
{
	if (!memchr(p, '\\', n))
		return slice_of(p, n);
	char *d = arena_reserve(out, n);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = p[i];
		if (ch == '\\' && i + 1 < n) {
			char e = p[i + 1];
			char v = e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r'
				: e == '\\' ? '\\' : 0;
			if (v) {
				ch = v;
				i++;
			}
		}
		d[k++] = ch;
	}
	arena_commit(out, k);
	return slice_of(d, k);
}

/* The common record: ASCII, no quote, no NUL. Splits it in one pass, a
 * word at a time; false (nothing added) when the record needs the general
 * path. */
static bool split_plain(const struct csv *c, const char *s, size_t n,
			struct pairs *out, size_t *ncells)
{
	const char delim = c->o.delim;
	/* the cells are named as they are split: a record with another
	 * number of cells than the header is rejected whole anyway */
	size_t k = 0, named = c->have_header || c->o.no_header ? c->ncols : 0;
	bool skip = c->o.skip_empty && named;
#define CELL(p, len) do { \
		if ((len) || !skip || k == c->keep_col) \
			pairs_add(out, k < named ? c->names[k] : NULL, \
				  k < named ? c->nlen[k] : 0, (p), (len)); \
		k++; \
	} while (0)
	size_t i = 0, start = 0, first = out->n;
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), nul = _mm_setzero_si128();
	const __m128i cut = _mm_set1_epi8(delim);
	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* high bits: a byte >= 0x80, a quote or a NUL */
		__m128i bad = _mm_or_si128(v, _mm_or_si128(_mm_cmpeq_epi8(v, quote),
							   _mm_cmpeq_epi8(v, nul)));
		if (_mm_movemask_epi8(bad)) {
			out->n = first;
			return false;
		}
		unsigned d = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, cut));
		for (; d; d &= d - 1) {
			size_t at = i + (size_t)__builtin_ctz(d);
			CELL(s + start, at - start);
			start = at + 1;
		}
	}
#endif
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if ((w & SWAR_HIGH) | swar_eq(w, '"') | swar_eq(w, 0)) {
			out->n = first;
			return false;
		}
		for (uint64_t d = swar_eq(w, (unsigned char)delim); d; d &= d - 1) {
			size_t at = i + (size_t)(__builtin_ctzll(d) >> 3);
			CELL(s + start, at - start);
			start = at + 1;
		}
	}
	for (; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch >= 0x80 || ch == '"' || ch == 0) {
			out->n = first;
			return false;
		}
		if (ch == (unsigned char)delim) {
			CELL(s + start, i - start);
			start = i + 1;
		}
	}
	CELL(s + start, n - start);
	*ncells = k;
	return true;
#undef CELL
}

/* Split a complete record s[0..n) into cells, appended to out as values
 * with NULL keys (named by the caller). Returns false after filling res. */
static bool split(struct csv *c, const char *s, size_t n, struct pairs *out,
		  struct csv_result *res, enum csv_status *st)
{
	char delim = c->o.delim;
	if (c->o.tsv) {
		size_t i = 0;
		for (;;) {
			const char *d = memchr(s + i, '\t', n - i);
			size_t end = d ? (size_t)(d - s) : n;
			struct slice v = tsv_value(out, s + i, end - i);
			pairs_add(out, NULL, 0, v.p, v.n);
			if (!d)
				return true;
			i = end + 1;
		}
	}
	bool any_quote = memchr(s, '"', n) != NULL;
	size_t i = 0;
	for (;;) {
		if (i < n && s[i] == '"') {
			size_t start = ++i;
			bool doubled = false;
			for (;;) {
				const char *q = memchr(s + i, '"', n - i);
				if (!q) {
					*st = reject_at(c, res, "unterminated quoted cell",
							s, start - 1);
					return false;
				}
				i = (size_t)(q - s) + 1;
				if (i < n && s[i] == '"') {
					doubled = true;
					i++;
					continue;
				}
				break;
			}
			size_t len = i - 1 - start;
			struct slice v = doubled ? undouble(out, s + start, len)
						 : slice_of(s + start, len);
			pairs_add(out, NULL, 0, v.p, v.n);
			if (i == n)
				return true;
			if (s[i] != delim) {
				*st = reject_at(c, res, "text after the closing quote of a cell",
						s, i);
				return false;
			}
			i++;
			continue;
		}
		const char *d = memchr(s + i, delim, n - i);
		size_t end = d ? (size_t)(d - s) : n;
		if (any_quote) {
			const char *q = memchr(s + i, '"', end - i);
			if (q) {
				*st = reject_at(c, res, "quote inside an unquoted cell",
						s, (size_t)(q - s));
				return false;
			}
		}
		pairs_add(out, NULL, 0, s + i, end - i);
		if (!d)
			return true;
		i = end + 1;
	}
}

static void grow_names(struct csv *c, size_t n)
{
	if (n <= c->names_cap)
		return;
	c->names = xreallocarray(c->names, n, sizeof *c->names);
	c->nlen = xreallocarray(c->nlen, n, sizeof *c->nlen);
	c->names_cap = n;
}

/* The names given so far, hashed, and per base name the next suffix to
 * try: checking each candidate against every earlier column made a
 * header of n equal names cost n^3 (minutes for a few thousand). */
struct name_index {
	uint32_t *col;		/* slot: column + 1 of a name given, or 0 */
	uint32_t *base;		/* slot: entry + 1 in next, or 0 */
	struct base_next {
		char k[RECORD_KEY_MAX];
		uint8_t kn;
		unsigned long long nr;
	} *next;
	size_t nnext, mask;
};

static size_t name_hash(const char *k, size_t kn)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < kn; i++)
		h = (h ^ (unsigned char)k[i]) * 16777619u;
	return h;
}

static void index_init(struct name_index *x, size_t ncols)
{
	size_t slots = 16;
	while (slots < ncols * 2)
		slots = size_mul(slots, 2);
	x->col = xcalloc(slots, sizeof *x->col);
	x->base = xcalloc(slots, sizeof *x->base);
	x->next = xcalloc(ncols ? ncols : 1, sizeof *x->next);
	x->nnext = 0;
	x->mask = slots - 1;
}

static void index_free(struct name_index *x)
{
	free(x->col);
	free(x->base);
	free(x->next);
}

/* The slot of name k among the names given, or of the empty slot where
 * it would go. */
static uint32_t *col_slot(const struct csv *c, struct name_index *x,
			  const char *k, size_t kn)
{
	size_t h = name_hash(k, kn) & x->mask;
	for (; x->col[h]; h = (h + 1) & x->mask) {
		size_t j = x->col[h] - 1;
		if (c->nlen[j] == kn && memcmp(c->names[j], k, kn) == 0)
			break;
	}
	return &x->col[h];
}

/* The next suffix number to try for base name k (2 at first). Every
 * smaller one was found taken, and names are never given back. */
static unsigned long long *next_suffix(struct name_index *x, const char *k,
				       size_t kn)
{
	size_t h = name_hash(k, kn) & x->mask;
	for (; x->base[h]; h = (h + 1) & x->mask) {
		struct base_next *b = &x->next[x->base[h] - 1];
		if (b->kn == kn && memcmp(b->k, k, kn) == 0)
			return &b->nr;
	}
	struct base_next *b = &x->next[x->nnext++];
	memcpy(b->k, k, kn);
	b->kn = (uint8_t)kn;
	b->nr = 2;
	x->base[h] = (uint32_t)x->nnext;
	return &b->nr;
}

/* Column i's name: k, or k_2, k_3, ... if k is taken by an earlier one. */
static void set_unique_name(struct csv *c, struct name_index *x, size_t i,
			    const char *k, size_t kn)
{
	char cand[RECORD_KEY_MAX + 24];
	size_t cn = kn;
	memcpy(cand, k, kn);
	uint32_t *slot = col_slot(c, x, cand, cn);
	if (*slot) {
		unsigned long long *nr = next_suffix(x, k, kn);
		for (;; ++*nr) {
			char suffix[24];
			int sl = snprintf(suffix, sizeof suffix, "_%llu", *nr);
			size_t base = kn;
			if (base + (size_t)sl > RECORD_KEY_MAX)
				base = RECORD_KEY_MAX - (size_t)sl;
			while (base > 1 && k[base - 1] == '_')
				base--;
			memcpy(cand, k, base);
			memcpy(cand + base, suffix, (size_t)sl);
			cn = base + (size_t)sl;
			slot = col_slot(c, x, cand, cn);
			if (!*slot)
				break;
		}
	}
	memcpy(c->names[i], cand, cn);
	c->nlen[i] = (uint8_t)cn;
	*slot = (uint32_t)(i + 1);
}

/* The header record is in out (values only): make the column names. */
static enum csv_status take_header(struct csv *c, struct pairs *out,
				   struct csv_result *res)
{
	size_t n = out->n;
	if (c->o.fields) {
		if (n != c->o.nfields) {
			snprintf(c->why, sizeof c->why,
				 "the header has %zu columns, --fields names %zu",
				 n, c->o.nfields);
			res->why = c->why;
			res->col = (size_t)-1;
			return CSV_FAIL;
		}
	} else {
		grow_names(c, n);
		struct name_index x;
		index_init(&x, n);
		for (size_t i = 0; i < n; i++) {
			char k[RECORD_KEY_MAX];
			size_t kn = key_from_name(out->p[i].v, out->p[i].vn, k);
			set_unique_name(c, &x, i, k, kn);
		}
		index_free(&x);
		c->ncols = n;
	}
	find_keep_col(c);
	c->have_header = true;
	return CSV_HEADER;
}

static void use_fields(struct csv *c)
{
	grow_names(c, c->o.nfields);
	for (size_t i = 0; i < c->o.nfields; i++) {
		size_t kn = strlen(c->o.fields[i]);
		memcpy(c->names[i], c->o.fields[i], kn);
		c->nlen[i] = (uint8_t)kn;
	}
	c->ncols = c->o.nfields;
	find_keep_col(c);
}

static enum csv_status record_or_header(struct csv *c, struct slice raw,
					struct pairs *out, struct csv_result *res);

/* A whole record: raw is what the file holds (CR included), text what
 * is split (the final CR removed). A header that cannot be read fails
 * the file: taking the next row as the header would be worse. */
static enum csv_status record(struct csv *c, struct slice raw,
			      struct pairs *out, struct csv_result *res)
{
	enum csv_status st = record_or_header(c, raw, out, res);
	if (st == CSV_REJECT && !c->have_header && !c->o.no_header) {
		char tmp[sizeof c->why];
		/* The message is cut to fit, as every why is. */
		snprintf(tmp, sizeof tmp, "header: %.*s",
			 (int)(sizeof tmp - sizeof "header: "), res->why);
		memcpy(c->why, tmp, sizeof tmp);
		res->why = c->why;
		return CSV_FAIL;
	}
	return st;
}

/* Only blanks that are not the delimiter: no cell a user meant, but not
 * nothing either (a 1-column file's " "); rejected wherever it is. */
static bool only_blanks(const struct csv *c, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((s[i] != ' ' && s[i] != '\t') || s[i] == c->o.delim)
			return false;
	return n > 0;
}

static enum csv_status record_or_header(struct csv *c, struct slice raw,
					struct pairs *out, struct csv_result *res)
{
	const char *s = raw.p;
	size_t n = raw.n;
	if (n && s[n - 1] == '\r')
		n--;
	res->raw = raw;
	res->col = (size_t)-1;
	if (n == 0 && !c->pending)
		return CSV_SKIP;
	if (only_blanks(c, s, n)) {
		res->why = CSV_BLANKS;
		return CSV_REJECT;
	}
	if (c->ncols == 0 && c->o.fields)
		use_fields(c);
	pairs_reset(out);
	bool named = false;
	size_t ncells;
	if (!c->o.tsv && split_plain(c, s, n, out, &ncells)) {
		named = true;
	} else {
		size_t bad = utf8_check(s, n);
		if (bad < n)
			return reject_at(c, res, utf8_error(s, bad), s, bad);
		enum csv_status st = CSV_RECORD;
		if (!split(c, s, n, out, res, &st))
			return st;
		ncells = out->n;
	}
	if (!c->have_header && !c->o.no_header)
		return take_header(c, out, res);
	if (ncells != c->ncols) {
		snprintf(c->why, sizeof c->why, "%zu cell%s, the header has %zu",
			 ncells, ncells == 1 ? "" : "s", c->ncols);
		res->why = c->why;
		return CSV_REJECT;
	}
	for (size_t i = 0; !named && i < out->n; i++) {
		out->p[i].k = c->names[i];
		out->p[i].kn = c->nlen[i];
	}
	return CSV_RECORD;
}

/* The record being joined has grown past the longest record accepted. */
static enum csv_status too_long(struct csv *c, struct csv_result *res)
{
	c->pending = false;
	res->raw = slice_of(c->join.p, c->join.len);
	res->why = INPUT_LONG_RECORD " (a quoted cell not closed?)";
	res->col = (size_t)-1;
	return CSV_REJECT;
}

enum csv_status csv_feed(struct csv *c, struct slice line, uint64_t lineno,
			 struct pairs *out, struct csv_result *res)
{
	if (!c->pending) {
		res->line = lineno;
		/* the common case: no quote, the record is this line */
		if (c->o.tsv || !memchr(line.p, '"', line.n))
			return record(c, line, out, res);
		int st = scan_quotes(line.p, line.n, S_START, c->o.delim);
		if (st != S_QUOTED)
			return record(c, line, out, res);
		c->pending = true;
		c->scan_state = st;
		c->start_line = lineno;
		buf_reset(&c->join);
		buf_add(&c->join, line.p, line.n);
		return CSV_MORE;
	}
	res->line = c->start_line;
	if (size_add(size_add(c->join.len, 1), line.n) > input_max_record) {
		buf_addc(&c->join, '\n');
		buf_add(&c->join, line.p, line.n);
		return too_long(c, res);
	}
	buf_addc(&c->join, '\n');
	buf_add(&c->join, line.p, line.n);
	c->scan_state = scan_quotes(line.p, line.n, c->scan_state, c->o.delim);
	if (c->scan_state == S_QUOTED)
		return CSV_MORE;
	enum csv_status st = record(c, slice_of(c->join.p, c->join.len), out, res);
	c->pending = false;
	return st;
}

enum csv_status csv_end(struct csv *c, struct csv_result *res)
{
	if (!c->pending)
		return CSV_SKIP;
	c->pending = false;
	res->line = c->start_line;
	res->raw = slice_of(c->join.p, c->join.len);
	res->why = "unterminated quoted cell at the end of the input";
	res->col = (size_t)-1;
	return CSV_REJECT;
}
