/* readfile.c - a file of a sealed folder read to its end, in pieces. */
#include "seal/readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int readfile_all(int dirfd, const char *path, const struct readfile_sink *s)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return errno;
	for (;;) {
		size_t n;
		void *p = s->room(s->ctx, &n);
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			return e;
		}
		if (r == 0)
			break;
		s->got(s->ctx, (size_t)r);
	}
	close(fd);
	return 0;
}
