/* SPDX-License-Identifier: MIT */
/*
 * suppress - parse "# maillint: disable=..." comment directives.
 *
 * A directive must stand on a comment line of its own (Postfix treats a
 * "#" later in a line as part of the value, so a trailing comment is not
 * possible there).  Lookups are by "file\001line" and "file\001*" keys in a
 * hash map, so checking a finding costs O(1) however many directives a
 * hostile file holds.  A malformed directive is a warning diagnostic.
 * Each directive is an entry that remembers its place, its reason, its
 * end date and whether it silenced anything, for suppress_problems().
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "certdate.h"
#include "diag.h"
#include "hmap.h"
#include "i18n.h"
#include "suppress.h"

/* One directive. */
struct sup_entry {
	const char		*file;	/* where the directive is */
	unsigned		 line;
	const char		*ids;	/* "PF-TLS-003,PF-TLS-012" */
	const char		*reason;	/* reason="..." or the text after
					 * the ids; NULL: none given */
	const char		*until;	/* "YYYY-MM-DD" as written, or NULL */
	certtime_t		 until_end;	/* the end of that day */
	bool			 used;		/* it silenced a finding */
	bool			 expired_hit;	/* it would have, but expired */
	struct sup_entry	*next;		/* same key */
};

struct suppress {
	struct arena		*arena;
	struct hmap		 index;	/* "file\001line" / "file\001*" -> entries */
	struct sup_entry	**all;	/* in the order read */
	size_t			 count;
	size_t			 cap;
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
	free((*sp)->all);
	arena_free(&(*sp)->arena);
	free(*sp);
	*sp = NULL;
}

size_t
suppress_count(const struct suppress *s)
{
	return s->count;
}

/* add - a new entry under key */
static void
add(struct suppress *s, const char *key, struct sup_entry *e)
{
	struct sup_entry	*old = hmap_get(&s->index, key);

	e->next = old;
	hmap_put(&s->index, old != NULL ? key : arena_strdup(s->arena, key), e);
	VEC_GROW(s->all, s->count, s->cap);
	s->all[s->count++] = e;
}

/*
 * options - what follows the ids: reason="...", until=YYYY-MM-DD, else
 * free text (the reason, as before the keys existed).  A bad date is a
 * warning and the directive then never expires.
 */
