/* keydecl.h - the declaration of a stream's keys: a first line
 * "# dcr-keys 1 KEY,KEY,..." that names keys a reader must count as known
 * although no record of the stream need have them.
 *
 * dcr-agg writes it when some record of its output lacks one of its keys
 * (a rate whose divisor is 0, the group keys of the total row): a typo
 * check further down the pipe (keycheck.h) must not then depend on the
 * day's data. dcr-filter passes it on; dcr-filter and dcr-fmt read it.
 * It is a comment to every other reader (dcr-records(5)). Only the first
 * line of an input is a declaration; one of another version, or not well
 * formed, is refused rather than read as a comment.
 *
 * Ownership: keydecl_parse() fills a keylist the caller owns and frees.
 */
#ifndef DCR_KEYDECL_H
#define DCR_KEYDECL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "record/keylist.h"

#define KEYDECL_VERSION 1

enum keydecl_kind {
	KEYDECL_NONE, /* not a declaration: a record or a comment */
	KEYDECL_OK,   /* a declaration; its keys appended to the list */
	KEYDECL_BAD,  /* "# dcr-keys" of another version or malformed */
};

enum keydecl_kind keydecl_parse(const char *line, size_t len,
				struct keylist *keys);
/* The message for KEYDECL_BAD, without place: the caller adds it. */
extern const char keydecl_bad[];

/* Append "# dcr-keys 1 KEYS\n" to b, for the n keys (of lengths len). */
void keydecl_put(struct buf *b, const char *const *keys, const size_t *len,
		 size_t n);

#endif
