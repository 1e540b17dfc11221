/* SPDX-License-Identifier: MIT */
/*
 * fix - a finding's fix: text, postconf command and edits.
 *
 * The rule's fix is a list of alternatives; the first whose `versions`
 * holds for the target version is used, so one rule can say ">=TLSv1.2"
 * to Postfix 3.6+ and "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1" before.  Where an
 * edit goes follows where the judged value came from:
 *  - Postfix: a master.cf -o override is changed in place (postconf -P
 *    'service/type/name=value'); a listener blamed as a whole gets -o
 *    overrides on its own entry; anything else goes to main.cf
 *    (postconf -e 'name = value'), replacing the line that set it, or
 *    added (line 0) when a built-in default decided;
 *  - Dovecot: the section or filter the value came from (global when a
 *    default decided), "name = value (in SCOPE)";
 *  - add_service uncomments a commented-out master.cf entry when one
 *    exists (FIX_UNCOMMENT, the finding moves to its first line): its
 *    service line and argument lines only, one edit per run of lines, so
 *    that commentary inside the block stays commented; else it adds the
 *    entry; add_listener adds an inet_listener section, or sets
 *    port/ssl in the one that exists (port = 0).
 *
 * Does not: read or write files, or check that a fix is right (the rules
 * decide that).  Everything is allocated in the caller's arena.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "cond.h"
#include "fix.h"
#include "hmap.h"
#include "i18n.h"
#include "model.h"
#include "placeholder.h"
#include "strbuf.h"

/* Building one finding's fix. */
struct fixb {
	struct finding		*f;
	struct subject_ctx	*s;
	struct arena		*a;
	const struct model	*m;
	struct strbuf		 text;
	struct strbuf		 ltext;		/* text, its words in the selected
						 * language (i18n.h) */
	struct strbuf		 cmd;
	size_t			 cap;
};

/*
 * The fix text is written twice: in English (text) and with its words in
 * the selected language (ltext).  TEXT_SAME adds what has no words
 * (settings, numbers); TEXT_WORDS adds an English format and its
 * translation (xgettext reads TEXT_WORDS as a keyword).  Their arguments
 * are evaluated twice: never b->text itself.
 */
#define TEXT_SAME(b, ...) do {						\
	strbuf_printf(&(b)->text, __VA_ARGS__);				\
	strbuf_printf(&(b)->ltext, __VA_ARGS__);			\
} while (0)
#define TEXT_WORDS(b, fmt, ...) do {					\
	strbuf_printf(&(b)->text, fmt, __VA_ARGS__);			\
	strbuf_printf(&(b)->ltext, _(fmt), __VA_ARGS__);		\
} while (0)

const char *
fix_sh_quote(struct arena *a, const char *s)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*out;

	strbuf_addc(&sb, '\'');
	for (; *s != '\0'; s++)
		if (*s == '\'')
			strbuf_adds(&sb, "'\\''");
		else
			strbuf_addc(&sb, *s);
	strbuf_addc(&sb, '\'');
	out = arena_strdup(a, strbuf_cstr(&sb));
	strbuf_free(&sb);
	return out;
}

static void
add_edit(struct fixb *b, enum fix_action act, const char *file,
    const struct setting *old, const char *scope, const char *name,
    const char *value)
{
	struct finding	*f = b->f;
	struct fix_edit	*e;

	if (f->n_edits == b->cap) {
		struct fix_edit	*v;

		b->cap = b->cap ? b->cap * 2 : 4;
		v = arena_array(b->a, b->cap, sizeof(*v));
		if (f->n_edits > 0)
			memcpy(v, f->edits, f->n_edits * sizeof(*v));
		f->edits = v;
	}
	e = &f->edits[f->n_edits++];
	e->action = act;
	e->file = old != NULL ? old->loc.file : file;
	e->line = old != NULL ? old->loc.line : 0;
	e->end_line = old != NULL ? (old->end_line > old->loc.line ?
	    old->end_line : old->loc.line) : 0;
	e->scope = scope != NULL ? scope : "";
	e->name = name;
	e->value = value;
}

