/* SPDX-License-Identifier: MIT */
/*
 * fixapply_edit - what each edit does to the lines of a file as read.
 *
 * Every position refers to the file as read: a replaced line keeps its
 * number (its continuation lines are marked deleted), inserted lines hang
 * after an original line or at the end, a master.cf option is rewritten
 * as a span of its line.  An edit that does not fit the text (the line is
 * no longer an assignment, the option is gone, another edit owns the
 * line) is skipped with a warning at file:line; nothing half-applied.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "fixapply_int.h"
#include "model.h"
#include "strbuf.h"
#include "xmem.h"

void
fixedit_skipped(struct fapply *fa, const struct pedit *pe, unsigned line,
    const char *why)
{
	diag_addf(fa->dl, SEV_WARN, fa->pf->path, line, 0,
	    "fix of %s not applied: %s", pe->rule, why);
}

static struct ins *
new_ins(struct fapply *fa, const char *text)
{
	struct ins	*in = arena_alloc(fa->a, sizeof(*in));

	in->text = text;
	in->next = NULL;
	return in;
}

static void
insert_after(struct fapply *fa, size_t i, const char *text)
{
	struct ins	*in = new_ins(fa, text);

	if (i == 0 || i > fa->n) {
		if (fa->tail_end != NULL)
			fa->tail_end->next = in;
		else
			fa->tail = in;
		fa->tail_end = in;
		return;
	}
	if (fa->l[i].after_tail != NULL)
		fa->l[i].after_tail->next = in;
	else
		fa->l[i].after = in;
	fa->l[i].after_tail = in;
}

/* append - text (one or more lines) at the end of the file */
static void
append(struct fapply *fa, const char *text)
{
	const char	*s = text, *nl;

	/* A blank line between the file and what is added. */
	if (fa->tail == NULL && fa->n > 0 &&
	    strspn(fa->l[fa->n].s, " \t\r") < fa->l[fa->n].len)
		insert_after(fa, 0, "");
	while ((nl = strchr(s, '\n')) != NULL) {
		insert_after(fa, 0, arena_strndup(fa->a, s, (size_t)(nl - s)));
		s = nl + 1;
	}
	insert_after(fa, 0, s);
}

static size_t
lead_blanks(const struct line *ln)
{
	size_t	i = 0;

	while (i < ln->len && (ln->s[i] == ' ' || ln->s[i] == '\t'))
		i++;
	return i;
}

/* assignment_line - a line that can hold "name = value" (not a comment) */
static bool
assignment_line(const struct line *ln)
{
	size_t	b = lead_blanks(ln);

	return b < ln->len && ln->s[b] != '#' && ln->s[b] != '}' &&
	    memchr(ln->s, '=', ln->len) != NULL;
}

/* claim - lines first..last are free (or already this very edit's) */
static bool
claim(struct fapply *fa, const struct pedit *pe, size_t first, size_t last)
{
	size_t	i;

	for (i = first; i <= last; i++)
		if ((fa->l[i].owner != NULL && fa->l[i].owner != pe) ||
		    fa->l[i].spans != NULL)
			return false;
	for (i = first; i <= last; i++)
		fa->l[i].owner = pe;
	return true;
}

/* pf_word - a master.cf -o argument: name=value, or { name = value } */
static const char *
pf_word(struct arena *a, const char *name, const char *value)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*v, *out;
	bool		 blank = false;

	/* "!SSLv2, !SSLv3" is a list: drop blanks after commas, which
	 * every Postfix version reads the same way. */
	for (v = value; *v != '\0'; v++) {
		if ((*v == ' ' || *v == '\t') && v > value && v[-1] == ',')
			continue;
		if (*v == ' ' || *v == '\t')
			blank = true;
		strbuf_addc(&sb, *v);
	}
	if (blank || value[0] == '{' || value[0] == '\0')
		out = arena_printf(a, "{ %s = %s }", name, value);
	else
		out = arena_printf(a, "%s=%s", name, strbuf_cstr(&sb));
	strbuf_free(&sb);
	return out;
}

/* uncomment_line - line i without its '#'; the entry's first line starts
 * at column 1, every other one with a blank (it continues the entry) */
