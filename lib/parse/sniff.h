/* sniff.h - what -f auto refuses to take on trust in the first line of a
 * file it reads as delimited text with a header.
 *
 * A wrong guess there gives plausible records with exit 0: a title line
 * ("Export nl-ams-01 2024-03-01") read as a one-column header turns every
 * record into one value; a first data row read as the header turns client
 * codes into key names; cells holding key=value pairs, read as raw
 * logfmt, give one key holding the whole line. So the header cells of a
 * guessed CSV and the pairs of guessed raw logfmt are checked, and a
 * doubt is an error that names the option to use (-f, --no-header,
 * --skip-lines).
 *
 * Ownership: none; the message is static, valid until the next call.
 */
#ifndef DCR_SNIFF_H
#define DCR_SNIFF_H

#include <stddef.h>

#include "parse/pairs.h"

/* NULL when the cells (the values of cells) read as a header; else why
 * not, naming the cell by position (never its text). */
const char *sniff_header_doubt(const struct pairs *cells);

/* NULL when the pairs raw logfmt read from a first line look like logfmt;
 * else why not: a value holding a delimiter (, ; | tab) and then '=' is
 * a row of key=value cells. */
const char *sniff_logfmt_doubt(const struct pairs *pairs);

#endif
