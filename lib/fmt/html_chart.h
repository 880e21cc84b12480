/* html_chart.h - dcr-fmt -t html --chart KEY: one SVG bar chart of KEY
 * over the rows, drawn before the table. */
#ifndef DCR_HTML_CHART_H
#define DCR_HTML_CHART_H

#include "fmt/fmt.h"

/* Append the chart of f->o->chart over every row of f (a W_NEEDS_ALL
 * writer's f, after prescan) to f->out; nothing when no column is KEY. */
void html_chart(struct fmt *f);

#endif
