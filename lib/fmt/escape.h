/* escape.h - writing one value in each output syntax (CSV, TSV, JSON,
 * HTML, Markdown, terminal text). Each appends to a struct buf; input is a
 * value's bytes (valid UTF-8, as record_parse guarantees).
 *
 * The names start with escape_ so that a writer's call never reads as the
 * CSV or JSON reader of dcr-parse (csv.h, json.h). Owns nothing.
 */
#ifndef DCR_ESCAPE_H
#define DCR_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

/* RFC 4180: quoted when it holds the delimiter, a quote, CR or LF (or
 * leading/trailing blanks); inner quotes doubled. */
void escape_csv_cell(struct buf *b, const char *v, size_t n, char delim);
/* True when a spreadsheet would run the cell as a formula: it starts with
 * '=', '+', '-', '@', tab or CR and is not a number. */
bool escape_is_formula(const char *v, size_t n);
/* As escape_csv_cell, with a ' put in front of a cell that
 * escape_is_formula. */
void escape_csv_guarded(struct buf *b, const char *v, size_t n, char delim);
/* TSV: tab, newline, CR and backslash as \t \n \r \\. */
void escape_tsv_cell(struct buf *b, const char *v, size_t n);
/* As escape_tsv_cell, with a ' put in front of a cell that escape_is_formula
 * and still starts with '=', '+', '-' or '@' when written (a tab or CR
 * comes out as \t or \r, which no spreadsheet runs). */
void escape_tsv_guarded(struct buf *b, const char *v, size_t n);
/* A JSON string with quotes; control characters as \u00XX. */
void escape_json_string(struct buf *b, const char *v, size_t n);
/* HTML text: & < > " ' escaped; control characters other than tab, LF
 * and CR (never valid in HTML) as U+FFFD. */
void escape_html_text(struct buf *b, const char *v, size_t n);
/* A GitHub Markdown table cell that shows as the literal text: | and the
 * inline-syntax characters \ * _ ` [ ] ~ escaped with a backslash (an _
 * inside a word needs none), a < or & that could open HTML or a character
 * reference too (never as an entity, which a terminal shows raw: "<10"
 * stays "<10"), a newline as <br>, other control characters as \xHH. */
void escape_md_cell(struct buf *b, const char *v, size_t n);

/* Text for a terminal, made harmless and visible: control characters
 * (C0, DEL, C1) as \n \t \r or \xHH / \uHHHH, and the bidirectional
 * overrides U+202A..U+202E, U+2066..U+2069 as \uHHHH, so that a value can
 * neither move the cursor nor reorder what is shown around it. */
void escape_visible(struct buf *b, const char *v, size_t n);
/* Display width of what escape_visible writes for v. */
size_t escape_visible_width(const char *v, size_t n);

/* Display width of UTF-8 text in terminal columns: wide East Asian
 * characters count 2, combining marks 0, others 1. */
size_t utf8_width(const char *v, size_t n);

#endif
