/* keyname.h - foreign names (CSV headers, JSON keys, raw logfmt keys) made
 * into record keys, by one rule documented in dcr-parse(1):
 *
 *   ASCII letters are lowercased and digits kept; every other byte
 *   (spaces, punctuation, each byte of a non-ASCII character) becomes '_';
 *   runs of '_' collapse into one; leading and trailing '_' are removed;
 *   a name starting with a digit gets an 'x' in front; a name with nothing
 *   left becomes "x"; the result is cut to RECORD_KEY_MAX bytes.
 *
 *   "Datum/tijd" -> datum_tijd   "Client ID" -> client_id
 *   "1e bezoek"  -> x1e_bezoek   "Middel (hoofd)" -> middel_hoofd
 *
 * Removing leading '_' keeps the toolkit's reserved keys (_src, ...) out of
 * reach of input data.
 */
#ifndef DCR_KEYNAME_H
#define DCR_KEYNAME_H

#include <stdbool.h>
#include <stddef.h>

/* The cleaned form of s[0..n) without the digit prefix and the cut:
 * writes at most cap bytes at out and returns the full length, which may
 * be larger than cap (nothing is written past cap). */
size_t key_clean(const char *s, size_t n, char *out, size_t cap);

/* The whole rule; out has room for RECORD_KEY_MAX bytes. Returns the
 * length, at least 1. */
size_t key_from_name(const char *s, size_t n, char *out);

/* True when s[0..n) is already a key the rule leaves unchanged (the
 * common case, checked before doing any work). */
bool key_is_clean(const char *s, size_t n);

#endif
