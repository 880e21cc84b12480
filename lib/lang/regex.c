/* regex.c - PCRE2 (8-bit) compiled once with limits, JIT where available. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "lang/regex.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "record/record.h"
#include "base/xmalloc.h"

/* Limits on the work of one match. PCRE2's own defaults would let a
 * catastrophic pattern run for minutes on a long value; these end it in
 * well under a second while leaving room for any sensible pattern on a
 * record of the maximum length. */
enum {
	MATCH_LIMIT = 10000000,	  /* backtracking steps per match */
	DEPTH_LIMIT = 100000,	  /* nested backtracking frames (interpreter) */
	HEAP_LIMIT_KIB = 65536,	  /* backtracking memory (interpreter) */
	JIT_STACK_MIN = 32 * 1024,
	JIT_STACK_MAX = 1024 * 1024,
	PARENS_NEST_LIMIT = 250	  /* nested parentheses in a pattern */
};

struct regex {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jstack;
	bool jit;
	size_t ngroups;
	char **names;		/* names[i]: group i's name or NULL, 1-based */
	char errmsg[256];
};

static void set_error(struct regex_error *err, int code, size_t offset)
{
	if (!err)
		return;
	PCRE2_UCHAR msg[sizeof err->msg];
	if (pcre2_get_error_message(code, msg, sizeof msg) < 0)
		snprintf((char *)msg, sizeof msg, "PCRE2 error %d", code);
	snprintf(err->msg, sizeof err->msg, "%s", (const char *)msg);
	err->offset = offset;
}

static uint32_t compile_options(unsigned flags)
{
	uint32_t o = PCRE2_UTF;
	if (flags & REGEX_CASELESS)
		o |= PCRE2_CASELESS;
	if (flags & REGEX_EXTENDED)
		o |= PCRE2_EXTENDED;
	if (flags & REGEX_DOTALL)
		o |= PCRE2_DOTALL;
	if (flags & REGEX_ANCHORED)
		o |= PCRE2_ANCHORED;
	return o;
}

/* Group names from PCRE2's name table: entries of entry_size bytes, the
 * group number in the first two (big-endian), then the NUL-terminated
 * name. */
static void load_names(struct regex *re)
{
	uint32_t count = 0, entry = 0;
	PCRE2_SPTR table = NULL;
	pcre2_pattern_info(re->code, PCRE2_INFO_NAMECOUNT, &count);
	if (count == 0)
		return;
	pcre2_pattern_info(re->code, PCRE2_INFO_NAMEENTRYSIZE, &entry);
	pcre2_pattern_info(re->code, PCRE2_INFO_NAMETABLE, &table);
	re->names = xcalloc(size_add(re->ngroups, 1), sizeof *re->names);
	for (uint32_t i = 0; i < count; i++) {
		PCRE2_SPTR e = table + (size_t)i * entry;
		size_t g = (size_t)e[0] << 8 | e[1];
		if (g >= 1 && g <= re->ngroups && !re->names[g])
			re->names[g] = xstrdup((const char *)(e + 2));
	}
}

/* The match context: limits and, for JIT code, the JIT stack. */
static void setup_matching(struct regex *re)
{
	re->mctx = pcre2_match_context_create(NULL);
	re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
	if (!re->mctx || !re->md)
		die("out of memory");
	pcre2_set_match_limit(re->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(re->mctx, DEPTH_LIMIT);
	pcre2_set_heap_limit(re->mctx, HEAP_LIMIT_KIB);
	if (re->jit) {
		re->jstack = pcre2_jit_stack_create(JIT_STACK_MIN,
						    JIT_STACK_MAX, NULL);
		if (re->jstack)
			pcre2_jit_stack_assign(re->mctx, NULL, re->jstack);
		else
			re->jit = false; /* the interpreter needs no JIT stack */
	}
}

struct regex *regex_compile(const char *pat, size_t n, unsigned flags,
			    struct regex_error *err)
{
	if (n > REGEX_MAX_PATTERN) {
		if (err) {
			snprintf(err->msg, sizeof err->msg,
				 "pattern longer than %d bytes", REGEX_MAX_PATTERN);
			err->offset = REGEX_MAX_PATTERN;
		}
		return NULL;
	}
	pcre2_compile_context *cctx = pcre2_compile_context_create(NULL);
	if (!cctx) {
		if (err) {
			snprintf(err->msg, sizeof err->msg, "out of memory");
			err->offset = 0;
		}
		return NULL;
	}
	pcre2_set_max_pattern_length(cctx, REGEX_MAX_PATTERN);
	pcre2_set_parens_nest_limit(cctx, PARENS_NEST_LIMIT);
	int code;
	PCRE2_SIZE off;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)pat, n, compile_options(flags),
				      &code, &off, cctx);
	pcre2_compile_context_free(cctx);
	if (!c) {
		set_error(err, code, off);
		return NULL;
	}
	struct regex *re = xcalloc(1, sizeof *re);
	re->code = c;
	/* JIT may be unavailable (no support built in, or memory that may
	 * not be made executable): the interpreter then does the work. */
	re->jit = pcre2_jit_compile(c, PCRE2_JIT_COMPLETE) == 0;
	uint32_t cap = 0;
	pcre2_pattern_info(c, PCRE2_INFO_CAPTURECOUNT, &cap);
	re->ngroups = cap;
	load_names(re);
	setup_matching(re);
	return re;
}