static void
uncomment_line(struct fapply *fa, size_t i, bool head)
{
	struct line	*ln = &fa->l[i];
	size_t		 b = lead_blanks(ln), k;

	if (b == ln->len)
		return;
	k = b + 1;
	if (head) {
		/* "# submission inet ..." -> an entry starts at column 1 */
		while (k < ln->len && (ln->s[k] == ' ' || ln->s[k] == '\t'))
			k++;
		ln->repl = arena_strndup(fa->a, ln->s + k, ln->len - k);
	} else if (k < ln->len && ln->s[k] != ' ' && ln->s[k] != '\t')
		/* a continuation line must start with a blank */
		ln->repl = arena_printf(fa->a, "  %.*s", (int)(ln->len - k),
		    ln->s + k);
	else
		ln->repl = arena_strndup(fa->a, ln->s + k, ln->len - k);
	ln->uncommented = true;
}

/* later_run - a run of an entry after its first one: the edit of the
 * first run revived it (or, when that one was skipped, nothing does) */
static void
later_run(struct fapply *fa, const struct pedit *pe)
{
	const struct fix_edit	*e = pe->e;
	size_t			 i;

	for (i = e->line; i <= e->end_line; i++)
		if (i == 0 || i > fa->n || !fa->l[i].uncommented) {
			fixedit_skipped(fa, pe, e->line, "the entry's service "
			    "line was not uncommented");
			return;
		}
}

void
fixedit_uncomment(struct fapply *fa, const struct pedit *pe)
{
	const struct fix_edit	*e = pe->e;
	const unsigned		*v = e->entry_lines;
	size_t			 n = e->n_entry_lines, i, k;
	unsigned		*span;

	if (v != NULL && n > 0 && e->line != v[0]) {
		later_run(fa, pe);
		return;
	}
	if (v == NULL || n == 0) {
		/* no line list: every line of line..end_line */
		n = e->end_line > e->line ? e->end_line - e->line + 1 : 1;
		span = arena_array(fa->a, n, sizeof(*span));
		for (i = 0; i < n; i++)
			span[i] = e->line + (unsigned)i;
		v = span;
	}
	for (k = 0; k < n; k++) {
		const struct line	*ln;
		size_t			 b;

		if (v[k] == 0 || v[k] > fa->n) {
			fixedit_skipped(fa, pe, e->line, "the lines are no "
			    "longer in the file");
			return;
		}
		ln = &fa->l[v[k]];
		b = lead_blanks(ln);
		if (ln->len > b && ln->s[b] != '#') {
			fixedit_skipped(fa, pe, v[k], "the line is not "
			    "commented out (file changed since it was read?)");
			return;
		}
		if ((ln->owner != NULL && ln->owner != pe) ||
		    ln->spans != NULL) {
			fixedit_skipped(fa, pe, e->line, "another fix changes "
			    "these lines");
			return;
		}
	}
	for (k = 0; k < n; k++) {
		fa->l[v[k]].owner = pe;
		uncomment_line(fa, v[k], k == 0);
	}
	fa->applied++;
}

/* replace_lines - lines line..end become `text` (indentation kept) */
static void
replace_lines(struct fapply *fa, const struct pedit *pe, const char *text,
    bool keep_indent)
{
	const struct fix_edit	*e = pe->e;
	size_t			 first = e->line, last = e->end_line, i;
	struct line		*ln;

	if (last < first)
		last = first;
	if (last > fa->n || !assignment_line(&fa->l[first])) {
		fixedit_skipped(fa, pe, e->line, "the setting is no longer on this "
		    "line (file changed since it was read?)");
		return;
	}
	if (!claim(fa, pe, first, last)) {
		fixedit_skipped(fa, pe, e->line, "another fix changes this line; run "
		    "maillint again after this one");
		return;
	}
	ln = &fa->l[first];
	ln->repl = keep_indent ? arena_printf(fa->a, "%.*s%s",
	    (int)lead_blanks(ln), ln->s, text) : text;
	for (i = first + 1; i <= last; i++)
		fa->l[i].del = true;
	fa->applied++;
}

/* find_o - bytes [from, to) of "name=value" (or its { } group) after an
 * -o in line ln; false when the line has no such option */
