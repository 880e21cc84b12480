/* verify_problem.c - a verification's problems: one line each on stdout,
 * "WHERE: KIND: what", counted. */
#include <stdarg.h>
#include <stdio.h>

#include "seal/verify_impl.h"

void verify_problem(struct vstate *v, const char *where, const char *kind,
		    const char *fmt, ...)
{
	va_list ap;
	printf("%s: %s: ", where, kind);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	v->problems++;
}
