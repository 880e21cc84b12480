/* html_line.h - dcr-fmt -t html --line KEY: one SVG line chart of KEY
 * over the rows in their order, with --compare's series dashed beside it,
 * drawn before the table. */
#ifndef DCR_HTML_LINE_H
#define DCR_HTML_LINE_H

#include "fmt/fmt.h"

/* Append the chart of f->o->line over every row of f (a W_NEEDS_ALL
 * writer's f, after prescan) to f->out; nothing when no column is KEY or
 * there is no row. */
void html_line(struct fmt *f);

#endif
