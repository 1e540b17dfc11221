/* SPDX-License-Identifier: MIT */
/*
 * dovecot_line - physical line -> typed logical line.
 *
 * Mirrors config_parse_line() of Dovecot 2.3.19 (config-parser.c) step by
 * step: leading blanks skipped, '#' lines skipped, '#' cut anywhere outside
 * quotes (a quote opens even mid-word and runs to its twin or the end of
 * the line), trailing blanks trimmed, '\' continuation joined with one
 * space, then "key = value", "!include", "}" or "type [name] {".  Blanks
 * are space and tab.  It also keeps the key's column and the value's byte
 * span in the file, across continuations, for fixes.
 *
 * It neither looks at sections, includes or the model nor reports: the
 * caller turns DCL_ERROR messages and the flags into located diagnostics.
 * A pure per-line helper of the interpreter lives here too: dcl_expand()
 * (the "$" token rules of config_write_keyvariable()); the filter checks
 * are dovecot_filter.c's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dovecot_line.h"

#define IS_WHITE(c)	((c) == ' ' || (c) == '\t')

void
dcl_init(struct dcl_lexer *lx)
{
	memset(lx, 0, sizeof(*lx));
}

void
dcl_free(struct dcl_lexer *lx)
{
	strbuf_free(&lx->buf);
	strbuf_free(&lx->raw);
	strbuf_free(&lx->head);
	strbuf_free(&lx->text);
	strbuf_free(&lx->hd_body);
	strbuf_free(&lx->hd_raw);
	free(lx->hd_term);
	free(lx->segs);
	memset(lx, 0, sizeof(*lx));
}

void
dcl_reset(struct dcl_lexer *lx)
{
	strbuf_reset(&lx->buf);
	lx->nsegs = 0;
	lx->first_line = 0;
}

char *
dcl_unescape(char *s)
{
	char	*p, *d;

	for (p = s; *p != '\0' && *p != '\\'; p++)
		;
	for (d = p; *p != '\0'; p++) {
		if (*p == '\\') {
			p++;
			if (*p == '\0')
				break;
		}
		*d++ = *p;
	}
	*d = '\0';
	return s;
}

/* append_piece - add s[0..n) to the joined buffer and remember its origin */
static void
append_piece(struct dcl_lexer *lx, const char *s, size_t n, size_t file_off,
    size_t line_off)
{
	struct dcl_seg	*sg;

	VEC_GROW(lx->segs, lx->nsegs, lx->capsegs);
	sg = &lx->segs[lx->nsegs++];
	sg->buf_off = lx->buf.len;
	sg->len = n;
	sg->file_off = file_off;
	sg->line_off = line_off;
	strbuf_add(&lx->buf, s, n);
}

/*
 * file_off - file offset of byte `pos` of the joined buffer.  A position on
 * a joining space, or at the very end, maps to the end of the piece before.
 */
static size_t
file_off(const struct dcl_lexer *lx, size_t pos, const struct dcl_seg **seg_r)
{
	const struct dcl_seg	*sg = &lx->segs[0];
	size_t			 i;

	for (i = 0; i < lx->nsegs; i++) {
		if (lx->segs[i].buf_off > pos)
			break;
		sg = &lx->segs[i];
	}
	if (seg_r != NULL)
		*seg_r = sg;
	if (pos - sg->buf_off > sg->len)
		return sg->file_off + sg->len;
	return sg->file_off + (pos - sg->buf_off);
}

/* set_value_span - raw copy and file span of buf[start..end of line) */
static void
set_value_span(struct dcl_lexer *lx, struct dc_line *out, size_t start)
{
	size_t	len = lx->buf.len;

	strbuf_reset(&lx->raw);
	strbuf_add(&lx->raw, lx->buf.s + start, len - start);
	out->raw = strbuf_cstr(&lx->raw);
	out->val_off = file_off(lx, start, NULL);
	if (start >= len)
		out->val_len = 0;
	else
		out->val_len = file_off(lx, len - 1, NULL) + 1 - out->val_off;
}

static void
skip_white(char **pp)
{
	while (IS_WHITE(**pp))
		(*pp)++;
}

