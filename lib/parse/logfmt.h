/* logfmt.h - raw logfmt as applications write it, read leniently into
 * pairs (dcr-parse -f logfmt, after the strict parser of record.h has
 * refused the line).
 *
 * Accepted beyond dcr's own record format (dcr-parse(1), "Raw logfmt"):
 * - keys of any bytes but blanks, '=' and '"'; a key that is not a valid
 *   record key is renamed by the rule of keyname.h (Level -> level,
 *   http.status -> http_status, user-id -> user_id);
 * - "k=" with nothing after it: the empty string;
 * - bare values holding '=' or '\' (url=/a?b=c);
 * - quoted values with any JSON escape (\/ \b \f \uXXXX, surrogate pairs);
 * - runs of spaces and tabs, a trailing CR.
 * Still rejected: a key without '=', a quote inside a bare value, text
 * right after a closing quote, an unknown escape, control characters,
 * invalid UTF-8, and a key that repeats (after renaming).
 */
#ifndef DCR_LOGFMT_H
#define DCR_LOGFMT_H

#include <stddef.h>

#include "parse/pairs.h"
#include "record/record.h"

/* As json_parse(): REC_OK, REC_SKIP (blank or '#' line), REC_ERROR with
 * *why and *col (0-based byte). */
enum record_status logfmt_parse(const char *s, size_t n, struct pairs *out,
				const char **why, size_t *col);

#endif
