/* SPDX-License-Identifier: MIT */
/*
 * arena - bump allocator.
 *
 * Memory comes in chunks of at least 64 KiB; a request larger than a chunk
 * gets a chunk of its own.  Nothing is freed individually: the parsers and
 * the model allocate freely and arena_free() releases the lot, like
 * Dovecot's alloconly pools.
 *
 * Chunks are malloc()ed: the heap is laid on huge pages at the start
 * (xmem_huge_heap), so a chunk costs no page fault of its own, and a
 * freed chunk is reused by the next allocation of the process.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define CHUNK_MIN	(64 * 1024)
#define ALIGN		(sizeof(max_align_t))
/* Objects: pointers, size_t, double; nothing of maillint's needs more
 * (no long double, no vector types), and 16-byte padding of every
 * 88-byte setting was 9 % of a large model. */
#define OBJ_ALIGN	(_Alignof(double) > _Alignof(void *) ? \
			    _Alignof(double) : _Alignof(void *))
/* No request can be met beyond this: larger ones are clamped to it, and
 * xmalloc reports the failure. */
#define ARENA_MAX	((size_t)PTRDIFF_MAX / 2)

struct chunk {
	struct chunk	*next;
	size_t		 size;	/* usable bytes after the header */
	size_t		 used;
	max_align_t	 data[];
};

struct arena {
	struct chunk	*head;
	size_t		 total;
};

struct arena *
arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void
arena_free(struct arena **ap)
{
	struct chunk	*c, *next;

	if (ap == NULL || *ap == NULL)
		return;
	for (c = (*ap)->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(*ap);
	*ap = NULL;
}

/* bump - size bytes at the given alignment (a power of two, at most
 * ALIGN), not cleared */
static void *
bump(struct arena *a, size_t size, size_t align)
{
	struct chunk	*c = a->head;
	size_t		 off = 0, csize;
	void		*p;

	if (size > ARENA_MAX)
		size = ARENA_MAX;	/* xmalloc will fail below */
	if (c != NULL)
		off = (c->used + align - 1) & ~(align - 1);
	if (c == NULL || off > c->size || c->size - off < size) {
		csize = size > CHUNK_MIN ? size : CHUNK_MIN;
		c = xmalloc(sizeof(struct chunk) + csize);
		c->size = csize;
		c->used = 0;
		off = 0;
		/* A large private chunk goes behind the current one so the
		 * current one keeps serving small requests. */
		if (size > CHUNK_MIN && a->head != NULL) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	p = (char *)c->data + off;
	c->used = off + size;
	a->total += size;
	return p;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	void	*p;

	if (size > ARENA_MAX)
		size = ARENA_MAX;	/* xmalloc will fail in bump */
	p = bump(a, size, OBJ_ALIGN);

	memset(p, 0, size);
	return p;
}

void *
arena_alloc_raw(struct arena *a, size_t size)
{
	return bump(a, size, OBJ_ALIGN);
}

void *
arena_array(struct arena *a, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size / 2)
		return arena_alloc(a, SIZE_MAX);
	return arena_alloc(a, n * size);
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	/* Text needs no alignment: strings are packed. */
	char	*p = bump(a, n + 1, 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list	 cp;
	char	*p;
	int	 n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		n = 0;
	p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

char *
arena_cat(struct arena *a, ...)
{
	va_list		 ap;
	const char	*s;
	char		*p, *q;
	size_t		 n = 0, k;

	va_start(ap, a);
	while ((s = va_arg(ap, const char *)) != NULL)
		n += strlen(s);
	va_end(ap);
	p = q = bump(a, n + 1, 1);
	va_start(ap, a);
	while ((s = va_arg(ap, const char *)) != NULL) {
		k = strlen(s);
		memcpy(q, s, k);
		q += k;
	}
	va_end(ap);
	*q = '\0';
	return p;
}

size_t
arena_bytes(const struct arena *a)
{
	return a->total;
}