static const char *
pf_file(struct fixb *b, const char *which)
{
	const struct pf_model	*pf = &b->m->pf;
	const char		*f;

	f = strcmp(which, "main.cf") == 0 ? pf->main_file : pf->master_file;

	if (f != NULL)
		return f;
	return arena_printf(b->a, "%s%s%s", pf->dir != NULL ? pf->dir : "",
	    pf->dir != NULL ? "/" : "", which);
}

/* find_service - the entry of a scope ("submission/inet"): the index
 * keeps the last entry of a scope, the one that supersedes the others */
static const struct pf_service *
find_service(const struct model *m, const char *scope)
{
	const struct pf_service	*svc = hmap_get(&m->pf.svc_index, scope);

	return svc != NULL && !svc->superseded ? svc : NULL;
}

static const struct dc_section *
find_section(const struct dc_section *sec, const char *scope)
{
	const struct dc_section	*hit;
	size_t			 i;

	if (sec == NULL || strcmp(sec->scope, scope) == 0)
		return sec;
	for (i = 0; i < sec->n_children; i++)
		if ((hit = find_section(sec->children[i], scope)) != NULL)
			return hit;
	return NULL;
}

/* blamed_line - the blamed origin, when name is the blamed setting */
static const struct setting *
blamed_line(const struct subject_ctx *s, const char *name)
{
	const struct setting	*o = s->blame_origin;

	if (o != NULL && (strcmp(o->name, name) == 0 ||
	    (s->blame_name != NULL && strcmp(s->blame_name, name) == 0)))
		return o;
	return NULL;
}

/* kv_name - the name to set: "{setting}" is the blamed one (or NULL);
 * another placeholder is expanded ("{replacement}"), NULL when empty */
static const char *
kv_name(struct fixb *b, const struct kv *kv)
{
	const char	*n;

	if (strcmp(kv->name, "{setting}") == 0)
		return b->s->blame_name;
	if (strchr(kv->name, '{') == NULL)
		return kv->name;
	n = placeholder_expand(b->a, kv->name, b->s);
	return n[0] != '\0' ? n : NULL;
}

static void
set_postfix(struct fixb *b, const struct fix_alt *fa)
{
	const struct subject_ctx	*s = b->s;
	const struct setting		*o = s->blame_origin, *old;
	const struct pf_service		*svc = NULL;
	const char			*sep;
	size_t				 i;

	if (o != NULL && o->scope != NULL && o->scope[0] != '\0')
		/* The listener's own entry when the -o is its (no scan:
		 * 20,000 services must not cost 20,000 scans). */
		svc = s->l != NULL && s->l->pf != NULL &&
		    strcmp(s->l->pf->scope, o->scope) == 0 ? s->l->pf :
		    find_service(b->m, o->scope);
	else if (o == NULL && s->blame_is_listener && s->l != NULL &&
	    s->l->pf != NULL && s->l->pf->loc.line > 0)
		svc = s->l->pf;
	strbuf_adds(&b->cmd, svc != NULL ? "postconf -P" : "postconf -e");
	for (i = 0; i < fa->n_kv; i++) {
		const char	*name = kv_name(b, &fa->kv[i]);
		const char	*val = placeholder_expand(b->a, fa->kv[i].value, s);

		if (name == NULL)
			continue;
		old = blamed_line(s, name);
		/* An -o whose entry is gone (superseded) is not main.cf's. */
		if (old == NULL || (svc == NULL && old->scope != NULL &&
		    old->scope[0] != '\0'))
			old = svc != NULL ? model_pf_override(svc, name) :
			    model_pf_get(b->m, name);
		if (svc != NULL) {
			add_edit(b, FIX_SET, svc->loc.file, old, svc->scope,
			    name, val);
			sep = b->text.len ? " " : "";
			TEXT_SAME(b, "%s-o %s=%s", sep, name, val);
			strbuf_printf(&b->cmd, " %s", fix_sh_quote(b->a,
			    arena_printf(b->a, "%s/%s=%s", svc->scope, name,
			    val)));
		} else {
			add_edit(b, FIX_SET, pf_file(b, "main.cf"), old, "",
			    name, val);
			sep = b->text.len ? "; " : "";
			TEXT_SAME(b, "%s%s = %s", sep, name, val);
			strbuf_printf(&b->cmd, " %s", fix_sh_quote(b->a,
			    arena_printf(b->a, "%s = %s", name, val)));
		}
	}
	if (svc != NULL)
		TEXT_WORDS(b, " (in master.cf %s)", svc->scope);
	b->f->fix_command = arena_strdup(b->a, strbuf_cstr(&b->cmd));
}

