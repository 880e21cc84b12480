/* ingest.h - dcr-parse's loop: each input file read in its dialect (given,
 * or detected from its first non-blank line), each record shaped
 * (reshape.h, stamp.h) and written, each bad record reported and kept in
 * the rejects (reader.h's format).
 *
 * Detection (-f auto): a first non-blank line starting with '{' means JSON
 * lines; one that reads as logfmt (strict or raw), or starts with '#',
 * means logfmt; anything else is delimited text with a header, or free
 * text for the pattern files when there are any. The header of text so
 * guessed to be CSV must look like one (sniff.h), else the file fails.
 * --skip-lines N drops the first N lines of each file before any of this.
 *
 * With --encoding, each line is converted to UTF-8 before anything else
 * (encoding.h); a line that does not convert is rejected, and a first line
 * that does not fails the file, since the dialect and header come from it.
 *
 * Ownership: struct ingest owns its reader, dialect state and scratch
 * space; the options, pattern set and outputs belong to the caller.
 */
#ifndef DCR_INGEST_H
#define DCR_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/csv.h"
#include "parse/encoding.h"
#include "parse/reshape.h"
#include "parse/missing.h"
#include "parse/optkeys.h"
#include "io/output.h"
#include "parse/pairs.h"
#include "parse/pattern.h"
#include "parse/recode.h"
#include "parse/schema.h"
#include "record/keylist.h"
#include "record/reader.h"
#include "record/record.h"
#include "time/timefmt.h"

enum ingest_format {
	INGEST_AUTO, INGEST_CSV, INGEST_TSV, INGEST_JSONL, INGEST_LOGFMT,
	INGEST_PATTERN
};

#define INGEST_MAX_TIME_KEYS 8
#define INGEST_MAX_BLANKS 16	/* beyond: reported in the count only */

struct ingest_opts {
	enum ingest_format format;
	struct enc *enc;		/* --encoding; NULL or UTF-8: none */
	char delim;			/* 0: guessed from the header line */
	bool no_header;
	unsigned long skip_lines;	/* --skip-lines: of each file, first */
	struct keylist names;		/* --fields */
	struct pattern_set *patterns;	/* NULL: none */
	const struct reshape *reshape;
	/* --time KEY[,KEY...]: the keys whose values, joined by a space,
	 * hold the time; none: ts, if present */
	struct keylist time_keys;	/* at most INGEST_MAX_TIME_KEYS */
	const char *time_format;	/* NULL: by shape */
	enum fold fold;
	bool src, strict;
	bool keep_empty;		/* --empty keep: k="" for an empty value */
	struct schema *schema;		/* --schema: records must fit it */
	struct recode *recode;		/* --recode: NULL for none */
	/* Each record given to sink instead of written (dcr-agg -f); r and
	 * its bytes are valid until it returns. NULL: written to out. */
	void (*sink)(void *ctx, const struct record *r, const char *file,
		     uint64_t line);
	void *sink_ctx;
	bool sink_text;		/* r as its line would read (reshape_record) */
	/* Anything to report (a reject, a file that cannot be read) stops
	 * the run without a word: for threads, whose caller then reads the
	 * input again in one pass to report it where it is. */
	bool quiet;
};

struct ingest {
	struct ingest_opts o;
	struct reader rd;		/* input, rejects, counts (records written) */
	struct output *out;
	struct pairs pairs;
	struct csv csv;
	struct buf scratch;
	struct record shaped;		/* for o.sink: the record as read */
	struct buf shaped_bytes;	/* back from its text (reshape.h) */
	bool fast;			/* canonical logfmt may be copied */
	bool guessed_csv;		/* -f auto chose CSV: doubt its header */
	uint64_t blank_at[INGEST_MAX_BLANKS]; /* lines of blanks before -f auto */
	size_t nblank;			/* has decided (their line numbers) */
	struct missing miss;		/* --pseudonymize keys a file lacks */
	bool check_missing, too_big;
	struct optkeys keys;		/* option keys no record has had yet */
	bool stopped;			/* --strict: a record was rejected */
	char why[2 * RECORD_KEY_MAX + 320]; /* a reject's reason, made */
	enum ingest_format f;		/* the dialect of the current input */
	bool started;			/* its first line is read */
};

void ingest_init(struct ingest *g, const struct ingest_opts *o, char **paths,
		 int npaths, struct output *out, struct output *reject);
/* Read the current input of g->rd, opened by reader_next_input(). */
void ingest_input(struct ingest *g);
/* The records of the lines of path that start in [start, end), given to
 * o->sink, read as one pass over the whole file would read them (for a
 * CSV range that does not start the file, its first line is read first,
 * as the header); o->quiet is implied, and o->format must be csv, tsv,
 * jsonl or logfmt (else false). False when anything was to be
 * reported, or a CSV record is still open at end: then the range did not
 * begin or end with a record, or the file has something to report, and
 * the caller reads it in one pass. Safe in threads (one call each) when
 * o has no --pseudonymize or --recode, and each thread's o->enc is a
 * descriptor of its own (iconv keeps a state in it). */
bool ingest_range(const struct ingest_opts *o, const char *path, off_t start,
		  off_t end);
/* Close the outputs and free; the exit status (reader_finish). */
int ingest_finish(struct ingest *g);

#endif
