/* seal.c - one publication of a day: hash, census, chain, sign, advance. */
#include "seal/seal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "base/xmalloc.h"
#include "io/input.h"
#include "io/output.h"
#include "key/sign.h"
#include "record/record.h"
#include "seal/census.h"
#include "seal/digest.h"
#include "seal/manifest.h"
#include "seal/sealdir.h"

int seal_path_ok(const char *s)
{
	if (!*s || *s == '/')
		return 0;
	size_t first = strcspn(s, "/");
	if (first == strlen(SEALDIR_NAME) && memcmp(s, SEALDIR_NAME, first) == 0)
		return 0;
	for (const char *p = s;;) {
		size_t n = strcspn(p, "/");
		if (n == 0 || p[0] == '.')
			return 0;
		if (!p[n])
			return 1;
		p += n + 1;
	}
}

/* The manifest of the seal named sn, parsed and checked against its own
 * epoch key (the signer's folder: a damaged one stops sealing). */
static void load_seal(const struct sealdir *s, const struct sealname *sn,
		      struct manifest *m)
{
	struct buf b = BUF_INIT;
	int e = sealdir_read(s->sealfd, sn->name, &b);
	if (e) {
		errno = e;
		die_errno("%s/%s/%s: cannot read", s->dir, SEALDIR_NAME, sn->name);
	}
	manifest_init(m);
	const char *why = manifest_parse(m, b.p, b.len);
	if (!why && !digest_sig_ok(m->sig, b.p, m->signed_len, m->key))
		why = "its signature does not hold";
	if (!why && (m->epoch != sn->epoch || strcmp(m->day, sn->day) != 0))
		why = "its name is not its epoch and day";
	buf_free(&b);
	if (why)
		die("%s/%s/%s: %s; run dcr-seal --verify before sealing more",
		    s->dir, SEALDIR_NAME, sn->name, why);
}

/* The key file and the seals agree: the last seal is of the epoch before
 * the key's and certifies it. A seal written by a run that died before
 * the key file moved on is of the key's own epoch: move on now. */
static void check_epoch(const struct sealdir *s, struct sign_key *k,
			const struct manifest *last, const char *key_path)
{
	unsigned char pk[SIGN_PUBLIC_BYTES];
	if (!last) {
		if (sign_key_epoch(k) != 0)
			die("%s: key is at epoch %" PRIu64 " but %s has no seals: a "
			    "signing key seals one folder (make a new one with "
			    "dcr-seal --new-key)", key_path, sign_key_epoch(k), s->dir);
		return;
	}
	sign_key_public(k, pk);
	if (last->epoch == sign_key_epoch(k) && memcmp(last->key, pk, sizeof pk) == 0)
		sign_key_advance(k);
	if (last->epoch >= sign_key_epoch(k))
		die("%s: key is at epoch %" PRIu64 " but %s has sealed epoch %"
		    PRIu64 ": an old copy of the key (a restored backup?) must "
		    "not sign again", key_path, sign_key_epoch(k), s->dir,
		    last->epoch);
	if (last->epoch + 1 != sign_key_epoch(k))
		die("%s: key is at epoch %" PRIu64 " but the last seal of %s is "
		    "of epoch %" PRIu64 ": seals are missing (dcr-seal --verify)",
		    key_path, sign_key_epoch(k), s->dir, last->epoch);
	sign_key_public(k, pk);
	if (memcmp(last->next_key, pk, sizeof pk) != 0)
		die("%s: the last seal of %s certifies another key: this key "
		    "file does not seal that folder", key_path, s->dir);
}

/* A FILE operand: NAME, read in the folder, or NAME=PATH, read at PATH
 * and sealed as NAME (a publication sealed before it is moved in place). */
static void add_file(struct manifest *m, const struct sealdir *s,
		     const char *arg, char **read_at)
{
	const char *eq = strchr(arg, '=');
	char *name = eq ? xmalloc((size_t)(eq - arg) + 1) : xstrdup(arg);
	if (eq) {
		memcpy(name, arg, (size_t)(eq - arg));
		name[eq - arg] = '\0';
	}
	const char *path = eq ? eq + 1 : name;
	int at = eq ? AT_FDCWD : s->dirfd;
	if (!seal_path_ok(name))
		die_usage("%s: a sealed file is named relative to the folder, "
			  "without '.', '..' or hidden components, outside "
			  SEALDIR_NAME "/", name);
	if (eq && !*path)
		die_usage("%s: NAME=PATH without a PATH", arg);
	for (size_t i = 0; i < m->nfiles; i++)
		if (strcmp(m->files[i].path, name) == 0)
			die_usage("%s: named twice", name);
	struct stat st;
	if (fstatat(at, path, &st, 0) < 0)
		die_errno("%s%s%s: cannot seal", eq ? "" : s->dir, eq ? "" : "/", path);
	if (!S_ISREG(st.st_mode))
		die("%s%s%s: not a regular file; only files are sealed",
		    eq ? "" : s->dir, eq ? "" : "/", path);
	struct mfile *f = manifest_add_file(m, name);
	int e = digest_file(at, path, f->sha, &f->size);
	if (e) {
		errno = e;
		die_errno("%s%s%s: cannot read", eq ? "" : s->dir, eq ? "" : "/", path);
	}
	if (eq) {
		*read_at = xstrdup(path);
	} else {
		size_t n = strlen(s->dir) + strlen(path) + 2;
		*read_at = xmalloc(n);
		snprintf(*read_at, n, "%s/%s", s->dir, path);
	}
	free(name);
}

