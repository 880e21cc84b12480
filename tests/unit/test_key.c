/* test_key.c - lib/key and the pseudonyms on top of it: known answers of
 * the keyed MAC (python3 hmac as the oracle), stability, key change, and
 * the sizes a key file may have, no core dumps once a key is loaded. */
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "key/key.h"
#include "parse/pseudo.h"
#include "unit.h"

static char dir[] = "/tmp/dcr-unit-key-XXXXXX";

/* A key file of n bytes of fill, mode 0600. */
static char *key_file(char fill, size_t n)
{
	static char path[64];
	snprintf(path, sizeof path, "%s/%c%zu", dir, fill ? fill : '0', n);
	FILE *f = fopen(path, "w");
	for (size_t i = 0; i < n; i++)
		fputc(fill, f);
	fclose(f);
	chmod(path, 0600);
	return path;
}

static void hex(const unsigned char *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}

static void mac_is(struct key *k, const char *v, const char *want)
{
	unsigned char mac[KEY_HMAC_BYTES];
	char text[2 * KEY_HMAC_BYTES + 1];
	key_hmac(k, v, strlen(v), mac);
	hex(mac, sizeof mac, text);
	CHECK_MEM(text, strlen(text), want);
}

static void token_is(struct pseudo *p, const char *v, const char *want)
{
	char tok[PSEUDO_LEN];
	pseudo_token(p, v, strlen(v), tok);
	CHECK_MEM(tok, sizeof tok, want);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	/* Known answers: python3 hmac.new(b"k"*32, b"K7F3A9E2", sha256). */
	char *path = key_file('k', 32);
	CHECK(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1);
	struct key *k = key_load(path);
	/* From now on no core file can hold the key. */
	CHECK(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0);
	struct rlimit core;
	CHECK(getrlimit(RLIMIT_CORE, &core) == 0 && core.rlim_cur == 0 &&
	      core.rlim_max == 0);
	mac_is(k, "K7F3A9E2", "535576bc6b5675e2301b555811d96ed4"
			      "8bb7de2acff886ec025019a40a9bc1b1");
	mac_is(k, "", "a4ad8e340e32bf1d916005cb1dc92795"
		      "148897965e36ae56c0adc357474b5372");
	/* The keyed state is reused: the same answer again. */
	mac_is(k, "K7F3A9E2", "535576bc6b5675e2301b555811d96ed4"
			      "8bb7de2acff886ec025019a40a9bc1b1");
	key_free(k);

	/* The longest key, all NUL bytes: every byte of the file is key. */
	path = key_file('\0', KEY_FILE_MAX);
	k = key_load(path);
	mac_is(k, "", "ae83babe8a620f504a7a15d08107c92d"
		      "56afad0a4352dc48db257f090e69255c");
	key_free(k);
	unlink(path);

	/* Pseudonyms: the first 80 bits of the MAC. */
	path = key_file('k', 32);
	struct pseudo *p = pseudo_open(path);
	token_is(p, "K7F3A9E2", "535576bc6b5675e2301b");
	token_is(p, "K7F3A9E2", "535576bc6b5675e2301b"); /* stable */
	pseudo_close(p);
	unlink(path);
	path = key_file('j', 32);
	p = pseudo_open(path);
	token_is(p, "K7F3A9E2", "29b63e26c00c6a47d785");
	pseudo_close(p);
	unlink(path);
	rmdir(dir);
	return unit_report("key");
}
