/* fuzz_gzip.c - libFuzzer harness for file input (lib/io/input.c, lib/io/gzip.c).
 * fuzz-needs: lib/io/input.c lib/io/gzip.c lib/io/gzmember.c
 *
 * The first byte chooses a mode, the rest is the payload:
 *   raw:      the payload is the file (plain or gzip, maybe hostile);
 *             reading must end, never crash, and a plain file must come
 *             out exactly as its lines.
 *   members:  the payload is compressed into two members (an empty
 *             member maybe between), by dcr's writer (indexed members,
 *             gzmember.c) and by zlib, in either order: reading must give
 *             exactly the lines of the payload.
 *   cut:      one member, truncated: reading must end with an error, never
 *             a clean end of file (no silent short read).
 *   flip:     one member with one byte changed: an error, or the payload.
 * Other bits choose the file name (".gz" or not), getline or block reads,
 * a small maximum record length so that long lines are exercised, and
 * which writer makes the (first) member.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "base/err.h"
#include "io/gzip.h"
#include "io/gzmember.h"
#include "io/input.h"

enum { MODE_RAW, MODE_MEMBERS, MODE_CUT, MODE_FLIP };

static char path_plain[64], path_gz[64];

static void fail(const char *what)
{
	dprintf(STDERR_FILENO, "fuzz_gzip: property violated: %s\n", what);
	abort();
}

static void setup(void)
{
	static char dir[] = "/tmp/fuzz_gzip.XXXXXX";
	if (!mkdtemp(dir))
		abort();
	snprintf(path_plain, sizeof path_plain, "%s/in.log", dir);
	snprintf(path_gz, sizeof path_gz, "%s/in.log.gz", dir);
	/* The library's diagnostics are expected: send them elsewhere,
	 * leaving fd 2 to the fuzzer and the sanitizers. */
	if (!getenv("FUZZ_VERBOSE"))
		stderr = fopen("/dev/null", "w");
}

static int create(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		abort();
	return fd;
}

static void write_raw(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w <= 0)
			abort();
		p += w;
		n -= (size_t)w;
	}
}

/* One gzip member of p[0..n), by dcr's writer or by zlib. */
static void write_member(int fd, const uint8_t *p, size_t n, int dcr)
{
	if (dcr) { /* (which writes no member at all for no bytes) */
		struct gzm_writer *w = gzm_writer_new(fd);
		if (!gzm_write(w, p, n))
			abort();
		gzm_writer_free(w);
		return;
	}
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	uint8_t out[1 << 14];
	z.next_in = (uint8_t *)p;
	z.avail_in = (uInt)n;
	int rc;
	do {
		z.next_out = out;
		z.avail_out = sizeof out;
		rc = deflate(&z, Z_FINISH);
		write_raw(fd, out, sizeof out - z.avail_out);
	} while (rc == Z_OK);
	if (rc != Z_STREAM_END)
		abort();
	deflateEnd(&z);
}

/* The expected reading of the decoded bytes e[0..n): the oracle walks
 * along e as lines come out. */
struct oracle {
	const uint8_t *e;
	size_t n, pos;
	uint64_t lineno;
};

static size_t line_len(const struct oracle *o, int *has_nl)
{
	const uint8_t *nl = memchr(o->e + o->pos, '\n', o->n - o->pos);
	*has_nl = nl != NULL;
	return nl ? (size_t)(nl - (o->e + o->pos)) : o->n - o->pos;
}

static void expect_line(struct oracle *o, struct slice line)
{
	int nl;
	size_t len = line_len(o, &nl);
	if (o->pos >= o->n && !nl)
		fail("a line after the end of the data");
	if (len > input_max_record)
		fail("a line longer than the maximum was returned");
	if (line.n != len || memcmp(line.p, o->e + o->pos, len) != 0)
		fail("a line differs from the data");
	o->pos += len + (size_t)nl;
	o->lineno++;
}

static void expect_long(struct oracle *o)
{
	int nl;
	size_t len = line_len(o, &nl);
	if (len <= input_max_record)
		fail("a line within the maximum was skipped as too long");
	o->pos += len + (size_t)nl;
	o->lineno++;
}

