/* SPDX-License-Identifier: MIT */
/*
 * parse_postfix_master - master.cf into model->pf services and overrides.
 *
 * Each logical line (lineread) is one service: words split at blanks
 * except inside { } (Postfix mystrtokq()), at least 8 fields, checked as
 * postconf's pcf_check_master_entry() does (type, private, unprivileged,
 * chroot, wakeup, process_limit).  Daemon options are read like
 * postconf's pcf_normalize_daemon_args(): they stop at the first word
 * that does not start with '-' (or at "--"); "-o name=value",
 * "-oname=value" and "-o { name = value }" become overrides with scope
 * "name/type".  Invalid entries are reported and not recorded.
 *
 * Commented-out services ("#submission inet n - y - - smtpd" followed by
 * "#  -o ..." lines, as in Debian's stock file) are recorded with
 * commented = true and never produce diagnostics; indented commentary
 * inside such a block ("#     Instead of specifying ...") is skipped, and
 * left out of the entry's lines, so that a fix that revives the entry
 * uncomments its service line and arguments only: revived commentary
 * would become arguments, and option parsing would stop at it.
 *
 * Diagnostics: errors for what postconf or the daemon reject (bad field
 * count, invalid fields, "-o name = value", '#' words that stop option
 * parsing, invalid -o values), warnings for what postconf warns about
 * (missing '}', duplicate services) and for -o words that option parsing
 * never reaches, info for template lines.  An attached "-oname=value"
 * whose value holds the letter 'o' is read as the daemon's getopt()
 * reads it, with an info that postconf -P misreads it.  Never exits.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "fsroot.h"
#include "lineread.h"
#include "model.h"
#include "parse.h"
#include "template.h"

/* name type private unpriv chroot wakeup maxproc command */
#define MASTER_FIELDS	8

struct masterctx {
	struct model		*m;
	struct diag_list	*dl;
	const char		*file;		/* display path, model-owned */
	size_t			 max_settings;
	size_t			 count;		/* Postfix settings so far */
	bool			 full;		/* max_settings reached */
	bool			 quiet;		/* commented: no diagnostics */
	bool			 stop_warned;	/* option end reported */
	const struct lr_line	*ln;		/* line being parsed */
	struct lr_word		*w;		/* its words */
	size_t			 nw;
	size_t			 wcap;
	const struct pf_service	*cur;		/* the entry being read */
	const struct pf_service	*prev;		/* the one before it (wshare) */
};

enum ov_result {
	OV_NEXT,	/* carry on with the next option */
	OV_STOP		/* option parsing ends here */
};

static void note(struct masterctx *, enum sev, size_t, const char *, ...)
	PRINTFLIKE(4, 5);

