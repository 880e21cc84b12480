/* sign.c - the evolving Ed25519 key of dcr-seal: create, load, sign, advance. */
#include "key/sign.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "key/keyfile.h"

_Static_assert(SIGN_PUBLIC_BYTES == crypto_sign_PUBLICKEYBYTES, "public key");
_Static_assert(SIGN_BYTES == crypto_sign_BYTES, "signature");
_Static_assert(crypto_sign_SEEDBYTES == 32, "seed");

static const char magic[7] = {'D', 'C', 'R', 'S', 'E', 'A', 'L'};
static const char evolve[] = "dcr-seal evolve";

struct sign_key {
	/* All of it in one sodium_malloc'ed block: guarded, locked, wiped. */
	unsigned char file[SIGN_FILE_BYTES];
	unsigned char seed[crypto_sign_SEEDBYTES];
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	unsigned char next_seed[crypto_sign_SEEDBYTES];
	unsigned char next_pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char next_sk[crypto_sign_SECRETKEYBYTES];
	unsigned char sum[crypto_hash_sha256_BYTES];
	uint64_t epoch;
	char path[PATH_MAX];
};

static struct sign_key *alloc_key(const char *path)
{
	if (sodium_init() < 0)
		die("cannot initialise libsodium");
	keyfile_no_core_dumps();
	struct sign_key *k = sodium_malloc(sizeof *k);
	if (!k)
		die("out of memory");
	memset(k, 0, sizeof *k);
	if (strlen(path) >= sizeof k->path) {
		sodium_free(k);
		die("%s: key file path too long", path);
	}
	strcpy(k->path, path);
	return k;
}

/* The keys of this epoch and the next from k->seed. */
static void derive(struct sign_key *k)
{
	crypto_sign_seed_keypair(k->pk, k->sk, k->seed);
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)evolve, sizeof evolve - 1);
	crypto_hash_sha256_update(&h, k->seed, sizeof k->seed);
	crypto_hash_sha256_final(&h, k->next_seed);
	sodium_memzero(&h, sizeof h);
	crypto_sign_seed_keypair(k->next_pk, k->next_sk, k->next_seed);
}

/* k->file = the bytes of the key file for k->epoch and k->seed. */
static void encode(struct sign_key *k)
{
	unsigned char *f = k->file;
	memcpy(f, magic, sizeof magic);
	f[7] = SIGN_FILE_VERSION;
	for (int i = 0; i < 8; i++)
		f[8 + i] = (unsigned char)(k->epoch >> (56 - 8 * i));
	memcpy(f + 16, k->seed, sizeof k->seed);
	crypto_hash_sha256(k->sum, f, 48);
	memcpy(f + 48, k->sum, 8);
}

static void write_all(struct sign_key *k, int fd, const char *what)
{
	size_t off = 0;
	while (off < sizeof k->file) {
		ssize_t w = write(fd, k->file + off, sizeof k->file - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			die_errno("%s: cannot write %s", k->path, what);
		off += (size_t)w;
	}
	if (fsync(fd) < 0)
		die_errno("%s: cannot write %s", k->path, what);
}

/* The directory of path, into dir (for the temporary file and fsync). */
static void dir_of(const char *path, char *dir, size_t cap)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, cap, ".");
	else if (slash == path)
		snprintf(dir, cap, "/");
	else
		snprintf(dir, cap, "%.*s", (int)(slash - path), path);
}

static void sync_dir(const char *path)
{
	char dir[PATH_MAX];
	dir_of(path, dir, sizeof dir);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) < 0)
		die_errno("%s: cannot sync the key file's directory", path);
	close(fd);
}

void sign_key_create(const char *path, unsigned char pub[SIGN_PUBLIC_BYTES])
{
	struct sign_key *k = alloc_key(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		      0600);
	if (fd < 0) {
		sign_key_free(k);
		if (errno == EEXIST)
			die("%s: key file exists; a signing key is made once "
			    "(see dcr-seal(1), KEYS)", path);
		die_errno("%s: cannot create key file", path);
	}
	/* The checks run on the new file: an unsafe directory is refused
	 * before a secret is written to it. */
	if (fchmod(fd, 0600) < 0) {
		unlink(path);
		die_errno("%s: cannot set the key file's mode", path);
	}
	keyfile_check(fd, path);
	randombytes_buf(k->seed, sizeof k->seed);
	k->epoch = 0;
	encode(k);
	write_all(k, fd, "key file");
	close(fd);
	sync_dir(path);
	derive(k);
	memcpy(pub, k->pk, SIGN_PUBLIC_BYTES);
	sign_key_free(k);
}

