/* faultshim.c - an LD_PRELOAD shim that makes output fail on purpose, to
 * test what dcr does when a disk fills up or a device errs.
 *
 * Only files opened for writing (regular files) are affected, so that
 * stdin, pipes, terminals and the inputs behave as usual. Environment:
 *
 *   FAULT_WRITE_AFTER=N   writes succeed for N bytes in all, then one
 *                         short write reaches N, then every write fails
 *   FAULT_FSYNC=N         the Nth fsync or fdatasync fails (1 = first)
 *   FAULT_CLOSE=N         the Nth close fails; the descriptor is closed
 *                         all the same, as Linux does on NFS
 *   FAULT_RENAME=N        the Nth rename fails and renames nothing
 *   FAULT_ERRNO=NAME      the error: ENOSPC (default), EIO, EDQUOT, EROFS
 *
 * Build: cc -shared -fPIC -o faultshim.so faultshim.c -ldl
 * Use:   LD_PRELOAD=./faultshim.so FAULT_FSYNC=1 dcr-fmt -o out in.log
 * (with an ASan build, add ASAN_OPTIONS=verify_asan_link_order=0).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static long long env_num(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? atoll(v) : -1;
}

static int fault_errno(void)
{
	static const struct {
		const char *name;
		int err;
	} errs[] = {{"ENOSPC", ENOSPC}, {"EIO", EIO}, {"EDQUOT", EDQUOT},
		    {"EROFS", EROFS}};
	const char *v = getenv("FAULT_ERRNO");
	for (size_t i = 0; v && i < sizeof errs / sizeof errs[0]; i++)
		if (strcmp(v, errs[i].name) == 0)
			return errs[i].err;
	return ENOSPC;
}

/* A regular file open for writing: the kind of descriptor we fail. */
static int is_output(int fd)
{
	struct stat st;
	int fl = fcntl(fd, F_GETFL);
	return fl >= 0 && (fl & O_ACCMODE) != O_RDONLY && fstat(fd, &st) == 0 &&
	       S_ISREG(st.st_mode);
}

/* True when this is the Nth counted call and N is the configured one. */
static int nth_call(const char *name, atomic_llong *count)
{
	long long n = env_num(name);
	return n > 0 && atomic_fetch_add(count, 1) + 1 == n;
}

#define REAL(name) \
	static __typeof__(name) *real_##name; \
	if (!real_##name) \
		real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *buf, size_t n)
{
	REAL(write);
	static atomic_llong written;
	long long limit = env_num("FAULT_WRITE_AFTER");
	if (limit < 0 || !is_output(fd))
		return real_write(fd, buf, n);
	long long done = atomic_load(&written);
	if (done >= limit) {
		errno = fault_errno();
		return -1;
	}
	if ((long long)n > limit - done)
		n = (size_t)(limit - done);
	ssize_t w = real_write(fd, buf, n);
	if (w > 0)
		atomic_fetch_add(&written, w);
	return w;
}

static atomic_llong fsyncs, closes, renames;

int fsync(int fd)
{
	REAL(fsync);
	if (is_output(fd) && nth_call("FAULT_FSYNC", &fsyncs)) {
		errno = fault_errno();
		return -1;
	}
	return real_fsync(fd);
}

int fdatasync(int fd)
{
	REAL(fdatasync);
	if (is_output(fd) && nth_call("FAULT_FSYNC", &fsyncs)) {
		errno = fault_errno();
		return -1;
	}
	return real_fdatasync(fd);
}

int close(int fd)
{
	REAL(close);
	if (is_output(fd) && nth_call("FAULT_CLOSE", &closes)) {
		real_close(fd);
		errno = fault_errno();
		return -1;
	}
	return real_close(fd);
}

int rename(const char *from, const char *to)
{
	REAL(rename);
	if (nth_call("FAULT_RENAME", &renames)) {
		errno = fault_errno();
		return -1;
	}
	return real_rename(from, to);
}

int renameat(int fromfd, const char *from, int tofd, const char *to)
{
	REAL(renameat);
	if (nth_call("FAULT_RENAME", &renames)) {
		errno = fault_errno();
		return -1;
	}
	return real_renameat(fromfd, from, tofd, to);
}
