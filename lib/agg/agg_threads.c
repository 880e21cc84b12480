/* agg_threads.c - ranges of large files aggregated by threads, merged in
 * order. */
#include "agg/agg_threads.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "io/input.h"
#include "record/record.h"
#include "base/xmalloc.h"

enum { MAX_JOBS = 64 };

struct worker {
	const struct agg_threads *p;
	const char *path;
	off_t start, end;	/* the lines starting in [start, end) */
	struct groupby g;
	struct agg_set *s;
	struct keycheck kc;
	bool failed;
};

static void worker_init(struct worker *w, const struct agg_threads *p)
{
	memset(w, 0, sizeof *w);
	w->p = p;
	w->s = agg_new();
	if (p->cell_key)
		agg_set_cell_key(w->s, p->cell_key);
	for (size_t i = 0; i < p->naggs; i++)
		agg_parse(w->s, p->aggs[i]);
	agg_setup(w->s, false);
	agg_defer_errors(w->s);
	groupby_init(&w->g);
	if (p->group_spec)
		groupby_parse(&w->g, p->group_spec, false);
	groupby_start(&w->g, agg_state_size(w->s), false);
	keycheck_clone(&w->kc, p->kc);
}

static void worker_free(struct worker *w)
{
	for (size_t j = 0; j < w->g.n; j++)
		agg_state_free(w->s, group_state(w->g.groups[j]));
	groupby_free(&w->g);
	agg_free(w->s);
	keycheck_free(&w->kc);
}

static void add_record(void *arg, const struct record *r, const char *file,
		       uint64_t line)
{
	struct worker *w = arg;
	(void)file, (void)line; /* a thread reports nothing */
	keycheck_record(&w->kc, r);
	struct group *gr = groupby_intern(&w->g, r, w->path, 0);
	if (gr)
		agg_add_record(w->s, group_state(gr), r, w->path, 0);
}

static void add_line(struct worker *w, struct record *r, const char *line,
		     size_t len)
{
	const char *why;
	size_t col;
	enum record_status st = record_parse(r, line, len, &why, &col);
	if (st == REC_ERROR) {
		w->failed = true;
		return;
	}
	if (st == REC_OK)
		add_record(w, r, w->path, 0);
}

/* Aggregate the lines that start in the worker's range. */
static void *aggregate_range(void *arg)
{
	struct worker *w = arg;
	const struct agg_threads *p = w->p;
	if (p->read_range) {
		if (!p->read_range(p->read_ctx, w->path, w->start, w->end,
				   add_record, w) || agg_failed(w->s))
			w->failed = true;
		return NULL;
	}
	struct input in;
	if (!input_open_range(&in, w->path, w->start, w->end)) {
		w->failed = true;
		return NULL;
	}
	struct record r;
	record_init(&r);
	struct slice line;
	enum input_status st;
	while (!w->failed && (st = input_getline(&in, &line)) != IN_EOF) {
		if (st != IN_LINE) {
			w->failed = true; /* a line too long, a read error */
			break;
		}
		add_line(w, &r, line.p, line.n);
	}
	if (agg_failed(w->s))
		w->failed = true;
	record_free(&r);
	input_close(&in);
	return NULL;
}

/* Groups merged between two releases of their memory. */
enum { RELEASE_EVERY = 1 << 16 };

/* Merge a worker's groups into g and s, after those of the workers
 * before it. Into no groups yet, the worker's groups are taken whole
 * (their states as they are: a merge into an empty state is a copy), so
 * that every group is not held twice; otherwise the worker's table goes
 * first, since its groups are only read in order. */
static void merge_worker(const struct agg_threads *p, struct worker *w,
			 struct groupby *g, struct agg_set *s)
{
	if (g->n == 0) {
		groupby_adopt(g, &w->g);
	} else {
		groupby_drop_table(&w->g);
		struct groupby_ahead ahead;
		groupby_ahead_start(&ahead, g, &w->g, 0);
		for (size_t j = 0; j < w->g.n; j++) {
			struct group *src = w->g.groups[j];
			struct group *dst = groupby_intern_hashed(
				g, groupby_key(&w->g, src), src->klen,
				groupby_ahead_next(&ahead, g, &w->g, j));
			agg_take_state(s, group_state(dst), w->s,
				       group_state(src));
			agg_state_free(w->s, group_state(src));
			/* the merged groups go as g grows: the two are
			 * not held whole at once */
			if (j % RELEASE_EVERY == RELEASE_EVERY - 1 &&
			    j + 1 < w->g.n) {
				groupby_release_before(&w->g, j + 1);
				xmalloc_give_back();
			}
		}
		w->g.n = 0; /* their states are freed */
	}
	agg_merge_skipped(s, w->s);
	keycheck_merge(p->kc, &w->kc);
	agg_adopt_strings(s, w->s);
	groupby_merge_report(g, &w->g);
}

/* Aggregate one file with n workers and merge them into g and s. */
static bool run_file(const struct agg_threads *p, const char *path,
		     off_t size, int n, struct groupby *g, struct agg_set *s)
{
	struct worker *w = xcalloc((size_t)n, sizeof *w);
	pthread_t *tid = xcalloc((size_t)n, sizeof *tid);
	bool ok = true;
	for (int k = 0; k < n; k++) {
		worker_init(&w[k], p);
		w[k].path = path;
		input_range(size, k, n, &w[k].start, &w[k].end);
	}
	int started = 0;
	for (int k = 1; k < n; k++) {
		if (pthread_create(&tid[k], NULL, aggregate_range, &w[k]) != 0) {
			w[k].failed = true;
			break;
		}
		started = k;
	}
	aggregate_range(&w[0]);
	for (int k = 1; k <= started; k++)
		pthread_join(tid[k], NULL);
	for (int k = 0; k < n; k++)
		if (w[k].failed || (k > started))
			ok = false;
	for (int k = 0; k < n; k++) {
		if (ok)
			merge_worker(p, &w[k], g, s);
		worker_free(&w[k]); /* before the next merge: less at once */
	}
	free(w);
	free(tid);
	return ok;
}

bool agg_threads_run(const struct agg_threads *p, char **files, int nfiles,
		     struct groupby *g, struct agg_set *s)
{
	for (int i = 0; i < nfiles; i++) {
		off_t size = input_plain_size(files[i]);
		if (size < 0)
			return false;
		int n = input_range_count(size, p->jobs);
		if (n > MAX_JOBS)
			n = MAX_JOBS;
		if (!run_file(p, files[i], size, n, g, s))
			return false;
	}
	return true;
}
