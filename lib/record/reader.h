/* reader.h - records from a list of inputs, with diagnostics and rejects.
 *
 * The loop every command shares: open each input in turn (none means
 * stdin), split lines, parse records, report a bad line as
 * "PROG: FILE:LINE: what (column N)" and keep it verbatim in the reject
 * output when there is one. An input that cannot be opened or read is
 * reported and the next one is tried; reader.failed remembers it.
 * Commands that read records take them from reader_next(); those that
 * read lines or blocks of their own (dcr-filter's block search,
 * dcr-parse's dialects) walk the inputs with reader_next_input() and read
 * rd->in themselves.
 *
 * Ownership: the reader owns its input, record and scratch buffers; the
 * record it hands out is valid until the next reader_next(). A line too
 * long to hold is reported by location only; its bytes are not kept.
 */
#ifndef DCR_READER_H
#define DCR_READER_H

#include <stdbool.h>
#include <stdint.h>

#include "io/input.h"
#include "io/output.h"
#include "record/keycheck.h"
#include "record/keylist.h"
#include "record/record.h"

/* Bad lines are named one by one up to READER_SHOWN per kind (the same
 * message), then counted: a wrong --time format must not print thousands
 * of lines. Kinds beyond READER_KINDS are counted together. */
enum { READER_SHOWN = 5, READER_KINDS = 32 };

struct reader_kind {
	char *why; /* owned */
	uint64_t n;
};

struct reader {
	struct input in;
	struct record rec;
	struct output *reject; /* NULL: report only */
	struct slice line;     /* the line of the last record */
	uint64_t records;      /* records handed out */
	uint64_t rejected;     /* lines reported as unreadable */
	bool failed;	       /* an input could not be opened or read */
	/* NULL, or the check that the keys of a first-line declaration
	 * (keydecl.h) are made known to; they are also kept in declared */
	struct keycheck *kc;
	struct keylist declared;
	/* a range read by a thread (reader_open_range()), where deferred is
	 * set instead of a report, when a line would be reported or its keys
	 * declared */
	bool defer, deferred;
	/* private */
	struct reader_kind kinds[READER_KINDS];
	size_t nkinds;
	uint64_t other_kinds; /* bad lines of kinds beyond the table */
	char **paths;
	int npaths, next;
	bool open;
};

void reader_init(struct reader *rd, char **paths, int npaths,
		 struct output *reject);
/* For a thread that reads part of a large file: rd reads the lines of
 * path that start in [start, end) (input_open_range()), as rd->in of its
 * only input. It reports nothing and counts no progress: what would be
 * reported (a bad line, a line too long, a key declaration, which only a
 * whole pass reads in place) sets rd->deferred, and the caller then reads
 * the file in one ordinary pass. False when the range cannot be opened. */
bool reader_open_range(struct reader *rd, const char *path, off_t start,
		       off_t end);
/* The next record, or NULL when every input is done. */
struct record *reader_next(struct reader *rd);
/* Close the current input, if any, and open the next one as rd->in;
 * false when every input is done. */
bool reader_next_input(struct reader *rd);
void reader_free(struct reader *rd);

/* A comment line of the current input: when it is the first line and a
 * key declaration, its keys become known to rd->kc and true is returned;
 * a declaration of another version dies (exit 2). Nothing when rd->kc
 * is NULL. */
bool reader_declaration(struct reader *rd, struct slice line, uint64_t lineno);

/* Report a bad line of the current input (and keep it in the rejects). */
void reader_reject(struct reader *rd, struct slice line, uint64_t lineno,
		   const char *why, size_t col);
/* The same for a line too long to hold: by its place only. */
void reader_reject_long(struct reader *rd, uint64_t lineno);
/* Only the diagnostic: "PROG: FILE:LINE: why (column col+1)", without
 * the column when col is (size_t)-1. */
void reader_warn(const struct reader *rd, uint64_t lineno, const char *why,
		 size_t col);

/* End of the run: close the rejects; commit out unless an input failed
 * (then the old -o file stays); return status, or EXIT_TROUBLE when an
 * input failed or lines were rejected (summarised on stderr). */
int reader_finish(struct reader *rd, struct output *out, int status);

/* Open the output (outpath, or stdout when NULL) and the --reject file
 * (mode 0600) when rejectpath is given; returns rej then, else NULL. Dies
 * before anything is read when an output is also an input or the other
 * output (output.h says when two files are the same). */
struct output *reader_open_outputs(char **paths, int npaths,
				   struct output *out, const char *outpath,
				   struct output *rej, const char *rejectpath);

#endif
