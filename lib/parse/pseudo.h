/* pseudo.h - keyed pseudonyms for client codes (the only user of libsodium).
 *
 * A pseudonym is HMAC-SHA-256(key, value), its first 80 bits written as 20
 * lowercase hexadecimal digits: the same key gives the same pseudonym in
 * every run, file and format; another key gives unrelated ones; without the
 * key, codes cannot be recovered by enumerating the small space of real
 * client codes (initials, birth date, sex), as they can from a plain hash.
 *
 * Ownership: struct pseudo holds the key in memory locked against swapping
 * where possible; pseudo_close() wipes and frees it.
 */
#ifndef DCR_PSEUDO_H
#define DCR_PSEUDO_H

#include <stddef.h>

#define PSEUDO_LEN 20		/* characters in a pseudonym */
#define PSEUDO_KEY_MIN 32	/* bytes */
#define PSEUDO_KEY_MAX 4096	/* bytes */

struct pseudo;

/* Read the key from path. Dies, naming the file, when it is missing,
 * readable or writable by group or others, shorter than PSEUDO_KEY_MIN or
 * longer than PSEUDO_KEY_MAX bytes. Every byte of the file is key. */
struct pseudo *pseudo_open(const char *path);

/* Write the pseudonym of v[0..n): exactly PSEUDO_LEN bytes at out. */
void pseudo_token(struct pseudo *p, const char *v, size_t n, char *out);

void pseudo_close(struct pseudo *p);

#endif