static void
set_dovecot(struct fixb *b, const struct fix_alt *fa)
{
	const struct subject_ctx	*s = b->s;
	const struct setting		*o = s->blame_origin, *old;
	const struct dc_section		*sec;
	const char			*scope, *file, *sep;
	size_t				 i;

	if (o != NULL) {
		scope = o->scope != NULL ? o->scope : "";
		sec = find_section(b->m->dc.root, scope);
		file = o->loc.file;
	} else if (s->blame_is_listener && s->l != NULL) {
		sec = s->l->dc;
		scope = s->l->scope;
		file = sec != NULL ? sec->loc.file : b->f->loc.file;
	} else {
		sec = b->m->dc.root;
		scope = "";
		file = b->f->loc.file;
	}
	for (i = 0; i < fa->n_kv; i++) {
		const char	*name = kv_name(b, &fa->kv[i]);
		const char	*val = placeholder_expand(b->a, fa->kv[i].value, s);

		if (name == NULL)
			continue;
		if ((old = blamed_line(s, name)) == NULL && sec != NULL)
			old = model_dc_get(sec, name);
		/* A fix that sets one other name replaces the blamed line:
		 * ssl_protocols -> ssl_min_protocol. */
		if (old == NULL && o != NULL && fa->n_kv == 1)
			old = o;
		add_edit(b, FIX_SET, file, old, scope, name, val);
		sep = b->text.len ? "; " : "";
		TEXT_SAME(b, "%s%s = %s", sep, name, val);
	}
	if (scope[0] != '\0')
		TEXT_WORDS(b, " (in %s)", scope);
}

/* commented_entry - a commented-out master.cf entry the fix can revive */
static const struct pf_service *
commented_entry(const struct model *m, const struct fix_alt *fa)
{
	size_t	i, j;

	for (i = 0; i < m->pf.n_commented; i++) {
		const struct pf_service	*c = m->pf.commented[i];

		if (strcmp(c->type, fa->type) != 0)
			continue;
		if (strcmp(c->name, fa->name) == 0)
			return c;
		for (j = 0; j < fa->n_aliases; j++)
			if (strcmp(c->name, fa->aliases[j]) == 0)
				return c;
	}
	return NULL;
}

/* uncomment_run - the FIX_UNCOMMENT edit of lines first..last of c */
static void
uncomment_run(struct fixb *b, const struct pf_service *c, unsigned first,
    unsigned last, bool more)
{
	struct fix_edit	*e;

	add_edit(b, FIX_UNCOMMENT, c->loc.file, NULL, c->scope, NULL, NULL);
	e = &b->f->edits[b->f->n_edits - 1];
	e->line = first;
	e->end_line = last;
	e->entry_lines = c->lines;
	e->n_entry_lines = c->n_lines;
	TEXT_SAME(b, "%s%u", more ? ", " : "", first);
	if (last > first)
		TEXT_SAME(b, "-%u", last);
}

/*
 * uncomment_runs - one FIX_UNCOMMENT edit per run of consecutive lines of
 * the commented entry c (the commentary between them stays commented);
 * "uncomment line A" / "uncomment lines A-B, C-D of master.cf"
 */
static void
uncomment_runs(struct fixb *b, const struct pf_service *c)
{
	const unsigned	*v = c->lines;
	size_t		 n = c->n_lines, i, j;

	if (n > 1 || (n == 0 && c->end_line > c->loc.line)) {
		strbuf_adds(&b->text, "uncomment lines ");
		strbuf_adds(&b->ltext, _("uncomment lines "));
	} else {
		strbuf_adds(&b->text, "uncomment line ");
		strbuf_adds(&b->ltext, _("uncomment line "));
	}
	if (n == 0)		/* an entry without its lines: its span */
		uncomment_run(b, c, c->loc.line, c->end_line > c->loc.line ?
		    c->end_line : c->loc.line, false);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[j] == v[j - 1] + 1; j++)
			continue;
		uncomment_run(b, c, v[i], v[j - 1], i > 0);
	}
	strbuf_adds(&b->text, " of master.cf");
	strbuf_adds(&b->ltext, _(" of master.cf"));
}

