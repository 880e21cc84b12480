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
/* Any integer that fits int64: [-+]?digits, leading zeros allowed. */
bool num_parse_i64(const char *s, size_t n, int64_t *out);

/* A number written with a decimal comma, as Dutch (and most European)
 * exports write it: -?D(,digits)? where D is digits, or 1 to 3 digits
 * followed by groups of '.' and exactly 3 digits ("25,4", "1.234,5",
 * "-0,5", "1.234", "25"). Written to out (room for n bytes) in dcr's
 * notation: the dots dropped, the comma a '.'; returns its length, or 0
 * when s is not such a number. */
size_t num_from_decimal_comma(const char *s, size_t n, char *out);

/* The plain decimal s (-?D+(.D+)?) times factor (1 to NUM_SCALE_MAX),
 * exactly, in its shortest form ("12.5" x 60 = "750", "-0.05" x 60 =
 * "-3"), written to out (room for n + 8 bytes); returns its length, or 0
 * when s is not such a decimal. */
enum { NUM_SCALE_MAX = 1000000 };
size_t num_scale_decimal(const char *s, size_t n, uint32_t factor, char *out);

/* True when s is a decimal-comma number that has a comma: a value dcr
 * cannot read as a number but --decimal-comma would. */
bool num_looks_decimal_comma(const char *s, size_t n);

/* True when s is entirely a JSON number (RFC 8259 grammar). */
bool num_is_json(const char *s, size_t n);

/* Append v: integers exactly (up to 2^53), otherwise the shortest decimal
 * that reads back as the same double, without an exponent for magnitudes
 * from 1e-6 to 1e21. NaN and infinities are never produced by dcr; if they
 * arrive they are written "nan", "inf", "-inf". */
void num_put(struct buf *b, double v);

#endif
