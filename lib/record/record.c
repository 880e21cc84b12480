/* record.c - the strict logfmt line: parse in place, unescape, write. */
#include "record/record.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "record/bare.h"

/* Byte classes, one table lookup per byte on the hot path. */
enum {
	C_KEY1 = 1,  /* may start a key: a-z _ */
	C_KEY = 2,   /* may continue a key: a-z 0-9 _ */
	C_BARE = 4,  /* may appear in a bare value */
	C_BLANK = 8  /* separates pairs: space, tab */
};

static unsigned char cls[256];

static void init_classes(void)
{
	for (int c = 0; c < 256; c++) {
		unsigned char k = 0;
		if ((c >= 'a' && c <= 'z') || c == '_')
			k |= C_KEY1 | C_KEY;
		if (c >= '0' && c <= '9')
			k |= C_KEY;
		if (c > 0x20 && c != 0x7f && c != '"' && c != '=' && c != '\\')
			k |= C_BARE;
		if (c == ' ' || c == '\t')
			k |= C_BLANK;
		cls[c] = k;
	}
}

void record_init(struct record *r)
{
	memset(r, 0, sizeof *r);
	if (!cls['a'])
		init_classes();
}

void record_free(struct record *r)
{
	free(r->f);
	free(r->seen);
	memset(r, 0, sizeof *r);
}

bool key_is_valid(const char *k, size_t n)
{
	if (!cls['a'])
		init_classes();
	if (n == 0 || n > RECORD_KEY_MAX || !(cls[(unsigned char)k[0]] & C_KEY1))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!(cls[(unsigned char)k[i]] & C_KEY))
			return false;
	return true;
}

