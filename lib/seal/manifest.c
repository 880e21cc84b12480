/* manifest.c - seal manifests to and from their dcr records. */
#include "seal/manifest.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "record/record.h"

static const char comment[] =
	"# dcr-seal manifest (dcr-seal(1)); check it with dcr-seal --verify\n";

void manifest_init(struct manifest *m)
{
	memset(m, 0, sizeof *m);
}

void manifest_free(struct manifest *m)
{
	for (size_t i = 0; i < m->nfiles; i++)
		free(m->files[i].path);
	for (size_t i = 0; i < m->nsources; i++)
		free(m->sources[i]);
	free(m->files);
	free(m->sources);
	manifest_init(m);
}

struct mfile *manifest_add_file(struct manifest *m, const char *path)
{
	m->files = xreallocarray(m->files, m->nfiles + 1, sizeof *m->files);
	struct mfile *f = &m->files[m->nfiles++];
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	return f;
}

void manifest_add_source(struct manifest *m, const char *line, size_t n)
{
	m->sources = xreallocarray(m->sources, m->nsources + 1,
				   sizeof *m->sources);
	char *s = xmalloc(n + 1);
	memcpy(s, line, n);
	s[n] = '\0';
	m->sources[m->nsources++] = s;
}

static void put(struct buf *out, const char *key, const char *val)
{
	buf_addc(out, ' ');
	record_put_pair(out, key, strlen(key), val, strlen(val));
}

static void put_u64(struct buf *out, const char *key, uint64_t v)
{
	char s[24];
	snprintf(s, sizeof s, "%" PRIu64, v);
	put(out, key, s);
}

static void put_hex(struct buf *out, const char *key, const unsigned char *p,
		    size_t n)
{
	char s[2 * DIGEST_SIG_BYTES + 1];
	digest_hex(p, n, s);
	put(out, key, s);
}

static void write_head(const struct manifest *m, struct buf *out)
{
	buf_adds(out, comment);
	buf_adds(out, "seal=1");
	put(out, "day", m->day);
	put_u64(out, "epoch", m->epoch);
	put_u64(out, "files", m->nfiles);
	put_u64(out, "sources", m->nsources);
	put_hex(out, "key", m->key, sizeof m->key);
	put_hex(out, "next_key", m->next_key, sizeof m->next_key);
	if (m->has_prev)
		put_hex(out, "prev", m->prev, sizeof m->prev);
	else
		put(out, "prev", "none");
	if (m->has_supersedes) {
		put_hex(out, "supersedes", m->supersedes, sizeof m->supersedes);
		put_u64(out, "supersedes_epoch", m->supersedes_epoch);
	}
	buf_addc(out, '\n');
}

void manifest_write(const struct manifest *m, struct buf *out)
{
	write_head(m, out);
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct mfile *f = &m->files[i];
		record_put_pair(out, "file", 4, f->path, strlen(f->path));
		put_u64(out, "size", f->size);
		put_hex(out, "sha256", f->sha, sizeof f->sha);
		if (f->census) {
			put_u64(out, "records", f->records);
			if (f->first[0]) {
				put(out, "first_ts", f->first);
				put(out, "last_ts", f->last);
			}
		}
		buf_addc(out, '\n');
	}
	for (size_t i = 0; i < m->nsources; i++) {
		buf_adds(out, m->sources[i]);
		buf_addc(out, '\n');
	}
}

void manifest_write_sig(const unsigned char sig[DIGEST_SIG_BYTES],
			struct buf *out)
{
	char s[2 * DIGEST_SIG_BYTES + 1];
	digest_hex(sig, DIGEST_SIG_BYTES, s);
	buf_adds(out, "sig=");
	buf_adds(out, s);
	buf_addc(out, '\n');
}

/* The parse of one manifest: the record being read and a scratch buffer. */
struct mp {
	struct record r;
	struct buf scratch;
};

static bool get(struct mp *p, const char *key, struct slice *v)
{
	const struct field *f = record_get(&p->r, key, strlen(key));
	if (!f)
		return false;
	*v = field_value(f, &p->scratch);
	return true;
}

static bool get_u64(struct mp *p, const char *key, uint64_t *out)
{
	struct slice v;
	if (!get(p, key, &v) || v.n == 0 || v.n > 19)
		return false;
	uint64_t x = 0;
	for (size_t i = 0; i < v.n; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return false;
		x = x * 10 + (uint64_t)(v.p[i] - '0');
	}
	*out = x;
	return true;
}

static bool get_hex(struct mp *p, const char *key, unsigned char *out, size_t n)
{
	struct slice v;
	return get(p, key, &v) && digest_unhex(v.p, v.n, out, n);
}

static bool is_day(struct slice v)
{
	static const char shape[] = "dddd-dd-dd";
	if (v.n != 10)
		return false;
	for (size_t i = 0; i < 10; i++)
		if (shape[i] == 'd' ? v.p[i] < '0' || v.p[i] > '9' : v.p[i] != '-')
			return false;
	return true;
}

