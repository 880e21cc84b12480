/* ingest.c - dcr-parse's loop over inputs, dialects and records. */
#include "parse/ingest.h"

#include <stdio.h>
#include <string.h>

#include "base/ascii.h"
#include "base/err.h"
#include "parse/json.h"
#include "parse/logfmt.h"
#include "parse/sniff.h"
#include "time/stamp.h"
#include "base/xmalloc.h"

/* Everything but the reader. */
static void init_shaping(struct ingest *g, const struct ingest_opts *o,
			 struct output *out)
{
	memset(g, 0, sizeof *g);
	g->o = *o;
	g->out = out;
	pairs_init(&g->pairs);
	record_init(&g->shaped);
	/* Canonical logfmt lines can be copied as they are when nothing is
	 * to be changed in them. */
	g->fast = !reshape_any(o->reshape) && !o->src && !o->time_keys.n &&
		  !o->schema && !o->recode;
	/* Then the empty cells of CSV would only be dropped: no need to
	 * hold them, but for an empty ts, which is an error (make_ts). */
	struct csv_opts co = {.delim = ',', .tsv = false,
			      .no_header = o->no_header,
			      .fields = (const char *const *)o->names.k,
			      .nfields = o->names.n,
			      .skip_empty = g->fast && !o->keep_empty,
			      .keep_key = "ts"};
	csv_init(&g->csv, &co);
	const struct reshape *f = o->reshape;
	if (f)
		optkeys_init(&g->keys, f, &o->time_keys, o->schema);
	if (f && f->pseudo_keys.n) {
		missing_init(&g->miss, &f->pseudo_keys, &f->allow);
		g->check_missing = g->miss.nkeys > 0;
	}
}

void ingest_init(struct ingest *g, const struct ingest_opts *o, char **paths,
		 int npaths, struct output *out, struct output *reject)
{
	init_shaping(g, o, out);
	reader_init(&g->rd, paths, npaths, reject);
}

/* After a record: flush, unless the records of this file are held until
 * its --pseudonymize keys are seen (missing.h). */
static void maybe_flush(struct ingest *g)
{
	if (!g->check_missing) {
		out_maybe_flush(g->out);
		return;
	}
	missing_wrote(&g->miss);
	if (!missing_holding(&g->miss))
		out_maybe_flush(g->out);
	else if (g->out->buf.len - g->miss.hold_from > MISSING_HOLD_MAX) {
		g->too_big = true;
		g->rd.failed = true; /* stops the file; missing_end() reports */
	}
}

/* ---- rejects ---- */

/* Bytes that are not UTF-8 are most often a file in an 8-bit encoding:
 * say which option reads it. */
static const char *hint(const char *why)
{
	static char msg[RECORD_KEY_MAX + 160];
	const char *u = "invalid UTF-8";
	size_t n = strlen(why), un = strlen(u);
	if (n < un || strcmp(why + n - un, u) != 0 || n > RECORD_KEY_MAX + 64)
		return why;
	snprintf(msg, sizeof msg, "%s, %s", why, ENC_HINT);
	return msg;
}

/* A diagnostic that stops the input (the file cannot be read as one). */
static void fail_at(struct ingest *g, uint64_t line, const char *why,
		    size_t col)
{
	if (!g->o.quiet)
		reader_warn(&g->rd, line, hint(why), col);
	g->rd.failed = true;
}

static void reject(struct ingest *g, struct slice raw, uint64_t line,
		   const char *why, size_t col)
{
	if (g->o.quiet) {
		g->stopped = true; /* the caller reads it again, reporting */
		return;
	}
	reader_reject(&g->rd, raw, line, hint(why), col);
	if (g->o.strict)
		g->stopped = true;
}

/* ---- shaping and writing one record ---- */

static bool is_ts(const char *k, size_t n)
{
	return n == 2 && k[0] == 't' && k[1] == 's';
}

