/* sealdir.h - the seal folder of a sealed folder: DIR/seals/, its lock,
 * its manifests by name, and whole-file reads.
 *
 * Ownership: a struct sealdir owns its open descriptors and the names it
 * listed; sealdir_close() releases them.
 */
#ifndef DCR_SEALDIR_H
#define DCR_SEALDIR_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"

#define SEALDIR_NAME "seals"

struct sealname {
	char *name;	/* "000005-2024-03-01.seal" */
	uint64_t epoch;
	char day[11];
};

struct sealdir {
	const char *dir;	/* the sealed folder, as given */
	int dirfd, sealfd, lockfd;
	struct sealname *names;	/* sorted by epoch, then name */
	size_t n;
	char **others;		/* entries of seals/ that are not manifests */
	size_t nothers;
};

/* Open dir and dir/seals. create: make seals/ when missing and take its
 * lock (waiting for another run); else open read-only and take no lock.
 * Dies when dir cannot be opened. Without seals/ and without create, the
 * listing is empty. */
void sealdir_open(struct sealdir *s, const char *dir, bool create);
void sealdir_close(struct sealdir *s);

/* Read the file at path (relative to dirfd) whole into out (reset first);
 * 0 or an errno value. */
int sealdir_read(int dirfd, const char *path, struct buf *out);

#endif
