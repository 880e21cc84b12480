/* key.c - key files into locked memory; HMAC-SHA-256 under a loaded key. */
#include "key/key.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "key/keyfile.h"

_Static_assert(KEY_HMAC_BYTES == crypto_auth_hmacsha256_BYTES,
	       "KEY_HMAC_BYTES is the size of an HMAC-SHA-256");

struct key {
	/* Keyed once at load; each MAC starts from a copy in work, so the
	 * expensive key schedule is not redone per value and no copy of it
	 * ever leaves this sodium_malloc'ed block. */
	crypto_auth_hmacsha256_state base;
	crypto_auth_hmacsha256_state work;
	unsigned char record[crypto_shorthash_KEYBYTES]; /* key_record_key */
	unsigned char bytes[KEY_FILE_MAX + 1]; /* one more tells "too long" */
	size_t len;
};

/* Read the whole key file into k->bytes, at most its capacity. */
static size_t read_key(int fd, const char *path, struct key *k)
{
	size_t got = 0, cap = sizeof k->bytes;
	while (got < cap) {
		ssize_t r = read(fd, k->bytes + got, cap - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			key_free(k);
			die_errno("%s: cannot read key file", path);
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return got;
}

struct key *key_load(const char *path)
{
	if (sodium_init() < 0)
		die("cannot initialise libsodium");
	/* O_NONBLOCK: a FIFO in place of the key is refused, not waited on. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		die_errno("%s: cannot open key file", path);
	keyfile_check(fd, path);
	keyfile_no_core_dumps();
	struct key *k = sodium_malloc(sizeof *k);
	if (!k)
		die("out of memory");
	size_t n = read_key(fd, path, k);
	close(fd);
	if (n > KEY_FILE_MAX) {
		key_free(k);
		die("%s: key longer than %d bytes", path, KEY_FILE_MAX);
	}
	if (n < KEY_FILE_MIN) {
		key_free(k);
		die("%s: key shorter than %d bytes (make one with: "
		    "head -c 32 /dev/urandom >KEYFILE)", path, KEY_FILE_MIN);
	}
	k->len = n;
	crypto_auth_hmacsha256_init(&k->base, k->bytes, k->len);
	static const char label[] = "dcr cell key v1";
	unsigned char mac[KEY_HMAC_BYTES];
	key_hmac(k, label, sizeof label - 1, mac);
	memcpy(k->record, mac, sizeof k->record);
	sodium_memzero(mac, sizeof mac);
	return k;
}

void key_hmac(struct key *k, const void *msg, size_t n,
	      unsigned char out[KEY_HMAC_BYTES])
{
	memcpy(&k->work, &k->base, sizeof k->work);
	crypto_auth_hmacsha256_update(&k->work, msg, n);
	crypto_auth_hmacsha256_final(&k->work, out);
	sodium_memzero(&k->work, sizeof k->work);
}

uint64_t key_record_key(const struct key *k, const void *msg, size_t n)
{
	unsigned char h[crypto_shorthash_BYTES];
	crypto_shorthash(h, msg, n, k->record);
	uint64_t v = 0;
	for (size_t i = 0; i < sizeof h; i++)
		v = v << 8 | h[i];
	return v;
}

void key_wipe(void *p, size_t n)
{
	sodium_memzero(p, n);
}

void key_free(struct key *k)
{
	if (k)
		sodium_free(k); /* wipes everything, key and states */
}
