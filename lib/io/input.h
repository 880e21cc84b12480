/* input.h - reading input files line by line, fast.
 *
 * An input is a file or stdin, plain or gzip (detected by its magic bytes,
 * never its name), read in large blocks into one buffer; lines come out as
 * slices into that buffer, valid until the next call. A UTF-8 byte order
 * mark at the start of the data is dropped. Lines longer than
 * input_max_record are reported and skipped, never split.
 *
 * Ownership: struct input owns its buffer and gzip state; input_close()
 * frees them and closes the file (not stdin).
 */
#ifndef DCR_INPUT_H
#define DCR_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/buf.h"

/* Longest line accepted, in bytes (without LF). dcr-records(5). */
extern size_t input_max_record;
#define INPUT_DEFAULT_MAX_RECORD ((size_t)1 << 20)
/* What is said of a line (or a CSV record of several lines) beyond it, in
 * every command. */
#define INPUT_LONG_LINE "line longer than the maximum record length"
#define INPUT_LONG_RECORD "record longer than the maximum record length"

struct gzr;

struct input {
	const char *name;  /* for diagnostics: the path, or "(stdin)" */
	uint64_t lineno;   /* number of the line last returned */
	uint64_t bytes_in; /* bytes read from the file (compressed) */
	off_t size;	   /* of a regular file, else -1 */
	/* private */
	int fd;
	struct gzr *gz;
	char *buf;
	size_t cap, pos, end;
	bool eof, started, skipping, bom;
	bool quiet;	   /* a range: nothing reported, no progress */
	off_t origin;	   /* file offset of the first byte read */
	off_t stop;	   /* a range: no line starting here or later; else -1 */
};

enum input_status {
	IN_LINE,  /* *line holds the next line, without its LF */
	IN_EOF,
	IN_LONG,  /* a line longer than input_max_record was skipped */
	IN_ERROR  /* a read or gzip error, already reported; stop this input */
};

/* Open path ("-" or NULL for stdin). On failure, report it, set err_seen
 * and return false. */
bool input_open(struct input *in, const char *path);

enum input_status input_getline(struct input *in, struct slice *line);

/* For threads that share the reading of one large file: open path to
 * read, with input_getline(), the lines that start in [start, end), split
 * as a whole pass would split them (a byte order mark at the start of the
 * file dropped, the last line of the file without its LF, IN_LONG for a
 * line longer than input_max_record), so that the ranges of a file
 * together give each of its lines once. path must be a regular file that
 * is not gzip (input_plain_size()). Nothing is reported and no progress
 * shown, since a thread knows no line numbers: a failure to open gives
 * false, a read error IN_ERROR, and the caller then reads the file in one
 * pass with input_open(), which reports what is wrong where it is. */
bool input_open_range(struct input *in, const char *path, off_t start,
		      off_t end);

/* The size of path when it is a regular file that holds no gzip data and
 * is not named *.gz (one that input_open_range() can read), else -1;
 * nothing is reported. */
off_t input_plain_size(const char *path);

/* Threads read a file by ranges of at least INPUT_MIN_RANGE bytes. */
#define INPUT_MIN_RANGE ((size_t)16 << 20)
/* True when every file can be read by ranges (input_plain_size()) and one
 * of them is large enough to be cut into two. */
bool input_ranges_worthwhile(char **files, int nfiles);
/* The ranges for jobs threads of a file of size bytes: one for each
 * INPUT_MIN_RANGE, at least 1 and at most jobs. */
int input_range_count(off_t size, int jobs);
/* Range k of n equal ranges of size bytes: [*start, *end). */
void input_range(off_t size, int k, int n, off_t *start, off_t *end);

/* The block interface, for callers that search the whole buffer before
 * splitting lines (as grep does): a run of complete lines, each ending in
 * LF except perhaps the very last line of the input; of a range, only the
 * lines that start in it. Line numbers are not
 * counted: the caller adds the lines it consumed to in->lineno. A line
 * longer than the maximum gives IN_LONG with in->lineno set to it only when
 * it does not fit in the buffer: callers check the length of the lines in
 * a block themselves (dcr-filter does). */
enum input_status input_block(struct input *in, struct slice *block);

void input_close(struct input *in);

/* Make fd, if it is a pipe, 1 MiB large; failures are ignored. */
void pipe_enlarge(int fd);

/* The identity of the file behind fd, to refuse writing to an input. */
bool input_is_file(const struct input *in, dev_t dev, ino_t ino);

#endif
