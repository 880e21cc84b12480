/* ingest_args.c - dcr-parse's option arguments, checked and stored in
 * struct ingest_opts. */
#include "parse/ingest_args.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xmalloc.h"
#include "record/keylist.h"
#include "time/stamp.h"

static const char *const format_names[] = {
	[INGEST_AUTO] = "auto", [INGEST_CSV] = "csv", [INGEST_TSV] = "tsv",
	[INGEST_JSONL] = "jsonl", [INGEST_LOGFMT] = "logfmt",
	[INGEST_PATTERN] = "pattern"
};

enum ingest_format ingest_parse_format(const char *s)
{
	for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++)
		if (strcmp(s, format_names[i]) == 0)
			return (enum ingest_format)i;
	die_usage("-f: unknown format '%s'", s);
}

char ingest_parse_delim(const char *s)
{
	if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0)
		return '\t';
	if (strlen(s) != 1 || s[0] == '"' || s[0] == '\n' || s[0] == '\r' ||
	    (unsigned char)s[0] >= 0x80)
		die_usage("-d: expected one character such as , ; | or 'tab', "
			  "not '%s'", s);
	return s[0];
}

enum fold ingest_parse_fold(const char *s)
{
	if (strcmp(s, "earlier") == 0)
		return FOLD_EARLIER;
	if (strcmp(s, "later") == 0)
		return FOLD_LATER;
	die_usage("--fold: expected earlier or later, not '%s'", s);
}

void ingest_set_fields(struct ingest_opts *o, const char *arg)
{
	keylist_free(&o->names); /* the last --fields counts */
	keylist_add(&o->names, "--fields", arg, strlen(arg),
		    KEYLIST_ONCE | KEYLIST_USER);
}

void ingest_set_time(struct ingest_opts *o, const char *arg)
{
	keylist_free(&o->time_keys); /* the last --time counts */
	free((char *)o->time_format);
	const char *eq = strchr(arg, '=');
	size_t kn = eq ? (size_t)(eq - arg) : strlen(arg);
	keylist_add(&o->time_keys, "--time", arg, kn,
		    KEYLIST_ONCE | KEYLIST_USER);
	if (o->time_keys.n > INGEST_MAX_TIME_KEYS)
		die_usage("--time: at most %d keys", INGEST_MAX_TIME_KEYS);
	o->time_format = eq ? xstrdup(eq + 1) : NULL;
	size_t bad;
	if (o->time_format && !stamp_format_valid(o->time_format, &bad))
		die_usage("--time: unknown directive at offset %zu of the format",
			  bad);
}

void ingest_set_encoding(struct ingest_opts *o, struct enc *e, const char *arg)
{
	enc_close(e);
	if (!enc_open(e, arg))
		die_usage("--encoding: '%s' is not an encoding that keeps "
			  "ASCII (UTF-8, WINDOWS-1252, ISO-8859-15, ...)", arg);
	o->enc = e;
}

bool ingest_parse_empty(const char *s)
{
	if (strcmp(s, "keep") == 0)
		return true;
	if (strcmp(s, "drop") != 0)
		die_usage("--empty: expected drop or keep, not '%s'", s);
	return false;
}

struct recode *ingest_load_recodes(const char *const *paths, size_t n)
{
	struct recode *rc = recode_new();
	bool ok = true;
	for (size_t i = 0; i < n; i++)
		ok &= recode_load(rc, paths[i]);
	if (!ok) {
		recode_free(rc);
		die("--recode: the recode files cannot be used");
	}
	return rc;
}

void ingest_args_free(struct ingest_opts *o)
{
	keylist_free(&o->names);
	keylist_free(&o->time_keys);
	free((char *)o->time_format);
}
