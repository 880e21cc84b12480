/* sign.h - the evolving Ed25519 signing key of sealed archives.
 *
 * A signing key file holds the seed of one epoch (an epoch counts
 * publications). The key of epoch e signs the manifest of publication e,
 * which certifies the public key of epoch e+1; then the file is replaced,
 * atomically, by the seed of epoch e+1 = SHA-256("dcr-seal evolve" ||
 * seed_e), and seed_e is wiped. The hash is one-way: a key file stolen at
 * epoch e signs nothing before e (forward security, as journald's sealing).
 *
 * The file is binary, SIGN_FILE_BYTES long: "DCRSEAL" and a version byte
 * (1), the epoch (8 bytes, big-endian), the seed (32 bytes), and the first
 * 8 bytes of SHA-256 of what precedes them (a damaged file is refused, not
 * used). It passes the checks of every key file (keyfile.h) before a byte
 * of it is read, and lives in sodium_malloc'ed memory (key.h).
 *
 * Ownership: sign_key_load() returns a key owned by the caller;
 * sign_key_free() wipes and frees it. One process at a time may use a key
 * file: the caller serialises runs (dcr-seal locks its seal folder).
 */
#ifndef DCR_SIGN_H
#define DCR_SIGN_H

#include <stddef.h>
#include <stdint.h>

#define SIGN_PUBLIC_BYTES 32
#define SIGN_BYTES 64
#define SIGN_FILE_BYTES 56
#define SIGN_FILE_VERSION 1

struct sign_key;

/* Create a key file of epoch 0 at path, mode 0600; refuse (die) when path
 * exists or its directories fail the key file checks. pub receives the
 * public key of epoch 0: the trust anchor a verifier needs. */
void sign_key_create(const char *path, unsigned char pub[SIGN_PUBLIC_BYTES]);

/* Check and read the key file at path; dies naming it and what to fix. */
struct sign_key *sign_key_load(const char *path);

uint64_t sign_key_epoch(const struct sign_key *k);
/* The public key of this epoch, and of the next one. */
void sign_key_public(const struct sign_key *k,
		     unsigned char pub[SIGN_PUBLIC_BYTES]);
void sign_key_next_public(const struct sign_key *k,
			  unsigned char pub[SIGN_PUBLIC_BYTES]);

/* sig = Ed25519 signature of msg[0..n) under this epoch's key. */
void sign_key_sign(struct sign_key *k, const void *msg, size_t n,
		   unsigned char sig[SIGN_BYTES]);

/* Move to the next epoch: the key file is replaced (temporary file in its
 * directory, fsync, rename, fsync of the directory), then the old seed is
 * wiped from memory. Dies, leaving the file as it was, on failure. */
void sign_key_advance(struct sign_key *k);

void sign_key_free(struct sign_key *k);

#endif
