/* pipesz.c - run a command with its stdin and stdout pipes enlarged.
 *
 * usage: pipesz [-s BYTES] COMMAND [ARG...]
 *
 * The benchmark uses it to measure what F_SETPIPE_SZ would bring to a
 * dcr pipeline before the library does it itself: the size of a pipe
 * belongs to the pipe, not to the process, so enlarging it here and then
 * exec'ing the command is the same as the command enlarging it. Standard
 * descriptors that are not pipes are left alone; a refused size (above
 * /proc/sys/fs/pipe-max-size) is ignored, as a library would ignore it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void enlarge(int fd, int size)
{
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode))
		(void)fcntl(fd, F_SETPIPE_SZ, size);
}

int main(int argc, char **argv)
{
	int size = 1 << 20;
	int first = 1;
	if (argc > 2 && strcmp(argv[1], "-s") == 0) {
		char *end;
		long n = strtol(argv[2], &end, 10);
		if (*end != '\0' || n < 4096 || n > (1L << 30)) {
			fprintf(stderr, "pipesz: -s: a size in bytes, 4096 to 2^30\n");
			return 2;
		}
		size = (int)n;
		first = 3;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: pipesz [-s BYTES] COMMAND [ARG...]\n");
		return 2;
	}
	enlarge(STDIN_FILENO, size);
	enlarge(STDOUT_FILENO, size);
	execvp(argv[first], argv + first);
	fprintf(stderr, "pipesz: %s: %s\n", argv[first], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