/* note - diagnostic at offset off of the current line (not when quiet) */
static void
note(struct masterctx *c, enum sev sev, size_t off, const char *fmt, ...)
{
	char		 buf[512];
	va_list		 ap;
	unsigned	 line, col;

	if (c->quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	lineread_pos(c->ln, off, &line, &col);
	diag_addf(c->dl, sev, c->file, line, col, "%s", buf);
}

/* wdup - arena copy of text[s..e) */
static const char *
wdup(struct masterctx *c, size_t s, size_t e)
{
	return model_strndup(c->m, c->ln->text + s, e - s);
}

/*
 * wshare - like wdup, but the copy made for the previous entry when that
 * entry had the same word in the same place (was): a master.cf repeats
 * its fields, -o names and values and arguments from entry to entry
 */
static const char *
wshare(struct masterctx *c, size_t s, size_t e, const char *was)
{
	if (was != NULL && strncmp(was, c->ln->text + s, e - s) == 0 &&
	    was[e - s] == '\0')
		return was;
	return wdup(c, s, e);
}

/* extract - the { } group text[s..e) without braces (extpar) */
static void
extract(struct masterctx *c, size_t s, size_t e, size_t *is_r, size_t *ie_r)
{
	const char	*err;
	size_t		 bad = s;

	err = lineread_extpar(c->ln->text, s, e, is_r, ie_r, &bad);
	if (err != NULL)
		note(c, SEV_WARN, bad, "%s in \"%.*s\"", err,
		    (int)(e - s > 60 ? 60 : e - s), c->ln->text + s);
}

/*
 * budget - count one more setting (a service or a -o option) against
 * --max-settings; false, with one diagnostic, once the limit is reached.
 */
static bool
budget(struct masterctx *c)
{
	if (c->full)
		return false;
	if (c->count >= c->max_settings) {
		c->full = true;
		diag_addf(c->dl, SEV_ERROR, c->file, c->ln->first_line, 1,
		    "too many settings (services and -o options; limit %zu, "
		    "see --max-settings); the rest of the file is ignored",
		    c->max_settings);
		return false;
	}
	c->count++;
	return true;
}

/* add_override - record one -o name=value (nv offsets into the line) */
static void
add_override(struct masterctx *c, struct pf_service *svc,
    const struct lr_nameval *nv)
{
	const struct lr_line	*ln = c->ln;
	struct setting		*s;
	const struct setting	*was;
	size_t			 end;
	unsigned		 col;

	if (!budget(c))
		return;
	s = arena_alloc(c->m->arena, sizeof(*s));
	was = c->prev != NULL && c->prev->n_overrides > svc->n_overrides ?
	    c->prev->overrides[svc->n_overrides] : NULL;
	s->name = wshare(c, nv->name, nv->name_end, was ? was->name : NULL);
	s->value = wshare(c, nv->val, nv->val_end, was ? was->value : NULL);
	s->scope = svc->scope;
	s->loc.file = c->file;
	lineread_pos(ln, nv->name, &s->loc.line, &s->loc.col);
	lineread_pos(ln, nv->val_end > nv->name ? nv->val_end - 1 : nv->name,
	    &s->end_line, &col);
	s->val_off = lineread_off(ln, nv->val, false);
	end = lineread_off(ln, nv->val_end, true);
	s->val_len = nv->val_end > nv->val && end > s->val_off ?
	    end - s->val_off : 0;
	if (template_has_placeholder(s->value, nv->val_end - nv->val))
		s->flags |= SET_TEMPLATE;
	model_pf_add_override(c->m, svc, s);
}

/*
 * override - the value of one -o, text[s..e); k is the index of the word
 * after it.  Mirrors postconf: a value that is not name=value is ignored
 * (and kills the daemon, hence an error).
 */
static enum ov_result
override(struct masterctx *c, struct pf_service *svc, size_t s, size_t e,
    size_t k)
{
	const char		*t = c->ln->text, *err;
	struct lr_nameval	 nv;
	bool			 braced = t[s] == '{';
	size_t			 is = s, ie = e;

	if (braced)
		extract(c, s, e, &is, &ie);
	err = lineread_nameval(t, is, ie, &nv);
	if (err != NULL && !braced && k < c->nw && t[c->w[k].s] == '=') {
		note(c, SEV_ERROR, s, "-o name = value with spaces around '=' "
		    "is ignored by postconf and makes the daemon exit");
		svc->opt_broken = true;
		return OV_STOP;
	}
	if (err != NULL) {
		note(c, SEV_ERROR, s, "invalid -o value \"%.*s\": %s (ignored "
		    "by postconf; the daemon exits)", (int)(ie - is > 60 ? 60 :
		    ie - is), t + is, err);
		return OV_NEXT;
	}
	if (template_has_placeholder(t + nv.name, nv.name_end - nv.name)) {
		note(c, SEV_INFO, s, "template line ignored");
		return OV_NEXT;
	}
	if (!braced && nv.val == nv.val_end && k < c->nw &&
	    t[c->w[k].s] != '-' &&
	    memchr(t + c->w[k].s, '=', c->w[k].e - c->w[k].s) == NULL) {
		c->stop_warned = true;
		note(c, SEV_WARN, c->w[k].s, "space after '=' in \"-o %.*s "
		    "%.*s\": the value is empty and the next word is not part "
		    "of it", (int)(e - s), t + s,
		    (int)(c->w[k].e - c->w[k].s), t + c->w[k].s);
	}
	add_override(c, svc, &nv);
	return OV_NEXT;
}

/* options - daemon options from word 8 on; returns the stop word index */
static size_t
options(struct masterctx *c, struct pf_service *svc)
{
	const char	*t = c->ln->text;
	size_t		 i = MASTER_FIELDS, p, n;

	while (i < c->nw) {
		const char	*ws = t + c->w[i].s;

		n = c->w[i].e - c->w[i].s;
		if (ws[0] != '-' || (n == 2 && ws[1] == '-'))
			return i;
		if (n == 1) {
			/* postconf: "-" swallows the next word, unused. */
			i += 2;
			continue;
		}
		for (p = 1; p < n && ws[p] != 'o'; p++)
			continue;
		if (p == n) {
			i++;		/* flags such as -v or -D */
			continue;
		}
		if (p + 1 < n) {
			/* Attached value: -oname=value, -vo{...}. */
			if (memchr(ws + p + 1, 'o', n - p - 1) != NULL)
				note(c, SEV_INFO, c->w[i].s, "postconf "
				    "misreads \"%.*s\" (it splits attached "
				    "option values at the letter 'o'); write "
				    "\"-o %.*s\"", (int)n, ws, (int)(n - p - 1),
				    ws + p + 1);
			i++;
			if (override(c, svc, c->w[i - 1].s + p + 1,
			    c->w[i - 1].e, i) == OV_STOP)
				return c->nw;
		} else if (i + 1 < c->nw) {
			i += 2;
			if (override(c, svc, c->w[i - 1].s, c->w[i - 1].e,
			    i) == OV_STOP)
				return c->nw;
		} else {
			note(c, SEV_ERROR, c->w[i].s, "-o without a value");
			i++;
		}
	}
	return i;
}

/* has_later_o - true when a word after k starts with "-o" */
static bool
has_later_o(const struct masterctx *c, size_t k)
{
	const char	*t = c->ln->text;

	for (k++; k < c->nw; k++)
		if (t[c->w[k].s] == '-' && c->w[k].e - c->w[k].s >= 2 &&
		    t[c->w[k].s + 1] == 'o')
			return true;
	return false;
}

/* after_options - diagnose the word that stopped option parsing */
static void
after_options(struct masterctx *c, struct pf_service *svc, size_t stop)
{
	const char	*t = c->ln->text;
	size_t		 k, is, ie;

	if (stop < c->nw && t[c->w[stop].s] == '#') {
		note(c, SEV_ERROR, c->w[stop].s, "'#' inside a service line is "
		    "not a comment; later -o options are ignored");
		svc->opt_broken = true;
		return;
	}
	for (k = stop; k < c->nw; k++)
		if (t[c->w[k].s] == '{')
			extract(c, c->w[k].s, c->w[k].e, &is, &ie);
	if (stop < c->nw && !c->stop_warned && has_later_o(c, stop) &&
	    strcmp(svc->command, "pipe") != 0 &&
	    strcmp(svc->command, "spawn") != 0)
		note(c, SEV_WARN, c->w[stop].s, "\"-o\" after the non-option "
		    "argument \"%.*s\" is ignored", (int)(c->w[stop].e -
		    c->w[stop].s > 60 ? 60 : c->w[stop].e - c->w[stop].s),
		    t + c->w[stop].s);
	for (k = stop + 1; k < c->nw; k++)
		if (t[c->w[k].s] == '#') {
			note(c, SEV_WARN, c->w[k].s, "'#' inside a service "
			    "line is not a comment; it is passed to %s",
			    svc->command);
			break;
		}
}

/* field_ok - pcf_check_master_entry() for field f (1..6) */
static bool
field_ok(const char *s, size_t n, int f)
{
	static const char *const types[] = {
		"inet", "unix", "unix-dgram", "fifo", "pass"
	};
	size_t	i, len = n;

	switch (f) {
	case 1:
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strlen(types[i]) == n &&
			    memcmp(types[i], s, n) == 0)
				return true;
		return false;
	case 2: case 3: case 4:
		return n == 1 && (s[0] == 'y' || s[0] == 'n' || s[0] == '-');
	case 5:
		if (len > 0 && s[len - 1] == '?')
			len--;
		if (s[0] == '-' && len == 1)
			return true;
		for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			continue;
		return i == len;
	default:
		if (n == 1 && s[0] == '-')
			return true;
		for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			continue;
		return i == n;
	}
}

