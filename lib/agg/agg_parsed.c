/* agg_parsed.c - dcr-agg -f: the exports parsed by dcr-parse's ingest,
 * each record handed to the run instead of written. */
#include "agg/agg_parsed.h"

#include "base/err.h"
#include "parse/ingest_args.h"
#include "parse/reshape.h"
#include "record/reader.h"
#include "time/stamp.h"

void agg_parsed_encoding(struct agg_parsed *pi, const char *name)
{
	struct ingest_opts o = {0};
	ingest_set_encoding(&o, &pi->enc, name);
	pi->has_enc = true;
}

static void add_parsed(void *run, const struct record *r, const char *file,
		       uint64_t line)
{
	agg_run_record(run, r, file, line);
}

/* A thread's range, parsed as the one pass would (ingest.h); iconv keeps
 * a state per descriptor, so each range converts with one of its own. */
static bool read_parsed_range(void *ctx, const char *path, off_t start,
			      off_t end, agg_record_fn *add, void *worker)
{
	struct ingest_opts o = *(const struct ingest_opts *)ctx;
	o.sink = add;
	o.sink_ctx = worker;
	struct enc own = {0};
	if (o.enc && !enc_open(&own, o.enc->name))
		return false;
	if (o.enc)
		o.enc = &own;
	bool ok = ingest_range(&o, path, start, end);
	enc_close(&own);
	return ok;
}

int agg_parsed_run(struct agg_run *run, struct agg_parsed *pi, char **files,
		   int nfiles, struct output *out, struct output *reject)
{
	struct reshape none;
	reshape_init(&none);
	struct ingest_opts o = {.format = pi->format, .delim = pi->delim,
				.reshape = &none, .sink = add_parsed,
				.sink_ctx = run,
				.enc = pi->has_enc ? &pi->enc : NULL,
				/* record keys are made of the bytes */
				.sink_text = run->cell_key_path != NULL};
	/* Its --tz is that of the buckets: local times stay errors. */
	stamp_refuse_local_times();
	run->read_range = read_parsed_range;
	run->read_ctx = &o;
	int status;
	if (agg_run_threads(run, files, nfiles, reject != NULL)) {
		struct reader rd;
		reader_init(&rd, files, nfiles, reject);
		if (!agg_run_finish(run, out, true))
			rd.failed = true;
		status = reader_finish(&rd, out, EXIT_OK);
	} else {
		struct ingest g;
		ingest_init(&g, &o, files, nfiles, out, reject);
		while (!g.stopped && reader_next_input(&g.rd))
			ingest_input(&g);
		if (!agg_run_finish(run, out, !g.rd.failed))
			g.rd.failed = true;
		status = ingest_finish(&g);
	}
	reshape_free(&none);
	return status;
}

void agg_parsed_free(struct agg_parsed *pi)
{
	enc_close(&pi->enc);
	pi->has_enc = false;
}
