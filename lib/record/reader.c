/* reader.c - the record-reading loop shared by the commands. */
#include "record/reader.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/progress.h"
#include "base/xmalloc.h"
#include "record/keydecl.h"

void reader_init(struct reader *rd, char **paths, int npaths,
		 struct output *reject)
{
	memset(rd, 0, sizeof *rd);
	record_init(&rd->rec);
	rd->reject = reject;
	rd->paths = paths;
	rd->npaths = npaths;
	progress_count(&rd->records);
}

bool reader_open_range(struct reader *rd, const char *path, off_t start,
		       off_t end)
{
	memset(rd, 0, sizeof *rd);
	record_init(&rd->rec);
	rd->defer = true;
	rd->open = input_open_range(&rd->in, path, start, end);
	return rd->open;
}

void reader_warn(const struct reader *rd, uint64_t lineno, const char *why,
		 size_t col)
{
	if (col != (size_t)-1)
		warn_at(rd->in.name, lineno, "%s (column %zu)", why, col + 1);
	else
		warn_at(rd->in.name, lineno, "%s", why);
}

void reader_reject_long(struct reader *rd, uint64_t lineno)
{
	reader_reject(rd, slice_of(NULL, 0), lineno, INPUT_LONG_LINE, (size_t)-1);
}

/* Count a bad line under its kind; true while its kind is still named. */
static bool tell(struct reader *rd, const char *why)
{
	size_t i = 0;
	while (i < rd->nkinds && strcmp(rd->kinds[i].why, why) != 0)
		i++;
	if (i == rd->nkinds) {
		if (i == READER_KINDS)
			return rd->other_kinds++ < READER_SHOWN;
		rd->kinds[rd->nkinds++].why = xstrdup(why);
	}
	return rd->kinds[i].n++ < READER_SHOWN;
}

/* The count of each kind that had more bad lines than were named. */
static void summarize(struct reader *rd)
{
	for (size_t i = 0; i < rd->nkinds; i++) {
		if (rd->kinds[i].n > READER_SHOWN)
			warn("%s: %llu lines, the first %d named above",
			     rd->kinds[i].why, (unsigned long long)rd->kinds[i].n,
			     READER_SHOWN);
		free(rd->kinds[i].why);
	}
	if (rd->other_kinds > READER_SHOWN)
		warn("%llu lines of other kinds, the first %d named above",
		     (unsigned long long)rd->other_kinds, READER_SHOWN);
	rd->nkinds = 0;
	rd->other_kinds = 0;
}

void reader_reject(struct reader *rd, struct slice line, uint64_t lineno,
		   const char *why, size_t col)
{
	rd->rejected++;
	if (rd->defer) {
		rd->deferred = true;
		return;
	}
	if (tell(rd, why))
		reader_warn(rd, lineno, why, col);
	else
		err_seen = 1; /* as warn_at would */
	if (!rd->reject)
		return;
	struct buf *b = &rd->reject->buf;
	buf_adds(b, "# ");
	buf_adds(b, rd->in.name);
	buf_addc(b, ':');
	buf_add_u64(b, lineno);
	buf_adds(b, ": ");
	buf_adds(b, why);
	buf_addc(b, '\n');
	if (line.p) {
		buf_add(b, line.p, line.n);
		buf_addc(b, '\n');
	}
	out_maybe_flush(rd->reject);
}

bool reader_next_input(struct reader *rd)
{
	if (rd->open) {
		input_close(&rd->in);
		rd->open = false;
	}
	int n = rd->npaths ? rd->npaths : 1;
	while (rd->next < n) {
		const char *path = rd->npaths ? rd->paths[rd->next] : "-";
		rd->next++;
		if (input_open(&rd->in, path)) {
			rd->open = true;
			return true;
		}
		rd->failed = true;
	}
	return false;
}

struct record *reader_next(struct reader *rd)
{
	if (!rd->open && !reader_next_input(rd))
		return NULL;
	for (;;) {
		struct slice line;
		enum input_status st = input_getline(&rd->in, &line);
		if (st == IN_LINE) {
			const char *why;
			size_t col;
			enum record_status rs =
				record_parse(&rd->rec, line.p, line.n, &why, &col);
			if (rs == REC_OK) {
				rd->line = line;
				rd->records++;
				return &rd->rec;
			}
			if (rs == REC_ERROR)
				reader_reject(rd, line, rd->in.lineno, why, col);
			else
				reader_declaration(rd, line, rd->in.lineno);
			continue;
		}
		if (st == IN_LONG) {
			reader_reject_long(rd, rd->in.lineno);
			continue;
		}
		if (st == IN_ERROR)
			rd->failed = true;
		if (!reader_next_input(rd))
			return NULL;
	}
}

bool reader_declaration(struct reader *rd, struct slice line, uint64_t lineno)
{
	if (rd->defer && lineno == 1) {
		rd->deferred = true; /* a comment, perhaps a declaration */
		return false;
	}
	if (!rd->kc || lineno != 1)
		return false;
	size_t before = rd->declared.n;
	switch (keydecl_parse(line.p, line.n, &rd->declared)) {
	case KEYDECL_NONE: return false;
	case KEYDECL_BAD: die_at(rd->in.name, lineno, "%s", keydecl_bad);
	case KEYDECL_OK: break;
	}
	for (size_t i = before; i < rd->declared.n; i++)
		keycheck_know(rd->kc, rd->declared.k[i], rd->declared.len[i]);
	return true;
}

void reader_free(struct reader *rd)
{
	keylist_free(&rd->declared);
	if (rd->open)
		input_close(&rd->in);
	record_free(&rd->rec);
	for (size_t i = 0; i < rd->nkinds; i++)
		free(rd->kinds[i].why);
	rd->nkinds = 0;
}

int reader_finish(struct reader *rd, struct output *out, int status)
{
	summarize(rd);
	reader_free(rd);
	if (rd->reject)
		out_close(rd->reject);
	if (rd->failed) {
		out_abandon(out);
		return EXIT_TROUBLE;
	}
	out_close(out);
	if (rd->rejected) {
		warn("%llu line%s rejected", (unsigned long long)rd->rejected,
		     rd->rejected == 1 ? "" : "s");
		return EXIT_TROUBLE;
	}
	return err_seen ? EXIT_TROUBLE : status;
}

struct output *reader_open_outputs(char **paths, int npaths,
				   struct output *out, const char *outpath,
				   struct output *rej, const char *rejectpath)
{
	out_prepare(out, outpath, outpath ? "output file" : "standard output",
		    0666);
	if (rejectpath)
		out_prepare(rej, rejectpath, "--reject file", 0600);
	for (int i = 0; i < npaths; i++)
		out_refuse_input(paths[i]);
	if (npaths == 0)
		out_refuse_input("-");
	out_start(out);
	if (!rejectpath)
		return NULL;
	out_start(rej);
	return rej;
}
