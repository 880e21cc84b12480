/* err.c - diagnostics: program name prefix, FILE:LINE, die hooks. */
#include "base/err.h"
#include "base/progress.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *prog_name = "dcr";
int err_seen;

enum { MAX_HOOKS = 8 };
static void (*die_hooks[MAX_HOOKS])(void);
static int n_hooks;

void err_init(const char *argv0)
{
	const char *slash = argv0 ? strrchr(argv0, '/') : NULL;
	if (argv0 && *argv0)
		prog_name = slash ? slash + 1 : argv0;
}

void err_on_die(void (*fn)(void))
{
	if (n_hooks == MAX_HOOKS)
		abort();
	die_hooks[n_hooks++] = fn;
}

static noreturn void run_hooks_and_exit(void)
{
	while (n_hooks > 0)
		die_hooks[--n_hooks]();
	exit(EXIT_TROUBLE);
}

static void vreport(const char *file, uint64_t line, const char *fmt,
		    va_list ap, int errnum)
{
	fflush(stdout);
	progress_clear();
	if (file)
		fprintf(stderr, "%s: %s:%llu: ", prog_name, file,
			(unsigned long long)line);
	else
		fprintf(stderr, "%s: ", prog_name);
	vfprintf(stderr, fmt, ap);
	if (errnum)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
}

void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, 0, fmt, ap, 0);
	va_end(ap);
	run_hooks_and_exit();
}

void die_errno(const char *fmt, ...)
{
	int errnum = errno;
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, 0, fmt, ap, errnum);
	va_end(ap);
	run_hooks_and_exit();
}

void warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, 0, fmt, ap, 0);
	va_end(ap);
	err_seen = 1;
}

void warn_at(const char *file, uint64_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(file, line, fmt, ap, 0);
	va_end(ap);
	err_seen = 1;
}

void die_at(const char *file, uint64_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(file, line, fmt, ap, 0);
	va_end(ap);
	run_hooks_and_exit();
}

void die_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, 0, fmt, ap, 0);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", prog_name);
	run_hooks_and_exit();
}
