/* SPDX-License-Identifier: MIT */
/*
 * hmap - string-keyed hash map (open addressing, linear probing).
 *
 * The entries (key, value) sit in one dense array in the order they were
 * first put; the table of slots holds, per slot, 32 bits of the key's hash
 * and the entry's index: 8 bytes a slot, 16 an entry, against 24 a slot
 * for a table of (key, value, hash).  A probe compares strings only when
 * the hash bits agree, and growing the table never hashes again.
 *
 * Keys are not copied: they must outlive the map (they normally live in
 * the model arena).  Values are opaque pointers.  Lookups are O(1) on
 * average, so settings lookups never scan.  At most UINT32_MAX - 1
 * entries.
 */
#ifndef MAILLINT_HMAP_H
#define MAILLINT_HMAP_H

#include <stddef.h>
#include <stdint.h>

struct hmap_ent {
	const char	*key;
	void		*val;
};

struct hmap {
	uint64_t	*slots;	/* 0 = free; else hash bits << 32 | entry + 1 */
	struct hmap_ent	*ents;	/* ents[0 .. len): in order of first put */
	size_t		 cap;	/* slots: a power of two, or 0 */
	size_t		 len;	/* entries */
	size_t		 ecap;	/* entries allocated */
};

#define HMAP_INIT { NULL, NULL, 0, 0, 0 }

/* hmap_get - value for key, or NULL */
void	*hmap_get(const struct hmap *m, const char *key);
/* hmap_put - insert or replace; returns the previous value or NULL */
void	*hmap_put(struct hmap *m, const char *key, void *val);
/* hmap_reserve - make room for n more keys at once (no growth, and no
 * rehashing, while they are put) */
void	 hmap_reserve(struct hmap *m, size_t n);
/* hmap_free - release the table (not keys or values) */
void	 hmap_free(struct hmap *m);
/* hmap_hash - the hash function, exposed for tests */
size_t	 hmap_hash(const char *key);
/* hmap_hash_n - the hash of n bytes (hmap_hash(key) = hmap_hash_n(key,
 * strlen(key))) */
size_t	 hmap_hash_n(const char *key, size_t n);

#endif
