/* num.c - locale-free number parsing and shortest round-trip printing. */
#include "base/ascii.h"
#include "base/num.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of the decimal-number prefix of s per num_parse's grammar, or 0. */
static size_t scan_decimal(const char *s, size_t n)
{
	size_t i = 0, digits = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < n && ascii_is_digit(s[i]))
		i++, digits++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && ascii_is_digit(s[i]))
			i++, digits++;
	}
	if (!digits)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t j = i + 1;
		if (j < n && (s[j] == '-' || s[j] == '+'))
			j++;
		if (j < n && ascii_is_digit(s[j])) {
			while (j < n && ascii_is_digit(s[j]))
				j++;
			i = j;
		} else {
			return 0;
		}
	}
	return i;
}

bool num_parse_int(const char *s, size_t n, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	if (n && (s[0] == '-' || s[0] == '+'))
		neg = s[0] == '-', i++;
	if (i == n || n - i > 18)
		return false;
	int64_t v = 0;
	for (; i < n; i++) {
		if (!ascii_is_digit(s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = neg ? -v : v;
	return true;
}

bool num_parse_i64(const char *s, size_t n, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	if (n && (s[0] == '-' || s[0] == '+'))
		neg = s[0] == '-', i++;
	if (i == n)
		return false;
	int64_t v = 0;
	for (; i < n; i++) {
		/* Accumulated negatively: INT64_MIN has no positive twin. */
		if (!ascii_is_digit(s[i]) || __builtin_mul_overflow(v, 10, &v) ||
		    __builtin_sub_overflow(v, s[i] - '0', &v))
			return false;
	}
	if (!neg && __builtin_mul_overflow(v, -1, &v))
		return false;
	*out = v;
	return true;
}

bool num_parse(const char *s, size_t n, double *out)
{
	int64_t iv;
	if (num_parse_int(s, n, &iv)) {
		*out = (double)iv;
		return true;
	}
	if (n == 0 || n > 400 || scan_decimal(s, n) != n)
		return false;
	char tmp[401];
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	double v = strtod(tmp, NULL);
	if (!isfinite(v))
		return false;
	*out = v;
	return true;
}

bool num_is_json(const char *s, size_t n)
{
	size_t i = 0;
	if (i < n && s[i] == '-')
		i++;
	if (i == n || !ascii_is_digit(s[i]))
		return false;
	if (s[i] == '0')
		i++;
	else
		while (i < n && ascii_is_digit(s[i]))
			i++;
	if (i < n && s[i] == '.') {
		i++;
		if (i == n || !ascii_is_digit(s[i]))
			return false;
		while (i < n && ascii_is_digit(s[i]))
			i++;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		if (i == n || !ascii_is_digit(s[i]))
			return false;
		while (i < n && ascii_is_digit(s[i]))
			i++;
	}
	return i == n;
}

/* Rewrite "d.ddde[+-]XX" (from %.*e) as plain decimal digits. */
static void put_plain(struct buf *b, const char *e_form)
{
	const char *p = e_form;
	if (*p == '-')
		buf_addc(b, *p++);
	char digits[32];
	size_t nd = 0;
	for (; *p && *p != 'e'; p++)
		if (ascii_is_digit(*p))
			digits[nd++] = *p;
	int exp = atoi(p + 1);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	int point = exp + 1; /* digits before the decimal point */
	if (point <= 0) {
		buf_adds(b, "0.");
		for (int i = 0; i < -point; i++)
			buf_addc(b, '0');
		buf_add(b, digits, nd);
	} else if ((size_t)point >= nd) {
		buf_add(b, digits, nd);
		for (size_t i = nd; i < (size_t)point; i++)
			buf_addc(b, '0');
	} else {
		buf_add(b, digits, (size_t)point);
		buf_addc(b, '.');
		buf_add(b, digits + point, nd - (size_t)point);
	}
}

void num_put(struct buf *b, double v)
{
	if (isnan(v)) {
		buf_adds(b, "nan");
		return;
	}
	if (isinf(v)) {
		buf_adds(b, v < 0 ? "-inf" : "inf");
		return;
	}
	if (v == 0) {
		buf_addc(b, '0');
		return;
	}
	if (v == floor(v) && fabs(v) <= 9007199254740992.0) {
		buf_add_i64(b, (long long)v);
		return;
	}
	char tmp[40];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*e", prec - 1, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	double a = fabs(v);
	if (a >= 1e-6 && a < 1e21)
		put_plain(b, tmp);
	else
		buf_adds(b, tmp);
}

size_t num_from_decimal_comma(const char *s, size_t n, char *out)
{
	size_t i = 0, k = 0;
	if (i < n && s[i] == '-')
		out[k++] = s[i++];
	size_t start = i;
	while (i < n && ascii_is_digit(s[i]))
		out[k++] = s[i++];
	size_t lead = i - start;
	if (lead == 0)
		return 0;
	if (i < n && s[i] == '.') { /* thousands: 1-3 digits, then .ddd groups */
		if (lead > 3)
			return 0;
		while (i < n && s[i] == '.') {
			if (n - i < 4 || !ascii_is_digit(s[i + 1]) || !ascii_is_digit(s[i + 2]) ||
			    !ascii_is_digit(s[i + 3]))
				return 0;
			memcpy(out + k, s + i + 1, 3);
			k += 3;
			i += 4;
		}
	}
	if (i < n && s[i] == ',') {
		out[k++] = '.';
		size_t f = ++i;
		while (i < n && ascii_is_digit(s[i]))
			out[k++] = s[i++];
		if (i == f)
			return 0;
	}
	return i == n ? k : 0;
}

bool num_looks_decimal_comma(const char *s, size_t n)
{
	char tmp[64];
	if (n > sizeof tmp || !memchr(s, ',', n))
		return false;
	return num_from_decimal_comma(s, n, tmp) != 0;
}

/* Is s[0..n) -?D+(.D+)?  The digits after the point are counted in *frac. */
static bool plain_decimal(const char *s, size_t n, size_t *frac)
{
	size_t i = s[0] == '-', digits = 0;
	*frac = 0;
	for (bool point = false; i < n; i++) {
		if (s[i] == '.' && !point && digits) {
			point = true;
			continue;
		}
		if (!ascii_is_digit(s[i]))
			return false;
		digits++;
		*frac += point;
	}
	return digits && s[n - 1] != '.';
}

size_t num_scale_decimal(const char *s, size_t n, uint32_t factor, char *out)
{
	size_t frac;
	if (!n || !factor || factor > NUM_SCALE_MAX || !plain_decimal(s, n, &frac))
		return 0;
	/* the digits times factor, right to left, into the end of out */
	size_t cap = n + 8, w = cap;
	uint64_t carry = 0;
	for (size_t i = n; i-- > (size_t)(s[0] == '-');) {
		if (s[i] == '.')
			continue;
		uint64_t d = (uint64_t)(s[i] - '0') * factor + carry;
		out[--w] = (char)('0' + d % 10);
		carry = d / 10;
	}
	for (; carry; carry /= 10)
		out[--w] = (char)('0' + carry % 10);
	/* [w, cap) holds the product's digits, frac of them after the point */
	size_t end = cap;
	while (frac && out[end - 1] == '0') /* 750.0 -> 750 */
		end--, frac--;
	size_t intlen = end - w - frac;
	while (intlen > 1 && out[w] == '0') /* 003 -> 3 */
		w++, intlen--;
	size_t len = 0;
	bool zero = true;
	for (size_t i = w; i < end; i++)
		zero &= out[i] == '0';
	if (s[0] == '-' && !zero)
		out[len++] = '-';
	/* intlen >= 1: the product has at least the digits of s */
	memmove(out + len, out + w, intlen);
	len += intlen;
	if (frac) {
		memmove(out + len + 1, out + w + intlen, frac);
		out[len] = '.';
		len += 1 + frac;
	}
	return len;
}
