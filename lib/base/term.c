/* term.c - terminal capabilities from the environment, without setlocale. */
#include "base/term.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

bool color_mode_parse(const char *s, enum color_mode *m)
{
	static const char *const names[] = {"auto", "always", "never"};
	for (int i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0) {
			*m = (enum color_mode)i;
			return true;
		}
	return false;
}

static bool env_set(const char *name)
{
	const char *v = getenv(name);
	return v && *v;
}

bool term_color(enum color_mode m, int fd)
{
	if (m != COLOR_AUTO)
		return m == COLOR_ALWAYS;
	const char *term = getenv("TERM");
	return isatty(fd) && !env_set("NO_COLOR") &&
	       !(term && strcmp(term, "dumb") == 0);
}

/* "UTF-8" or "utf8" in any case, as codeset names are written. */
static bool names_utf8(const char *s)
{
	for (; *s; s++)
		if (strncasecmp(s, "utf-8", 5) == 0 || strncasecmp(s, "utf8", 4) == 0)
			return true;
	return false;
}

bool term_utf8(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
	for (int i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return names_utf8(v);
	}
	return false;
}
