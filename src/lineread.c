/* SPDX-License-Identifier: MIT */
/*
 * lineread - Postfix logical-line reader over a buffer in memory.
 *
 * Mirrors readllines() of Postfix 3.7: a comment is a line whose first
 * non-blank character is '#'; comment, empty and whitespace-only lines
 * are skipped without ending the logical line; a line that starts with
 * whitespace continues the previous logical line however far back it is,
 * its newline removed and its leading whitespace kept; leading whitespace
 * on the first logical line of a file draws the warning "logical line
 * must not start with whitespace" and the line is dropped.
 *
 * Deviations, for untrusted input: a CR right before the newline is
 * part of the line ending (Postfix keeps it as whitespace inside a
 * continued value); a NUL byte ends the logical line's text (what
 * Postfix's C strings do anyway) with the warning "text after null byte
 * may be ignored"; a physical line longer than max_line is an error,
 * is never copied, and drops the logical line it belongs to.
 *
 * Memory: the joined text and the piece table are reused from line to
 * line; lineread_free() releases them.  Nothing here exits.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fsroot.h"
#include "lineread.h"

bool
lineread_isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

void
lineread_cursor(struct lr_cursor *c, const char *data, size_t len,
    size_t max_line)
{
	memset(c, 0, sizeof(*c));
	c->data = data;
	c->len = len;
	c->max_line = max_line;
}

/* classify - readllines()' view of a physical line */
static enum lr_kind
classify(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n && lineread_isspace((unsigned char)s[i]); i++)
		continue;
	if (i == n)
		return LR_BLANK;
	if (s[i] == '#')
		return LR_COMMENT;
	return i > 0 ? LR_CONT : LR_TEXT;
}

bool
lineread_phys(struct lr_cursor *c, struct lr_phys *p)
{
	const char	*start, *nl, *nul;
	size_t		 n;

	if (c->pos >= c->len)
		return false;
	start = c->data + c->pos;
	nl = memchr(start, '\n', c->len - c->pos);
	n = nl != NULL ? (size_t)(nl - start) : c->len - c->pos;
	c->pos += n + (nl != NULL);
	c->line++;
	memset(p, 0, sizeof(*p));
	p->s = start;
	p->off = (size_t)(start - c->data);
	p->full_len = n;
	p->line = c->line;
	p->too_long = c->max_line != 0 && n > c->max_line;
	if (n > 0 && start[n - 1] == '\r')
		n--;
	if ((nul = memchr(start, '\0', n)) != NULL) {
		p->nul_col = (size_t)(nul - start) + 1;
		n = (size_t)(nul - start);
	}
	p->kind = classify(start, n);
	p->len = p->too_long ? 0 : n;
	return true;
}

void
lineread_init(struct lineread *lr, const char *file, const char *data,
    size_t len, size_t max_line, struct diag_list *dl)
{
	memset(lr, 0, sizeof(*lr));
	lineread_cursor(&lr->cur, data, len, max_line);
	lr->file = file;
	lr->dl = dl;
}

void
lineread_free(struct lineread *lr)
{
	strbuf_free(&lr->text);
	free(lr->seg);
	lr->seg = NULL;
	lr->nseg = lr->segcap = 0;
}

/* peek - the next physical line, reported (once) when first read */
static const struct lr_phys *
peek(struct lineread *lr)
{
	struct lr_phys	*p = &lr->peek;

	if (lr->have_peek)
		return p;
	if (!lineread_phys(&lr->cur, p))
		return NULL;
	lr->have_peek = true;
	if (p->too_long)
		diag_addf(lr->dl, SEV_ERROR, lr->file, p->line, 1,
		    "line too long (%zu bytes, limit %zu; raise with "
		    "--max-line-length)", p->full_len, lr->cur.max_line);
	else if (p->nul_col != 0)
		diag_addf(lr->dl, SEV_WARN, lr->file, p->line,
		    (unsigned)p->nul_col,
		    "text after null byte may be ignored");
	return p;
}

