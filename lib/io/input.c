/* input.c - files and stdin, plain or gzip, split into lines in place. */
#include "io/input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "io/gzip.h"
#include "base/progress.h"
#include "base/xmalloc.h"

size_t input_max_record = INPUT_DEFAULT_MAX_RECORD;

/* Large reads amortise system calls; the buffer also holds one maximal
 * line that straddles two reads. */
enum { READ_BLOCK = 1 << 20 };

/* A pipe of the default 64 KiB makes the two ends of a pipeline take turns
 * every 64 KiB, a context switch each; at 1 MiB (the default
 * /proc/sys/fs/pipe-max-size) each side runs a whole block ahead. A refusal
 * (a lower limit, the per-user quota) is no error, and a pipe that someone
 * made larger is never shrunk. */
void pipe_enlarge(int fd)
{
	enum { PIPE_WANT = 1 << 20 };
	int now = fcntl(fd, F_GETPIPE_SZ);
	if (now >= 0 && now < PIPE_WANT)
		(void)fcntl(fd, F_SETPIPE_SZ, PIPE_WANT);
}

static void report(struct input *in, const char *what, int errnum)
{
	if (in->quiet)
		return;
	if (errnum)
		warn("%s: %s: %s", in->name, what, strerror(errnum));
	else
		warn("%s: %s", in->name, what);
}

/* Read raw bytes from the file, retrying on EINTR. */
static ssize_t read_raw(struct input *in, char *p, size_t n)
{
	ssize_t r;
	do
		r = read(in->fd, p, n);
	while (r < 0 && errno == EINTR);
	if (r > 0)
		in->bytes_in += (uint64_t)r;
	return r;
}

/* Append more decoded bytes at buf[end]; false after reporting an error. */
static bool fill(struct input *in)
{
	if (in->pos > 0 && in->cap - in->end < READ_BLOCK) {
		memmove(in->buf, in->buf + in->pos, in->end - in->pos);
		in->end -= in->pos;
		in->pos = 0;
	}
	size_t room = in->cap - in->end;
	ssize_t r;
	if (in->gz) {
		const char *msg = NULL;
		r = gzr_read(in->gz, in->buf + in->end, room, &msg);
		if (r < 0) {
			report(in, msg ? msg : "read error", msg ? 0 : errno);
			return false;
		}
	} else {
		r = read_raw(in, in->buf + in->end, room);
		if (r < 0) {
			report(in, "read error", errno);
			return false;
		}
	}
	if (r == 0)
		in->eof = true;
	in->end += (size_t)r;
	if (!in->quiet)
		progress_update(in->name, in->bytes_in, in->size);
	return true;
}

/* First read: decide gzip or plain by the magic bytes, drop a BOM. The
 * first read is small enough to hand to the gzip reader's input buffer. */
enum { HEAD_READ = 1 << 16 };

