/* agg_protect.c - primary, linked and complementary suppression of small
 * cells; see agg_protect.h for the rules. */
#include "agg/agg_protect.h"

#include <math.h>
#include <stdlib.h>

#include "base/xmalloc.h"

void protect_init(struct aggout *o, size_t rows)
{
	size_t na = o->nagg ? o->nagg : 1;
	o->primary = xcalloc(size_mul(rows ? rows : 1, o->ncols ? o->ncols : 1),
			     sizeof *o->primary);
	o->cols = xcalloc(na, sizeof *o->cols);
	agg_columns(o->s, o->cols);
}

void protect_free(struct aggout *o)
{
	free(o->primary);
	free(o->cols);
	o->primary = NULL;
	o->cols = NULL;
}

static bool *hidden_at(struct aggout *o, size_t j, size_t i)
{
	return &o->hidden[j * o->ncols + i];
}

static const struct agg_value *value_at(const struct aggout *o, size_t j,
					size_t i)
{
	return &o->vals[j * o->ncols + i];
}

/* Hide cell (j, i) and the values of row j from the same records; true
 * when something new was hidden. */
static bool hide_linked(struct aggout *o, size_t j, size_t i)
{
	bool changed = false;
	for (size_t k = 0; k < o->nagg; k++) {
		bool *h = hidden_at(o, j, k);
		if ((k == i || o->cols[k].cond == o->cols[i].cond) &&
		    value_at(o, j, k)->present && !*h)
			*h = changed = true;
	}
	return changed;
}

void protect_row(struct aggout *o, size_t j, const uint64_t *support)
{
	for (size_t i = 0; i < o->nagg; i++) {
		bool small = value_at(o, j, i)->present &&
			     (support[i] < o->min_cell ||
			      support[i] == AGG_SUPPORT_UNKNOWN);
		o->primary[j * o->ncols + i] = small;
		*hidden_at(o, j, i) = *hidden_at(o, j, i) || small;
	}
	for (size_t i = 0; i < o->nagg; i++)
		if (o->primary[j * o->ncols + i])
			hide_linked(o, j, i);
}

/* A count as the integer it is (counts are below 2^53, exact in a
 * double). */
static uint64_t count_of(const struct agg_value *v)
{
	return v->num > 0 ? (uint64_t)llround(v->num) : 0;
}

/* Whether column i of counts keeps each hidden count's interval 0..K-1:
 * the hidden cells sum to S = total - shown cells; small ones (primary)
 * lie in 0..K-1, the others in K..infinity. With at least one of those
 * others, a small cell's lowest value is 0 and its highest
 * S - K * others; without, 0 needs S <= (small - 1) * (K - 1) and K - 1
 * needs S >= K - 1. */
static bool counts_protected(const struct aggout *o, size_t i)
{
	size_t n = o->g->n;
	uint64_t k = o->min_cell, shown = 0, small = 0, others = 0;
	for (size_t j = 0; j < n; j++) {
		const struct agg_value *v = value_at(o, j, i);
		if (!v->present)
			continue;
		if (!o->hidden[j * o->ncols + i])
			shown += count_of(v);
		else if (o->primary[j * o->ncols + i])
			small++;
		else
			others++;
	}
	if (!small)
		return true;
	uint64_t total = count_of(value_at(o, n, i));
	uint64_t s = total > shown ? total - shown : 0;
	if (others)
		return s >= others * k && s - others * k >= k - 1;
	return s >= k - 1 && s <= (small - 1) * (k - 1);
}

/* Column i of sums: never exactly one hidden cell. */
static bool sums_protected(const struct aggout *o, size_t i)
{
	size_t hidden = 0;
	for (size_t j = 0; j < o->g->n; j++)
		hidden += value_at(o, j, i)->present &&
			  o->hidden[j * o->ncols + i];
	return hidden != 1;
}

/* The group row whose cell of column i is the smallest shown one, or n. */
static size_t smallest_shown(const struct aggout *o, size_t i)
{
	size_t n = o->g->n, best = n;
	for (size_t j = 0; j < n; j++) {
		const struct agg_value *v = value_at(o, j, i);
		if (v->present && !o->hidden[j * o->ncols + i] &&
		    (best == n || v->num < value_at(o, best, i)->num))
			best = j;
	}
	return best;
}

/* One pass over the additive columns; true when it hid something (which
 * can break a column passed before: the caller repeats). */
static bool protect_pass(struct aggout *o)
{
	size_t n = o->g->n;
	bool changed = false;
	for (size_t i = 0; i < o->nagg; i++) {
		if (!o->cols[i].additive || !value_at(o, n, i)->present ||
		    *hidden_at(o, n, i))
			continue;
		while (!(o->cols[i].is_count ? counts_protected(o, i)
					: sums_protected(o, i))) {
			size_t best = smallest_shown(o, i);
			/* no cell left: the total is the only part to hide */
			changed |= hide_linked(o, best, i);
			if (best == n)
				break;
		}
	}
	return changed;
}

void protect_margin(struct aggout *o)
{
	while (protect_pass(o))
		;
}
