/* csv.h - delimited input (RFC 4180 CSV with any one-byte delimiter, and
 * backslash-escaped TSV) read line by line into pairs.
 *
 * CSV: a cell is bare, or quoted with '"' and inner quotes doubled; a
 * quoted cell may hold the delimiter, CR and LF, so one record may span
 * several lines. Lines are fed one at a time: a line that ends inside a
 * quoted cell is copied into a join buffer and the next line is asked for;
 * only such records are copied, every other record is split in place.
 * A record must have exactly as many cells as the header, is valid UTF-8,
 * and has nothing between a closing quote and the next delimiter. Empty
 * lines outside a quoted cell are skipped; a line of only blanks (spaces,
 * tabs that are not the delimiter) is rejected (CSV_BLANKS), wherever it
 * is; a CR before the LF that ends a record is dropped, one inside a
 * quoted cell is kept.
 *
 * TSV (dcr-fmt -t tsv's shape): cells separated by tabs, no quoting, the
 * escapes \t \n \r \\ decoded; any other backslash is kept as it is.
 *
 * The first record is the header: its names become keys by the rule of
 * keyname.h, and names that repeat get "_2", "_3", ... Given names
 * (--fields) replace the header's, or stand for it with no_header.
 *
 * Ownership: struct csv owns its names and join buffer. Pairs handed out
 * point into the fed line (or the join buffer) and into csv's names: valid
 * until the next csv_feed().
 */
#ifndef DCR_CSV_H
#define DCR_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "parse/pairs.h"
#include "record/record.h"

#define CSV_BLANKS "a line of blanks only"

struct csv_opts {
	char delim;		/* ',' ';' '\t' '|' ... */
	bool tsv;		/* backslash escapes instead of quotes */
	bool no_header;		/* the first line is data: names from fields */
	const char *const *fields; /* valid keys, or NULL */
	size_t nfields;
	/* Empty cells of a record are left out of the pairs (they are only
	 * counted), but for the column named keep_key, if any: for a caller
	 * that drops empty values anyway, and must see that one. */
	bool skip_empty;
	const char *keep_key;
};

struct csv {
	struct csv_opts o;
	/* the columns of the current file */
	char (*names)[RECORD_KEY_MAX];
	uint8_t *nlen;
	size_t ncols, names_cap;
	size_t keep_col;	/* the column named o.keep_key, or SIZE_MAX */
	bool have_header;
	/* a record spanning lines */
	struct buf join;
	bool pending;
	int scan_state;
	uint64_t start_line;
	char why[160];		/* the message of the last CSV_REJECT/FAIL */
};

enum csv_status {
	CSV_RECORD,	/* the pairs hold a record */
	CSV_HEADER,	/* the header was read */
	CSV_MORE,	/* inside a quoted cell: feed the next line */
	CSV_SKIP,	/* a blank line */
	CSV_REJECT,	/* a bad record: see struct csv_result */
	CSV_FAIL	/* the file cannot be read this way (header vs --fields) */
};

/* Where a record came from, and what was wrong with it. */
struct csv_result {
	struct slice raw;	/* the record's lines, verbatim (LF between) */
	uint64_t line;		/* its first line */
	const char *why;	/* CSV_REJECT, CSV_FAIL */
	size_t col;		/* 0-based byte in the line, or (size_t)-1 */
};

void csv_init(struct csv *c, const struct csv_opts *o);
void csv_free(struct csv *c);
/* A new file: forget the header and any partial record. */
void csv_start(struct csv *c);

enum csv_status csv_feed(struct csv *c, struct slice line, uint64_t lineno,
			 struct pairs *out, struct csv_result *res);
/* End of the file: a record still open is rejected (CSV_REJECT), else
 * CSV_SKIP. */
enum csv_status csv_end(struct csv *c, struct csv_result *res);

/* The likeliest delimiter of a header line: the most frequent of , ; tab |
 * outside quotes (',' when there is none, the earlier in that order on a
 * tie). */
char csv_sniff_delimiter(const char *s, size_t n);

#endif
