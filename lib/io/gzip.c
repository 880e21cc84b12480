/* gzip.c - reading gzip files: dcr's indexed members in parallel
 * (gzmember.c), any other gzip with zlib, streaming.
 *
 * zlib's gzip wrapper (windowBits 16+15) checks each member's CRC-32 and
 * length; we add what it leaves to callers: looping over members, refusing
 * a truncated stream, and refusing trailing bytes that do not start a member
 * (gzip(1) warns and ignores them, which would hide a damaged archive).
 */
#include "io/gzip.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "io/gzmember.h"
#include "base/xmalloc.h"

enum { GZ_INBUF = 1 << 18, GZ_OUTBUF = 1 << 18 };

bool gz_magic(const void *p, size_t n)
{
	const unsigned char *b = p;
	return n >= 2 && b[0] == 0x1f && b[1] == 0x8b;
}

bool gz_has_suffix(const char *path)
{
	size_t n = strlen(path);
	return n >= 3 && strcmp(path + n - 3, ".gz") == 0;
}

struct gzr {
	struct gzm_reader *members; /* while the file holds dcr members */
	z_stream z;
	int fd;
	bool eof;	  /* read() returned 0 */
	bool member_end;  /* between members: next bytes must be magic */
	bool done;
	unsigned char in[GZ_INBUF];
};

/* Go on with zlib from bytes already read. */
static void start_zlib(struct gzr *g, const void *head, size_t n)
{
	if (n > GZ_INBUF)
		abort(); /* callers hand over less than one buffer */
	memcpy(g->in, head, n);
	g->z.next_in = g->in;
	g->z.avail_in = (uInt)n;
}

struct gzr *gzr_new(int fd, const void *head, size_t n)
{
	struct gzr *g = xcalloc(1, sizeof *g);
	g->fd = fd;
	if (inflateInit2(&g->z, 16 + MAX_WBITS) != Z_OK)
		abort(); /* only fails for lack of memory or a bad version */
	uint32_t total, usize;
	if (gzm_header(head, n, &total, &usize))
		g->members = gzm_reader_new(fd, head, n);
	else
		start_zlib(g, head, n);
	return g;
}

/* Read dcr members; at an ordinary member, hand over to zlib. */
static ssize_t read_members(struct gzr *g, void *out, size_t cap,
			    const char **err)
{
	const unsigned char *rest;
	size_t nrest;
	ssize_t r = gzm_read(g->members, out, cap, err, &rest, &nrest);
	if (r != GZM_FOREIGN)
		return r;
	start_zlib(g, rest, nrest);
	gzm_reader_free(g->members);
	g->members = NULL;
	return gzr_read(g, out, cap, err);
}

/* Refill the input buffer, keeping what is unread. -1 on read error. */
static int refill(struct gzr *g)
{
	if (g->z.avail_in && g->z.next_in != g->in)
		memmove(g->in, g->z.next_in, g->z.avail_in);
	g->z.next_in = g->in;
	ssize_t r;
	do
		r = read(g->fd, g->in + g->z.avail_in, GZ_INBUF - g->z.avail_in);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -1;
	if (r == 0)
		g->eof = true;
	g->z.avail_in += (uInt)r;
	return 0;
}

/* After a member: another member must follow, or nothing at all. */
static int next_member(struct gzr *g, const char **err)
{
	while (g->z.avail_in < 2 && !g->eof)
		if (refill(g) < 0)
			return *err = NULL, -1;
	if (g->z.avail_in == 0) {
		g->done = true;
		return 0;
	}
	if (!gz_magic(g->z.next_in, g->z.avail_in)) {
		*err = GZ_ERR_TRAILING;
		return -1;
	}
	inflateReset(&g->z);
	g->member_end = false;
	return 0;
}

ssize_t gzr_read(struct gzr *g, void *out, size_t cap, const char **err)
{
	if (g->members)
		return read_members(g, out, cap, err);
	if (cap > UINT32_MAX)
		cap = UINT32_MAX;
	for (;;) {
		if (g->member_end && next_member(g, err) < 0)
			return -1;
		if (g->done)
			return 0;
		if (g->z.avail_in == 0) {
			if (g->eof) {
				*err = GZ_ERR_TRUNCATED;
				return -1;
			}
			if (refill(g) < 0)
				return *err = NULL, -1;
			continue;
		}
		g->z.next_out = out;
		g->z.avail_out = (uInt)cap;
		int rc = inflate(&g->z, Z_NO_FLUSH);
		size_t got = cap - g->z.avail_out;
		if (rc == Z_STREAM_END)
			g->member_end = true;
		else if (rc == Z_BUF_ERROR && g->eof && g->z.avail_in == 0)
			; /* reported above on the next call if no output */
		else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			*err = g->z.msg ? g->z.msg : "corrupt gzip data";
			return -1;
		}
		if (got)
			return (ssize_t)got;
	}
}

void gzr_free(struct gzr *g)
{
	if (!g)
		return;
	gzm_reader_free(g->members);
	inflateEnd(&g->z);
	free(g);
}