static bool start(struct input *in)
{
	in->started = true;
	ssize_t r = 0;
	size_t got = 0;
	while (got < 3) {
		r = read_raw(in, in->buf + got, HEAD_READ - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (r < 0) {
		report(in, "read error", errno);
		return false;
	}
	if (gz_magic(in->buf, got)) {
		if (in->stop >= 0) {
			report(in, "gzip data cannot be read by ranges", 0);
			return false;
		}
		in->gz = gzr_new(in->fd, in->buf, got);
		got = 0;
	} else if (gz_has_suffix(in->name)) {
		report(in, "not in gzip format", 0);
		return false;
	} else if (got < 3) {
		in->eof = (r == 0);
	}
	in->end = got;
	while (in->gz && in->end < 3 && !in->eof)
		if (!fill(in))
			return false;
	if (in->end >= 3 && memcmp(in->buf, "\xEF\xBB\xBF", 3) == 0) {
		in->pos = 3;
		in->bom = true;
	}
	return true;
}

static bool open_path(struct input *in, const char *path, bool quiet)
{
	memset(in, 0, sizeof *in);
	in->size = -1;
	in->stop = -1;
	in->quiet = quiet;
	if (!path || strcmp(path, "-") == 0) {
		in->name = "(stdin)";
		in->fd = STDIN_FILENO;
	} else {
		in->name = path;
		in->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (in->fd < 0) {
			report(in, "cannot open", errno);
			return false;
		}
	}
	struct stat st;
	if (fstat(in->fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			report(in, "is a directory", 0);
			input_close(in);
			return false;
		}
		if (S_ISREG(st.st_mode)) {
			in->size = st.st_size;
			posix_fadvise(in->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
		} else if (S_ISFIFO(st.st_mode)) {
			pipe_enlarge(in->fd);
		}
	}
	in->cap = size_add(input_max_record, size_mul(2, READ_BLOCK));
	in->buf = xmalloc(in->cap);
	return true;
}

bool input_open(struct input *in, const char *path)
{
	return open_path(in, path, false);
}

bool input_open_range(struct input *in, const char *path, off_t start,
		      off_t end)
{
	if (!path || strcmp(path, "-") == 0 || start < 0 || end < start ||
	    !open_path(in, path, true))
		return false;
	in->stop = end;
	if (start == 0)
		return true; /* the start of the file: magic and BOM as usual */
	/* From the byte before start, so that a line starting at start is
	 * told from the tail of one that started before (the range before
	 * reads it). */
	in->origin = start - 1;
	if (lseek(in->fd, in->origin, SEEK_SET) < 0) {
		input_close(in);
		return false;
	}
	in->started = true;
	in->skipping = true;
	return true;
}

/* The file offset where the line at buf[pos] starts, for a range. The
 * first line starts at 0 even when a byte order mark was dropped before
 * it: a range [0, 1) holds it, and the range after does not. */
static off_t offset_at_pos(const struct input *in)
{
	off_t at = in->origin + (off_t)in->bytes_in - (off_t)(in->end - in->pos);
	return in->origin == 0 && at == 3 && in->bom ? 0 : at;
}

off_t input_plain_size(const char *path)
{
	if (strcmp(path, "-") == 0 || gz_has_suffix(path))
		return -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	unsigned char magic[2] = {0, 0};
	off_t size = -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_size < 2 || (pread(fd, magic, 2, 0) == 2 &&
				!gz_magic(magic, 2))))
		size = st.st_size;
	close(fd);
	return size;
}

bool input_ranges_worthwhile(char **files, int nfiles)
{
	bool large = false;
	for (int i = 0; i < nfiles; i++) {
		off_t size = input_plain_size(files[i]);
		if (size < 0)
			return false;
		if ((uint64_t)size >= 2 * INPUT_MIN_RANGE)
			large = true;
	}
	return large;
}

int input_range_count(off_t size, int jobs)
{
	uint64_t ranges = (uint64_t)size / INPUT_MIN_RANGE;
	return ranges < 1 ? 1 : ranges > (uint64_t)jobs ? jobs : (int)ranges;
}

void input_range(off_t size, int k, int n, off_t *start, off_t *end)
{
	*start = (off_t)((uint64_t)size * (uint64_t)k / (uint64_t)n);
	*end = (off_t)((uint64_t)size * (uint64_t)(k + 1) / (uint64_t)n);
}

/* Skip the rest of an over-long line. IN_LINE: skipped, go on. */
static enum input_status skip_long(struct input *in)
{
	for (;;) {
		char *p = in->buf + in->pos;
		char *nl = memchr(p, '\n', in->end - in->pos);
		if (nl) {
			in->pos = (size_t)(nl + 1 - in->buf);
			in->skipping = false;
			return IN_LINE;
		}
		in->pos = in->end;
		if (in->eof)
			return IN_EOF;
		if (!fill(in))
			return IN_ERROR;
	}
}

/* A partial line longer than the maximum: count it and skip it. */
static enum input_status too_long(struct input *in)
{
	in->lineno++;
	in->pos = in->end;
	in->skipping = true;
	return IN_LONG;
}

/* Start the input, and finish skipping an over-long line: IN_LINE when
 * reading may go on. */
static enum input_status ready(struct input *in)
{
	if (!in->started && !start(in))
		return IN_ERROR;
	return in->skipping ? skip_long(in) : IN_LINE;
}

enum input_status input_getline(struct input *in, struct slice *line)
{
	enum input_status st = ready(in);
	if (st != IN_LINE)
		return st;
	if (in->stop >= 0 && offset_at_pos(in) >= in->stop)
		return IN_EOF; /* the next line starts in the next range */
	for (;;) {
		char *p = in->buf + in->pos;
		size_t avail = in->end - in->pos;
		char *nl = memchr(p, '\n', avail);
		if (nl) {
			size_t len = (size_t)(nl - p);
			in->pos += len + 1;
			in->lineno++;
			if (len > input_max_record)
				return IN_LONG;
			*line = slice_of(p, len);
			return IN_LINE;
		}
		if (avail > input_max_record)
			return too_long(in);
		if (in->eof) {
			if (avail == 0)
				return IN_EOF;
			in->pos = in->end;
			in->lineno++;
			*line = slice_of(p, avail);
			return IN_LINE;
		}
		if (!fill(in))
			return IN_ERROR;
	}
}

/* In a range, of the complete lines at p (the last ends at last): the LF
 * that ends the last one starting before the range's stop. */
static char *range_last(const struct input *in, char *p, char *last)
{
	/* the line that holds the byte before the stop is the last one; a
	 * stop inside a dropped byte order mark leaves the first line */
	off_t buf0 = in->origin + (off_t)in->bytes_in - (off_t)in->end;
	off_t before = in->stop - 1 - buf0;
	char *from = before <= (off_t)in->pos ? p : in->buf + before;
	if (from > last)
		return last; /* the line after last starts before the stop */
	return memchr(from, '\n', (size_t)(last + 1 - from));
}

enum input_status input_block(struct input *in, struct slice *block)
{
	enum input_status st = ready(in);
	if (st != IN_LINE)
		return st;
	if (in->stop >= 0 && offset_at_pos(in) >= in->stop)
		return IN_EOF; /* the next line starts in the next range */
	for (;;) {
		char *p = in->buf + in->pos;
		size_t avail = in->end - in->pos;
		char *last = avail ? memrchr(p, '\n', avail) : NULL;
		if (last && in->stop >= 0)
			last = range_last(in, p, last);
		if (last || (in->eof && avail)) {
			size_t n = last ? (size_t)(last + 1 - p) : avail;
			in->pos += n;
			*block = slice_of(p, n);
			return IN_LINE;
		}
		if (avail > input_max_record)
			return too_long(in);
		if (in->eof)
			return IN_EOF;
		if (!fill(in))
			return IN_ERROR;
	}
}

bool input_is_file(const struct input *in, dev_t dev, ino_t ino)
{
	struct stat st;
	return fstat(in->fd, &st) == 0 && st.st_dev == dev && st.st_ino == ino;
}

void input_close(struct input *in)
{
	gzr_free(in->gz);
	in->gz = NULL;
	if (in->fd > STDIN_FILENO)
		close(in->fd);
	in->fd = -1;
	free(in->buf);
	in->buf = NULL;
}
