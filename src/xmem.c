/* SPDX-License-Identifier: MIT */
/*
 * xmem - allocation wrappers that never return NULL.
 *
 * Out of memory is not a condition the linter can recover from in a useful
 * way; it reports it and exits 3 (internal error), as the design requires.
 *
 * xmem_huge_heap() lays the heap on transparent huge pages.  On a virtual
 * machine a page fault costs 1 to 10 microseconds, as much as the work on
 * the page; a run of maillint touches every page it allocates once, so
 * 4 KiB faults were a quarter of a large tree's run.  A 2 MiB page costs
 * one fault (60 to 125 microseconds, the clearing of 2 MiB).
 *
 * But a huge page is memory as a whole once touched: a heap that ends
 * 100 KB into its last huge page holds 2 MiB there.  So only the first
 * 2 MiB (a stock host's whole run) are huge from the start; beyond them
 * the heap turns huge as configuration is read (xmem_huge_expect,
 * before the text's own buffer is taken): the model, resolved view and
 * findings take 5 to 7 bytes per byte of configuration (the
 * bench/gen-large.sh trees), XMEM_HUGE_PER_BYTE of them are counted on,
 * and the huge part ends at the 2 MiB boundary nearest that count.  The
 * rest of the heap stays on 4 KiB pages: a huge page that would be
 * mostly empty costs more memory than its faults cost time.  Time and
 * memory both grow linearly with the configuration (bench/run.sh).
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <sys/mman.h>

#include "xmem.h"

/* Not under AddressSanitizer, which has an allocator of its own. */
#if defined(__SANITIZE_ADDRESS__)
#define XMEM_HUGE	0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define XMEM_HUGE	0
#endif
#endif
#if !defined(XMEM_HUGE) && defined(__GLIBC__) && defined(M_MMAP_THRESHOLD) && \
    defined(MADV_HUGEPAGE)
#define XMEM_HUGE	1
#endif

void
xmem_oom(void)
{
	fputs("maillint: out of memory\n", stderr);
	exit(3);
}

void *
xmalloc(size_t size)
{
	void	*p = malloc(size ? size : 1);

	if (p == NULL)
		xmem_oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		xmem_oom();
	return p;
}

void *
xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (p == NULL)
		xmem_oom();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		xmem_oom();
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*p;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		xmem_oom();
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

#if XMEM_HUGE
/* Heap bytes counted on per byte of configuration read: fewer than the
 * 5 to 7 the bench trees take, since the rounding may add a MiB. */
#define XMEM_HUGE_PER_BYTE	4

static void	*heap_gap;
static uintptr_t huge_lo;	/* the heap's first 2 MiB boundary, 0 = off */
static uintptr_t huge_hi;	/* marked huge below this */
static uintptr_t huge_end;	/* the reserve ends here */
static size_t	 huge_want;	/* bytes counted on beyond the first 2 MiB */

static void
free_gap(void)
{
	free(heap_gap);
	heap_gap = NULL;
}
#endif

#define XMEM_HUGE_SIZE	((uintptr_t)2 << 20)

void
xmem_huge_heap(size_t reserve)
{
#if XMEM_HUGE
	const uintptr_t	 huge = XMEM_HUGE_SIZE;
	uintptr_t	 a, b;
	char		*p;

	/*
	 * Everything below reserve + 2 MiB comes from the heap (not from
	 * mmap, whose chunks would each fault page by page), and free()
	 * never gives the heap back; glibc caps the threshold at 32 MiB.
	 */
	if (huge_lo != 0)
		return;
	if (reserve > ((size_t)30 << 20))
		reserve = (size_t)30 << 20;
	if (mallopt(M_MMAP_THRESHOLD, (int)(reserve + huge)) != 1 ||
	    mallopt(M_TRIM_THRESHOLD, (int)(2 * reserve + huge)) != 1 ||
	    mallopt(M_TOP_PAD, (int)huge) != 1)
		return;
	/* The heap grows by reserve bytes of address space, not memory:
	 * a page is memory once touched. */
	if ((p = malloc(reserve)) == NULL)
		return;
	a = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	b = ((uintptr_t)p + reserve) & ~(huge - 1);
	free(p);
	if (b <= a)
		return;
	if (madvise((void *)a, huge, MADV_HUGEPAGE) != 0)
		return;
	huge_lo = a;
	huge_hi = a + huge;
	huge_end = b;
	huge_want = 0;
	/* The heap below the first 2 MiB boundary is taken once and never
	 * touched: allocations start on the boundary, in huge pages. */
	if (a - (uintptr_t)p > 64 && (heap_gap = malloc(a - (uintptr_t)p -
	    32)) != NULL)
		atexit(free_gap);
#else
	(void)reserve;
#endif
}

void
xmem_huge_expect(size_t bytes)
{
#if XMEM_HUGE
	uintptr_t	hi;

	if (huge_lo == 0)
		return;
	if (bytes > (SIZE_MAX - huge_want) / XMEM_HUGE_PER_BYTE)
		huge_want = SIZE_MAX;
	else
		huge_want += bytes * XMEM_HUGE_PER_BYTE;
	if (huge_want >= huge_end - huge_lo)
		hi = huge_end;
	else if ((hi = (huge_lo + XMEM_HUGE_SIZE + huge_want +
	    XMEM_HUGE_SIZE / 2) & ~(XMEM_HUGE_SIZE - 1)) > huge_end)
		hi = huge_end;
	if (hi <= huge_hi)
		return;
	(void)madvise((void *)huge_hi, hi - huge_hi, MADV_HUGEPAGE);
	huge_hi = hi;
#else
	(void)bytes;
#endif
}