static void
uncomment_service(struct fixb *b, const struct fix_alt *fa,
    const struct pf_service *c)
{
	struct finding	*f = b->f;
	size_t		 i, n = 0;

	f->loc.file = c->loc.file;
	f->loc.line = c->loc.line;
	f->loc.col = 1;
	uncomment_runs(b, c);
	for (i = 0; i < fa->n_kv; i++) {
		const struct setting	*old;
		const char		*val;

		old = model_pf_override(c, fa->kv[i].name);
		val = placeholder_expand(b->a, fa->kv[i].value, b->s);

		if (old != NULL && strcasecmp(old->value, val) == 0)
			continue;
		add_edit(b, FIX_SET, c->loc.file, old, c->scope, fa->kv[i].name,
		    val);
		if (n++ > 0)
			TEXT_SAME(b, " -o %s=%s", fa->kv[i].name, val);
		else
			TEXT_WORDS(b, ", then set -o %s=%s", fa->kv[i].name,
			    val);
	}
}

static void
add_service(struct fixb *b, const struct fix_alt *fa)
{
	const struct pf_service	*c = commented_entry(b->m, fa), *smtp;
	const char		*scope, *entry, *file;
	struct strbuf		 block = STRBUF_INIT;
	size_t			 i;

	if (c != NULL) {
		uncomment_service(b, fa, c);
		return;
	}
	/* Follow the host's convention (chroot or not) for the new entry. */
	smtp = model_pf_service(b->m, "smtp", "inet");
	if (smtp != NULL && smtp->private_ != NULL && smtp->maxproc != NULL)
		entry = arena_printf(b->a, "%s %s %s %s %s %s %s %s", fa->name,
		    fa->type, smtp->private_, smtp->unpriv, smtp->chroot,
		    smtp->wakeup, smtp->maxproc, fa->command);
	else
		entry = arena_printf(b->a, "%s %s n - y - - %s", fa->name,
		    fa->type, fa->command);
	scope = arena_printf(b->a, "%s/%s", fa->name, fa->type);
	strbuf_adds(&block, entry);
	strbuf_printf(&b->cmd, "postconf -M %s", fix_sh_quote(b->a,
	    arena_printf(b->a, "%s=%s", scope, entry)));
	if (fa->n_kv > 0)
		strbuf_adds(&b->cmd, " && postconf -P");
	for (i = 0; i < fa->n_kv; i++) {
		const char	*val = placeholder_expand(b->a, fa->kv[i].value, b->s);

		strbuf_printf(&block, "\n  -o %s=%s", fa->kv[i].name, val);
		strbuf_printf(&b->cmd, " %s", fix_sh_quote(b->a,
		    arena_printf(b->a, "%s/%s=%s", scope, fa->kv[i].name,
		    val)));
	}
	file = pf_file(b, "master.cf");
	add_edit(b, FIX_SET, file, NULL, scope, NULL,
	    arena_strdup(b->a, strbuf_cstr(&block)));
	TEXT_SAME(b, "%s", strbuf_cstr(&block));
	strbuf_free(&block);
	b->f->fix_command = arena_strdup(b->a, strbuf_cstr(&b->cmd));
	if (b->f->loc.line == 0) {
		b->f->loc.file = file;
		b->f->loc.col = 0;
	}
}

