/* SPDX-License-Identifier: MIT */
/*
 * finding - the findings list's readers (finding.h).
 */
#include "config.h"

#include <stdlib.h>

#include "arena.h"
#include "finding.h"

const char *
finding_action_name(enum fix_action a)
{
	switch (a) {
	case FIX_SET:
		return "set";
	case FIX_UNCOMMENT:
		return "uncomment";
	default:
		return "text";
	}
}

void
findings_free(struct findings **fp)
{
	struct findings	*f;

	if (fp == NULL || *fp == NULL)
		return;
	f = *fp;
	free(f->v);
	arena_free(&f->arena);
	free(f);
	*fp = NULL;
}

size_t
findings_count(const struct findings *f, enum sev min)
{
	size_t	i, n = 0;

	for (i = 0; f != NULL && i < f->len; i++)
		if (f->v[i].sev >= min)
			n++;
	return n;
}