/* check_fields - report invalid fields; false when any is invalid */
static bool
check_fields(struct masterctx *c)
{
	static const char *const names[] = { "service", "type", "private",
	    "unprivileged", "chroot", "wakeup", "process_limit" };
	const char	*t = c->ln->text;
	bool		 ok = true;
	int		 f;

	for (f = 1; f <= 6; f++) {
		size_t	s = c->w[f].s, n = c->w[f].e - s;

		if (field_ok(t + s, n, f))
			continue;
		ok = false;
		note(c, SEV_ERROR, s, "invalid %s field \"%.*s\"", names[f],
		    (int)(n > 60 ? 60 : n), t + s);
	}
	return ok;
}

/* entry_lines - the physical lines of the current entry's pieces */
static const unsigned *
entry_lines(struct masterctx *c, size_t *n_r)
{
	unsigned	*v;
	size_t		 i, n = 0;

	v = arena_array(c->m->arena, c->ln->nseg, sizeof(*v));
	for (i = 0; i < c->ln->nseg; i++)
		if (n == 0 || v[n - 1] != c->ln->seg[i].line)
			v[n++] = c->ln->seg[i].line;
	*n_r = n;
	return v;
}

/* new_service - the service of the current line, fields checked */
static struct pf_service *
new_service(struct masterctx *c, bool commented)
{
	struct pf_service	*svc;
	const struct pf_service	*p = c->cur;
	size_t			 i;
	bool			 quiet;

	c->prev = p;
	svc = arena_alloc(c->m->arena, sizeof(*svc));
	c->cur = svc;
	svc->name = wdup(c, c->w[0].s, c->w[0].e);
	svc->type = wshare(c, c->w[1].s, c->w[1].e, p ? p->type : NULL);
	svc->private_ = wshare(c, c->w[2].s, c->w[2].e, p ? p->private_ : NULL);
	svc->unpriv = wshare(c, c->w[3].s, c->w[3].e, p ? p->unpriv : NULL);
	svc->chroot = wshare(c, c->w[4].s, c->w[4].e, p ? p->chroot : NULL);
	svc->wakeup = wshare(c, c->w[5].s, c->w[5].e, p ? p->wakeup : NULL);
	svc->maxproc = wshare(c, c->w[6].s, c->w[6].e, p ? p->maxproc : NULL);
	svc->command = wshare(c, c->w[7].s, c->w[7].e, p ? p->command : NULL);
	svc->scope = arena_cat(c->m->arena, svc->name, "/", svc->type,
	    (char *)NULL);
	svc->argc = c->nw - MASTER_FIELDS;
	svc->argv = arena_array(c->m->arena, svc->argc + 1, sizeof(*svc->argv));
	/* The daemon gets a { } group without its braces; the warnings
	 * come from options() and after_options(). */
	quiet = c->quiet;
	c->quiet = true;
	for (i = 0; i < svc->argc; i++) {
		size_t	s = c->w[MASTER_FIELDS + i].s;
		size_t	e = c->w[MASTER_FIELDS + i].e;

		if (c->ln->text[s] == '{')
			extract(c, s, e, &s, &e);
		svc->argv[i] = wshare(c, s, e, p != NULL && i < p->argc ?
		    p->argv[i] : NULL);
	}
	c->quiet = quiet;
	svc->loc.file = c->file;
	lineread_pos(c->ln, c->w[0].s, &svc->loc.line, &svc->loc.col);
	svc->end_line = c->ln->last_line;
	svc->lines = entry_lines(c, &svc->n_lines);
	svc->commented = commented;
	return svc;
}