static const char *parse_head(struct manifest *m, struct mp *p,
			      uint64_t *nfiles, uint64_t *nsources)
{
	struct slice v;
	if (!get(p, "seal", &v))
		return "the first record is not a seal head";
	if (!slice_eq(v, "1"))
		return "seal version is not 1 (this dcr-seal reads version 1)";
	if (!get(p, "day", &v) || !is_day(v))
		return "head without a day";
	memcpy(m->day, v.p, 10);
	m->day[10] = '\0';
	if (!get_u64(p, "epoch", &m->epoch) || !get_u64(p, "files", nfiles) ||
	    !get_u64(p, "sources", nsources))
		return "head without epoch, files or sources";
	if (!get_hex(p, "key", m->key, sizeof m->key) ||
	    !get_hex(p, "next_key", m->next_key, sizeof m->next_key))
		return "head without key or next_key";
	if (!get(p, "prev", &v))
		return "head without prev";
	m->has_prev = !slice_eq(v, "none");
	if (m->has_prev && !digest_unhex(v.p, v.n, m->prev, sizeof m->prev))
		return "head with a malformed prev";
	if (get(p, "supersedes", &v)) {
		m->has_supersedes = true;
		if (!digest_unhex(v.p, v.n, m->supersedes, sizeof m->supersedes) ||
		    !get_u64(p, "supersedes_epoch", &m->supersedes_epoch))
			return "head with a malformed supersedes";
	}
	return NULL;
}

static bool get_ts(struct mp *p, const char *key, char *out)
{
	struct slice v;
	if (!get(p, key, &v) || v.n == 0 || v.n >= MANIFEST_TS_MAX)
		return false;
	memcpy(out, v.p, v.n);
	out[v.n] = '\0';
	return true;
}

static const char *parse_file(struct manifest *m, struct mp *p)
{
	struct slice v;
	get(p, "file", &v);
	if (v.n == 0 || memchr(v.p, '\0', v.n))
		return "a file record without a path";
	char *path = xmalloc(v.n + 1);
	memcpy(path, v.p, v.n);
	path[v.n] = '\0';
	struct mfile *f = manifest_add_file(m, path);
	free(path);
	if (!get_u64(p, "size", &f->size) ||
	    !get_hex(p, "sha256", f->sha, sizeof f->sha))
		return "a file record without size or sha256";
	f->census = get_u64(p, "records", &f->records);
	if (f->census && get_ts(p, "first_ts", f->first) &&
	    !get_ts(p, "last_ts", f->last))
		return "a file record with first_ts but no last_ts";
	return NULL;
}

/* One record after the head: a file or a source. */
static const char *parse_body(struct manifest *m, struct mp *p,
			      const char *line, size_t n)
{
	struct slice v;
	if (get(p, "file", &v))
		return parse_file(m, p);
	if (get(p, "source", &v)) {
		manifest_add_source(m, line, n);
		return NULL;
	}
	return "a record that is neither file nor source";
}

/* The sig line starts at p[0..n): the last one, alone on its line. */
static const char *parse_sig(struct manifest *m, const char *s, size_t n,
			     size_t rest)
{
	if (rest != n + 1)
		return "lines after the signature";
	if (!digest_unhex(s + 4, n - 4, m->sig, sizeof m->sig))
		return "a malformed signature";
	return NULL;
}

static const char *parse_lines(struct manifest *m, struct mp *p,
			       const char *s, size_t len)
{
	uint64_t nfiles = 0, nsources = 0;
	bool head = false;
	for (size_t at = 0; at < len;) {
		const char *line = s + at;
		const char *lf = memchr(line, '\n', len - at);
		if (!lf)
			return "the last line does not end (truncated?)";
		size_t n = (size_t)(lf - line);
		if (n >= 4 && memcmp(line, "sig=", 4) == 0) {
			if (!head)
				return "a signature before the head";
			m->signed_len = at;
			const char *err = parse_sig(m, line, n, len - at);
			if (err)
				return err;
			if (nfiles != m->nfiles || nsources != m->nsources)
				return "not as many files or sources as the head says";
			return NULL;
		}
		const char *err, *why = NULL;
		size_t col;
		enum record_status st = record_parse(&p->r, line, n, &err, &col);
		if (st == REC_ERROR)
			why = "a line that is not a dcr record";
		else if (st == REC_OK && !head) {
			why = parse_head(m, p, &nfiles, &nsources);
			head = true;
		} else if (st == REC_OK)
			why = parse_body(m, p, line, n);
		if (why)
			return why;
		at += n + 1;
	}
	return "no signature (truncated?)";
}

const char *manifest_parse(struct manifest *m, const char *s, size_t n)
{
	struct mp p;
	record_init(&p.r);
	p.scratch = (struct buf)BUF_INIT;
	digest_mem(s, n, m->hash);
	const char *why = parse_lines(m, &p, s, n);
	record_free(&p.r);
	buf_free(&p.scratch);
	return why;
}

void manifest_name(uint64_t epoch, const char *day, char *out, size_t cap)
{
	snprintf(out, cap, "%06" PRIu64 "-%s.seal", epoch, day);
}

bool manifest_name_parse(const char *name, uint64_t *epoch, char day[11])
{
	size_t len = strlen(name), digits = strspn(name, "0123456789");
	if (digits < 6 || digits > 19 || len != digits + 16 ||
	    name[digits] != '-' || strcmp(name + len - 5, ".seal") != 0)
		return false;
	if (!is_day(slice_of(name + digits + 1, 10)))
		return false;
	uint64_t e = 0;
	for (size_t i = 0; i < digits; i++)
		e = e * 10 + (uint64_t)(name[i] - '0');
	*epoch = e;
	memcpy(day, name + digits + 1, 10);
	day[10] = '\0';
	return true;
}
