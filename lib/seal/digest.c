/* digest.c - SHA-256 and Ed25519 checks through libsodium; hex. */
#include "seal/digest.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/err.h"

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

int digest_file(int dirfd, const char *path, unsigned char out[DIGEST_BYTES],
		uint64_t *size)
{
	static unsigned char *block;
	init();
	if (!block && !(block = malloc(BLOCK)))
		die("out of memory");
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return errno;
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	uint64_t total = 0;
	for (;;) {
		ssize_t r = read(fd, block, BLOCK);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			return e;
		}
		if (r == 0)
			break;
		crypto_hash_sha256_update(&h, block, (size_t)r);
		total += (uint64_t)r;
	}
	close(fd);
	crypto_hash_sha256_final(&h, out);
	*size = total;
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