static int limit_error(struct regex *re, int rc)
{
	const char *what;
	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT: what = "match limit"; break;
	case PCRE2_ERROR_DEPTHLIMIT: what = "depth limit"; break;
	case PCRE2_ERROR_HEAPLIMIT: what = "heap limit"; break;
	case PCRE2_ERROR_JIT_STACKLIMIT: what = "JIT stack limit"; break;
	default: what = NULL;
	}
	if (what) {
		snprintf(re->errmsg, sizeof re->errmsg,
			 "regex %s exceeded (catastrophic pattern?)", what);
	} else {
		PCRE2_UCHAR msg[200];
		if (pcre2_get_error_message(rc, msg, sizeof msg) < 0)
			snprintf((char *)msg, sizeof msg, "error %d", rc);
		snprintf(re->errmsg, sizeof re->errmsg, "regex match failed: %s",
			 (const char *)msg);
	}
	return -1;
}

int regex_exec(struct regex *re, const char *s, size_t n,
	       struct slice *groups, size_t ng)
{
	/* An empty subject may come with s == NULL; PCRE2 wants a pointer. */
	PCRE2_SPTR subj = (PCRE2_SPTR)(s ? s : "");
	/* pcre2_jit_match() trusts its subject to be valid UTF-8; checking
	 * here, a word at a time, is cheaper than PCRE2's own check. */
	if (re->jit && utf8_check((const char *)subj, n) != n) {
		snprintf(re->errmsg, sizeof re->errmsg,
			 "invalid UTF-8 in the text to match");
		return -1;
	}
	int rc = re->jit
		? pcre2_jit_match(re->code, subj, n, 0, 0, re->md, re->mctx)
		: pcre2_match(re->code, subj, n, 0, 0, re->md, re->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return limit_error(re, rc);
	if (groups && ng) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
		uint32_t set = pcre2_get_ovector_count(re->md);
		for (size_t i = 0; i < ng; i++) {
			if (i < set && i < (size_t)rc && ov[2 * i] != PCRE2_UNSET &&
			    ov[2 * i] <= ov[2 * i + 1])
				groups[i] = slice_of((const char *)subj + ov[2 * i],
						     ov[2 * i + 1] - ov[2 * i]);
			else
				groups[i] = slice_of(NULL, 0);
		}
	}
	return 1;
}

size_t regex_ngroups(const struct regex *re)
{
	return re->ngroups;
}

const char *regex_group_name(const struct regex *re, size_t i)
{
	if (!re->names || i == 0 || i > re->ngroups)
		return NULL;
	return re->names[i];
}

const char *regex_errmsg(const struct regex *re)
{
	return re->errmsg;
}

void regex_free(struct regex *re)
{
	if (!re)
		return;
	if (re->names) {
		for (size_t i = 0; i <= re->ngroups; i++)
			free(re->names[i]);
		free(re->names);
	}
	pcre2_match_data_free(re->md);
	pcre2_match_context_free(re->mctx);
	pcre2_jit_stack_free(re->jstack);
	pcre2_code_free(re->code);
	free(re);
}
