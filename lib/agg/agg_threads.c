/* agg_threads.c - ranges of large files aggregated by threads, merged in
 * order. */
#include "agg/agg_threads.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/input.h"
#include "record/record.h"
#include "base/xmalloc.h"

enum { MAX_JOBS = 64, READ_SIZE = 1 << 20 };

struct worker {
	const struct agg_threads *p;
	const char *path;
	off_t start, end;	/* the lines starting in [start, end) */
	struct groupby g;
	struct agg_set *s;
	bool failed;
};

static bool has_gz_suffix(const char *path)
{
	size_t n = strlen(path);
	return n >= 3 && strcmp(path + n - 3, ".gz") == 0;
}

/* Size of a regular, uncompressed file, or -1. */
static off_t plain_size(const char *path)
{
	if (strcmp(path, "-") == 0 || has_gz_suffix(path))
		return -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	unsigned char magic[2] = {0, 0};
	off_t size = -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_size < 2 || (pread(fd, magic, 2, 0) == 2 &&
				!(magic[0] == 0x1f && magic[1] == 0x8b))))
		size = st.st_size;
	close(fd);
	return size;
}

bool agg_threads_eligible(char **files, int nfiles)
{
	bool large = false;
	for (int i = 0; i < nfiles; i++) {
		off_t size = plain_size(files[i]);
		if (size < 0)
			return false;
		if ((uint64_t)size >= 2 * AGG_THREADS_MIN_RANGE)
			large = true;
	}
	return large;
}

static void worker_init(struct worker *w, const struct agg_threads *p)
{
	memset(w, 0, sizeof *w);
	w->p = p;
	w->s = agg_new();
	for (size_t i = 0; i < p->naggs; i++)
		agg_parse(w->s, p->aggs[i]);
	agg_setup(w->s, false);
	agg_defer_errors(w->s);
	groupby_init(&w->g);
	if (p->group_spec)
		groupby_parse(&w->g, p->group_spec, false);
	groupby_start(&w->g, agg_state_size(w->s), false);
}

static void worker_free(struct worker *w)
{
	for (size_t j = 0; j < w->g.n; j++)
		agg_state_free(w->s, w->g.groups[j]->state);
	groupby_free(&w->g);
	agg_free(w->s);
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
	if (st == REC_SKIP)
		return;
	struct group *gr = groupby_intern(&w->g, r, w->path, 0);
	if (gr)
		agg_add_record(w->s, gr->state, r, w->path, 0);
}

/* Read the lines that start in [start, end), as input.c would split them:
 * a byte order mark at the start of the file is dropped, the last line may
 * lack its LF, a line longer than input_max_record is reported (here: the
 * worker fails). */
static void *work(void *arg)
{
	struct worker *w = arg;
	int fd = open(w->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		w->failed = true;
		return NULL;
	}
	posix_fadvise(fd, w->start, w->end - w->start, POSIX_FADV_SEQUENTIAL);
	size_t cap = size_add(input_max_record, 2 * READ_SIZE);
	char *buf = xmalloc(cap);
	struct record r;
	record_init(&r);
	off_t base = w->start > 0 ? w->start - 1 : 0; /* file offset of buf[0] */
	size_t have = 0, pos = 0;
	bool eof = false, skip = w->start > 0, first = w->start == 0;
	while (!w->failed) {
		char *nl = memchr(buf + pos, '\n', have - pos);
		if (!nl && !eof) {
			memmove(buf, buf + pos, have - pos);
			base += (off_t)pos;
			have -= pos;
			pos = 0;
			if (have > input_max_record + 1) {
				w->failed = true; /* a line too long: reported by one pass */
				break;
			}
			ssize_t got;
			do
				got = pread(fd, buf + have, cap - have, base + (off_t)have);
			while (got < 0 && errno == EINTR);
			if (got < 0)
				w->failed = true;
			else if (got == 0)
				eof = true;
			else
				have += (size_t)got;
			if (first && have >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
				pos = 3;
			if (have >= 3 || eof)
				first = false;
			continue;
		}
		if (!nl && pos == have)
			break; /* the end of the file */
		size_t len = nl ? (size_t)(nl - (buf + pos)) : have - pos;
		off_t at = base + (off_t)pos;
		pos += len + (nl != NULL);
		if (skip) {
			skip = false; /* the rest of a line of the range before */
			continue;
		}
		if (at >= w->end)
			break;
		if (len > input_max_record) {
			w->failed = true;
			break;
		}
		add_line(w, &r, buf + at - base, len);
	}
	if (agg_failed(w->s))
		w->failed = true;
	record_free(&r);
	free(buf);
	close(fd);
	return NULL;
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
		w[k].start = (off_t)((uint64_t)size * (uint64_t)k / (uint64_t)n);
		w[k].end = (off_t)((uint64_t)size * (uint64_t)(k + 1) / (uint64_t)n);
	}
	int started = 0;
	for (int k = 1; k < n; k++) {
		if (pthread_create(&tid[k], NULL, work, &w[k]) != 0) {
			w[k].failed = true;
			break;
		}
		started = k;
	}
	work(&w[0]);
	for (int k = 1; k <= started; k++)
		pthread_join(tid[k], NULL);
	for (int k = 0; k < n; k++)
		if (w[k].failed || (k > started))
			ok = false;
	for (int k = 0; ok && k < n; k++) {
		for (size_t j = 0; j < w[k].g.n; j++) {
			struct group *src = w[k].g.groups[j];
			struct group *dst = groupby_intern_key(g, src->key, src->klen);
			agg_merge_state(s, dst->state, w[k].s, src->state);
		}
		agg_merge_skipped(s, w[k].s);
		groupby_merge_report(g, &w[k].g);
	}
	for (int k = 0; k < n; k++)
		worker_free(&w[k]);
	free(w);
	free(tid);
	return ok;
}

bool agg_threads_run(const struct agg_threads *p, char **files, int nfiles,
		     struct groupby *g, struct agg_set *s)
{
	for (int i = 0; i < nfiles; i++) {
		off_t size = plain_size(files[i]);
		if (size < 0)
			return false;
		uint64_t ranges = (uint64_t)size / AGG_THREADS_MIN_RANGE;
		int n = ranges < 1 ? 1 : ranges > (uint64_t)p->jobs ? p->jobs : (int)ranges;
		if (n > MAX_JOBS)
			n = MAX_JOBS;
		if (!run_file(p, files[i], size, n, g, s))
			return false;
	}
	return true;
}
