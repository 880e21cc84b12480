/* encoding.h - input in a byte encoding other than UTF-8 (--encoding),
 * converted to UTF-8 line by line with iconv(3) from the C library.
 *
 * Only encodings that keep ASCII as it is are accepted (WINDOWS-1252,
 * ISO-8859-1, ISO-8859-15, ...): lines are split on LF before they are
 * converted, and the dialects find their delimiters, quotes and '=' in
 * the converted text. UTF-16 or a stateful encoding is refused when the
 * option is read. UTF-8 itself needs no conversion: the dialects check it.
 *
 * Ownership: struct enc owns its iconv descriptor and the buffer that
 * holds the converted line; a converted slice is valid until the next
 * enc_convert() or enc_close().
 */
#ifndef DCR_ENCODING_H
#define DCR_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

struct enc {
	void *cd;		/* iconv_t; NULL: UTF-8, nothing to convert */
	const char *name;	/* as given (the caller's string) */
	struct buf out;
	char why[96];		/* the message of the last failed conversion */
};

/* Ready conversion from name (case-insensitive; "UTF-8" means none);
 * false when the C library does not know it or it does not keep ASCII. */
bool enc_open(struct enc *e, const char *name);
void enc_close(struct enc *e);

static inline bool enc_active(const struct enc *e) { return e->cd != NULL; }

/* in converted to UTF-8 in *res; false when a byte sequence is not in the
 * encoding, with *bad its offset in the line and e->why the message. */
bool enc_convert(struct enc *e, struct slice in, struct slice *res,
		 size_t *bad);

/* The hint dcr-parse adds to an "invalid UTF-8" diagnostic. */
#define ENC_HINT "try --encoding WINDOWS-1252 or ISO-8859-15"

#endif
