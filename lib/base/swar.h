/* swar.h - tests on the eight bytes of a word at once, for the scanners
 * of records and CSV cells: exact (no borrow crosses bytes), so a mask
 * names every matching byte, and its lowest bit the first one on a
 * little-endian machine.
 */
#ifndef DCR_SWAR_H
#define DCR_SWAR_H

#include <stdint.h>

#define SWAR_ONES 0x0101010101010101ULL
#define SWAR_HIGH 0x8080808080808080ULL
#define SWAR_LOW7 0x7f7f7f7f7f7f7f7fULL

/* The high bit of each byte of w equal to c. */
static inline uint64_t swar_eq(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (SWAR_ONES * c);
	return ~(((x & SWAR_LOW7) + SWAR_LOW7) | x | SWAR_LOW7);
}

/* The high bit of each byte of w below n (n at most 0x80). */
static inline uint64_t swar_below(uint64_t w, unsigned char n)
{
	return ~(((w & SWAR_LOW7) + SWAR_ONES * (unsigned char)(0x80 - n)) | w) &
	       SWAR_HIGH;
}

#endif
