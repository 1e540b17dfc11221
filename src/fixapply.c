/* SPDX-License-Identifier: MIT */
/*
 * fixapply - findings' edits -> new file contents and a unified diff.
 *
 * A plan groups the edits by file (hash on the display path) and drops
 * duplicates (two rules asking for the same line).  Applying one file
 * splits it into lines, records what each edit does to the lines as read
 * (replace, delete, rewrite one word, insert after, append at the end),
 * then renders the new text and, from the same record, the diff: no
 * line-matching algorithm is needed because every change is known.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "eval.h"
#include "fixapply.h"
#include "hmap.h"
#include "model.h"
#include "strbuf.h"

#define DIFF_CONTEXT	3

enum fkind { FK_MAIN, FK_MASTER, FK_DOVECOT };

struct pedit {
	const struct fix_edit	*e;
	const char		*rule;
	size_t			 order;		/* finding order: first wins */
};

struct pfile {
	const char	*path;
	enum fkind	 kind;
	struct pedit	*v;
	size_t		 n, cap;
};

struct fixplan {
	struct arena		*a;
	const struct model	*m;
	struct hmap		 index;		/* path -> struct pfile * */
	struct hmap		 known;		/* paths of the files read */
	struct pfile		**files;
	size_t			 n_files, cap;
	size_t			 n_manual;
	/* built on first use, so that no edit scans the model */
	struct hmap		 commented;	/* scope -> first commented entry */
	struct hmap		 sections;	/* scope -> Dovecot section */
	bool			 have_commented, have_sections;
};

/* An inserted line (after an original line, or at the end). */
struct ins {
	const char	*text;
	struct ins	*next;
};

/* One word of a master.cf line rewritten: bytes [from, to) become text. */
struct span {
	size_t		 from, to;
	const char	*text;
	struct span	*next;
};

struct line {
	const char		*s;		/* original text, no '\n' */
	size_t			 len;
	const char		*repl;		/* whole new text, or NULL */
	struct span		*spans;		/* word rewrites (master.cf) */
	struct ins		*after, *after_tail;
	const struct pedit	*owner;		/* edit that changed it */
	bool			 del;
	bool			 uncommented;
};

/* Applying the edits of one file. */
struct fapply {
	struct fixplan		*p;
	struct pfile		*pf;
	struct arena		*a;		/* the plan's arena */
	struct line		*l;		/* l[1..n] */
	size_t			 n;
	bool			 nonl;		/* last line has no '\n' */
	bool			 crlf;
	struct ins		*tail, *tail_end; /* appended at the end */
	struct diag_list	*dl;
	struct hmap		 adds;		/* "scope\nname" -> first addition */
	struct hmap		 seen;		/* edit_key -> edit, for duplicates */
	size_t			 applied;
};

static enum fkind
file_kind(const struct model *m, const char *path)
{
	if (m->pf.main_file != NULL && strcmp(path, m->pf.main_file) == 0)
		return FK_MAIN;
	if (m->pf.master_file != NULL && strcmp(path, m->pf.master_file) == 0)
		return FK_MASTER;
	return FK_DOVECOT;
}

/* index_files - the files this run read (and main.cf/master.cf) */
static void
index_files(struct fixplan *p)
{
	const struct model	*m = p->m;
	size_t			 i;

	if (m->pf.main_file != NULL)
		hmap_put(&p->known, m->pf.main_file, (void *)m->pf.main_file);
	if (m->pf.master_file != NULL)
		hmap_put(&p->known, m->pf.master_file, (void *)m->pf.master_file);
	for (i = 0; i < m->dc.n_files; i++)
		hmap_put(&p->known, m->dc.files[i], (void *)m->dc.files[i]);
}

static struct pfile *
plan_file(struct fixplan *p, const char *path)
{
	struct pfile	*pf = hmap_get(&p->index, path);

	if (pf != NULL)
		return pf;
	pf = arena_alloc(p->a, sizeof(*pf));
	memset(pf, 0, sizeof(*pf));
	pf->path = arena_strdup(p->a, path);
	pf->kind = file_kind(p->m, path);
	hmap_put(&p->index, pf->path, pf);
	if (p->n_files == p->cap) {
		struct pfile	**v;

		p->cap = p->cap ? p->cap * 2 : 8;
		v = arena_array(p->a, p->cap, sizeof(*v));
		if (p->n_files > 0)
			memcpy(v, p->files, p->n_files * sizeof(*v));
		p->files = v;
	}
	p->files[p->n_files++] = pf;
	return pf;
}

