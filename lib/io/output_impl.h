/* output_impl.h - what the parts of output.h share: the table of outputs.
 *
 * Internal to lib/io: outpath.c finds what a path names and fills a slot
 * (out_prepare, out_refuse_input); outtmp.c makes, locks and removes the
 * temporary files; output.c writes, closes and commits.
 *
 * Ownership: the table is static (the signal handler reaches it without
 * allocating); a slot lives as long as the process.
 */
#ifndef DCR_OUTPUT_IMPL_H
#define DCR_OUTPUT_IMPL_H

#include <limits.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "io/output.h"

enum out_kind {
	OUT_STDOUT,	/* no path */
	OUT_REPLACE,	/* a regular file or nothing: temporary file, rename */
	OUT_THROUGH,	/* a character device, FIFO or socket: written to */
	OUT_DESCRIPTOR	/* /dev/stdout, /dev/fd/N: that descriptor */
};

enum { MAX_OUTPUTS = 8 };

/* What is known of an output from out_prepare() on. */
struct out_slot {
	enum out_kind kind;
	const char *what;
	unsigned mode;		/* asked for: 0666 or 0600 */
	char target[PATH_MAX];	/* the file, links resolved ("" for stdout) */
	bool exists;		/* target was there at out_prepare() */
	struct stat st;		/* ... and was this */
	int fdnum;		/* OUT_DESCRIPTOR: the descriptor named */
	int lockfd;		/* OUT_REPLACE: holds the temporary file's lock */
};
extern struct out_slot out_slots[MAX_OUTPUTS];

/* Create, lock and register the temporary file beside s->target (after
 * removing the ones of dead runs); sets o->fd. Dies on failure. */
void outtmp_create(struct output *o, struct out_slot *s);
const char *outtmp_path(int slot);
/* The temporary file was renamed into place: nothing to remove. */
void outtmp_committed(int slot);
/* Remove the temporary file (out_abandon). */
void outtmp_discard(int slot);

#endif
