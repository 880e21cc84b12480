/* xmalloc.h - allocators that die on failure, and overflow-checked sizes.
 *
 * Ownership: whatever x*alloc returns belongs to the caller, who frees it
 * with free(). None of these ever returns NULL.
 */
#ifndef DCR_XMALLOC_H
#define DCR_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* realloc to n * size bytes, dying if the product overflows. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xmemdup(const void *p, size_t n); /* adds a NUL after n bytes */

/* Give the memory freed so far back to the system. glibc keeps what a
 * thread's heap frees for that heap's next allocations, so memory freed by
 * one thread after another made it stays resident otherwise; elsewhere
 * this does nothing. */
void xmalloc_give_back(void);

/* a + b and a * b, dying on overflow. */
size_t size_add(size_t a, size_t b);
size_t size_mul(size_t a, size_t b);

#endif
