/* SPDX-License-Identifier: MIT */
/*
 * defaults - versioned default tables.
 *
 * The tables are the tool's own data files (installed under
 * $(pkgdatadir)/rules/defaults), not host configuration, so they are read
 * with the data-file reader (datafile.c) rather than through fsroot:
 * regular files of at most DEFAULTS_MAX_FILE bytes, lines of at most
 * DEFAULTS_MAX_LINE.  A malformed or over-long row is a diagnostic at
 * file:line and is skipped, and the load fails (-1: exit 2), the table
 * still usable.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "datafile.h"
#include "defaults.h"
#include "diag.h"
#include "hmap.h"
#include "version.h"

/* Bounds on a table: it is data, but --datadir may point anywhere. */
#define DEFAULTS_MAX_FILE	(1u * 1024 * 1024)
#define DEFAULTS_MAX_LINE	4096u

struct row {
	struct version	 since;
	const char	*value;
	struct row	*next;		/* next older row (since descending) */
};

struct defaults {
	struct arena	*arena;
	char		*text;		/* the file; names and values point into it */
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

static int
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
		return -1;
	}
	*t1 = *t2 = '\0';
	r = arena_alloc(d->arena, sizeof(*r));
	if (version_parse(t1 + 1, &r->since) != 0) {
		diag_addf(dl, SEV_ERROR, path, lineno, (unsigned)(t1 - line) + 2,
		    "bad version \"%s\"", t1 + 1);
		return -1;
	}
	r->value = t2 + 1;
	insert(d, line, r);
	return 0;
}

int
defaults_load(const char *path, struct defaults **d_r, struct diag_list *dl)
{
	struct defaults	*d;
	char		*buf, *line, *end;
	size_t		 len, n;
	unsigned	 lineno = 0;
	int		 rc = 0;

	*d_r = NULL;
	if ((buf = datafile_read(path, DEFAULTS_MAX_FILE, NULL,
	    "defaults table", NULL, &len, dl)) == NULL)
		return -1;
	d = xcalloc(1, sizeof(*d));
	d->arena = arena_new();
	d->text = buf;
	for (n = 0, line = buf; (line = memchr(line, '\n', (size_t)(buf + len -
	    line))) != NULL; line++)
		n++;
	hmap_reserve(&d->index, n + 1);
	for (line = buf; line < buf + len; line = end + 1) {
		if ((end = memchr(line, '\n', (size_t)(buf + len - line))) == NULL)
			end = buf + len;
		*end = '\0';
		lineno++;
		n = (size_t)(end - line);
		while (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (n > DEFAULTS_MAX_LINE) {
			diag_addf(dl, SEV_ERROR, path, lineno, 1, "line longer "
			    "than %u bytes; skipped", DEFAULTS_MAX_LINE);
			rc = -1;
			continue;
		}
		if (memchr(line, '\0', n) != NULL) {
			diag_addf(dl, SEV_ERROR, path, lineno, 1, "NUL byte in "
			    "a defaults row; skipped");
			rc = -1;
			continue;
		}
		if (n == 0 || line[0] == '#')
			continue;
		if (parse_row(d, line, path, lineno, dl) != 0)
			rc = -1;
	}
	*d_r = d;
	return rc;
}

void
defaults_free(struct defaults **dp)
{
	if (dp == NULL || *dp == NULL)
		return;
	hmap_free(&(*dp)->index);
	arena_free(&(*dp)->arena);
	free((*dp)->text);
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
