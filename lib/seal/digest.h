/* digest.h - the public half of sealing: SHA-256 of files and bytes,
 * Ed25519 signature checks, hex. The one file of seal/ that uses
 * libsodium; it needs no secret (signing is key/sign.h).
 *
 * Ownership: nothing is allocated that outlives a call.
 */
#ifndef DCR_DIGEST_H
#define DCR_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DIGEST_BYTES 32
#define DIGEST_HEX (2 * DIGEST_BYTES)
#define DIGEST_PUBLIC_BYTES 32
#define DIGEST_SIG_BYTES 64

/* SHA-256 of the file at path (opened relative to dirfd) and its size.
 * Returns 0, or an errno value when the file cannot be opened or read
 * (nothing is printed: the caller names the problem). */
int digest_file(int dirfd, const char *path, unsigned char out[DIGEST_BYTES],
		uint64_t *size);

void digest_mem(const void *p, size_t n, unsigned char out[DIGEST_BYTES]);

/* True when sig is pk's Ed25519 signature of msg[0..n). */
bool digest_sig_ok(const unsigned char sig[DIGEST_SIG_BYTES], const void *msg,
		   size_t n, const unsigned char pk[DIGEST_PUBLIC_BYTES]);

/* out[0..2n] = lower-case hex of p[0..n), NUL-terminated. */
void digest_hex(const unsigned char *p, size_t n, char *out);
/* Decode exactly 2n hex digits s[0..len) into out; false when malformed. */
bool digest_unhex(const char *s, size_t len, unsigned char *out, size_t n);

#endif
