/* keydecl.c - the "# dcr-keys" line: read, written, and made known. */
#include "record/keydecl.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "record/record.h"

static const char prefix[] = "# dcr-keys ";
enum { PREFIX_LEN = sizeof prefix - 1 };

const char keydecl_bad[] =
	"a '# dcr-keys' line of another version or form: this dcr reads "
	"'# dcr-keys 1 KEY,KEY,...' (written by a newer dcr? upgrade)";

/* The keys of text[0..n), each valid, none twice; false otherwise. */
static bool add_keys(struct keylist *keys, const char *text, size_t n)
{
	const char *p = text, *end = text + n;
	for (;;) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		size_t kn = (size_t)((comma ? comma : end) - p);
		if (!key_is_valid(p, kn) || keylist_has(keys, p, kn))
			return false;
		keylist_add(keys, "# dcr-keys", p, kn, 0);
		if (!comma)
			return true;
		p = comma + 1;
	}
}

enum keydecl_kind keydecl_parse(const char *line, size_t len,
				struct keylist *keys)
{
	if (len && line[len - 1] == '\r')
		len--;
	if (len < PREFIX_LEN || memcmp(line, prefix, PREFIX_LEN) != 0)
		return KEYDECL_NONE;
	const char *v = line + PREFIX_LEN, *end = line + len;
	if ((size_t)(end - v) < 3 || v[0] != '0' + KEYDECL_VERSION || v[1] != ' ')
		return KEYDECL_BAD;
	size_t before = keys->n;
	if (!add_keys(keys, v + 2, (size_t)(end - v - 2))) {
		while (keys->n > before)
			free(keys->k[--keys->n]);
		return KEYDECL_BAD;
	}
	return KEYDECL_OK;
}

void keydecl_put(struct buf *b, const char *const *keys, const size_t *len,
		 size_t n)
{
	buf_add(b, prefix, PREFIX_LEN);
	buf_addc(b, '0' + KEYDECL_VERSION);
	buf_addc(b, ' ');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(b, ',');
		buf_add(b, keys[i], len[i]);
	}
	buf_addc(b, '\n');
}