/* append - add a physical line's text as one piece of the logical line */
static void
append(struct lineread *lr, const struct lr_phys *p)
{
	struct lr_seg	*sg;

	VEC_GROW(lr->seg, lr->nseg, lr->segcap);
	sg = &lr->seg[lr->nseg++];
	sg->text_off = lr->text.len;
	sg->buf_off = p->off;
	sg->len = p->len;
	sg->line = p->line;
	sg->col0 = 0;
	strbuf_add(&lr->text, p->s, p->len);
}

/*
 * gather - collect the physical lines of one logical line.  Returns
 * false at the end of input; *lead_r says the line started with
 * whitespace, *bad_r that an overlong line belongs to it.
 */
static bool
gather(struct lineread *lr, bool *lead_r, bool *bad_r)
{
	const struct lr_phys	*p;
	bool			 have = false, cut = false;

	strbuf_reset(&lr->text);
	lr->nseg = 0;
	*lead_r = *bad_r = false;
	while ((p = peek(lr)) != NULL) {
		if (p->kind == LR_BLANK || p->kind == LR_COMMENT) {
			lr->have_peek = false;
			continue;
		}
		if (p->kind == LR_TEXT && have)
			break;		/* it starts the next logical line */
		if (!have && p->kind == LR_CONT)
			*lead_r = true;
		have = true;
		if (p->too_long)
			*bad_r = true;
		else if (!cut)
			append(lr, p);
		/* Postfix's C strings end at a NUL: later text is lost. */
		if (p->nul_col != 0)
			cut = true;
		lr->have_peek = false;
	}
	return have;
}

bool
lineread_next(struct lineread *lr, struct lr_line *ln)
{
	bool	lead, bad;

	for (;;) {
		if (!gather(lr, &lead, &bad))
			return false;
		if (lead && lr->nseg > 0) {
			const char	*t = strbuf_cstr(&lr->text);

			diag_addf(lr->dl, SEV_WARN, lr->file, lr->seg[0].line,
			    1, "logical line must not start with whitespace: "
			    "\"%.30s%s\"", t, lr->text.len > 30 ? "..." : "");
		}
		if (lead || bad || lr->nseg == 0)
			continue;
		while (lr->text.len > 0 && lineread_isspace((unsigned char)
		    lr->text.s[lr->text.len - 1]))
			lr->text.s[--lr->text.len] = '\0';
		memset(ln, 0, sizeof(*ln));
		ln->text = strbuf_cstr(&lr->text);
		ln->len = lr->text.len;
		ln->seg = lr->seg;
		ln->nseg = lr->nseg;
		ln->first_line = lr->seg[0].line;
		ln->last_line = lr->seg[lr->nseg - 1].line;
		ln->buf_off = lr->seg[0].buf_off;
		return true;
	}
}

