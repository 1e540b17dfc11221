/* SPDX-License-Identifier: MIT */
/*
 * hmap - open-addressing hash map with linear probing; slots keep the
 * key's hash.
 *
 * The load factor is kept at most 3/4 (the slots keep the hash, so a
 * longer probe costs an integer compare per slot, not a strcmp).  There is no delete: the model only
 * ever adds or replaces settings.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "xmem.h"

/*
 * hmap_hash_n - eight bytes at a time: each word is mixed in with a
 * multiply and a shift, the length seeds the state, and a final
 * avalanche folds the high bits into the low ones that the table index
 * uses (keys differing in one digit, "1/inet" and "2/inet", must not
 * cluster under linear probing).
 */
size_t
hmap_hash_n(const char *key, size_t n)
{
	const uint64_t	 k = 0x9e3779b97f4a7c15ULL;
	uint64_t	 h = 0x243f6a8885a308d3ULL ^ ((uint64_t)n * k);
	uint64_t	 w;
	size_t		 i, left = n;

	for (; left >= 8; left -= 8, key += 8) {
		memcpy(&w, key, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (left > 0) {
		/* The tail: the last 8 bytes of a longer key (fixed-size
		 * loads, no memcpy call), else byte by byte. */
		if (n >= 8)
			memcpy(&w, key + left - 8, 8);
		else
			for (w = 0, i = 0; i < left; i++)
				w |= (uint64_t)(unsigned char)key[i] << (8 * i);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	h *= k;
	h ^= h >> 29;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 32;
	return (size_t)h;
}

size_t
hmap_hash(const char *key)
{
	return hmap_hash_n(key, strlen(key));
}

static struct hmap_slot *
find(const struct hmap *m, const char *key, size_t h)
{
	size_t			 i = h & (m->cap - 1);
	struct hmap_slot	*s;

	for (;;) {
		s = &m->slots[i];
		if (s->key == NULL ||
		    (s->hash == h && strcmp(s->key, key) == 0))
			return s;
		i = (i + 1) & (m->cap - 1);
	}
}

void *
hmap_get(const struct hmap *m, const char *key)
{
	struct hmap_slot	*s;

	if (m->cap == 0)
		return NULL;
	s = find(m, key, hmap_hash(key));
	return s->key != NULL ? s->val : NULL;
}

/* resize - move the keys to a table of cap slots (a power of two that
 * holds them at the load limit) */
static void
resize(struct hmap *m, size_t cap)
{
	struct hmap	 n;
	size_t		 i, j;

	n.cap = cap;
	n.len = m->len;
	n.slots = xcalloc(n.cap, sizeof(*n.slots));
	for (i = 0; i < m->cap; i++) {
		if (m->slots[i].key == NULL)
			continue;
		/* Keys are distinct: the first free slot is the place. */
		j = m->slots[i].hash & (n.cap - 1);
		while (n.slots[j].key != NULL)
			j = (j + 1) & (n.cap - 1);
		n.slots[j] = m->slots[i];
	}
	free(m->slots);
	*m = n;
}

static void
grow(struct hmap *m)
{
	resize(m, m->cap ? m->cap * 2 : 8);
}

void
hmap_reserve(struct hmap *m, size_t n)
{
	size_t	cap = m->cap ? m->cap : 8;

	if (n > SIZE_MAX / 8 - m->len)
		return;		/* absurd: growth will say so */
	while ((m->len + n + 1) * 4 > cap * 3)
		cap *= 2;
	if (cap != m->cap)
		resize(m, cap);
}

void *
hmap_put(struct hmap *m, const char *key, void *val)
{
	struct hmap_slot	*s;
	size_t			 h = hmap_hash(key);
	void			*old;

	if ((m->len + 1) * 4 > m->cap * 3)
		grow(m);
	s = find(m, key, h);
	if (s->key != NULL) {
		old = s->val;
		s->val = val;
		return old;
	}
	s->key = key;
	s->val = val;
	s->hash = h;
	m->len++;
	return NULL;
}

void
hmap_free(struct hmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->len = 0;
}
