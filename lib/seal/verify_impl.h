/* verify_impl.h - the state of a verification, which verify.c fills and
 * verify_files.c reads, and its problem lines (verify_problem.c). Internal
 * to seal/. Its days are numbers of verify_day.h.
 *
 * Ownership: verify.c owns the state and frees it.
 */
#ifndef DCR_VERIFY_IMPL_H
#define DCR_VERIFY_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "seal/manifest.h"
#include "seal/sealdir.h"
#include "seal/verify_day.h"
#include "seal/verify.h"

/* A file by identity: the same file under another name (a link, the
 * folder a link points to) is the sealed one. */
struct ident {
	dev_t dev;
	ino_t ino;
};

struct pub {
	const struct sealname *sn;
	struct manifest m;
	struct buf text;	/* the manifest file's bytes */
	bool usable;	/* parsed; its day counts and its files are checked */
	bool current;	/* the latest publication of its day */
};

struct vstate {
	const struct verify_opts *o;
	struct sealdir s;
	struct pub *pubs;	/* usable ones sorted by epoch, then the rest */
	size_t n, nusable;
	size_t problems, reruns;
	int64_t first_day, last_day; /* day numbers of the usable seals */
	char **sealed;		/* paths of the current publications, sorted */
	size_t nsealed;
	struct ident *ids;	/* and the files they are, sorted */
	size_t nids;
};

/* "WHERE: KIND: what" on stdout, counted (verify_problem.c). */
void verify_problem(struct vstate *v, const char *where, const char *kind,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
