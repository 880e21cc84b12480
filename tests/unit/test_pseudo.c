/* test_pseudo.c - keyed pseudonyms: known answers, stability, key change. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse/pseudo.h"
#include "unit.h"

static char *key_file(char fill)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/dcr-test-key-%d-%c", (int)getpid(), fill);
	FILE *f = fopen(path, "w");
	for (int i = 0; i < 32; i++)
		fputc(fill, f);
	fclose(f);
	chmod(path, 0600);
	return path;
}

static void token_is(struct pseudo *p, const char *v, const char *want)
{
	char tok[PSEUDO_LEN];
	pseudo_token(p, v, strlen(v), tok);
	CHECK_MEM(tok, sizeof tok, want);
}

int main(void)
{
	char *k = key_file('k');
	struct pseudo *p = pseudo_open(k);
	/* Known answers: python3 hmac.new(b"k"*32, b"K7F3A9E2", sha256). */
	token_is(p, "K7F3A9E2", "535576bc6b5675e2301b");
	token_is(p, "K7F3A9E2", "535576bc6b5675e2301b"); /* stable */
	pseudo_close(p);
	unlink(k);
	char *j = key_file('j');
	p = pseudo_open(j);
	token_is(p, "K7F3A9E2", "29b63e26c00c6a47d785");
	pseudo_close(p);
	unlink(j);
	return unit_report("pseudo");
}