/* template_fields - true when one of the 8 fields holds a placeholder */
static bool
template_fields(const struct masterctx *c)
{
	int	f;

	for (f = 0; f < MASTER_FIELDS; f++)
		if (template_has_placeholder(c->ln->text + c->w[f].s,
		    c->w[f].e - c->w[f].s))
			return true;
	return false;
}

/* entry - parse one logical line as a service (commented or not) */
static void
entry(struct masterctx *c, const struct lr_line *ln, bool commented)
{
	const struct pf_service	*old;
	struct pf_service	*svc;
	bool			 tmpl;

	c->ln = ln;
	c->quiet = commented;
	c->stop_warned = false;
	tmpl = template_has_placeholder(ln->text, ln->len);
	if (tmpl && template_is_directive_line(ln->text, ln->len)) {
		note(c, SEV_INFO, 0, "template line ignored");
		return;
	}
	c->nw = lineread_words(ln->text, ln->len, &c->w, &c->wcap);
	if (c->nw < MASTER_FIELDS && !tmpl) {
		note(c, SEV_ERROR, 0, "bad field count (%zu fields, at least "
		    "%d needed)", c->nw, MASTER_FIELDS);
		return;
	}
	if (c->nw < MASTER_FIELDS || template_fields(c)) {
		note(c, SEV_INFO, 0, "template line ignored");
		return;
	}
	if (!check_fields(c) || !budget(c))
		return;
	svc = new_service(c, commented);
	after_options(c, svc, options(c, svc));
	if (!commented && (old = model_pf_service(c->m, svc->name,
	    svc->type)) != NULL)
		note(c, SEV_WARN, 0, "duplicate service \"%s\": this entry "
		    "overrides the one at line %u", svc->scope, old->loc.line);
	model_pf_add_service(c->m, svc);
}

