/* verify_files.h - a sealed folder's files and days, for verify.c once
 * the chain is checked: each current file as sealed, every day present,
 * no file outside the seals.
 *
 * Ownership: verify_files() fills v->sealed and v->ids, which stay the
 * state's (verify.c frees them).
 */
#ifndef DCR_VERIFY_FILES_H
#define DCR_VERIFY_FILES_H

#include "seal/verify_impl.h"

void verify_files(struct vstate *v);
void verify_days(struct vstate *v);
void verify_unsealed(struct vstate *v);

#endif
