/* fuzz_search.c - libFuzzer harness for the block search of dcr-filter's
 * prefilter (lib/filter/search.c).
 * fuzz-needs: lib/filter/search.c
 *
 * Byte 0: bits 0-1 + 1 literals, bit 2 tune on the haystack first; then
 * each literal as a length byte (1..16) and its bytes; the rest is the
 * haystack, in a buffer of its exact size. Every position search_find()
 * returns, and every one it skips, must agree with a plain scan with
 * memcmp: a position missed would drop a record silently. The newline
 * count must agree with a plain count.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "filter/search.h"

#define H "fuzz_search"

static const char *naive_find(const struct slice *lits, size_t k,
			      const char *p, const char *end)
{
	for (; p < end; p++)
		for (size_t i = 0; i < k; i++)
			if ((size_t)(end - p) >= lits[i].n &&
			    memcmp(p, lits[i].p, lits[i].n) == 0)
				return p;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t k = (size_t)(data[0] & 3) + 1;
	int tune = data[0] >> 2 & 1;
	size_t pos = 1;
	struct slice lits[4];
	for (size_t i = 0; i < k; i++) {
		if (pos >= size)
			return 0;
		size_t n = (size_t)(data[pos++] % 16) + 1;
		if (n > size - pos)
			return 0;
		lits[i] = slice_of((const char *)data + pos, n);
		pos += n;
	}
	size_t hn = size - pos;
	char *hay = malloc(hn ? hn : 1);
	memcpy(hay, data + pos, hn);
	const char *end = hay + hn;

	struct search s;
	search_init(&s, lits, k);
	if (tune)
		search_tune(&s, hay, hn);
	for (const char *p = hay; p <= end;) {
		const char *got = search_find(&s, p, end);
		const char *want = naive_find(lits, k, p, end);
		if (got != want)
			fuzz_fail(H, got ? "a position where no literal starts, or not the first"
					 : "a literal missed");
		if (!got)
			break;
		p = got + 1;
	}
	uint64_t nl = 0;
	for (size_t i = 0; i < hn; i++)
		nl += hay[i] == '\n';
	if (search_count_nl(hay, hn) != nl)
		fuzz_fail(H, "newlines miscounted");
	free(hay);
	return 0;
}
