/* expr_keys.h - the keys a condition reads as values, for the check that
 * every key named on the command line appeared (record/keycheck.h).
 *
 * Keys read only by has(KEY) or !has(KEY) are left out: such a test is
 * about a key that may well be absent. A key read elsewhere in the
 * expression too is given.
 *
 * Ownership: nothing is allocated; the keys handed to fn point into e.
 */
#ifndef DCR_EXPR_KEYS_H
#define DCR_EXPR_KEYS_H

#include <stddef.h>

#include "lang/expr.h"

/* Call fn for each key e reads outside has(), in the order of the
 * expression; a key read twice is given twice. */
void expr_each_key(const struct expr *e,
		   void (*fn)(void *ctx, const char *k, size_t kn), void *ctx);

#endif
