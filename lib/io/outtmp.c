/* outtmp.c - the temporary files of -o: made beside their target, locked
 * while their run lives, removed when it dies (by the run itself on die()
 * and signals, or by the next run of the same output after SIGKILL). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "io/output.h"
#include "io/output_impl.h"

/* Fixed arrays, so that the signal handler needs no allocation and no
 * locks. */
static char tmp_path[MAX_OUTPUTS][PATH_MAX];
static volatile sig_atomic_t tmp_live[MAX_OUTPUTS];

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

static void catch_signals(void)
{
	static bool done;
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	if (done)
		return;
	done = true;
	err_on_die(remove_tmp);
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

/* A temporary file whose lock is free belongs to a run that died (a lock
 * dies with its process): remove it. Only regular files of this user,
 * named as this module names them for this target, are considered. */
static void remove_stale(const char *dir, const char *base)
{
	char prefix[NAME_MAX + 16];
	int n = snprintf(prefix, sizeof prefix, ".%s.dcr-", base);
	if (n < 0 || (size_t)n >= sizeof prefix)
		return;
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, prefix, (size_t)n) != 0)
			continue;
		const char *tail = e->d_name + n;
		if (strlen(tail) != 6 || tail[strspn(tail,
			"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			"0123456789")] != '\0')
			continue;
		int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_NOFOLLOW |
				O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		if (fd < 0)
			continue;
		struct stat st, now;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_uid == geteuid() && flock(fd, LOCK_EX | LOCK_NB) == 0 &&
		    fstatat(dirfd(d), e->d_name, &now, AT_SYMLINK_NOFOLLOW) == 0 &&
		    now.st_dev == st.st_dev && now.st_ino == st.st_ino)
			unlinkat(dirfd(d), e->d_name, 0);
		close(fd);
	}
	closedir(d);
}

/* Lock the temporary file through a second descriptor, so that the lock
 * outlasts the close() before the rename. On a file system without locks
 * the file goes unlocked: a later run cannot lock it either, and so leaves
 * it alone. */
static void lock_tmp(struct output *o, struct out_slot *s, const char *tmp)
{
	s->lockfd = open(tmp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (s->lockfd < 0) /* the same open file description holds it too */
		s->lockfd = fcntl(o->fd, F_DUPFD_CLOEXEC, 0);
	if (s->lockfd < 0)
		die_errno("%s: cannot lock temporary file", o->path);
	while (flock(s->lockfd, LOCK_EX) < 0 && errno == EINTR)
		;
}

/* Create the target's temporary sibling ".NAME.dcr-XXXXXX", locked for
 * as long as this process lives. A second descriptor holds the lock, so
 * that it outlasts the close() before the rename. */
void outtmp_create(struct output *o, struct out_slot *s)
{
	char *tmp = tmp_path[o->slot];
	char *slash = strrchr(s->target, '/');
	const char *base = slash + 1;
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%.*s", slash == s->target ? 1 :
		 (int)(slash - s->target), s->target);
	catch_signals();
	remove_stale(dir, base);
	for (int tries = 0;; tries++) {
		int n = snprintf(tmp, PATH_MAX, "%.*s.%s.dcr-XXXXXX",
				 (int)(base - s->target), s->target, base);
		if (n < 0 || n >= PATH_MAX)
			die("%s: path too long", o->path);
		o->fd = mkostemp(tmp, O_CLOEXEC);
		if (o->fd < 0)
			die_errno("%s: cannot create temporary file", o->path);
		tmp_live[o->slot] = 1;
		lock_tmp(o, s, tmp);
		struct stat a, b;
		/* Between mkostemp() and flock(), another run may have taken
		 * the file for a dead run's and removed it: then try again. */
		if (fstat(o->fd, &a) == 0 && lstat(tmp, &b) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			return;
		if (tries == 10)
			die("%s: cannot keep a temporary file: something removes them",
			    o->path);
		close(s->lockfd);
		close(o->fd);
		tmp_live[o->slot] = 0;
	}
}

const char *outtmp_path(int slot)
{
	return tmp_path[slot];
}

void outtmp_committed(int slot)
{
	tmp_live[slot] = 0;
	close(out_slots[slot].lockfd);
	out_slots[slot].lockfd = -1;
}

void outtmp_discard(int slot)
{
	unlink(tmp_path[slot]);
	outtmp_committed(slot);
}