static void
plan_add(struct fixplan *p, const struct fix_edit *e, const char *rule,
    size_t order)
{
	struct pfile	*pf = plan_file(p, e->file);

	if (pf->n == pf->cap) {
		struct pedit	*v;

		pf->cap = pf->cap ? pf->cap * 2 : 8;
		v = arena_array(p->a, pf->cap, sizeof(*v));
		if (pf->n > 0)
			memcpy(v, pf->v, pf->n * sizeof(*v));
		pf->v = v;
	}
	pf->v[pf->n].e = e;
	pf->v[pf->n].rule = rule;
	pf->v[pf->n].order = order;
	pf->n++;
}

struct fixplan *
fixplan_new(const struct findings *fs, const struct model *m, enum sev min)
{
	struct fixplan	*p = calloc(1, sizeof(*p));
	size_t		 i, k;

	if (p == NULL)
		abort();
	p->a = arena_new();
	p->m = m;
	index_files(p);
	for (i = 0; fs != NULL && i < fs->len; i++) {
		const struct finding	*f = &fs->v[i];
		size_t			 used = 0;

		if (f->sev < min)
			continue;
		for (k = 0; k < f->n_edits; k++) {
			const struct fix_edit	*e = &f->edits[k];

			if (e->action == FIX_TEXT || e->file == NULL ||
			    hmap_get(&p->known, e->file) == NULL)
				continue;
			plan_add(p, e, f->rule_id, i);
			used++;
		}
		if (used == 0 && (f->fix_text != NULL || f->n_edits > 0))
			p->n_manual++;
	}
	return p;
}

void
fixplan_free(struct fixplan **pp)
{
	struct fixplan	*p = *pp;

	if (p == NULL)
		return;
	hmap_free(&p->index);
	hmap_free(&p->known);
	hmap_free(&p->commented);
	hmap_free(&p->sections);
	arena_free(&p->a);
	free(p);
	*pp = NULL;
}

size_t
fixplan_n_files(const struct fixplan *p)
{
	return p->n_files;
}

const char *
fixplan_file(const struct fixplan *p, size_t i)
{
	return i < p->n_files ? p->files[i]->path : NULL;
}

size_t
fixplan_n_manual(const struct fixplan *p)
{
	return p->n_manual;
}

/* ----------------------------------------------------------- ordering */

/*
 * Uncomments first (an -o may be added to a revived entry), then by line;
 * among different edits of one line the earlier finding wins.
 */