static bool
find_o(const struct line *ln, const char *name, size_t *from, size_t *to)
{
	const char	*s = ln->s;
	size_t		 n = ln->len, i = 0, nl = strlen(name);

	while (i < n) {
		size_t	w, j;

		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		w = i;
		while (i < n && s[i] != ' ' && s[i] != '\t')
			i++;
		if (i - w < 2 || s[w] != '-' || s[w + 1] != 'o')
			continue;
		j = w + 2;			/* "-oname=value" */
		if (j == i) {			/* "-o" "name=value" */
			j = i;
			while (j < n && (s[j] == ' ' || s[j] == '\t'))
				j++;
		}
		if (j < n && s[j] == '{') {	/* "-o { name = value }" */
			size_t	k = j + 1, end;
			int	depth = 1;

			for (end = k; end < n && depth > 0; end++)
				if (s[end] == '{')
					depth++;
				else if (s[end] == '}')
					depth--;
			if (depth != 0)
				return false;
			while (k < end && (s[k] == ' ' || s[k] == '\t'))
				k++;
			if (k + nl < end && memcmp(s + k, name, nl) == 0 &&
			    (s[k + nl] == ' ' || s[k + nl] == '\t' ||
			    s[k + nl] == '=')) {
				*from = j;
				*to = end;
				return true;
			}
			i = end;
			continue;
		}
		if (j + nl < n && memcmp(s + j, name, nl) == 0 &&
		    s[j + nl] == '=') {
			size_t	end = j;

			while (end < n && s[end] != ' ' && s[end] != '\t')
				end++;
			*from = j;
			*to = end;
			return true;
		}
		if (j > i)
			i = j;
	}
	return false;
}

static void
set_master_word(struct fapply *fa, const struct pedit *pe)
{
	const struct fix_edit	*e = pe->e;
	size_t			 i, last = e->end_line < e->line ? e->line :
	    e->end_line, from, to;
	struct span		*sp, **pp;

	for (i = e->line; i <= last && i <= fa->n; i++) {
		struct line	*ln = &fa->l[i];
		struct line	 view = *ln;

		/* an entry revived by this plan: edit the uncommented text */
		if (ln->uncommented) {
			view.s = ln->repl;
			view.len = strlen(ln->repl);
		}
		if (!find_o(&view, e->name, &from, &to))
			continue;
		if (ln->repl != NULL && !ln->uncommented) {
			fixedit_skipped(fa, pe, (unsigned)i, "another fix changes this line");
			return;
		}
		for (sp = ln->spans; sp != NULL; sp = sp->next)
			if (from < sp->to && sp->from < to) {
				fixedit_skipped(fa, pe, (unsigned)i, "another fix changes "
				    "this option");
				return;
			}
		sp = arena_alloc(fa->a, sizeof(*sp));
		sp->from = from;
		sp->to = to;
		sp->text = pf_word(fa->a, e->name, e->value);
		for (pp = &ln->spans; *pp != NULL && (*pp)->from < from;
		    pp = &(*pp)->next)
			;
		sp->next = *pp;
		*pp = sp;
		fa->applied++;
		return;
	}
	fixedit_skipped(fa, pe, e->line, "no \"-o name=value\" option on this line "
	    "(file changed since it was read?)");
}

/* master_entry - the master.cf entry of scope, active after this plan */
static const struct pf_service *
master_entry(struct fapply *fa, const char *scope)
{
	struct fixplan		*p = fa->p;
	const struct pf_model	*pf = &p->m->pf;
	const struct pf_service	*s;
	size_t			 i;

	s = hmap_get(&pf->svc_index, scope);
	if (s != NULL && s->loc.file != NULL &&
	    strcmp(s->loc.file, fa->pf->path) == 0)
		return s;
	if (!p->have_commented) {
		for (i = 0; i < pf->n_commented; i++)
			if (hmap_get(&p->commented, pf->commented[i]->scope) == NULL)
				hmap_put(&p->commented, pf->commented[i]->scope,
				    (void *)pf->commented[i]);
		p->have_commented = true;
	}
	/* a commented-out entry counts once this plan uncommented it */
	s = hmap_get(&p->commented, scope);
	if (s != NULL && s->loc.file != NULL &&
	    strcmp(s->loc.file, fa->pf->path) == 0 &&
	    s->loc.line >= 1 && s->loc.line <= fa->n &&
	    fa->l[s->loc.line].uncommented)
		return s;
	return NULL;
}

static void
add_master_option(struct fapply *fa, const struct pedit *pe)
{
	const struct fix_edit	*e = pe->e;
	const struct pf_service	*s = master_entry(fa, e->scope);
	unsigned		 end;

	if (s == NULL) {
		fixedit_skipped(fa, pe, 0, "the master.cf entry is not active");
		return;
	}
	end = s->end_line > s->loc.line ? s->end_line : s->loc.line;
	if (end > fa->n) {
		fixedit_skipped(fa, pe, s->loc.line, "the entry is no longer in the file");
		return;
	}
	insert_after(fa, end, arena_printf(fa->a, "  -o %s",
	    pf_word(fa->a, e->name, e->value)));
	fa->applied++;
}

/* dc_section_by_scope - the section of scope (an index built once,
 * without recursion: nesting depth is the user's) */
