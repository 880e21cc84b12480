/* dcr-gen.c - deterministic generator of realistic synthetic drug
 * consumption room logs, for the tests, examples and benchmarks of dcr.
 *
 * usage: dcr-gen [-s SEED] [-f FORMAT] [--facilities N | --facility ID ...]
 *                [--start YYYY-MM-DD] [--days N | --size BYTES]
 *                [--visits N] [-o FILE]
 *
 * Same arguments, same bytes: an own PRNG (xoshiro256** seeded by
 * splitmix64), integer or exactly rounded arithmetic only (det_exp instead
 * of libm exp), so the output depends on neither the clock nor the libc.
 *
 * The model, per facility and local day (Europe/Amsterdam; DST computed
 * here: last Sunday of March 01:00 UTC to last Sunday of October 01:00 UTC):
 * - arrivals: Poisson(--visits x facility size x weekday share), 20% more
 *   on days 1-3 of the month (welfare payments; overdose odds double too),
 *   spread over the opening hours with an intensity rising toward evening;
 * - clients: a pool of ~5 x --visits per facility with Zipf-like weights
 *   1/(rank + pool/40), at most 3 visits a day and never two at once: the
 *   heaviest users come ~2 times a day, the median one every ten days, the
 *   lightest every few weeks. About 0.2% of the pool is replaced by
 *   newcomers each day; a newcomer's first visit starts with an intake
 *   that ends in registration (or, for ~5%, in a refusal);
 * - a visit: check_in, or a refusal instead (never both; a newcomer may
 *   have registration then refusal), maybe drug_check, session_start in a
 *   free place (clients are placed in arrival order and never more
 *   sessions of a type run than there are places; a client who would wait
 *   longer than his patience is refused with capacity_full), 1-2 consumption,
 *   maybe one incident with its interventions, session_end (duration_s at
 *   least 300, except when an incident ends the session: outcome left or
 *   transferred), then services and a referral;
 * - every event of a facility-day lies inside that local day, so sorting
 *   one day of all facilities at a time gives a log sorted by ts.
 *
 * Every facility has its own random streams (one for the events, one for
 * dialect details such as text noise), so `--facility nl-utr-01` gives
 * exactly the nl-utr-01 records of a run with --facilities 3, and the five
 * formats of the same arguments describe the same events.
 *
 * Formats (-f):
 *   logfmt  canonical records (DESIGN.md): keys in the order ts event
 *           facility municipality visit_id client, then by event:
 *             registration  sex birth_year housing target_group
 *             check_in      -
 *             refusal       refusal_reason
 *             session_start place_type place_id
 *             consumption   route substance
 *             session_end   place_type place_id duration_s
 *             incident      incident_type outcome
 *             intervention  incident_type response [naloxone_doses]
 *             service       service_type
 *             referral      referral_target referral_location
 *             drug_check    substance check_method check_result
 *             ban_start     duration_s          (the length of the ban)
 *             ban_end       -                   (has no visit_id)
 *   csv     RFC 4180: CRLF, a header row, one row per event, columns
 *           ts,event,facility,municipality,visit_id,client,place_type,
 *           place_id,route,substance,duration_s,incident_type,response,
 *           naloxone_doses,outcome,referral_target,referral_location,
 *           service_type,refusal_reason,check_method,check_result;
 *           cells as in logfmt, empty where absent (registration details
 *           have no column).
 *   nl-csv  a Dutch registration-software export: UTF-8 with a BOM, CRLF,
 *           ';'-separated, header Datum;Tijd;Locatie;Gemeente;Bezoeknummer;
 *           Cliëntcode;Gebeurtenis;Plek;Route;Middel;Duur (min); local
 *           date and time "01-03-2024;09:14" (no seconds); Plek for events
 *           in a place, Route and Middel for gebruik, Duur for sessie_einde
 *           in minutes with one decimal and a decimal comma ("25,4").
 *   jsonl   a newer app's export, one object per line:
 *           {"time":"2024-03-01T09:14:22+01:00","type":"session_start",
 *            "site":{"id":"nl-utr-01","municipality":"0344"},
 *            "visit":"utr01-000012","client":"K7F3A9E2",
 *            "place":{"type":"smoke","id":"s07"}}
 *           then by type: registration "person":{sex,birth_year,housing,
 *           target_group (null for none)}; check_in sometimes "place":null;
 *           refusal "reason"; consumption "place","route","substance";
 *           session_end "place","duration_s"; incident "incident":{type,
 *           outcome}; intervention "incident":{type},"response",
 *           "naloxone_doses" (a number, or null or absent when none);
 *           service "service"; referral "referral":{target,location};
 *           drug_check "check":{method,result,substance}; ban_start
 *           "ban":{days}; ban_end has "visit":null.
 *   text    door, room, nurse, security, social, desk, lab and sync
 *           daemons, local time, "DATE TIME FACILITY SOURCE: MESSAGE":
 *             door[PID]: REGISTER client=C visit=V sex=m born=1983
 *                        housing=homeless group=none
 *             door[PID]: CHECKIN client=C visit=V
 *             door[PID]: REFUSED client=C visit=V reason=intoxicated
 *             room: START place=s07 type=smoke client=C visit=V
 *             room: USE place=s07 route=smoke substance=crack visit=V
 *             room: END place=s07 after 1523s visit=V
 *             nurse: INCIDENT opioid_overdose response=oxygen,naloxone
 *                    doses=2 outcome=resolved_on_site client=C visit=V
 *             security: INCIDENT aggression outcome=left client=C visit=V
 *             security: BAN client=C visit=V days=7
 *             door[PID]: UNBAN client=C
 *             nurse|social|desk: SERVICE wound_care visit=V
 *             social: REFERRAL drug_treatment offsite visit=V
 *             lab: CHECK method=ftir sample=cocaine result=negative visit=V
 *           (interventions are folded into the INCIDENT line), and noise
 *           to skip: "door[PID]: heartbeat ok" (every 15 min), "sync[PID]:
 *           upload ok records=N" (hourly), "door[PID]: badge reader
 *           reconnected" (rare).
 *
 * Dutch words of the nl-csv export (Gebeurtenis, Route, Middel):
 *   registration  aanmelding      inject          spuiten
 *   check_in      inloop          smoke           roken
 *   refusal       weigering       sniff           snuiven
 *   session_start sessie_start    oral            slikken
 *   consumption   gebruik         heroin          heroïne
 *   session_end   sessie_einde    other_opioid    ander_opiaat
 *   incident      incident        fentanyl        fentanyl
 *   intervention  interventie     methadone       methadon
 *   referral      verwijzing      cocaine         cocaïne
 *   service       dienst          crack           basecoke
 *   (drug_check, ban_start and    cocktail        cocktail
 *    ban_end are not exported)    amphetamine     amfetamine
 *                                 methamphetamine methamfetamine
 *                                 benzodiazepine  benzodiazepine
 *                                 alcohol         alcohol
 *                                 other           overig
 *                                 unknown         onbekend
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "base/xmalloc.h"

/* ------------------------------------------------------------------ */
/* Random numbers                                                      */
/* ------------------------------------------------------------------ */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* One independent stream per (seed, facility, purpose). */
static void rng_seed(struct rng *r, uint64_t seed, uint64_t facility,
		     uint64_t purpose)
{
	uint64_t x = seed;
	uint64_t y = splitmix64(&x) ^ (facility * 2 + purpose + 1) *
					  UINT64_C(0xD1B54A32D192ED03);
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&y);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform in [0, 1). */
static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [0, n); n > 0. */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

/* Uniform in [lo, hi]. */
static int32_t rng_range(struct rng *r, int32_t lo, int32_t hi)
{
	return lo + (int32_t)rng_below(r, (uint32_t)(hi - lo + 1));
}

static bool rng_chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}

/* Standard normal, approximately (Irwin-Hall, 12 uniforms): bounded tails
 * are fine here and it needs no log/cos, whose last bits vary by libm. */
static double rng_normal(struct rng *r)
{
	double s = 0;
	for (int i = 0; i < 12; i++)
		s += rng_unit(r);
	return s - 6;
}

/* exp(x) with + and * only, so that every platform computes the same
 * bits (libm exp may differ in the last bit and flip a rounded second). */
static double det_exp(double x)
{
	const double ln2 = 0.6931471805599453;
	if (x < -700)
		return 0;
	if (x > 700)
		x = 700;
	int k = (int)(x / ln2 + (x < 0 ? -0.5 : 0.5));
	double r = x - k * ln2, term = 1, sum = 1;
	for (int i = 1; i <= 16; i++) {
		term *= r / i;
		sum += term;
	}
	for (; k > 0; k--)
		sum *= 2;
	for (; k < 0; k++)
		sum *= 0.5;
	return sum;
}

static double rng_lognormal(struct rng *r, double median, double sigma)
{
	return median * det_exp(sigma * rng_normal(r));
}

static uint32_t rng_poisson(struct rng *r, double lambda)
{
	if (lambda <= 0)
		return 0;
	if (lambda < 30) { /* Knuth: multiply uniforms until below e^-l */
		double limit = det_exp(-lambda), p = 1;
		uint32_t k = 0;
		while ((p *= rng_unit(r)) > limit)
			k++;
		return k;
	}
	/* Normal approximation; sqrt is exactly rounded (IEEE 754). */
	double v = lambda + sqrt(lambda) * rng_normal(r) + 0.5;
	return v < 0 ? 0 : (uint32_t)v;
}

/* Weighted choice from a table of (value, weight); weights are integers,
 * usually per mille, so the tables read as percentages. */
struct weight {
	uint8_t v;
	uint16_t w;
};

