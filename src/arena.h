/* SPDX-License-Identifier: MIT */
/*
 * arena - bump allocator: one arena per lifetime (a model, a rule set).
 *
 * Everything allocated from an arena is freed at once by arena_free().
 * Allocations never fail (they exit 3 through xmem on out of memory).
 */
#ifndef MAILLINT_ARENA_H
#define MAILLINT_ARENA_H

#include <stdarg.h>
#include <stddef.h>

#include "xmem.h"

struct arena;

/* arena_new - create an empty arena; free with arena_free() */
struct arena	*arena_new(void);
/* arena_free - release every allocation of *a; sets *a to NULL; NULL ok */
void		 arena_free(struct arena **a);
/* arena_alloc - zeroed memory, aligned for any object maillint keeps
 * (pointers, size_t, double: 8 bytes), owned by the arena */
void		*arena_alloc(struct arena *a, size_t size);
/* arena_alloc_raw - like arena_alloc, not zeroed (a buffer about to be
 * filled: a file read) */
void		*arena_alloc_raw(struct arena *a, size_t size);
/* arena_array - zeroed array of n elements, overflow-checked */
void		*arena_array(struct arena *a, size_t n, size_t size);
char		*arena_strdup(struct arena *a, const char *s);
char		*arena_strndup(struct arena *a, const char *s, size_t n);
char		*arena_printf(struct arena *a, const char *fmt, ...) PRINTFLIKE(2, 3);
char		*arena_vprintf(struct arena *a, const char *fmt, va_list ap)
		    PRINTFLIKE(2, 0);
/* arena_cat - the strings up to a NULL, concatenated: a printf("%s%s...")
 * without the format interpreter, for the hot paths */
char		*arena_cat(struct arena *a, ...) SENTINEL;
/* arena_bytes - total bytes handed out (for limits and benchmarks) */
size_t		 arena_bytes(const struct arena *a);

#endif
