/* expr_keys.c - the keys a condition reads as values. See expr_keys.h. */
#include "lang/expr_keys.h"

#include "lang/expr_impl.h"

static void walk(const struct node *n,
		 void (*fn)(void *ctx, const char *k, size_t kn), void *ctx)
{
	if (!n)
		return;
	switch (n->kind) {
	case N_OR:
	case N_AND:
	case N_NOT:
		walk(n->a, fn, ctx);
		walk(n->b, fn, ctx);
		return;
	case N_HAS:
	case N_MISSING:
		return; /* about a key that may be absent */
	default:
		fn(ctx, n->key, n->klen);
	}
}

void expr_each_key(const struct expr *e,
		   void (*fn)(void *ctx, const char *k, size_t kn), void *ctx)
{
	if (e)
		walk(e->root, fn, ctx);
}
