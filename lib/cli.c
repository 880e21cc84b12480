/* cli.c - getopt_long driven by a command's option table; --help text. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "xmalloc.h"

#ifndef DCR_VERSION
#define DCR_VERSION "0.0.0"
#endif

static size_t count_opts(const struct cli *c)
{
	size_t n = 0;
	while (c->opts[n].id)
		n++;
	return n;
}

void cli_help(const struct cli *c)
{
	printf("usage: %s\n%s\n\n", c->usage, c->purpose);
	for (const struct cli_opt *o = c->opts; o->id; o++) {
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

int cli_next(const struct cli *c, int argc, char **argv, const char **arg)
{
	static struct option *longopts;
	static char shortopts[128];
	if (!longopts) {
		size_t n = count_opts(c), k = 0;
		longopts = xcalloc(n + 1, sizeof *longopts);
		shortopts[k++] = '+'; /* stop at the first operand, as POSIX */
		shortopts[k++] = ':';
		for (size_t i = 0; i < n; i++) {
			const struct cli_opt *o = &c->opts[i];
			longopts[i] = (struct option){o->name,
				o->arg ? required_argument : no_argument, NULL, o->id};
			if (o->id < 256 && k + 3 < sizeof shortopts) {
				shortopts[k++] = (char)o->id;
				if (o->arg)
					shortopts[k++] = ':';
			}
		}
	}
	int id = getopt_long(argc, argv, shortopts, longopts, NULL);
	*arg = optarg;
	switch (id) {
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
