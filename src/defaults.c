/* SPDX-License-Identifier: MIT */
/*
 * defaults - versioned default tables.
 *
 * The tables are the tool's own data files (installed under
 * $(pkgdatadir)/rules/defaults), not host configuration, so they are read
 * with stdio rather than through fsroot.  A malformed row is a diagnostic
 * at file:line and is skipped.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "defaults.h"
#include "diag.h"
#include "hmap.h"
#include "version.h"

struct row {
	struct version	 since;
	const char	*value;
	struct row	*next;		/* next older row (since descending) */
};

struct defaults {
	struct arena	*arena;
	struct hmap	 index;		/* name -> newest struct row */
};

/* insert - keep each name's rows sorted newest first */
static void
insert(struct defaults *d, const char *name, struct row *r)
{
	struct row	*head = hmap_get(&d->index, name), **pp;

	for (pp = &head; *pp != NULL; pp = &(*pp)->next)
		if (version_cmp(&r->since, &(*pp)->since) >= 0)
			break;
	r->next = *pp;
	*pp = r;
	hmap_put(&d->index, name, head);
}

static void
parse_row(struct defaults *d, char *line, const char *path, unsigned lineno,
    struct diag_list *dl)
{
	char		*t1, *t2;
	struct row	*r;

	t1 = strchr(line, '\t');
	t2 = t1 != NULL ? strchr(t1 + 1, '\t') : NULL;
	if (t2 == NULL) {
		diag_addf(dl, SEV_ERROR, path, lineno, 1,
		    "defaults row needs NAME<TAB>SINCE<TAB>VALUE");
		return;
	}
	*t1 = *t2 = '\0';
	r = arena_alloc(d->arena, sizeof(*r));
	if (version_parse(t1 + 1, &r->since) != 0) {
		diag_addf(dl, SEV_ERROR, path, lineno, (unsigned)(t1 - line) + 2,
		    "bad version \"%s\"", t1 + 1);
		return;
	}
	r->value = arena_strdup(d->arena, t2 + 1);
	insert(d, arena_strdup(d->arena, line), r);
}

int
defaults_load(const char *path, struct defaults **d_r, struct diag_list *dl)
{
	struct defaults	*d;
	FILE		*f;
	char		*line = NULL;
	size_t		 cap = 0;
	ssize_t		 n;
	unsigned	 lineno = 0;

	*d_r = NULL;
	if ((f = fopen(path, "r")) == NULL) {
		diag_addf(dl, SEV_ERROR, path, 0, 0, "cannot read defaults: %s",
		    strerror(errno));
		return -1;
	}
	d = xcalloc(1, sizeof(*d));
	d->arena = arena_new();
	while ((n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		parse_row(d, line, path, lineno, dl);
	}
	free(line);
	fclose(f);
	*d_r = d;
	return 0;
}

void
defaults_free(struct defaults **dp)
{
	if (dp == NULL || *dp == NULL)
		return;
	hmap_free(&(*dp)->index);
	arena_free(&(*dp)->arena);
	free(*dp);
	*dp = NULL;
}

const char *
defaults_get(const struct defaults *d, const char *name,
    const struct version *v)
{
	const struct row	*r;

	if (d == NULL)
		return NULL;
	for (r = hmap_get(&d->index, name); r != NULL; r = r->next)
		if (version_cmp(&r->since, v) <= 0)
			return r->value;
	return NULL;
}

int
defaults_known(const struct defaults *d, const char *name)
{
	return d != NULL && hmap_get(&d->index, name) != NULL;
}
