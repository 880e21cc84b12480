/* output.h - buffered, checked output to stdout or an atomic -o FILE.
 *
 * Callers append to out->buf and call out_maybe_flush() after each record;
 * bytes reach the file in large writes. Every write is checked: a failure
 * (full disk, closed stdout) dies with a message and status 2. A broken
 * pipe ends the process quietly through the default SIGPIPE action.
 *
 * With a path, bytes go to a temporary file in the same directory, which
 * out_close() fsyncs and renames over the path: readers see the old file or
 * the whole new one. If the process dies first (die(), SIGINT, SIGTERM,
 * SIGHUP), the temporary file is removed and the old file is untouched.
 * A path ending in ".gz" is written gzip-compressed, as members cut at
 * record boundaries (gzmember.h): zcat reads them as usual, and dcr reads
 * them back on several threads.
 *
 * Ownership: at most four outputs per process, each owning its buffer; the
 * temporary-file names live in this module so that the signal handler can
 * reach them.
 */
#ifndef DCR_OUTPUT_H
#define DCR_OUTPUT_H

#include <stdbool.h>

#include "base/buf.h"

struct gzm_writer;

struct output {
	struct buf buf;
	const char *path; /* NULL for stdout */
	int fd;
	struct gzm_writer *gz; /* for a path ending in .gz */
	unsigned mode;	/* of a new -o file, before the umask */
	int slot;	/* of its temporary file */
};

/* Flush threshold: large writes, bounded memory. */
#define OUT_FLUSH_AT ((size_t)1 << 18)

/* Prepare fds 0-2 at start-up so that a closed stdout is not reused by an
 * input file and fails loudly on the first write instead. */
void out_guard_stdio(void);

void out_open(struct output *o, const char *path); /* NULL or "-": stdout */
/* As out_open, with the mode of the new file (0600 for reject files). */
void out_open_mode(struct output *o, const char *path, unsigned mode);
void out_flush(struct output *o);
static inline void out_maybe_flush(struct output *o)
{
	if (o->buf.len >= OUT_FLUSH_AT)
		out_flush(o);
}
/* Flush, finish gzip, fsync and rename (or check stdout); dies on error. */
void out_close(struct output *o);

/* Give up on a -o file: remove the temporary file, keep the old one, say
 * so. Standard output is flushed and closed as by out_close(). */
void out_abandon(struct output *o);

/* True when the output file (if any) is the same file as dev/ino. */
bool out_is_file(const struct output *o, const char *input_path);

#endif
