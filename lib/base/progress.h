/* progress.h - a one-line progress indicator on a terminal.
 *
 * Shown on stderr only when stderr is a terminal, only after the command
 * has run for two seconds, and never with --no-progress: bytes read, the
 * rate, and for a regular file the share done and the time left. It names
 * the file, never any content. Updated at most four times a second from
 * the input module's block reads, so it costs nothing per record.
 */
#ifndef DCR_PROGRESS_H
#define DCR_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Off for the whole process (--no-progress). */
void progress_disable(void);

/* Count this variable as "records" in the indicator. */
void progress_count(const uint64_t *records);

/* Called after each block read: bytes so far of this input and its size
 * (-1 when unknown). */
void progress_update(const char *name, uint64_t done, off_t size);

/* Erase the indicator line, if one is shown (before other output to
 * stderr, and at exit). */
void progress_clear(void);

#endif