static int
pedit_cmp(const void *x, const void *y)
{
	const struct pedit	*a = x, *b = y;

	if ((a->e->action == FIX_UNCOMMENT) != (b->e->action == FIX_UNCOMMENT))
		return a->e->action == FIX_UNCOMMENT ? -1 : 1;
	if (a->e->line != b->e->line)
		return a->e->line < b->e->line ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* edit_key - what makes two edits the same edit (two rules, one fix) */
static const char *
edit_key(struct arena *a, const struct fix_edit *e)
{
	return arena_printf(a, "%d\n%u\n%u\n%s\n%s\n%s", (int)e->action,
	    e->line, e->end_line, e->scope != NULL ? e->scope : "",
	    e->name != NULL ? e->name : "\001", e->value != NULL ? e->value : "");
}

/* ------------------------------------------------------------- helpers */

static void
skipped(struct fapply *fa, const struct pedit *pe, unsigned line,
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

/* ---------------------------------------------------------------- edits */

static void
do_uncomment(struct fapply *fa, const struct pedit *pe)
{
	const struct fix_edit	*e = pe->e;
	size_t			 first = e->line, last = e->end_line, i;

	if (last < first)
		last = first;
	if (first == 0 || last > fa->n) {
		skipped(fa, pe, e->line, "the lines are no longer in the file");
		return;
	}
	for (i = first; i <= last; i++) {
		const struct line	*ln = &fa->l[i];
		size_t			 b = lead_blanks(ln);

		if (ln->len > b && ln->s[b] != '#') {
			skipped(fa, pe, (unsigned)i, "the line is not commented "
			    "out (file changed since it was read?)");
			return;
		}
	}
	if (!claim(fa, pe, first, last)) {
		skipped(fa, pe, e->line, "another fix changes these lines");
		return;
	}
	for (i = first; i <= last; i++) {
		struct line	*ln = &fa->l[i];
		size_t		 b = lead_blanks(ln), k;

		if (b == ln->len)
			continue;
		k = b + 1;
		if (i == first) {
			/* "# submission inet ..." -> an entry starts at column 1 */
			while (k < ln->len && (ln->s[k] == ' ' || ln->s[k] == '\t'))
				k++;
			ln->repl = arena_strndup(fa->a, ln->s + k, ln->len - k);
		} else if (k < ln->len && ln->s[k] != ' ' && ln->s[k] != '\t')
			/* a continuation line must start with a blank */
			ln->repl = arena_printf(fa->a, "  %.*s",
			    (int)(ln->len - k), ln->s + k);
		else
			ln->repl = arena_strndup(fa->a, ln->s + k, ln->len - k);
		ln->uncommented = true;
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
		skipped(fa, pe, e->line, "the setting is no longer on this "
		    "line (file changed since it was read?)");
		return;
	}
	if (!claim(fa, pe, first, last)) {
		skipped(fa, pe, e->line, "another fix changes this line; run "
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
			skipped(fa, pe, (unsigned)i, "another fix changes this line");
			return;
		}
		for (sp = ln->spans; sp != NULL; sp = sp->next)
			if (from < sp->to && sp->from < to) {
				skipped(fa, pe, (unsigned)i, "another fix changes "
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
	skipped(fa, pe, e->line, "no \"-o name=value\" option on this line "
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
		skipped(fa, pe, 0, "the master.cf entry is not active");
		return;
	}
	end = s->end_line > s->loc.line ? s->end_line : s->loc.line;
	if (end > fa->n) {
		skipped(fa, pe, s->loc.line, "the entry is no longer in the file");
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
		stack = malloc(cap * sizeof(*stack));
		if (stack == NULL)
			abort();
		stack[n++] = p->m->dc.root;
		while (n > 0) {
			const struct dc_section	*sec = stack[--n];

			if (hmap_get(&p->sections, sec->scope) == NULL)
				hmap_put(&p->sections, sec->scope, (void *)sec);
			for (i = sec->n_children; i-- > 0;) {
				if (n == cap) {
					cap *= 2;
					stack = realloc(stack, cap * sizeof(*stack));
					if (stack == NULL)
						abort();
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

static void
do_set(struct fapply *fa, const struct pedit *pe)
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
		skipped(fa, pe, e->line, "not a one-line \"name = value\"");
		return;
	}
	text = arena_printf(fa->a, "%s = %s", e->name, e->value);
	if (e->line > fa->n) {
		skipped(fa, pe, e->line, "the file is shorter than when it "
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
			skipped(fa, pe, e->line, "a master.cf edit without a "
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

/* Two additions of one setting with different values: keep the first. */
static bool
add_conflict(struct fapply *fa, const struct pedit *pe)
{
	const struct fix_edit	*e = pe->e, *o;
	const char		*key;

	if (e->action != FIX_SET || e->line != 0 || e->name == NULL)
		return false;
	key = arena_printf(fa->a, "%s\n%s", e->scope != NULL ? e->scope : "",
	    e->name);
	if ((o = hmap_get(&fa->adds, key)) == NULL) {
		hmap_put(&fa->adds, key, (void *)e);
		return false;
	}
	skipped(fa, pe, 0, "another fix adds the same setting with another "
	    "value");
	return true;
}

/* ------------------------------------------------------------ rendering */

static void
split_lines(struct fapply *fa, const char *data, size_t len)
{
	size_t	i, n = 0, start = 0;

	for (i = 0; i < len; i++)
		if (data[i] == '\n')
			n++;
	fa->nonl = len > 0 && data[len - 1] != '\n';
	if (fa->nonl)
		n++;
	fa->n = n;
	fa->l = calloc(n + 1, sizeof(*fa->l));
	if (fa->l == NULL)
		abort();
	n = 0;
	for (i = 0; i <= len; i++) {
		if (i < len && data[i] != '\n')
			continue;
		if (i == len && !fa->nonl)
			break;
		n++;
		fa->l[n].s = data + start;
		fa->l[n].len = i - start;
		start = i + 1;
	}
	fa->crlf = n > 0 && fa->l[1].len > 0 && fa->l[1].s[fa->l[1].len - 1] == '\r';
}

/* line_text - the line's text after the edits (no newline) */
static void
line_text(const struct line *ln, struct strbuf *sb)
{
	const struct span	*sp;
	const char		*t = ln->repl != NULL ? ln->repl : ln->s;
	size_t			 n = ln->repl != NULL ? strlen(ln->repl) : ln->len;
	size_t			 at = 0;

	if (ln->spans == NULL) {
		strbuf_add(sb, t, n);
		/* a CRLF file keeps its line ends */
		if (ln->repl != NULL && ln->len > 0 && ln->s[ln->len - 1] == '\r' &&
		    (n == 0 || t[n - 1] != '\r'))
			strbuf_addc(sb, '\r');
		return;
	}
	/* spans are offsets into the uncommented text when there is one */
	for (sp = ln->spans; sp != NULL; sp = sp->next) {
		strbuf_add(sb, t + at, sp->from - at);
		strbuf_adds(sb, sp->text);
		at = sp->to;
	}
	strbuf_add(sb, t + at, n - at);
}

static bool
line_changed(const struct line *ln)
{
	return ln->del || ln->repl != NULL || ln->spans != NULL;
}

/* One line of the diff: ' ', '-' or '+'. */
struct dline {
	char		 op;
	const char	*s;
	size_t		 len;
	bool		 nonl;		/* "\ No newline at end of file" */
};

struct dlist {
	struct dline	*v;
	size_t		 n, cap;
};

static void
dl_push(struct dlist *d, char op, const char *s, size_t len, bool nonl)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->v = realloc(d->v, d->cap * sizeof(*d->v));
		if (d->v == NULL)
			abort();
	}
	d->v[d->n].op = op;
	d->v[d->n].s = s;
	d->v[d->n].len = len;
	d->v[d->n].nonl = nonl;
	d->n++;
}

static void
hunk_range(struct strbuf *out, size_t start, size_t count)
{
	if (count == 1)
		strbuf_printf(out, "%zu", start);
	else
		strbuf_printf(out, "%zu,%zu", count == 0 ? start - 1 : start,
		    count);
}

static void
emit_diff(const struct dlist *d, const char *path, struct strbuf *out)
{
	size_t	i = 0, old_no = 1, new_no = 1;
	size_t	*oldat, *newat;

	/* line numbers before each entry */
	oldat = calloc(d->n + 1, sizeof(*oldat));
	newat = calloc(d->n + 1, sizeof(*newat));
	if (oldat == NULL || newat == NULL)
		abort();
	for (i = 0; i < d->n; i++) {
		oldat[i] = old_no;
		newat[i] = new_no;
		old_no += d->v[i].op != '+';
		new_no += d->v[i].op != '-';
	}
	oldat[d->n] = old_no;
	newat[d->n] = new_no;
	strbuf_printf(out, "--- a/%s\n+++ b/%s\n", path + (path[0] == '/'),
	    path + (path[0] == '/'));
	i = 0;
	while (i < d->n) {
		size_t	first, last, start, end, k, oc = 0, nc = 0;

		while (i < d->n && d->v[i].op == ' ')
			i++;
		if (i == d->n)
			break;
		first = last = i;
		/* extend while the next change is within 2 * context */
		for (k = i + 1; k < d->n; k++) {
			if (d->v[k].op == ' ')
				continue;
			if (k - last > 2 * DIFF_CONTEXT)
				break;
			last = k;
		}
		start = first > DIFF_CONTEXT ? first - DIFF_CONTEXT : 0;
		end = last + DIFF_CONTEXT + 1 < d->n ? last + DIFF_CONTEXT + 1 : d->n;
		for (k = start; k < end; k++) {
			oc += d->v[k].op != '+';
			nc += d->v[k].op != '-';
		}
		strbuf_adds(out, "@@ -");
		hunk_range(out, oldat[start], oc);
		strbuf_adds(out, " +");
		hunk_range(out, newat[start], nc);
		strbuf_adds(out, " @@\n");
		for (k = start; k < end; k++) {
			strbuf_addc(out, d->v[k].op);
			strbuf_add(out, d->v[k].s, d->v[k].len);
			strbuf_addc(out, '\n');
			if (d->v[k].nonl)
				strbuf_adds(out, "\\ No newline at end of file\n");
		}
		i = end;
	}
	free(oldat);
	free(newat);
}

/* group_changes - in each run of changed lines, the old ones first */
static void
group_changes(struct dlist *d)
{
	struct dline	*tmp;
	size_t		 i = 0, j, k, n;

	tmp = malloc((d->n + 1) * sizeof(*tmp));
	if (tmp == NULL)
		abort();
	while (i < d->n) {
		if (d->v[i].op == ' ') {
			i++;
			continue;
		}
		for (j = i; j < d->n && d->v[j].op != ' '; j++)
			;
		n = 0;
		for (k = i; k < j; k++)
			if (d->v[k].op == '-')
				tmp[n++] = d->v[k];
		for (k = i; k < j; k++)
			if (d->v[k].op == '+')
				tmp[n++] = d->v[k];
		memcpy(d->v + i, tmp, n * sizeof(*tmp));
		i = j;
	}
	free(tmp);
}

static void
render(struct fapply *fa, struct strbuf *out, struct strbuf *diff)
{
	struct strbuf	 all = STRBUF_INIT;	/* new line texts, for the diff */
	struct dlist	 d = { NULL, 0, 0 };
	size_t		 i, *offs = NULL, n_offs = 0, cap_offs = 0;
	const struct ins *in;

	/* pass 1: new text; remember where each new line starts */
#define NEWLINE_AT(pos) do {						\
	if (n_offs == cap_offs) {					\
		cap_offs = cap_offs ? cap_offs * 2 : 64;		\
		offs = realloc(offs, cap_offs * sizeof(*offs));		\
		if (offs == NULL)					\
			abort();					\
	}								\
	offs[n_offs++] = (pos);						\
} while (0)
	for (i = 1; i <= fa->n; i++) {
		const struct line	*ln = &fa->l[i];

		if (!ln->del) {
			NEWLINE_AT(all.len);
			line_text(ln, &all);
			strbuf_addc(&all, '\n');
		}
		for (in = ln->after; in != NULL; in = in->next) {
			NEWLINE_AT(all.len);
			strbuf_printf(&all, "%s%s\n", in->text,
			    fa->crlf ? "\r" : "");
		}
	}
	for (in = fa->tail; in != NULL; in = in->next) {
		NEWLINE_AT(all.len);
		strbuf_printf(&all, "%s%s\n", in->text, fa->crlf ? "\r" : "");
	}
#undef NEWLINE_AT
	strbuf_add(out, all.len ? all.s : "", all.len);
	if (diff == NULL)
		goto done;
	/* pass 2: the diff records, pointing into the old data and `all` */
	{
		size_t	k = 0;

#define NEWTEXT(idx) all.s + offs[idx], \
	((idx) + 1 < n_offs ? offs[(idx) + 1] : all.len) - offs[idx] - 1
		for (i = 1; i <= fa->n; i++) {
			const struct line	*ln = &fa->l[i];
			bool			 nonl = fa->nonl && i == fa->n;

			if (!line_changed(ln) && !nonl) {
				dl_push(&d, ' ', ln->s, ln->len, false);
				k++;
			} else {
				dl_push(&d, '-', ln->s, ln->len, nonl);
				if (!ln->del) {
					dl_push(&d, '+', NEWTEXT(k), false);
					k++;
				}
			}
			for (in = ln->after; in != NULL; in = in->next, k++)
				dl_push(&d, '+', NEWTEXT(k), false);
		}
		for (; k < n_offs; k++)
			dl_push(&d, '+', NEWTEXT(k), false);
#undef NEWTEXT
		group_changes(&d);
		emit_diff(&d, fa->pf->path, diff);
	}
done:
	free(d.v);
	free(offs);
	strbuf_free(&all);
}

size_t
fixplan_apply(struct fixplan *p, size_t idx, const char *data, size_t len,
    struct strbuf *out, struct strbuf *diff, struct diag_list *dl)
{
	struct fapply	 fa;
	struct pfile	*pf;
	size_t		 k;

	if (idx >= p->n_files) {
		strbuf_add(out, data, len);
		return 0;
	}
	pf = p->files[idx];
	memset(&fa, 0, sizeof(fa));
	fa.p = p;
	fa.pf = pf;
	fa.a = p->a;
	fa.dl = dl;
	split_lines(&fa, data, len);
	qsort(pf->v, pf->n, sizeof(*pf->v), pedit_cmp);
	for (k = 0; k < pf->n; k++) {
		const struct pedit	*pe = &pf->v[k];

		const char		*key = edit_key(p->a, pe->e);

		/* the same edit asked by another finding (or rule) */
		if (hmap_get(&fa.seen, key) != NULL)
			continue;
		hmap_put(&fa.seen, key, (void *)pe);
		if (add_conflict(&fa, pe))
			continue;
		if (pe->e->action == FIX_UNCOMMENT)
			do_uncomment(&fa, pe);
		else
			do_set(&fa, pe);
	}
	/* A last line without '\n' gets one when anything changes. */
	if (fa.applied > 0 && fa.nonl && fa.l[fa.n].repl == NULL &&
	    fa.l[fa.n].spans == NULL && !fa.l[fa.n].del)
		fa.l[fa.n].repl = arena_strndup(p->a, fa.l[fa.n].s, fa.l[fa.n].len);
	if (fa.applied == 0)
		strbuf_add(out, data, len);
	else
		render(&fa, out, diff);
	free(fa.l);
	hmap_free(&fa.adds);
	hmap_free(&fa.seen);
	return fa.applied;
}
