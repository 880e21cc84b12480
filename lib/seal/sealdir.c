/* sealdir.c - DIR/seals/: open, lock, list the manifests in epoch order. */
#include "seal/sealdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "base/xmalloc.h"
#include "seal/manifest.h"
#include "seal/readfile.h"

static int by_epoch(const void *a, const void *b)
{
	const struct sealname *x = a, *y = b;
	if (x->epoch != y->epoch)
		return x->epoch < y->epoch ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void add_other(struct sealdir *s, const char *name)
{
	s->others = xreallocarray(s->others, s->nothers + 1, sizeof *s->others);
	s->others[s->nothers++] = xstrdup(name);
}

static void list(struct sealdir *s)
{
	int fd = dup(s->sealfd);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	if (!d)
		die_errno("%s/%s: cannot list", s->dir, SEALDIR_NAME);
	struct dirent *e;
	while ((errno = 0, e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue; /* the lock, temporary files of a run */
		struct sealname sn;
		if (!manifest_name_parse(e->d_name, &sn.epoch, sn.day)) {
			add_other(s, e->d_name);
			continue;
		}
		sn.name = xstrdup(e->d_name);
		s->names = xreallocarray(s->names, s->n + 1, sizeof *s->names);
		s->names[s->n++] = sn;
	}
	if (errno)
		die_errno("%s/%s: cannot list", s->dir, SEALDIR_NAME);
	closedir(d);
	if (s->n) /* qsort wants an array, even of none */
		qsort(s->names, s->n, sizeof *s->names, by_epoch);
}

static void lock(struct sealdir *s)
{
	s->lockfd = openat(s->sealfd, ".lock", O_RDWR | O_CREAT | O_CLOEXEC |
			   O_NOFOLLOW, 0600);
	if (s->lockfd < 0)
		die_errno("%s/%s/.lock: cannot open", s->dir, SEALDIR_NAME);
	while (flock(s->lockfd, LOCK_EX) < 0)
		if (errno != EINTR)
			die_errno("%s/%s/.lock: cannot lock", s->dir, SEALDIR_NAME);
}

void sealdir_open(struct sealdir *s, const char *dir, bool create)
{
	memset(s, 0, sizeof *s);
	s->dir = dir;
	s->sealfd = s->lockfd = -1;
	s->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->dirfd < 0)
		die_errno("%s: cannot open the folder", dir);
	if (create && mkdirat(s->dirfd, SEALDIR_NAME, 0755) < 0 &&
	    errno != EEXIST)
		die_errno("%s/%s: cannot create", dir, SEALDIR_NAME);
	s->sealfd = openat(s->dirfd, SEALDIR_NAME,
			   O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (s->sealfd < 0) {
		if (errno == ENOENT && !create)
			return;
		die_errno("%s/%s: cannot open", dir, SEALDIR_NAME);
	}
	if (create)
		lock(s);
	list(s);
}

void sealdir_close(struct sealdir *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->names[i].name);
	for (size_t i = 0; i < s->nothers; i++)
		free(s->others[i]);
	free(s->names);
	free(s->others);
	if (s->lockfd >= 0)
		close(s->lockfd);
	if (s->sealfd >= 0)
		close(s->sealfd);
	close(s->dirfd);
	memset(s, 0, sizeof *s);
}

/* The manifest is read into out itself, which grows as it fills. */
static void *buf_room(void *ctx, size_t *n)
{
	struct buf *b = ctx;
	buf_grow(b, 1 << 16);
	*n = b->cap - b->len;
	return b->p + b->len;
}

static void buf_got(void *ctx, size_t n)
{
	((struct buf *)ctx)->len += n;
}

int sealdir_read(int dirfd, const char *path, struct buf *out)
{
	buf_reset(out);
	const struct readfile_sink sink = {buf_room, buf_got, out};
	return readfile_all(dirfd, path, &sink);
}