/* The records of the nightly manifest that name a source file. */
static void add_sources(struct manifest *m, const char *path)
{
	struct input in;
	if (!input_open(&in, path))
		exit(EXIT_TROUBLE);
	struct record r;
	record_init(&r);
	struct buf line = BUF_INIT, scratch = BUF_INIT;
	struct slice l;
	enum input_status st;
	unsigned char sha[DIGEST_BYTES];
	while ((st = input_getline(&in, &l)) != IN_EOF) {
		if (st != IN_LINE)
			exit(EXIT_TROUBLE);
		const char *err;
		size_t col;
		enum record_status rs = record_parse(&r, l.p, l.n, &err, &col);
		if (rs == REC_ERROR)
			die_at(in.name, in.lineno, "%s (column %zu)", err, col + 1);
		const struct field *src = rs == REC_OK ? record_get(&r, "source", 6) : NULL;
		if (!src)
			continue;
		const struct field *h = record_get(&r, "sha256", 6);
		if (h && (h->quoted || !digest_unhex(h->val, h->vlen, sha, sizeof sha)))
			die_at(in.name, in.lineno, "a source whose sha256 is not 64 "
			       "lower-case hex digits");
		buf_reset(&line);
		record_put_field(&line, src, &scratch);
		for (size_t i = 0; i < r.n; i++) {
			if (&r.f[i] == src)
				continue;
			buf_addc(&line, ' ');
			record_put_field(&line, &r.f[i], &scratch);
		}
		manifest_add_source(m, line.p, line.len);
	}
	if (m->nsources == 0)
		die("%s: no source records (source=NAME sha256=HEX ...)", path);
	record_free(&r);
	buf_free(&line);
	buf_free(&scratch);
	input_close(&in);
}

static void add_census(struct manifest *m, const struct seal_job *j,
		       char **read_at)
{
	for (size_t i = 0; i < m->nfiles; i++) {
		if (strcmp(m->files[i].path, j->archive) != 0)
			continue;
		if (!census_count(read_at[i], &m->files[i]))
			die("%s: not sealed", read_at[i]);
		return;
	}
	die_usage("--archive %s: not one of the files sealed", j->archive);
}

/* The latest seal of day among the listed, or NULL. */
static const struct sealname *latest_of(const struct sealdir *s, const char *day)
{
	const struct sealname *hit = NULL;
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->names[i].day, day) == 0)
			hit = &s->names[i];
	return hit;
}

static void write_seal(const struct sealdir *s, struct manifest *m,
		       struct sign_key *k, char *name, size_t cap)
{
	struct buf text = BUF_INIT;
	manifest_write(m, &text);
	unsigned char sig[SIGN_BYTES];
	sign_key_sign(k, text.p, text.len, sig);
	manifest_write_sig(sig, &text);
	manifest_name(m->epoch, m->day, name, cap);
	size_t n = strlen(s->dir) + strlen(name) + sizeof SEALDIR_NAME + 2;
	char *path = xmalloc(n);
	snprintf(path, n, "%s/%s/%s", s->dir, SEALDIR_NAME, name);
	struct output o;
	out_open(&o, path);
	buf_add(&o.buf, text.p, text.len);
	out_close(&o);
	free(path);
	buf_free(&text);
}

void seal_publish(const struct seal_job *j)
{
	struct sealdir s;
	sealdir_open(&s, j->dir, true);
	struct manifest m, last, prior;
	manifest_init(&m);
	bool has_last = s.n > 0;
	if (has_last)
		load_seal(&s, &s.names[s.n - 1], &last);
	struct sign_key *k = sign_key_load(j->key_path);
	check_epoch(&s, k, has_last ? &last : NULL, j->key_path);
	memcpy(m.day, j->day, sizeof m.day);
	m.epoch = sign_key_epoch(k);
	sign_key_public(k, m.key);
	sign_key_next_public(k, m.next_key);
	if (has_last) {
		m.has_prev = true;
		memcpy(m.prev, last.hash, sizeof m.prev);
	}
	const struct sealname *sn = latest_of(&s, j->day);
	if (sn) {
		load_seal(&s, sn, &prior);
		m.has_supersedes = true;
		memcpy(m.supersedes, prior.hash, sizeof m.supersedes);
		m.supersedes_epoch = prior.epoch;
		manifest_free(&prior);
	}
	char **read_at = xcalloc(j->nfiles ? j->nfiles : 1, sizeof *read_at);
	for (size_t i = 0; i < j->nfiles; i++)
		add_file(&m, &s, j->files[i], &read_at[i]);
	if (j->archive)
		add_census(&m, j, read_at);
	for (size_t i = 0; i < j->nfiles; i++)
		free(read_at[i]);
	free(read_at);
	if (j->sources)
		add_sources(&m, j->sources);
	char name[64];
	write_seal(&s, &m, k, name, sizeof name);
	sign_key_advance(k);
	sign_key_free(k);
	printf("%s/%s\n", SEALDIR_NAME, name);
	if (has_last)
		manifest_free(&last);
	manifest_free(&m);
	sealdir_close(&s);
}

void seal_new_key(const char *key_path, const char *anchor_path)
{
	unsigned char pub[SIGN_PUBLIC_BYTES];
	char hex[2 * SIGN_PUBLIC_BYTES + 1];
	sign_key_create(key_path, pub);
	digest_hex(pub, sizeof pub, hex);
	struct output o;
	out_open(&o, anchor_path);
	buf_adds(&o.buf, "seal_anchor=1 key=");
	buf_adds(&o.buf, hex);
	buf_addc(&o.buf, '\n');
	out_close(&o);
}
