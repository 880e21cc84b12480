/* verify.c - a sealed folder's chain: from the trust anchor, each seal
 * signed with its own epoch's key, each naming the one before. */
#include "seal/verify.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xmalloc.h"
#include "seal/verify_day.h"
#include "seal/verify_files.h"
#include "seal/verify_impl.h"

static void where_of(const struct pub *p, char *out, size_t cap)
{
	snprintf(out, cap, "%s/%s", SEALDIR_NAME, p->sn->name);
}

/* Read and parse every manifest; the name must say its epoch and day. */
static void load(struct vstate *v)
{
	char where[128];
	v->pubs = xcalloc(v->s.n ? v->s.n : 1, sizeof *v->pubs);
	for (size_t i = 0; i < v->s.n; i++) {
		struct pub *p = &v->pubs[v->n++];
		p->sn = &v->s.names[i];
		manifest_init(&p->m);
		where_of(p, where, sizeof where);
		struct buf *b = &p->text;
		int e = sealdir_read(v->s.sealfd, p->sn->name, b);
		if (e) {
			verify_problem(v, where, "unreadable", "%s", strerror(e));
			continue;
		}
		const char *why = manifest_parse(&p->m, b->p, b->len);
		if (why) {
			verify_problem(v, where, "altered", "%s", why);
			continue;
		}
		p->usable = true;
		if (p->m.epoch != p->sn->epoch || strcmp(p->m.day, p->sn->day) != 0)
			verify_problem(v, where, "out of order", "it seals epoch %"
				       PRIu64 " of %s, not what its name says",
				       p->m.epoch, p->m.day);
	}
}

static int by_content_epoch(const void *a, const void *b)
{
	const struct pub *x = a, *y = b;
	if (x->usable != y->usable)
		return x->usable ? -1 : 1;
	if (x->m.epoch != y->m.epoch)
		return x->m.epoch < y->m.epoch ? -1 : 1;
	return strcmp(x->sn->name, y->sn->name);
}

/* The epoch whose key signed p, among the keys the seals name (the anchor
 * is epoch 0's, each seal's next_key is the next epoch's); -1 if none. */
static int64_t signer(const struct vstate *v, const struct pub *p)
{
	const unsigned char *msg = (const unsigned char *)p->text.p;
	size_t n = p->m.signed_len;
	if (digest_sig_ok(p->m.sig, msg, n, v->o->anchor))
		return 0;
	for (size_t i = 0; i < v->nusable; i++) {
		const struct manifest *m = &v->pubs[i].m;
		if (digest_sig_ok(p->m.sig, msg, n, m->next_key))
			return (int64_t)m->epoch + 1;
		if (&v->pubs[i] != p && digest_sig_ok(p->m.sig, msg, n, m->key))
			return (int64_t)m->epoch;
	}
	return -1;
}

/* p's signature under the key its epoch should have (want). */
static void check_key(struct vstate *v, struct pub *p, const char *where,
		      const unsigned char *want)
{
	const struct manifest *m = &p->m;
	bool holds = digest_sig_ok(m->sig, (const unsigned char *)p->text.p,
				   m->signed_len, want);
	if (holds && memcmp(m->key, want, sizeof m->key) == 0)
		return;
	if (holds) {
		verify_problem(v, where, "wrong epoch key", "it names a key that "
			       "is not epoch %" PRIu64 "'s", m->epoch);
		return;
	}
	int64_t by = signer(v, p);
	if (by >= 0 && (uint64_t)by != m->epoch)
		verify_problem(v, where, "wrong epoch key", "signed with the key "
			       "of epoch %" PRId64 ", not with its own (epoch %"
			       PRIu64 ")", by, m->epoch);
	else if (by >= 0 || digest_sig_ok(m->sig, (const unsigned char *)p->text.p,
					  m->signed_len, m->key))
		verify_problem(v, where, "wrong epoch key", m->epoch == 0 ?
			       "signed with a key that is not the trust anchor" :
			       "signed with a key that the seal before it "
			       "does not certify");
	else
		verify_problem(v, where, "altered", "its signature does not "
			       "hold: the seal was changed");
}

/* The chain of hashes: p names the seal before it, and a re-run names
 * the latest seal of its day. latest[] is by day number - first_day; after
 * a gap (reported) the seal before is not the one p names. */
static void check_links(struct vstate *v, struct pub *p, const char *where,
			const struct pub *before, struct pub **latest, bool gap)
{
	const struct manifest *m = &p->m;
	char name[128];
	if (!before && m->has_prev)
		verify_problem(v, where, "truncated chain", "it names a seal "
			       "before it, and there is none");
	else if (before && !gap && (!m->has_prev ||
			    memcmp(m->prev, before->m.hash, sizeof m->prev) != 0)) {
		where_of(before, name, sizeof name);
		verify_problem(v, where, "broken chain", "prev is not the hash "
			       "of %s", name);
	}
	struct pub **slot = &latest[verify_day_number(m->day) - v->first_day];
	if (*slot) {
		where_of(*slot, name, sizeof name);
		if (!m->has_supersedes ||
		    memcmp(m->supersedes, (*slot)->m.hash, sizeof m->supersedes) != 0)
			verify_problem(v, where, "broken chain", "a re-run of %s "
				       "that does not name the seal it "
				       "supersedes (%s)", m->day, name);
		else
			printf("%s: re-run: %s/%s supersedes %s\n", m->day,
			       SEALDIR_NAME, p->sn->name, name);
		(*slot)->current = false;
		v->reruns++;
	} else if (m->has_supersedes) {
		verify_problem(v, where, "broken chain", "it supersedes a seal "
			       "of %s that is not in the chain", m->day);
	}
	*slot = p;
	p->current = true;
}

