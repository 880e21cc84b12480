/* keyfile.h - the checks a key file passes before a byte of it is read.
 *
 * Internal to lib/key (key.c and sign.c call it). The rules, as
 * dcr-parse(1) states them under --key-file:
 *  - the file is a regular file owned by the effective user or by root,
 *    neither readable nor writable by group or others;
 *  - every directory the path passes through, from / (or the working
 *    directory's ancestors, for a relative path) to the file, following
 *    symbolic links as the kernel does, is owned by the effective user or
 *    by root and not writable by group or others, unless it has the sticky
 *    bit (as /tmp): there others may create entries but only an entry's
 *    owner may rename or remove it, and every entry the path passes through
 *    is owned by the user or root (directories and the file by the rules
 *    above, symbolic links by the next);
 *  - every symbolic link passed through is owned by the user or by root.
 * Someone who could write to any of those places could swap the key for
 * one they know, and undo the pseudonyms by trying every client code.
 */
#ifndef DCR_KEYFILE_H
#define DCR_KEYFILE_H

/* Die, naming path and what to fix, unless fd (open on path) passes. */
void keyfile_check(int fd, const char *path);

/* Before a key is read into memory: no core dumps, no ptrace by others. */
void keyfile_no_core_dumps(void);

#endif
