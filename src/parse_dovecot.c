/* SPDX-License-Identifier: MIT */
/*
 * parse_dovecot - dovecot.conf and its includes -> model, the way doveconf
 * 2.3.19 reads them (config-parser.c), plus the 2.4 additions.
 *
 * dovecot_line.c classifies lines; this file interprets them with a section
 * stack (an array bounded by max_nesting: 200,000-deep nesting costs no C
 * stack and no memory), filter rules, the include stack of
 * parse_dovecot_include.c and "$key" self-references.  It does not open files (fsroot does), resolve
 * host names, read "<file" values, rename 2.2 settings or know defaults.
 *
 * Diagnostics: SEV_ERROR where doveconf fails (in its words), SEV_WARN
 * where it warns or surprises, SEV_INFO for template lines; parsing always
 * carries on.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "dovecot_line.h"
#include "fsroot.h"
#include "model.h"
#include "parse.h"
#include "parse_dovecot_int.h"
#include "strbuf.h"
#include "template.h"

/* How open_section treats a header. */
enum sec_mode {
	SEC_CHECK,	/* a proper header: check filter nesting */
	SEC_TEMPLATE,	/* a templated header: nothing to check */
	SEC_DEAD	/* a broken header: keep braces balanced, ignore body */
};
#define TOP(c)		(&(c)->fs[(c)->nfs - 1])

static void
open_section(struct pctx *c, const char *type, const char *name,
    const struct loc *loc, enum sec_mode mode)
{
	struct frame	 nf = *TOP(c);
	const char	*err = NULL;
	char		 ebuf[160];
	bool		 host = false;

	if (c->skip > 0 || c->nfs - 1 >= c->lim.max_nesting) {
		if (c->skip++ == 0)
			diag_add(c->dl, SEV_ERROR, loc, "Sections nested "
			    "deeper than %u; skipping this one",
			    c->lim.max_nesting);
		return;
	}
	if (mode == SEC_CHECK)
		err = dcl_filter_enter(&TOP(c)->filt, type, name,
		    template_has_placeholder(name, strlen(name)), &nf.filt,
		    &host, ebuf, sizeof(ebuf));
	if (err != NULL)
		diag_add(c->dl, SEV_ERROR, loc, "%s", err);
	else if (host)
		diag_add(c->dl, SEV_INFO, loc, "%s filter on host name %s: "
		    "Dovecot resolves it through DNS at startup; not resolved "
		    "here", type, name);
	nf.loc = *loc;
	if (err != NULL || mode == SEC_DEAD || nf.sec == NULL)
		nf.sec = NULL;
	else {
		nf.sec = model_dc_section(c->m, nf.sec, type, name, loc);
		nf.pure = nf.pure && nf.sec->filter;
	}
	VEC_GROW(c->fs, c->nfs, c->capfs);
	c->fs[c->nfs++] = nf;
}

static void
close_section(struct pctx *c, const struct loc *loc)
{
	if (c->skip > 0)
		c->skip--;
	else if (c->nfs <= 1)
		diag_add(c->dl, SEV_ERROR, loc, "Unexpected '}'");
	else
		c->nfs--;
}

/* prev_value - what "key = $key" expands against: the same section's key,
 * else (in a filter) the nearest filter or root above that set it */
static const struct setting *
prev_value(const struct dc_section *sec, const char *key)
{
	const struct setting	*s;
	const struct dc_section	*p;

	if ((s = model_dc_get(sec, key)) != NULL)
		return s;
	if (sec->parent != NULL && !sec->filter)
		return NULL;
	for (p = sec->parent; p != NULL; p = p->parent) {
		if (p->parent != NULL && !p->filter)
			return NULL;
		if ((s = model_dc_get(p, key)) != NULL)
			return s;
	}
	return NULL;
}

/*
 * store - record s in the current section, within max_settings, with
 * doveconf's "Global setting X won't change ..." warning: a global set
 * after a filter (reached through filters only) set the same key.
 */