static const struct dc_section *
dc_section_by_scope(struct fixplan *p, const char *scope)
{
	const struct dc_section	**stack;
	size_t			  n = 0, cap = 64, i;

	if (!p->have_sections && p->m->dc.root != NULL) {
		stack = xcalloc(cap, sizeof(*stack));
		stack[n++] = p->m->dc.root;
		while (n > 0) {
			const struct dc_section	*sec = stack[--n];

			if (hmap_get(&p->sections, sec->scope) == NULL)
				hmap_put(&p->sections, sec->scope, (void *)sec);
			for (i = sec->n_children; i-- > 0;) {
				if (n == cap) {
					cap *= 2;
					stack = xreallocarray(stack, cap,
					    sizeof(*stack));
				}
				stack[n++] = sec->children[i];
			}
		}
		free(stack);
	}
	p->have_sections = true;
	return hmap_get(&p->sections, scope);
}

/* dc_block - "name = value" inside the sections of scope ("a/b") */
static const char *
dc_block(struct arena *a, const char *scope, const char *text)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*s = scope, *out;
	unsigned	 depth = 0, i;

	while (*s != '\0') {
		const char	*slash = strchr(s, '/');
		size_t		 n = slash != NULL ? (size_t)(slash - s) : strlen(s);

		for (i = 0; i < depth; i++)
			strbuf_adds(&sb, "  ");
		strbuf_printf(&sb, "%.*s {\n", (int)n, s);
		depth++;
		s += n + (slash != NULL);
	}
	for (i = 0; i < depth; i++)
		strbuf_adds(&sb, "  ");
	strbuf_adds(&sb, text);
	while (depth-- > 0) {
		strbuf_addc(&sb, '\n');
		for (i = 0; i < depth; i++)
			strbuf_adds(&sb, "  ");
		strbuf_addc(&sb, '}');
	}
	out = arena_strdup(a, strbuf_cstr(&sb));
	strbuf_free(&sb);
	return out;
}

static void
add_dovecot(struct fapply *fa, const struct pedit *pe, const char *text)
{
	const struct fix_edit	*e = pe->e;
	const struct dc_section	*sec;

	if (e->scope == NULL || e->scope[0] == '\0') {
		append(fa, text);
		fa->applied++;
		return;
	}
	sec = dc_section_by_scope(fa->p, e->scope);
	if (sec != NULL && sec->loc.file != NULL &&
	    strcmp(sec->loc.file, fa->pf->path) == 0 &&
	    sec->loc.line >= 1 && sec->loc.line <= fa->n &&
	    memchr(fa->l[sec->loc.line].s, '{', fa->l[sec->loc.line].len)) {
		const struct line	*h = &fa->l[sec->loc.line];

		insert_after(fa, sec->loc.line, arena_printf(fa->a,
		    "%.*s  %s", (int)lead_blanks(h), h->s, text));
	} else
		append(fa, dc_block(fa->a, e->scope, text));
	fa->applied++;
}

void
fixedit_set(struct fapply *fa, const struct pedit *pe)
{
	const struct fix_edit	*e = pe->e;
	const char		*text;

	if (e->name == NULL) {			/* a whole block */
		append(fa, e->value != NULL ? e->value : "");
		fa->applied++;
		return;
	}
	if (e->value == NULL || strpbrk(e->value, "\r\n") != NULL ||
	    strpbrk(e->name, " \t\r\n=") != NULL) {
		fixedit_skipped(fa, pe, e->line, "not a one-line \"name = value\"");
		return;
	}
	text = arena_printf(fa->a, "%s = %s", e->name, e->value);
	if (e->line > fa->n) {
		fixedit_skipped(fa, pe, e->line, "the file is shorter than when it "
		    "was read");
		return;
	}
	switch (fa->pf->kind) {
	case FK_MAIN:
		if (e->line > 0)
			replace_lines(fa, pe, text, false);
		else {
			append(fa, text);
			fa->applied++;
		}
		break;
	case FK_MASTER:
		if (e->scope == NULL || e->scope[0] == '\0')
			fixedit_skipped(fa, pe, e->line, "a master.cf edit without a "
			    "service");
		else if (e->line > 0)
			set_master_word(fa, pe);
		else
			add_master_option(fa, pe);
		break;
	case FK_DOVECOT:
		if (e->line > 0)
			replace_lines(fa, pe, text, true);
		else
			add_dovecot(fa, pe, text);
		break;
	}
}

bool
fixedit_line_changed(const struct line *ln)
{
	return ln->del || ln->repl != NULL || ln->spans != NULL;
}
