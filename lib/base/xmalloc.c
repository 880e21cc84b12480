/* xmalloc.c - dying allocators and checked size arithmetic. */
#include "base/xmalloc.h"

#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>

#include "base/err.h"

static void *check(void *p)
{
	if (!p)
		die("out of memory");
	return p;
}

void *xmalloc(size_t n) { return check(malloc(n ? n : 1)); }

void *xcalloc(size_t n, size_t size)
{
	return check(calloc(n ? n : 1, size ? size : 1));
}

void *xrealloc(void *p, size_t n) { return check(realloc(p, n ? n : 1)); }

void *xreallocarray(void *p, size_t n, size_t size)
{
	return xrealloc(p, size_mul(n, size));
}

char *xstrdup(const char *s) { return xmemdup(s, strlen(s)); }

char *xmemdup(const void *p, size_t n)
{
	char *s = xmalloc(size_add(n, 1));
	if (n)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

size_t size_add(size_t a, size_t b)
{
	size_t r;
	if (__builtin_add_overflow(a, b, &r))
		die("size overflow");
	return r;
}

size_t size_mul(size_t a, size_t b)
{
	size_t r;
	if (__builtin_mul_overflow(a, b, &r))
		die("size overflow");
	return r;
}

void xmalloc_give_back(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}
