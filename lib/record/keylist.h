/* keylist.h - a comma-separated list of record keys given as an option
 * argument (-k, -x, --keep, --drop, --fields, --time ...): one parser, so
 * every command checks a list alike and words its errors alike.
 *
 * Ownership: a keylist owns NUL-terminated copies of its keys, so it does
 * not depend on the argument it was read from; keylist_free() releases
 * them and leaves the list empty, ready for another keylist_add().
 */
#ifndef DCR_KEYLIST_H
#define DCR_KEYLIST_H

#include <stdbool.h>
#include <stddef.h>

struct keylist {
	char **k;    /* the keys, in the order given */
	size_t *len; /* the length of each */
	size_t n;
};

#define KEYLIST_INIT {NULL, NULL, 0}

enum {
	KEYLIST_ONCE = 1, /* a key given twice is an error */
	KEYLIST_USER = 2, /* a reserved key (one starting with _) is an error */
};

/* Append the keys of text[0..len) to kl. An item that is not a valid key
 * (an empty one included), or breaks a rule of flags, is a usage error
 * naming opt; KEYLIST_ONCE also counts the keys kl already holds. */
void keylist_add(struct keylist *kl, const char *opt, const char *text,
		 size_t len, unsigned flags);

bool keylist_has(const struct keylist *kl, const char *k, size_t n);

void keylist_free(struct keylist *kl);

#endif
