/* humanfmt.c - display forms of numbers and time stamps. */
#include "fmt/humanfmt.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/num.h"
#include "time/timefmt.h"

bool human_active(const struct human *h)
{
	return h->digits >= 0 || h->group || h->local_time;
}

static void put2(struct buf *b, int v)
{
	char d[2] = {(char)('0' + v / 10 % 10), (char)('0' + v % 10)};
	buf_add(b, d, 2);
}

/* A canonical stamp "YYYY-MM-DDTHH:MM:SS[.f...]Z" in local time. */
static bool put_local_time(struct buf *out, const char *v, size_t n)
{
	dcr_time t;
	if (n < 20 || v[n - 1] != 'Z' || !time_parse_canonical(v, n, &t))
		return false;
	struct civil c;
	time_to_local(t, &c);
	char year[8];
	int yn = snprintf(year, sizeof year, "%04d", c.year);
	buf_add(out, year, (size_t)yn);
	buf_addc(out, '-');
	put2(out, c.month);
	buf_addc(out, '-');
	put2(out, c.day);
	buf_addc(out, ' ');
	put2(out, c.hour);
	buf_addc(out, ':');
	put2(out, c.min);
	buf_addc(out, ':');
	put2(out, c.sec);
	buf_add(out, v + 19, n - 20); /* the fraction, as written */
	int32_t off = c.offset_s;
	buf_addc(out, off < 0 ? '-' : '+');
	if (off < 0)
		off = -off;
	put2(out, (int)(off / 3600));
	buf_addc(out, ':');
	put2(out, (int)(off / 60 % 60));
	if (off % 60) {
		/* historic offsets (LMT, Monrovia's -00:44:30): the seconds too */
		buf_addc(out, ':');
		put2(out, (int)(off % 60));
	}
	return true;
}

/* Length of the leading digits of s. */
static size_t digit_run(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* Round the shortest decimal form of d (as num_put writes it) to digits
 * decimals, half away from zero as people round by hand and spreadsheets
 * show: 0.125 -> 0.13, 2.675 -> 2.68. Returns the length written to tmp,
 * or 0 when d has no plain decimal form (exponents: very large or tiny). */
static size_t round_to(char *tmp, size_t size, double d, int digits)
{
	struct buf dec = BUF_INIT;
	num_put(&dec, d);
	const char *s = dec.p;
	size_t n = dec.len, neg = n && s[0] == '-';
	size_t ni = digit_run(s + neg, n - neg);
	const char *frac = s + neg + ni + 1;
	size_t nf = neg + ni < n ? n - neg - ni - 1 : 0;
	size_t len = 0;
	if (ni == 0 || neg + ni + (nf ? nf + 1 : 0) != n ||
	    (nf && digit_run(frac, nf) != nf) ||
	    ni + 1 + (size_t)digits + 2 > size)
		goto out;
	/* digits kept, most significant first, with a spare place for a carry */
	char *kept = tmp + 1 + neg;
	memcpy(kept, s + neg, ni);
	for (size_t i = 0; i < (size_t)digits; i++)
		kept[ni + i] = i < nf ? frac[i] : '0';
	size_t nk = ni + (size_t)digits;
	bool carry = (size_t)digits < nf && frac[digits] >= '5';
	for (size_t i = nk; carry && i-- > 0;) {
		carry = kept[i] == '9';
		kept[i] = carry ? '0' : (char)(kept[i] + 1);
	}
	char *p = tmp;
	bool zero = !carry;
	for (size_t i = 0; i < nk && zero; i++)
		zero = kept[i] == '0';
	if (neg && !zero)
		*p++ = '-';
	if (carry)
		*p++ = '1';
	memmove(p, kept, ni);
	p += ni;
	if (digits > 0) {
		memmove(p + 1, kept + ni, (size_t)digits);
		*p = '.';
		p += 1 + digits;
	}
	len = (size_t)(p - tmp);
out:
	buf_free(&dec);
	return len;
}

/* v with ',' between thousands when it is a plain decimal number whose
 * integer part has five or more digits and no leading zero; else false. */
static bool put_grouped(struct buf *out, const char *v, size_t n)
{
	size_t sign = n && (v[0] == '-' || v[0] == '+');
	size_t ni = digit_run(v + sign, n - sign);
	size_t rest = sign + ni;
	if (ni < 5 || v[sign] == '0')
		return false;
	if (rest < n && (v[rest] != '.' || rest + 1 == n ||
			 digit_run(v + rest + 1, n - rest - 1) != n - rest - 1))
		return false;
	buf_add(out, v, sign);
	for (size_t i = 0; i < ni; i++) {
		if (i && (ni - i) % 3 == 0)
			buf_addc(out, ',');
		buf_addc(out, v[sign + i]);
	}
	buf_add(out, v + rest, n - rest);
	return true;
}

void human_put(const struct human *h, struct buf *out, const char *v,
	       size_t n)
{
	if (h->local_time && put_local_time(out, v, n))
		return;
	char tmp[512];
	double d;
	size_t sign = n && (v[0] == '-' || v[0] == '+');
	bool integer = n > sign && digit_run(v + sign, n - sign) == n - sign;
	if (h->digits >= 0 && !integer && num_parse(v, n, &d)) {
		size_t len = round_to(tmp, sizeof tmp, d, h->digits);
		if (!len && fabs(d) < 1) { /* tiny: plain zeros after rounding */
			int k = snprintf(tmp, sizeof tmp, "%.*f", h->digits, d);
			len = k > 0 && (size_t)k < sizeof tmp ? (size_t)k : 0;
		}
		if (len) {
			v = tmp;
			n = len;
		}
	}
	if (h->group && put_grouped(out, v, n))
		return;
	buf_add(out, v, n);
}
