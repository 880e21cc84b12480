/* gzmember.c - writing and reading dcr's indexed gzip members. */
#include "io/gzmember.h"

#include <errno.h>
#include <libdeflate.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/xmalloc.h"

/* ---- the header ---- */

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* ID1 ID2 CM FLG=FEXTRA MTIME(4)=0 XFL=0 OS=255, XLEN=12,
 * subfield 'D' 'C' LEN=8: total member size, uncompressed size. */
static void put_header(unsigned char *h, uint32_t total, uint32_t usize)
{
	static const unsigned char fixed[16] = {
		0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 255, 12, 0, 'D', 'C', 8, 0
	};
	memcpy(h, fixed, sizeof fixed);
	put32(h + 16, total);
	put32(h + 20, usize);
}

bool gzm_header(const unsigned char *p, size_t n, uint32_t *total,
		uint32_t *usize)
{
	if (n < GZM_HEADER || p[0] != 0x1f || p[1] != 0x8b || p[2] != 8 ||
	    p[3] != 4 || p[10] != 12 || p[11] != 0 || p[12] != 'D' ||
	    p[13] != 'C' || p[14] != 8 || p[15] != 0)
		return false;
	*total = get32(p + 16);
	*usize = get32(p + 20);
	return true;
}

/* ---- writing ---- */

struct gzm_writer {
	int fd;
	struct libdeflate_compressor *c;
	unsigned char *buf;
	size_t cap;
	bool wrote; /* a member is written */
};

struct gzm_writer *gzm_writer_new(int fd)
{
	struct gzm_writer *w = xcalloc(1, sizeof *w);
	w->fd = fd;
	w->c = libdeflate_alloc_compressor(6);
	if (!w->c)
		abort();
	w->cap = size_add(libdeflate_deflate_compress_bound(w->c, GZM_MAX_DATA),
			  GZM_HEADER + GZM_TRAILER);
	w->buf = xmalloc(w->cap);
	return w;
}

static bool write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return false;
		if (k == 0) {
			errno = EIO;
			return false;
		}
		p += k;
		n -= (size_t)k;
	}
	return true;
}

/* Write in[0..n), n at most GZM_MAX_DATA, as one member. */
static bool write_member(struct gzm_writer *w, const unsigned char *in,
			 size_t n)
{
	size_t z = libdeflate_deflate_compress(w->c, in, n,
		w->buf + GZM_HEADER, w->cap - GZM_HEADER - GZM_TRAILER);
	if (z == 0)
		abort(); /* the bound guarantees room */
	size_t total = GZM_HEADER + z + GZM_TRAILER;
	put_header(w->buf, (uint32_t)total, (uint32_t)n);
	put32(w->buf + GZM_HEADER + z, libdeflate_crc32(0, in, n));
	put32(w->buf + GZM_HEADER + z + 4, (uint32_t)n);
	w->wrote = true;
	return write_all(w->fd, w->buf, total);
}

bool gzm_write(struct gzm_writer *w, const void *p, size_t n)
{
	const unsigned char *in = p;
	while (n) {
		size_t chunk = n < GZM_MAX_DATA ? n : GZM_MAX_DATA;
		if (!write_member(w, in, chunk))
			return false;
		in += chunk;
		n -= chunk;
	}
	return true;
}

bool gzm_end(struct gzm_writer *w)
{
	static const unsigned char none[1];
	return w->wrote || write_member(w, none, 0);
}

void gzm_writer_free(struct gzm_writer *w)
{
	if (!w)
		return;
	libdeflate_free_compressor(w->c);
	free(w->buf);
	free(w);
}

/* ---- reading, with worker threads ----
 *
 * The calling thread reads whole members into a ring of slots; workers
 * inflate them; the caller copies the output out in order. */

enum { NSLOTS = 6, NWORKERS = 2 };
enum slot_state { S_FREE, S_READ, S_BUSY, S_DONE };

struct slot {
	enum slot_state state;
	unsigned char *comp;
	size_t clen, ccap;
	unsigned char *out;
	size_t olen, ocap, opos;
	const char *err;
};