/* Turn the time key(s) into ts; false with *why on a bad or missing time. */
static bool make_ts(struct ingest *g, const struct pattern_rule *rule,
		    const char **why)
{
	const char *const *keys = (const char *const *)g->o.time_keys.k;
	size_t nk = g->o.time_keys.n;
	const char *fmt = g->o.time_format, *one;
	if (rule && rule->time_key) {
		one = rule->time_key;
		keys = &one;
		nk = 1;
		fmt = rule->time_format;
	}
	bool required = nk > 0;
	if (!nk) {
		one = "ts";
		keys = &one;
		nk = 1;
	}
	struct pair *p[INGEST_MAX_TIME_KEYS];
	for (size_t i = 0; i < nk; i++) {
		p[i] = pairs_get(&g->pairs, keys[i], strlen(keys[i]));
		if (!p[i]) {
			if (!required)
				return true;
			snprintf(g->why, sizeof g->why, "no key '%s' for the time", keys[i]);
			*why = g->why;
			return false;
		}
	}
	/* (the time key is ts itself unless --time or a rule named one) */
	struct pair *ts = required ? pairs_get(&g->pairs, "ts", 2) : p[0];
	if (ts && ts != p[0]) {
		bool listed = false;
		for (size_t i = 1; i < nk; i++)
			listed |= ts == p[i];
		if (!listed) {
			snprintf(g->why, sizeof g->why,
				 "key 'ts' is present besides the time key '%s'", keys[0]);
			*why = g->why;
			return false;
		}
	}
	struct slice v = slice_of(p[0]->v, p[0]->vn);
	if (nk > 1) { /* date and time in separate columns */
		size_t len = 0;
		for (size_t i = 0; i < nk; i++)
			len = size_add(len, size_add(p[i]->vn, 1));
		char *d = arena_reserve(&g->pairs, len);
		size_t k = 0;
		for (size_t i = 0; i < nk; i++) {
			if (i)
				d[k++] = ' ';
			memcpy(d + k, p[i]->v, p[i]->vn);
			k += p[i]->vn;
		}
		arena_commit(&g->pairs, k);
		v = slice_of(d, k);
	}
	dcr_time t;
	/* A canonical stamp stays as it is: no need to write it again. */
	if (fmt || nk > 1 || !stamp_is_canonical(v.p, v.n, &t)) {
		enum time_status st = stamp_parse(fmt, v.p, v.n, g->o.fold, &t);
		if (st != TIME_OK) {
			/* A value that does not parse: say what was expected,
			 * the mistake is most often the format. */
			char tried[256] = "";
			if (st == TIME_SYNTAX && fmt)
				snprintf(tried, sizeof tried, " in the format '%s'", fmt);
			else if (st == TIME_SYNTAX)
				snprintf(tried, sizeof tried, " (RFC 3339, epoch "
					 "seconds or ISO date and time)");
			if (nk > 1)
				snprintf(g->why, sizeof g->why, "keys '%s' and '%s'...: %s%s",
					 keys[0], keys[1], time_status_str(st), tried);
			else
				snprintf(g->why, sizeof g->why, "key '%s': %s%s", keys[0],
					 time_status_str(st), tried);
			*why = g->why;
			return false;
		}
		char canon[TIME_BUFSZ];
		size_t cn = time_format_utc(t, canon);
		v = slice_of(arena_copy(&g->pairs, canon, cn), cn);
	}
	/* The first pair becomes ts (reshape_write puts it first); the others
	 * were read into it. */
	p[0]->k = "ts";
	p[0]->kn = 2;
	p[0]->v = v.p;
	p[0]->vn = (uint32_t)v.n;
	for (size_t i = 1; i < nk; i++)
		p[i]->dropped = true;
	return true;
}

static void add_src(struct ingest *g, uint64_t line)
{
	char tail[24];
	int tl = snprintf(tail, sizeof tail, ":%llu", (unsigned long long)line);
	size_t nl = strlen(g->rd.in.name);
	size_t n = size_add(nl, (size_t)tl);
	char *d = arena_reserve(&g->pairs, n);
	memcpy(d, g->rd.in.name, nl);
	memcpy(d + nl, tail, (size_t)tl);
	arena_commit(&g->pairs, n);
	struct pair *p = pairs_get(&g->pairs, "_src", 4);
	if (p) {
		p->v = d;
		p->vn = (uint32_t)n;
	} else {
		pairs_add(&g->pairs, "_src", 4, d, n);
	}
}

