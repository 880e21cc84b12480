/* outpath.c - what an output path names (a file to replace, a device to
 * write through, a descriptor), and the refusal of outputs that are the
 * same file as another output or an input. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "io/output.h"
#include "io/output_impl.h"

enum { MAX_LINKS = 40 }; /* as the kernel's limit */

struct out_slot out_slots[MAX_OUTPUTS];
static int n_slots;

static void path_join(char *out, const char *path, const char *dir,
		      const char *name)
{
	int n = snprintf(out, PATH_MAX, "%s%s%s", dir,
			 strcmp(dir, "/") == 0 ? "" : "/", name);
	if (n < 0 || n >= PATH_MAX)
		die("%s: path too long", path);
}

/* True when dir (canonical) is /proc/PID/fd or /proc/PID/task/TID/fd of
 * this process: its entries are the process's own descriptors, whose
 * links name no file to replace (a pipe, or a file opened with >>). */
static bool is_own_fd_dir(const char *dir)
{
	char own[64];
	snprintf(own, sizeof own, "/proc/%ld/", (long)getpid());
	size_t n = strlen(own);
	if (strncmp(dir, own, n) != 0)
		return false;
	const char *rest = dir + n;
	if (strcmp(rest, "fd") == 0)
		return true;
	if (strncmp(rest, "task/", 5) != 0)
		return false;
	rest += 5 + strspn(rest + 5, "0123456789");
	return strcmp(rest, "/fd") == 0;
}

enum found { FOUND, FOUND_DIR, FOUND_BLOCK, FOUND_LOOP, FOUND_ERRNO };

/* Resolve path into s: the directory part made canonical, symbolic links
 * of the last part followed, as the kernel would open it. FOUND_ERRNO
 * (with errno) when the directory cannot be resolved. */
static enum found find_target(struct out_slot *s, const char *path)
{
	char cur[PATH_MAX], dir[PATH_MAX], rdir[PATH_MAX];
	if (snprintf(cur, sizeof cur, "%s", path) >= (int)sizeof cur) {
		errno = ENAMETOOLONG;
		return FOUND_ERRNO;
	}
	for (int links = 0;; links++) {
		if (links > MAX_LINKS)
			return FOUND_LOOP;
		char *slash = strrchr(cur, '/');
		const char *base = slash ? slash + 1 : cur;
		if (!slash)
			strcpy(dir, ".");
		else if (slash == cur)
			strcpy(dir, "/");
		else
			snprintf(dir, sizeof dir, "%.*s", (int)(slash - cur), cur);
		if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
			return FOUND_DIR;
		if (!realpath(dir, rdir))
			return FOUND_ERRNO;
		path_join(s->target, path, rdir, base);
		if (is_own_fd_dir(rdir) && base[strspn(base, "0123456789")] == '\0') {
			s->kind = OUT_DESCRIPTOR;
			s->fdnum = atoi(base);
			s->exists = fstat(s->fdnum, &s->st) == 0;
			return FOUND;
		}
		if (lstat(s->target, &s->st) < 0) {
			/* Nothing there (or nothing reachable): a new file,
			 * and creating it says what is wrong. */
			s->kind = OUT_REPLACE;
			s->exists = false;
			return FOUND;
		}
		if (!S_ISLNK(s->st.st_mode))
			break;
		char link[PATH_MAX];
		ssize_t n = readlink(s->target, link, sizeof link - 1);
		if (n < 0)
			return FOUND_ERRNO;
		link[n] = '\0';
		if (link[0] == '/')
			strcpy(cur, link);
		else
			path_join(cur, path, rdir, link);
	}
	s->exists = true;
	if (S_ISDIR(s->st.st_mode))
		return FOUND_DIR;
	if (S_ISBLK(s->st.st_mode))
		return FOUND_BLOCK;
	s->kind = S_ISREG(s->st.st_mode) ? OUT_REPLACE : OUT_THROUGH;
	return FOUND;
}

static void resolve(struct out_slot *s, const char *path)
{
	switch (find_target(s, path)) {
	case FOUND:
		return;
	case FOUND_DIR:
		die("%s: is a directory", path);
	case FOUND_BLOCK:
		die("%s: is a block device; dcr writes records to files, "
		    "character devices, FIFOs and sockets", path);
	case FOUND_LOOP:
		die("%s: too many levels of symbolic links", path);
	case FOUND_ERRNO:
		die_errno("%s: cannot create temporary file", path);
	}
}

/* Whether two known files are one, for the collision rule. */
static bool same_file(bool ea, const struct stat *a, bool eb,
		      const struct stat *b)
{
	return ea && eb && a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	       !S_ISCHR(a->st_mode);
}

static bool same_output(const struct out_slot *a, const struct out_slot *b)
{
	if (same_file(a->exists, &a->st, b->exists, &b->st))
		return true;
	return a->kind == OUT_REPLACE && b->kind == OUT_REPLACE &&
	       strcmp(a->target, b->target) == 0;
}

void out_prepare(struct output *o, const char *path, const char *what,
		 unsigned mode)
{
	memset(o, 0, sizeof *o);
	o->fd = -1;
	if (n_slots == MAX_OUTPUTS)
		abort();
	o->slot = n_slots;
	struct out_slot *s = &out_slots[o->slot];
	memset(s, 0, sizeof *s);
	s->what = what;
	s->mode = mode;
	s->lockfd = -1;
	if (!path || strcmp(path, "-") == 0) {
		s->kind = OUT_STDOUT;
		s->exists = fstat(STDOUT_FILENO, &s->st) == 0;
	} else {
		o->path = path;
		resolve(s, path);
	}
	for (int i = 0; i < n_slots; i++)
		if (same_output(&out_slots[i], s))
			die("%s: the %s is also the %s",
			    path ? path : "(stdout)", what, out_slots[i].what);
	n_slots++;
}

void out_refuse_input(const char *path)
{
	struct out_slot in;
	memset(&in, 0, sizeof in);
	if (!path || strcmp(path, "-") == 0) {
		in.kind = OUT_STDOUT;
		in.exists = fstat(STDIN_FILENO, &in.st) == 0;
		path = "(stdin)";
	} else if (find_target(&in, path) != FOUND) {
		/* Not a file an output could be (a directory, say): only
		 * its identity counts, and reading it will say the rest. */
		in.kind = OUT_THROUGH;
		in.exists = stat(path, &in.st) == 0;
	}
	for (int i = 0; i < n_slots; i++)
		if (same_output(&out_slots[i], &in))
			die("%s: is also the %s", path, out_slots[i].what);
}

