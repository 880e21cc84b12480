/* keyfile.c - who may have written a key file: its owner, mode and path. */
#include "key/keyfile.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <unistd.h>

#include "base/err.h"

enum { MAX_LINKS = 40 }; /* as the kernel's limit on a path */

static bool trusted_owner(uid_t uid)
{
	return uid == geteuid() || uid == 0;
}

/* dir is "" for the root directory. */
static void check_dir(const char *path, const char *dir)
{
	const char *name = *dir ? dir : "/";
	struct stat st;
	if (stat(name, &st) < 0)
		die_errno("%s: cannot check the directory %s", path, name);
	if (!trusted_owner(st.st_uid))
		die("%s: key file is in %s, which belongs to another user",
		    path, name);
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX))
		die("%s: key file is in %s, which others can write to "
		    "(chmod go-w %s)", path, name, name);
}

/* rest = what a link points to, then "/", then the old rest. */
static void splice(const char *path, char *rest, const char *target)
{
	char joined[PATH_MAX];
	int n = snprintf(joined, sizeof joined, "%s/%s", target, rest);
	if (n < 0 || (size_t)n >= sizeof joined)
		die("%s: key file path too long", path);
	memcpy(rest, joined, (size_t)n + 1);
}

/* Follow a symbolic link at at (in the directory cur) into rest. */
static void follow(const char *path, const char *at, const struct stat *st,
		   char *cur, char *rest)
{
	if (!trusted_owner(st->st_uid))
		die("%s: key file is reached through the symbolic link %s, "
		    "which belongs to another user", path, at);
	char target[PATH_MAX];
	ssize_t n = readlink(at, target, sizeof target - 1);
	if (n < 0)
		die_errno("%s: cannot read the symbolic link %s", path, at);
	target[n] = '\0';
	if (target[0] == '/')
		cur[0] = '\0';
	splice(path, rest, target);
}

/* Walk path a component at a time, the way the kernel resolves it, and
 * check each directory an entry is looked up in. */
static void check_path(const char *path, const struct stat *file)
{
	char cur[PATH_MAX] = "", rest[PATH_MAX], at[PATH_MAX];
	if (path[0] == '/') {
		snprintf(rest, sizeof rest, "%s", path);
	} else {
		char cwd[PATH_MAX];
		if (!getcwd(cwd, sizeof cwd))
			die_errno("%s: cannot find the working directory", path);
		int n = snprintf(rest, sizeof rest, "%s/%s", cwd, path);
		if (n < 0 || (size_t)n >= sizeof rest)
			die("%s: key file path too long", path);
	}
	int links = 0;
	for (;;) {
		char *p = rest;
		while (*p == '/')
			p++;
		if (!*p)
			break;
		size_t len = strcspn(p, "/");
		char comp[NAME_MAX + 1];
		if (len > NAME_MAX)
			die("%s: key file path too long", path);
		memcpy(comp, p, len);
		comp[len] = '\0';
		memmove(rest, p + len, strlen(p + len) + 1);
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			char *slash = strrchr(cur, '/');
			if (slash)
				*slash = '\0';
			continue;
		}
		check_dir(path, cur);
		int n = snprintf(at, sizeof at, "%s/%s", cur, comp);
		if (n < 0 || (size_t)n >= sizeof at)
			die("%s: key file path too long", path);
		struct stat st;
		if (lstat(at, &st) < 0)
			die_errno("%s: cannot check %s", path, at);
		if (S_ISLNK(st.st_mode)) {
			if (++links > MAX_LINKS)
				die("%s: too many symbolic links in the key file path",
				    path);
			follow(path, at, &st, cur, rest);
			continue;
		}
		memcpy(cur, at, (size_t)n + 1);
	}
	/* The walk ends at the file that was opened, or someone moved it. */
	struct stat st;
	if (stat(*cur ? cur : "/", &st) < 0 || st.st_dev != file->st_dev ||
	    st.st_ino != file->st_ino)
		die("%s: key file was replaced while it was being checked", path);
}

void keyfile_check(int fd, const char *path)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		die_errno("%s: cannot stat key file", path);
	if (!S_ISREG(st.st_mode))
		die("%s: key file is not a regular file", path);
	if (st.st_mode & 077)
		die("%s: key file is accessible by others (chmod 600 %s)", path, path);
	if (!trusted_owner(st.st_uid))
		die("%s: key file belongs to another user (it must be yours "
		    "or root's)", path);
	check_path(path, &st);
}

/* A core file would hold the key and the values it protects (client
 * codes): once a key is in memory, the process dumps no core, whatever
 * signal ends it, and cannot be read through /proc by other users. */
void keyfile_no_core_dumps(void)
{
#ifdef PR_SET_DUMPABLE
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		die_errno("cannot turn off core dumps");
#endif
	struct rlimit none = {0, 0};
	if (setrlimit(RLIMIT_CORE, &none) < 0)
		die_errno("cannot turn off core dumps");
}
