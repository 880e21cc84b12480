/* term.h - what the terminal can show: UTF-8 or only ASCII, colour or not.
 *
 * UTF-8 is decided by the locale environment as setlocale(3) would pick
 * LC_CTYPE (the first set of LC_ALL, LC_CTYPE, LANG), without calling
 * setlocale: dcr stays locale-free. Colour follows --color, and in "auto"
 * mode needs a terminal, NO_COLOR unset or empty, and TERM not "dumb".
 */
#ifndef DCR_TERM_H
#define DCR_TERM_H

#include <stdbool.h>

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* "auto", "always" or "never"; false on anything else. */
bool color_mode_parse(const char *s, enum color_mode *m);

/* Whether to colour what is written to fd. */
bool term_color(enum color_mode m, int fd);

/* Whether the locale's character set is UTF-8. */
bool term_utf8(void);

/* SGR sequences used by the writers. */
#define TERM_BOLD "\033[1m"
#define TERM_BAR "\033[32m"
#define TERM_RESET "\033[0m"

#endif
