/* SPDX-License-Identifier: MIT */
/*
 * parse_postfix_main - main.cf into model->pf.main_index.
 *
 * Each logical line (lineread) is split like Postfix's split_nameval():
 * the name ends at the first blank or '=', blanks around '=' and at the
 * end are dropped, and the value is kept raw ($name unexpanded, '#'
 * inside it is text).  A later assignment wins; the earlier one stays
 * reachable through setting->prev.
 *
 * Templates: a line made only of template tags, or a line that is not a
 * valid assignment but holds a placeholder, or one whose name holds a
 * placeholder, is an info diagnostic "template line ignored"; a value
 * holding a placeholder is kept with SET_TEMPLATE.
 *
 * Diagnostics: error "missing '=' after attribute name" / "missing
 * attribute name" (Postfix stops with a fatal error there), warning
 * "overriding earlier entry" for duplicates (info when a template
 * directive separates them: branches of one conditional), error when
 * max_settings is reached.  Never exits.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "fsroot.h"
#include "lineread.h"
#include "model.h"
#include "parse.h"
#include "template.h"

struct mainctx {
	struct model		*m;
	struct diag_list	*dl;
	const char		*file;		/* display path, model-owned */
	size_t			 max_settings;
	size_t			 count;		/* Postfix settings so far */
	bool			 full;		/* max_settings reached */
	unsigned		 last_directive; /* last template tag line */
};

/* duplicate - report that s overrides s->prev */
static void
duplicate(struct mainctx *c, const struct setting *s)
{
	const struct setting	*p = s->prev;
	enum sev		 sev = SEV_WARN;
	const char		*why = "";
	char			 place[256];

	/* A template tag line between them: probably two branches of one
	 * conditional, of which only one is rendered. */
	if (c->last_directive > p->loc.line &&
	    strcmp(p->loc.file, c->file) == 0) {
		sev = SEV_INFO;
		why = " (template branches?)";
	} else if (strcmp(p->value, s->value) == 0) {
		/* Postfix warns only when the value changes. */
		sev = SEV_INFO;
		why = " (same value)";
	}
	if (strcmp(p->loc.file, c->file) != 0)
		snprintf(place, sizeof(place), "%.200s:%u", p->loc.file,
		    p->loc.line);
	else
		snprintf(place, sizeof(place), "line %u", p->loc.line);
	diag_addf(c->dl, sev, c->file, s->loc.line, s->loc.col,
	    "overriding earlier entry: %s=%.60s%s (%s)%s", p->name, p->value,
	    strlen(p->value) > 60 ? "..." : "", place, why);
}

/* assign - record one name = value */
static void
assign(struct mainctx *c, const struct lr_line *ln,
    const struct lr_nameval *nv)
{
	struct setting	*s;
	size_t		 vlen = nv->val_end - nv->val, end;

	if (c->full)
		return;
	if (c->count >= c->max_settings) {
		c->full = true;
		diag_addf(c->dl, SEV_ERROR, c->file, ln->first_line, 1,
		    "too many settings (limit %zu); the rest of the file is "
		    "ignored", c->max_settings);
		return;
	}
	s = arena_alloc(c->m->arena, sizeof(*s));
	s->name = model_strndup(c->m, ln->text + nv->name,
	    nv->name_end - nv->name);
	s->value = model_strndup(c->m, ln->text + nv->val, vlen);
	s->scope = "";
	s->loc.file = c->file;
	lineread_pos(ln, nv->name, &s->loc.line, &s->loc.col);
	s->end_line = ln->last_line;
	s->val_off = lineread_off(ln, nv->val, false);
	end = lineread_off(ln, nv->val_end, true);
	s->val_len = vlen > 0 && end > s->val_off ? end - s->val_off : 0;
	if (template_has_placeholder(s->value, vlen))
		s->flags |= SET_TEMPLATE;
	model_pf_set(c->m, s);
	c->count++;
	if (s->prev != NULL)
		duplicate(c, s);
}

/* one_line - interpret one logical line (lineread_each callback) */
static void
one_line(void *ctx, const struct lr_line *ln)
{
	struct mainctx		*c = ctx;
	struct lr_nameval	 nv;
	const char		*err;
	unsigned		 line, col;

	if (template_is_directive_line(ln->text, ln->len)) {
		c->last_directive = ln->last_line;
		diag_addf(c->dl, SEV_INFO, c->file, ln->first_line, 1,
		    "template line ignored");
		return;
	}
	err = lineread_nameval(ln->text, 0, ln->len, &nv);
	if (err == NULL && !template_has_placeholder(ln->text + nv.name,
	    nv.eq - nv.name)) {
		assign(c, ln, &nv);
		return;
	}
	if (template_has_placeholder(ln->text, ln->len)) {
		diag_addf(c->dl, SEV_INFO, c->file, ln->first_line, 1,
		    "template line ignored");
		return;
	}
	lineread_pos(ln, nv.eq, &line, &col);
	diag_addf(c->dl, SEV_ERROR, c->file, line, col, "%s: \"%.60s%s\"",
	    err, ln->text, ln->len > 60 ? "..." : "");
}

/* assignments - the lines that may start one (not blank, not indented,
 * not a comment), at most max: the size of the name index */
static size_t
assignments(const char *data, size_t len, size_t max)
{
	const char	*p = data, *end = data + len, *nl;
	size_t		 n = 0;

	while (p < end && n < max) {
		if (*p != '#' && *p != ' ' && *p != '\t' && *p != '\n' &&
		    *p != '\r')
			n++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		p = nl + 1;
	}
	return n;
}

/* parse_main - the parser proper, shared by both entry points */
static void
parse_main(struct model *m, const char *display, const char *data,
    size_t len, size_t max_line, size_t max_settings, struct diag_list *dl)
{
	struct mainctx	 c;

	memset(&c, 0, sizeof(c));
	c.m = m;
	c.dl = dl;
	c.file = model_strdup(m, display);
	c.max_settings = max_settings;
	c.count = model_pf_count(m);
	m->pf.present = true;
	m->pf.main_file = c.file;
	model_pf_reserve(m, assignments(data, len, max_settings));
	lineread_each(c.file, data, len, max_line, dl, one_line, &c);
}

int
parse_postfix_main_buf(struct model *m, const char *display,
    const char *data, size_t len, size_t max_line, struct diag_list *dl)
{
	parse_main(m, display, data, len, max_line, FSROOT_DEF_SETTINGS, dl);
	return 0;
}

int
parse_postfix_main(struct model *m, struct fsroot *fr, const char *path,
    struct diag_list *dl)
{
	return lineread_parse_file(m, fr, path, "main.cf", parse_main, dl);
}
