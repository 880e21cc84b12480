/* filter_threads.c - dcr-filter -c: ranges of large files counted by
 * threads. */
#include "filter/filter_threads.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "filter/filter.h"
#include "io/input.h"
#include "record/reader.h"

struct worker {
	const struct filter_threads *p;
	const char *path;
	off_t start, end; /* the lines starting in [start, end) */
	struct keycheck kc;
	uint64_t selected;
	bool failed;
};

/* Count the selected records of the worker's range. */
static void *count_range(void *arg)
{
	struct worker *w = arg;
	struct filter f;
	filter_init(&f);
	f.e = filter_args_build(w->p->args);
	f.invert = w->p->invert;
	f.count_only = true;
	f.kc = &w->kc;
	filter_start(&f, NULL);
	struct reader rd;
	if (reader_open_range(&rd, w->path, w->start, w->end)) {
		rd.kc = &w->kc;
		filter_input(&f, &rd);
		w->selected = f.selected;
	}
	w->failed = !rd.open || rd.deferred || rd.failed;
	reader_free(&rd);
	filter_free(&f);
	return NULL;
}

/* Count one file with n threads into *total and seen; false if a thread
 * failed (then neither is changed). */
static bool count_file(const struct filter_threads *p, const char *path,
		       off_t size, int n, struct keycheck *seen,
		       uint64_t *total)
{
	struct worker *w = xcalloc((size_t)n, sizeof *w);
	pthread_t *tid = xcalloc((size_t)n, sizeof *tid);
	for (int k = 0; k < n; k++) {
		w[k].p = p;
		w[k].path = path;
		input_range(size, k, n, &w[k].start, &w[k].end);
		keycheck_clone(&w[k].kc, p->kc);
	}
	int started = 0;
	for (int k = 1; k < n; k++) {
		if (pthread_create(&tid[k], NULL, count_range, &w[k]) != 0)
			break;
		started = k;
	}
	count_range(&w[0]);
	for (int k = 1; k <= started; k++)
		pthread_join(tid[k], NULL);
	bool ok = started == n - 1;
	for (int k = 0; k <= started; k++)
		ok = ok && !w[k].failed;
	uint64_t sum = 0;
	for (int k = 0; k < n; k++) {
		if (ok) {
			sum += w[k].selected;
			keycheck_merge(seen, &w[k].kc);
		}
		keycheck_free(&w[k].kc);
	}
	if (ok)
		*total += sum;
	free(w);
	free(tid);
	return ok;
}

bool filter_threads_count(const struct filter_threads *p, char **files,
			  int nfiles, uint64_t *count)
{
	struct keycheck seen;
	keycheck_clone(&seen, p->kc);
	uint64_t total = 0;
	bool ok = true;
	for (int i = 0; ok && i < nfiles; i++) {
		off_t size = input_plain_size(files[i]);
		ok = size >= 0 &&
		     count_file(p, files[i], size,
				input_range_count(size, p->jobs), &seen, &total);
	}
	if (ok) {
		keycheck_merge(p->kc, &seen);
		*count = total;
	}
	keycheck_free(&seen);
	return ok;
}
