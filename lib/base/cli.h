/* cli.h - command-line options from one table: getopt_long, --help, and
 * the docs test all read the same struct cli_opt array.
 *
 * A command declares its options once; cli_next() returns the option's id
 * (its short letter, or a CLI_* value above 255 for long-only options)
 * and handles -h/--help, --version and --no-progress itself (they are
 * added to every table that does not list them).
 */
#ifndef DCR_CLI_H
#define DCR_CLI_H

#include <getopt.h> /* optind: the first operand once cli_next() returns -1 */
#include <stdbool.h>

struct cli_opt {
	int id;		  /* short letter, or a value > 255 for long-only */
	const char *name; /* long name, without "--" */
	const char *arg;  /* argument name for --help ("FILE"), NULL if none */
	const char *help; /* one line */
};

struct cli {
	const char *usage;   /* "dcr-fmt [-t FORMAT] [FILE ...]": the man SYNOPSIS */
	const char *purpose; /* one line */
	const struct cli_opt *opts; /* terminated by an entry with id 0 */
};

/* Options every command has, to append to a command's table. */
#define CLI_OPT_HELP {'h', "help", NULL, "show this help and exit"}
#define CLI_OPT_VERSION {CLI_VERSION, "version", NULL, "show the version and exit"}
#define CLI_OPT_OUTPUT {'o', "output", "FILE", \
	"write to FILE, replaced atomically (FILE.gz: gzip)"}
#define CLI_OPT_REJECT {CLI_REJECT, "reject", "FILE", \
	"keep lines that cannot be read in FILE (mode 0600)"}
#define CLI_OPT_MAX_RECORD {CLI_MAX_RECORD, "max-record", "BYTES", \
	"longest line accepted (default 1048576)"}
#define CLI_OPT_NO_PROGRESS {CLI_NO_PROGRESS, "no-progress", NULL, \
	"no progress line on a terminal"}
/* Every command reads a schema (dcr-schema(5)); dcr-parse checks records
 * by it, the others count its keys as known. */
#define CLI_OPT_SCHEMA(help) {CLI_SCHEMA, "schema", "FILE", help}
#define CLI_OPT_END {0, NULL, NULL, NULL}

/* Ids of long-only options; commands number their own from CLI_OWN. */
enum {
	CLI_VERSION = 256,
	CLI_REJECT,
	CLI_MAX_RECORD,
	CLI_NO_PROGRESS, /* handled by cli_next() */
	CLI_SCHEMA,
	CLI_OWN = 300
};

/* Next option: its id, -1 at the end of options. Options may follow
 * operands (GNU style, whatever POSIXLY_CORRECT says) and "--" ends them;
 * once it returns -1, argv[optind..argc-1] are the operands in their
 * order (argv is rearranged). Dies with a usage message on an unknown option or a missing
 * argument. *arg receives the option's argument. */
int cli_next(const struct cli *c, int argc, char **argv, const char **arg);

void cli_help(const struct cli *c);

/* Parse a size with optional K, M, G suffix; dies with a usage error
 * naming the option. */
unsigned long long cli_size(const char *opt, const char *s);
/* A non-negative integer; dies with a usage error naming the option. */
long long cli_int(const char *opt, const char *s, long long min, long long max);
/* The default of -j (dcr-agg, dcr-filter): the processors online, at
 * most 8. */
int cli_default_jobs(void);

#endif