/* An empty cell, JSON string or logfmt value is "not applicable" in the
 * exports: absent, unless --empty keep asks for k="". */
static void drop_empty(struct pairs *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->p[i].vn == 0)
			p->p[i].dropped = true;
}

/* The options' steps, in dcr-parse(1)'s order (reshape.h); false with
 * *why when the record is refused. */
static bool shape(struct ingest *g, uint64_t line,
		  const struct pattern_rule *rule, const char **why)
{
	optkeys_read(&g->keys, &g->pairs);
	bool renamed = reshape_rename(g->o.reshape, &g->pairs, why);
	optkeys_renamed(&g->keys, &g->pairs); /* renamed even when refused */
	if (!renamed)
		return false;
	/* Recoded by the names --map gave, before numbers and times are
	 * read: a recode file speaks the canonical keys. */
	if (g->o.recode)
		recode_apply(g->o.recode, &g->pairs);
	if (!reshape_decimal_comma(g->o.reshape, &g->pairs, why) ||
	    !reshape_scale(g->o.reshape, &g->pairs, why) ||
	    !make_ts(g, rule, why))
		return false;
	optkeys_renamed(&g->keys, &g->pairs); /* with the ts just made */
	if (!g->o.keep_empty)
		drop_empty(&g->pairs);
	if (g->check_missing)
		missing_note(&g->miss, &g->pairs);
	reshape_select(g->o.reshape, &g->pairs);
	reshape_pseudonymize(g->o.reshape, &g->pairs);
	reshape_add_constants(g->o.reshape, &g->pairs);
	if (g->o.src)
		add_src(g, line);
	return !g->o.schema || !(*why = schema_check(g->o.schema, &g->pairs));
}

/* The pairs hold a record read from raw (its first line is line). */
static void emit(struct ingest *g, struct slice raw, uint64_t line,
		 const struct pattern_rule *rule)
{
	const char *why;
	/* Without options (g->fast) only ts is made and empty values go. */
	bool ok = g->fast ? make_ts(g, rule, &why) : shape(g, line, rule, &why);
	if (!ok) {
		reject(g, raw, line, why, (size_t)-1);
		return;
	}
	if (g->fast && !g->o.keep_empty)
		drop_empty(&g->pairs);
	if (g->o.sink) {
		if (reshape_record(&g->pairs, &g->shaped, &g->shaped_bytes,
				   g->o.sink_text)) {
			g->rd.records++;
			g->o.sink(g->o.sink_ctx, &g->shaped, g->rd.in.name, line);
		}
	} else if (reshape_write(&g->out->buf, &g->pairs)) {
		g->rd.records++;
		maybe_flush(g);
	}
}

/* ---- the dialects ---- */

/* A strict record copied as it is: canonical, with a canonical ts first
 * or no ts at all, and no empty value unless they are kept. */
static bool copy_as_is(const struct record *r, bool keep_empty)
{
	if (!r->canonical || r->n == 0)
		return false;
	for (size_t i = 0; !keep_empty && i < r->n; i++)
		if (r->f[i].vlen == 0)
			return false;
	const struct field *f = &r->f[0];
	if (is_ts(f->key, f->klen)) {
		dcr_time t;
		return !f->quoted && stamp_is_canonical(f->val, f->vlen, &t);
	}
	return !record_get(r, "ts", 2);
}

static void from_record(struct ingest *g, const struct record *r)
{
	pairs_reset(&g->pairs);
	for (size_t i = 0; i < r->n; i++) {
		const struct field *f = &r->f[i];
		struct slice v = slice_of(f->val, f->vlen);
		if (f->escaped) {
			v = field_value(f, &g->scratch);
			v.p = arena_copy(&g->pairs, v.p, v.n);
		}
		pairs_add(&g->pairs, f->key, f->klen, v.p, v.n);
	}
}

