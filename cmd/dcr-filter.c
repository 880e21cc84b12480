/* dcr-filter - keep the records that satisfy a condition, at grep speed.
 *
 * With a literal that every selected line must contain ("route=inject"
 * for route == inject), whole blocks are searched for it and only the
 * lines that hold it are parsed and tested, as grep does; line numbers
 * are counted only as far as a diagnostic needs them. Otherwise every
 * line is parsed and tested.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/cli.h"
#include "base/err.h"
#include "lang/expr.h"
#include "base/num.h"
#include "io/output.h"
#include "base/progress.h"
#include "record/reader.h"
#include "filter/search.h"
#include "time/when.h"
#include "base/xmalloc.h"

enum {
	OPT_EQ = CLI_OWN, OPT_NE, OPT_LT, OPT_LE, OPT_GT, OPT_GE,
	OPT_RE, OPT_HAS, OPT_SINCE, OPT_UNTIL
};

static const struct cli_opt opts[] = {
	{'e', "expr", "EXPR", "a condition; repeatable, all must hold"},
	{OPT_EQ, "eq", "KEY=VALUE", "KEY == VALUE"},
	{OPT_NE, "ne", "KEY=VALUE", "KEY != VALUE (true when KEY is missing)"},
	{OPT_LT, "lt", "KEY=NUMBER", "KEY < NUMBER"},
	{OPT_LE, "le", "KEY=NUMBER", "KEY <= NUMBER"},
	{OPT_GT, "gt", "KEY=NUMBER", "KEY > NUMBER"},
	{OPT_GE, "ge", "KEY=NUMBER", "KEY >= NUMBER"},
	{OPT_RE, "re", "KEY=PATTERN", "KEY ~ PATTERN (PCRE2)"},
	{OPT_HAS, "has", "KEY", "KEY is present"},
	{OPT_SINCE, "since", "TIME", "ts >= TIME: a date, RFC 3339, or -24h, -7d"},
	{OPT_UNTIL, "until", "TIME", "ts < TIME"},
	{'v', "invert", NULL, "select the records that do not match"},
	{'c', "count", NULL, "print only the number of selected records"},
	{'m', "max-count", "N", "stop after N selected records"},
	{'q', "quiet", NULL, "print nothing; exit 0 at the first selected record"},
	{'k', "keys", "KEYS", "keep only these keys, in this order"},
	{'x', "exclude", "KEYS", "drop these keys"},
	CLI_OPT_OUTPUT,
	CLI_OPT_REJECT,
	CLI_OPT_MAX_RECORD,
	CLI_OPT_HELP,
	CLI_OPT_VERSION,
	CLI_OPT_END
};

static const struct cli cli = {
	"dcr-filter [-cqv] [-k KEYS | -x KEYS] [-m N] [-o FILE] [-e EXPR]"
	" [--eq KEY=VALUE] [--ne KEY=VALUE] [--lt KEY=NUMBER] [--le KEY=NUMBER]"
	" [--gt KEY=NUMBER] [--ge KEY=NUMBER] [--re KEY=PATTERN] [--has KEY]"
	" [--since TIME] [--until TIME] [EXPR] [FILE ...]",
	"Keep the dcr records that satisfy a condition.",
	opts
};

/* A list of keys from -k or -x: slices of the argument. */
struct keys {
	struct slice *k;
	size_t n;
};

struct filter {
	struct expr *e;
	bool invert, count_only, quiet, done;
	uint64_t max, selected;
	struct keys keep, drop;
	struct output *out;
	struct buf scratch;
	bool fast;		/* search blocks for the literal first */
	bool tuned;
	struct search srch;
	char quoted[SEARCH_MAX][RECORD_KEY_MAX + 2]; /* KEY=" needles */
	struct slice key1;	/* the expression's only key, if it has one */
	struct field field1;	/* a record of that key alone */
	struct record rec1;
};

/* For the number of a line: the lines before `counted`, a line start in
 * the current block; lines further on are counted only when asked. */
struct pos {
	const char *counted;
	uint64_t before;
};

static uint64_t line_number(struct pos *ps, const char *line)
{
	if (line > ps->counted) {
		ps->before += search_count_nl(ps->counted, (size_t)(line - ps->counted));
		ps->counted = line;
	}
	return ps->before + 1;
}

/* ---- output ---- */

static bool in_keys(const struct keys *ks, const char *k, size_t n)
{
	for (size_t i = 0; i < ks->n; i++)
		if (ks->k[i].n == n && memcmp(ks->k[i].p, k, n) == 0)
			return true;
	return false;
}

