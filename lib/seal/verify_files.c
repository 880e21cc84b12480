/* verify_files.c - a sealed folder's files and days: each as sealed, none
 * missing, none outside the seals. */
#include "seal/verify_files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "base/xmalloc.h"
#include "seal/census.h"
#include "seal/verify_day.h"
#include "seal/verify_impl.h"

/* A current file, for the lookups by content that tell a swap. */
struct byhash {
	const unsigned char *sha;
	const struct mfile *f;
	const struct pub *p;
};

static int cmp_hash(const void *a, const void *b)
{
	const struct byhash *x = a, *y = b;
	return memcmp(x->sha, y->sha, DIGEST_BYTES);
}

static int cmp_ident(const void *a, const void *b)
{
	const struct ident *x = a, *y = b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* An altered archive: how many records it holds now. False when it no
 * longer reads whole (a cut gzip stream says so on stderr). */
static bool recount(struct vstate *v, const struct mfile *f, char *note,
		    size_t cap)
{
	note[0] = '\0';
	size_t n = strlen(v->o->dir) + strlen(f->path) + 2;
	char *path = xmalloc(n);
	snprintf(path, n, "%s/%s", v->o->dir, f->path);
	struct mfile now;
	memset(&now, 0, sizeof now);
	int seen = err_seen;
	bool whole = census_count(path, &now);
	if (whole && now.records != f->records)
		snprintf(note, cap, "; it holds %" PRIu64 " records, %" PRIu64
			 " were sealed", now.records, f->records);
	err_seen = seen;
	free(path);
	return whole;
}

static void check_file(struct vstate *v, const struct pub *p,
		       const struct mfile *f, const struct byhash *idx, size_t n)
{
	unsigned char sha[DIGEST_BYTES];
	uint64_t size;
	int e = digest_file(v->s.dirfd, f->path, sha, &size);
	if (e == ENOENT) {
		verify_problem(v, f->path, "missing file", "sealed by %s/%s",
			       SEALDIR_NAME, p->sn->name);
		return;
	}
	if (e) {
		verify_problem(v, f->path, "unreadable", "%s", strerror(e));
		return;
	}
	if (memcmp(sha, f->sha, sizeof sha) == 0 && size == f->size)
		return;
	struct byhash key = {sha, NULL, NULL};
	const struct byhash *hit = bsearch(&key, idx, n, sizeof *idx, cmp_hash);
	char note[128];
	if (hit && strcmp(hit->f->path, f->path) != 0)
		verify_problem(v, f->path, "out of order", "it holds what %s/%s "
			       "sealed as %s (%s)", SEALDIR_NAME, hit->p->sn->name,
			       hit->f->path, hit->p->m.day);
	else if (size < f->size && !(f->census && recount(v, f, note, sizeof note)))
		verify_problem(v, f->path, "truncated", "%" PRIu64 " bytes, %"
			       PRIu64 " were sealed by %s/%s", size, f->size,
			       SEALDIR_NAME, p->sn->name);
	else {
		if (size >= f->size && f->census)
			recount(v, f, note, sizeof note);
		else if (!f->census)
			note[0] = '\0';
		verify_problem(v, f->path, "altered", "its SHA-256 is not the "
			       "one %s/%s sealed%s", SEALDIR_NAME, p->sn->name,
			       note);
	}
}

void verify_files(struct vstate *v)
{
	size_t n = 0;
	for (size_t i = 0; i < v->nusable; i++)
		if (v->pubs[i].current)
			n += v->pubs[i].m.nfiles;
	struct byhash *idx = xcalloc(n ? n : 1, sizeof *idx);
	v->sealed = xcalloc(n ? n : 1, sizeof *v->sealed);
	n = 0;
	for (size_t i = 0; i < v->nusable; i++) {
		const struct pub *p = &v->pubs[i];
		for (size_t j = 0; p->current && j < p->m.nfiles; j++) {
			idx[n] = (struct byhash){p->m.files[j].sha, &p->m.files[j], p};
			v->sealed[n++] = xstrdup(p->m.files[j].path);
		}
	}
	v->nsealed = n;
	qsort(idx, n, sizeof *idx, cmp_hash);
	qsort(v->sealed, n, sizeof *v->sealed, cmp_str);
	for (size_t i = 0; i + 1 < n; i++)
		if (strcmp(v->sealed[i], v->sealed[i + 1]) == 0)
			verify_problem(v, v->sealed[i], "broken chain", "sealed "
				       "by the current seals of two days");
	for (size_t i = 0; i < v->nusable; i++) {
		const struct pub *p = &v->pubs[i];
		for (size_t j = 0; p->current && j < p->m.nfiles; j++)
			check_file(v, p, &p->m.files[j], idx, n);
	}
	free(idx);
	v->ids = xcalloc(n ? n : 1, sizeof *v->ids);
	struct stat st;
	for (size_t i = 0; i < n; i++)
		if (fstatat(v->s.dirfd, v->sealed[i], &st, 0) == 0)
			v->ids[v->nids++] = (struct ident){st.st_dev, st.st_ino};
	qsort(v->ids, v->nids, sizeof *v->ids, cmp_ident);
}

static bool known_missing(const struct vstate *v, const char *day)
{
	for (size_t i = 0; i < v->o->nmissing; i++)
		if (strcmp(v->o->missing[i], day) == 0)
			return true;
	return false;
}

void verify_days(struct vstate *v)
{
	if (v->nusable == 0)
		return;
	int64_t through = v->last_day;
	if (v->o->through) {
		through = verify_day_number(v->o->through);
		if (through > v->last_day) {
			char last[11];
			verify_day_text(v->last_day, last);
			verify_problem(v, SEALDIR_NAME, "truncated chain", "the "
				       "last day sealed is %s; days through %s "
				       "are expected", last, v->o->through);
		}
	}
	int64_t span = (through > v->last_day ? through : v->last_day) -
		       v->first_day + 1;
	bool *seen = xcalloc((size_t)span, 1);
	for (size_t i = 0; i < v->nusable; i++)
		seen[verify_day_number(v->pubs[i].m.day) - v->first_day] = true;
	char day[11];
	for (int64_t d = 0; d < span; d++) {
		if (seen[d])
			continue;
		verify_day_text(v->first_day + d, day);
		if (known_missing(v, day))
			printf("%s: known missing\n", day);
		else
			verify_problem(v, day, "missing day", "no seal of this day");
	}
	free(seen);
}

static bool ignored(const struct vstate *v, const char *path)
{
	for (size_t i = 0; i < v->o->nignore; i++)
		if (fnmatch(v->o->ignore[i], path, 0) == 0)
			return true;
	return false;
}

static bool is_sealed(const struct vstate *v, const char *path)
{
	return bsearch(&path, v->sealed, v->nsealed, sizeof *v->sealed,
		       cmp_str) != NULL;
}

static bool is_sealed_file(const struct vstate *v, const struct stat *st)
{
	struct ident id = {st->st_dev, st->st_ino};
	return bsearch(&id, v->ids, v->nids, sizeof *v->ids, cmp_ident) != NULL;
}

/* A symbolic link is not content: it may point at a folder (whose files
 * are walked where they are) or at a sealed file, not at another file. */
static void check_link(struct vstate *v, int dirfd, const char *path)
{
	struct stat st;
	if (fstatat(dirfd, path, &st, 0) < 0)
		verify_problem(v, path, "unsealed", "a link to nothing");
	else if (!S_ISDIR(st.st_mode) && !is_sealed_file(v, &st))
		verify_problem(v, path, "unsealed", "a link to a file in no seal");
}

/* The names in the directory fd, sorted, without hidden ones. */
static char **names_of(int fd, const char *path, size_t *count)
{
	DIR *d = fdopendir(fd);
	if (!d)
		die_errno("%s: cannot list", path);
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((errno = 0, e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue; /* work folders, locks, temporary files */
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	if (errno)
		die_errno("%s: cannot list", path);
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	*count = n;
	return names;
}

static void walk(struct vstate *v, int dirfd, const char *rel)
{
	size_t n;
	int fd = openat(dirfd, *rel ? rel : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		verify_problem(v, rel, "unreadable", "%s", strerror(errno));
		return;
	}
	char **names = names_of(fd, rel, &n);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(rel) + strlen(names[i]) + 2;
		char *path = xmalloc(len);
		snprintf(path, len, "%s%s%s", rel, *rel ? "/" : "", names[i]);
		struct stat st;
		bool top_seals = !*rel && strcmp(names[i], SEALDIR_NAME) == 0;
		if (top_seals || ignored(v, path) || is_sealed(v, path))
			;
		else if (fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) < 0)
			verify_problem(v, path, "unreadable", "%s", strerror(errno));
		else if (S_ISDIR(st.st_mode))
			walk(v, dirfd, path);
		else if (S_ISLNK(st.st_mode))
			check_link(v, dirfd, path);
		else if (!is_sealed_file(v, &st))
			verify_problem(v, path, "unsealed", "in no seal");
		free(path);
		free(names[i]);
	}
	free(names);
}

void verify_unsealed(struct vstate *v)
{
	walk(v, v->s.dirfd, "");
	char path[512];
	for (size_t i = 0; i < v->s.nothers; i++) {
		snprintf(path, sizeof path, "%s/%s", SEALDIR_NAME, v->s.others[i]);
		verify_problem(v, path, "unsealed", "not a seal (EPOCH-DAY.seal)");
	}
}