static void
store(struct pctx *c, struct input *in, struct setting *s)
{
	const struct loc	*first = hmap_get(&c->seen, s->name);
	struct loc		*l;

	if (c->m->dc.n_settings >= c->lim.max_settings) {
		if (!c->full)
			diag_add(c->dl, SEV_ERROR, &s->loc, "More than %zu "
			    "settings; ignoring the rest (raise with "
			    "--max-settings)", c->lim.max_settings);
		c->full = true;
		return;
	}
	if (in != &c->in[0])
		s->flags |= SET_FROM_INCLUDE;
	if (template_has_placeholder(setting_raw(s), strlen(setting_raw(s))))
		s->flags |= SET_TEMPLATE;
	if (c->nfs == 1 && strcmp(s->name, "dovecot_config_version") == 0)
		c->v24 = true;
	if (c->nfs == 1 && first != NULL)
		diag_add(c->dl, SEV_WARN, &s->loc, "Global setting %s won't "
		    "change the setting inside an earlier filter at %s line %u "
		    "(if this is intentional, avoid this warning by moving the "
		    "global setting before %s line %u)", s->name, first->file,
		    first->line, first->file, first->line);
	else if (c->nfs > 1 && TOP(c)->pure && first == NULL) {
		l = arena_alloc(c->m->arena, sizeof(*l));
		*l = s->loc;
		hmap_put(&c->seen, s->name, l);
	}
	model_dc_set(c->m, TOP(c)->sec, s);
}

static void
add_setting(struct pctx *c, struct input *in, const struct dc_line *l)
{
	struct setting	*s;
	bool		 dead = c->skip > 0 || TOP(c)->sec == NULL;

	if (dead && l->type != DCL_HEREDOC)
		return;
	s = arena_alloc(c->m->arena, sizeof(*s));
	s->name = model_strdup(c->m, l->key);
	s->loc = (struct loc){ in->display, l->first_line, l->key_col };
	s->end_line = l->last_line;
	s->val_off = l->val_off;
	s->val_len = l->val_len;
	if (l->type == DCL_HEREDOC) {
		/* The value comes with DCL_HEREDOC_END. */
		if (!c->v24)
			diag_add(c->dl, SEV_WARN, &s->loc, "Heredoc value "
			    "(<<%s) needs Dovecot 2.4.5 or later", l->value);
		in->hd = dead ? NULL : s;
		return;
	}
	if (l->type == DCL_KEYFILE) {
		struct strbuf	b = STRBUF_INIT;

		strbuf_addc(&b, '<');
		strbuf_adds(&b, l->value);
		model_setting_text(c->m, s, strbuf_cstr(&b), l->raw);
		strbuf_free(&b);
		s->flags |= SET_FILE_VALUE;
	} else if (l->variable) {
		/* doveconf -n's "$" handling, see dcl_expand() */
		struct strbuf		 b = STRBUF_INIT;
		const struct setting	*prev = prev_value(TOP(c)->sec, l->key);
		bool			 self = false, var = false;

		dcl_expand(l->value, l->key, prev ? prev->value : NULL,
		    &c->expand_budget, &b, &self, &var);
		if (c->expand_budget == 0 && !c->expand_spent++)
			diag_addf(c->dl, SEV_ERROR, in->display, l->first_line,
			    l->key_col, "\"$%s\" expansions grow beyond %u "
			    "bytes; left unexpanded", l->key, DCL_EXPAND_BUDGET);
		s->flags |= (self ? prev->flags & (SET_VARIABLE | SET_TEMPLATE)
		    : 0) | (var ? SET_VARIABLE : 0);
		model_setting_text(c->m, s, strbuf_cstr(&b), l->raw);
		strbuf_free(&b);
	} else {
		model_setting_text(c->m, s, l->value, l->raw);
		if (l->quoted)
			s->flags |= SET_QUOTED;
	}
	store(c, in, s);
}

/* heredoc_end - the terminator of "key = <<END" */
static void
heredoc_end(struct pctx *c, struct input *in, const struct dc_line *l)
{
	struct setting	*hd = in->hd;

	in->hd = NULL;
	if (hd == NULL)
		return;		/* it was in an ignored section */
	model_setting_text(c->m, hd, l->value, l->raw);
	hd->end_line = l->last_line;
	hd->val_off = l->val_off;
	hd->val_len = l->val_len;
	store(c, in, hd);
}

/*
 * bad_line - a DCL_ERROR line: report it, or take it as a template line
 * when it holds a placeholder or follows template logic (Jinja's "-%}"
 * glues the next line onto the previous output line).
 */