static void put_field(struct filter *f, struct buf *b, const struct field *fl,
		      bool *first)
{
	if (!*first)
		buf_addc(b, ' ');
	*first = false;
	record_put_field(b, fl, &f->scratch);
}

static void write_record(struct filter *f, const struct record *r,
			 struct slice line)
{
	struct buf *b = &f->out->buf;
	size_t mark = b->len;
	bool first = true;
	if (f->keep.n) {
		for (size_t i = 0; i < f->keep.n; i++) {
			const struct field *fl = record_get(r, f->keep.k[i].p,
							    f->keep.k[i].n);
			if (fl)
				put_field(f, b, fl, &first);
		}
	} else if (f->drop.n) {
		for (size_t i = 0; i < r->n; i++)
			if (!in_keys(&f->drop, r->f[i].key, r->f[i].klen))
				put_field(f, b, &r->f[i], &first);
	} else if (r->canonical) {
		buf_add(b, line.p, line.n);
		first = false;
	} else {
		for (size_t i = 0; i < r->n; i++)
			put_field(f, b, &r->f[i], &first);
	}
	if (first) {
		b->len = mark; /* nothing kept: no line, not a blank record */
		return;
	}
	buf_addc(b, '\n');
	out_maybe_flush(f->out);
}

static void select_record(struct filter *f, const struct record *r,
			  struct slice line)
{
	f->selected++;
	if (f->quiet) {
		f->done = true;
		return;
	}
	if (!f->count_only)
		write_record(f, r, line);
	if (f->selected == f->max)
		f->done = true;
}

/* ---- the literal ---- */

/* The fast path needs a literal and no -v (then every line is output or
 * not, and must be read). The literal itself is chosen on the first
 * block, by choose_literal(). */
static void plan(struct filter *f)
{
	f->fast = expr_literal_count(f->e) > 0 && !f->invert;
	f->key1 = expr_single_key(f->e);
	f->rec1.f = &f->field1;
	f->rec1.cap = 1;
}

/* Occurrences of w in s[0..n), counting no further than limit. */
static size_t count_in(const char *s, size_t n, struct slice w, size_t limit)
{
	size_t count = 0;
	const char *p = s, *end = s + n;
	while (count <= limit && (p = memmem(p, (size_t)(end - p), w.p, w.n))) {
		count++;
		p++;
	}
	return count;
}

/* The needles for literal set i: each alternative, and KEY=" for each key
 * whose value an alternative holds (a quoted value may hide it behind
 * escapes). Returns how many, at most SEARCH_MAX. */
static size_t needles(struct filter *f, size_t i, struct slice *nd)
{
	size_t n = 0, nq = 0;
	for (size_t j = 0; j < expr_literal_alts(f->e, i); j++) {
		struct expr_literal l = expr_literal_at(f->e, i, j);
		nd[n++] = l.lit;
		if (!l.key.p)
			continue;
		bool seen = false;
		for (size_t q = 0; q < nq; q++)
			seen |= strncmp(f->quoted[q], l.key.p, l.key.n) == 0 &&
				f->quoted[q][l.key.n] == '=';
		if (seen)
			continue;
		memcpy(f->quoted[nq], l.key.p, l.key.n);
		memcpy(f->quoted[nq] + l.key.n, "=\"", 2);
		nd[n++] = slice_of(f->quoted[nq++], l.key.n + 2);
	}
	return n;
}

/* Of the literal sets every selected line must hold one of, the one whose
 * needles occur least often in the sample; ties go to the expression's
 * own order. */
static void choose_literal(struct filter *f, const char *sample, size_t n)
{
	if (n > ((size_t)1 << 20))
		n = (size_t)1 << 20;
	size_t best = 0, best_count = SIZE_MAX;
	struct slice nd[SEARCH_MAX];
	for (size_t i = 0; i < expr_literal_count(f->e); i++) {
		size_t k = needles(f, i, nd), c = 0;
		for (size_t j = 0; j < k && c < best_count; j++)
			c += count_in(sample, n, nd[j], best_count);
		if (c < best_count) {
			best = i;
			best_count = c;
		}
	}
	size_t k = needles(f, best, nd);
	search_init(&f->srch, nd, k);
	search_tune(&f->srch, sample, n);
}

/* ---- reading ---- */

