/* agg.h - the aggregate operators of dcr-agg: one table drives parsing,
 * --help and the docs test; each operator has init (a zeroed state), add,
 * merge (through its partial-state text) and result.
 *
 *     -a count,mean:duration_s,p90:duration_s,clients=distinct:client
 *     -a 'ods=count if incident_type == opioid_overdose'
 *     -a '(sessions=count,mean:duration_s,p90:duration_s) if event == session_end'
 *
 * Operators that read the same field under the same condition share one
 * input, and within it one state per kind (the mean and the stdev of
 * a field share their sums; a median and a p90 share one value array).
 * A group's state is one zeroed block of agg_state_size() bytes, laid out
 * by the set; parts that grow (value arrays, sets) are on the heap and
 * released by agg_state_free().
 *
 * Partial states (--partial, --merge): agg_partial.h.
 *
 * Ownership: struct agg_set owns its definitions, compiled conditions and
 * the arena holding the strings of all groups' sets.
 */
#ifndef DCR_AGG_H
#define DCR_AGG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "io/output.h"
#include "record/keycheck.h"
#include "record/record.h"

/* The operator table, for --help and the docs test: the i-th operator's
 * name as written ("pN" for percentiles) and a one-line description;
 * false past the end. */
bool agg_op_doc(size_t i, const char **name, const char **help);

struct agg_set;

struct agg_set *agg_new(void);
void agg_free(struct agg_set *s);

/* Parse one -a argument: comma-separated "[NAME=]OP[:FIELD]" items,
 * optionally followed by " if CONDITION", which runs to the end of the
 * argument and applies to all its items. Dies with a usage error naming
 * the item. */
void agg_parse(struct agg_set *s, const char *arg);
/* Name the input keys of the aggregates to the unknown-key check. */
void agg_name_keys(const struct agg_set *s, struct keycheck *kc);
/* The cell key method (--cell-key, stats/cellkey.h): counts keep the sum
 * of their records' keys, under key k (the caller's, for as long as the
 * set lives). Before agg_setup(), which dies with a usage error for sums
 * and approximate distinct counts, which the method does not perturb. */
struct key;
void agg_set_cell_key(struct agg_set *s, const struct key *k);
/* Per column, the cell key of a count or distinct count (has[i]), from
 * the state of a group (after agg_results). */
void agg_cell_keys(struct agg_set *s, char *state, uint64_t *ck, bool *has);

/* After the definitions: lay out the state (adds "count" if none). */
void agg_setup(struct agg_set *s, bool strict);

size_t agg_state_size(const struct agg_set *s);
/* Output columns, in order: names of the aggregates' values. */
size_t agg_ncols(const struct agg_set *s);
const char *agg_col_name(const struct agg_set *s, size_t i);

/* Add one record to a group's state. file and line are for diagnostics
 * (--strict, conditions that fail to evaluate). */
void agg_add_record(struct agg_set *s, char *state, const struct record *r,
		    const char *file, uint64_t line);

/* One output value: absent, a number (num, and its text), or a string. */
struct agg_value {
	bool present, is_num;
	double num;
	size_t off, len; /* its text in the text buffer */
};

/* Compute the values of every column (agg_ncols entries) into vals, their
 * text appended to text. May sort the state's arrays. */
void agg_results(struct agg_set *s, char *state, struct agg_value *vals,
		 struct buf *text);
/* Off: agg_results() computes without counting what agg_report_skipped()
 * reports (groups with no peak), for rows that are computed again. */
void agg_count_results(struct agg_set *s, bool on);

/* The number of records behind each column (agg_ncols entries), for
 * small-cell suppression: counts and distinct counts are their own
 * support; sums, means, variances and percentiles the number of values,
 * peak the number of sessions. min, max, first, last and mode keep no
 * count of their own: they take the number of values of another aggregate
 * on the same field and condition, or AGG_SUPPORT_UNKNOWN when there is
 * none. */
#define AGG_SUPPORT_UNKNOWN UINT64_MAX
void agg_support(struct agg_set *s, char *state, uint64_t *support);
/* What small-cell protection needs to know of a column. */
struct agg_column {
	bool additive;	/* adds up over groups to the total: count, sum */
	bool is_count;	/* count or distinct count: bounded by --min-cell */
	int cond;	/* the condition its records pass (-1: none): values
			 * of one condition rest on the same records */
};
/* The agg_ncols() columns of s into cols. */
void agg_columns(const struct agg_set *s, struct agg_column *cols);

void agg_state_free(struct agg_set *s, char *state);

/* For a worker thread whose diagnostics would name the wrong line: a
 * condition that fails to evaluate is not reported but remembered, and
 * agg_failed() tells (the caller then redoes the work in one pass). */
void agg_defer_errors(struct agg_set *s);
bool agg_failed(const struct agg_set *s);

/* Merge a group's state from src (a set made from the same -a arguments)
 * into dst's, as if src's records had come after dst's; and the counts of
 * skipped values. The strings of src's sets are referred to, not copied:
 * src is dst, or agg_adopt_strings(dst, src) follows before src is freed. */
void agg_merge_state(struct agg_set *dst, char *dst_state,
		     const struct agg_set *src, char *src_state);
/* The same, where src's state is freed next: a set that dst does not
 * have yet is moved, not copied (a thread's 5e6 distinct values). */
void agg_take_state(struct agg_set *dst, char *dst_state,
		    const struct agg_set *src, char *src_state);
void agg_merge_skipped(struct agg_set *dst, const struct agg_set *src);
/* Make the strings of src's sets dst's: they live until dst is freed. */
void agg_adopt_strings(struct agg_set *dst, struct agg_set *src);

/* Print the warnings about skipped values (not numbers, missing) on
 * stderr, without making the exit status an error. */
void agg_report_skipped(const struct agg_set *s);

#endif