struct gzm_reader {
	int fd;
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	pthread_t threads[NWORKERS];
	int nthreads;
	bool quit;
	struct slot slots[NSLOTS];
	unsigned head, tail;	   /* next to consume, next to fill */
	unsigned char *carry;	   /* bytes read before us, not yet used */
	size_t ncarry, carry_pos;
	bool eof, foreign;
	const char *read_err;	   /* a problem found while reading */
	int read_errno;
};

static const char *inflate_slot(struct libdeflate_decompressor *d, struct slot *s)
{
	size_t body = s->clen - GZM_HEADER - GZM_TRAILER;
	size_t used = 0, got = 0;
	enum libdeflate_result rc = libdeflate_deflate_decompress_ex(
		d, s->comp + GZM_HEADER, body, s->out, s->olen, &used, &got);
	/* Short output would leave the rest of s->out as it was (stale or
	 * uninitialised) under the CRC: the header's size must be exact. */
	if (rc != LIBDEFLATE_SUCCESS || got != s->olen)
		return "invalid compressed data";
	/* The deflate stream must end exactly where the index says the
	 * member ends. Bytes after it would be skipped unread, and a forged
	 * index can make them a whole member that gzip and zgrep see: a
	 * record that dcr would silently miss. As each member starts where
	 * the one before ends, this also keeps the index a cover of the file
	 * without gap or overlap. */
	if (used != body)
		return "gzip member does not end where its index says "
		       "(a damaged or forged file)";
	const unsigned char *t = s->comp + s->clen - GZM_TRAILER;
	if (libdeflate_crc32(0, s->out, s->olen) != get32(t))
		return "incorrect data check";
	if (get32(t + 4) != (uint32_t)s->olen)
		return "incorrect length check";
	return NULL;
}

static void *worker(void *arg)
{
	struct gzm_reader *r = arg;
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	if (!d)
		abort();
	pthread_mutex_lock(&r->mu);
	for (;;) {
		struct slot *s = NULL;
		for (unsigned i = r->head; i != r->tail; i++)
			if (r->slots[i % NSLOTS].state == S_READ) {
				s = &r->slots[i % NSLOTS];
				break;
			}
		if (!s) {
			if (r->quit)
				break;
			pthread_cond_wait(&r->work, &r->mu);
			continue;
		}
		s->state = S_BUSY;
		pthread_mutex_unlock(&r->mu);
		const char *err = inflate_slot(d, s);
		pthread_mutex_lock(&r->mu);
		s->err = err;
		s->state = S_DONE;
		pthread_cond_broadcast(&r->done);
	}
	pthread_mutex_unlock(&r->mu);
	libdeflate_free_decompressor(d);
	return NULL;
}

