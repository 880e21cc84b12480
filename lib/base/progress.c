/* progress.c - the progress line: rate-limited, terminal only. */
#include "base/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum { UNKNOWN, ON, OFF } state;
static double start, last;
static uint64_t total_before; /* bytes of the inputs finished earlier */
static uint64_t last_done;
static const char *last_name;
static const uint64_t *records;
static bool shown;
/* TERM=dumb (or no TERM) understands a carriage return but no escape
 * codes: the line is then overwritten with blanks instead of erased. */
static bool dumb;
static int width; /* of the line last drawn */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_disable(void) { state = OFF; }

void progress_count(const uint64_t *counter) { records = counter; }

static void put_bytes(char *out, size_t n, double b)
{
	static const char *const units[] = {"B", "KB", "MB", "GB", "TB"};
	int u = 0;
	while (b >= 1000 && u < 4)
		b /= 1000, u++;
	snprintf(out, n, u ? "%.1f %s" : "%.0f %s", b, units[u]);
}

static void draw(const char *name, uint64_t done, off_t size, double t)
{
	double elapsed = t - start;
	uint64_t all = total_before + done;
	char bytes[32], rate[32], tail[64] = "";
	put_bytes(bytes, sizeof bytes, (double)all);
	put_bytes(rate, sizeof rate, (double)all / elapsed);
	if (size > 0 && done <= (uint64_t)size && done > 0) {
		double left = (double)((uint64_t)size - done) /
			      ((double)all / elapsed);
		snprintf(tail, sizeof tail, ", %d%% of %s, %d:%02d left",
			 (int)(100.0 * (double)done / (double)size), name,
			 (int)left / 60, (int)left % 60);
	}
	char recs[48] = "";
	if (records)
		snprintf(recs, sizeof recs, ", %.2f M records/s",
			 (double)*records / elapsed / 1e6);
	char line[256];
	int n = snprintf(line, sizeof line, "%s read, %s/s%s%s", bytes, rate, recs, tail);
	if (n < 0)
		return;
	if (n >= (int)sizeof line)
		n = (int)sizeof line - 1;
	if (dumb)
		fprintf(stderr, "\r%s%*s", line, width > n ? width - n : 0, "");
	else
		fprintf(stderr, "\r\033[K%s", line);
	width = n;
	shown = true;
}

void progress_update(const char *name, uint64_t done, off_t size)
{
	if (state == OFF)
		return;
	double t = now();
	if (state == UNKNOWN) {
		state = isatty(STDERR_FILENO) ? ON : OFF;
		const char *term = getenv("TERM");
		dumb = !term || !*term || strcmp(term, "dumb") == 0;
		start = last = t;
		atexit(progress_clear);
		if (state == OFF)
			return;
	}
	if (name != last_name) { /* a new input */
		if (last_name)
			total_before += last_done;
		last_name = name;
	}
	last_done = done;
	if (t - start < 2.0 || t - last < 0.25)
		return;
	last = t;
	draw(name, done, size, t);
}

void progress_clear(void)
{
	if (shown) {
		if (dumb)
			fprintf(stderr, "\r%*s\r", width, "");
		else
			fputs("\r\033[K", stderr);
		fflush(stderr);
		shown = false;
	}
}