/* fix_listener - the listener section exists: set its port (and ssl) */
static void
fix_listener(struct fixb *b, const struct fix_alt *fa,
    const struct dc_section *lsn)
{
	const struct setting	*ps = model_dc_get(lsn, "port");
	const struct setting	*ss = model_dc_get(lsn, "ssl");
	const char		*port = arena_printf(b->a, "%u", fa->port);
	int			 n = 0;

	if (ps == NULL || strcmp(ps->value, port) != 0) {
		add_edit(b, FIX_SET, lsn->loc.file, ps, lsn->scope, "port",
		    port);
		TEXT_SAME(b, "port = %s", port);
		n++;
	}
	if (fa->ssl != NULL && (ss == NULL ||
	    strcasecmp(ss->value, fa->ssl) != 0)) {
		add_edit(b, FIX_SET, lsn->loc.file, ss, lsn->scope, "ssl",
		    fa->ssl);
		TEXT_SAME(b, "%sssl = %s", n++ ? "; " : "", fa->ssl);
	}
	if (n == 0)
		TEXT_SAME(b, "port = %s", port);
	TEXT_WORDS(b, " (in %s)", lsn->scope);
	if (b->f->loc.line == 0 && ps != NULL)
		b->f->loc = ps->loc;
}

static void
add_listener(struct fixb *b, const struct fix_alt *fa)
{
	const struct dc_section	*root = b->m->dc.root, *svc = NULL, *lsn = NULL;
	const char		*file;
	struct strbuf		 sn = STRBUF_INIT;

	if (root != NULL && (svc = model_dc_find(root, "service",
	    fa->service)) != NULL)
		lsn = model_dc_find(svc, "inet_listener", fa->name);
	if (lsn != NULL) {
		fix_listener(b, fa, lsn);
		return;
	}
	strbuf_printf(&sn, "service %s {\n  inet_listener %s {\n"
	    "    port = %u\n", fa->service, fa->name, fa->port);
	if (fa->ssl != NULL)
		strbuf_printf(&sn, "    ssl = %s\n", fa->ssl);
	strbuf_adds(&sn, "  }\n}");
	file = svc != NULL && svc->loc.file != NULL ? svc->loc.file :
	    b->m->dc.conf_file;
	add_edit(b, FIX_SET, file, NULL, "", NULL,
	    arena_strdup(b->a, strbuf_cstr(&sn)));
	TEXT_SAME(b, "%s", strbuf_cstr(&sn));
	strbuf_free(&sn);
	if (b->f->loc.line == 0) {
		b->f->loc.file = file;
		b->f->loc.col = 0;
	}
}

void
fix_build(struct finding *f, struct subject_ctx *s, struct arena *a)
{
	const struct rule	*ru = s->rule;
	const struct fix_alt	*fa = NULL;
	struct fixb		 b;
	size_t			 i;

	for (i = 0; i < ru->n_fix && fa == NULL; i++)
		if (ru->fix[i].ver.n == 0 ||
		    verexpr_match(&ru->fix[i].ver,
		    resolve_target_version(s->r, ru->product)))
			fa = &ru->fix[i];
	if (fa == NULL)
		return;
	memset(&b, 0, sizeof(b));
	b.f = f;
	b.s = s;
	b.a = a;
	b.m = s->r->model;
	switch (fa->kind) {
	case FK_SET:
		if (ru->product == PRODUCT_POSTFIX)
			set_postfix(&b, fa);
		else
			set_dovecot(&b, fa);
		break;
	case FK_ADD_SERVICE:
		add_service(&b, fa);
		break;
	case FK_ADD_LISTENER:
		add_listener(&b, fa);
		break;
	case FK_TEXT:
		strbuf_adds(&b.text, placeholder_expand(a, fa->text, s));
		/* A prose fix is read by people: in their language too. */
		if (i18n_active())
			strbuf_adds(&b.ltext, placeholder_expand_l10n(a,
			    fa->text, s));
		add_edit(&b, FIX_TEXT, f->loc.file, NULL, f->scope, NULL,
		    arena_strdup(a, strbuf_cstr(&b.text)));
		f->edits[f->n_edits - 1].line = f->loc.line;
		break;
	}
	f->fix_text = arena_strdup(a, strbuf_cstr(&b.text));
	if (i18n_active())
		f->fix_text_l10n = arena_strdup(a, strbuf_cstr(&b.ltext));
	strbuf_free(&b.text);
	strbuf_free(&b.ltext);
	strbuf_free(&b.cmd);
}