static void handle_line(struct filter *f, struct reader *rd, struct slice line,
			struct pos *ps)
{
	const char *why;
	size_t col;
	/* input_block() hands over long lines that fit in its buffer. */
	if (line.n > input_max_record) {
		reader_reject(rd, slice_of(NULL, 0), line_number(ps, line.p),
			      "line longer than the maximum record length",
			      (size_t)-1);
		return;
	}
	enum record_status st = record_parse(&rd->rec, line.p, line.n, &why, &col);
	if (st == REC_SKIP)
		return;
	if (st == REC_ERROR) {
		reader_reject(rd, line, line_number(ps, line.p), why, col);
		return;
	}
	rd->records++;
	int x = expr_eval(f->e, &rd->rec);
	if (x < 0)
		die_at(rd->in.name, line_number(ps, line.p), "%s", expr_errmsg(f->e));
	if ((x == 1) != f->invert)
		select_record(f, &rd->rec, line);
}

/* Every line of the block. */
static void walk_block(struct filter *f, struct reader *rd, struct slice block)
{
	const char *p = block.p, *end = block.p + block.n;
	struct pos ps = {p, rd->in.lineno};
	while (p < end && !f->done) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		ps.counted = p; /* line by line: counted as we go */
		handle_line(f, rd, slice_of(p, (size_t)(le - p)), &ps);
		ps.before++;
		p = nl ? nl + 1 : end;
	}
	rd->in.lineno = ps.before;
}

/* A byte of a bare ASCII value: printable, not " = \\. */
static bool plain_ascii(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != '"' && c != '=' && c != '\\';
}

/* Where the key key1 starts in the line [ls, le), or NULL when the line
 * does not have it: the first "KEY=" after a blank or at the start. Keys
 * are never inside quotes, so a line without "KEY=" lacks the key. */
static const char *find_key(const struct filter *f, const char *ls,
			    const char *le)
{
	const char *k = f->key1.p;
	size_t kn = f->key1.n;
	for (const char *q = ls; (size_t)(le - q) > kn;) {
		const char *h = memchr(q, k[0], (size_t)(le - q) - kn);
		if (!h)
			return NULL;
		if (h[kn] == '=' && memcmp(h, k, kn) == 0 &&
		    (h == ls || h[-1] == ' ' || h[-1] == '\t'))
			return h;
		q = h + 1;
	}
	return NULL;
}

/* Can the line be passed over without reading it all? When the
 * expression reads one key only, and that key's value is bare ASCII with
 * only bare values before it (so that the key found is not inside a
 * quoted value), the value alone decides. Lines that may be selected are
 * always parsed and checked in full. */
static bool surely_not_selected(struct filter *f, const char *ls,
				const char *cand, const char *le)
{
	/* A literal "KEY=..." found at a key boundary is the key itself. */
	size_t kn = f->key1.n;
	bool at_key = (size_t)(le - cand) > kn && cand[kn] == '=' &&
		      memcmp(cand, f->key1.p, kn) == 0 &&
		      (cand == ls || cand[-1] == ' ' || cand[-1] == '\t');
	const char *h = at_key ? cand : find_key(f, ls, le);
	f->rec1.n = 0;
	if (h) {
		if (memchr(ls, '"', (size_t)(h - ls)))
			return false;
		const char *v = h + f->key1.n + 1, *ve = v;
		while (ve < le && *ve != ' ' && *ve != '\t') {
			if (!plain_ascii((unsigned char)*ve))
				return false;
			ve++;
		}
		if (ve == v || (size_t)(ve - v) > UINT32_MAX)
			return false;
		f->field1.key = h;
		f->field1.klen = (uint8_t)f->key1.n;
		f->field1.val = v;
		f->field1.vlen = (uint32_t)(ve - v);
		f->field1.quoted = f->field1.escaped = false;
		f->rec1.n = 1;
	}
	return expr_eval(f->e, &f->rec1) == 0;
}

/* Only the lines holding the literal (or KEY=" for a quoted value). */
static void scan_block(struct filter *f, struct reader *rd, struct slice block)
{
	const char *base = block.p, *p = base, *end = base + block.n;
	if (!f->tuned) {
		choose_literal(f, base, block.n);
		f->tuned = true;
	}
	struct pos ps = {base, rd->in.lineno};
	const char *cand;
	while (!f->done && (cand = search_find(&f->srch, p, end)) != NULL) {
		const char *ls = memrchr(p, '\n', (size_t)(cand - p));
		ls = ls ? ls + 1 : p;
		const char *le = memchr(cand, '\n', (size_t)(end - cand));
		if (!le)
			le = end;
		if (!f->key1.p || !surely_not_selected(f, ls, cand, le))
			handle_line(f, rd, slice_of(ls, (size_t)(le - ls)), &ps);
		p = le < end ? le + 1 : end;
	}
	uint64_t lines = search_count_nl(base, block.n);
	if (block.n && end[-1] != '\n')
		lines++;
	rd->in.lineno += lines;
}

