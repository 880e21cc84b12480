/* digest.c - SHA-256 and Ed25519 checks through libsodium; hex. */
#include "seal/digest.h"

#include <sodium.h>
#include <stdlib.h>

#include "base/err.h"
#include "seal/readfile.h"

_Static_assert(DIGEST_BYTES == crypto_hash_sha256_BYTES, "SHA-256");
_Static_assert(DIGEST_PUBLIC_BYTES == crypto_sign_PUBLICKEYBYTES, "Ed25519");
_Static_assert(DIGEST_SIG_BYTES == crypto_sign_BYTES, "Ed25519");

enum { BLOCK = 1 << 20 }; /* large reads: a year of archives in seconds */

static void init(void)
{
	static bool done;
	if (!done && sodium_init() < 0)
		die("cannot initialise libsodium");
	done = true;
}

/* What digest_file() has hashed so far, and the block it reads into. */
struct hashing {
	crypto_hash_sha256_state h;
	unsigned char *block;
	uint64_t total;
};

static void *hash_room(void *ctx, size_t *n)
{
	*n = BLOCK;
	return ((struct hashing *)ctx)->block;
}

static void hash_got(void *ctx, size_t n)
{
	struct hashing *x = ctx;
	crypto_hash_sha256_update(&x->h, x->block, n);
	x->total += n;
}

int digest_file(int dirfd, const char *path, unsigned char out[DIGEST_BYTES],
		uint64_t *size)
{
	static unsigned char *block;
	init();
	if (!block && !(block = malloc(BLOCK)))
		die("out of memory");
	struct hashing x = {.block = block, .total = 0};
	crypto_hash_sha256_init(&x.h);
	const struct readfile_sink sink = {hash_room, hash_got, &x};
	int e = readfile_all(dirfd, path, &sink);
	if (e)
		return e;
	crypto_hash_sha256_final(&x.h, out);
	*size = x.total;
	return 0;
}

void digest_mem(const void *p, size_t n, unsigned char out[DIGEST_BYTES])
{
	init();
	crypto_hash_sha256(out, p, n);
}

bool digest_sig_ok(const unsigned char sig[DIGEST_SIG_BYTES], const void *msg,
		   size_t n, const unsigned char pk[DIGEST_PUBLIC_BYTES])
{
	init();
	return crypto_sign_verify_detached(sig, msg, n, pk) == 0;
}

void digest_hex(const unsigned char *p, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = d[p[i] >> 4];
		out[2 * i + 1] = d[p[i] & 15];
	}
	out[2 * n] = '\0';
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1; /* upper case is not what we write: refused */
}

bool digest_unhex(const char *s, size_t len, unsigned char *out, size_t n)
{
	if (len != 2 * n)
		return false;
	for (size_t i = 0; i < n; i++) {
		int hi = nibble(s[2 * i]), lo = nibble(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return true;
}
