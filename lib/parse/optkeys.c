/* optkeys.c - the keys of dcr-parse's options that no record had. See
 * optkeys.h. */
#include "parse/optkeys.h"

#include <string.h>

/* A key is named only when nothing makes it known already: a key allowed
 * or declared is never looked for, so the records cost nothing once the
 * keys that can be typos have all been seen. */
static void name(struct keycheck *kc, const char *opt, const char *k,
		 size_t kn, const struct reshape *f, const struct schema *schema)
{
	if (keylist_has(&f->allow, k, kn) || (schema && schema_has_key(schema, k, kn)))
		return;
	keycheck_name(kc, opt, k, kn);
}

static void name_list(struct keycheck *kc, const char *opt,
		      const struct keylist *kl, const struct reshape *f,
		      const struct schema *schema)
{
	for (size_t i = 0; i < kl->n; i++)
		name(kc, opt, kl->k[i], kl->len[i], f, schema);
}

/* A rename's FROM and TO name one field: --allow-missing may give either. */
static bool map_allowed(const struct reshape *f, size_t i)
{
	return keylist_has(&f->allow, f->map[i].k, f->map[i].kn) ||
	       keylist_has(&f->allow, f->map[i].v, f->map[i].vn);
}

void optkeys_init(struct optkeys *ok, const struct reshape *f,
		  const struct keylist *time_keys, const struct schema *schema)
{
	memset(ok, 0, sizeof *ok);
	for (size_t i = 0; i < f->nmap; i++)
		if (!map_allowed(f, i)) /* the input's names: no schema */
			name(&ok->read, "--map", f->map[i].k, f->map[i].kn, f, NULL);
	name_list(&ok->renamed, "--time", time_keys, f, schema);
	name_list(&ok->renamed, "--decimal-comma", &f->comma_keys, f, schema);
	name_list(&ok->renamed, "--scale", &f->scale_keys, f, schema);
	name_list(&ok->renamed, "--keep", &f->keep, f, schema);
	name_list(&ok->renamed, "--drop", &f->drop, f, schema);
	for (size_t i = 0; i < f->nmap; i++)
		if (map_allowed(f, i)) /* its TO then, after --map */
			keycheck_know(&ok->renamed, f->map[i].v, f->map[i].vn);
	/* --set gives its keys after --keep and --drop have chosen */
	for (size_t i = 0; i < f->nset; i++)
		keycheck_know(&ok->renamed, f->set[i].k, f->set[i].kn);
}

/* keycheck_record for pairs: every pair counts, dropped or empty. */
static void feed(struct keycheck *kc, const struct pairs *p)
{
	kc->records++;
	for (size_t i = 0; i < p->n && kc->unseen; i++)
		keycheck_know(kc, p->p[i].k, p->p[i].kn);
}

void optkeys_read(struct optkeys *ok, const struct pairs *p)
{
	if (ok->read.nnamed)
		feed(&ok->read, p);
}

void optkeys_renamed(struct optkeys *ok, const struct pairs *p)
{
	if (ok->renamed.nnamed)
		feed(&ok->renamed, p);
}

bool optkeys_report(struct optkeys *ok)
{
	bool a = keycheck_report(&ok->read);
	bool b = keycheck_report(&ok->renamed);
	return a && b;
}

void optkeys_free(struct optkeys *ok)
{
	keycheck_free(&ok->read);
	keycheck_free(&ok->renamed);
}
