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

/* The hash bits a slot keeps: the position in the table comes from
 * them too, so that growing needs no key. */
static uint32_t
hash32(const char *key)
{
	size_t	h = hmap_hash(key);

	return (uint32_t)h ^ (uint32_t)((uint64_t)h >> 32);
}

/* find - the slot holding key, or the free slot where it belongs */
static size_t
find(const struct hmap *m, const char *key, uint32_t h)
{
	size_t		 i = h & (m->cap - 1);
	uint64_t	 s;

	for (;;) {
		s = m->slots[i];
		if (s == 0 || ((uint32_t)(s >> 32) == h &&
		    strcmp(m->ents[(uint32_t)s - 1].key, key) == 0))
			return i;
		i = (i + 1) & (m->cap - 1);
	}
}

void *
hmap_get(const struct hmap *m, const char *key)
{
	uint64_t	s;

	if (m->cap == 0)
		return NULL;
	s = m->slots[find(m, key, hash32(key))];
	return s != 0 ? m->ents[(uint32_t)s - 1].val : NULL;
}

static void
resize(struct hmap *m, size_t cap)
{
	uint64_t	*n = xcalloc(cap, sizeof(*n));
	size_t		 i, j;

	for (i = 0; i < m->cap; i++) {
		if (m->slots[i] == 0)
			continue;
		/* Keys are distinct: the first free slot is the place. */
		j = (uint32_t)(m->slots[i] >> 32) & (cap - 1);
		while (n[j] != 0)
			j = (j + 1) & (cap - 1);
		n[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = n;
	m->cap = cap;
}

/* ents_room - room for n entries in all */
static void
ents_room(struct hmap *m, size_t n)
{
	if (n <= m->ecap)
		return;
	if (n >= UINT32_MAX)
		xmem_oom();
	m->ents = xreallocarray(m->ents, n, sizeof(*m->ents));
	m->ecap = n;
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
	ents_room(m, m->len + n);
}

void *
hmap_put(struct hmap *m, const char *key, void *val)
{
	uint32_t	 h = hash32(key);
	size_t		 i;
	void		*old;

	if ((m->len + 1) * 4 > m->cap * 3)
		resize(m, m->cap ? m->cap * 2 : 8);
	i = find(m, key, h);
	if (m->slots[i] != 0) {
		old = m->ents[(uint32_t)m->slots[i] - 1].val;
		m->ents[(uint32_t)m->slots[i] - 1].val = val;
		return old;
	}
	if (m->len == m->ecap)
		ents_room(m, m->ecap < 8 ? 8 : m->ecap + m->ecap / 2);
	m->ents[m->len].key = key;
	m->ents[m->len].val = val;
	m->len++;
	m->slots[i] = (uint64_t)h << 32 | (uint64_t)m->len;
	return NULL;
}

void
hmap_free(struct hmap *m)
{
	free(m->slots);
	free(m->ents);
	m->slots = NULL;
	m->ents = NULL;
	m->cap = m->len = m->ecap = 0;
}
