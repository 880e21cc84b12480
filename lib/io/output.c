/* output.c - checked buffered writes to stdout, devices and temporary
 * files, and their commit: modes, owners, fsync, rename. */
#include "io/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/err.h"
#include "base/progress.h"
#include "base/xmalloc.h"
#include "io/gzip.h"
#include "io/gzmember.h"
#include "io/input.h"
#include "io/output_impl.h"

void out_guard_stdio(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		/* Opened read-only: writes to it fail with EBADF. */
		int nfd = open("/dev/null", O_RDONLY);
		if (nfd >= 0 && nfd != fd) {
			dup2(nfd, fd);
			close(nfd);
		}
	}
}

/* Connect to a listening Unix stream socket. */
static int connect_socket(const char *target)
{
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(target) >= sizeof sa.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, target);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

void out_start(struct output *o)
{
	struct out_slot *s = &out_slots[o->slot];
	buf_grow(&o->buf, OUT_FLUSH_AT + OUT_FLUSH_AT / 4);
	switch (s->kind) {
	case OUT_STDOUT:
		o->fd = STDOUT_FILENO;
		if (s->exists && S_ISFIFO(s->st.st_mode))
			pipe_enlarge(o->fd);
		return;
	case OUT_DESCRIPTOR:
		o->fd = fcntl(s->fdnum, F_DUPFD_CLOEXEC, 3);
		if (o->fd < 0)
			die_errno("%s: cannot write to descriptor %d", o->path,
				  s->fdnum);
		break;
	case OUT_THROUGH:
		/* A FIFO blocks here until it has a reader, as with sh's >. */
		o->fd = S_ISSOCK(s->st.st_mode) ? connect_socket(s->target)
			: open(s->target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (o->fd < 0)
			die_errno("%s: cannot open", o->path);
		break;
	case OUT_REPLACE:
		outtmp_create(o, s);
		break;
	}
	if (gz_has_suffix(o->path))
		o->gz = gzm_writer_new(o->fd);
}

void out_open(struct output *o, const char *path)
{
	out_prepare(o, path, "output file", 0666);
	out_start(o);
}

static noreturn void write_failed(const struct output *o)
{
	die_errno("write error%s%s", o->path ? " on " : "",
		  o->path ? o->path : "");
}

static void write_all(struct output *o, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(o->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			write_failed(o);
		if (w == 0) {
			errno = EIO;
			write_failed(o);
		}
		p += w;
		n -= (size_t)w;
	}
}

void out_flush(struct output *o)
{
	if (o->buf.len == 0)
		return;
	if (!o->path) /* the same terminal may show the progress line */
		progress_clear();
	if (o->gz) {
		if (!gzm_write(o->gz, o->buf.p, o->buf.len))
			write_failed(o);
	} else {
		write_all(o, o->buf.p, o->buf.len);
	}
	o->buf.len = 0;
}

/* The replaced file's owner and group, where this process may set them;
 * returns the mode bits that stay safe: without the group, the group's
 * bits would open the file to a group that never had it. */
static mode_t keep_owner(const struct output *o, const struct stat *old)
{
	mode_t mode = old->st_mode & 07777;
	struct stat now;
	if (fstat(o->fd, &now) < 0)
		die_errno("%s: cannot stat temporary file", o->path);
	if (now.st_uid != old->st_uid || now.st_gid != old->st_gid) {
		if (fchown(o->fd, old->st_uid, old->st_gid) == 0)
			return mode;
		mode &= (mode_t)~S_ISUID;
		if (now.st_gid != old->st_gid &&
		    fchown(o->fd, (uid_t)-1, old->st_gid) < 0)
			mode &= (mode_t)~(S_ISGID | S_IRWXG);
	}
	return mode;
}

/* A replaced file keeps its mode; a new one gets the mode asked for less
 * the umask, not mkstemp's 0600; a private one (0600) stays private. */
static void set_mode(struct output *o, const struct out_slot *s)
{
	mode_t mode;
	if (s->exists) {
		mode = keep_owner(o, &s->st);
		if (s->mode == 0600)
			mode = 0600;
	} else {
		mode_t mask = umask(0);
		umask(mask);
		mode = (mode_t)s->mode & ~mask;
	}
	if (fchmod(o->fd, mode) < 0)
		die_errno("%s: cannot set mode", o->path);
}

static void finish_gz(struct output *o)
{
	gzm_writer_free(o->gz);
	o->gz = NULL;
	buf_free(&o->buf);
}

void out_close(struct output *o)
{
	struct out_slot *s = &out_slots[o->slot];
	out_flush(o);
	if (o->gz && !gzm_end(o->gz))
		write_failed(o);
	finish_gz(o);
	if (s->kind == OUT_STDOUT) {
		/* A late error (NFS, a full disk behind a cache) shows here. */
		if (close(STDOUT_FILENO) < 0 && errno != EBADF)
			write_failed(o);
		return;
	}
	if (s->kind != OUT_REPLACE) {
		if (close(o->fd) < 0)
			write_failed(o);
		return;
	}
	set_mode(o, s);
	if (fsync(o->fd) < 0)
		die_errno("%s: fsync", o->path);
	if (close(o->fd) < 0)
		die_errno("%s: close", o->path);
	if (rename(outtmp_path(o->slot), s->target) < 0)
		die_errno("%s: cannot rename temporary file into place", o->path);
	outtmp_committed(o->slot);
}

void out_abandon(struct output *o)
{
	struct out_slot *s = &out_slots[o->slot];
	if (s->kind != OUT_REPLACE) { /* a stream: what was written stands */
		out_close(o);
		return;
	}
	finish_gz(o);
	close(o->fd);
	outtmp_discard(o->slot);
	warn("%s: not written because of the errors above", o->path);
}