/* classify_value - "key = value": b points at what follows the '=' */
static void
classify_value(struct dcl_lexer *lx, char *b, struct dc_line *out)
{
	char	*term;
	size_t	 len;

	skip_white(&b);
	set_value_span(lx, out, (size_t)(b - lx->buf.s));
	out->type = DCL_KEYVALUE;
	if (out->key[0] == '\0') {
		out->type = DCL_ERROR;
		out->value = "Missing setting name before '='";
		return;
	}
	if (b[0] == '<') {
		/* 2.4.5 heredoc: "<<WORD" with nothing after the word.  (Only
		 * past a second '<': a lone "<" ends the string.) */
		term = b[1] == '<' ? b + 2 : b + 1;
		skip_white(&term);
		if (lx->heredocs && b[1] == '<' && *term != '\0' &&
		    strpbrk(term, " \t") == NULL) {
			out->type = DCL_HEREDOC;
			out->value = term;
			lx->hd_term = xstrdup(term);
			lx->hd_off = out->val_off;
			strbuf_reset(&lx->hd_body);
			strbuf_reset(&lx->hd_raw);
			strbuf_adds(&lx->hd_raw, out->raw);
			return;
		}
		/* Dovecot skips blanks after '<': "< sub/cert.pem" works. */
		while (IS_WHITE(b[1]))
			b++;
		out->type = DCL_KEYFILE;
		out->value = b + 1;
		return;
	}
	if (*b != '\'' && *b != '"' && strchr(b, '$') != NULL) {
		out->variable = true;
		out->value = b;
		return;
	}
	len = strlen(b);
	if (len > 0 && ((b[0] == '"' && b[len - 1] == '"') ||
	    (b[0] == '\'' && b[len - 1] == '\''))) {
		/* As in Dovecot, a lone quote counts as both ends: "" */
		b[len - 1] = '\0';
		b = dcl_unescape(b + 1);
		out->quoted = true;
	}
	out->value = b;
}

/* classify_section - "type [name] {" with line just past the type */
static void
classify_section(char *line, struct dc_line *out)
{
	char	*v;

	out->value = "";
	if (*line != '{') {
		if (strcmp(out->key, "group") == 0 && *line == '@') {
			/* 2.4: "group @label name {" - keep "@label name" */
			v = line;
			while (*line != '\0' && !IS_WHITE(*line))
				line++;
			skip_white(&line);
			while (*line != '\0' && !IS_WHITE(*line))
				line++;
			if (*line != '\0') {
				*line++ = '\0';
				skip_white(&line);
			}
			out->value = v;
		} else if (*line != '"') {
			out->value = line;
			while (*line != '\0' && !IS_WHITE(*line))
				line++;
			if (*line != '\0') {
				*line++ = '\0';
				skip_white(&line);
			}
		} else {
			/* No escapes while looking for the closing quote. */
			v = ++line;
			while (*line != '"' && *line != '\0')
				line++;
			if (*line == '"') {
				*line++ = '\0';
				skip_white(&line);
				out->value = dcl_unescape(v);
				out->quoted = true;
			}
		}
		if (*line != '{') {
			out->type = DCL_ERROR;
			out->value = "Expecting '{'";
			return;
		}
	}
	if (line[1] != '\0') {
		out->type = DCL_ERROR;
		out->value = "Garbage after '{'";
		return;
	}
	out->type = DCL_SECTION_BEGIN;
}

/* set_head - text[start..'{') trimmed, kept in lx->head */
static void
set_head(struct dcl_lexer *lx, size_t start, struct dc_line *out)
{
	const char	*t = out->text;
	size_t		 e = lx->text.len - 1;	/* the '{' */

	if (start > e)
		start = e;	/* the key itself ends with the '{' */
	while (start < e && IS_WHITE(t[start]))
		start++;
	while (e > start && IS_WHITE(t[e - 1]))
		e--;
	strbuf_reset(&lx->head);
	strbuf_add(&lx->head, t + start, e - start);
	out->head = strbuf_cstr(&lx->head);
}

/* heredoc_line - a line after "key = <<END": body or terminator */
static void
heredoc_line(struct dcl_lexer *lx, const char *s, size_t n, size_t off,
    struct dc_line *out)
{
	size_t	a = 0, e = n;

	while (a < e && IS_WHITE(s[a]))
		a++;
	while (e > a && IS_WHITE(s[e - 1]))
		e--;
	strbuf_addc(&lx->hd_raw, '\n');
	strbuf_add(&lx->hd_raw, s, n);
	if (e - a != strlen(lx->hd_term) || memcmp(s + a, lx->hd_term, e - a)) {
		/* Each body line is stored as "\nLINE"; the first \n goes. */
		strbuf_addc(&lx->hd_body, '\n');
		strbuf_add(&lx->hd_body, s, n);
		out->type = DCL_HEREDOC_BODY;
		return;
	}
	out->type = DCL_HEREDOC_END;
	out->value = lx->hd_body.len > 0 ? lx->hd_body.s + 1 : "";
	out->raw = strbuf_cstr(&lx->hd_raw);
	out->val_off = lx->hd_off;
	out->val_len = off + n - lx->hd_off;
	free(lx->hd_term);
	lx->hd_term = NULL;
}

