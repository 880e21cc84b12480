/* num.h - locale-free numbers: recognise, parse, print.
 *
 * dcr never calls setlocale(LC_NUMERIC): '.' is the decimal point and no
 * thousands separators are read or written (unless a formatter asks).
 */
#ifndef DCR_NUM_H
#define DCR_NUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* A decimal number as dcr reads it: [-+]?digits[.digits]?([eE][-+]?digits)?
 * or [-+]?.digits; no hex, no inf/nan, no blanks. Finite as a double. */
bool num_parse(const char *s, size_t n, double *out);

/* An integer of up to 18 digits with optional sign: exact in int64. */
bool num_parse_int(const char *s, size_t n, int64_t *out);

/* True when s is entirely a JSON number (RFC 8259 grammar). */
bool num_is_json(const char *s, size_t n);

/* Append v: integers exactly (up to 2^53), otherwise the shortest decimal
 * that reads back as the same double, without an exponent for magnitudes
 * from 1e-6 to 1e21. NaN and infinities are never produced by dcr; if they
 * arrive they are written "nan", "inf", "-inf". */
void num_put(struct buf *b, double v);

#endif
