/* key.h - secret key files and keyed primitives: the one door to
 * libsodium's secret handling.
 *
 * A key file holds raw bytes, every byte of the file being key. Loading
 * checks the file (see key_load()) and puts the key in memory allocated
 * with sodium_malloc: guarded, locked against swapping where the system
 * allows, and wiped when freed. Keyed state (a precomputed HMAC state) lives
 * in that memory too; each primitive works on a copy inside it and wipes
 * the copy before it returns, so no keyed state is left on the stack or the
 * heap.
 *
 * Ownership: key_load() returns a key owned by the caller; key_free()
 * wipes and frees it. A key is used by one thread at a time.
 */
#ifndef DCR_KEY_H
#define DCR_KEY_H

#include <stddef.h>
#include <stdint.h>

#define KEY_FILE_MIN 32		/* bytes */
#define KEY_FILE_MAX 4096	/* bytes */
#define KEY_HMAC_BYTES 32	/* HMAC-SHA-256 */

struct key;

/* Read the key file at path. Dies, naming the file, when it is missing, not
 * a regular file, readable or writable by group or others, shorter than
 * KEY_FILE_MIN or longer than KEY_FILE_MAX bytes. */
struct key *key_load(const char *path);

/* out = HMAC-SHA-256(key, msg[0..n)). The caller wipes out (key_wipe) when
 * it is done with it, unless the MAC is meant to be published whole. */
void key_hmac(struct key *k, const void *msg, size_t n,
	      unsigned char out[KEY_HMAC_BYTES]);

/* The record key of msg[0..n) (dcr-agg --cell-key): SipHash-2-4 under a
 * subkey derived from the key file (HMAC of "dcr cell key v1"), so the
 * cell keys never equal a pseudonym's bits. Pure: many threads may call
 * it on one key at once. */
uint64_t key_record_key(const struct key *k, const void *msg, size_t n);

/* Overwrite p[0..n) with zeros in a way the compiler does not remove. */
void key_wipe(void *p, size_t n);

void key_free(struct key *k);

#endif
