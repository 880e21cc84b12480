/* gzmember.h - dcr's indexed gzip members (the only user of libdeflate).
 *
 * dcr writes gzip files as a series of members of at most GZM_MAX_DATA
 * bytes each, cut at record boundaries. Each member's header carries an
 * extra subfield 'D','C' (RFC 1952 FEXTRA, as BGZF does) holding the
 * member's total size and its uncompressed size. Every gzip reader (zcat,
 * zgrep) reads such a file as usual; dcr's reader takes whole members
 * without inflating to find their ends, inflates them with libdeflate on
 * several threads, and hands the bytes back in order.
 *
 * Ownership: each reader or writer owns its buffers and threads; file
 * descriptors stay the caller's.
 */
#ifndef DCR_GZMEMBER_H
#define DCR_GZMEMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define GZM_HEADER 24			/* fixed header + the DC subfield */
#define GZM_TRAILER 8			/* CRC-32, ISIZE */
#define GZM_MAX_DATA ((size_t)4 << 20)	/* uncompressed bytes per member */

/* What both gzip readers (gzip.h's and this one) say of a damaged file. */
#define GZ_ERR_TRAILING "trailing garbage after gzip data"
#define GZ_ERR_TRUNCATED "unexpected end of file (truncated gzip data)"

/* True when p[0..n) starts with a dcr member header; sizes from it. */
bool gzm_header(const unsigned char *p, size_t n, uint32_t *total,
		uint32_t *usize);

struct gzm_writer;
struct gzm_writer *gzm_writer_new(int fd);
/* Write p[0..n) as one or more members; false with errno on error. */
bool gzm_write(struct gzm_writer *w, const void *p, size_t n);
/* End the file: one empty member when nothing was written, so that an
 * empty output is still a gzip file (zcat reads it as empty, not as
 * damaged); false with errno on error. */
bool gzm_end(struct gzm_writer *w);
void gzm_writer_free(struct gzm_writer *w);

struct gzm_reader;
/* Read members from fd, the first n bytes of which are already in head. */
struct gzm_reader *gzm_reader_new(int fd, const unsigned char *head, size_t n);
/* > 0 bytes, 0 at the end of the file, -1 on error (*err set, or NULL
 * with errno for a read error), or GZM_FOREIGN when the next member is not
 * a dcr member: *rest and *nrest then hold its first bytes (already read),
 * for an ordinary gzip reader to go on with. */
#define GZM_FOREIGN (-2)
ssize_t gzm_read(struct gzm_reader *r, void *out, size_t cap, const char **err,
		 const unsigned char **rest, size_t *nrest);
void gzm_reader_free(struct gzm_reader *r);

#endif
