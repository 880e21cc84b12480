/* rowsort.h - ordering collected rows: --sort KEY[:n][:r][,KEY...].
 *
 * Each key compares its values as bytes (locale-free), or as numbers with
 * ":n"; ":r" reverses that key. Rows without the key (and, for ":n", rows
 * whose value is not a number) come last whatever the direction. Ties keep
 * the input order (the sort is stable).
 *
 * Ownership: a struct sort_spec owns its key names; sort_spec_free()
 * releases them.
 */
#ifndef DCR_ROWSORT_H
#define DCR_ROWSORT_H

#include <stdbool.h>
#include <stddef.h>

#include "fmt/collect.h"

struct sort_key {
	char *key;
	size_t klen;
	bool numeric, reverse;
};

struct sort_spec {
	struct sort_key *k;
	size_t n;
};

/* Parse "KEY[:n][:r]" items separated by commas; dies with a usage error
 * naming opt on anything else. */
void sort_spec_parse(struct sort_spec *s, const char *opt, const char *text);
void sort_spec_free(struct sort_spec *s);

/* Reorder c's rows by s. */
void collect_sort(struct collect *c, const struct sort_spec *s);

#endif
