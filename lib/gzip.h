/* gzip.h - gzip streams over file descriptors (the only users of zlib).
 *
 * gzr reads every member of a (multi-member) gzip file and fails on
 * truncation, a bad CRC or length, or trailing bytes that are not another
 * member. gzw writes one gzip member. Each owns its zlib state and buffers;
 * the file descriptors stay the caller's.
 */
#ifndef DCR_GZIP_H
#define DCR_GZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* True when p[0..n) starts with the gzip magic bytes. */
bool gz_magic(const void *p, size_t n);

struct gzr;
/* Start reading gzip data: first the n bytes already read from fd (which
 * begin with the magic), then the rest of fd. */
struct gzr *gzr_new(int fd, const void *head, size_t n);
/* Inflate up to cap bytes into out: > 0 bytes produced, 0 at the clean end
 * of the last member, -1 on error with *err set to a static message (or
 * NULL with errno set for a read error). */
ssize_t gzr_read(struct gzr *g, void *out, size_t cap, const char **err);
void gzr_free(struct gzr *g);

struct gzw;
struct gzw *gzw_new(int fd);
/* Compress and write; false with errno set on a write error. */
bool gzw_write(struct gzw *g, const void *p, size_t n);
/* Finish the member and write it out; false with errno set on error. */
bool gzw_finish(struct gzw *g);
void gzw_free(struct gzw *g);

#endif
