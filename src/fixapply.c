/* SPDX-License-Identifier: MIT */
/*
 * fixapply - findings' edits -> new file contents and a unified diff.
 *
 * A plan groups the edits by file (hash on the display path).  Applying
 * one file splits it into lines, drops duplicate edits (two rules asking
 * for the same fix), orders the rest (uncomments first, then by line, the
 * earlier finding first), lets fixapply_edit.c record what each does to
 * the lines as read, then renders the new text and, from the same record,
 * the diff (fixapply_diff.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fixapply_int.h"
#include "model.h"
#include "strbuf.h"
#include "xmem.h"

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
	struct fixplan	*p = xcalloc(1, sizeof(*p));
	size_t		 i, k;

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
	fixedit_skipped(fa, pe, 0, "another fix adds the same setting with another "
	    "value");
	return true;
}

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
	fa->l = xcalloc(n + 1, sizeof(*fa->l));
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

/* render - the new text into out (and the diff into diff) */
static void
render(struct fapply *fa, struct strbuf *out, struct strbuf *diff)
{
	struct strbuf	 all = STRBUF_INIT;	/* new line texts, for the diff */
	size_t		 i, *offs = NULL, n_offs = 0, cap_offs = 0;
	const struct ins *in;

	/* the new text; remember where each new line starts */
#define NEWLINE_AT(pos) do {						\
	if (n_offs == cap_offs) {					\
		cap_offs = cap_offs ? cap_offs * 2 : 64;		\
		offs = xreallocarray(offs, cap_offs, sizeof(*offs));	\
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
	if (diff != NULL)
		fixdiff_write(fa, all.s, all.len, offs, n_offs, diff);
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
			fixedit_uncomment(&fa, pe);
		else
			fixedit_set(&fa, pe);
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
