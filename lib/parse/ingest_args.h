/* ingest_args.h - the arguments of dcr-parse's options that fill struct
 * ingest_opts: each malformed one is a usage error naming its option.
 *
 * Ownership: the lists of --fields and --time are copies owned by the
 * options; ingest_args_free() releases them.
 */
#ifndef DCR_INGEST_ARGS_H
#define DCR_INGEST_ARGS_H

#include "parse/ingest.h"

/* -f FORMAT */
enum ingest_format ingest_parse_format(const char *s);
/* -d DELIM: one character, or "tab" */
char ingest_parse_delim(const char *s);
/* --fold earlier|later */
enum fold ingest_parse_fold(const char *s);
/* --fields KEYS: the last one counts */
void ingest_set_fields(struct ingest_opts *o, const char *arg);
/* --time KEY[,KEY...][=FORMAT]: the last one counts */
void ingest_set_time(struct ingest_opts *o, const char *arg);
/* --encoding NAME: e (closed first: the last one counts) opened and
 * given to o */
void ingest_set_encoding(struct ingest_opts *o, struct enc *e, const char *arg);
/* --empty drop|keep: true for keep */
bool ingest_parse_empty(const char *s);
/* --recode FILE...: all loaded, every error reported, then exit 2 if any */
struct recode *ingest_load_recodes(const char *const *paths, size_t n);
void ingest_args_free(struct ingest_opts *o);

#endif
