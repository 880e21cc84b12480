/* encoding.c - --encoding: other byte encodings to UTF-8 with iconv(3). */
#include "parse/encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <strings.h>

#include "base/xmalloc.h"

/* Every ASCII byte must convert to itself, alone: a line split on LF and
 * a delimiter found by its byte mean the same after conversion. UTF-16,
 * UTF-32 and shift-state encodings fail this. */
static bool keeps_ascii(iconv_t cd)
{
	for (int c = 1; c < 0x80; c++) {
		char in = (char)c, out[8];
		char *ip = &in, *op = out;
		size_t il = 1, ol = sizeof out;
		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 ||
		    op - out != 1 || out[0] != in)
			return false;
	}
	return true;
}

bool enc_open(struct enc *e, const char *name)
{
	e->cd = NULL;
	e->name = name;
	e->out = (struct buf)BUF_INIT;
	e->why[0] = '\0';
	if (strcasecmp(name, "UTF-8") == 0 || strcasecmp(name, "UTF8") == 0)
		return true;
	iconv_t cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return false;
	if (!keeps_ascii(cd)) {
		iconv_close(cd);
		return false;
	}
	e->cd = cd;
	return true;
}

void enc_close(struct enc *e)
{
	if (e->cd)
		iconv_close((iconv_t)e->cd);
	e->cd = NULL;
	buf_free(&e->out);
}

bool enc_convert(struct enc *e, struct slice in, struct slice *res,
		 size_t *bad)
{
	iconv_t cd = (iconv_t)e->cd;
	iconv(cd, NULL, NULL, NULL, NULL); /* each line from the initial state */
	/* A byte becomes at most 4 bytes of UTF-8 in the encodings accepted
	 * (3 for the single-byte ones); grown again if ever short. */
	buf_reset(&e->out);
	buf_grow(&e->out, size_add(size_mul(in.n, 3), 4));
	char *ip = (char *)in.p;
	size_t il = in.n;
	while (il) {
		char *op = e->out.p + e->out.len;
		size_t room = e->out.cap - e->out.len, ol = room;
		size_t r = iconv(cd, &ip, &il, &op, &ol);
		e->out.len += room - ol;
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			buf_grow(&e->out, size_add(il, 16));
			continue;
		}
		*bad = (size_t)(ip - in.p);
		snprintf(e->why, sizeof e->why, "byte 0x%02X is not %s text",
			 (unsigned char)in.p[*bad], e->name);
		return false;
	}
	*res = slice_of(e->out.p, e->out.len);
	return true;
}