/* find_seg - the piece holding offset off (end: the piece it closes) */
static const struct lr_seg *
find_seg(const struct lr_line *ln, size_t off, bool end)
{
	size_t	lo = 0, hi = ln->nseg, mid;

	/* Last piece whose start is <= off (< off for an end offset). */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (end ? ln->seg[mid].text_off < off :
		    ln->seg[mid].text_off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return &ln->seg[lo];
}

size_t
lineread_off(const struct lr_line *ln, size_t off, bool end)
{
	const struct lr_seg	*sg;
	size_t			 d;

	if (ln->nseg == 0)
		return ln->buf_off;
	sg = find_seg(ln, off, end);
	d = off > sg->text_off ? off - sg->text_off : 0;
	if (d > sg->len)
		d = sg->len;
	return sg->buf_off + d;
}

void
lineread_pos(const struct lr_line *ln, size_t off, unsigned *line_r,
    unsigned *col_r)
{
	const struct lr_seg	*sg;
	size_t			 d;

	if (ln->nseg == 0) {
		*line_r = ln->first_line;
		*col_r = 1;
		return;
	}
	sg = find_seg(ln, off, false);
	d = off > sg->text_off ? off - sg->text_off : 0;
	if (d > sg->len)
		d = sg->len;
	*line_r = sg->line;
	*col_r = sg->col0 + (unsigned)d + 1;
}

const char *
lineread_nameval(const char *s, size_t start, size_t end,
    struct lr_nameval *nv)
{
	size_t	i = start;

	memset(nv, 0, sizeof(*nv));
	while (i < end && lineread_isspace((unsigned char)s[i]))
		i++;
	nv->name = nv->name_end = nv->eq = i;
	/* Postfix 3.7 also refuses an empty name ("= value"). */
	if (i == end || s[i] == '=')
		return "missing attribute name";
	while (i < end && !lineread_isspace((unsigned char)s[i]) && s[i] != '=')
		i++;
	nv->name_end = i;
	while (i < end && lineread_isspace((unsigned char)s[i]))
		i++;
	nv->eq = i;
	if (i == end || s[i] != '=')
		return "missing '=' after attribute name";
	i++;
	while (i < end && lineread_isspace((unsigned char)s[i]))
		i++;
	nv->val = i;
	nv->val_end = end;
	while (nv->val_end > i &&
	    lineread_isspace((unsigned char)s[nv->val_end - 1]))
		nv->val_end--;
	return NULL;
}

/* word_blank - a byte that separates master.cf words */
static inline bool
word_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

size_t
lineread_words(const char *t, size_t n, struct lr_word **w_r, size_t *cap_r)
{
	size_t			 i = 0, nw = 0, level;

	for (;;) {
		while (i < n && word_blank(t[i]))
			i++;
		if (i >= n)
			return nw;
		VEC_GROW(*w_r, nw, *cap_r);
		(*w_r)[nw].s = i;
		for (level = 0; i < n; i++) {
			if (t[i] == '{')
				level++;
			else if (level > 0 && t[i] == '}')
				level--;
			else if (level == 0 && word_blank(t[i]))
				break;
		}
		(*w_r)[nw++].e = i;
	}
}

const char *
lineread_extpar(const char *t, size_t s, size_t e, size_t *is_r,
    size_t *ie_r, size_t *bad_r)
{
	const char	*err = NULL;
	size_t		 i, level = 1, close = e;

	for (i = s + 1; i < e; i++) {
		if (t[i] == '{')
			level++;
		else if (t[i] == '}' && --level == 0)
			break;
	}
	if (i >= e)
		err = "missing '}'";
	else {
		close = i;
		if (close + 1 != e) {
			err = "syntax error after '}'";
			*bad_r = close + 1;
		}
	}
	for (s++; s < close && lineread_isspace((unsigned char)t[s]); s++)
		continue;
	while (close > s && lineread_isspace((unsigned char)t[close - 1]))
		close--;
	*is_r = s;
	*ie_r = close;
	return err;
}

int
lineread_parse_file(struct model *m, struct fsroot *fr, const char *path,
    const char *what, lineread_parse_fn fn, struct diag_list *dl)
{
	const struct fsroot_limits	*lim = fsroot_limits(fr);
	struct fsroot_file		 f;
	const char			*err = NULL;

	if (fsroot_read(fr, NULL, path, &f, &err) == -1) {
		diag_addf(dl, SEV_ERROR, fsroot_display(fr, path), 0, 0,
		    "cannot read %s: %s", what, err != NULL ? err : "error");
		return -1;
	}
	fn(m, f.display, f.data, f.len, lim->max_line_len, lim->max_settings,
	    dl);
	fsroot_file_release(&f);
	return 0;
}

void
lineread_each(const char *file, const char *data, size_t len,
    size_t max_line, struct diag_list *dl, lineread_line_fn fn, void *ctx)
{
	struct lineread	lr;
	struct lr_line	ln;

	lineread_init(&lr, file, data, len, max_line, dl);
	while (lineread_next(&lr, &ln))
		fn(ctx, &ln);
	lineread_free(&lr);
}
