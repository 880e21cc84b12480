/* timefmt.c - time stamps: RFC 3339 and strptime-like parsing, canonical
 * UTC output, IANA zones through the C library, calendar buckets.
 *
 * All arithmetic is on int64_t seconds or nanoseconds with floor division,
 * so times before 1970 behave like any other. Zone state is process-wide
 * (TZ is set once by tz_set); nothing here is thread-safe.
 */
#include "base/ascii.h"
#include "time/timefmt.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define NS DCR_NS_PER_SEC
#define DAY_S INT64_C(86400)

/* dcr_time spans these whole seconds (plus a partial second at each end). */
#define MAX_SECS (INT64_MAX / NS)	/* 2262-04-11T23:47:16 */
#define MIN_SECS (INT64_MIN / NS - 1) /* 1677-09-21T00:12:43 */

/* Fixed bucket widths are capped so that a bucket start computed from any
 * dcr_time still has a four-digit year. */
#define MAX_WIDTH_S INT64_C(2147483647)

/* We hand int64_t seconds to localtime_r. */
_Static_assert(sizeof(time_t) >= 8, "timefmt needs a 64-bit time_t");

/* ---- arithmetic ---- */

/* Floor division and modulo for b > 0: 1969-12-31T23:59:59.5Z is second
 * -1 plus half a second, not second 0 minus half. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return a % b < 0 ? q - 1 : q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
	int64_t r = a % b;
	return r < 0 ? r + b : r;
}

static void split_time(dcr_time t, int64_t *secs, int32_t *nsec)
{
	*secs = floor_div(t, NS);
	*nsec = (int32_t)floor_mod(t, NS);
}

/* secs * NS + nsec, or false when that is outside dcr_time. The lowest
 * whole second is only partly representable, hence its special case. */
static bool make_time(int64_t secs, int32_t nsec, dcr_time *out)
{
	if (secs > MAX_SECS || (secs == MAX_SECS && nsec > INT64_MAX % NS))
		return false;
	if (secs < MIN_SECS)
		return false;
	if (secs == MIN_SECS) {
		if (nsec < NS + INT64_MIN % NS)
			return false;
		*out = (secs + 1) * NS + (nsec - NS);
		return true;
	}
	*out = secs * NS + nsec;
	return true;
}

static const int32_t pow10_tab[10] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
	1000000000,
};

/* ---- the Gregorian calendar ---- */

static bool is_leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int days_in_month(int y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

bool civil_valid(const struct civil *c)
{
	return c->month >= 1 && c->month <= 12 && c->day >= 1 &&
	       c->day <= days_in_month(c->year, c->month) && c->hour >= 0 &&
	       c->hour <= 23 && c->min >= 0 && c->min <= 59 && c->sec >= 0 &&
	       c->sec <= 59 && c->nsec >= 0 && c->nsec < NS;
}

/* The calendar is counted from March 1, so that the leap day is the last
 * day of a year; 400 Gregorian years are exactly 146097 days. */
int64_t days_from_civil(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);	    /* year starting in March */
	int64_t era = floor_div(yy, 400);
	int64_t yoe = yy - era * 400;		    /* 0..399 */
	int64_t mp = (m + 9) % 12;		    /* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + d - 1;   /* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;	    /* 719468: 0000-03-01 */
}

