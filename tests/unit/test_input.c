/* test_input.c - unit tests of lib/io/input.c: the ranges of a file that
 * threads read give each line of a whole pass once, split the same way;
 * input_plain_size() says which files can be read by ranges. The files
 * are made next to this test's binary and removed. */
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/input.h"
#include "unit.h"

static char dir[4096];

static char *make_file(const char *data, size_t n, const char *suffix)
{
	static char paths[4][4200];
	static int k;
	char *path = paths[k++ % 4];
	snprintf(path, sizeof paths[0], "%s/test_input.XXXXXX%s", dir, suffix);
	int fd = mkstemps(path, (int)strlen(suffix));
	if (fd < 0 || write(fd, data, n) != (ssize_t)n) {
		perror(path);
		exit(1);
	}
	close(fd);
	return path;
}

/* The lines of a reading, each followed by '\n' ("<LONG>" for IN_LONG,
 * "<ERROR>" for IN_ERROR), appended to out. */
static void lines_of(struct input *in, char *out, size_t cap)
{
	size_t k = strlen(out);
	struct slice l;
	enum input_status st;
	while ((st = input_getline(in, &l)) != IN_EOF && st != IN_ERROR) {
		const char *p = st == IN_LONG ? "<LONG>" : l.p;
		size_t n = st == IN_LONG ? 6 : l.n;
		if (k + n + 2 > cap)
			abort();
		memcpy(out + k, p, n);
		k += n;
		out[k++] = '\n';
		out[k] = '\0';
	}
	if (st == IN_ERROR) {
		strcat(out, "<ERROR>\n");
	}
	input_close(in);
}

static char whole[1 << 16], parts[1 << 16];

/* The same from input_block(): each block's lines, as lines_of(). */
static void blocks_of(struct input *in, char *out, size_t cap)
{
	size_t k = strlen(out);
	struct slice b;
	enum input_status st;
	while ((st = input_block(in, &b)) == IN_LINE) {
		if (k + b.n + 2 > cap)
			abort();
		memcpy(out + k, b.p, b.n);
		k += b.n;
		if (b.n && b.p[b.n - 1] != '\n')
			out[k++] = '\n';
		out[k] = '\0';
	}
	if (st != IN_EOF)
		strcat(out, "<ERROR>\n");
	input_close(in);
}

typedef void reading_fn(struct input *in, char *out, size_t cap);

/* One way of reading, every cut. */
static void check_ranges_by(const char *data, size_t n, reading_fn *read_all)
{
	char *path = make_file(data, n, "");
	struct input in;
	whole[0] = '\0';
	CHECK(input_open(&in, path));
	read_all(&in, whole, sizeof whole);
	int bad = 0;
	for (size_t a = 0; a <= n; a++) {
		for (size_t b = a; b <= n; b++) {
			off_t cut[4] = {0, (off_t)a, (off_t)b, (off_t)n};
			parts[0] = '\0';
			for (int r = 0; r < 3; r++) {
				if (!input_open_range(&in, path, cut[r], cut[r + 1]))
					bad++;
				else
					read_all(&in, parts, sizeof parts);
			}
			if (strcmp(whole, parts) != 0 && bad++ < 3)
				fprintf(stderr, "ranges [0,%zu) [%zu,%zu) [%zu,%zu): "
					"'%s', want '%s'\n", a, a, b, b, n, parts, whole);
		}
	}
	CHECK(bad == 0);
	unlink(path);
}

/* Cut the file at every pair of offsets into three ranges: together they
 * must read as the whole file, line by line and (without lines too long)
 * block by block. */
static void check_ranges(const char *data, size_t n)
{
	check_ranges_by(data, n, lines_of);
	if (input_max_record >= n)
		check_ranges_by(data, n, blocks_of);
}

int main(int argc, char **argv)
{
	(void)argc;
	snprintf(dir, sizeof dir, "%s", argv[0]);
	snprintf(dir, sizeof dir, "%s", dirname(dir));

	/* Ordinary lines, a blank line, CRLF, no final LF. */
	check_ranges("a=1\nb=22\n\nc=333\r\nd=4", 21);
	/* A byte order mark is dropped at the start of the file only. */
	check_ranges("\xEF\xBB\xBF" "a=1\nb=2\n\xEF\xBB\xBF" "c=3\n", 19);
	/* Empty lines only, and a file without any LF. */
	check_ranges("\n\n\n", 3);
	check_ranges("x=1", 3);
	check_ranges("", 0);
	/* A line too long is IN_LONG once, in the range where it starts. */
	size_t saved = input_max_record;
	input_max_record = 4;
	check_ranges("a=1\nlong=12345\nb=2\nc=toolong", 27);
	input_max_record = saved;

	/* Which files ranges can read. */
	char *plain = make_file("a=1\n", 4, "");
	CHECK(input_plain_size(plain) == 4);
	char *named = make_file("a=1\n", 4, ".gz");
	CHECK(input_plain_size(named) == -1);
	char *gz = make_file("\x1f\x8b\x08\x00", 4, "");
	CHECK(input_plain_size(gz) == -1);
	struct input in;
	/* gzip data that slipped through is an error, not plain text */
	CHECK(input_open_range(&in, gz, 0, 4));
	struct slice l;
	CHECK(input_getline(&in, &l) == IN_ERROR);
	input_close(&in);
	CHECK(input_plain_size(dir) == -1);
	CHECK(input_plain_size("-") == -1);
	CHECK(!input_open_range(&in, "-", 0, 1));
	unlink(plain);
	unlink(named);
	unlink(gz);
	char *none = make_file("", 0, "");
	unlink(none);
	CHECK(input_plain_size(none) == -1);
	CHECK(!input_open_range(&in, none, 0, 1)); /* and says nothing */
	return unit_report("input");
}
