/* pseudo.c - HMAC-SHA-256 pseudonyms with libsodium. */
#include "parse/pseudo.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "base/xmalloc.h"

struct pseudo {
	crypto_auth_hmacsha256_state base; /* keyed once, copied per value */
	unsigned char key[PSEUDO_KEY_MAX];
	size_t keylen;
};

/* Read the whole key file; one byte more than the maximum tells "too long". */
static size_t read_key(int fd, const char *path, unsigned char *key, size_t cap)
{
	size_t got = 0;
	while (got < cap) {
		ssize_t r = read(fd, key + got, cap - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die_errno("%s: cannot read key file", path);
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return got;
}

struct pseudo *pseudo_open(const char *path)
{
	if (sodium_init() < 0)
		die("cannot initialise libsodium");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die_errno("%s: cannot open key file", path);
	struct stat st;
	if (fstat(fd, &st) < 0)
		die_errno("%s: cannot stat key file", path);
	if (!S_ISREG(st.st_mode))
		die("%s: key file is not a regular file", path);
	if (st.st_mode & 077)
		die("%s: key file is accessible by others (chmod 600 %s)", path, path);
	struct pseudo *p = sodium_malloc(sizeof *p);
	if (!p)
		die("out of memory");
	unsigned char extra[PSEUDO_KEY_MAX + 1];
	size_t n = read_key(fd, path, extra, sizeof extra);
	close(fd);
	if (n > PSEUDO_KEY_MAX) {
		sodium_memzero(extra, sizeof extra);
		die("%s: key longer than %d bytes", path, PSEUDO_KEY_MAX);
	}
	if (n < PSEUDO_KEY_MIN) {
		sodium_memzero(extra, sizeof extra);
		die("%s: key shorter than %d bytes (make one with: "
		    "head -c 32 /dev/urandom >KEYFILE)", path, PSEUDO_KEY_MIN);
	}
	memcpy(p->key, extra, n);
	sodium_memzero(extra, sizeof extra);
	p->keylen = n;
	crypto_auth_hmacsha256_init(&p->base, p->key, p->keylen);
	return p;
}

void pseudo_token(struct pseudo *p, const char *v, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	crypto_auth_hmacsha256_state st = p->base;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)v, n);
	crypto_auth_hmacsha256_final(&st, mac);
	for (size_t i = 0; i < PSEUDO_LEN / 2; i++) {
		out[2 * i] = hex[mac[i] >> 4];
		out[2 * i + 1] = hex[mac[i] & 15];
	}
	sodium_memzero(mac, sizeof mac);
}

void pseudo_close(struct pseudo *p)
{
	if (p)
		sodium_free(p); /* wipes the key */
}
