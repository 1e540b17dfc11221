/* SPDX-License-Identifier: MIT */
/*
 * hmap - open-addressing hash map with linear probing.
 *
 * The load factor is kept under 1/2.  There is no delete: the model only
 * ever adds or replaces settings.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "xmem.h"

size_t
hmap_hash(const char *key)
{
	uint64_t	h = 14695981039346656037ULL;

	for (; *key != '\0'; key++) {
		h ^= (unsigned char)*key;
		h *= 1099511628211ULL;
	}
	/* A multiply only carries bits upwards: fold the high bits into the
	 * low ones the table index uses, or keys differing in one digit
	 * ("1/inet", "2/inet") cluster under linear probing. */
	h ^= h >> 32;
	h *= 0x9e3779b97f4a7c15ULL;
	h ^= h >> 29;
	return (size_t)h;
}

static struct hmap_slot *
find(const struct hmap *m, const char *key)
{
	size_t	i = hmap_hash(key) & (m->cap - 1);

	while (m->slots[i].key != NULL && strcmp(m->slots[i].key, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

void *
hmap_get(const struct hmap *m, const char *key)
{
	struct hmap_slot	*s;

	if (m->cap == 0)
		return NULL;
	s = find(m, key);
	return s->key != NULL ? s->val : NULL;
}

static void
grow(struct hmap *m)
{
	struct hmap	 n;
	size_t		 i;

	n.cap = m->cap ? m->cap * 2 : 16;
	n.len = 0;
	n.slots = xcalloc(n.cap, sizeof(*n.slots));
	for (i = 0; i < m->cap; i++)
		if (m->slots[i].key != NULL)
			*find(&n, m->slots[i].key) = m->slots[i];
	n.len = m->len;
	free(m->slots);
	*m = n;
}

void *
hmap_put(struct hmap *m, const char *key, void *val)
{
	struct hmap_slot	*s;
	void			*old;

	if ((m->len + 1) * 2 > m->cap)
		grow(m);
	s = find(m, key);
	if (s->key != NULL) {
		old = s->val;
		s->val = val;
		return old;
	}
	s->key = key;
	s->val = val;
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