bool value_is_bare(const char *v, size_t n)
{
	return bare_copy(NULL, v, n);
}

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned min;
	if (c < 0x80)
		return c != 0; /* NUL is never accepted */
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	unsigned cp = c & (0x3f >> (len - 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

const char *utf8_error(const char *s, size_t bad)
{
	return s[bad] ? "invalid UTF-8" : "NUL byte in line";
}

size_t utf8_check(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		/* Eight ASCII bytes without a NUL at a time: the common case. */
		if (n - i >= 8) {
			uint64_t w;
			memcpy(&w, u + i, 8);
			uint64_t zero = (w - 0x0101010101010101ULL) & ~w;
			if (!((w | zero) & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		size_t len = utf8_seq(u + i, n - i);
		if (!len)
			return i;
		i += len;
	}
	return n;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The byte a \u00XX escape stands for, or -1 if it is not one we accept:
 * only U+0000..U+007F, since other characters are written as UTF-8. */
static int u_escape(const char *p)
{
	if (p[0] != '0' || p[1] != '0')
		return -1;
	int hi = hexval(p[2]), lo = hexval(p[3]);
	if (hi < 0 || lo < 0 || hi > 7)
		return -1;
	return hi << 4 | lo;
}

/* True when byte c needs quoting; within quotes, which escape is canonical
 * for it is decided by put_escaped(). */
static bool needs_escape(unsigned char c)
{
	return c < 0x20 || c == 0x7f || c == '"' || c == '\\';
}

struct cursor {
	const char *s;
	size_t i, len;
	const char *err;
	bool canonical;
};

static bool fail(struct cursor *c, const char *msg)
{
	c->err = msg;
	return false;
}

/* Scan a quoted value starting after its opening quote. */
static bool scan_quoted(struct cursor *c, struct field *f)
{
	const char *s = c->s;
	size_t start = c->i;
	bool all_bare = true;
	for (;;) {
		if (c->i >= c->len)
			return fail(c, "unterminated quoted value");
		unsigned char ch = (unsigned char)s[c->i];
		if (ch == '"')
			break;
		if (ch == '\\') {
			f->escaped = true;
			all_bare = false;
			if (c->i + 1 >= c->len)
				return fail(c, "unterminated quoted value");
			char e = s[c->i + 1];
			if (e == 'u') {
				if (c->len - c->i < 6 || u_escape(s + c->i + 2) < 0)
					return fail(c, "invalid \\u escape (only \\u0000 to \\u007F)");
				int b = u_escape(s + c->i + 2);
				if (!needs_escape((unsigned char)b) || b == '\t' ||
				    b == '\n' || b == '\r' || b == '"' || b == '\\')
					c->canonical = false;
				/* put_escaped writes upper-case hex digits */
				if (s[c->i + 5] >= 'a' && s[c->i + 5] <= 'f')
					c->canonical = false;
				c->i += 6;
				continue;
			}
			if (e != '"' && e != '\\' && e != 'n' && e != 'r' && e != 't')
				return fail(c, "invalid escape in quoted value");
			c->i += 2;
			continue;
		}
		if (ch < 0x20 && ch != '\t')
			return fail(c, "control character in quoted value");
		if (ch == 0x7f || ch == '\t') {
			c->canonical = false;
			all_bare = false;
		} else if (!(cls[ch] & C_BARE)) {
			all_bare = false;
		}
		c->i++;
	}
	f->val = s + start;
	f->vlen = (uint32_t)(c->i - start);
	f->quoted = true;
	if (all_bare && f->vlen > 0)
		c->canonical = false; /* would be written bare */
	c->i++; /* the closing quote */
	return true;
}

/* Index of the first byte at or after i, before len, not of class k.
 * Local pointers keep the loop in registers: it runs for every byte. */
static inline size_t span(const char *s, size_t i, size_t len, unsigned k)
{
	const unsigned char *p = (const unsigned char *)s + i;
	const unsigned char *end = (const unsigned char *)s + len;
	while (p < end && (cls[*p] & k))
		p++;
	return (size_t)(p - (const unsigned char *)s);
}

static bool scan_bare(struct cursor *c, struct field *f)
{
	const char *s = c->s;
	size_t start = c->i;
	c->i = span(s, c->i, c->len, C_BARE);
	if (c->i == start)
		return fail(c, c->i == c->len || (cls[(unsigned char)s[c->i]] & C_BLANK)
				       ? "missing value (an empty value is written k=\"\")"
				       : "invalid character in unquoted value");
	if (c->i < c->len && !(cls[(unsigned char)s[c->i]] & C_BLANK))
		return fail(c, "invalid character in unquoted value");
	f->val = s + start;
	f->vlen = (uint32_t)(c->i - start);
	f->quoted = false;
	return true;
}

static bool scan_key(struct cursor *c, struct field *f)
{
	const char *s = c->s;
	size_t start = c->i;
	if (!(cls[(unsigned char)s[c->i]] & C_KEY1))
		return fail(c, "invalid key (keys are [a-z_][a-z0-9_]*)");
	c->i = span(s, c->i + 1, c->len, C_KEY);
	if (c->i - start > RECORD_KEY_MAX)
		return fail(c, "key longer than 64 bytes");
	if (c->i == c->len || (cls[(unsigned char)s[c->i]] & C_BLANK))
		return fail(c, "key without '=' and value");
	if (s[c->i] != '=')
		return fail(c, "invalid key (keys are [a-z_][a-z0-9_]*)");
	f->key = s + start;
	f->klen = (uint8_t)(c->i - start);
	c->i++;
	return true;
}

void record_grow_(struct record *r)
{
	r->cap = r->cap ? size_mul(r->cap, 2) : 16;
	r->f = xreallocarray(r->f, r->cap, sizeof *r->f);
}

static uint32_t hash_key(const char *k, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 16777619u;
	return h;
}

static bool same_key(const struct field *a, const struct field *b)
{
	return a->klen == b->klen && memcmp(a->key, b->key, a->klen) == 0;
}

/* Index of a field whose key repeats an earlier one, or r->n. Ordinary
 * records: a 64-bit signature of (length, first and last byte) per key, so
 * that keys are compared only when their signatures collide. Wide records:
 * a hash set. */
static size_t find_duplicate(struct record *r)
{
	if (r->n <= 16) {
		uint64_t sigs = 0;
		for (size_t i = 0; i < r->n; i++) {
			const struct field *f = &r->f[i];
			unsigned sig = (f->klen * 7u + (unsigned char)f->key[0] * 3u +
					(unsigned char)f->key[f->klen - 1]) & 63u;
			uint64_t bit = UINT64_C(1) << sig;
			if (sigs & bit)
				for (size_t j = 0; j < i; j++)
					if (same_key(f, &r->f[j]))
						return i;
			sigs |= bit;
		}
		return r->n;
	}
	size_t slots = 32;
	while (slots < r->n * 2)
		slots *= 2;
	if (r->seen_cap < slots) {
		r->seen = xreallocarray(r->seen, slots, sizeof *r->seen);
		r->seen_cap = slots;
	}
	memset(r->seen, 0, slots * sizeof *r->seen);
	for (size_t i = 0; i < r->n; i++) {
		size_t h = hash_key(r->f[i].key, r->f[i].klen) & (slots - 1);
		while (r->seen[h]) {
			if (same_key(&r->f[r->seen[h] - 1], &r->f[i]))
				return i;
			h = (h + 1) & (slots - 1);
		}
		r->seen[h] = (uint32_t)(i + 1);
	}
	return r->n;
}

static void skip_blanks(struct cursor *c)
{
	size_t start = c->i;
	c->i = span(c->s, c->i, c->len, C_BLANK);
	if (c->i - start != 1 || c->s[start] != ' ' || c->i == c->len)
		c->canonical = false;
}

/* The fields of c->s[c->i..c->len), byte by byte; the reference parser,
 * and the one that words every error. */
static enum record_status parse_fields(struct record *r, struct cursor *c,
				       const char **err, size_t *col)
{
	size_t bad = utf8_check(c->s, c->len);
	if (bad < c->len) {
		*err = utf8_error(c->s, bad);
		*col = bad;
		return REC_ERROR;
	}
	while (c->i < c->len) {
		struct field *f = record_add_field(r);
		size_t at = c->i;
		if (!scan_key(c, f)) {
			*err = c->err;
			*col = at;
			return REC_ERROR;
		}
		bool ok = (c->i < c->len && c->s[c->i] == '"')
				  ? (c->i++, scan_quoted(c, f))
				  : scan_bare(c, f);
		if (ok && c->i < c->len && !(cls[(unsigned char)c->s[c->i]] & C_BLANK))
			ok = fail(c, "expected a blank after the quoted value");
		if (!ok) {
			*err = c->err;
			*col = c->i;
			return REC_ERROR;
		}
		if (c->i < c->len)
			skip_blanks(c);
	}
	return REC_OK;
}

#ifdef __SSE2__
#include <emmintrin.h>

/* Sixteen bytes at a time, the fast parser classifies a 64-byte block into
 * bit masks (bit k = byte base+k) and then jumps from token end to token
 * end with count-trailing-zeros instead of looking at every byte. */
struct blockscan {
	const char *s;
	size_t len, base;
	uint64_t stop;	 /* bytes that end a bare value: <= 0x20 DEL " = \ */
	uint64_t nonkey; /* bytes that cannot be in a key: not a-z 0-9 _ */
	bool any_high;	 /* a classified block held a byte >= 0x80 */
};

/* Signed-compare trick for an unsigned range test: adding 0x80 - lo maps
 * [lo, lo + n) onto the n smallest signed bytes. */
static inline __m128i in_range(__m128i b, char lo, int n)
{
	__m128i t = _mm_add_epi8(b, _mm_set1_epi8((char)(0x80 - lo)));
	return _mm_cmplt_epi8(t, _mm_set1_epi8((char)(-128 + n)));
}

static void classify(struct blockscan *b, size_t base)
{
	unsigned char tmp[64];
	const unsigned char *p = (const unsigned char *)b->s + base;
	if (b->len - base < 64) { /* the tail: pad with NULs, which stop */
		memset(tmp, 0, sizeof tmp);
		memcpy(tmp, p, b->len - base);
		p = tmp;
	}
	uint64_t stop = 0, nonkey = 0;
	int high = 0;
	for (int k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
		__m128i ctl = _mm_cmplt_epi8(_mm_xor_si128(v, _mm_set1_epi8((char)0x80)),
					     _mm_set1_epi8((char)(0x21 ^ 0x80)));
		__m128i st = _mm_or_si128(
			_mm_or_si128(ctl, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f))),
			_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
						  _mm_cmpeq_epi8(v, _mm_set1_epi8('='))),
				     _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
		__m128i key = _mm_or_si128(
			_mm_or_si128(in_range(v, 'a', 26), in_range(v, '0', 10)),
			_mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
		stop |= (uint64_t)(uint16_t)_mm_movemask_epi8(st) << (16 * k);
		nonkey |= (uint64_t)(uint16_t)~_mm_movemask_epi8(key) << (16 * k);
		high |= _mm_movemask_epi8(v);
	}
	b->base = base;
	b->stop = stop;
	b->nonkey = nonkey;
	b->any_high |= high != 0;
}

/* The first position at or after pos whose bit is set in the mask chosen
 * by which (0 stop, 1 nonkey), or len. */
static size_t next_mark(struct blockscan *b, size_t pos, int which)
{
	while (pos < b->len) {
		size_t base = pos & ~(size_t)63;
		if (base != b->base)
			classify(b, base);
		uint64_t m = (which ? b->nonkey : b->stop) >> (pos - base);
		if (m) {
			size_t at = pos + (size_t)__builtin_ctzll(m);
			return at < b->len ? at : b->len;
		}
		pos = base + 64;
	}
	return b->len;
}

/* Parse the fields, or return false to let parse_fields() find and word
 * the error (or handle what this path leaves to it). */
static bool parse_fields_fast(struct record *r, struct cursor *c)
{
	struct blockscan b = {c->s, c->len, (size_t)-1, 0, 0, false};
	const char *s = c->s;
	size_t i = c->i, len = c->len;
	bool quoted = false;
	while (i < len) {
		if (!(cls[(unsigned char)s[i]] & C_KEY1))
			return false;
		size_t eq = next_mark(&b, i + 1, 1);
		if (eq >= len || s[eq] != '=' || eq - i > RECORD_KEY_MAX)
			return false;
		struct field *f = record_add_field(r);
		f->key = s + i;
		f->klen = (uint8_t)(eq - i);
		size_t v = eq + 1;
		size_t end;
		if (v < len && s[v] == '"') {
			quoted = true;
			c->i = v + 1;
			if (!scan_quoted(c, f))
				return false;
			end = c->i;
		} else {
			end = next_mark(&b, v, 0);
			if (end == v)
				return false;
			f->val = s + v;
			f->vlen = (uint32_t)(end - v);
			f->quoted = false;
		}
		if (end == len)
			break;
		if (!(cls[(unsigned char)s[end]] & C_BLANK))
			return false;
		if (s[end] == ' ' && end + 1 < len && !(cls[(unsigned char)s[end + 1]] & C_BLANK)) {
			i = end + 1;
		} else {
			c->i = end;
			skip_blanks(c);
			i = c->i;
		}
	}
	/* Quoted values are outside the masks: check the whole line then. */
	if (b.any_high || quoted)
		return utf8_check(s, len) == len;
	return true;
}
#else
static bool parse_fields_fast(struct record *r, struct cursor *c)
{
	(void)r, (void)c;
	return false;
}
#endif

static bool reference_only;

void record_use_reference(bool on) { reference_only = on; }

enum record_status record_parse(struct record *r, const char *line,
				size_t len, const char **err, size_t *col)
{
	struct cursor c = {line, 0, len, NULL, true};
	r->n = 0;
	if (len && line[len - 1] == '\r') {
		c.len = --len;
		c.canonical = false;
	}
	c.i = span(line, 0, len, C_BLANK);
	if (c.i == len || line[c.i] == '#')
		return REC_SKIP;
	if (c.i)
		c.canonical = false;
	size_t first = c.i;
	bool canonical = c.canonical;
	if (reference_only || !parse_fields_fast(r, &c)) {
		r->n = 0;
		c.i = first;
		c.canonical = canonical;
		enum record_status st = parse_fields(r, &c, err, col);
		if (st != REC_OK)
			return st;
	}
	size_t dup = find_duplicate(r);
	if (dup < r->n) {
		*err = "duplicate key";
		*col = (size_t)(r->f[dup].key - line);
		return REC_ERROR;
	}
	r->canonical = c.canonical;
	return REC_OK;
}

const struct field *record_get(const struct record *r, const char *key,
			       size_t klen)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->f[i].klen == klen && memcmp(r->f[i].key, key, klen) == 0)
			return &r->f[i];
	return NULL;
}

struct slice field_value(const struct field *f, struct buf *scratch)
{
	if (!f->escaped)
		return slice_of(f->val, f->vlen);
	buf_reset(scratch);
	buf_grow(scratch, f->vlen);
	const char *p = f->val, *end = f->val + f->vlen;
	while (p < end) {
		const char *bs = memchr(p, '\\', (size_t)(end - p));
		if (!bs) {
			buf_add(scratch, p, (size_t)(end - p));
			break;
		}
		buf_add(scratch, p, (size_t)(bs - p));
		char e = bs[1];
		switch (e) {
		case 'n': buf_addc(scratch, '\n'); break;
		case 'r': buf_addc(scratch, '\r'); break;
		case 't': buf_addc(scratch, '\t'); break;
		case 'u': buf_addc(scratch, (char)u_escape(bs + 2)); p = bs + 6; continue;
		default: buf_addc(scratch, e); break;
		}
		p = bs + 2;
	}
	return slice_of(scratch->p, scratch->len);
}

static void put_escaped(struct buf *out, const char *v, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	buf_addc(out, '"');
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)v[i];
		if (!needs_escape(ch))
			continue;
		buf_add(out, v + run, i - run);
		run = i + 1;
		char esc[6] = {'\\', 0};
		size_t elen = 2;
		switch (ch) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[ch >> 4];
			esc[5] = hex[ch & 15];
			elen = 6;
		}
		buf_add(out, esc, elen);
	}
	buf_add(out, v + run, n - run);
	buf_addc(out, '"');
}

