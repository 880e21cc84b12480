/* json.h - JSON lines: one object per line into pairs (dcr-parse -f jsonl).
 *
 * The mapping, documented in dcr-parse(1):
 * - strings are decoded (every JSON escape, \uXXXX with surrogate pairs);
 * - numbers are kept exactly as written (1.50 stays 1.50); true and false
 *   are the words true and false;
 * - null is an absent key;
 * - a nested object is flattened: {"a":{"b":1}} gives a_b=1;
 * - an array is flattened by position, from 1: {"a":[5,6]} gives a_1=5
 *   a_2=6, {"a":[{"b":1}]} gives a_1_b=1; an empty array or object gives
 *   nothing;
 * - key names follow keyname.h ("Client ID" -> client_id); a key that
 *   repeats after that, or is longer than RECORD_KEY_MAX, rejects the line.
 * Blank lines are skipped. Anything that is not one valid JSON object (RFC
 * 8259) followed by blanks is rejected with the column where it went wrong.
 * Objects and arrays nest at most JSON_MAX_DEPTH deep.
 *
 * Ownership: the pairs point into the line and into out's arena.
 */
#ifndef DCR_JSON_H
#define DCR_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/pairs.h"
#include "record/record.h"

#define JSON_MAX_DEPTH 32

/* REC_OK: out holds the fields (perhaps none); REC_SKIP: a blank line;
 * REC_ERROR: *why (a static string or one owned by this module, valid
 * until the next call) and *col (0-based byte) say what and where. */
enum record_status json_parse(const char *s, size_t n, struct pairs *out,
			      const char **why, size_t *col);

/* The JSON string whose opening quote is at s[*i]: its value in *v (a
 * slice of s when it has no escapes, else decoded into out's arena), and
 * *i moved past the closing quote. On error, false with *why (starting
 * "invalid JSON: ") and *col. For other readers of JSON-escaped text;
 * tab_ok lets a raw TAB stand in the string, as dcr's quoted values allow. */
bool json_string(const char *s, size_t n, size_t *i, bool tab_ok,
		 struct pairs *out, struct slice *v, const char **why,
		 size_t *col);

#endif
