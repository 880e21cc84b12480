/* seal.h - sealing one publication of one day of a folder.
 *
 * A publication names the day, every file it publishes (paths relative to
 * the folder) with size and SHA-256, the archive's census, the sources of
 * the nightly manifest, the previous manifest's hash and, for a re-run,
 * the manifest it supersedes. It is signed with the key of its epoch and
 * certifies the next; the key file then moves to the next epoch
 * (key/sign.h). The manifest goes to DIR/seals/EPOCH-DAY.seal, atomically;
 * nothing else in DIR is written.
 *
 * Ownership: the caller owns the job and its strings.
 */
#ifndef DCR_SEAL_H
#define DCR_SEAL_H

#include <stddef.h>

struct seal_job {
	const char *dir;	/* the folder sealed */
	const char *key_path;	/* the signing key file */
	const char *day;	/* YYYY-MM-DD */
	const char *archive;	/* relative to dir, or NULL: its census */
	const char *sources;	/* the nightly manifest (a path), or NULL */
	char **files;		/* NAME (relative to dir) or NAME=PATH (read at
				 * PATH, sealed as NAME); none: an empty day */
	size_t nfiles;
};

/* Seal; print the manifest's path (relative to dir) on stdout. Dies with a
 * message saying what to do when anything is wrong; nothing is then
 * written and the key stays at its epoch. */
void seal_publish(const struct seal_job *j);

/* Make a signing key file and print its trust anchor (the public key of
 * epoch 0) as a record on stdout, or into anchor_path when not NULL. */
void seal_new_key(const char *key_path, const char *anchor_path);

/* True when s is a path seal_publish() accepts: relative, no empty, "."
 * or ".." component, no component starting with '.', not under seals/. */
int seal_path_ok(const char *s);

#endif
