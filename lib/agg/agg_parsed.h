/* agg_parsed.h - dcr-agg -f: exports read as dcr-parse -f FORMAT -d DELIM
 * --encoding NAME reads them, their records aggregated as they are made,
 * never written as text; large files by threads (agg_threads.h), each
 * with its own reader and its own iconv descriptor.
 *
 * Ownership: struct agg_parsed owns its encoding (agg_parsed_free); the
 * run, the files and the outputs are the caller's.
 */
#ifndef DCR_AGG_PARSED_H
#define DCR_AGG_PARSED_H

#include <stdbool.h>

#include "agg/agg_run.h"
#include "io/output.h"
#include "parse/encoding.h"
#include "parse/ingest.h"

struct agg_parsed {
	bool given;		/* -f */
	enum ingest_format format;
	char delim;		/* -d; 0: guessed */
	struct enc enc;		/* --encoding */
	bool has_enc;
};

/* --encoding NAME (the last one counts); a usage error if unknown. */
void agg_parsed_encoding(struct agg_parsed *pi, const char *name);
/* The run over the files, with dcr-parse's checks and rejects (reported
 * at their line of the export, kept in reject): the exit status. */
int agg_parsed_run(struct agg_run *run, struct agg_parsed *pi, char **files,
		   int nfiles, struct output *out, struct output *reject);
void agg_parsed_free(struct agg_parsed *pi);

#endif
