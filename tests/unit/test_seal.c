/* test_seal.c - lib/seal and lib/key/sign: manifests to text and back,
 * names, days (python3 datetime as the oracle), paths, hex, and the
 * evolving key: each epoch signs with its own key and certifies the next. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "key/sign.h"
#include "seal/digest.h"
#include "seal/manifest.h"
#include "seal/seal.h"
#include "seal/verify_impl.h"
#include "unit.h"

static char dir[] = "/tmp/dcr-unit-seal-XXXXXX";

static void test_manifest(void)
{
	struct manifest m, back;
	manifest_init(&m);
	memcpy(m.day, "2024-03-01", 11);
	m.epoch = 7;
	memset(m.key, 1, sizeof m.key);
	memset(m.next_key, 2, sizeof m.next_key);
	m.has_prev = true;
	memset(m.prev, 3, sizeof m.prev);
	struct mfile *f = manifest_add_file(&m, "archive/a b.log.gz");
	f->size = 42;
	memset(f->sha, 0xab, sizeof f->sha);
	f->census = true;
	f->records = 2;
	strcpy(f->first, "2024-03-01T08:00:00Z");
	strcpy(f->last, "2024-03-01T09:00:00Z");
	manifest_add_source(&m, "source=x.csv sha256=00 lines=3", 30);
	struct buf b = BUF_INIT;
	manifest_write(&m, &b);
	size_t body = b.len;
	unsigned char sig[DIGEST_SIG_BYTES];
	memset(sig, 9, sizeof sig);
	manifest_write_sig(sig, &b);
	manifest_init(&back);
	CHECK(manifest_parse(&back, b.p, b.len) == NULL);
	CHECK(back.signed_len == body);
	CHECK(back.epoch == 7 && strcmp(back.day, "2024-03-01") == 0);
	CHECK(back.has_prev && !back.has_supersedes);
	CHECK(memcmp(back.prev, m.prev, sizeof m.prev) == 0);
	CHECK(back.nfiles == 1 && strcmp(back.files[0].path, "archive/a b.log.gz") == 0);
	CHECK(back.files[0].size == 42 && back.files[0].records == 2);
	CHECK(strcmp(back.files[0].last, "2024-03-01T09:00:00Z") == 0);
	CHECK(back.nsources == 1 && strcmp(back.sources[0], "source=x.csv sha256=00 lines=3") == 0);
	CHECK(memcmp(back.sig, sig, sizeof sig) == 0);
	/* A path with a blank is quoted, as any dcr value. */
	CHECK(strstr(b.p, "file=\"archive/a b.log.gz\" size=42") != NULL);
	manifest_free(&back);
	/* Cut anywhere: refused, never half read. */
	for (size_t n = 0; n < b.len; n++) {
		manifest_init(&back);
		CHECK(manifest_parse(&back, b.p, n) != NULL);
		manifest_free(&back);
	}
	/* Another version is refused, loudly. */
	char *v2 = strstr(b.p, "seal=1");
	v2[5] = '2';
	manifest_init(&back);
	const char *why = manifest_parse(&back, b.p, b.len);
	CHECK(why && strstr(why, "version"));
	manifest_free(&back);
	buf_free(&b);
	manifest_free(&m);
}

static void test_names(void)
{
	char name[64], day[11];
	uint64_t e;
	manifest_name(5, "2024-03-01", name, sizeof name);
	CHECK(strcmp(name, "000005-2024-03-01.seal") == 0);
	CHECK(manifest_name_parse(name, &e, day) && e == 5 && strcmp(day, "2024-03-01") == 0);
	manifest_name(1234567, "2024-03-01", name, sizeof name);
	CHECK(manifest_name_parse(name, &e, day) && e == 1234567);
	CHECK(!manifest_name_parse("5-2024-03-01.seal", &e, day));
	CHECK(!manifest_name_parse("000005-2024-3-01.seal", &e, day));
	CHECK(!manifest_name_parse("000005-2024-03-01.seal~", &e, day));
}

