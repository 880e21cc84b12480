/* hash.c - byte hashing, arenas, the group table and string sets. */
#include "base/hash.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"

/* ---- hashing ---- */

__extension__ typedef unsigned __int128 u128;

/* Multiply and fold: the 128-bit product's halves xor-ed, which spreads
 * every input bit over the result (the core step of the wyhash family). */
static inline uint64_t fold_mul(uint64_t a, uint64_t b)
{
	u128 r = (u128)a * b;
	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t load64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static inline uint64_t load32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static const uint64_t K1 = 0x9e3779b97f4a7c15ULL;
static const uint64_t K2 = 0xd6e8feb86659fd93ULL;
static const uint64_t K3 = 0xa0761d6478bd642fULL;

uint64_t hash_bytes(const void *data, size_t n, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = seed ^ ((uint64_t)n * K1);
	size_t left = n;
	while (left > 16) {
		h = fold_mul(load64(p) ^ K2 ^ h, load64(p + 8) ^ K3);
		p += 16;
		left -= 16;
	}
	uint64_t a = 0, b = 0;
	if (left >= 8) {
		a = load64(p);
		b = load64(p + left - 8);
	} else if (left >= 4) {
		a = load32(p);
		b = load32(p + left - 4);
	} else if (left > 0) {
		a = (uint64_t)p[0] << 16 | (uint64_t)p[left / 2] << 8 | p[left - 1];
	}
	h = fold_mul(a ^ K2 ^ h, b ^ K3 ^ (uint64_t)left);
	return fold_mul(h ^ K1, K3);
}

/* ---- arena ---- */

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;
	_Alignas(16) char data[];
};

enum { ARENA_CHUNK = 1 << 20 };

void arena_init(struct arena *a)
{
	memset(a, 0, sizeof *a);
}

void *arena_alloc(struct arena *a, size_t n)
{
	n = size_add(n, 15) & ~(size_t)15;
	if (n > a->left) {
		size_t size = n > ARENA_CHUNK / 4 ? n : ARENA_CHUNK;
		struct arena_chunk *c =
			xmalloc(size_add(sizeof *c, size));
		c->size = size;
		if (n > ARENA_CHUNK / 4 && a->head) {
			/* A big block gets a chunk of its own, behind the
			 * current one, so the free space there is kept. */
			c->next = a->head->next;
			a->head->next = c;
			a->total += size;
			return c->data;
		}
		c->next = a->head;
		a->head = c;
		a->p = c->data;
		a->left = size;
		a->total += size;
	}
	void *r = a->p;
	a->p += n;
	a->left -= n;
	return r;
}

void *arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	memset(p, 0, n);
	return p;
}

void arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	memset(a, 0, sizeof *a);
}

/* ---- group table ---- */

void gtab_init(struct gtab *t)
{
	t->mask = 255;
	t->n = 0;
	t->slots = xcalloc(t->mask + 1, sizeof *t->slots);
}

void gtab_free(struct gtab *t)
{
	free(t->slots);
	t->slots = NULL;
	t->mask = t->n = 0;
}

struct gtab_slot *gtab_lookup(struct gtab *t, const char *key, size_t n,
			      uint64_t h)
{
	size_t i = (size_t)h & t->mask;
	for (;;) {
		struct gtab_slot *s = &t->slots[i];
		if (!s->key)
			return s;
		if (s->hash == h && s->klen == n && mem_eq(s->key, key, n))
			return s;
		i = (i + 1) & t->mask;
	}
}

static void gtab_grow(struct gtab *t)
{
	size_t old = t->mask + 1;
	struct gtab_slot *slots = t->slots;
	t->mask = size_mul(old, 2) - 1;
	t->slots = xcalloc(t->mask + 1, sizeof *t->slots);
	for (size_t i = 0; i < old; i++) {
		if (!slots[i].key)
			continue;
		size_t j = (size_t)slots[i].hash & t->mask;
		while (t->slots[j].key)
			j = (j + 1) & t->mask;
		t->slots[j] = slots[i];
	}
	free(slots);
}

void gtab_added(struct gtab *t)
{
	/* At most half full: short probe sequences. */
	if (++t->n * 2 > t->mask + 1)
		gtab_grow(t);
}

/* ---- string sets ---- */

void sset_free(struct sset *s)
{
	free(s->slots);
	memset(s, 0, sizeof *s);
}

static void sset_grow(struct sset *s)
{
	uint32_t old = s->slots ? s->mask + 1 : 0;
	uint32_t cap = old ? old * 2 : 8;
	if (old > UINT32_MAX / 2)
		abort(); /* 2^31 distinct values in one group: memory ran out first */
	struct sset_slot *slots = xcalloc(cap, sizeof *slots);
	for (uint32_t i = 0; i < old; i++) {
		if (!s->slots[i].s)
			continue;
		uint32_t j = s->slots[i].hash & (cap - 1);
		while (slots[j].s)
			j = (j + 1) & (cap - 1);
		slots[j] = s->slots[i];
	}
	free(s->slots);
	s->slots = slots;
	s->mask = cap - 1;
}

struct sset_slot *sset_add(struct sset *s, struct arena *a, const char *v,
			   size_t n, uint64_t h, uint32_t count)
{
	if (!s->slots || (uint64_t)(s->n + 1) * 4 > (uint64_t)(s->mask + 1) * 3)
		sset_grow(s);
	uint32_t h32 = (uint32_t)h;
	uint32_t i = h32 & s->mask;
	for (;;) {
		struct sset_slot *sl = &s->slots[i];
		if (!sl->s) {
			if (n > UINT32_MAX)
				n = UINT32_MAX; /* cannot happen: records are shorter */
			uint32_t len = (uint32_t)n;
			char *p = arena_alloc(a, sizeof len + n);
			memcpy(p, &len, sizeof len);
			if (n)
				memcpy(p + sizeof len, v, n);
			sl->s = p;
			sl->hash = h32;
			sl->count = count;
			s->n++;
			return sl;
		}
		if (sl->hash == h32) {
			struct slice have = sset_str(sl);
			if (have.n == n && mem_eq(have.p, v, n)) {
				sl->count = count > UINT32_MAX - sl->count
						    ? UINT32_MAX
						    : sl->count + count;
				return sl;
			}
		}
		i = (i + 1) & s->mask;
	}
}

static int cmp_slot(const void *a, const void *b)
{
	struct slice x = sset_str(*(struct sset_slot *const *)a);
	struct slice y = sset_str(*(struct sset_slot *const *)b);
	size_t n = x.n < y.n ? x.n : y.n;
	int c = n ? memcmp(x.p, y.p, n) : 0;
	if (c)
		return c;
	return (x.n > y.n) - (x.n < y.n);
}

struct sset_slot **sset_sorted(const struct sset *s, size_t *n)
{
	struct sset_slot **v = xcalloc(s->n ? s->n : 1, sizeof *v);
	size_t k = 0;
	if (s->slots)
		for (uint32_t i = 0; i <= s->mask; i++)
			if (s->slots[i].s)
				v[k++] = &s->slots[i];
	qsort(v, k, sizeof *v, cmp_slot);
	*n = k;
	return v;
}
