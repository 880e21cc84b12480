/* verify.h - checking a sealed folder: the chain from the trust anchor,
 * each seal signed by its own epoch's key, every sealed file as sealed,
 * every day present, no file outside the seals.
 *
 * Each problem is one line on stdout, "WHERE: KIND: what", WHERE a path
 * relative to the folder or a day; KIND one of those in verify.c's table
 * (dcr-seal(1), DIAGNOSTICS). Re-runs are listed as history lines
 * ("DAY: re-run: ..."), and a last line sums up. Nothing is written to the
 * folder, no secret is needed, no record value is printed.
 *
 * Ownership: the caller owns the options and their strings.
 */
#ifndef DCR_VERIFY_H
#define DCR_VERIFY_H

#include <stddef.h>

#include "seal/digest.h"

struct verify_opts {
	const char *dir;
	unsigned char anchor[DIGEST_PUBLIC_BYTES]; /* epoch 0's public key */
	const char *through;	/* the last day expected, or NULL */
	char **ignore;		/* fnmatch patterns of paths not sealed */
	size_t nignore;
	char **missing;		/* days known to be missing: not problems */
	size_t nmissing;
};

/* The number of problems found (0: every seal holds). */
size_t verify_dir(const struct verify_opts *o);

/* Read a trust anchor: 64 hex digits, or a file holding the record
 * "seal_anchor=1 key=HEX" that dcr-seal --new-key writes. Dies on error. */
void verify_read_anchor(const char *arg, unsigned char out[DIGEST_PUBLIC_BYTES]);

#endif
