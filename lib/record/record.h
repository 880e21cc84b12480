/* record.h - the dcr record: one line of strict logfmt (dcr-records(5)).
 *
 *     ts=2024-03-01T08:14:22Z event=session_start client=K7F3A9E2 note="a b"
 *
 * record_parse() splits a line in place into (key, value) slices that point
 * into the caller's line buffer: nothing is copied or allocated per record.
 * A quoted value keeps its escapes until record_unescape() is asked for it.
 *
 * Ownership: a struct record owns only its field array (grown as needed and
 * reused from line to line); the bytes belong to the line buffer, which must
 * outlive the use of the slices.
 */
#ifndef DCR_RECORD_H
#define DCR_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define RECORD_KEY_MAX 64

struct field {
	const char *key;
	const char *val; /* bare bytes, or the bytes between the quotes */
	uint32_t vlen;
	uint8_t klen;
	bool quoted;	 /* val holds escapes; see record_unescape() */
	bool escaped;	 /* quoted and at least one '\\' inside */
};

struct record {
	struct field *f;
	size_t n, cap;
	/* The line is already as record_put_field() would write it: single
	 * spaces, no CR, values quoted only when needed, canonical escapes.
	 * Writers may then copy the line instead of rebuilding it. */
	bool canonical;
	/* scratch for the duplicate-key check of wide records */
	uint32_t *seen;
	size_t seen_cap;
};

enum record_status {
	REC_OK = 0,	/* fields in r */
	REC_SKIP,	/* blank line or '#' comment */
	REC_ERROR	/* *err says why, *col where (0-based byte) */
};

void record_init(struct record *r);
void record_free(struct record *r);

/* Parse line[0..len) (without its LF; a trailing CR is ignored). The line
 * must be valid UTF-8 without NUL bytes; keys [a-z_][a-z0-9_]*, at most
 * RECORD_KEY_MAX bytes, each once. */
enum record_status record_parse(struct record *r, const char *line,
				size_t len, const char **err, size_t *col);

/* Tests only: parse with the byte-at-a-time reference parser, which must
 * agree with the default block parser on every line. */
void record_use_reference(bool on);

void record_grow_(struct record *r); /* private */

/* Room for n fields in r->f (r->n unchanged). */
static inline void record_reserve(struct record *r, size_t n)
{
	while (r->cap < n)
		record_grow_(r);
}

/* A new last field of r, for readers that build records from other
 * input (its escaped flag cleared; the rest is the caller's to set). */
static inline struct field *record_add_field(struct record *r)
{
	if (r->n == r->cap)
		record_grow_(r);
	struct field *f = &r->f[r->n++];
	f->escaped = false;
	return f;
}

/* The field with this key, or NULL. Linear: records are short. */
const struct field *record_get(const struct record *r, const char *key,
			       size_t klen);

/* The value of f, unescaped: for bare and unescaped values, a slice of the
 * line (no copy); otherwise decoded into scratch (reset first), whose bytes
 * are returned. Escapes were validated by record_parse. */
struct slice field_value(const struct field *f, struct buf *scratch);

/* True when the value bytes v[0..n) may be written bare. */
bool value_is_bare(const char *v, size_t n);

/* Append "key=value" to out, quoting and escaping the value as needed. */
void record_put_pair(struct buf *out, const char *key, size_t klen,
		     const char *val, size_t vlen);
/* Append the value as record_put_pair() writes it: bare, or quoted. */
void record_put_value(struct buf *out, const char *val, size_t vlen);
/* Append f as record_put_pair() writes it; scratch is for unescaping. */
void record_put_field(struct buf *out, const struct field *f,
		      struct buf *scratch);

/* True when k[0..n) is a valid key (reserved "_" keys included). */
bool key_is_valid(const char *k, size_t n);

/* Validate UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
 * Returns the offset of the first invalid byte, or n when all is valid. */
size_t utf8_check(const char *s, size_t n);
/* The diagnostic for s[bad], the byte where utf8_check() stopped: one
 * wording for every reader ("invalid UTF-8", "NUL byte in line"). */
const char *utf8_error(const char *s, size_t bad);

#endif
