/* SPDX-License-Identifier: MIT */
/*
 * xmem - allocation wrappers that never return NULL.
 *
 * On allocation failure they print a message and exit with status 3
 * (internal error), the only exit() outside main.c.
 *
 * Layer 0 (core): xmem, arena, strbuf, hmap, diag, utf8, textesc, json,
 * words, version.  They call libc and each other only (tests/layering.sh
 * checks every layer; README.md, "Hacking").
 */
#ifndef MAILLINT_XMEM_H
#define MAILLINT_XMEM_H

#include <stddef.h>

#define PRINTFLIKE(f, a) __attribute__((format(printf, f, a)))
#define SENTINEL __attribute__((sentinel))

void	*xmalloc(size_t size);
void	*xcalloc(size_t n, size_t size);
void	*xrealloc(void *p, size_t size);
/* xreallocarray - grow an array of n elements of size bytes, overflow-checked */
void	*xreallocarray(void *p, size_t n, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
/* xasprintf - malloc'ed formatted string; free with free() */
char	*xasprintf(const char *fmt, ...) PRINTFLIKE(1, 2);
/* xmem_oom - report that memory ran out and exit 3 (a size no
 * allocation may reach counts as such) */
void	 xmem_oom(void) __attribute__((noreturn));

/*
 * xmem_huge_heap - at the start of a process: lay the heap's first
 * reserve bytes (at most 30 MiB) out for 2 MiB transparent huge pages
 * where the kernel offers them (madvise mode): the first 2 MiB at once,
 * the rest as xmem_huge_expect() vouches for them; keep freed memory for
 * reuse.  A no-op where it cannot be done (not glibc, ASan), and when
 * done already.
 */
void	 xmem_huge_heap(size_t reserve);
/*
 * xmem_huge_expect - bytes of configuration were read: the heap data they
 * will become may lie on huge pages (only the first 2 MiB do until then);
 * a no-op without xmem_huge_heap
 */
void	 xmem_huge_expect(size_t bytes);

/* Grow a (ptr, len, cap) array so that one more element fits. */
#define VEC_GROW(ptr, len, cap) do { \
	if ((len) >= (cap)) { \
		(cap) = (cap) ? (cap) * 2 : 8; \
		(ptr) = xreallocarray((ptr), (cap), sizeof(*(ptr))); \
	} \
} while (0)

#endif