/* classify_logical - the joined, comment-free, trimmed line in lx->buf */
static void
classify_logical(struct dcl_lexer *lx, struct dc_line *out)
{
	char			*b = lx->buf.s, *line = b;
	const struct dcl_seg	*sg;
	size_t			 i, off;

	strbuf_reset(&lx->text);
	strbuf_add(&lx->text, b, lx->buf.len);
	out->text = strbuf_cstr(&lx->text);
	out->opens = lx->buf.len > 0 && b[lx->buf.len - 1] == '{';
	for (i = 0; i < lx->buf.len && b[i] == '}'; i++)
		;
	out->closes = i == lx->buf.len ? (unsigned)i : 0;
	off = file_off(lx, 0, &sg);
	out->key_col = (unsigned)(off - sg->line_off) + 1;

	out->key = line;
	while (*line != '\0' && !IS_WHITE(*line) && *line != '=')
		line++;
	if (out->opens)
		set_head(lx, (size_t)(line - b), out);
	if (IS_WHITE(*line)) {
		*line++ = '\0';
		skip_white(&line);
	}
	if (strcmp(out->key, "!include") == 0 ||
	    strcmp(out->key, "!include_try") == 0) {
		out->type = out->key[8] == '\0' ? DCL_INCLUDE : DCL_INCLUDE_TRY;
		out->value = line;
		set_value_span(lx, out, (size_t)(line - b));
		return;
	}
	if (*line == '=') {
		*line++ = '\0';
		classify_value(lx, line, out);
		return;
	}
	if (strcmp(out->key, "}") == 0 && *line == '\0') {
		out->type = DCL_SECTION_END;
		return;
	}
	/* The key ended at a blank (already cut) or at the end of the line. */
	classify_section(line, out);
}

/* cut_comment - end of s[start..n) once a '#' outside quotes is cut */
static size_t
cut_comment(const char *s, size_t start, size_t n, unsigned line,
    struct dc_line *out)
{
	size_t	p;
	char	q;

	for (p = start; p < n; p++) {
		if (s[p] == '\'' || s[p] == '"') {
			q = s[p];
			for (p++; p < n && s[p] != q; p++)
				if (s[p] == '\\' && p + 1 < n)
					p++;
			if (p >= n)
				break;
		} else if (s[p] == '#') {
			/* Dovecot warns unless a blank precedes the '#'. */
			if (!IS_WHITE(s[p - 1])) {
				out->hash_line = line;
				out->hash_col = (unsigned)p + 1;
			}
			return p;
		}
	}
	return n;
}

void
dcl_classify(struct dcl_lexer *lx, const char *s, size_t n, unsigned line,
    size_t off, struct dc_line *out)
{
	const char	*nul;
	size_t		 start, end, e;

	memset(out, 0, sizeof(*out));
	out->first_line = out->last_line = line;
	if (lx->hd_term != NULL) {
		heredoc_line(lx, s, n, off, out);
		return;
	}
	if (lx->first_line == 0)
		dcl_reset(lx);
	/* Dovecot works on C strings: a NUL ends the line. */
	if ((nul = memchr(s, '\0', n)) != NULL) {
		n = (size_t)(nul - s);
		out->nul = true;
	}
	for (start = 0; start < n && IS_WHITE(s[start]); start++)
		;
	if (start == n || s[start] == '#') {
		/* Dovecot empties its continuation buffer after any line
		 * that is not a continuation, this one included. */
		out->type = DCL_SKIP;
		out->dropped = dcl_pending(lx);
		dcl_reset(lx);
		return;
	}
	end = cut_comment(s, start, n, line, out);
	while (end > start && IS_WHITE(s[end - 1]))
		end--;
	if (end > start && s[end - 1] == '\\') {
		e = end - 1;
		while (e > start && IS_WHITE(s[e - 1]))
			e--;
		if (e > start) {
			if (lx->first_line == 0)
				lx->first_line = line;
			append_piece(lx, s + start, e - start, off + start,
			    off);
			strbuf_addc(&lx->buf, ' ');
		}
		out->type = DCL_CONTINUE;
		if (lx->first_line != 0)
			out->first_line = lx->first_line;
		return;
	}
	if (lx->first_line != 0)
		out->first_line = lx->first_line;
	append_piece(lx, s + start, end - start, off + start, off);
	lx->first_line = 0;
	classify_logical(lx, out);
}

void
dcl_expand(const char *val, const char *key, const char *prev,
    size_t *budget, struct strbuf *out, bool *self_r, bool *var_r)
{
	const char	*p = val, *end, *name;
	size_t		 tlen, klen = strlen(key);
	bool		 self;

	for (;;) {
		end = strchr(p, ' ');
		tlen = end != NULL ? (size_t)(end - p) : strlen(p);
		name = tlen > 5 && strncmp(p, "$SET:", 5) == 0 ? p + 5 : p + 1;
		self = p[0] == '$' && tlen > 1 && prev != NULL &&
		    tlen - (size_t)(name - p) == klen &&
		    strncmp(name, key, klen) == 0;
		if (self && strlen(prev) > *budget)
			*budget = 0;	/* left literal, see dovecot_line.h */
		if (self && *budget > 0) {
			*budget -= strlen(prev);
			strbuf_adds(out, prev);
			*self_r = true;
		} else {
			if (p[0] == '$' && tlen > 1)
				*var_r = true;
			strbuf_add(out, p, tlen);
		}
		if (end == NULL)
			break;
		strbuf_addc(out, ' ');
		for (p = end; IS_WHITE(*p); p++)
			;
	}
}
