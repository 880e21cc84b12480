/* gzip.h - reading gzip files (gzip.c is the only user of zlib).
 *
 * gzr reads every member of a (multi-member) gzip file and fails on
 * truncation, a bad CRC or length, or trailing bytes that are not another
 * member. Files that dcr wrote (gzmember.h) are inflated on several
 * threads. A gzr owns its state and buffers; the file descriptor stays the
 * caller's. Writing is gzmember.h's.
 */
#ifndef DCR_GZIP_H
#define DCR_GZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* True when p[0..n) starts with the gzip magic bytes. */
bool gz_magic(const void *p, size_t n);

/* True when path ends in ".gz": an input so named must be gzip (the data
 * decides, but a name that promises gzip and plain data is refused), an
 * output so named is written compressed. */
bool gz_has_suffix(const char *path);

struct gzr;
/* Start reading gzip data: first the n bytes already read from fd (which
 * begin with the magic), then the rest of fd. */
struct gzr *gzr_new(int fd, const void *head, size_t n);
/* Inflate up to cap bytes into out: > 0 bytes produced, 0 at the clean end
 * of the last member, -1 on error with *err set to a static message (or
 * NULL with errno set for a read error). */
ssize_t gzr_read(struct gzr *g, void *out, size_t cap, const char **err);
void gzr_free(struct gzr *g);

#endif