/* Take n bytes: first what was read before us, then from the file. */
static ssize_t take(struct gzm_reader *r, unsigned char *p, size_t n)
{
	size_t got = r->ncarry - r->carry_pos;
	if (got > n)
		got = n;
	memcpy(p, r->carry + r->carry_pos, got);
	r->carry_pos += got;
	while (got < n) {
		ssize_t k = read(r->fd, p + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

/* Give back bytes taken from the file, in front of what is left. */
static void untake(struct gzm_reader *r, const unsigned char *p, size_t n)
{
	size_t left = r->ncarry - r->carry_pos;
	unsigned char *c = xmalloc(size_add(left, n));
	memcpy(c, p, n);
	memcpy(c + n, r->carry + r->carry_pos, left);
	free(r->carry);
	r->carry = c;
	r->ncarry = n + left;
	r->carry_pos = 0;
}

static bool read_failed(struct gzm_reader *r, const char *what)
{
	r->read_errno = errno;
	r->read_err = what;
	return false;
}

/* Read the next member into slot s (a free slot: only this thread fills
 * slots). false: nothing queued, and r says why. */
static bool fill_slot(struct gzm_reader *r, struct slot *s)
{
	unsigned char h[GZM_HEADER];
	ssize_t k = take(r, h, sizeof h);
	if (k < 0)
		return read_failed(r, "read error");
	if (k == 0) {
		r->eof = true;
		return false;
	}
	uint32_t total, usize;
	if (!gzm_header(h, (size_t)k, &total, &usize)) {
		if (k >= 2 && h[0] == 0x1f && h[1] == 0x8b) {
			untake(r, h, (size_t)k); /* an ordinary member follows */
			r->foreign = true;
			return false;
		}
		r->read_err = GZ_ERR_TRAILING;
		return false;
	}
	if (usize > GZM_MAX_DATA || total < GZM_HEADER + GZM_TRAILER ||
	    total > libdeflate_deflate_compress_bound(NULL, GZM_MAX_DATA) +
			    GZM_HEADER + GZM_TRAILER) {
		r->read_err = "invalid member size in gzip header";
		return false;
	}
	if (s->ccap < total) {
		s->comp = xrealloc(s->comp, total);
		s->ccap = total;
	}
	if (s->ocap < usize || !s->out) {
		s->out = xrealloc(s->out, usize ? usize : 1);
		s->ocap = usize ? usize : 1;
	}
	memcpy(s->comp, h, GZM_HEADER);
	k = take(r, s->comp + GZM_HEADER, total - GZM_HEADER);
	if (k < 0)
		return read_failed(r, "read error");
	if ((size_t)k < total - GZM_HEADER) {
		r->read_err = GZ_ERR_TRUNCATED;
		return false;
	}
	s->clen = total;
	s->olen = usize;
	s->opos = 0;
	s->err = NULL;
	return true;
}

/* Queue members until the ring is full or the input has none left. */
static void queue_members(struct gzm_reader *r)
{
	while (r->tail - r->head < NSLOTS && !r->eof && !r->foreign && !r->read_err) {
		struct slot *s = &r->slots[r->tail % NSLOTS];
		if (!fill_slot(r, s))
			break;
		pthread_mutex_lock(&r->mu);
		s->state = S_READ;
		r->tail++;
		pthread_cond_signal(&r->work);
		pthread_mutex_unlock(&r->mu);
	}
}

struct gzm_reader *gzm_reader_new(int fd, const unsigned char *head, size_t n)
{
	struct gzm_reader *r = xcalloc(1, sizeof *r);
	r->fd = fd;
	r->carry = xmalloc(n ? n : 1);
	memcpy(r->carry, head, n);
	r->ncarry = n;
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->work, NULL);
	pthread_cond_init(&r->done, NULL);
	for (int i = 0; i < NWORKERS; i++)
		if (pthread_create(&r->threads[i], NULL, worker, r) == 0)
			r->nthreads++;
	if (!r->nthreads)
		abort();
	return r;
}

ssize_t gzm_read(struct gzm_reader *r, void *out, size_t cap, const char **err,
		 const unsigned char **rest, size_t *nrest)
{
	for (;;) {
		queue_members(r);
		if (r->head == r->tail) {
			if (r->read_err) {
				bool sys = strcmp(r->read_err, "read error") == 0;
				*err = sys ? NULL : r->read_err;
				errno = r->read_errno;
				return -1;
			}
			if (r->foreign) {
				*rest = r->carry + r->carry_pos;
				*nrest = r->ncarry - r->carry_pos;
				return GZM_FOREIGN;
			}
			return 0;
		}
		struct slot *s = &r->slots[r->head % NSLOTS];
		pthread_mutex_lock(&r->mu);
		while (s->state != S_DONE)
			pthread_cond_wait(&r->done, &r->mu);
		pthread_mutex_unlock(&r->mu);
		if (s->err) {
			*err = s->err;
			return -1;
		}
		size_t n = s->olen - s->opos;
		if (n > cap)
			n = cap;
		memcpy(out, s->out + s->opos, n);
		s->opos += n;
		if (s->opos == s->olen) {
			s->state = S_FREE;
			r->head++;
		}
		if (n) /* else an empty member: go on to the next */
			return (ssize_t)n;
	}
}

void gzm_reader_free(struct gzm_reader *r)
{
	if (!r)
		return;
	pthread_mutex_lock(&r->mu);
	r->quit = true;
	pthread_cond_broadcast(&r->work);
	pthread_mutex_unlock(&r->mu);
	for (int i = 0; i < r->nthreads; i++)
		pthread_join(r->threads[i], NULL);
	for (int i = 0; i < NSLOTS; i++) {
		free(r->slots[i].comp);
		free(r->slots[i].out);
	}
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->work);
	pthread_cond_destroy(&r->done);
	free(r->carry);
	free(r);
}