static void
bad_line(struct pctx *c, const struct dc_line *l, const struct loc *loc,
    bool after_tmpl)
{
	unsigned	i;

	if (after_tmpl || template_has_placeholder(l->text, strlen(l->text))) {
		if (l->opens) {
			/* "mailbox {{ name }} {": a section, name unknown */
			open_section(c, l->key, model_strdup(c->m, l->head),
			    loc, SEC_TEMPLATE);
			return;
		}
		if (l->closes == 0) {
			diag_add(c->dl, SEV_INFO, loc, "template line ignored");
			return;
		}
	} else
		diag_add(c->dl, SEV_ERROR, loc, "%s", l->value);
	/* Recovery: keep the braces balanced as the author meant them. */
	if (l->opens)
		open_section(c, l->key, "", loc, SEC_DEAD);
	for (i = 0; i < l->closes && (c->skip > 0 || c->nfs > 1); i++)
		close_section(c, loc);
}

/* line_diags - what the classifier noticed on the physical line */
static void
line_diags(struct pctx *c, struct input *in, const struct dc_line *l,
    const struct loc *loc)
{
	if (l->nul)
		diag_addf(c->dl, SEV_WARN, in->display, in->line, 0, "NUL byte "
		    "in line: the rest of the line is ignored");
	if (l->hash_line != 0)
		diag_addf(c->dl, SEV_WARN, in->display, l->hash_line,
		    l->hash_col, "Ambiguous '#' character in line, treating "
		    "it as comment");
	if (l->dropped)
		diag_add(c->dl, SEV_WARN, loc, "Empty or comment line after a "
		    "'\\' continuation: Dovecot drops the continued text");
	if (l->type == DCL_SECTION_BEGIN && !l->quoted && l->value[0] == '\''
	    && strlen(l->value) > 1 && l->value[strlen(l->value) - 1] == '\'')
		diag_add(c->dl, SEV_WARN, loc, "Single quotes do not quote a "
		    "section name: the name is %s, quotes included", l->value);
}

static void
do_line(struct pctx *c, struct input *in, const char *s, size_t n,
    size_t off)
{
	struct dc_line	 l;
	struct loc	 loc = { in->display, in->line, 1 };
	bool		 tmpl = in->after_tmpl;
	size_t		 k;

	/* the column of the line's first non-blank byte */
	for (k = 0; k < n && (s[k] == ' ' || s[k] == '\t'); k++)
		;
	if (k < n)
		loc.col = (unsigned)k + 1;
	in->after_tmpl = false;
	if (n > c->lim.max_line_len) {
		diag_add(c->dl, SEV_ERROR, &loc, "line too long (%zu bytes, "
		    "limit %zu); skipped", n, c->lim.max_line_len);
		dcl_reset(&in->lx);
		return;
	}
	/* A blank or comment line with no continuation or heredoc open and
	 * outside a Mason block: nothing to read (most of a stock
	 * configuration); dcl_classify would say DCL_SKIP. */
	if ((k == n || s[k] == '#') && !in->in_mason &&
	    !dcl_in_heredoc(&in->lx) && !dcl_pending(&in->lx))
		return;
	if (!dcl_in_heredoc(&in->lx) && !dcl_pending(&in->lx) &&
	    (in->in_mason || template_mason_block(s, n) != 0)) {
		/* A Mason <%args>/<%init> block holds Perl, not settings. */
		in->in_mason = template_mason_block(s, n) >= 0 &&
		    (in->in_mason || template_mason_block(s, n) > 0);
		diag_add(c->dl, SEV_INFO, &loc, "template line ignored");
		in->after_tmpl = true;
		return;
	}
	if (!dcl_in_heredoc(&in->lx) && !dcl_pending(&in->lx) &&
	    (k = template_closing_braces(s, n)) > 0) {
		/* "  }{% endif %}{% endfor %}": the tags are template logic,
		 * the braces still close sections. */
		diag_add(c->dl, SEV_INFO, &loc, "template tags ignored");
		for (; k > 0 && (c->skip > 0 || c->nfs > 1); k--)
			close_section(c, &loc);
		in->after_tmpl = true;
		return;
	}
	if (!dcl_in_heredoc(&in->lx) && template_is_directive_line(s, n)) {
		diag_add(c->dl, SEV_INFO, &loc, "template line ignored");
		in->after_tmpl = true;
		return;
	}
	in->lx.heredocs = c->m->dc.heredocs > 0 ||
	    (c->m->dc.heredocs < 0 && c->v24);
	dcl_classify(&in->lx, s, n, in->line, off, &l);
	loc.line = l.first_line;
	loc.col = l.key_col;
	line_diags(c, in, &l, &loc);
	switch (l.type) {
	case DCL_SKIP:
	case DCL_HEREDOC_BODY:
		break;
	case DCL_CONTINUE:
		if (dcl_pending_len(&in->lx) > c->lim.max_line_len) {
			diag_add(c->dl, SEV_ERROR, &loc, "line too long (more "
			    "than %zu bytes with continuations); skipped",
			    c->lim.max_line_len);
			dcl_reset(&in->lx);
		}
		break;
	case DCL_KEYVALUE:
	case DCL_KEYFILE:
	case DCL_HEREDOC:
		add_setting(c, in, &l);
		break;
	case DCL_HEREDOC_END:
		heredoc_end(c, in, &l);
		break;
	case DCL_SECTION_BEGIN:
		open_section(c, l.key, l.value, &loc, SEC_CHECK);
		break;
	case DCL_SECTION_END:
		close_section(c, &loc);
		break;
	case DCL_INCLUDE:
	case DCL_INCLUDE_TRY:
		pd_include(c, in, &l, &loc);
		break;
	case DCL_ERROR:
		bad_line(c, &l, &loc, tmpl);
		break;
	}
}

