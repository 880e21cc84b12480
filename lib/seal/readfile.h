/* readfile.h - reading a file of a sealed folder to its end, in pieces:
 * the one open and read loop of seal/, for hashing a file (digest.c) and
 * for loading a manifest (sealdir.c).
 *
 * Ownership: the room a sink gives is the sink's; nothing here allocates.
 */
#ifndef DCR_READFILE_H
#define DCR_READFILE_H

#include <stddef.h>

/* Where the pieces go: room() says where the next read may put at most
 * *n bytes, got() that n bytes were read there. */
struct readfile_sink {
	void *(*room)(void *ctx, size_t *n);
	void (*got)(void *ctx, size_t n);
	void *ctx;
};

/* Read the file at path, opened relative to dirfd (not as a terminal,
 * not blocking on a FIFO), through s until its end. Returns 0,
 * or an errno value when it cannot be opened or read; nothing is printed. */
int readfile_all(int dirfd, const char *path, const struct readfile_sink *s);

#endif