static void check_chain(struct vstate *v)
{
	struct pub **latest = xcalloc((size_t)(v->last_day - v->first_day + 1),
				      sizeof *latest);
	const unsigned char *want = v->o->anchor;
	uint64_t epoch = 0;
	char where[128];
	for (size_t i = 0; i < v->nusable; i++) {
		struct pub *p = &v->pubs[i];
		where_of(p, where, sizeof where);
		bool gap = p->m.epoch > epoch;
		if (gap && p->m.epoch == epoch + 1)
			verify_problem(v, where, "truncated chain", "the seal of "
				       "epoch %" PRIu64 " is missing before it",
				       epoch);
		else if (gap)
			verify_problem(v, where, "truncated chain", "the seals of "
				       "epochs %" PRIu64 " to %" PRIu64 " are "
				       "missing before it", epoch, p->m.epoch - 1);
		else if (p->m.epoch < epoch)
			verify_problem(v, where, "broken chain", "a second seal "
				       "of epoch %" PRIu64, p->m.epoch);
		check_key(v, p, where, p->m.epoch == epoch ? want : p->m.key);
		check_links(v, p, where, i ? &v->pubs[i - 1] : NULL, latest, gap);
		want = p->m.next_key;
		epoch = p->m.epoch + 1;
	}
	free(latest);
}

/* The day range of the usable seals; a seal of no real day is unusable. */
static void day_range(struct vstate *v)
{
	char where[128];
	v->first_day = INT64_MAX;
	v->last_day = INT64_MIN;
	for (size_t i = 0; i < v->n; i++) {
		struct pub *p = &v->pubs[i];
		if (!p->usable)
			continue;
		int64_t d = verify_day_number(p->m.day);
		if (d == INT64_MIN) {
			where_of(p, where, sizeof where);
			verify_problem(v, where, "altered", "it seals a day "
				       "that does not exist");
			p->usable = false;
			continue;
		}
		if (d < v->first_day)
			v->first_day = d;
		if (d > v->last_day)
			v->last_day = d;
	}
}

static void summary(struct vstate *v)
{
	char first[11], last[11];
	if (v->nusable == 0) {
		printf("%s: %zu problem%s; no usable seal\n", v->o->dir,
		       v->problems, v->problems == 1 ? "" : "s");
		return;
	}
	verify_day_text(v->first_day, first);
	verify_day_text(v->last_day, last);
	int64_t days = v->last_day - v->first_day + 1;
	printf("%s: %" PRId64 " day%s from %s to %s, %zu seal%s (%zu re-run%s): ",
	       v->o->dir, days, days == 1 ? "" : "s", first, last, v->nusable,
	       v->nusable == 1 ? "" : "s", v->reruns, v->reruns == 1 ? "" : "s");
	if (v->problems)
		printf("%zu problem%s\n", v->problems, v->problems == 1 ? "" : "s");
	else
		printf("every seal holds\n");
}

size_t verify_dir(const struct verify_opts *o)
{
	struct vstate v;
	memset(&v, 0, sizeof v);
	v.o = o;
	sealdir_open(&v.s, o->dir, false);
	load(&v);
	day_range(&v);
	qsort(v.pubs, v.n, sizeof *v.pubs, by_content_epoch);
	for (size_t i = 0; i < v.n; i++)
		v.nusable += v.pubs[i].usable;
	if (v.nusable == 0)
		verify_problem(&v, SEALDIR_NAME, "truncated chain", "no seal");
	else
		check_chain(&v);
	verify_files(&v);
	verify_days(&v);
	verify_unsealed(&v);
	summary(&v);
	for (size_t i = 0; i < v.n; i++) {
		manifest_free(&v.pubs[i].m);
		buf_free(&v.pubs[i].text);
	}
	free(v.pubs);
	for (size_t i = 0; i < v.nsealed; i++)
		free(v.sealed[i]);
	free(v.sealed);
	free(v.ids);
	sealdir_close(&v.s);
	return v.problems;
}

void verify_read_anchor(const char *arg, unsigned char out[DIGEST_PUBLIC_BYTES])
{
	if (digest_unhex(arg, strlen(arg), out, DIGEST_PUBLIC_BYTES))
		return;
	FILE *f = fopen(arg, "r");
	if (!f)
		die_errno("--anchor %s: neither 64 hex digits nor a readable file",
			  arg);
	char line[256];
	const char *pre = "seal_anchor=1 key=";
	size_t n = strlen(pre);
	bool ok = fgets(line, sizeof line, f) && strncmp(line, pre, n) == 0 &&
		  strlen(line) == n + 2 * DIGEST_PUBLIC_BYTES + 1 &&
		  line[n + 2 * DIGEST_PUBLIC_BYTES] == '\n' &&
		  digest_unhex(line + n, 2 * DIGEST_PUBLIC_BYTES, out,
			       DIGEST_PUBLIC_BYTES);
	fclose(f);
	if (!ok)
		die("%s: not a trust anchor (seal_anchor=1 key=HEX, as "
		    "dcr-seal --new-key writes it)", arg);
}