static size_t read_file(struct sign_key *k, int fd)
{
	unsigned char extra;
	size_t got = 0;
	while (got < sizeof k->file) {
		ssize_t r = read(fd, k->file + got, sizeof k->file - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die_errno("%s: cannot read key file", k->path);
		if (r == 0)
			return got;
		got += (size_t)r;
	}
	ssize_t r = read(fd, &extra, 1);
	return r > 0 ? got + 1 : got;
}

/* Check the layout and the sum; dies naming what is wrong. */
static void decode(struct sign_key *k, size_t n)
{
	const unsigned char *f = k->file;
	if (n < 8 || memcmp(f, magic, sizeof magic) != 0)
		die("%s: not a dcr-seal signing key (make one with: "
		    "dcr-seal --new-key KEYFILE)", k->path);
	if (f[7] != SIGN_FILE_VERSION)
		die("%s: signing key file version %u; this dcr-seal reads "
		    "version %d", k->path, f[7], SIGN_FILE_VERSION);
	if (n != SIGN_FILE_BYTES)
		die("%s: signing key file is %s; it is damaged", k->path,
		    n < SIGN_FILE_BYTES ? "short" : "too long");
	crypto_hash_sha256(k->sum, f, 48);
	if (sodium_memcmp(k->sum, f + 48, 8) != 0)
		die("%s: signing key file is damaged (its check sum differs)",
		    k->path);
	k->epoch = 0;
	for (int i = 0; i < 8; i++)
		k->epoch = k->epoch << 8 | f[8 + i];
	memcpy(k->seed, f + 16, sizeof k->seed);
}

struct sign_key *sign_key_load(const char *path)
{
	struct sign_key *k = alloc_key(path);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		sign_key_free(k);
		die_errno("%s: cannot open key file", path);
	}
	keyfile_check(fd, path);
	size_t n = read_file(k, fd);
	close(fd);
	decode(k, n);
	derive(k);
	return k;
}

uint64_t sign_key_epoch(const struct sign_key *k)
{
	return k->epoch;
}

void sign_key_public(const struct sign_key *k,
		     unsigned char pub[SIGN_PUBLIC_BYTES])
{
	memcpy(pub, k->pk, SIGN_PUBLIC_BYTES);
}

void sign_key_next_public(const struct sign_key *k,
			  unsigned char pub[SIGN_PUBLIC_BYTES])
{
	memcpy(pub, k->next_pk, SIGN_PUBLIC_BYTES);
}

void sign_key_sign(struct sign_key *k, const void *msg, size_t n,
		   unsigned char sig[SIGN_BYTES])
{
	crypto_sign_detached(sig, NULL, msg, n, k->sk);
}

void sign_key_advance(struct sign_key *k)
{
	if (k->epoch == UINT64_MAX)
		die("%s: the last epoch is used up", k->path);
	char tmp[PATH_MAX + 32], dir[PATH_MAX];
	dir_of(k->path, dir, sizeof dir);
	const char *base = strrchr(k->path, '/');
	base = base ? base + 1 : k->path;
	int len = snprintf(tmp, sizeof tmp, "%s/.%s.dcr-XXXXXX", dir, base);
	if (len < 0 || (size_t)len >= sizeof tmp)
		die("%s: key file path too long", k->path);
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		die_errno("%s: cannot create the next epoch's key file", k->path);
	if (fchmod(fd, 0600) < 0) {
		unlink(tmp);
		die_errno("%s: cannot set the key file's mode", k->path);
	}
	/* Encode the next epoch in place; the old seed goes below. */
	k->epoch++;
	memcpy(k->seed, k->next_seed, sizeof k->seed);
	encode(k);
	size_t off = 0;
	while (off < sizeof k->file) {
		ssize_t w = write(fd, k->file + off, sizeof k->file - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			break;
		off += (size_t)w;
	}
	if (off < sizeof k->file || fsync(fd) < 0 || rename(tmp, k->path) < 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		die_errno("%s: cannot replace the key file; it still holds "
			  "the epoch just used", k->path);
	}
	close(fd);
	sync_dir(k->path);
	/* The old epoch's secret is gone from the file; now from memory. */
	sodium_memzero(k->sk, sizeof k->sk);
	derive(k);
}

void sign_key_free(struct sign_key *k)
{
	if (k)
		sodium_free(k); /* wipes every seed and secret key */
}
