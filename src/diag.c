/* SPDX-License-Identifier: MIT */
/*
 * diag - diagnostic list.
 *
 * The list is bounded (hostile input can produce one error per line): past
 * `max` entries it only counts, and the reporters print the count.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"

#define DIAG_MAX_DEFAULT	10000

void
diag_init(struct diag_list *dl)
{
	memset(dl, 0, sizeof(*dl));
	dl->arena = arena_new();
}

void
diag_free(struct diag_list *dl)
{
	free(dl->v);
	arena_free(&dl->arena);
	memset(dl, 0, sizeof(*dl));
}

static void vadd(struct diag_list *, enum sev, const char *, unsigned,
    unsigned, const char *, va_list) PRINTFLIKE(6, 0);

static void
vadd(struct diag_list *dl, enum sev sev, const char *file, unsigned line,
    unsigned col, const char *fmt, va_list ap)
{
	struct diag	*d;
	size_t		 max = dl->max ? dl->max : DIAG_MAX_DEFAULT;

	if (dl->arena == NULL)
		dl->arena = arena_new();
	if (dl->len >= max) {
		dl->dropped++;
		return;
	}
	VEC_GROW(dl->v, dl->len, dl->cap);
	d = &dl->v[dl->len++];
	d->sev = sev;
	d->kind = DIAG_TOOL;
	d->seq = dl->len - 1;
	d->loc.file = file != NULL ? arena_strdup(dl->arena, file) : NULL;
	d->loc.line = line;
	d->loc.col = col;
	d->msg = arena_vprintf(dl->arena, fmt, ap);
}

void
diag_add(struct diag_list *dl, enum sev sev, const struct loc *loc,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	if (loc != NULL)
		vadd(dl, sev, loc->file, loc->line, loc->col, fmt, ap);
	else
		vadd(dl, sev, NULL, 0, 0, fmt, ap);
	va_end(ap);
}

void
diag_addf(struct diag_list *dl, enum sev sev, const char *file,
    unsigned line, unsigned col, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vadd(dl, sev, file, line, col, fmt, ap);
	va_end(ap);
}

int
diag_worst(const struct diag_list *dl)
{
	int	worst = -1;
	size_t	i;

	for (i = 0; i < dl->len; i++)
		if ((int)dl->v[i].sev > worst)
			worst = (int)dl->v[i].sev;
	return worst;
}

static int
cmp(const void *a, const void *b)
{
	const struct diag	*x = a, *y = b;
	int			 c;

	c = strcmp(x->loc.file ? x->loc.file : "", y->loc.file ? y->loc.file : "");
	if (c != 0)
		return c;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	if (x->loc.col != y->loc.col)
		return x->loc.col < y->loc.col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
diag_sort(struct diag_list *dl)
{
	/* qsort is not stable; cmp's seq tie-break makes it so. */
	if (dl->len > 1)
		qsort(dl->v, dl->len, sizeof(*dl->v), cmp);
}

const char *
sev_name(enum sev sev)
{
	switch (sev) {
	case SEV_ERROR:
		return "error";
	case SEV_WARN:
		return "warning";
	default:
		return "info";
	}
}

int
sev_parse(const char *s)
{
	if (strcmp(s, "error") == 0)
		return SEV_ERROR;
	if (strcmp(s, "warning") == 0 || strcmp(s, "warn") == 0)
		return SEV_WARN;
	if (strcmp(s, "info") == 0)
		return SEV_INFO;
	return -1;
}

void
diag_mark_syntax(struct diag_list *dl, size_t from, enum diag_kind kind)
{
	size_t	i;

	for (i = from; i < dl->len; i++)
		if (dl->v[i].sev == SEV_ERROR && dl->v[i].loc.file != NULL &&
		    dl->v[i].loc.line > 0)
			dl->v[i].kind = kind;
}

int
diag_worst_tool(const struct diag_list *dl)
{
	int	worst = -1;
	size_t	i;

	for (i = 0; i < dl->len; i++)
		if (dl->v[i].kind == DIAG_TOOL && (int)dl->v[i].sev > worst)
			worst = (int)dl->v[i].sev;
	return worst;
}

void
diag_drop_syntax(struct diag_list *dl, enum diag_kind kind)
{
	size_t	i, j;

	for (i = j = 0; i < dl->len; i++)
		if (dl->v[i].kind != kind)
			dl->v[j++] = dl->v[i];
	dl->len = j;
}
