/* dcr-seal - seal each published day of a folder (a signed manifest in a
 * forward-secure chain), make the signing key, and verify a folder. The
 * work is in lib/seal/ (sealing, verifying) and lib/key/sign.c (the key). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cli.h"
#include "base/err.h"
#include "io/output.h"
#include "seal/seal.h"
#include "seal/verify.h"

enum {
	OPT_NEW_KEY = CLI_OWN, OPT_KEY_FILE, OPT_DAY, OPT_ARCHIVE, OPT_SOURCES,
	OPT_VERIFY, OPT_ANCHOR, OPT_THROUGH, OPT_IGNORE, OPT_KNOWN_MISSING
};

static const struct cli_opt opts[] = {
	{OPT_NEW_KEY, "new-key", NULL,
	 "make the signing key file; print its trust anchor"},
	{OPT_KEY_FILE, "key-file", "FILE", "the signing key (mode 0600)"},
	{OPT_DAY, "day", "DAY", "the day published (YYYY-MM-DD)"},
	{OPT_ARCHIVE, "archive", "FILE",
	 "the day's archive among the FILEs: its records are counted"},
	{OPT_SOURCES, "sources", "FILE",
	 "the nightly manifest: its source records are sealed too"},
	{OPT_VERIFY, "verify", NULL, "check every seal of DIR; one line per problem"},
	{OPT_ANCHOR, "anchor", "KEY",
	 "the trust anchor: its file, or the 64 hex digits in it"},
	{OPT_THROUGH, "through", "DAY", "--verify: days up to DAY are expected"},
	{OPT_IGNORE, "ignore", "PATTERN",
	 "--verify: paths matching PATTERN are not sealed (repeatable)"},
	{OPT_KNOWN_MISSING, "known-missing", "DAY",
	 "--verify: DAY is known to be missing (repeatable)"},
	CLI_OPT_OUTPUT,
	CLI_OPT_HELP,
	CLI_OPT_VERSION,
	CLI_OPT_END
};

static const struct cli cli = {
	"dcr-seal --new-key --key-file FILE [-o FILE]\n"
	"       dcr-seal --key-file FILE --day DAY [--archive FILE] "
	"[--sources FILE] DIR [FILE ...]\n"
	"       dcr-seal --verify --anchor KEY [--through DAY] "
	"[--ignore PATTERN] [--known-missing DAY] DIR",
	"Seal the days a folder publishes, or verify its seals.",
	opts
};

/* Append s to a list of options' arguments. */
static void push(char ***list, size_t *n, const char *s)
{
	*list = realloc(*list, (*n + 1) * sizeof **list);
	if (!*list)
		die("out of memory");
	(*list)[(*n)++] = (char *)s;
}

/* YYYY-MM-DD, a date that exists. */
static const char *day_arg(const char *opt, const char *s)
{
	int y, m, d;
	char end;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 ||
	    s[4] != '-' || s[7] != '-' || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] ||
	    (m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400))))
		die_usage("%s: expected a day YYYY-MM-DD, not '%s'", opt, s);
	return s;
}

struct args {
	bool new_key, verify;
	const char *out, *anchor;
	struct seal_job job;
	struct verify_opts v;
};

static void parse(struct args *a, int argc, char **argv)
{
	const char *arg;
	int id;
	while ((id = cli_next(&cli, argc, argv, &arg)) != -1) {
		switch (id) {
		case OPT_NEW_KEY: a->new_key = true; break;
		case OPT_KEY_FILE: a->job.key_path = arg; break;
		case OPT_DAY: a->job.day = day_arg("--day", arg); break;
		case OPT_ARCHIVE: a->job.archive = arg; break;
		case OPT_SOURCES: a->job.sources = arg; break;
		case OPT_VERIFY: a->verify = true; break;
		case OPT_ANCHOR: a->anchor = arg; break;
		case OPT_THROUGH: a->v.through = day_arg("--through", arg); break;
		case OPT_IGNORE: push(&a->v.ignore, &a->v.nignore, arg); break;
		case OPT_KNOWN_MISSING:
			push(&a->v.missing, &a->v.nmissing,
			     day_arg("--known-missing", arg));
			break;
		case 'o': a->out = arg; break;
		}
	}
}

/* Each mode takes its own options; any other is a usage error. */
static void check_modes(const struct args *a, int nargs)
{
	if (a->new_key + a->verify > 1)
		die_usage("--new-key and --verify are separate runs");
	bool sealing = a->job.day || a->job.archive || a->job.sources;
	bool verifying = a->anchor || a->v.through || a->v.nignore ||
			 a->v.nmissing;
	if (a->new_key) {
		if (!a->job.key_path || sealing || verifying || nargs)
			die_usage("--new-key takes --key-file FILE and -o FILE only");
	} else if (a->verify) {
		if (!a->anchor)
			die_usage("--verify needs the trust anchor (--anchor KEY), "
				  "the key --new-key printed");
		if (a->job.key_path || sealing || a->out || nargs != 1)
			die_usage("--verify takes one DIR, --anchor, --through, "
				  "--ignore and --known-missing, and never a key file");
	} else {
		if (!a->job.key_path || !a->job.day || nargs < 1)
			die_usage("sealing needs --key-file FILE, --day DAY and DIR");
		if (verifying || a->out)
			die_usage("--anchor, --through, --ignore, --known-missing "
				  "and -o are not for sealing");
	}
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	out_guard_stdio();
	struct args a;
	memset(&a, 0, sizeof a);
	parse(&a, argc, argv);
	int nargs = argc - optind;
	check_modes(&a, nargs);
	if (a.new_key) {
		seal_new_key(a.job.key_path, a.out);
		return EXIT_OK;
	}
	if (a.verify) {
		a.v.dir = argv[optind];
		verify_read_anchor(a.anchor, a.v.anchor);
		size_t problems = verify_dir(&a.v);
		if (fflush(stdout) != 0 || ferror(stdout))
			die_errno("cannot write the report");
		free(a.v.ignore);
		free(a.v.missing);
		return problems || err_seen ? EXIT_TROUBLE : EXIT_OK;
	}
	a.job.dir = argv[optind];
	a.job.files = argv + optind + 1;
	a.job.nfiles = (size_t)(nargs - 1);
	seal_publish(&a.job);
	if (fflush(stdout) != 0 || ferror(stdout))
		die_errno("cannot write to standard output");
	return err_seen ? EXIT_TROUBLE : EXIT_OK;
}