/* next_line - feed the top file's next physical line; false at its end */
static bool
next_line(struct pctx *c)
{
	struct input	*in = &c->in[c->nin - 1];
	const char	*s = in->data + in->pos, *nl;
	size_t		 n, off = in->pos;

	if (in->pos >= in->len)
		return false;
	nl = memchr(s, '\n', in->len - in->pos);
	n = nl != NULL ? (size_t)(nl - s) : in->len - in->pos;
	in->pos += n + (nl != NULL);
	if (n > 0 && s[n - 1] == '\r')
		n--;		/* like i_stream_next_line(): CRLF is a newline */
	in->line++;
	do_line(c, in, s, n, off);
	return true;
}

/* parse - run the stacks over the entry file (f) or buffer (data, len) */
static void
parse(struct model *m, struct fsroot *fr, struct diag_list *dl,
    const char *path, const char *display, struct fsroot_file *f,
    const char *data, size_t len)
{
	struct pctx	 c = { .m = m, .fr = fr, .dl = dl,
	    .expand_budget = DCL_EXPAND_BUDGET };
	struct frame	*fp;

	if (fr != NULL)
		c.lim = *fsroot_limits(fr);
	else
		fsroot_limits_default(&c.lim);
	m->dc.present = true;
	m->dc.conf_file = model_strdup(m, display);
	VEC_GROW(c.fs, c.nfs, c.capfs);
	c.fs[c.nfs++] = (struct frame){ .sec = model_dc_root(m),
	    .loc = { m->dc.conf_file, 0, 0 }, .pure = true };
	pd_push_input(&c, path, display, f, data, len);
	while (c.nin > 0) {
		if (c.in[c.nin - 1].ipend < c.in[c.nin - 1].npend)
			pd_open_next(&c);
		else if (!next_line(&c))
			pd_pop_input(&c);
	}
	for (fp = &c.fs[c.nfs - 1]; fp > c.fs; fp--)
		diag_add(dl, SEV_ERROR, &fp->loc, "Missing '}' (section "
		    "started at %s:%u)", fp->loc.file, fp->loc.line);
	if (c.skip > 0)
		diag_addf(dl, SEV_ERROR, m->dc.conf_file, 0, 0, "Missing '}' "
		    "for %zu sections nested beyond the limit", c.skip);
	free(c.in);
	free(c.fs);
	hmap_free(&c.seen);
	hmap_free(&c.pending);
}

int
parse_dovecot(struct model *m, struct fsroot *fr, const char *path,
    struct diag_list *dl)
{
	struct fsroot_file	 f;
	const char		*err;

	if (fsroot_read(fr, NULL, path, &f, &err) < 0) {
		diag_addf(dl, SEV_ERROR, fsroot_display(fr, path), 0, 0,
		    "Cannot read %s: %s", fsroot_display(fr, path), err);
		return -1;
	}
	parse(m, fr, dl, f.path, f.display, &f, NULL, 0);
	return 0;
}

int
parse_dovecot_buf(struct model *m, struct fsroot *fr, const char *path,
    const char *data, size_t len, struct diag_list *dl)
{
	const char	*display = path;

	if (fr != NULL) {
		path = fsroot_join(fr, "/", path);
		display = fsroot_display(fr, path);
	}
	parse(m, fr, dl, path, display, NULL, data, len);
	return 0;
}
