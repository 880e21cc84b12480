/* escape.h - writing one value in each output syntax (CSV, TSV, JSON,
 * HTML, Markdown). Each appends to a struct buf; input is a value's bytes
 * (valid UTF-8, as record_parse guarantees).
 */
#ifndef DCR_ESCAPE_H
#define DCR_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* RFC 4180: quoted when it holds the delimiter, a quote, CR or LF (or
 * leading/trailing blanks); inner quotes doubled. */
void csv_put_cell(struct buf *b, const char *v, size_t n, char delim);
/* TSV: tab, newline, CR and backslash as \t \n \r \\. */
void tsv_put_cell(struct buf *b, const char *v, size_t n);
/* A JSON string with quotes; control characters as \u00XX. */
void json_put_string(struct buf *b, const char *v, size_t n);
/* HTML text: & < > " ' escaped. */
void html_put_text(struct buf *b, const char *v, size_t n);
/* A Markdown table cell: | escaped, HTML-significant < > & escaped,
 * newlines as <br>. */
void md_put_cell(struct buf *b, const char *v, size_t n);

/* Display width of UTF-8 text in terminal columns: wide East Asian
 * characters count 2, combining marks 0, others 1. */
size_t utf8_width(const char *v, size_t n);

#endif