void civil_from_days(int64_t days, int *y, int *m, int *d)
{
	int64_t z = days + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;				 /* 0..146096 */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* 0..365 */
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The civil time as if it were UTC, in seconds (no range check). */
static int64_t civil_secs(const struct civil *c)
{
	return days_from_civil(c->year, c->month, c->day) * DAY_S +
	       c->hour * 3600 + c->min * 60 + c->sec;
}

static void civil_from_secs(int64_t secs, struct civil *c)
{
	int64_t sod = floor_mod(secs, DAY_S);
	civil_from_days(floor_div(secs, DAY_S), &c->year, &c->month, &c->day);
	c->hour = (int)(sod / 3600);
	c->min = (int)(sod / 60 % 60);
	c->sec = (int)(sod % 60);
}

/* ISO weekday, Monday = 1; day 0 (1970-01-01) was a Thursday. */
static int iso_weekday(int64_t days)
{
	return (int)floor_mod(days + 3, 7) + 1;
}

/* The ISO week belongs to the year that holds its Thursday. */
static void iso_week(int64_t days, int *year, int *week)
{
	int64_t thu = days - iso_weekday(days) + 4;
	int m, d;
	civil_from_days(thu, year, &m, &d);
	*week = (int)((thu - days_from_civil(*year, 1, 1)) / 7 + 1);
}

/* ---- small lexical helpers ---- */

/* The value of exactly w digits at p, or -1. */
static int fixed_digits(const char *p, int w)
{
	int v = 0;
	for (int i = 0; i < w; i++) {
		if (!ascii_is_digit(p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/* Read 1..maxd digits at s[*i] as a fraction scaled to `scale` digits;
 * false when there are none or more than maxd. */
static bool read_fraction(const char *s, size_t n, size_t *i, int maxd,
			  int scale, int32_t *val)
{
	size_t j = *i;
	int32_t v = 0;
	int k = 0;
	while (j < n && ascii_is_digit(s[j])) {
		if (++k > maxd)
			return false;
		v = v * 10 + (s[j++] - '0');
	}
	if (k == 0)
		return false;
	*val = v * pow10_tab[scale - k];
	*i = j;
	return true;
}

static char lower(char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

/* ---- RFC 3339 ---- */

/* "YYYY-MM-DD?HH:MM:SS" at s (19 bytes, caller checked the length);
 * seps lists the accepted date/time separators. */
static bool read_stamp(const char *s, const char *seps, struct civil *c)
{
	if (s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':' ||
	    s[10] == '\0' || !strchr(seps, s[10]))
		return false;
	*c = (struct civil){
		.year = fixed_digits(s, 4),
		.month = fixed_digits(s + 5, 2),
		.day = fixed_digits(s + 8, 2),
		.hour = fixed_digits(s + 11, 2),
		.min = fixed_digits(s + 14, 2),
		.sec = fixed_digits(s + 17, 2),
	};
	return c->year >= 0 && c->month >= 0 && c->day >= 0 && c->hour >= 0 &&
	       c->min >= 0 && c->sec >= 0;
}

bool time_parse_canonical(const char *s, size_t n, dcr_time *out)
{
	struct civil c;
	if (n < 20 || n > 30 || s[n - 1] != 'Z' || !read_stamp(s, "T", &c))
		return false;
	if (n > 20) {
		size_t i = 20;
		if (s[19] != '.' ||
		    !read_fraction(s, n, &i, 9, 9, &c.nsec) || i != n - 1)
			return false;
	}
	return civil_valid(&c) && make_time(civil_secs(&c), c.nsec, out);
}

/* Two digits at p, or -1. */
static int two_digits(const char *p)
{
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return -1;
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/* The seconds of "HH:MM:SSZ" at p, or -1. */
static int64_t time_of_day(const char *p)
{
	int h = two_digits(p), m = two_digits(p + 3), sec = two_digits(p + 6);
	if (h < 0 || h > 23 || p[2] != ':' || m < 0 || m > 59 || p[5] != ':' ||
	    sec < 0 || sec > 59 || p[8] != 'Z')
		return -1;
	return h * 3600 + m * 60 + sec;
}

bool time_parse_canonical_cached(struct time_day_cache *c, const char *s,
				 size_t n, dcr_time *out)
{
	if (n == 20 && c->valid && memcmp(s, c->day, 11) == 0) {
		int64_t tod = time_of_day(s + 11);
		if (tod >= 0) {
			*out = (c->secs + tod) * DCR_NS_PER_SEC;
			return true;
		}
	}
	if (!time_parse_canonical(s, n, out))
		return false;
	if (n == 20) {
		int64_t tod = time_of_day(s + 11);
		memcpy(c->day, s, 11);
		c->secs = *out / DCR_NS_PER_SEC - tod;
		/* Not the first or last day dcr_time reaches: there, a time
		 * of day may be out of range, which only the full parse
		 * checks (and the product above would overflow). */
		c->valid = tod >= 0 && c->secs >= INT64_MIN / DCR_NS_PER_SEC &&
			   c->secs < INT64_MAX / DCR_NS_PER_SEC - 86400;
	}
	return true;
}

/* "Z", "z" or "+hh:mm" / "-hh:mm" making up the rest of s. */
static enum time_status read_rfc_offset(const char *s, size_t n, size_t i,
					int32_t *off)
{
	if (i + 1 == n && (s[i] == 'Z' || s[i] == 'z')) {
		*off = 0;
		return TIME_OK;
	}
	if (i + 6 != n || (s[i] != '+' && s[i] != '-') || s[i + 3] != ':')
		return TIME_SYNTAX;
	int hh = fixed_digits(s + i + 1, 2), mm = fixed_digits(s + i + 4, 2);
	if (hh < 0 || mm < 0)
		return TIME_SYNTAX;
	if (hh > 23 || mm > 59)
		return TIME_RANGE;
	*off = (hh * 3600 + mm * 60) * (s[i] == '-' ? -1 : 1);
	return TIME_OK;
}

enum time_status time_parse_rfc3339(const char *s, size_t n, dcr_time *out)
{
	struct civil c;
	if (n < 20 || !read_stamp(s, "Tt ", &c))
		return TIME_SYNTAX;
	size_t i = 19;
	if (s[i] == '.') {
		i++;
		if (!read_fraction(s, n, &i, 9, 9, &c.nsec))
			return TIME_SYNTAX;
	}
	int32_t off;
	enum time_status st = read_rfc_offset(s, n, i, &off);
	if (st != TIME_OK)
		return st;
	if (!civil_valid(&c) || !make_time(civil_secs(&c) - off, c.nsec, out))
		return TIME_RANGE;
	return TIME_OK;
}

/* ---- canonical output ---- */

/* v >= 0 as exactly w zero-padded digits. */
static char *put_fixed(char *p, int64_t v, int w)
{
	for (int i = w - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + w;
}

/* v >= 0 without leading zeros. */
static char *put_uint(char *p, int64_t v)
{
	int w = 1;
	for (int64_t x = v; x >= 10; x /= 10)
		w++;
	return put_fixed(p, v, w);
}

static char *put_date(char *p, const struct civil *c)
{
	p = put_fixed(p, c->year, 4);
	*p++ = '-';
	p = put_fixed(p, c->month, 2);
	*p++ = '-';
	return put_fixed(p, c->day, 2);
}

/* Canonical UTC form of secs + nsec; secs must have a 4-digit year. */
static size_t format_secs(int64_t secs, int32_t nsec, char *buf)
{
	struct civil c;
	civil_from_secs(secs, &c);
	char *p = put_date(buf, &c);
	*p++ = 'T';
	p = put_fixed(p, c.hour, 2);
	*p++ = ':';
	p = put_fixed(p, c.min, 2);
	*p++ = ':';
	p = put_fixed(p, c.sec, 2);
	if (nsec != 0) {
		*p++ = '.';
		if (nsec % 1000000 == 0)
			p = put_fixed(p, nsec / 1000000, 3);
		else if (nsec % 1000 == 0)
			p = put_fixed(p, nsec / 1000, 6);
		else
			p = put_fixed(p, nsec, 9);
	}
	*p++ = 'Z';
	*p = '\0';
	return (size_t)(p - buf);
}

size_t time_format_utc(dcr_time t, char *buf)
{
	int64_t secs;
	int32_t nsec;
	split_time(t, &secs, &nsec);
	return format_secs(secs, nsec, buf);
}

/* ---- epoch numbers ---- */

enum time_status time_parse_epoch(const char *s, size_t n, dcr_time *out)
{
	size_t i = 0;
	int64_t v = 0;
	while (i < n && ascii_is_digit(s[i]) && i < 15)
		v = v * 10 + (s[i++] - '0');
	if (i == 0 || i > 14 || (i < n && ascii_is_digit(s[i])))
		return TIME_SYNTAX;
	bool millis = i >= 12;
	int32_t frac = 0;
	if (i < n && s[i] == '.') {
		i++;
		/* the fraction counts nanoseconds: 9 digits of a second, or
		 * 6 of a millisecond */
		int maxd = millis ? 6 : 9;
		if (!read_fraction(s, n, &i, maxd, maxd, &frac))
			return TIME_SYNTAX;
	}
	if (i != n)
		return TIME_SYNTAX;
	int64_t secs = millis ? v / 1000 : v;
	int32_t nsec = millis ? (int32_t)(v % 1000) * 1000000 + frac : frac;
	return make_time(secs, nsec, out) ? TIME_OK : TIME_RANGE;
}

/* ---- zones ---- */

static char zone_name[256] = "UTC";
/* True until a real zone is chosen: UTC needs no C library calls, and
 * dcr must not pick up the TZ of the environment by accident. */
static bool zone_is_utc = true;

/* Offsets of whole UTC hours, direct-mapped by hour number. An entry is
 * stored only when the offset is the same at both ends of the hour: no
 * zone changes its offset twice within an hour, so it then holds for the
 * whole hour. */
#define OFFCACHE_SIZE 4096
static struct {
	int64_t hour;
	int32_t off;
} offcache[OFFCACHE_SIZE];

static void offcache_clear(void)
{
	for (size_t i = 0; i < OFFCACHE_SIZE; i++)
		offcache[i].hour = INT64_MIN; /* never a real hour */
}

static int32_t libc_offset(int64_t secs)
{
	time_t tt = (time_t)secs;
	struct tm tm;
	if (!localtime_r(&tt, &tm))
		return 0;
	return (int32_t)tm.tm_gmtoff;
}

/* Seconds east of UTC at secs in the tz_set zone. */
static int32_t offset_at(int64_t secs)
{
	if (zone_is_utc)
		return 0;
	int64_t hour = floor_div(secs, 3600);
	size_t slot = (size_t)((uint64_t)hour % OFFCACHE_SIZE);
	if (offcache[slot].hour == hour)
		return offcache[slot].off;
	int32_t a = libc_offset(hour * 3600), b = libc_offset(hour * 3600 + 3599);
	if (a != b)
		return libc_offset(secs);
	offcache[slot].hour = hour;
	offcache[slot].off = a;
	return a;
}

/* A relative path without "..": TZ must not name arbitrary files. */
static bool tz_name_safe(const char *name)
{
	return name[0] != '\0' && name[0] != '/' && !strstr(name, "..");
}

/* Whether dir/name is a regular file starting with the TZif magic, as
 * glibc would load it (data files like zone.tab are not zones). */
static bool tz_file_exists(const char *name)
{
	const char *dir = getenv("TZDIR");
	if (!dir || !*dir)
		dir = "/usr/share/zoneinfo";
	char path[4096];
	size_t dl = strlen(dir), nl = strlen(name);
	if (dl + 1 + nl + 1 > sizeof path)
		return false;
	memcpy(path, dir, dl);
	path[dl] = '/';
	memcpy(path + dl + 1, name, nl + 1);

	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat sb;
	char magic[4];
	bool ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
		  read(fd, magic, 4) == 4 && memcmp(magic, "TZif", 4) == 0;
	close(fd);
	return ok;
}

static bool zone_given;

bool tz_set(const char *name)
{
	bool utc = strcmp(name, "UTC") == 0;
	if (!utc && (strlen(name) >= sizeof zone_name || !tz_name_safe(name) ||
		     !tz_file_exists(name)))
		return false;
	/* "UTC0" is POSIX for UTC and needs no file. */
	if (setenv("TZ", utc ? "UTC0" : name, 1) != 0)
		return false;
	tzset();
	strcpy(zone_name, name);
	zone_is_utc = utc;
	zone_given = true;
	offcache_clear();
	return true;
}

bool tz_given(void)
{
	return zone_given;
}

const char *tz_name(void)
{
	return zone_name;
}

/* The instants whose local time reads as L (civil time as if UTC), in
 * increasing order; returns how many (0 in a gap, 2 in a fold). Any
 * offset in force at such an instant is in force within a day of L. */
static int local_candidates(int64_t L, int64_t cand[3])
{
	int32_t seen[3];
	int nseen = 0, n = 0;
	for (int k = -1; k <= 1; k++) {
		int32_t off = offset_at(L + k * DAY_S);
		bool dup = false;
		for (int j = 0; j < nseen; j++)
			dup |= seen[j] == off;
		if (dup)
			continue;
		seen[nseen++] = off;
		if (offset_at(L - off) == off) {
			/* insertion keeps cand sorted */
			int j = n++;
			for (; j > 0 && cand[j - 1] > L - off; j--)
				cand[j] = cand[j - 1];
			cand[j] = L - off;
		}
	}
	return n;
}

enum time_status civil_to_time(const struct civil *c, enum fold fold,
			       dcr_time *out)
{
	if (!civil_valid(c))
		return TIME_RANGE;
	int64_t L = civil_secs(c);
	if (c->has_offset) {
		if (c->offset_s <= -DAY_S || c->offset_s >= DAY_S)
			return TIME_RANGE;
		return make_time(L - c->offset_s, c->nsec, out) ? TIME_OK
								: TIME_RANGE;
	}
	/* keep the C library away from years it may not handle */
	if (L < MIN_SECS - 2 * DAY_S || L > MAX_SECS + 2 * DAY_S)
		return TIME_RANGE;
	int64_t cand[3];
	int n = local_candidates(L, cand);
	if (n == 0)
		return TIME_GAP;
	if (n > 1 && fold == FOLD_REJECT)
		return TIME_AMBIGUOUS;
	int64_t secs = fold == FOLD_LATER ? cand[n - 1] : cand[0];
	return make_time(secs, c->nsec, out) ? TIME_OK : TIME_RANGE;
}

bool tz_minute_uniform(int64_t min)
{
	if (zone_is_utc)
		return true;
	if (min > MAX_SECS / 60 || min < MIN_SECS / 60)
		return false;
	int32_t a = offset_at(min * 60), b = offset_at(min * 60 + 59);
	return a == b && a % 60 == 0;
}

void time_to_local(dcr_time t, struct civil *c)
{
	int64_t secs;
	int32_t nsec;
	split_time(t, &secs, &nsec);
	int32_t off = offset_at(secs);
	civil_from_secs(secs + off, c);
	c->nsec = nsec;
	c->has_offset = true;
	c->offset_s = off;
}

/* ---- buckets ---- */

static const struct {
	const char *name;
	enum bucket_unit unit;
} bucket_names[] = {
	{"hour", BUCKET_HOUR},	   {"day", BUCKET_DAY},   {"week", BUCKET_WEEK},
	{"month", BUCKET_MONTH},   {"quarter", BUCKET_QUARTER},
	{"year", BUCKET_YEAR},	   {"hod", BUCKET_HOD},	  {"dow", BUCKET_DOW},
};

/* "<positive integer><s|m|h|d>", at most MAX_WIDTH_S seconds. */
static bool parse_width(const char *spec, size_t n, int64_t *width)
{
	if (n < 2 || !ascii_is_digit(spec[0]))
		return false;
	int64_t v = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		if (!ascii_is_digit(spec[i]))
			return false;
		v = v * 10 + (spec[i] - '0');
		if (v > MAX_WIDTH_S)
			return false;
	}
	int64_t mult;
	switch (spec[n - 1]) {
	case 's': mult = 1; break;
	case 'm': mult = 60; break;
	case 'h': mult = 3600; break;
	case 'd': mult = DAY_S; break;
	default: return false;
	}
	if (v == 0 || v > MAX_WIDTH_S / mult)
		return false;
	*width = v * mult;
	return true;
}

bool bucket_parse(const char *spec, size_t n, struct bucket *b)
{
	for (size_t i = 0; i < sizeof bucket_names / sizeof bucket_names[0];
	     i++) {
		if (strlen(bucket_names[i].name) == n &&
		    memcmp(bucket_names[i].name, spec, n) == 0) {
			*b = (struct bucket){.unit = bucket_names[i].unit};
			return true;
		}
	}
	int64_t w;
	if (!parse_width(spec, n, &w))
		return false;
	*b = (struct bucket){.unit = BUCKET_FIXED, .width_s = w};
	return true;
}

const char *bucket_key(const struct bucket *b)
{
	for (size_t i = 0; i < sizeof bucket_names / sizeof bucket_names[0];
	     i++)
		if (bucket_names[i].unit == b->unit)
			return bucket_names[i].name;
	return "ts";
}

/* The first instant after lo whose offset differs from lo's (lo and
 * hi have different offsets): where a gap in local time ends. */
static int64_t offset_change(int64_t lo, int64_t hi)
{
	int32_t before = offset_at(lo);
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;
		if (offset_at(mid) == before)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

/* UTC start of the fixed-width bucket holding secs. The bucket is the
 * local interval [ls, ls + w) with ls = floor((secs + off) / w) * w; its
 * start is the first instant the local clock showed ls. Usually that is
 * ls - off; when a DST change lies inside the bucket it is not, and
 * subtracting the offset of secs would give a start that no local clock
 * showed; where the clock showed ls twice (local midnight repeated in
 * Havana), the later one would split one local day into two groups. */
static int64_t fixed_start(int64_t secs, int64_t w)
{
	int32_t off = offset_at(secs);
	int64_t ls = floor_div(secs + off, w) * w;
	if (zone_is_utc)
		return ls;
	int64_t cand[3];
	int n = local_candidates(ls, cand);
	for (int i = 0; i < n; i++)
		if (cand[i] <= secs)
			return cand[i];
	/* ls lies in a DST gap: the bucket starts when the gap ends, which
	 * is between ls read with the later offset (off) and with the
	 * offset before the gap (at ls - off). */
	int32_t before = offset_at(ls - off);
	if (before >= off)
		return ls - off; /* not a gap after all; keep the formula */
	return offset_change(ls - off, ls - before);
}

static size_t label_fixed(int64_t secs, int64_t w, char *buf)
{
	if (w < 1)
		w = 1; /* a bucket not made by bucket_parse: avoid dividing by 0 */
	if (w > MAX_WIDTH_S)
		w = MAX_WIDTH_S;
	int64_t start = fixed_start(secs, w);
	/* A bucket that begins before the first representable instant is
	 * labelled with that instant: a label dcr can read back, and still
	 * no later than any time in the bucket. */
	if (start <= MIN_SECS)
		return format_secs(MIN_SECS, (int32_t)(INT64_MIN % NS + NS), buf);
	return format_secs(start, 0, buf);
}

size_t bucket_label(const struct bucket *b, dcr_time t, char *buf)
{
	if (b->unit == BUCKET_FIXED) {
		int64_t secs;
		int32_t nsec;
		split_time(t, &secs, &nsec);
		return label_fixed(secs, b->width_s, buf);
	}
	struct civil c;
	time_to_local(t, &c);
	int64_t days = days_from_civil(c.year, c.month, c.day);
	char *p = buf;
	int wy, wk;
	switch (b->unit) {
	case BUCKET_HOUR:
		p = put_date(p, &c);
		*p++ = 'T';
		p = put_fixed(p, c.hour, 2);
		break;
	case BUCKET_DAY:
		p = put_date(p, &c);
		break;
	case BUCKET_WEEK:
		iso_week(days, &wy, &wk);
		p = put_fixed(p, wy, 4);
		*p++ = '-';
		*p++ = 'W';
		p = put_fixed(p, wk, 2);
		break;
	case BUCKET_MONTH:
		p = put_fixed(p, c.year, 4);
		*p++ = '-';
		p = put_fixed(p, c.month, 2);
		break;
	case BUCKET_QUARTER:
		p = put_fixed(p, c.year, 4);
		*p++ = '-';
		*p++ = 'Q';
		p = put_uint(p, (c.month - 1) / 3 + 1);
		break;
	case BUCKET_YEAR:
		p = put_fixed(p, c.year, 4);
		break;
	case BUCKET_HOD:
		p = put_uint(p, c.hour);
		break;
	case BUCKET_DOW:
		p = put_uint(p, iso_weekday(days));
		break;
	case BUCKET_FIXED:
		break; /* handled above */
	}
	*p = '\0';
	return (size_t)(p - buf);
}

/* ---- strptime-like formats ---- */

struct fmt_state {
	const char *s;
	size_t n, i;
	int year, month, day, hour, min, sec, hour12, yday;
	int32_t nsec, off;
	int64_t epoch;
	bool pm, seen_I, seen_j, seen_s, seen_off, range;
};

/* 1..maxw digits (maxw <= 9). */
static bool fmt_number(struct fmt_state *st, int maxw, int *v)
{
	int val = 0, k = 0;
	while (k < maxw && st->i < st->n && ascii_is_digit(st->s[st->i])) {
		val = val * 10 + (st->s[st->i++] - '0');
		k++;
	}
	*v = val;
	return k > 0;
}

/* Epoch seconds with an optional '-'; too many digits is a range error,
 * found after the whole input has been read. */
static bool fmt_epoch(struct fmt_state *st)
{
	bool neg = st->i < st->n && st->s[st->i] == '-';
	size_t start = st->i + neg, i = start;
	int64_t v = 0;
	for (; i < st->n && ascii_is_digit(st->s[i]); i++) {
		if (v <= MAX_SECS)	/* stays far below INT64_MAX */
			v = v * 10 + (st->s[i] - '0');
	}
	if (i == start)
		return false;
	if (v > MAX_SECS + 1)
		st->range = true;
	st->epoch = neg ? -v : v;
	st->seen_s = true;
	st->i = i;
	return true;
}

/* "Z", "z", "+hhmm" or "+hh:mm" (or '-'). */
static bool fmt_offset(struct fmt_state *st)
{
	const char *s = st->s;
	size_t i = st->i, n = st->n;
	if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
		st->off = 0;
		st->i = i + 1;
		st->seen_off = true;
		return true;
	}
	if (i + 5 > n || (s[i] != '+' && s[i] != '-'))
		return false;
	int hh = fixed_digits(s + i + 1, 2);
	size_t j = i + 3 + (s[i + 3] == ':');
	if (hh < 0 || j + 2 > n)
		return false;
	int mm = fixed_digits(s + j, 2);
	if (mm < 0)
		return false;
	if (hh > 23 || mm > 59)
		st->range = true;
	st->off = (hh * 3600 + mm * 60) * (s[i] == '-' ? -1 : 1);
	st->seen_off = true;
	st->i = j + 2;
	return true;
}

static bool fmt_month_name(struct fmt_state *st)
{
	static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	if (st->i + 3 > st->n)
		return false;
	const char *p = st->s + st->i;
	for (int m = 0; m < 12; m++) {
		const char *q = names + 3 * m;
		if (lower(p[0]) == q[0] && lower(p[1]) == q[1] &&
		    lower(p[2]) == q[2]) {
			st->month = m + 1;
			st->i += 3;
			return true;
		}
	}
	return false;
}

static bool fmt_ampm(struct fmt_state *st)
{
	if (st->i + 2 > st->n || lower(st->s[st->i + 1]) != 'm')
		return false;
	char a = lower(st->s[st->i]);
	if (a != 'a' && a != 'p')
		return false;
	st->pm = a == 'p';
	st->i += 2;
	return true;
}

static bool fmt_run(struct fmt_state *st, const char *fmt);

static bool fmt_directive(struct fmt_state *st, char d)
{
	int32_t frac;
	switch (d) {
	case 'Y': return fmt_number(st, 4, &st->year);
	case 'm': return fmt_number(st, 2, &st->month);
	case 'd': return fmt_number(st, 2, &st->day);
	case 'H': return fmt_number(st, 2, &st->hour);
	case 'M': return fmt_number(st, 2, &st->min);
	case 'S': return fmt_number(st, 2, &st->sec);
	case 'j': st->seen_j = true; return fmt_number(st, 3, &st->yday);
	case 'I': st->seen_I = true; return fmt_number(st, 2, &st->hour12);
	case 'y':
		if (!fmt_number(st, 2, &st->year))
			return false;
		st->year += 2000;
		return true;
	case 'f':
		if (!read_fraction(st->s, st->n, &st->i, 9, 9, &frac))
			return false;
		st->nsec = frac;
		return true;
	case 'b': return fmt_month_name(st);
	case 'p': return fmt_ampm(st);
	case 'z': return fmt_offset(st);
	case 's': return fmt_epoch(st);
	case 'T': return fmt_run(st, "%H:%M:%S");
	case 'F': return fmt_run(st, "%Y-%m-%d");
	case '%':
		if (st->i >= st->n || st->s[st->i] != '%')
			return false;
		st->i++;
		return true;
	default: return false; /* unknown directive: the format is wrong */
	}
}

/* Match fmt against the input from st->i; false on a syntax error, with
 * st->i at the failing column. */
static bool fmt_run(struct fmt_state *st, const char *fmt)
{
	for (const char *f = fmt; *f; f++) {
		if (*f == '%') {
			if (!*++f || !fmt_directive(st, *f))
				return false;
		} else if (*f == ' ') {
			if (st->i >= st->n || !ascii_is_blank(st->s[st->i]))
				return false;
			while (st->i < st->n && ascii_is_blank(st->s[st->i]))
				st->i++;
			while (f[1] == ' ')
				f++;
		} else {
			if (st->i >= st->n || st->s[st->i] != *f)
				return false;
			st->i++;
		}
	}
	return true;
}

/* Turn the fields read into c and check their ranges. */
static enum time_status fmt_resolve(const struct fmt_state *st,
				    struct civil *c)
{
	*c = (struct civil){.year = 1970, .month = 1, .day = 1};
	if (st->range)
		return TIME_RANGE;
	if (st->seen_s) {
		dcr_time t;
		if (!make_time(st->epoch, st->nsec, &t))
			return TIME_RANGE;
		civil_from_secs(st->epoch, c);
		c->nsec = st->nsec;
		c->has_offset = true;
		return TIME_OK;
	}
	c->year = st->year;
	c->month = st->month;
	c->day = st->day;
	c->hour = st->hour;
	c->min = st->min;
	c->sec = st->sec;
	c->nsec = st->nsec;
	c->has_offset = st->seen_off;
	c->offset_s = st->off;
	if (st->seen_j) {
		if (st->yday < 1 || st->yday > (is_leap(st->year) ? 366 : 365))
			return TIME_RANGE;
		civil_from_days(days_from_civil(st->year, 1, 1) + st->yday - 1,
				&c->year, &c->month, &c->day);
	}
	if (st->seen_I) {
		if (st->hour12 < 1 || st->hour12 > 12)
			return TIME_RANGE;
		c->hour = st->hour12 % 12 + (st->pm ? 12 : 0);
	}
	return civil_valid(c) ? TIME_OK : TIME_RANGE;
}

enum time_status time_parse_format(const char *fmt, const char *s, size_t n,
				   struct civil *c, size_t *col)
{
	struct fmt_state st = {.s = s, .n = n, .year = 1970, .month = 1,
			       .day = 1};
	if (!fmt_run(&st, fmt) || st.i != n) {
		if (col)
			*col = st.i;
		return TIME_SYNTAX;
	}
	return fmt_resolve(&st, c);
}

/* ---- status ---- */

const char *time_status_str(enum time_status st)
{
	switch (st) {
	case TIME_OK: return "ok";
	case TIME_SYNTAX: return "not a valid time";
	case TIME_RANGE: return "impossible date or time";
	case TIME_GAP: return "local time does not exist (DST gap)";
	case TIME_AMBIGUOUS: return "ambiguous local time (DST fold)";
	case TIME_NO_ZONE:
		return "a local time without a zone: give --tz ZONE (--tz UTC "
		       "if it is UTC)";
	case TIME_LOCAL_REFUSED:
		return "a local time without a zone: read it with dcr-parse "
		       "--tz ZONE";
	}
	return "unknown time status";
}
