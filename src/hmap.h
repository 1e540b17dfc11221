/* SPDX-License-Identifier: MIT */
/*
 * hmap - string-keyed hash map (open addressing, linear probing; each
 * slot keeps its key's hash, so a probe compares strings only when the
 * hashes agree and growing never hashes again).
 *
 * Keys are not copied: they must outlive the map (they normally live in
 * the model arena).  Values are opaque pointers.  Lookups are O(1) on
 * average, so settings lookups never scan.
 */
#ifndef MAILLINT_HMAP_H
#define MAILLINT_HMAP_H

#include <stddef.h>

struct hmap_slot {
	const char	*key;
	void		*val;
	size_t		 hash;
};

struct hmap {
	struct hmap_slot	*slots;
	size_t			 cap;	/* power of two, or 0 */
	size_t			 len;
};

#define HMAP_INIT { NULL, 0, 0 }

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