static void test_days(void)
{
	/* python3: (date.fromisoformat(s) - date(1970, 1, 1)).days */
	CHECK(verify_day_number("1970-01-01") == 0);
	CHECK(verify_day_number("2024-03-01") == 19783);
	CHECK(verify_day_number("2000-02-29") == 11016);
	CHECK(verify_day_number("1969-12-31") == -1);
	CHECK(verify_day_number("2100-03-01") == 47541);
	CHECK(verify_day_number("2100-02-29") == INT64_MIN);
	CHECK(verify_day_number("2024-13-01") == INT64_MIN);
	CHECK(verify_day_number("2024-03-1") == INT64_MIN);
	char t[11];
	verify_day_text(19783, t);
	CHECK(strcmp(t, "2024-03-01") == 0);
}

static void test_paths(void)
{
	CHECK(seal_path_ok("archive/2024-03-01.log.gz"));
	CHECK(seal_path_ok("a"));
	CHECK(seal_path_ok("sealsx/a"));
	CHECK(!seal_path_ok(""));
	CHECK(!seal_path_ok("/etc/passwd"));
	CHECK(!seal_path_ok("../x"));
	CHECK(!seal_path_ok("a/../x"));
	CHECK(!seal_path_ok("a//x"));
	CHECK(!seal_path_ok("a/"));
	CHECK(!seal_path_ok(".nightly/x"));
	CHECK(!seal_path_ok("seals/000000-2024-03-01.seal"));
	CHECK(!seal_path_ok("seals"));
}

static void test_hex(void)
{
	unsigned char p[3] = {0x00, 0xab, 0xff}, q[3];
	char s[7];
	digest_hex(p, 3, s);
	CHECK(strcmp(s, "00abff") == 0);
	CHECK(digest_unhex(s, 6, q, 3) && memcmp(p, q, 3) == 0);
	CHECK(!digest_unhex("00ABFF", 6, q, 3));
	CHECK(!digest_unhex("00abf", 5, q, 3));
	/* SHA-256("abc"), FIPS 180-2 */
	unsigned char h[DIGEST_BYTES];
	char hs[DIGEST_HEX + 1];
	digest_mem("abc", 3, h);
	digest_hex(h, sizeof h, hs);
	CHECK(strcmp(hs, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0);
}

static void test_key(void)
{
	char path[64];
	snprintf(path, sizeof path, "%s/seal.key", dir);
	unsigned char anchor[SIGN_PUBLIC_BYTES], pk[SIGN_PUBLIC_BYTES],
		next[SIGN_PUBLIC_BYTES], sig[SIGN_BYTES];
	sign_key_create(path, anchor);
	struct stat st;
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600 &&
	      st.st_size == SIGN_FILE_BYTES);
	struct sign_key *k = sign_key_load(path);
	CHECK(sign_key_epoch(k) == 0);
	sign_key_public(k, pk);
	CHECK(memcmp(pk, anchor, sizeof pk) == 0);
	sign_key_next_public(k, next);
	sign_key_sign(k, "m0", 2, sig);
	CHECK(digest_sig_ok(sig, "m0", 2, anchor));
	CHECK(!digest_sig_ok(sig, "m1", 2, anchor));
	sign_key_advance(k);
	CHECK(sign_key_epoch(k) == 1);
	sign_key_public(k, pk);
	CHECK(memcmp(pk, next, sizeof pk) == 0);
	CHECK(memcmp(pk, anchor, sizeof pk) != 0);
	sign_key_sign(k, "m0", 2, sig);
	/* Epoch 1 signs as epoch 1, never as epoch 0. */
	CHECK(!digest_sig_ok(sig, "m0", 2, anchor));
	CHECK(digest_sig_ok(sig, "m0", 2, next));
	sign_key_free(k);
	/* The file moved on: loading it gives epoch 1 and its key. */
	k = sign_key_load(path);
	CHECK(sign_key_epoch(k) == 1);
	sign_key_public(k, pk);
	CHECK(memcmp(pk, next, sizeof pk) == 0);
	sign_key_free(k);
	unlink(path);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	test_manifest();
	test_names();
	test_days();
	test_paths();
	test_hex();
	test_key();
	rmdir(dir);
	return unit_report("seal");
}