static int pick(struct rng *r, const struct weight *t, size_t n)
{
	uint32_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += t[i].w;
	uint32_t u = rng_below(r, total);
	for (size_t i = 0; i < n; i++) {
		if (u < t[i].w)
			return t[i].v;
		u -= t[i].w;
	}
	return t[n - 1].v;
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(r, table) pick((r), (table), NELEM(table))

/* ------------------------------------------------------------------ */
/* Calendar and the Europe/Amsterdam offset                            */
/* ------------------------------------------------------------------ */

/* Days since 1970-01-01 of a Gregorian date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 0 = Monday .. 6 = Sunday; 1970-01-01 was a Thursday. */
static int weekday(int64_t days)
{
	return (int)(((days % 7) + 10) % 7);
}

static int64_t last_sunday(int y, int m)
{
	int64_t d = days_from_civil(y, m, 31);
	return d - (weekday(d) + 1) % 7;
}

/* EU rule: summer time from the last Sunday of March 01:00 UTC to the
 * last Sunday of October 01:00 UTC. */
static bool amsterdam_dst(int64_t utc)
{
	static int cached_year = -1;
	static int64_t begin, end;
	int y, m, d;
	civil_from_days(utc / 86400, &y, &m, &d);
	if (y != cached_year) {
		cached_year = y;
		begin = last_sunday(y, 3) * 86400 + 3600;
		end = last_sunday(y, 10) * 86400 + 3600;
	}
	return utc >= begin && utc < end;
}

/* UTC offset in seconds of a local Amsterdam time (seconds since the
 * epoch as if local were UTC). Facilities are closed between 02:00 and
 * 03:00, so the DST gap and the repeated hour never occur. */
static int32_t amsterdam_offset(int64_t local)
{
	return amsterdam_dst(local - 7200) ? 7200 : 3600;
}

/* ------------------------------------------------------------------ */
/* Vocabularies (DOMAIN.md); enum order = table order                  */
/* ------------------------------------------------------------------ */

enum event_type {
	EV_REGISTRATION, EV_CHECK_IN, EV_REFUSAL, EV_SESSION_START,
	EV_CONSUMPTION, EV_SESSION_END, EV_INCIDENT, EV_INTERVENTION,
	EV_SERVICE, EV_REFERRAL, EV_DRUG_CHECK, EV_BAN_START, EV_BAN_END,
	EV_NOISE /* text dialect only */
};
static const char *const event_name[] = {
	"registration", "check_in", "refusal", "session_start",
	"consumption", "session_end", "incident", "intervention",
	"service", "referral", "drug_check", "ban_start", "ban_end", "noise",
};
/* nl-csv "Gebeurtenis"; NULL: the export leaves the event out. */
static const char *const event_nl[] = {
	"aanmelding", "inloop", "weigering", "sessie_start",
	"gebruik", "sessie_einde", "incident", "interventie",
	"dienst", "verwijzing", NULL, NULL, NULL, NULL,
};

enum place_type { PT_SMOKE, PT_INJECT };
static const char *const place_type_name[] = { "smoke", "inject" };
static const char place_prefix[] = { 's', 'i' };

enum route { RT_INJECT, RT_SMOKE, RT_SNIFF, RT_ORAL };
static const char *const route_name[] = { "inject", "smoke", "sniff",
					  "oral" };
static const char *const route_nl[] = { "spuiten", "roken", "snuiven",
					"slikken" };

enum substance {
	SB_HEROIN, SB_OTHER_OPIOID, SB_FENTANYL, SB_METHADONE, SB_COCAINE,
	SB_CRACK, SB_COCKTAIL, SB_AMPHETAMINE, SB_METHAMPHETAMINE,
	SB_BENZODIAZEPINE, SB_ALCOHOL, SB_OTHER, SB_UNKNOWN
};
static const char *const substance_name[] = {
	"heroin", "other_opioid", "fentanyl", "methadone", "cocaine",
	"crack", "cocktail", "amphetamine", "methamphetamine",
	"benzodiazepine", "alcohol", "other", "unknown",
};
/* UTF-8 written as escapes: heroïne, cocaïne. */
static const char *const substance_nl[] = {
	"hero\xc3\xafne", "ander_opiaat", "fentanyl", "methadon",
	"coca\xc3\xafne", "basecoke", "cocktail", "amfetamine",
	"methamfetamine", "benzodiazepine", "alcohol", "overig", "onbekend",
};
static const bool substance_opioid[] = { 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0,
					 0, 0 };
static const bool substance_stimulant[] = { 0, 0, 0, 0, 1, 1, 1, 1, 1, 0,
					    0, 0, 0 };

enum incident_type {
	IN_OPIOID_OVERDOSE, IN_STIMULANT_OVERAMP, IN_OTHER_MEDICAL,
	IN_AGGRESSION, IN_DEALING, IN_RULE_VIOLATION
};
static const char *const incident_name[] = {
	"opioid_overdose", "stimulant_overamp", "other_medical",
	"aggression", "dealing", "rule_violation",
};

/* In the order staff apply them, so a visit's interventions come out in
 * enum order. */
enum response {
	RS_OBSERVATION, RS_OXYGEN, RS_NALOXONE, RS_RESCUE_BREATHING, RS_CPR,
	RS_HYDRATION_COOLING, RS_EMS_CALLED, RS_TRANSPORTED, N_RESPONSE
};
static const char *const response_name[] = {
	"observation", "oxygen", "naloxone", "rescue_breathing", "cpr",
	"hydration_cooling", "ems_called", "transported",
};

enum outcome { OC_RESOLVED_ON_SITE, OC_TRANSFERRED, OC_LEFT, OC_FATAL };
static const char *const outcome_name[] = { "resolved_on_site",
					    "transferred", "left", "fatal" };

enum service_type {
	SV_WOUND_CARE, SV_COUNSELLING, SV_HCV_TEST, SV_HIV_TEST,
	SV_VACCINATION, SV_NALOXONE_KIT, SV_SUPPLIES, SV_SHOWER_LAUNDRY,
	N_SERVICE
};
static const char *const service_name[] = {
	"wound_care", "counselling", "hcv_test", "hiv_test",
	"vaccination", "naloxone_kit", "supplies", "shower_laundry",
};
/* Which system writes the service line in the text dialect. */
static const char *const service_source[] = {
	"nurse", "social", "nurse", "nurse", "nurse", "desk", "desk", "desk",
};

enum referral_target {
	RF_DRUG_TREATMENT, RF_DETOX, RF_OAT, RF_PRIMARY_CARE,
	RF_MENTAL_HEALTH, RF_HOUSING, RF_SOCIAL_WELFARE, RF_OTHER
};
static const char *const referral_name[] = {
	"drug_treatment", "detox", "oat", "primary_care",
	"mental_health", "housing", "social_welfare", "other",
};
static const char *const location_name[] = { "onsite", "offsite" };

enum refusal_reason {
	RR_INTOXICATED, RR_FIRST_TIME_USER, RR_MINOR, RR_IN_OAT, RR_BANNED,
	RR_CAPACITY_FULL, RR_CLOSING, RR_NOT_REGISTERED, RR_OTHER
};
static const char *const refusal_name[] = {
	"intoxicated", "first_time_user", "minor", "in_oat", "banned",
	"capacity_full", "closing", "not_registered", "other",
};

static const char *const method_name[] = { "fentanyl_strip", "benzo_strip",
					   "ftir", "other" };
static const char *const result_name[] = { "positive", "negative",
					   "inconclusive" };

enum sex { SX_M, SX_F, SX_X, SX_UNKNOWN };
static const char *const sex_name[] = { "m", "f", "x", "unknown" };
static const char *const housing_name[] = { "homeless", "unstable",
					    "housed", "unknown" };
enum target_group { TG_SEX_WORKER, TG_MIGRANT, TG_NONE };
static const char *const target_name[] = { "sex_worker", "migrant",
					   "none" };

enum noise { NZ_HEARTBEAT, NZ_SYNC, NZ_BADGE };

/* ------------------------------------------------------------------ */
/* Probabilities (DOMAIN.md "Realistic numbers"); weights per mille    */
/* ------------------------------------------------------------------ */

enum {
	POOL_PER_VISIT = 5,	   /* client pool = 5 x mean daily visits */
	ZIPF_OFFSET_DIV = 40,	   /* weight of rank r: 1 / (r + pool/40) */
	MAX_VISITS_PER_DAY = 3,
	MAX_PLACES = 32,
	CLOSING_S = 30 * 60,	   /* last admission before closing */
};
static const double INJECTOR_SHARE = 0.13;  /* ~10% of visits inject */
static const double CHURN_PER_DAY = 0.002;  /* pool share replaced */
static const double REGISTERED_AT_START = 0.97;
static const double BANNED_STILL_COME = 0.3;
static const double REFERRAL_P = 1.0 / 18;
static const double SECOND_USE_P = 0.25;
static const double WELFARE_BOOST = 1.2;    /* days 1-3 of the month */

static const struct weight route_noninjector[] = {
	{ RT_SMOKE, 880 }, { RT_SNIFF, 70 }, { RT_ORAL, 50 },
};
static const struct weight route_injector[] = {
	{ RT_INJECT, 800 }, { RT_SMOKE, 200 },
};

/* Substance given the route: smoking is mostly crack and heroin
 * ("chasing"), injecting heroin and cocktails. */
static const struct weight subst_inject[] = {
	{ SB_HEROIN, 420 }, { SB_COCKTAIL, 250 }, { SB_COCAINE, 130 },
	{ SB_METHAMPHETAMINE, 50 }, { SB_OTHER_OPIOID, 50 },
	{ SB_AMPHETAMINE, 40 }, { SB_FENTANYL, 20 }, { SB_METHADONE, 20 },
	{ SB_UNKNOWN, 20 },
};
static const struct weight subst_smoke[] = {
	{ SB_CRACK, 520 }, { SB_HEROIN, 250 }, { SB_COCKTAIL, 100 },
	{ SB_METHAMPHETAMINE, 50 }, { SB_COCAINE, 30 }, { SB_OTHER, 30 },
	{ SB_UNKNOWN, 20 },
};
static const struct weight subst_sniff[] = {
	{ SB_COCAINE, 600 }, { SB_AMPHETAMINE, 200 }, { SB_HEROIN, 100 },
	{ SB_METHAMPHETAMINE, 50 }, { SB_OTHER, 50 },
};
static const struct weight subst_oral[] = {
	{ SB_BENZODIAZEPINE, 350 }, { SB_METHADONE, 300 }, { SB_ALCOHOL, 150 },
	{ SB_OTHER_OPIOID, 100 }, { SB_OTHER, 100 },
};
static const struct {
	const struct weight *w;
	size_t n;
} subst_by_route[] = {
	[RT_INJECT] = { subst_inject, NELEM(subst_inject) },
	[RT_SMOKE] = { subst_smoke, NELEM(subst_smoke) },
	[RT_SNIFF] = { subst_sniff, NELEM(subst_sniff) },
	[RT_ORAL] = { subst_oral, NELEM(subst_oral) },
};
/* Median session minutes by route (lognormal, sigma 0.5: mean = 1.13 x
 * median): ~25 min smoking (Sydney ~30), ~19 min injecting (Vancouver). */
static const double session_median_min[] = { 17, 22, 14, 12 };

static const struct weight sex_w[] = {
	{ SX_M, 780 }, { SX_F, 200 }, { SX_X, 10 }, { SX_UNKNOWN, 10 },
};
static const struct weight housing_w[] = {
	{ 0, 550 }, { 1, 250 }, { 2, 170 }, { 3, 30 },
};
static const struct weight target_female[] = {
	{ TG_SEX_WORKER, 300 }, { TG_MIGRANT, 100 }, { TG_NONE, 600 },
};
static const struct weight target_other[] = {
	{ TG_SEX_WORKER, 20 }, { TG_MIGRANT, 130 }, { TG_NONE, 850 },
};

/* ~5% of newcomers are turned away at registration. */
static const double INTAKE_REFUSAL_P = 0.05;
static const struct weight intake_refusal[] = {
	{ RR_FIRST_TIME_USER, 400 }, { RR_IN_OAT, 250 }, { RR_MINOR, 100 },
	{ RR_OTHER, 250 },
};
/* Door refusals of registered clients (besides banned, closing and
 * capacity_full, which follow from the situation). */
static const double DOOR_INTOXICATED_P = 0.020;
static const double DOOR_NOT_REGISTERED_P = 0.003;
static const double DOOR_OTHER_P = 0.003;

static const struct weight check_method_w[] = {
	{ 0, 550 }, { 1, 150 }, { 2, 250 }, { 3, 50 },
};
static const struct weight check_result_w[] = {
	{ 0, 60 }, { 1, 870 }, { 2, 70 },
};

/* Incidents per visit. Overdoses: ~12/1000 injecting opioid visits,
 * ~1.5/1000 smoking; overall ~1-10 emergencies per 1000 visits. */
static const double OD_P_BY_ROUTE[] = { 0.012, 0.0015, 0.002, 0.002 };
static const double FENTANYL_OD_FACTOR = 3;
static const double WELFARE_OD_FACTOR = 2; /* odds double after payday */
static const double OVERAMP_P_INJECT = 0.004, OVERAMP_P_OTHER = 0.0012;
static const double OTHER_MEDICAL_P = 0.0015;
static const double AGGRESSION_P = 0.0012, DEALING_P = 0.0004,
		    RULE_VIOLATION_P = 0.0008;

/* P(response) per medical incident type, in response enum order.
 * Overdoses: oxygen ~87%, naloxone ~20%, ambulance ~4% (DOMAIN.md). */
static const double response_p[3][N_RESPONSE] = {
	[IN_OPIOID_OVERDOSE] = { 0, .87, .20, .30, .01, 0, .04, 0 },
	[IN_STIMULANT_OVERAMP] = { 1, .25, 0, 0, 0, .60, .08, 0 },
	[IN_OTHER_MEDICAL] = { 1, .10, 0, 0, 0, 0, .06, 0 },
};
static const double TRANSPORTED_GIVEN_EMS = 0.55;
static const struct weight naloxone_doses_w[] = {
	{ 1, 600 }, { 2, 300 }, { 3, 100 },
};
/* Non-medical incidents: P(client leaves), P(ban), ban lengths. */
static const struct {
	double left_p, ban_p;
} conduct[] = {
	[IN_AGGRESSION] = { 0.6, 0.5 },
	[IN_DEALING] = { 0.8, 0.8 },
	[IN_RULE_VIOLATION] = { 0.3, 0.15 },
};
static const struct weight ban_days_w[] = {
	{ 1, 250 }, { 3, 250 }, { 7, 300 }, { 14, 150 }, { 30, 50 },
};

/* Services after the session: P per visit (other clients, injectors). */
static const double service_p[N_SERVICE][2] = {
	[SV_WOUND_CARE] = { 0.020, 0.060 },
	[SV_COUNSELLING] = { 0.040, 0.040 },
	[SV_HCV_TEST] = { 0.003, 0.008 },
	[SV_HIV_TEST] = { 0.003, 0.006 },
	[SV_VACCINATION] = { 0.002, 0.003 },
	[SV_NALOXONE_KIT] = { 0.008, 0.030 },
	[SV_SUPPLIES] = { 0.120, 0.550 },
	[SV_SHOWER_LAUNDRY] = { 0.030, 0.030 },
};

/* Referrals ~1 in 18 visits: Sydney's 42/33/25 split of drug treatment,
 * primary care and welfare, scaled to 85%, plus other targets. */
static const struct weight referral_w[] = {
	{ RF_DRUG_TREATMENT, 357 }, { RF_PRIMARY_CARE, 281 },
	{ RF_SOCIAL_WELFARE, 212 }, { RF_MENTAL_HEALTH, 50 },
	{ RF_HOUSING, 40 }, { RF_OAT, 30 }, { RF_DETOX, 20 }, { RF_OTHER, 10 },
};
/* P(onsite) by target: the facility's own GP and counsellors. */
static const double referral_onsite_p[] = {
	[RF_DRUG_TREATMENT] = 0.3, [RF_DETOX] = 0.0, [RF_OAT] = 0.2,
	[RF_PRIMARY_CARE] = 0.6, [RF_MENTAL_HEALTH] = 0.3,
	[RF_HOUSING] = 0.1, [RF_SOCIAL_WELFARE] = 0.4, [RF_OTHER] = 0.2,
};

/* Arrival intensity by local hour: rising toward the evening. */
static const uint16_t hour_weight[24] = {
	0, 0, 0, 0, 0, 0, 0, 20, 30, 45, 55, 65,
	72, 78, 84, 90, 98, 108, 120, 130, 135, 130, 115, 90,
};

/* ------------------------------------------------------------------ */
/* Facilities and clients                                              */
/* ------------------------------------------------------------------ */

/* The first five facilities; further ones cycle through the cities with
 * the next number (nl-ams-02, nl-rtm-02, ...) and vary a little. */
static const struct city {
	const char *code;  /* nl-ams-01, visit ids ams01-000123 */
	const char *muni;  /* CBS municipality code */
	int places[2];	   /* smoking, injecting */
	int size_pct;	   /* visits relative to --visits */
	int hours[3][2];   /* local opening minutes: Mon-Fri, Sat, Sun */
} cities[] = {
	{ "ams", "0363", { 16, 6 }, 120,
	  { { 660, 1380 }, { 660, 1380 }, { 780, 1260 } } },
	{ "rtm", "0599", { 14, 5 }, 100,
	  { { 540, 1260 }, { 600, 1080 }, { 720, 1080 } } },
	{ "utr", "0344", { 12, 4 }, 80,
	  { { 600, 1320 }, { 600, 1140 }, { 720, 1080 } } },
	{ "dhg", "0518", { 15, 5 }, 110,
	  { { 570, 1290 }, { 600, 1080 }, { 720, 1080 } } },
	{ "ein", "0772", { 13, 4 }, 90,
	  { { 660, 1320 }, { 660, 1140 }, { 780, 1140 } } },
};
enum { N_CITIES = NELEM(cities) };

struct client {
	uint32_t code;		/* 7 hex digits after the letter */
	char letter;		/* 'A'..'Z' */
	bool registered, injector;
	uint8_t main_subst, sex, housing, target;
	uint16_t birth_year;
	uint8_t visits_today;
	int64_t last_day;	/* day of the last visit */
	int32_t busy_until;	/* seconds of last_day */
	int64_t banned_until;	/* first day without ban */
};

struct ban {
	uint32_t code;
	char letter;
	int64_t end_day;
};

struct facility {
	char id[32], vprefix[24];
	uint32_t code_key;	/* client codes: see client_code */
	uint32_t n_codes;	/* client codes issued */
	const char *muni;
	int places[2];
	int open[7], close[7];	/* local seconds of day, Mon=0 */
	double day_visits[7];	/* mean arrivals by weekday */
	struct rng rng;		/* the events */
	struct rng frng;	/* dialect details: noise, nulls, pids */
	struct client *pool;
	double *cum;		/* cumulative Zipf weights */
	uint32_t pool_n;
	uint64_t visits;	/* visit numbers issued */
	struct ban *bans;
	size_t n_bans, cap_bans;
	int32_t free_at[2][MAX_PLACES]; /* place free again, seconds */
	unsigned door_pid, sync_pid;	/* text dialect, per day */
};

/* The hex part of the n-th client code of a facility: a keyed
 * permutation of 28 bits (odd multiplications and xor-shifts are
 * invertible), so codes look random but never repeat in a facility. */
static uint32_t client_code(uint32_t n, uint32_t key)
{
	const uint32_t mask = 0xFFFFFFF;
	uint32_t x = n & mask;
	for (int round = 0; round < 3; round++) {
		x = ((x ^ key) * UINT32_C(0x2C1B3C6D)) & mask;
		x ^= x >> 13;
		key = key * UINT32_C(0x9E3779B1) + UINT32_C(0x7F4A7C15);
	}
	return x & mask;
}

static void new_client(struct facility *f, uint32_t slot, int year,
		       bool registered)
{
	struct rng *r = &f->rng;
	struct client *c = &f->pool[slot];
	c->letter = (char)('A' + rng_below(r, 26));
	c->code = client_code(f->n_codes++, f->code_key);
	c->registered = registered;
	c->injector = rng_chance(r, INJECTOR_SHARE);
	int route = c->injector ? RT_INJECT : RT_SMOKE;
	c->main_subst = (uint8_t)pick(r, subst_by_route[route].w,
				      subst_by_route[route].n);
	c->sex = (uint8_t)PICK(r, sex_w);
	c->housing = (uint8_t)PICK(r, housing_w);
	c->target = (uint8_t)(c->sex == SX_F ? PICK(r, target_female)
					     : PICK(r, target_other));
	double age = 41 + 9 * rng_normal(r); /* mean age ~41 */
	if (age < 18)
		age = 18 + rng_unit(r) * 4;
	c->birth_year = (uint16_t)(year - (int)age);
	c->visits_today = 0;
	c->last_day = -1;
	c->busy_until = 0;
	c->banned_until = 0;
}

/* A constant per-index hash, so a facility's layout does not depend on
 * the seed. */
static uint64_t index_hash(uint64_t i)
{
	uint64_t x = i * 0x632BE59BD9B4E019u;
	return splitmix64(&x);
}

static void facility_init(struct facility *f, uint32_t index, uint64_t seed,
			  double visits, int64_t start_day)
{
	const struct city *c = &cities[index % N_CITIES];
	uint32_t number = index / N_CITIES + 1;
	uint64_t h = index_hash(index);

	memset(f, 0, sizeof *f);
	snprintf(f->id, sizeof f->id, "nl-%s-%02u", c->code, number);
	snprintf(f->vprefix, sizeof f->vprefix, "%s%02u", c->code, number);
	f->muni = c->muni;
	f->places[PT_SMOKE] = c->places[PT_SMOKE];
	f->places[PT_INJECT] = c->places[PT_INJECT];
	double size = c->size_pct / 100.0;
	if (number > 1) { /* later facilities of a city vary a little */
		f->places[PT_SMOKE] += (int)(h % 5) - 2;
		f->places[PT_INJECT] += (int)((h >> 8) % 3) - 1;
		size *= (85 + (double)((h >> 16) % 31)) / 100;
	}

	double hours_sum = 0;
	for (int wd = 0; wd < 7; wd++) {
		int k = wd < 5 ? 0 : wd - 4;
		f->open[wd] = c->hours[k][0] * 60;
		f->close[wd] = c->hours[k][1] * 60;
		hours_sum += f->close[wd] - f->open[wd];
	}
	/* Fewer visits on the shorter weekend days, same weekly mean. */
	for (int wd = 0; wd < 7; wd++)
		f->day_visits[wd] = visits * size *
				    (f->close[wd] - f->open[wd]) /
				    (hours_sum / 7);

	rng_seed(&f->rng, seed, index, 0);
	rng_seed(&f->frng, seed, index, 1);
	f->code_key = (uint32_t)rng_next(&f->rng);

	double pool = visits * size * POOL_PER_VISIT;
	f->pool_n = pool < 50 ? 50 : (uint32_t)pool;
	f->pool = xcalloc(f->pool_n, sizeof *f->pool);
	f->cum = xcalloc(f->pool_n, sizeof *f->cum);
	/* The offset grows with the pool, so that the heaviest users come
	 * about twice a day at any facility size. */
	double sum = 0, offset = 1 + (double)f->pool_n / ZIPF_OFFSET_DIV;
	for (uint32_t i = 0; i < f->pool_n; i++) {
		sum += 1.0 / (i + offset);
		f->cum[i] = sum;
	}
	int y, m, d;
	civil_from_days(start_day, &y, &m, &d);
	for (uint32_t i = 0; i < f->pool_n; i++)
		new_client(f, i, y, rng_chance(&f->rng, REGISTERED_AT_START));
}

static void facility_free(struct facility *f)
{
	free(f->pool);
	free(f->cum);
	free(f->bans);
}

static uint32_t zipf_slot(struct facility *f)
{
	double u = rng_unit(&f->rng) * f->cum[f->pool_n - 1];
	uint32_t lo = 0, hi = f->pool_n - 1;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (f->cum[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* ------------------------------------------------------------------ */
/* Events                                                              */
/* ------------------------------------------------------------------ */

/* One log event. Times are simulated as local seconds of the day and
 * converted to UTC when the day is complete. Which of the detail fields
 * mean something depends on type. */
struct event {
	int64_t utc;
	int32_t sod;		/* local seconds of day */
	int32_t offset;		/* UTC offset, seconds */
	uint32_t seq;		/* generation order within the day */
	uint16_t fac;		/* index into the active facilities */
	uint8_t type;
	char letter;		/* client code; 0: no client */
	uint32_t code;
	uint64_t visit;		/* 0: no visit */
	uint8_t place_type, place_no, route, substance;
	uint8_t incident, response, doses, outcome;
	uint8_t service, referral, location, refusal;
	uint8_t method, result, sex, housing, target, noise;
	uint16_t birth_year;
	uint16_t responses;	/* incident: mask of responses given */
	uint32_t num;		/* duration_s, ban seconds, noise number */
};

struct evbuf {
	struct event *v;
	size_t n, cap;
};

/* What a visit being simulated needs to know. */
struct ctx {
	struct facility *f;
	struct rng *r;
	struct evbuf *eb;
	uint16_t fac;
	int64_t day;		/* local date, days since the epoch */
	int year;
	int32_t open, close;	/* local seconds of day */
	int32_t limit;		/* no event of the day after this */
	bool welfare;		/* first days of the month */
	struct client *c;	/* current client, or NULL */
	uint64_t visit;		/* current visit number, or 0 */
	int32_t last_t;		/* latest event of the current visit */
	uint8_t place_type, place_no;
};

static struct event *emit(struct ctx *x, int type, int32_t sod)
{
	struct evbuf *eb = x->eb;
	if (sod < 0 || sod >= 86400)
		die("internal error: event outside its day");
	if (eb->n == eb->cap) {
		eb->cap = eb->cap ? eb->cap * 2 : 4096;
		eb->v = xreallocarray(eb->v, eb->cap, sizeof *eb->v);
	}
	struct event *e = &eb->v[eb->n];
	memset(e, 0, sizeof *e);
	e->seq = (uint32_t)eb->n++;
	e->sod = sod;
	e->fac = x->fac;
	e->type = (uint8_t)type;
	e->visit = x->visit;
	if (x->c) {
		e->letter = x->c->letter;
		e->code = x->c->code;
	}
	e->place_type = x->place_type;
	e->place_no = x->place_no;
	if (sod > x->last_t)
		x->last_t = sod;
	return e;
}

static void refuse(struct ctx *x, int32_t t, int reason)
{
	emit(x, EV_REFUSAL, t)->refusal = (uint8_t)reason;
}

/* ------------------------------------------------------------------ */
/* The visit                                                           */
/* ------------------------------------------------------------------ */

/* A client not in the middle of a visit and under the daily cap; banned
 * clients mostly stay away. -1 when the draws keep failing (the arrival
 * then does not happen). */
static int64_t choose_client(struct ctx *x, int32_t t)
{
	struct facility *f = x->f;
	for (int tries = 0; tries < 10; tries++) {
		uint32_t slot = zipf_slot(f);
		struct client *c = &f->pool[slot];
		if (c->last_day == x->day &&
		    (c->visits_today >= MAX_VISITS_PER_DAY ||
		     c->busy_until > t))
			continue;
		if (c->banned_until > x->day &&
		    !rng_chance(x->r, BANNED_STILL_COME))
			continue;
		return slot;
	}
	return -1;
}

/* A newcomer: intake interview, then registration or a refusal (the
 * person is then not kept). Returns the check-in time, or -1. */
static int32_t intake(struct ctx *x, uint32_t slot, int32_t t)
{
	struct client *c = x->c;
	if (t >= x->close - CLOSING_S) {
		refuse(x, t, RR_CLOSING);
		return -1;
	}
	t += rng_range(x->r, 300, 900);
	if (rng_chance(x->r, INTAKE_REFUSAL_P)) {
		refuse(x, t, PICK(x->r, intake_refusal));
		new_client(x->f, slot, x->year, false);
		return -1;
	}
	struct event *e = emit(x, EV_REGISTRATION, t);
	e->sex = c->sex;
	e->birth_year = c->birth_year;
	e->housing = c->housing;
	e->target = c->target;
	c->registered = true;
	return t + rng_range(x->r, 30, 120);
}

/* Refusal reason at the door for a registered client, or -1. */
static int door_refusal(struct ctx *x, int32_t t)
{
	if (t >= x->close - CLOSING_S)
		return RR_CLOSING;
	double u = rng_unit(x->r);
	if (u < DOOR_INTOXICATED_P)
		return RR_INTOXICATED;
	u -= DOOR_INTOXICATED_P;
	if (u < DOOR_NOT_REGISTERED_P)
		return RR_NOT_REGISTERED;
	u -= DOOR_NOT_REGISTERED_P;
	if (u < DOOR_OTHER_P)
		return RR_OTHER;
	return -1;
}

/* A place of type pt for a client ready at `ready`: a random free one,
 * else the one free first if the client is patient enough. A place is
 * never given to a session before the previous one ended (free_at), so
 * no more sessions of a type run at once than there are places. */
static bool find_place(struct ctx *x, int pt, int32_t ready, int *place,
		       int32_t *start)
{
	const int32_t *free_at = x->f->free_at[pt];
	int n = x->f->places[pt], n_free = 0, first = 0;
	for (int i = 0; i < n; i++) {
		n_free += free_at[i] <= ready;
		if (free_at[i] < free_at[first])
			first = i;
	}
	if (n_free > 0) {
		int k = (int)rng_below(x->r, (uint32_t)n_free);
		for (int i = 0; i < n; i++)
			if (free_at[i] <= ready && k-- == 0)
				*place = i;
		*start = ready;
		return true;
	}
	int32_t patience = rng_range(x->r, 300, 1500);
	if (free_at[first] - ready > patience ||
	    free_at[first] > x->close - 20 * 60)
		return false;
	*place = first;
	*start = free_at[first] + rng_range(x->r, 20, 90);
	return true;
}

static int use_substance(struct ctx *x, int route)
{
	struct client *c = x->c;
	int main_route = c->injector ? RT_INJECT : RT_SMOKE;
	if (route == main_route && rng_chance(x->r, 0.7))
		return c->main_subst;
	return pick(x->r, subst_by_route[route].w, subst_by_route[route].n);
}

static int32_t clamp_t(const struct ctx *x, int32_t t)
{
	return t > x->limit ? x->limit : t;
}

/* The incident type of this visit, or -1. */
static int draw_incident(struct ctx *x, int route, bool opioid,
			 bool fentanyl, bool stimulant)
{
	double od = opioid ? OD_P_BY_ROUTE[route] : 0;
	if (fentanyl)
		od *= FENTANYL_OD_FACTOR;
	if (x->welfare)
		od *= WELFARE_OD_FACTOR;
	double p[] = {
		[IN_OPIOID_OVERDOSE] = od,
		[IN_STIMULANT_OVERAMP] = !stimulant ? 0
				 : route == RT_INJECT ? OVERAMP_P_INJECT
						      : OVERAMP_P_OTHER,
		[IN_OTHER_MEDICAL] = OTHER_MEDICAL_P,
		[IN_AGGRESSION] = AGGRESSION_P,
		[IN_DEALING] = DEALING_P,
		[IN_RULE_VIOLATION] = RULE_VIOLATION_P,
	};
	double u = rng_unit(x->r);
	for (int i = 0; i < (int)NELEM(p); i++) {
		if (u < p[i])
			return i;
		u -= p[i];
	}
	return -1;
}

/* Responses to a medical incident, one intervention event each in
 * enum order; returns the time of the last one. */
static int32_t intervene(struct ctx *x, size_t inc_index, int type,
			 int32_t t)
{
	bool given[N_RESPONSE] = { false };
	for (int i = 0; i < N_RESPONSE; i++)
		given[i] = rng_chance(x->r, response_p[type][i]);
	if (given[RS_CPR])
		given[RS_EMS_CALLED] = true;
	if (given[RS_EMS_CALLED])
		given[RS_TRANSPORTED] =
			rng_chance(x->r, TRANSPORTED_GIVEN_EMS);
	bool any = false;
	for (int i = 0; i < N_RESPONSE; i++)
		any |= given[i];
	if (!any)
		given[RS_OBSERVATION] = true;

	for (int i = 0; i < N_RESPONSE; i++) {
		if (!given[i])
			continue;
		t = clamp_t(x, t + (i == RS_TRANSPORTED
					    ? rng_range(x->r, 480, 1200)
					    : rng_range(x->r, 10, 60)));
		struct event *e = emit(x, EV_INTERVENTION, t);
		e->incident = (uint8_t)type;
		e->response = (uint8_t)i;
		if (i == RS_NALOXONE)
			e->doses = (uint8_t)PICK(x->r, naloxone_doses_w);
		/* emit may move the buffer: find the incident again */
		struct event *inc = &x->eb->v[inc_index];
		inc->responses |= (uint16_t)(1u << i);
		if (e->doses)
			inc->doses = e->doses;
	}
	x->eb->v[inc_index].outcome = given[RS_TRANSPORTED] ? OC_TRANSFERRED
		       : rng_chance(x->r, 0.04) ? OC_LEFT
						: OC_RESOLVED_ON_SITE;
	return t;
}

/* Maybe an incident after the last consumption; returns the session end,
 * which an incident may move. */
static int32_t incident(struct ctx *x, int route, bool opioid,
			bool fentanyl, bool stimulant, int32_t last_use,
			int32_t end)
{
	int type = draw_incident(x, route, opioid, fentanyl, stimulant);
	if (type < 0)
		return end;
	int32_t t = clamp_t(x, last_use + rng_range(x->r, 60, 480));
	struct event *inc = emit(x, EV_INCIDENT, t);
	inc->incident = (uint8_t)type;
	size_t inc_index = (size_t)(inc - x->eb->v);

	if (type <= IN_OTHER_MEDICAL) {
		int32_t last = intervene(x, inc_index, type, t);
		inc = &x->eb->v[inc_index]; /* emit may have moved it */
		if (inc->outcome != OC_RESOLVED_ON_SITE)
			return clamp_t(x, last + rng_range(x->r, 60, 180));
		int32_t watched = clamp_t(x, last + rng_range(x->r, 600, 1800));
		return end > watched ? end : watched; /* observed a while */
	}

	bool left = rng_chance(x->r, conduct[type].left_p);
	inc->outcome = left ? OC_LEFT : OC_RESOLVED_ON_SITE;
	if (rng_chance(x->r, conduct[type].ban_p)) {
		int days = PICK(x->r, ban_days_w);
		struct event *b = emit(x, EV_BAN_START,
				       clamp_t(x, t + rng_range(x->r, 60, 180)));
		b->num = (uint32_t)days * 86400;
		x->c->banned_until = x->day + days;
		struct facility *f = x->f;
		if (f->n_bans == f->cap_bans) {
			f->cap_bans = f->cap_bans ? f->cap_bans * 2 : 16;
			f->bans = xreallocarray(f->bans, f->cap_bans,
						sizeof *f->bans);
		}
		f->bans[f->n_bans++] = (struct ban){ x->c->code, x->c->letter,
						     x->day + days };
	}
	if (left)
		return clamp_t(x, t + rng_range(x->r, 60, 180));
	int32_t after = clamp_t(x, t + 120);
	return end > after ? end : after;
}

/* Services and referrals on the way out, if the day leaves room. */
static void after_session(struct ctx *x, int32_t t)
{
	struct rng *r = x->r;
	x->place_type = x->place_no = 0;
	for (int s = 0; s < N_SERVICE; s++) {
		if (!rng_chance(r, service_p[s][x->c->injector]))
			continue;
		t += rng_range(r, 30, 300);
		if (t > x->limit)
			return;
		emit(x, EV_SERVICE, t)->service = (uint8_t)s;
	}
	if (rng_chance(r, REFERRAL_P)) {
		t += rng_range(r, 60, 600);
		if (t > x->limit)
			return;
		struct event *e = emit(x, EV_REFERRAL, t);
		e->referral = (uint8_t)PICK(r, referral_w);
		e->location = !rng_chance(r, referral_onsite_p[e->referral]);
	}
}

/* The events of one visit of client x->c (in pool slot `slot`) who
 * arrives at t. */
static void visit_events(struct ctx *x, uint32_t slot, int32_t t)
{
	struct facility *f = x->f;
	struct rng *r = x->r;
	struct client *c = x->c;

	/* At the door. */
	int reason = -1;
	if (c->banned_until > x->day)
		reason = RR_BANNED;
	else if (!c->registered) {
		t = intake(x, slot, t);
		if (t < 0)
			return;
	} else
		reason = door_refusal(x, t);
	if (reason >= 0) {
		refuse(x, t, reason);
		return;
	}

	/* What the client is going to use decides the place type. */
	int route = c->injector ? PICK(r, route_injector)
				: PICK(r, route_noninjector);
	int pt = route == RT_INJECT ? PT_INJECT : PT_SMOKE;
	int subst = use_substance(x, route);
	bool check = rng_chance(r, c->injector ? 0.08 : 0.03);
	int32_t t_check = t + rng_range(r, 60, 120);
	int32_t ready = (check ? t_check : t) + rng_range(r, 60, 240);
	int place = 0;
	int32_t start = 0;
	if (!find_place(x, pt, ready, &place, &start)) {
		refuse(x, t, RR_CAPACITY_FULL);
		return;
	}

	emit(x, EV_CHECK_IN, t);
	if (check) {
		struct event *e = emit(x, EV_DRUG_CHECK, t_check);
		e->substance = (uint8_t)subst;
		e->method = (uint8_t)PICK(r, check_method_w);
		e->result = (uint8_t)PICK(r, check_result_w);
	}
	x->place_type = (uint8_t)pt;
	x->place_no = (uint8_t)place;
	emit(x, EV_SESSION_START, start);

	int32_t dur = (int32_t)rng_lognormal(r, session_median_min[route] * 60,
					     0.5);
	dur = dur < 300 ? 300 : dur > 3 * 3600 ? 3 * 3600 : dur;
	int32_t end = start + dur;
	if (end > x->close + 900) /* clients are asked to finish */
		end = x->close + 900 > start + 300 ? x->close + 900
						   : start + 300;

	int32_t use = start + rng_range(r, 30, 240);
	struct event *e = emit(x, EV_CONSUMPTION, use);
	e->route = (uint8_t)route;
	e->substance = (uint8_t)subst;
	bool opioid = substance_opioid[subst];
	bool fentanyl = subst == SB_FENTANYL;
	bool stimulant = substance_stimulant[subst];
	if (rng_chance(r, SECOND_USE_P) && end - use > 600) {
		int s2 = rng_chance(r, 0.5) ? subst : use_substance(x, route);
		use += rng_range(r, 120, end - use - 300);
		e = emit(x, EV_CONSUMPTION, use);
		e->route = (uint8_t)route;
		e->substance = (uint8_t)s2;
		opioid |= substance_opioid[s2];
		fentanyl |= s2 == SB_FENTANYL;
		stimulant |= substance_stimulant[s2];
	}
	end = incident(x, route, opioid, fentanyl, stimulant, use, end);

	e = emit(x, EV_SESSION_END, end);
	e->num = (uint32_t)(end - start);
	f->free_at[pt][place] = end + rng_range(r, 60, 180); /* cleaning */
	after_session(x, end);
}

static void visit(struct ctx *x, int32_t t)
{
	int64_t slot = choose_client(x, t);
	if (slot < 0)
		return;
	struct client *c = &x->f->pool[slot];
	x->c = c;
	x->visit = ++x->f->visits;
	x->last_t = t;
	x->place_type = x->place_no = 0;
	if (c->last_day != x->day) {
		c->last_day = x->day;
		c->visits_today = 0;
	}
	c->visits_today++;
	visit_events(x, (uint32_t)slot, t);
	/* Not back before this visit is over (an intake refusal may have
	 * put a new person in the slot: harmless). */
	c->busy_until = x->last_t + 600;
	x->c = NULL;
	x->visit = 0;
}

/* ------------------------------------------------------------------ */
/* The day                                                             */
/* ------------------------------------------------------------------ */

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* n arrival times (local seconds), sorted, with the hourly intensity;
 * arrivals in the last half hour are rare (people know the hours). */
static int32_t *arrivals(struct ctx *x, uint32_t n, int32_t *minute_cum)
{
	int open_min = x->open / 60, close_min = x->close / 60;
	int32_t total = 0;
	for (int m = open_min; m < close_min; m++) {
		int w = hour_weight[m / 60];
		total += m * 60 >= x->close - CLOSING_S ? w * 15 / 100 : w;
		minute_cum[m - open_min] = total;
	}
	int32_t *t = xreallocarray(NULL, n ? n : 1, sizeof *t);
	for (uint32_t i = 0; i < n; i++) {
		int32_t u = (int32_t)rng_below(x->r, (uint32_t)total);
		int lo = 0, hi = close_min - open_min - 1;
		while (lo < hi) {
			int mid = (lo + hi) / 2;
			if (minute_cum[mid] > u)
				hi = mid;
			else
				lo = mid + 1;
		}
		t[i] = (open_min + lo) * 60 + (int32_t)rng_below(x->r, 60);
	}
	qsort(t, n, sizeof *t, cmp_i32);
	return t;
}

/* Bans that end today, announced at opening. */
static void end_bans(struct ctx *x)
{
	struct facility *f = x->f;
	size_t keep = 0;
	for (size_t i = 0; i < f->n_bans; i++) {
		struct ban b = f->bans[i];
		if (b.end_day > x->day) {
			f->bans[keep++] = b;
			continue;
		}
		struct event *e = emit(x, EV_BAN_END,
				       x->open + rng_range(x->r, 0, 300));
		e->letter = b.letter;
		e->code = b.code;
	}
	f->n_bans = keep;
}

/* Lines of the door and sync daemons that carry no event. */
static void noise(struct ctx *x)
{
	struct facility *f = x->f;
	struct rng *r = &f->frng;
	f->door_pid = 200 + rng_below(r, 30000);
	f->sync_pid = 200 + rng_below(r, 30000);
	for (int32_t t = x->open - 1800; t <= x->close + 1800; t += 900)
		emit(x, EV_NOISE, t + rng_range(r, 0, 20))->noise = NZ_HEARTBEAT;
	for (int32_t h = x->open / 3600 + 1; h * 3600 < x->close; h++) {
		struct event *e = emit(x, EV_NOISE,
				       h * 3600 + 300 + rng_range(r, 0, 59));
		e->noise = NZ_SYNC;
		e->num = (uint32_t)rng_range(r, 20, 400);
		if (rng_chance(r, 0.05))
			emit(x, EV_NOISE, h * 3600 + rng_range(r, 600, 3000))
				->noise = NZ_BADGE;
	}
}

static void facility_day(struct facility *f, uint16_t fac, int64_t day,
			 struct evbuf *eb, bool with_noise)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	int wd = weekday(day);
	struct ctx x = {
		.f = f, .r = &f->rng, .eb = eb, .fac = fac, .day = day,
		.year = y, .open = f->open[wd], .close = f->close[wd],
		.welfare = d <= 3,
	};
	x.limit = x.close + 55 * 60 < 86340 ? x.close + 55 * 60 : 86340;

	uint32_t churn = rng_poisson(x.r, f->pool_n * CHURN_PER_DAY);
	for (uint32_t i = 0; i < churn; i++)
		new_client(f, rng_below(x.r, f->pool_n), y, false);
	end_bans(&x);
	if (with_noise)
		noise(&x);

	double lambda = f->day_visits[wd] * (x.welfare ? WELFARE_BOOST : 1);
	uint32_t n = rng_poisson(x.r, lambda);
	int32_t minute_cum[24 * 60];
	int32_t *t = arrivals(&x, n, minute_cum);
	memset(f->free_at, 0, sizeof f->free_at);
	for (uint32_t i = 0; i < n; i++)
		visit(&x, t[i]);
	free(t);
}

static int cmp_event(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	if (x->utc != y->utc)
		return x->utc < y->utc ? -1 : 1;
	if (x->fac != y->fac)
		return x->fac < y->fac ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static void finish_day(struct evbuf *eb, int64_t day)
{
	for (size_t i = 0; i < eb->n; i++) {
		struct event *e = &eb->v[i];
		int64_t local = day * 86400 + e->sod;
		e->offset = amsterdam_offset(local);
		e->utc = local - e->offset;
	}
	qsort(eb->v, eb->n, sizeof *eb->v, cmp_event);
}

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

enum { OUT_CAP = 4 << 20, RECORD_MAX = 1024 };

struct out {
	int fd;
	const char *name;
	char *buf;
	size_t len;
	uint64_t flushed;
};

static void out_flush(struct out *o)
{
	const char *p = o->buf;
	size_t n = o->len;
	while (n > 0) {
		ssize_t w = write(o->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EPIPE && o->fd == STDOUT_FILENO)
			exit(EXIT_OK); /* the reader has all it wanted */
		if (w <= 0)
			die_errno("write error on %s", o->name);
		p += w;
		n -= (size_t)w;
		o->flushed += (uint64_t)w;
	}
	o->len = 0;
}

/* Room for one record; the buffer has RECORD_MAX slack beyond OUT_CAP. */
static char *out_begin(struct out *o)
{
	if (o->len > OUT_CAP)
		out_flush(o);
	return o->buf + o->len;
}

static void out_end(struct out *o, char *p)
{
	size_t n = (size_t)(p - (o->buf + o->len));
	if (n > RECORD_MAX)
		die("internal error: record longer than %d bytes", RECORD_MAX);
	o->len += n;
}

static inline char *put_mem(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

static inline char *put_s(char *p, const char *s)
{
	return put_mem(p, s, strlen(s));
}

#define PUT_LIT(p, lit) put_mem((p), (lit), sizeof(lit) - 1)

static inline char *put_2(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

/* Decimal, at least `width` digits. */
static char *put_u(char *p, uint64_t v, int width)
{
	char tmp[24];
	int n = 0;
	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n < width)
		tmp[n++] = '0';
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

struct tm_fields {
	int y, mo, d, h, mi, s;
};

static void split_time(int64_t t, struct tm_fields *f)
{
	int64_t day = t / 86400, sod = t % 86400;
	civil_from_days(day, &f->y, &f->mo, &f->d);
	f->h = (int)(sod / 3600);
	f->mi = (int)(sod / 60 % 60);
	f->s = (int)(sod % 60);
}

/* YYYY-MM-DD<sep>HH:MM:SS */
static char *put_datetime(char *p, int64_t t, char sep)
{
	struct tm_fields f;
	split_time(t, &f);
	p = put_u(p, (uint64_t)f.y, 4);
	*p++ = '-';
	p = put_2(p, (unsigned)f.mo);
	*p++ = '-';
	p = put_2(p, (unsigned)f.d);
	*p++ = sep;
	p = put_2(p, (unsigned)f.h);
	*p++ = ':';
	p = put_2(p, (unsigned)f.mi);
	*p++ = ':';
	return put_2(p, (unsigned)f.s);
}

static char *put_client(char *p, const struct event *e)
{
	static const char hex[] = "0123456789ABCDEF";
	*p++ = e->letter;
	for (int shift = 24; shift >= 0; shift -= 4)
		*p++ = hex[(e->code >> shift) & 0xF];
	return p;
}

static char *put_visit(char *p, const struct facility *f, uint64_t visit)
{
	p = put_s(p, f->vprefix);
	*p++ = '-';
	return put_u(p, visit, 6);
}

static char *put_place(char *p, const struct event *e)
{
	*p++ = place_prefix[e->place_type];
	return put_2(p, (unsigned)e->place_no + 1u);
}

/* The event's own keys, in record order; logfmt and csv share them.
 * The csv columns are the first N_CSV_KEYS keys in this order. */
enum key {
	K_PLACE_TYPE, K_PLACE_ID, K_ROUTE, K_SUBSTANCE, K_DURATION_S,
	K_INCIDENT_TYPE, K_RESPONSE, K_NALOXONE_DOSES, K_OUTCOME,
	K_REFERRAL_TARGET, K_REFERRAL_LOCATION, K_SERVICE_TYPE,
	K_REFUSAL_REASON, K_CHECK_METHOD, K_CHECK_RESULT, N_CSV_KEYS,
	K_SEX = N_CSV_KEYS, K_BIRTH_YEAR, K_HOUSING, K_TARGET_GROUP, N_KEYS
};
static const char *const key_name[N_KEYS] = {
	"place_type", "place_id", "route", "substance", "duration_s",
	"incident_type", "response", "naloxone_doses", "outcome",
	"referral_target", "referral_location", "service_type",
	"refusal_reason", "check_method", "check_result",
	"sex", "birth_year", "housing", "target_group",
};

struct field {
	enum key key;
	const char *val;
	size_t len;
};

struct fields {
	struct field v[6];
	int n;
	char scratch[64]; /* numbers and place ids */
	size_t used;
};

static void add(struct fields *fs, enum key k, const char *val)
{
	fs->v[fs->n++] = (struct field){ k, val, strlen(val) };
}

static void add_num(struct fields *fs, enum key k, uint64_t v)
{
	char *s = fs->scratch + fs->used;
	size_t n = (size_t)(put_u(s, v, 1) - s);
	fs->v[fs->n++] = (struct field){ k, s, n };
	fs->used += n;
}

static void add_place(struct fields *fs, const struct event *e)
{
	char *s = fs->scratch + fs->used;
	add(fs, K_PLACE_TYPE, place_type_name[e->place_type]);
	fs->v[fs->n++] = (struct field){ K_PLACE_ID, s,
					 (size_t)(put_place(s, e) - s) };
	fs->used += 3;
}

static void own_fields(const struct event *e, struct fields *fs)
{
	fs->n = 0;
	fs->used = 0;
	switch (e->type) {
	case EV_REGISTRATION:
		add(fs, K_SEX, sex_name[e->sex]);
		add_num(fs, K_BIRTH_YEAR, e->birth_year);
		add(fs, K_HOUSING, housing_name[e->housing]);
		add(fs, K_TARGET_GROUP, target_name[e->target]);
		break;
	case EV_REFUSAL:
		add(fs, K_REFUSAL_REASON, refusal_name[e->refusal]);
		break;
	case EV_SESSION_START:
		add_place(fs, e);
		break;
	case EV_CONSUMPTION:
		add(fs, K_ROUTE, route_name[e->route]);
		add(fs, K_SUBSTANCE, substance_name[e->substance]);
		break;
	case EV_SESSION_END:
		add_place(fs, e);
		add_num(fs, K_DURATION_S, e->num);
		break;
	case EV_INCIDENT:
		add(fs, K_INCIDENT_TYPE, incident_name[e->incident]);
		add(fs, K_OUTCOME, outcome_name[e->outcome]);
		break;
	case EV_INTERVENTION:
		add(fs, K_INCIDENT_TYPE, incident_name[e->incident]);
		add(fs, K_RESPONSE, response_name[e->response]);
		if (e->response == RS_NALOXONE)
			add_num(fs, K_NALOXONE_DOSES, e->doses);
		break;
	case EV_SERVICE:
		add(fs, K_SERVICE_TYPE, service_name[e->service]);
		break;
	case EV_REFERRAL:
		add(fs, K_REFERRAL_TARGET, referral_name[e->referral]);
		add(fs, K_REFERRAL_LOCATION, location_name[e->location]);
		break;
	case EV_DRUG_CHECK:
		add(fs, K_SUBSTANCE, substance_name[e->substance]);
		add(fs, K_CHECK_METHOD, method_name[e->method]);
		add(fs, K_CHECK_RESULT, result_name[e->result]);
		break;
	case EV_BAN_START:
		add_num(fs, K_DURATION_S, e->num);
		break;
	default: /* check_in, ban_end: no own keys */
		break;
	}
}

static char *put_logfmt(char *p, const struct event *e,
			const struct facility *f)
{
	p = PUT_LIT(p, "ts=");
	p = put_datetime(p, e->utc, 'T');
	p = PUT_LIT(p, "Z event=");
	p = put_s(p, event_name[e->type]);
	p = PUT_LIT(p, " facility=");
	p = put_s(p, f->id);
	p = PUT_LIT(p, " municipality=");
	p = put_s(p, f->muni);
	if (e->visit) {
		p = PUT_LIT(p, " visit_id=");
		p = put_visit(p, f, e->visit);
	}
	if (e->letter) {
		p = PUT_LIT(p, " client=");
		p = put_client(p, e);
	}
	struct fields fs;
	own_fields(e, &fs);
	for (int i = 0; i < fs.n; i++) {
		*p++ = ' ';
		p = put_s(p, key_name[fs.v[i].key]);
		*p++ = '=';
		p = put_mem(p, fs.v[i].val, fs.v[i].len);
	}
	*p++ = '\n';
	return p;
}

static const char csv_header[] =
	"ts,event,facility,municipality,visit_id,client,place_type,place_id,"
	"route,substance,duration_s,incident_type,response,naloxone_doses,"
	"outcome,referral_target,referral_location,service_type,"
	"refusal_reason,check_method,check_result\r\n";

static char *put_csv(char *p, const struct event *e, const struct facility *f)
{
	p = put_datetime(p, e->utc, 'T');
	*p++ = 'Z';
	*p++ = ',';
	p = put_s(p, event_name[e->type]);
	*p++ = ',';
	p = put_s(p, f->id);
	*p++ = ',';
	p = put_s(p, f->muni);
	*p++ = ',';
	if (e->visit)
		p = put_visit(p, f, e->visit);
	*p++ = ',';
	if (e->letter)
		p = put_client(p, e);
	struct fields fs;
	own_fields(e, &fs);
	const struct field *cell[N_CSV_KEYS] = { NULL };
	for (int i = 0; i < fs.n; i++)
		if (fs.v[i].key < N_CSV_KEYS)
			cell[fs.v[i].key] = &fs.v[i];
	for (int k = 0; k < N_CSV_KEYS; k++) {
		*p++ = ',';
		if (cell[k])
			p = put_mem(p, cell[k]->val, cell[k]->len);
	}
	return PUT_LIT(p, "\r\n");
}

/* UTF-8 BOM, then the header ("Cli\xc3\xabntcode" is Cliëntcode). */
static const char nlcsv_header[] =
	"\xef\xbb\xbf"
	"Datum;Tijd;Locatie;Gemeente;Bezoeknummer;Cli\xc3\xabntcode;"
	"Gebeurtenis;Plek;Route;Middel;Duur (min)\r\n";

static char *put_nlcsv(char *p, const struct event *e,
		       const struct facility *f)
{
	struct tm_fields t;
	split_time(e->utc + e->offset, &t);
	p = put_2(p, (unsigned)t.d);
	*p++ = '-';
	p = put_2(p, (unsigned)t.mo);
	*p++ = '-';
	p = put_u(p, (uint64_t)t.y, 4);
	*p++ = ';';
	p = put_2(p, (unsigned)t.h);
	*p++ = ':';
	p = put_2(p, (unsigned)t.mi);
	*p++ = ';';
	p = put_s(p, f->id);
	*p++ = ';';
	p = put_s(p, f->muni);
	*p++ = ';';
	p = put_visit(p, f, e->visit);
	*p++ = ';';
	p = put_client(p, e);
	*p++ = ';';
	p = put_s(p, event_nl[e->type]);
	*p++ = ';';
	bool in_place = e->type == EV_SESSION_START ||
			e->type == EV_CONSUMPTION ||
			e->type == EV_SESSION_END || e->type == EV_INCIDENT ||
			e->type == EV_INTERVENTION;
	if (in_place)
		p = put_place(p, e);
	*p++ = ';';
	if (e->type == EV_CONSUMPTION)
		p = put_s(p, route_nl[e->route]);
	*p++ = ';';
	if (e->type == EV_CONSUMPTION)
		p = put_s(p, substance_nl[e->substance]);
	*p++ = ';';
	if (e->type == EV_SESSION_END) { /* minutes, one decimal, comma */
		uint32_t tenths = (e->num + 3) / 6;
		p = put_u(p, tenths / 10, 1);
		*p++ = ',';
		*p++ = (char)('0' + tenths % 10);
	}
	return PUT_LIT(p, "\r\n");
}

/* "2024-03-01T09:14:22+01:00" */
static char *put_local_rfc3339(char *p, const struct event *e)
{
	p = put_datetime(p, e->utc + e->offset, 'T');
	*p++ = '+';
	p = put_2(p, (unsigned)(e->offset / 3600));
	return PUT_LIT(p, ":00");
}

#define PUT_JSTR(p, s) (*(p)++ = '"', (p) = put_s((p), (s)), *(p)++ = '"', (p))

static char *put_jplace(char *p, const struct event *e)
{
	p = PUT_LIT(p, ",\"place\":{\"type\":");
	p = PUT_JSTR(p, place_type_name[e->place_type]);
	p = PUT_LIT(p, ",\"id\":\"");
	p = put_place(p, e);
	return PUT_LIT(p, "\"}");
}

static char *put_jsonl(char *p, const struct event *e, struct facility *f)
{
	struct rng *r = &f->frng;
	p = PUT_LIT(p, "{\"time\":\"");
	p = put_local_rfc3339(p, e);
	p = PUT_LIT(p, "\",\"type\":");
	p = PUT_JSTR(p, event_name[e->type]);
	p = PUT_LIT(p, ",\"site\":{\"id\":");
	p = PUT_JSTR(p, f->id);
	p = PUT_LIT(p, ",\"municipality\":");
	p = PUT_JSTR(p, f->muni);
	p = PUT_LIT(p, "},\"visit\":");
	if (e->visit) {
		*p++ = '"';
		p = put_visit(p, f, e->visit);
		*p++ = '"';
	} else
		p = PUT_LIT(p, "null");
	p = PUT_LIT(p, ",\"client\":\"");
	p = put_client(p, e);
	*p++ = '"';

	switch (e->type) {
	case EV_REGISTRATION:
		p = PUT_LIT(p, ",\"person\":{\"sex\":");
		p = PUT_JSTR(p, sex_name[e->sex]);
		p = PUT_LIT(p, ",\"birth_year\":");
		p = put_u(p, e->birth_year, 1);
		p = PUT_LIT(p, ",\"housing\":");
		p = PUT_JSTR(p, housing_name[e->housing]);
		p = PUT_LIT(p, ",\"target_group\":");
		if (e->target == TG_NONE) /* the app stores "none" as null */
			p = PUT_LIT(p, "null");
		else
			p = PUT_JSTR(p, target_name[e->target]);
		*p++ = '}';
		break;
	case EV_CHECK_IN:
		if (rng_chance(r, 0.25)) /* not yet assigned */
			p = PUT_LIT(p, ",\"place\":null");
		break;
	case EV_REFUSAL:
		p = PUT_LIT(p, ",\"reason\":");
		p = PUT_JSTR(p, refusal_name[e->refusal]);
		break;
	case EV_SESSION_START:
		p = put_jplace(p, e);
		break;
	case EV_CONSUMPTION:
		p = put_jplace(p, e);
		p = PUT_LIT(p, ",\"route\":");
		p = PUT_JSTR(p, route_name[e->route]);
		p = PUT_LIT(p, ",\"substance\":");
		p = PUT_JSTR(p, substance_name[e->substance]);
		break;
	case EV_SESSION_END:
		p = put_jplace(p, e);
		p = PUT_LIT(p, ",\"duration_s\":");
		p = put_u(p, e->num, 1);
		break;
	case EV_INCIDENT:
		p = PUT_LIT(p, ",\"incident\":{\"type\":");
		p = PUT_JSTR(p, incident_name[e->incident]);
		p = PUT_LIT(p, ",\"outcome\":");
		p = PUT_JSTR(p, outcome_name[e->outcome]);
		*p++ = '}';
		break;
	case EV_INTERVENTION:
		p = PUT_LIT(p, ",\"incident\":{\"type\":");
		p = PUT_JSTR(p, incident_name[e->incident]);
		p = PUT_LIT(p, "},\"response\":");
		p = PUT_JSTR(p, response_name[e->response]);
		if (e->response == RS_NALOXONE) {
			p = PUT_LIT(p, ",\"naloxone_doses\":");
			p = put_u(p, e->doses, 1);
		} else if (rng_chance(r, 0.5)) {
			p = PUT_LIT(p, ",\"naloxone_doses\":null");
		}
		break;
	case EV_SERVICE:
		p = PUT_LIT(p, ",\"service\":");
		p = PUT_JSTR(p, service_name[e->service]);
		break;
	case EV_REFERRAL:
		p = PUT_LIT(p, ",\"referral\":{\"target\":");
		p = PUT_JSTR(p, referral_name[e->referral]);
		p = PUT_LIT(p, ",\"location\":");
		p = PUT_JSTR(p, location_name[e->location]);
		*p++ = '}';
		break;
	case EV_DRUG_CHECK:
		p = PUT_LIT(p, ",\"check\":{\"method\":");
		p = PUT_JSTR(p, method_name[e->method]);
		p = PUT_LIT(p, ",\"result\":");
		p = PUT_JSTR(p, result_name[e->result]);
		p = PUT_LIT(p, ",\"substance\":");
		p = PUT_JSTR(p, substance_name[e->substance]);
		*p++ = '}';
		break;
	case EV_BAN_START:
		p = PUT_LIT(p, ",\"ban\":{\"days\":");
		p = put_u(p, e->num / 86400, 1);
		*p++ = '}';
		break;
	default:
		break;
	}
	return PUT_LIT(p, "}\n");
}

static char *put_source(char *p, const char *name, unsigned pid)
{
	p = put_s(p, name);
	*p++ = '[';
	p = put_u(p, pid, 1);
	return PUT_LIT(p, "]: ");
}

static char *put_text_ids(char *p, const struct event *e,
			  const struct facility *f, bool client)
{
	if (client) {
		p = PUT_LIT(p, " client=");
		p = put_client(p, e);
	}
	if (e->visit) {
		p = PUT_LIT(p, " visit=");
		p = put_visit(p, f, e->visit);
	}
	return p;
}

/* The text dialect folds an incident's interventions into its line
 * ("response=oxygen,naloxone doses=2"), as a nurse's note would. */
static char *put_incident_text(char *p, const struct event *e)
{
	p = PUT_LIT(p, "INCIDENT ");
	p = put_s(p, incident_name[e->incident]);
	if (e->responses) {
		char sep = '=';
		p = PUT_LIT(p, " response");
		for (int i = 0; i < N_RESPONSE; i++) {
			if (!(e->responses & (1u << i)))
				continue;
			*p++ = sep;
			sep = ',';
			p = put_s(p, response_name[i]);
		}
		if (e->doses) {
			p = PUT_LIT(p, " doses=");
			p = put_u(p, e->doses, 1);
		}
	}
	p = PUT_LIT(p, " outcome=");
	return put_s(p, outcome_name[e->outcome]);
}

static char *put_text(char *p, const struct event *e, struct facility *f)
{
	p = put_datetime(p, e->utc + e->offset, ' ');
	*p++ = ' ';
	p = put_s(p, f->id);
	*p++ = ' ';
	switch (e->type) {
	case EV_REGISTRATION:
		p = put_source(p, "door", f->door_pid);
		p = PUT_LIT(p, "REGISTER");
		p = put_text_ids(p, e, f, true);
		p = PUT_LIT(p, " sex=");
		p = put_s(p, sex_name[e->sex]);
		p = PUT_LIT(p, " born=");
		p = put_u(p, e->birth_year, 4);
		p = PUT_LIT(p, " housing=");
		p = put_s(p, housing_name[e->housing]);
		p = PUT_LIT(p, " group=");
		p = put_s(p, target_name[e->target]);
		break;
	case EV_CHECK_IN:
		p = put_source(p, "door", f->door_pid);
		p = PUT_LIT(p, "CHECKIN");
		p = put_text_ids(p, e, f, true);
		break;
	case EV_REFUSAL:
		p = put_source(p, "door", f->door_pid);
		p = PUT_LIT(p, "REFUSED");
		p = put_text_ids(p, e, f, true);
		p = PUT_LIT(p, " reason=");
		p = put_s(p, refusal_name[e->refusal]);
		break;
	case EV_SESSION_START:
		p = PUT_LIT(p, "room: START place=");
		p = put_place(p, e);
		p = PUT_LIT(p, " type=");
		p = put_s(p, place_type_name[e->place_type]);
		p = put_text_ids(p, e, f, true);
		break;
	case EV_CONSUMPTION:
		p = PUT_LIT(p, "room: USE place=");
		p = put_place(p, e);
		p = PUT_LIT(p, " route=");
		p = put_s(p, route_name[e->route]);
		p = PUT_LIT(p, " substance=");
		p = put_s(p, substance_name[e->substance]);
		p = put_text_ids(p, e, f, false);
		break;
	case EV_SESSION_END:
		p = PUT_LIT(p, "room: END place=");
		p = put_place(p, e);
		p = PUT_LIT(p, " after ");
		p = put_u(p, e->num, 1);
		*p++ = 's';
		p = put_text_ids(p, e, f, false);
		break;
	case EV_INCIDENT:
		p = put_s(p, e->incident <= IN_OTHER_MEDICAL ? "nurse: "
							      : "security: ");
		p = put_incident_text(p, e);
		p = put_text_ids(p, e, f, true);
		break;
	case EV_SERVICE:
		p = put_s(p, service_source[e->service]);
		p = PUT_LIT(p, ": SERVICE ");
		p = put_s(p, service_name[e->service]);
		p = put_text_ids(p, e, f, false);
		break;
	case EV_REFERRAL:
		p = PUT_LIT(p, "social: REFERRAL ");
		p = put_s(p, referral_name[e->referral]);
		*p++ = ' ';
		p = put_s(p, location_name[e->location]);
		p = put_text_ids(p, e, f, false);
		break;
	case EV_DRUG_CHECK:
		p = PUT_LIT(p, "lab: CHECK method=");
		p = put_s(p, method_name[e->method]);
		p = PUT_LIT(p, " sample=");
		p = put_s(p, substance_name[e->substance]);
		p = PUT_LIT(p, " result=");
		p = put_s(p, result_name[e->result]);
		p = put_text_ids(p, e, f, false);
		break;
	case EV_BAN_START:
		p = PUT_LIT(p, "security: BAN");
		p = put_text_ids(p, e, f, true);
		p = PUT_LIT(p, " days=");
		p = put_u(p, e->num / 86400, 1);
		break;
	case EV_BAN_END:
		p = put_source(p, "door", f->door_pid);
		p = PUT_LIT(p, "UNBAN");
		p = put_text_ids(p, e, f, true);
		break;
	case EV_NOISE:
		if (e->noise == NZ_SYNC) {
			p = put_source(p, "sync", f->sync_pid);
			p = PUT_LIT(p, "upload ok records=");
			p = put_u(p, e->num, 1);
		} else {
			p = put_source(p, "door", f->door_pid);
			p = e->noise == NZ_HEARTBEAT
				    ? PUT_LIT(p, "heartbeat ok")
				    : PUT_LIT(p, "badge reader reconnected");
		}
		break;
	}
	*p++ = '\n';
	return p;
}

/* ------------------------------------------------------------------ */
/* Formats                                                             */
/* ------------------------------------------------------------------ */

enum format { F_LOGFMT, F_CSV, F_NLCSV, F_JSONL, F_TEXT };
static const struct format_def {
	const char *name;
	const char *header;
	size_t header_len;
} formats[] = {
	[F_LOGFMT] = { "logfmt", "", 0 },
	[F_CSV] = { "csv", csv_header, sizeof csv_header - 1 },
	[F_NLCSV] = { "nl-csv", nlcsv_header, sizeof nlcsv_header - 1 },
	[F_JSONL] = { "jsonl", "", 0 },
	[F_TEXT] = { "text", "", 0 },
};

/* Whether the format writes this event (the Dutch export has no column
 * for drug checks or bans; only text has noise). */
static bool writes(enum format fmt, const struct event *e)
{
	if (e->type == EV_NOISE)
		return fmt == F_TEXT;
	if (fmt == F_NLCSV)
		return event_nl[e->type] != NULL;
	if (fmt == F_TEXT) /* folded into the INCIDENT line */
		return e->type != EV_INTERVENTION;
	return true;
}

static void write_event(struct out *o, enum format fmt, const struct event *e,
			struct facility *f)
{
	if (!writes(fmt, e))
		return;
	char *p = out_begin(o);
	switch (fmt) {
	case F_LOGFMT:
		p = put_logfmt(p, e, f);
		break;
	case F_CSV:
		p = put_csv(p, e, f);
		break;
	case F_NLCSV:
		p = put_nlcsv(p, e, f);
		break;
	case F_JSONL:
		p = put_jsonl(p, e, f);
		break;
	case F_TEXT:
		p = put_text(p, e, f);
		break;
	}
	out_end(o, p);
}

/* ------------------------------------------------------------------ */
/* Options                                                             */
/* ------------------------------------------------------------------ */

static const char usage_text[] =
	"usage: dcr-gen [-s SEED] [-f FORMAT] [--facilities N | --facility ID ...]\n"
	"               [--start YYYY-MM-DD] [--days N | --size BYTES]\n"
	"               [--visits N] [-o FILE]\n"
	"\n"
	"Write realistic synthetic drug consumption room logs, the same bytes\n"
	"for the same arguments.\n"
	"\n"
	"  -s, --seed SEED       random seed (default 1)\n"
	"  -f, --format FORMAT   logfmt (default), csv, nl-csv, jsonl, text\n"
	"      --facilities N    facilities nl-ams-01, nl-rtm-01, nl-utr-01,\n"
	"                        nl-dhg-01, nl-ein-01, nl-ams-02, ... (default 3)\n"
	"      --facility ID     only this facility (repeatable); its records are\n"
	"                        those it has in a run with more facilities\n"
	"      --start DATE      first local day (default 2024-03-01)\n"
	"      --days N          number of days (default 7)\n"
	"      --size BYTES      instead of --days: whole days until at least\n"
	"                        BYTES were written (suffix K, M, G: powers of 1024)\n"
	"      --visits N        mean arrivals per facility and day (default 60)\n"
	"  -o, --output FILE     write to FILE instead of stdout\n"
	"  -h, --help            show this help\n"
	"      --version         show the version\n";

struct options {
	uint64_t seed;
	enum format format;
	uint32_t n_facilities;
	uint32_t *only;		/* --facility indices, or NULL */
	uint32_t n_only;
	int64_t start_day;
	uint32_t days;
	uint64_t size;		/* 0: use days */
	uint32_t visits;
	const char *output;
};

static uint64_t parse_uint(const char *s, uint64_t min, uint64_t max,
			   const char *what)
{
	uint64_t v = 0;
	if (!*s)
		die_usage("invalid %s: ''", what);
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > (UINT64_MAX - 9) / 10)
			die_usage("invalid %s: '%s'", what, s);
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (v < min || v > max)
		die_usage("%s out of range (%llu..%llu): '%s'", what,
			  (unsigned long long)min, (unsigned long long)max, s);
	return v;
}

/* BYTES with an optional K, M or G (powers of 1024). */
static uint64_t parse_size(const char *s)
{
	size_t n = strlen(s);
	int shift = 0;
	if (n > 0) {
		switch (s[n - 1]) {
		case 'K': case 'k': shift = 10; break;
		case 'M': case 'm': shift = 20; break;
		case 'G': case 'g': shift = 30; break;
		}
	}
	char digits[32];
	size_t nd = shift ? n - 1 : n;
	if (nd == 0 || nd >= sizeof digits)
		die_usage("invalid size: '%s'", s);
	memcpy(digits, s, nd);
	digits[nd] = '\0';
	uint64_t v = parse_uint(digits, 1, UINT64_MAX >> shift, "size");
	return v << shift;
}

static int64_t parse_date(const char *s)
{
	int y, m, d;
	char end;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3)
		die_usage("invalid date (want YYYY-MM-DD): '%s'", s);
	int64_t day = days_from_civil(y, m, d);
	int y2, m2, d2;
	civil_from_days(day, &y2, &m2, &d2);
	if (y < 1970 || y > 9999 || y2 != y || m2 != m || d2 != d)
		die_usage("invalid date: '%s'", s);
	return day;
}

/* nl-ams-01 -> 0, nl-rtm-01 -> 1, ..., nl-ams-02 -> 5 */
static uint32_t parse_facility(const char *s)
{
	for (uint32_t c = 0; c < N_CITIES; c++) {
		size_t n = strlen(cities[c].code);
		if (strncmp(s, "nl-", 3) != 0 ||
		    strncmp(s + 3, cities[c].code, n) != 0 || s[3 + n] != '-')
			continue;
		const char *num = s + 4 + n;
		if (strlen(num) < 2 || (strlen(num) > 2 && num[0] == '0'))
			break;
		uint64_t k = parse_uint(num, 1, 10000, "facility number");
		return (uint32_t)((k - 1) * N_CITIES + c);
	}
	die_usage("unknown facility: '%s' (want nl-ams-01, nl-rtm-01, "
		  "nl-utr-01, nl-dhg-01, nl-ein-01, nl-ams-02, ...)", s);
}

static void parse_options(int argc, char **argv, struct options *o)
{
	enum { O_FACILITIES = 256, O_FACILITY, O_START, O_DAYS, O_SIZE,
	       O_VISITS, O_VERSION };
	static const struct option longopts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "facilities", required_argument, NULL, O_FACILITIES },
		{ "facility", required_argument, NULL, O_FACILITY },
		{ "start", required_argument, NULL, O_START },
		{ "days", required_argument, NULL, O_DAYS },
		{ "size", required_argument, NULL, O_SIZE },
		{ "visits", required_argument, NULL, O_VISITS },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	bool have_days = false, have_facilities = false;
	opterr = 0; /* our own messages, in the dcr-gen: format */
	*o = (struct options){ .seed = 1, .format = F_LOGFMT,
			       .n_facilities = 3,
			       .start_day = days_from_civil(2024, 3, 1),
			       .days = 7, .visits = 60 };
	int ch;
	while ((ch = getopt_long(argc, argv, ":s:f:o:h", longopts, NULL)) !=
	       -1) {
		switch (ch) {
		case 's':
			o->seed = parse_uint(optarg, 0, UINT64_MAX, "seed");
			break;
		case 'f': {
			size_t i = 0;
			while (i < NELEM(formats) &&
			       strcmp(optarg, formats[i].name) != 0)
				i++;
			if (i == NELEM(formats))
				die_usage("unknown format: '%s' (want logfmt, "
					  "csv, nl-csv, jsonl or text)", optarg);
			o->format = (enum format)i;
			break;
		}
		case O_FACILITIES:
			o->n_facilities = (uint32_t)parse_uint(
				optarg, 1, 10000, "number of facilities");
			have_facilities = true;
			break;
		case O_FACILITY: {
			uint32_t idx = parse_facility(optarg);
			for (uint32_t i = 0; i < o->n_only; i++)
				if (o->only[i] == idx)
					die_usage("facility given twice: '%s'",
						  optarg);
			o->only = xreallocarray(o->only, o->n_only + 1,
						sizeof *o->only);
			o->only[o->n_only++] = idx;
			break;
		}
		case O_START:
			o->start_day = parse_date(optarg);
			break;
		case O_DAYS:
			o->days = (uint32_t)parse_uint(optarg, 1, 1000000,
						       "number of days");
			have_days = true;
			break;
		case O_SIZE:
			o->size = parse_size(optarg);
			break;
		case O_VISITS:
			o->visits = (uint32_t)parse_uint(optarg, 1, 100000,
							 "visits");
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			if (fflush(stdout) != 0 || ferror(stdout))
				die_errno("write error on stdout");
			exit(EXIT_OK);
		case O_VERSION:
			puts("dcr-gen 0.1");
			exit(EXIT_OK);
		case ':':
			die_usage("option '%s' needs an argument",
				  argv[optind - 1]);
		default: {
			const char *arg = argv[optind - 1];
			if (strncmp(arg, "--", 2) != 0)
				die_usage("unknown option '-%c'", optopt);
			if (optopt) /* --help=3 */
				die_usage("option '%s' takes no argument",
					  arg);
			die_usage("unknown or ambiguous option '%s'", arg);
		}
		}
	}
	if (optind < argc)
		die_usage("unexpected argument: '%s'", argv[optind]);
	if (have_days && o->size)
		die_usage("--days and --size exclude each other");
	if (have_facilities && o->n_only)
		die_usage("--facilities and --facility exclude each other");
}

/* ------------------------------------------------------------------ */
/* Main                                                                */
/* ------------------------------------------------------------------ */

static const char *partial_output; /* removed if we die while writing */

static void remove_partial(void)
{
	if (partial_output)
		unlink(partial_output);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	struct options opt;
	parse_options(argc, argv, &opt);

	/* The facilities to generate, by index in the global list. */
	uint32_t n_fac = opt.n_only ? opt.n_only : opt.n_facilities;
	uint32_t *index = opt.only;
	if (!index) {
		index = xreallocarray(NULL, n_fac, sizeof *index);
		for (uint32_t i = 0; i < n_fac; i++)
			index[i] = i;
	}
	qsort(index, n_fac, sizeof *index, cmp_u32);
	struct facility *fac = xreallocarray(NULL, n_fac, sizeof *fac);
	for (uint32_t i = 0; i < n_fac; i++)
		facility_init(&fac[i], index[i], opt.seed, opt.visits,
			      opt.start_day);

	struct out o = { .fd = STDOUT_FILENO, .name = "stdout" };
	if (opt.output && strcmp(opt.output, "-") != 0) {
		o.fd = open(opt.output, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (o.fd < 0)
			die_errno("cannot open %s", opt.output);
		o.name = opt.output;
		/* A half-written log must not pass for a sample; but never
		 * unlink what is not a regular file (-o /dev/full). */
		struct stat st;
		if (fstat(o.fd, &st) == 0 && S_ISREG(st.st_mode)) {
			partial_output = opt.output;
			err_on_die(remove_partial);
		}
	}
	o.buf = xmalloc((size_t)OUT_CAP + 2 * RECORD_MAX);

	const struct format_def *fd = &formats[opt.format];
	memcpy(o.buf, fd->header, fd->header_len);
	o.len = fd->header_len;

	struct evbuf eb = { NULL, 0, 0 };
	int64_t last_day = days_from_civil(9999, 12, 31);
	for (uint64_t d = 0;; d++) {
		int64_t day = opt.start_day + (int64_t)d;
		if (day > last_day)
			die("the dates would pass the year 9999");
		eb.n = 0;
		for (uint32_t i = 0; i < n_fac; i++)
			facility_day(&fac[i], (uint16_t)i, day, &eb,
				     opt.format == F_TEXT);
		finish_day(&eb, day);
		for (size_t i = 0; i < eb.n; i++)
			write_event(&o, opt.format, &eb.v[i], &fac[eb.v[i].fac]);
		if (opt.size ? o.flushed + o.len >= opt.size
			     : d + 1 >= opt.days)
			break;
	}
	out_flush(&o);
	if (o.fd != STDOUT_FILENO && close(o.fd) != 0)
		die_errno("write error on %s", o.name);
	partial_output = NULL;

	for (uint32_t i = 0; i < n_fac; i++)
		facility_free(&fac[i]);
	free(fac);
	free(index);
	free(eb.v);
	free(o.buf);
	return EXIT_OK;
}