/* The bare value is copied as it is tested: one pass, one check of room. */
void record_put_pair(struct buf *out, const char *key, size_t klen,
		     const char *val, size_t vlen)
{
	size_t bare = klen + 1 + vlen;
	if (out->cap - out->len < bare)
		buf_grow(out, bare);
	char *d = out->p + out->len;
	memcpy(d, key, klen);
	d[klen] = '=';
	if (bare_copy(d + klen + 1, val, vlen)) {
		out->len += bare;
		return;
	}
	out->len += klen + 1;
	put_escaped(out, val, vlen);
}

void record_put_value(struct buf *out, const char *val, size_t vlen)
{
	if (vlen) { /* (an empty value is quoted; out->p may be NULL) */
		if (out->cap - out->len < vlen)
			buf_grow(out, vlen);
		if (bare_copy(out->p + out->len, val, vlen)) {
			out->len += vlen;
			return;
		}
	}
	put_escaped(out, val, vlen);
}

void record_put_field(struct buf *out, const struct field *f,
		      struct buf *scratch)
{
	if (!f->quoted) {
		buf_add(out, f->key, f->klen);
		buf_addc(out, '=');
		buf_add(out, f->val, f->vlen);
		return;
	}
	struct slice v = field_value(f, scratch);
	record_put_pair(out, f->key, f->klen, v.p, v.n);
}
