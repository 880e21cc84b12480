/* cli.c - getopt_long driven by a command's option table; --help text. */
#include "base/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/progress.h"
#include "base/xmalloc.h"

#ifndef DCR_VERSION
#define DCR_VERSION "0.0.0"
#endif

/* Options every command has, added to its table unless it lists them. */
static const struct cli_opt builtins[] = {
	CLI_OPT_NO_PROGRESS, CLI_OPT_HELP, CLI_OPT_VERSION
};

static bool listed(const struct cli_opt *opts, int id)
{
	for (; opts->id; opts++)
		if (opts->id == id)
			return true;
	return false;
}

/* The command's table followed by the built-ins it lacks, ending in id 0. */
static const struct cli_opt *all_opts(const struct cli *c)
{
	static struct cli_opt *all;
	if (all)
		return all;
	size_t n = 0;
	while (c->opts[n].id)
		n++;
	size_t nb = sizeof builtins / sizeof builtins[0];
	all = xcalloc(n + nb + 1, sizeof *all);
	memcpy(all, c->opts, n * sizeof *all);
	for (size_t i = 0; i < nb; i++)
		if (!listed(c->opts, builtins[i].id))
			all[n++] = builtins[i];
	return all;
}

void cli_help(const struct cli *c)
{
	printf("usage: %s\n%s\n\n", c->usage, c->purpose);
	for (const struct cli_opt *o = all_opts(c); o->id; o++) {
		char left[64];
		int n = snprintf(left, sizeof left, "%c%c%s--%s%s%s",
				 o->id < 256 ? '-' : ' ',
				 o->id < 256 ? o->id : ' ',
				 o->id < 256 ? ", " : "  ", o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		if (n < 0)
			n = 0;
		printf("  %-24s %s\n", left, o->help);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		die_errno("write error");
}

/* The operands seen so far, in order; at the end of the options they are
 * moved to argv[optind..argc-1] behind the options already read. */
static char **operands;
static int noperands;

static void keep_operand(int argc, char *s)
{
	if (!operands)
		operands = xcalloc((size_t)argc, sizeof *operands);
	operands[noperands++] = s;
}

static void operands_last(char **argv)
{
	/* argv[optind..]: the operands after "--", already in place */
	int first = optind - noperands;
	for (int i = 0; i < noperands; i++)
		argv[first + i] = operands[i];
	optind = first;
	free(operands);
	operands = NULL;
	noperands = 0;
}

int cli_next(const struct cli *c, int argc, char **argv, const char **arg)
{
	static struct option *longopts;
	static char shortopts[128];
	if (!longopts) {
		const struct cli_opt *opts = all_opts(c);
		size_t n = 0, k = 0;
		while (opts[n].id)
			n++;
		longopts = xcalloc(n + 1, sizeof *longopts);
		/* '-': operands come back as id 1, so options may follow
		 * them whatever POSIXLY_CORRECT says; "--" still ends them. */
		shortopts[k++] = '-';
		shortopts[k++] = ':';
		for (size_t i = 0; i < n; i++) {
			const struct cli_opt *o = &opts[i];
			longopts[i] = (struct option){o->name,
				o->arg ? required_argument : no_argument, NULL, o->id};
			if (o->id < 256 && k + 3 < sizeof shortopts) {
				shortopts[k++] = (char)o->id;
				if (o->arg)
					shortopts[k++] = ':';
			}
		}
	}
	int id;
	while ((id = getopt_long(argc, argv, shortopts, longopts, NULL)) ==
	       CLI_NO_PROGRESS || id == 1) {
		if (id == 1)
			keep_operand(argc, optarg);
		else
			progress_disable();
	}
	*arg = optarg;
	switch (id) {
	case -1:
		operands_last(argv);
		break;
	case 'h':
		cli_help(c);
		exit(EXIT_OK);
	case CLI_VERSION:
		printf("%s %s\n", prog_name, DCR_VERSION);
		if (fflush(stdout) != 0)
			die_errno("write error");
		exit(EXIT_OK);
	case ':':
		die_usage("option '%s' needs an argument", argv[optind - 1]);
	case '?':
		if (optopt)
			die_usage("unknown option '-%c'", optopt);
		die_usage("unknown option '%s'", argv[optind - 1]);
	}
	return id;
}

unsigned long long cli_size(const char *opt, const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	unsigned long long mul = 1;
	if (*end == 'K' || *end == 'k')
		mul = 1ULL << 10, end++;
	else if (*end == 'M')
		mul = 1ULL << 20, end++;
	else if (*end == 'G')
		mul = 1ULL << 30, end++;
	if (errno || end == s || *end || s[0] == '-' ||
	    __builtin_mul_overflow(v, mul, &v))
		die_usage("%s: invalid size '%s'", opt, s);
	return v;
}

long long cli_int(const char *opt, const char *s, long long min, long long max)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		die_usage("%s: expected a whole number from %lld to %lld, not '%s'",
			  opt, min, max, s);
	return v;
}

int cli_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}