static void logfmt_line(struct ingest *g, struct slice line, uint64_t lineno)
{
	struct record *r = &g->rd.rec;
	const char *why;
	size_t col;
	enum record_status st = record_parse(r, line.p, line.n, &why, &col);
	if (st == REC_SKIP)
		return;
	if (st == REC_OK) {
		if (g->fast && copy_as_is(r, g->o.keep_empty)) {
			g->rd.records++;
			if (g->o.sink) {
				g->o.sink(g->o.sink_ctx, r, g->rd.in.name, lineno);
				return;
			}
			buf_add(&g->out->buf, line.p, line.n);
			buf_addc(&g->out->buf, '\n');
			out_maybe_flush(g->out);
			return;
		}
		from_record(g, r);
		emit(g, line, lineno, NULL);
		return;
	}
	st = logfmt_parse(line.p, line.n, &g->pairs, &why, &col);
	if (st == REC_OK)
		emit(g, line, lineno, NULL);
	else if (st == REC_ERROR)
		reject(g, line, lineno, why, col);
}

static void jsonl_line(struct ingest *g, struct slice line, uint64_t lineno)
{
	const char *why;
	size_t col;
	enum record_status st = json_parse(line.p, line.n, &g->pairs, &why, &col);
	if (st == REC_OK)
		emit(g, line, lineno, NULL);
	else if (st == REC_ERROR)
		reject(g, line, lineno, why, col);
}

static void csv_result(struct ingest *g, enum csv_status st,
		       struct csv_result *res)
{
	switch (st) {
	case CSV_RECORD:
		emit(g, res->raw, res->line, NULL);
		break;
	case CSV_REJECT:
		reject(g, res->raw, res->line, res->why, res->col);
		break;
	case CSV_FAIL:
		/* the file as a whole cannot be read: stop it, keep the old -o */
		fail_at(g, res->line, res->why, res->col);
		break;
	default:
		break;
	}
}

static void pattern_line(struct ingest *g, struct slice line, uint64_t lineno)
{
	size_t n = line.n;
	if (n && line.p[n - 1] == '\r')
		n--;
	size_t i = 0;
	while (i < n && ascii_is_blank(line.p[i]))
		i++;
	if (i == n)
		return;
	size_t bad = utf8_check(line.p, n);
	if (bad < n) {
		reject(g, line, lineno, utf8_error(line.p, bad), bad);
		return;
	}
	const struct pattern_rule *rule;
	const char *why;
	switch (pattern_match(g->o.patterns, line.p, n, &g->pairs, &rule, &why)) {
	case PAT_MATCH:
		emit(g, line, lineno, rule);
		break;
	case PAT_SKIP:
		break;
	case PAT_NOMATCH:
		reject(g, line, lineno, "no pattern rule matches", (size_t)-1);
		break;
	case PAT_ERROR: {
		char msg[300];
		snprintf(msg, sizeof msg, "rule '%s': %s", rule->name, why);
		reject(g, line, lineno, msg, (size_t)-1);
		break;
	}
	}
}

/* ---- detection ---- */

static bool is_blank_line(struct slice line)
{
	for (size_t i = 0; i < line.n; i++)
		if (line.p[i] != ' ' && line.p[i] != '\t' && line.p[i] != '\r')
			return false;
	return true;
}

/* The format of a file by its first line; *doubt says why that guess is
 * not safe (then the file is not read), or is NULL. */
static enum ingest_format detect(struct ingest *g, struct slice line,
				 const char **doubt)
{
	*doubt = NULL;
	size_t i = 0;
	while (i < line.n && ascii_is_blank(line.p[i]))
		i++;
	if (line.p[i] == '{')
		return INGEST_JSONL;
	if (line.p[i] == '#')
		return INGEST_LOGFMT;
	const char *why;
	size_t col;
	if (record_parse(&g->rd.rec, line.p, line.n, &why, &col) == REC_OK)
		return INGEST_LOGFMT;
	if (logfmt_parse(line.p, line.n, &g->pairs, &why, &col) == REC_OK) {
		*doubt = sniff_logfmt_doubt(&g->pairs);
		return INGEST_LOGFMT;
	}
	return g->o.patterns ? INGEST_PATTERN : INGEST_CSV;
}

