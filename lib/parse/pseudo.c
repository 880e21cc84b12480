/* pseudo.c - pseudonyms: the first 80 bits of a keyed MAC, in hex. */
#include "parse/pseudo.h"

#include <stdlib.h>

#include "base/xmalloc.h"
#include "key/key.h"

struct pseudo {
	struct key *key;
};

struct pseudo *pseudo_open(const char *path)
{
	struct pseudo *p = xmalloc(sizeof *p);
	p->key = key_load(path);
	return p;
}

void pseudo_token(struct pseudo *p, const char *v, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char mac[KEY_HMAC_BYTES];
	key_hmac(p->key, v, n, mac);
	for (size_t i = 0; i < PSEUDO_LEN / 2; i++) {
		out[2 * i] = hex[mac[i] >> 4];
		out[2 * i + 1] = hex[mac[i] & 15];
	}
	key_wipe(mac, sizeof mac); /* the rest of the MAC is never shown */
}

void pseudo_close(struct pseudo *p)
{
	if (!p)
		return;
	key_free(p->key);
	free(p);
}
