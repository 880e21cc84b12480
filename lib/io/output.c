/* output.c - checked buffered writes and atomic replacement of -o files. */
#include "io/output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "io/gzmember.h"
#include "io/input.h"
#include "base/progress.h"
#include "base/xmalloc.h"

/* The temporary files to remove if we die: fixed arrays, so that the
 * signal handler needs no allocation and no locks. */
enum { MAX_OUTPUTS = 4 };
static char tmp_path[MAX_OUTPUTS][PATH_MAX];
static volatile sig_atomic_t tmp_live[MAX_OUTPUTS];
static int n_slots;

static void remove_tmp(void)
{
	for (int i = 0; i < MAX_OUTPUTS; i++)
		if (tmp_live[i]) {
			unlink(tmp_path[i]);
			tmp_live[i] = 0;
		}
}

static void on_signal(int sig)
{
	remove_tmp();
	signal(sig, SIG_DFL);
	raise(sig);
}

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

static void catch_signals(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction sa;
		/* A signal ignored on entry stays ignored (nohup, and sh's
		 * background jobs, which ignore SIGINT): catching it would
		 * end the run that the caller wanted to survive it. */
		if (sigaction(sigs[i], NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(sigs[i], &sa, NULL);
	}
}

static bool has_gz_suffix(const char *path)
{
	size_t n = strlen(path);
	return n >= 3 && strcmp(path + n - 3, ".gz") == 0;
}

/* Create PATH's temporary sibling ".NAME.XXXXXX" in slot o->slot. */
static int make_tmp(struct output *o, const char *path)
{
	if (n_slots == MAX_OUTPUTS)
		abort();
	o->slot = n_slots++;
	char *tmp = tmp_path[o->slot];
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
	const char *base = path + dirlen;
	int n = snprintf(tmp, PATH_MAX, "%.*s.%s.XXXXXX",
			 (int)dirlen, path, base);
	if (n < 0 || (size_t)n >= PATH_MAX)
		die("%s: path too long", path);
	if (o->slot == 0) {
		catch_signals();
		err_on_die(remove_tmp);
	}
	int fd = mkstemp(tmp);
	if (fd < 0)
		die_errno("%s: cannot create temporary file", path);
	tmp_live[o->slot] = 1;
	return fd;
}

void out_open(struct output *o, const char *path)
{
	out_open_mode(o, path, 0666);
}

void out_open_mode(struct output *o, const char *path, unsigned mode)
{
	memset(o, 0, sizeof *o);
	o->mode = mode;
	buf_grow(&o->buf, OUT_FLUSH_AT + OUT_FLUSH_AT / 4);
	if (!path || strcmp(path, "-") == 0) {
		o->fd = STDOUT_FILENO;
		struct stat st;
		if (fstat(o->fd, &st) == 0 && S_ISFIFO(st.st_mode))
			pipe_enlarge(o->fd);
		return;
	}
	o->path = path;
	o->fd = make_tmp(o, path);
	if (has_gz_suffix(path))
		o->gz = gzm_writer_new(o->fd);
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

/* New files get the mode asked for less the umask, not mkstemp's 0600. */
static void set_mode(struct output *o)
{
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(o->fd, (mode_t)o->mode & ~mask) < 0)
		die_errno("%s: cannot set mode", o->path);
}

void out_close(struct output *o)
{
	out_flush(o);
	gzm_writer_free(o->gz);
	o->gz = NULL;
	buf_free(&o->buf);
	if (!o->path) {
		/* A late error (NFS, a full disk behind a cache) shows here. */
		if (close(STDOUT_FILENO) < 0 && errno != EBADF)
			write_failed(o);
		return;
	}
	set_mode(o);
	if (fsync(o->fd) < 0)
		die_errno("%s: fsync", o->path);
	if (close(o->fd) < 0)
		die_errno("%s: close", o->path);
	if (rename(tmp_path[o->slot], o->path) < 0)
		die_errno("%s: cannot rename temporary file into place", o->path);
	tmp_live[o->slot] = 0;
}

void out_abandon(struct output *o)
{
	if (!o->path) { /* a stream: what was written stands, so finish it */
		out_close(o);
		return;
	}
	buf_free(&o->buf);
	gzm_writer_free(o->gz);
	o->gz = NULL;
	if (!o->path)
		return;
	close(o->fd);
	unlink(tmp_path[o->slot]);
	tmp_live[o->slot] = 0;
	warn("%s: not written because of the errors above", o->path);
}

bool out_is_file(const struct output *o, const char *input_path)
{
	struct stat a, b;
	if (!o->path || !input_path || strcmp(input_path, "-") == 0)
		return false;
	return stat(o->path, &a) == 0 && stat(input_path, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}