static void
options(struct suppress *s, struct sup_entry *e, const char *p,
    const char *eol, struct diag_list *dl)
{
	char		 date[16];
	const char	*q, *err;
	certtime_t	 t;

	while (p < eol) {
		while (p < eol && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (p >= eol)
			break;
		if ((size_t)(eol - p) > 8 && strncmp(p, "reason=\"", 8) == 0 &&
		    (q = memchr(p + 8, '"', (size_t)(eol - p - 8))) != NULL) {
			if (q > p + 8)
				e->reason = arena_strndup(s->arena, p + 8,
				    (size_t)(q - p - 8));
			p = q + 1;
			continue;
		}
		if ((size_t)(eol - p) >= 6 && strncmp(p, "until=", 6) == 0) {
			for (q = p + 6; q < eol && *q != ' ' && *q != '\t' &&
			    *q != '\r'; q++)
				;
			if (q - p - 6 == 10) {
				memcpy(date, p + 6, 10);
				date[10] = '\0';
			} else
				date[0] = '\0';
			if (date[0] == '\0' || (err = certdate_parse(date,
			    &t)) != NULL)
				diag_addf(dl, SEV_WARN, e->file, e->line, 0,
				    "maillint directive: until= wants a date "
				    "YYYY-MM-DD, not \"%.*s\": it never expires",
				    (int)(q - p - 6 > 40 ? 40 : q - p - 6), p + 6);
			else {
				e->until = arena_strdup(s->arena, date);
				e->until_end = t + 86400;
			}
			p = q;
			continue;
		}
		/* free text: the reason, to the end of the line */
		for (q = eol; q > p && (q[-1] == ' ' || q[-1] == '\t' ||
		    q[-1] == '\r'); q--)
			;
		if (e->reason == NULL)
			e->reason = arena_strndup(s->arena, p, (size_t)(q - p));
		break;
	}
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
	char			 key[4200];
	unsigned		 target;
	struct sup_entry	*e;

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
	e = arena_alloc(s->arena, sizeof(*e));
	e->file = arena_strdup(s->arena, file);
	e->line = line;
	e->ids = arena_strndup(s->arena, p, n);
	options(s, e, p + n, eol, dl);
	add(s, key, e);
}

/*
 * next_tag - the next "maillint:" in [p, end), or NULL: found by its
 * colon, a byte few configuration lines hold (memchr skips the rest at
 * vector speed; memmem took a byte and a half of work a byte).
 */
static const char *
next_tag(const char *p, const char *end)
{
	const char	*c = p + 8;

	while (c < end && (c = memchr(c, ':', (size_t)(end - c))) != NULL) {
		if (memcmp(c - 8, "maillint", 8) == 0)
			return c - 8;
		c++;
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
	 * of next_tag), each judged on its line as the tag of a comment; the
	 * line number counts the newlines before it, once over the file.
	 */
	while (p < end && (hit = next_tag(p, end)) != NULL) {
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
		/* hit is the line's first tag: none lies between p and it */
		if (q < eol && *q == '#') {
			m = hit + 9;
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

/* match - the first entry of the chain that lists rule_id and has not
 * expired; an expired one that lists it is marked */
static struct sup_entry *
match(struct sup_entry *e, const char *rule_id, certtime_t now)
{
	for (; e != NULL; e = e->next) {
		if (!listed(e->ids, rule_id))
			continue;
		if (e->until != NULL && now >= e->until_end) {
			e->expired_hit = true;
			continue;
		}
		return e;
	}
	return NULL;
}

bool
suppress_match(struct suppress *s, const char *file, unsigned line,
    const char *rule_id, certtime_t now)
{
	char			 key[4200];
	struct sup_entry	*e;

	if (s == NULL || file == NULL || s->count == 0 || strlen(file) > 4000)
		return false;
	snprintf(key, sizeof(key), "%s\001*", file);
	e = match(hmap_get(&s->index, key), rule_id, now);
	if (e == NULL && line > 0) {
		snprintf(key, sizeof(key), "%s\001%u", file, line);
		e = match(hmap_get(&s->index, key), rule_id, now);
	}
	if (e == NULL)
		return false;
	e->used = true;
	return true;
}

/* problem - fn with the message (ML-SUP-*) of `what` about e in
 * English, and in the selected language (i18n.h): the English formats
 * are the msgids */
static void
problem(const struct sup_entry *e, enum sup_problem what,
    suppress_problem_fn fn, void *ctx)
{
	char	msg[4400], l10n[4400];

	switch (what) {
	case SUP_EXPIRED:
		snprintf(msg, sizeof(msg), "the suppression of %s expired on "
		    "%s: %s", e->ids, e->until, e->expired_hit ?
		    "its findings are reported again" : "remove it");
		snprintf(l10n, sizeof(l10n), _("the suppression of %s expired "
		    "on %s: %s"), e->ids, e->until, e->expired_hit ?
		    _("its findings are reported again") : _("remove it"));
		break;
	case SUP_UNUSED:
		snprintf(msg, sizeof(msg), "the suppression of %s silences "
		    "nothing: remove it", e->ids);
		snprintf(l10n, sizeof(l10n), _("the suppression of %s silences "
		    "nothing: remove it"), e->ids);
		break;
	default:
		snprintf(msg, sizeof(msg), "the suppression of %s gives no "
		    "reason (add reason=\"...\")", e->ids);
		snprintf(l10n, sizeof(l10n), _("the suppression of %s gives no "
		    "reason (add reason=\"...\")"), e->ids);
		break;
	}
	fn(ctx, what, e->file, e->line, msg, i18n_active() ? l10n : NULL);
}

void
suppress_problems(const struct suppress *s, certtime_t now, bool strict,
    suppress_problem_fn fn, void *ctx)
{
	size_t	i;

	for (i = 0; s != NULL && i < s->count; i++) {
		const struct sup_entry	*e = s->all[i];
		bool			 expired = e->until != NULL &&
		    now >= e->until_end;

		if (expired)
			problem(e, SUP_EXPIRED, fn, ctx);
		else if (!e->used)
			problem(e, SUP_UNUSED, fn, ctx);
		if (strict && e->reason == NULL)
			problem(e, SUP_NO_REASON, fn, ctx);
	}
}