/* Ready the dialect for this file; line is its first non-blank line. */
static void start_dialect(struct ingest *g, enum ingest_format f,
			  struct slice line)
{
	if (f != INGEST_CSV && f != INGEST_TSV)
		return;
	csv_start(&g->csv);
	g->csv.o.tsv = f == INGEST_TSV;
	g->csv.o.delim = f == INGEST_TSV ? '\t'
		: g->o.delim ? g->o.delim : csv_sniff_delimiter(line.p, line.n);
}

static void dispatch(struct ingest *g, enum ingest_format f, struct slice line,
		     uint64_t lineno)
{
	switch (f) {
	case INGEST_CSV:
	case INGEST_TSV: {
		struct csv_result res;
		enum csv_status st = csv_feed(&g->csv, line, lineno, &g->pairs, &res);
		const char *doubt;
		if (st == CSV_HEADER && g->guessed_csv &&
		    (doubt = sniff_header_doubt(&g->pairs))) {
			fail_at(g, res.line, doubt, (size_t)-1);
			break;
		}
		csv_result(g, st, &res);
		break;
	}
	case INGEST_JSONL:
		jsonl_line(g, line, lineno);
		break;
	case INGEST_LOGFMT:
		logfmt_line(g, line, lineno);
		break;
	case INGEST_PATTERN:
		pattern_line(g, line, lineno);
		break;
	case INGEST_AUTO:
		break;
	}
}

/* A partial CSV record at the end of the input or before a line too long
 * to hold. */
static void end_csv(struct ingest *g, enum ingest_format f)
{
	if (f != INGEST_CSV && f != INGEST_TSV)
		return;
	struct csv_result res;
	csv_result(g, csv_end(&g->csv, &res), &res);
}

/* --encoding: *line converted to UTF-8, or false when it is not in the
 * encoding (rejected; the file failed if it was its first line). */
static bool convert(struct ingest *g, enum ingest_format f, bool started,
		    struct slice *line, uint64_t lineno)
{
	struct enc *e = g->o.enc;
	size_t bad;
	if (enc_convert(e, *line, line, &bad))
		return true;
	if (!started) {
		fail_at(g, lineno, e->why, bad);
		return false;
	}
	end_csv(g, f); /* a record open before this line cannot be ended */
	reject(g, *line, lineno, e->why, bad);
	return false;
}

/* A blank line before the first record: nothing in most formats, but a
 * line of blanks is rejected in CSV wherever it is (csv.h), so it is here
 * too: now when the format is given, once detection says CSV if not.
 * False when the line is a record after all (tabs between TSV cells). */
static bool blank_before_start(struct ingest *g, enum ingest_format f,
			       struct slice line, uint64_t lineno)
{
	size_t n = line.n;
	if (n && line.p[n - 1] == '\r')
		n--;
	if (n == 0)
		return true;
	if (f == INGEST_CSV || f == INGEST_TSV) {
		bool tabs_are_cells = f == INGEST_TSV || g->o.delim == '\t';
		if (tabs_are_cells && memchr(line.p, '\t', n))
			return false; /* empty cells: a record, read as one */
		reject(g, line, lineno, CSV_BLANKS, (size_t)-1);
		return true;
	}
	if (f == INGEST_AUTO && g->nblank < INGEST_MAX_BLANKS)
		g->blank_at[g->nblank++] = lineno;
	return true;
}

/* Detection chose CSV: the lines of blanks above the header are rejects
 * (by their place: their bytes are gone, and were only blanks). */
static void blanks_were_csv(struct ingest *g, enum ingest_format f)
{
	if (f == INGEST_CSV)
		for (size_t i = 0; i < g->nblank; i++)
			reject(g, slice_of(NULL, 0), g->blank_at[i], CSV_BLANKS,
			       (size_t)-1);
	g->nblank = 0;
}

/* The lines of g->rd.in, in the dialect of g->f once g->started; at its
 * end, a CSV record left open is ended only when last is true. */