static void expect_block(struct oracle *o, struct slice b)
{
	if (b.n == 0 || b.n > o->n - o->pos ||
	    memcmp(b.p, o->e + o->pos, b.n) != 0)
		fail("a block differs from the data");
	if (b.p[b.n - 1] != '\n' && o->pos + b.n != o->n)
		fail("a block ends inside a line");
	o->pos += b.n;
}

/* Read the whole file; with an oracle, check every step against it.
 * Returns the last status (IN_EOF or IN_ERROR). */
static enum input_status read_all(const char *path, int blocks,
				  struct oracle *o)
{
	struct input in;
	if (!input_open(&in, path))
		abort();
	enum input_status st;
	struct slice s;
	for (;;) {
		st = blocks ? input_block(&in, &s) : input_getline(&in, &s);
		if (st == IN_EOF || st == IN_ERROR)
			break;
		if (!o)
			continue;
		if (st == IN_LINE && blocks)
			expect_block(o, s);
		else if (st == IN_LINE)
			expect_line(o, s);
		else
			expect_long(o);
		if (!blocks && in.lineno != o->lineno)
			fail("the line number is wrong");
	}
	if (o && st == IN_EOF && o->pos != o->n)
		fail("end of file before the end of the data");
	input_close(&in);
	return st;
}

static struct oracle oracle_of(const uint8_t *e, size_t n)
{
	struct oracle o = {e, n, 0, 0};
	if (n >= 3 && memcmp(e, "\xEF\xBB\xBF", 3) == 0)
		o.pos = 3;
	return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t max_records[8] = {
		INPUT_DEFAULT_MAX_RECORD, 0, 1, 2, 3, 7, 16, 300};
	static int ready;
	if (!ready) {
		setup();
		ready = 1;
	}
	if (size < 2)
		return 0;
	unsigned mode = data[0] & 3;
	int gz_name = data[0] >> 2 & 1;
	int blocks = data[0] >> 3 & 1;
	input_max_record = max_records[data[0] >> 4 & 7];
	int dcr = data[0] >> 7;
	unsigned arg = data[1];
	const uint8_t *p = data + 2;
	size_t n = size - 2;
	const char *path = gz_name ? path_gz : path_plain;

	int fd = create(path);
	if (mode == MODE_RAW) {
		write_raw(fd, p, n);
		close(fd);
		struct oracle o = oracle_of(p, n);
		int plain = !gz_magic(p, n);
		enum input_status st =
			read_all(path, blocks, plain && !gz_name ? &o : NULL);
		if (plain && gz_name && st != IN_ERROR)
			fail("a .gz file that is not gzip was read");
	} else if (mode == MODE_MEMBERS) {
		size_t cut = n * arg / 255;
		write_member(fd, p, cut, dcr);
		if (arg & 1)
			write_member(fd, p, 0, !dcr);
		write_member(fd, p + cut, n - cut, !dcr);
		close(fd);
		struct oracle o = oracle_of(p, n);
		if (read_all(path, blocks, &o) != IN_EOF)
			fail("a good gzip file gave an error");
	} else {
		write_member(fd, p, n, dcr);
		off_t len = lseek(fd, 0, SEEK_END);
		close(fd);
		off_t at = len * (off_t)arg / 256; /* < len */
		if (len == 0) /* dcr's writer writes nothing for nothing */
			;
		else if (mode == MODE_CUT) {
			if (truncate(path, at) < 0)
				abort();
		} else {
			fd = open(path, O_RDWR);
			uint8_t b;
			if (pread(fd, &b, 1, at) != 1)
				abort();
			b ^= (uint8_t)(1u << (arg & 7));
			if (pwrite(fd, &b, 1, at) != 1)
				abort();
			close(fd);
		}
		/* A cut member must fail, after lines that are all true. A
		 * flipped byte may leave the data intact (a header field):
		 * then it must read exactly; inflate may emit garbage before
		 * the CRC check fails, so lines before an error are not
		 * checked. A damaged magic number makes a plain file. */
		struct oracle o = oracle_of(p, n);
		if (at < 2)
			read_all(path, blocks, NULL);
		else if (mode == MODE_CUT) {
			if (read_all(path, blocks, &o) != IN_ERROR)
				fail("a truncated gzip file read without error");
		} else if (read_all(path, blocks, NULL) == IN_EOF)
			read_all(path, blocks, &o);
	}
	return 0;
}
