/* SPDX-License-Identifier: MIT */
/*
 * suppress - parse "# maillint: disable=..." comment directives.
 *
 * A directive must stand on a comment line of its own (Postfix treats a
 * "#" later in a line as part of the value, so a trailing comment is not
 * possible there).  Lookups are by "file\001line" and "file\001*" keys in a
 * hash map, so checking a finding costs O(1) however many directives a
 * hostile file holds.  A malformed directive is a warning diagnostic.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "hmap.h"
#include "suppress.h"

struct suppress {
	struct arena	*arena;
	struct hmap	 index;		/* "file\001line" / "file\001*" -> id list */
	size_t		 count;
};

struct suppress *
suppress_new(void)
{
	struct suppress	*s = xcalloc(1, sizeof(*s));

	s->arena = arena_new();
	return s;
}

void
suppress_free(struct suppress **sp)
{
	if (sp == NULL || *sp == NULL)
		return;
	hmap_free(&(*sp)->index);
	arena_free(&(*sp)->arena);
	free(*sp);
	*sp = NULL;
}

size_t
suppress_count(const struct suppress *s)
{
	return s->count;
}

/* add - append ids (", "-joined) to the entry for key */
static void
add(struct suppress *s, const char *key, const char *ids, size_t n)
{
	const char	*old = hmap_get(&s->index, key);
	char		*v;

	v = old != NULL ? arena_printf(s->arena, "%s,%.*s", old, (int)n, ids) :
	    arena_strndup(s->arena, ids, n);
	hmap_put(&s->index, old != NULL ? key : arena_strdup(s->arena, key), v);
	s->count++;
}

/* next_line - 1-based number of the next line that is not blank or a comment */
static unsigned
next_line(const char *p, const char *end, unsigned line)
{
	while (p < end) {
		const char	*eol = memchr(p, '\n', (size_t)(end - p));
		const char	*q = p;

		if (eol == NULL)
			eol = end;
		line++;
		while (q < eol && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q < eol && *q != '#')
			return line;
		p = eol + 1;
	}
	return 0;
}

static void
directive(struct suppress *s, const char *file, const char *p, const char *eol,
    const char *rest, const char *fend, unsigned line, struct diag_list *dl)
{
	bool		 whole = false;
	size_t		 n;
	char		 key[4200];
	unsigned	 target;

	if (strncmp(p, "disable-file=", 13) == 0) {
		whole = true;
		p += 13;
	} else if (strncmp(p, "disable=", 8) == 0)
		p += 8;
	else {
		diag_addf(dl, SEV_WARN, file, line, 0, "unknown maillint "
		    "directive (use disable=ID or disable-file=ID)");
		return;
	}
	n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-,");
	if (n == 0 || p + n > eol) {
		diag_addf(dl, SEV_WARN, file, line, 0, "maillint directive "
		    "without rule ids");
		return;
	}
	if (whole)
		snprintf(key, sizeof(key), "%s\001*", file);
	else if ((target = next_line(rest, fend, 0)) == 0)
		return;
	else
		snprintf(key, sizeof(key), "%s\001%u", file, line + target);
	add(s, key, p, n);
}

/*
 * find_tag - "maillint:" in [p, end), or NULL.  Comment lines are many and
 * short: memchr and memcmp beat memmem's set-up cost here.
 */
static const char *
find_tag(const char *p, const char *end)
{
	while (end - p >= 9 && (p = memchr(p, 'm', (size_t)(end - p - 8))) !=
	    NULL) {
		if (memcmp(p, "maillint:", 9) == 0)
			return p;
		p++;
	}
	return NULL;
}

void
suppress_scan(struct suppress *s, const char *file, const char *data,
    size_t len, struct diag_list *dl)
{
	const char	*p = data, *end = data + len, *counted = data;
	const char	*hit, *bol, *eol, *q, *m;
	unsigned	 line = 1;

	if (strlen(file) > 4000)
		return;
	/*
	 * From one "maillint:" to the next (most files have none: one pass
	 * of memmem), each judged on its line as the tag of a comment; the
	 * line number counts the newlines before it, once over the file.
	 */
	while (p < end && (hit = memmem(p, (size_t)(end - p), "maillint:",
	    9)) != NULL) {
		for (bol = hit; bol > p && bol[-1] != '\n'; bol--)
			;
		if ((eol = memchr(hit, '\n', (size_t)(end - hit))) == NULL)
			eol = end;
		while ((q = memchr(counted, '\n', (size_t)(bol - counted))) !=
		    NULL) {
			line++;
			counted = q + 1;
		}
		counted = bol;
		for (q = bol; q < eol && (*q == ' ' || *q == '\t'); q++)
			;
		if (q < eol && *q == '#' && (m = find_tag(q, eol)) != NULL) {
			m += 9;
			while (m < eol && (*m == ' ' || *m == '\t'))
				m++;
			directive(s, file, m, eol, eol < end ? eol + 1 : end,
			    end, line, dl);
		}
		p = eol < end ? eol + 1 : end;
	}
}

static bool
listed(const char *ids, const char *rule_id)
{
	size_t	rl = strlen(rule_id);

	while (ids != NULL && *ids != '\0') {
		size_t	n = strcspn(ids, ",");

		if ((n == 3 && strncasecmp(ids, "all", 3) == 0) ||
		    (n == rl && strncasecmp(ids, rule_id, n) == 0))
			return true;
		ids += n;
		if (*ids == ',')
			ids++;
	}
	return false;
}

bool
suppress_match(const struct suppress *s, const char *file, unsigned line,
    const char *rule_id)
{
	char	key[4200];

	if (s == NULL || file == NULL || s->count == 0 || strlen(file) > 4000)
		return false;
	snprintf(key, sizeof(key), "%s\001*", file);
	if (listed(hmap_get(&s->index, key), rule_id))
		return true;
	if (line == 0)
		return false;
	snprintf(key, sizeof(key), "%s\001%u", file, line);
	return listed(hmap_get(&s->index, key), rule_id);
}
