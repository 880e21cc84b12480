/* manifest.h - a seal manifest: one publication of one day, as dcr records.
 *
 *     # dcr-seal manifest (dcr-seal(1)); check it with dcr-seal --verify
 *     seal=1 day=2024-03-01 epoch=5 files=2 sources=1 key=HEX next_key=HEX prev=HEX
 *     file=archive/2024-03-01.log.gz size=81234 sha256=HEX records=1234 first_ts=... last_ts=...
 *     file=reports/2024-03-01.md size=4321 sha256=HEX
 *     source=nl-ams-01.csv sha256=HEX lines=1301 records=1234 rejects=0
 *     sig=HEX
 *
 * The head names the version (seal=1; readers refuse others), the day, the
 * epoch (publications so far), the public key of this epoch and the one it
 * certifies for the next, the SHA-256 of the previous manifest file (prev=,
 * "none" at epoch 0) and, for a re-run, the manifest it supersedes
 * (supersedes=HEX supersedes_epoch=N). sig= is the Ed25519 signature of
 * every byte before the sig line, made with this epoch's key.
 *
 * Ownership: a struct manifest owns its strings and arrays;
 * manifest_free() releases them.
 */
#ifndef DCR_MANIFEST_H
#define DCR_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "seal/digest.h"

#define MANIFEST_VERSION 1
#define MANIFEST_TS_MAX 40

struct mfile {
	char *path;		/* relative to the sealed folder */
	uint64_t size;
	unsigned char sha[DIGEST_BYTES];
	bool census;		/* records, first_ts, last_ts are known */
	uint64_t records;
	char first[MANIFEST_TS_MAX], last[MANIFEST_TS_MAX]; /* "" if none */
};

struct manifest {
	char day[11];
	uint64_t epoch;
	unsigned char key[DIGEST_PUBLIC_BYTES], next_key[DIGEST_PUBLIC_BYTES];
	bool has_prev, has_supersedes;
	unsigned char prev[DIGEST_BYTES], supersedes[DIGEST_BYTES];
	uint64_t supersedes_epoch;
	struct mfile *files;
	size_t nfiles;
	char **sources;		/* each a whole record line, no LF */
	size_t nsources;
	/* filled by manifest_parse() */
	unsigned char sig[DIGEST_SIG_BYTES];
	size_t signed_len;	/* bytes the signature covers */
	unsigned char hash[DIGEST_BYTES]; /* SHA-256 of the whole file */
};

void manifest_init(struct manifest *m);
void manifest_free(struct manifest *m);
struct mfile *manifest_add_file(struct manifest *m, const char *path);
void manifest_add_source(struct manifest *m, const char *line, size_t n);

/* Append the manifest without its sig line to out: the bytes to sign. */
void manifest_write(const struct manifest *m, struct buf *out);
/* Append "sig=HEX\n". */
void manifest_write_sig(const unsigned char sig[DIGEST_SIG_BYTES],
			struct buf *out);

/* Parse the manifest file bytes p[0..n) into m (initialised). Returns NULL,
 * or what is wrong with it (a static string naming no value). */
const char *manifest_parse(struct manifest *m, const char *p, size_t n);

/* The file name of a manifest in the seal folder: "EPOCH-DAY.seal", the
 * epoch in six digits or more so that ls lists publications in order. */
void manifest_name(uint64_t epoch, const char *day, char *out, size_t cap);
/* Read a name made by manifest_name(); false when it is not one. */
bool manifest_name_parse(const char *name, uint64_t *epoch, char day[11]);

#endif
