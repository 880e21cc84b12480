/* pseudo.h - keyed pseudonyms for client codes.
 *
 * A pseudonym is HMAC-SHA-256(key, value), its first 80 bits written as 20
 * lowercase hexadecimal digits: the same key gives the same pseudonym in
 * every run, file and format; another key gives unrelated ones; without the
 * key, codes cannot be recovered by enumerating the small space of real
 * client codes (initials, birth date, sex), as they can from a plain hash.
 * The key and the MAC are lib/key's (key.h); this module only formats.
 *
 * Ownership: struct pseudo owns its key; pseudo_close() wipes and frees it.
 */
#ifndef DCR_PSEUDO_H
#define DCR_PSEUDO_H

#include <stddef.h>

#define PSEUDO_LEN 20		/* characters in a pseudonym */

struct pseudo;

/* Load the key from path (key_load(): dies on a missing, open, short or
 * long key file). */
struct pseudo *pseudo_open(const char *path);

/* Write the pseudonym of v[0..n): exactly PSEUDO_LEN bytes at out. */
void pseudo_token(struct pseudo *p, const char *v, size_t n, char *out);

void pseudo_close(struct pseudo *p);

#endif