static void run_input(struct filter *f, struct reader *rd)
{
	struct slice block;
	while (!f->done) {
		enum input_status st = input_block(&rd->in, &block);
		if (st == IN_LINE) {
			if (f->fast)
				scan_block(f, rd, block);
			else
				walk_block(f, rd, block);
		} else if (st == IN_LONG) {
			reader_reject(rd, slice_of(NULL, 0), rd->in.lineno,
				      "line longer than the maximum record length",
				      (size_t)-1);
		} else {
			if (st == IN_ERROR)
				rd->failed = true;
			return;
		}
	}
}

/* ---- options ---- */

static struct expr *compile_or_exit(const char *src)
{
	struct expr_error err;
	struct expr *e = expr_compile(src, &err);
	if (!e) {
		expr_report(src, &err);
		exit(EXIT_TROUBLE);
	}
	return e;
}

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

static void parse_keys(const char *opt, const char *arg, struct keys *ks)
{
	ks->n = 0;
	for (const char *p = arg;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (!key_is_valid(p, len))
			die_usage("%s: invalid key '%.*s'", opt, (int)len, p);
		if (in_keys(ks, p, len))
			die_usage("%s: key '%.*s' given twice", opt, (int)len, p);
		ks->k = xreallocarray(ks->k, size_add(ks->n, 1), sizeof *ks->k);
		ks->k[ks->n++] = slice_of(p, len);
		if (!comma)
			break;
		p = comma + 1;
	}
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	out_guard_stdio();
	struct filter f = {0};
	f.max = UINT64_MAX;
	const char *outpath = NULL, *rejectpath = NULL;
	bool have_test = false;
	const char *arg;
	int id;
	while ((id = cli_next(&cli, argc, argv, &arg)) != -1) {
		struct expr *t = NULL;
		switch (id) {
		case 'e': t = compile_or_exit(arg); break;
		case OPT_EQ: t = option_test("--eq", "==", arg, false); break;
		case OPT_NE: t = option_test("--ne", "!=", arg, false); break;
		case OPT_LT: t = option_test("--lt", "<", arg, true); break;
		case OPT_LE: t = option_test("--le", "<=", arg, true); break;
		case OPT_GT: t = option_test("--gt", ">", arg, true); break;
		case OPT_GE: t = option_test("--ge", ">=", arg, true); break;
		case OPT_RE: t = option_test("--re", "~", arg, false); break;
		case OPT_HAS: t = option_has(arg); break;
		case OPT_SINCE: t = expr_time("ts", ">=", parse_when("--since", arg)); break;
		case OPT_UNTIL: t = expr_time("ts", "<", parse_when("--until", arg)); break;
		case 'v': f.invert = true; break;
		case 'c': f.count_only = true; break;
		case 'q': f.quiet = true; break;
		case 'm': f.max = (uint64_t)cli_int("-m", arg, 0, INT64_MAX); break;
		case 'k': parse_keys("-k", arg, &f.keep); break;
		case 'x': parse_keys("-x", arg, &f.drop); break;
		case 'o': outpath = arg; break;
		case CLI_REJECT: rejectpath = arg; break;
		case CLI_MAX_RECORD:
			input_max_record = cli_size("--max-record", arg);
			break;
		}
		if (t) {
			f.e = expr_and(f.e, t);
			have_test = true;
		}
	}
	if (f.keep.n && f.drop.n)
		die_usage("-k and -x cannot be used together");
	if (!have_test) {
		if (optind >= argc)
			die_usage("no expression given");
		f.e = compile_or_exit(argv[optind++]);
	}
	char **files = argv + optind;
	int nfiles = argc - optind;

	struct output out, rej;
	struct output *reject =
		reader_open_outputs(files, nfiles, &out, outpath, &rej, rejectpath);
	f.out = &out;
	f.done = f.max == 0;
	plan(&f);

	struct reader rd;
	reader_init(&rd, files, nfiles, reject);
	if (f.fast)
		progress_count(NULL); /* lines passed over are not counted */
	while (!f.done && reader_next_input(&rd))
		run_input(&f, &rd);
	if (f.count_only && !f.quiet) {
		buf_add_u64(&out.buf, f.selected);
		buf_addc(&out.buf, '\n');
	}
	int status = reader_finish(&rd, &out, f.selected ? EXIT_OK : EXIT_NOMATCH);
	if (f.quiet && f.selected)
		status = EXIT_OK; /* as grep -q: a match wins over earlier errors */
	expr_free(f.e);
	buf_free(&f.scratch);
	free(f.keep.k);
	free(f.drop.k);
	return status;
}
