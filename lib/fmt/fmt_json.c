/* fmt_json.c - dcr-fmt -t json (one array) and -t jsonl (an object per
 * line).
 *
 * A value that is entirely a JSON number (RFC 8259 grammar) and finite as
 * a double is written as a number, any other as a string (--strings: every
 * value a string). Absent keys are left out of the object, as a record
 * leaves them out. Input is valid UTF-8 (record_parse checks), so the
 * output is too.
 */
#include "fmt/fmt.h"

#include "fmt/escape.h"
#include "base/num.h"

static void put_value(const struct fmt *f, struct buf *b, struct slice v)
{
	double d;
	if (!f->o->strings && num_is_json(v.p, v.n) && num_parse(v.p, v.n, &d))
		buf_add(b, v.p, v.n);
	else
		escape_json_string(b, v.p, v.n);
}

static void put_object(const struct fmt *f, struct buf *b, const struct row *r)
{
	buf_addc(b, '{');
	bool any = false;
	for (size_t i = 0; i < r->n; i++) {
		if (!r->vals[i].p)
			continue;
		if (any)
			buf_addc(b, ',');
		escape_json_string(b, r->keys[i].p, r->keys[i].n);
		buf_addc(b, ':');
		put_value(f, b, r->vals[i]);
		any = true;
	}
	buf_addc(b, '}');
}

static void nothing(struct fmt *f)
{
	(void)f;
}

static void jsonl_row(struct fmt *f, const struct row *r)
{
	put_object(f, &f->out->buf, r);
	buf_addc(&f->out->buf, '\n');
}

static void json_begin(struct fmt *f)
{
	buf_addc(&f->out->buf, '[');
}

static void json_row(struct fmt *f, const struct row *r)
{
	buf_adds(&f->out->buf, f->written ? ",\n" : "\n");
	put_object(f, &f->out->buf, r);
}

static void json_end(struct fmt *f)
{
	buf_adds(&f->out->buf, f->written ? "\n]\n" : "]\n");
}

const struct writer fmt_jsonl = {
	"jsonl", W_BY_RECORD, nothing, jsonl_row, nothing
};

const struct writer fmt_json = {
	"json", W_BY_RECORD, json_begin, json_row, json_end
};