static void read_lines(struct ingest *g, bool last)
{
	struct input *in = &g->rd.in;
	enum ingest_format f = g->f;
	bool started = g->started;
	bool conv = g->o.enc && enc_active(g->o.enc);
	for (;;) {
		struct slice line;
		enum input_status st = input_getline(in, &line);
		if (st == IN_LINE) {
			if (in->lineno <= g->o.skip_lines)
				continue;
			if (!started && is_blank_line(line) &&
			    blank_before_start(g, f, line, in->lineno))
				continue;
			if (conv && !convert(g, f, started, &line, in->lineno)) {
				if (g->stopped || g->rd.failed)
					break;
				continue;
			}
			if (!started) {
				if (f == INGEST_AUTO) {
					const char *doubt;
					f = detect(g, line, &doubt);
					if (doubt) {
						fail_at(g, in->lineno, doubt,
							(size_t)-1);
						break;
					}
					g->guessed_csv = f == INGEST_CSV;
					blanks_were_csv(g, f);
				}
				start_dialect(g, f, line);
				started = true;
			}
			dispatch(g, f, line, in->lineno);
		} else if (st == IN_LONG) {
			end_csv(g, f);
			reject(g, slice_of(NULL, 0), in->lineno, INPUT_LONG_LINE,
			       (size_t)-1);
		} else {
			if (st != IN_EOF)
				g->rd.failed = true;
			else if (last)
				end_csv(g, f);
			break;
		}
		if (g->stopped || g->rd.failed)
			break;
	}
	g->f = f;
	g->started = started;
}

static void one_input(struct ingest *g)
{
	g->f = g->o.format;
	g->started = false;
	g->guessed_csv = false;
	g->nblank = 0;
	read_lines(g, true);
}

void ingest_input(struct ingest *g)
{
	/* rd.failed also stops this input (a CSV file that cannot be read
	 * as a whole); an input that failed before must not stop this one. */
	bool failed_before = g->rd.failed;
	g->rd.failed = false;
	if (g->check_missing)
		missing_start(&g->miss, g->out->buf.len);
	g->too_big = false;
	one_input(g);
	if (g->check_missing && !missing_end(&g->miss, g->rd.in.name, g->too_big)) {
		g->out->buf.len = g->miss.hold_from; /* none of its records */
		g->rd.records -= g->miss.records;
		g->rd.failed = true;
	}
	g->rd.failed |= failed_before;
}

static void free_shaping(struct ingest *g)
{
	optkeys_free(&g->keys);
	if (g->check_missing)
		missing_free(&g->miss);
	pairs_free(&g->pairs);
	record_free(&g->shaped);
	buf_free(&g->shaped_bytes);
	csv_free(&g->csv);
	buf_free(&g->scratch);
}

int ingest_finish(struct ingest *g)
{
	if (g->stopped) {
		warn("stopped at the first rejected record (--strict)");
		g->rd.failed = true;
	} else if (!g->rd.failed && !optkeys_report(&g->keys)) {
		/* a key of an option in no record: the output is void */
		g->rd.failed = true;
	}
	if (g->o.recode)
		recode_report(g->o.recode);
	free_shaping(g);
	return reader_finish(&g->rd, g->out, EXIT_OK);
}

/* ---- a range of a file, for threads ---- */

static bool read_part(struct ingest *g, const char *path, off_t start,
		      off_t end, bool last)
{
	if (!input_open_range(&g->rd.in, path, start, end))
		return false;
	read_lines(g, last);
	input_close(&g->rd.in);
	return !g->stopped && !g->rd.failed;
}

bool ingest_range(const struct ingest_opts *o, const char *path, off_t start,
		  off_t end)
{
	struct ingest_opts quiet = *o;
	quiet.quiet = true;
	struct ingest g;
	init_shaping(&g, &quiet, NULL);
	record_init(&g.rd.rec); /* a reader's record, without the reader */
	g.f = o->format;
	/* A CSV file's header first, its first line; a line of the others
	 * is a record on its own. The dialect is to be given, not guessed
	 * from a first line that this range may not hold. */
	bool csv = o->format == INGEST_CSV || o->format == INGEST_TSV;
	bool ok = (csv || o->format == INGEST_JSONL ||
		   o->format == INGEST_LOGFMT) &&
		  (start == 0 || !csv ||
		   (read_part(&g, path, 0, 1, false) && g.csv.have_header)) &&
		  read_part(&g, path, start, end, true);
	free_shaping(&g);
	record_free(&g.rd.rec);
	return ok;
}