/* active_entry - entry() for an active line (lineread_each callback) */
static void
active_entry(void *ctx, const struct lr_line *ln)
{
	entry(ctx, ln, false);
}

/* block - a commented-out entry being collected */
struct block {
	struct strbuf	 text;
	struct lr_seg	*seg;
	size_t		 nseg;
	size_t		 cap;
};

static void
block_add(struct block *b, const struct lr_phys *p, size_t from)
{
	struct lr_seg	*sg;

	VEC_GROW(b->seg, b->nseg, b->cap);
	sg = &b->seg[b->nseg++];
	sg->text_off = b->text.len;
	sg->buf_off = p->off + from;
	sg->len = p->len - from;
	sg->line = p->line;
	sg->col0 = (unsigned)from;
	strbuf_add(&b->text, p->s + from, p->len - from);
}

/* block_flush - parse the collected block, if any, and reset it */
static void
block_flush(struct masterctx *c, struct block *b)
{
	struct lr_line	ln;

	if (b->nseg > 0) {
		memset(&ln, 0, sizeof(ln));
		ln.text = strbuf_cstr(&b->text);
		ln.len = b->text.len;
		ln.seg = b->seg;
		ln.nseg = b->nseg;
		ln.first_line = b->seg[0].line;
		ln.last_line = b->seg[b->nseg - 1].line;
		ln.buf_off = b->seg[0].buf_off;
		entry(c, &ln, true);
	}
	strbuf_reset(&b->text);
	b->nseg = 0;
}

/* arg_line - "#  -o x=y" or "#  flags=R": a word that is an argument */
static bool
arg_line(const char *s, size_t n)
{
	size_t	i = 0, e;

	while (i < n && lineread_isspace((unsigned char)s[i]))
		i++;
	if (i == n)
		return false;
	if (s[i] == '-')
		return true;
	for (e = i; e < n && !lineread_isspace((unsigned char)s[e]); e++)
		continue;
	return memchr(s + i, '=', e - i) != NULL;
}

/*
 * commented_pass - find "#name type ..." blocks.  A block goes on over
 * the comment lines right below it whose '#' is followed by blanks; those
 * that start with an option or name=value word are its arguments, other
 * ones (commentary) are skipped.  Anything else ends it.
 */
static void
commented_pass(struct masterctx *c, const char *data, size_t len,
    size_t max_line)
{
	struct lr_cursor	 cur;
	struct lr_phys		 p;
	struct block		 b;
	size_t			 h;

	memset(&b, 0, sizeof(b));
	lineread_cursor(&cur, data, len, max_line);
	while (lineread_phys(&cur, &p)) {
		if (p.kind != LR_COMMENT || p.too_long) {
			block_flush(c, &b);
			continue;
		}
		for (h = 0; p.s[h] != '#'; h++)
			continue;
		h++;
		if (h < p.len && !lineread_isspace((unsigned char)p.s[h])) {
			block_flush(c, &b);
			block_add(&b, &p, h);
		} else if (b.nseg > 0 && h < p.len) {
			if (arg_line(p.s + h, p.len - h))
				block_add(&b, &p, h);
		} else
			block_flush(c, &b);
	}
	block_flush(c, &b);
	strbuf_free(&b.text);
	free(b.seg);
}

/* parse_master - the parser proper, shared by both entry points */
static void
parse_master(struct model *m, const char *display, const char *data,
    size_t len, size_t max_line, size_t max_settings, struct diag_list *dl)
{
	struct masterctx	 c;

	memset(&c, 0, sizeof(c));
	c.m = m;
	c.dl = dl;
	c.file = model_strdup(m, display);
	c.max_settings = max_settings;
	c.count = model_pf_count(m);
	m->pf.present = true;
	m->pf.master_file = c.file;
	lineread_each(c.file, data, len, max_line, dl, active_entry, &c);
	commented_pass(&c, data, len, max_line);
	free(c.w);
}

int
parse_postfix_master_buf(struct model *m, const char *display,
    const char *data, size_t len, size_t max_line, struct diag_list *dl)
{
	parse_master(m, display, data, len, max_line, FSROOT_DEF_SETTINGS, dl);
	return 0;
}

int
parse_postfix_master(struct model *m, struct fsroot *fr, const char *path,
    struct diag_list *dl)
{
	return lineread_parse_file(m, fr, path, "master.cf", parse_master, dl);
}
