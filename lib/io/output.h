/* output.h - buffered, checked output to stdout, a device, or an atomic
 * -o FILE.
 *
 * Callers append to out->buf and call out_maybe_flush() after each record;
 * bytes reach the file in large writes. Every write is checked: a failure
 * (full disk, closed stdout) dies with a message and status 2. A broken
 * pipe ends the process quietly through the default SIGPIPE action.
 *
 * What a path names decides how it is written (README, "Contracts"):
 *  - a regular file, or nothing yet: bytes go to a temporary file in the
 *    same directory, which out_close() fsyncs and renames over it: readers
 *    see the old file or the whole new one. If the process dies first
 *    (die(), SIGINT, SIGTERM, SIGHUP), the temporary file is removed and
 *    the old file is untouched. A replaced file keeps its mode, and its
 *    owner and group where the process may set them (the group's bits are
 *    cleared when the group cannot be kept); a new file gets the mode
 *    asked for (0666, or 0600 for rejects) less the umask. A file opened
 *    with mode 0600 is always 0600, replaced or not.
 *  - a symbolic link is followed (to any depth) and its target replaced
 *    as above, in the target's directory; the link stays.
 *  - a character device, FIFO or socket, or one of the process's own
 *    descriptors (/dev/stdout, /dev/fd/N), is written through: never
 *    replaced, and no atomicity is promised.
 *  - a directory or a block device is an error.
 * A temporary file is named ".NAME.dcr-XXXXXX" and locked (flock) for as
 * long as its run lives; opening NAME again removes the temporary files of
 * NAME whose lock is free, which only a dead run's are.
 * A path ending in ".gz" is written gzip-compressed, as members cut at
 * record boundaries (gzmember.h): zcat reads them as usual, and dcr reads
 * them back on several threads.
 *
 * Collisions: an output that is the same file as another output, or as an
 * input, is refused before anything is read (same device and inode, or the
 * same path once links are resolved, also when it does not exist yet).
 * Character devices are exempt: /dev/null may take several outputs.
 *
 * Ownership: at most eight outputs per process, each owning its buffer;
 * the temporary-file names live in this module so that the signal handler
 * can reach them.
 */
#ifndef DCR_OUTPUT_H
#define DCR_OUTPUT_H

#include <stdbool.h>

#include "base/buf.h"

struct gzm_writer;

struct output {
	struct buf buf;
	const char *path; /* as given, for messages; NULL for stdout */
	int fd;		  /* -1 until out_start() */
	struct gzm_writer *gz; /* for a path ending in .gz */
	int slot;	  /* in this module's table of outputs */
};

/* Flush threshold: large writes, bounded memory. */
#define OUT_FLUSH_AT ((size_t)1 << 18)

/* Prepare fds 0-2 at start-up so that a closed stdout is not reused by an
 * input file and fails loudly on the first write instead. */
void out_guard_stdio(void);

/* out_prepare() then out_start(): an output (path NULL or "-": stdout)
 * for records, mode 0666 less the umask when the file is new. */
void out_open(struct output *o, const char *path);

/* Find what path names, refuse a directory or an output opened before
 * that is the same file, but open nothing yet. what names the output in
 * messages ("output file", "--reject file"); mode 0600 makes the file
 * private whatever it was (see above). */
void out_prepare(struct output *o, const char *path, const char *what,
		 unsigned mode);
/* Refuse (die) when the input at path ("-": stdin) is one of the outputs
 * prepared so far. Call for every input before reading any. */
void out_refuse_input(const char *path);
/* Create the temporary file, or open the device; dies on failure. */
void out_start(struct output *o);

void out_flush(struct output *o);
static inline void out_maybe_flush(struct output *o)
{
	if (o->buf.len >= OUT_FLUSH_AT)
		out_flush(o);
}
/* Flush, finish gzip, fsync and rename (or check stdout); dies on error. */
void out_close(struct output *o);

/* Give up on a -o file: remove the temporary file, keep the old one, say
 * so. A stream (stdout, a device) is flushed and closed as by out_close():
 * what was written stands. */
void out_abandon(struct output *o);

#endif
