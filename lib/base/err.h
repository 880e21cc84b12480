/* err.h - diagnostics and exit status shared by every dcr command.
 *
 * Every message goes to stderr as "PROG: WHAT" or "PROG: FILE:LINE: WHAT".
 * Messages name files, lines and keys, never values: a value may be a
 * client code (see dcr-records(5), "Privacy").
 */
#ifndef DCR_ERR_H
#define DCR_ERR_H

#include <stdint.h>
#include <stdnoreturn.h>

/* Exit statuses, as grep(1). */
enum { EXIT_OK = 0, EXIT_NOMATCH = 1, EXIT_TROUBLE = 2 };

/* Set once by main() from argv[0]'s basename. */
extern const char *prog_name;

/* Set when a diagnostic has been printed that should make the final
 * status EXIT_TROUBLE although processing went on. */
extern int err_seen;

void err_init(const char *argv0);

/* Hooks run by die() before exit, newest first (e.g. remove a temp file).
 * At most a handful; registering more is a programming error. */
void err_on_die(void (*fn)(void));

noreturn void die(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* As die(), with ": strerror(errno)" appended. */
noreturn void die_errno(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* Print "PROG: FMT" and set err_seen. */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "PROG: FILE:LINE: FMT" and set err_seen. */
void warn_at(const char *file, uint64_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
noreturn void die_at(const char *file, uint64_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A usage error: message, then "Try 'PROG --help'.", exit 2. */
noreturn void die_usage(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif
