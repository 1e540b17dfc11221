/* SPDX-License-Identifier: MIT */
/*
 * pfexpand - Postfix $parameter expansion, as postconf -x (3.7) does it.
 *
 * Mirrors util/mac_parse.c (splitting text into literals, $name, ${...}
 * and $(...)) and util/mac_expand.c with MAC_EXP_FLAG_RECURSE (named
 * lookups, ?/: conditionals, {} operands, relational operators and the
 * compat_level "level" suffix from global/compat_level.c).  Facts checked
 * against postconf 3.7.11 are in tests/test_expand.c.
 *
 * Deliberate differences from Postfix:
 *  - A syntax error does not abort the whole expansion (postconf -x says
 *    "fatal: macro processing error").  The malformed ${...} is copied
 *    literally, PFEXP_SYNTAX is set and the rest is expanded, so a linter
 *    can still reason about the value.  An all-digit operand too large for
 *    a long ("fatal: mac_exp_eval: bad conversion") counts as such an error.
 *  - The nesting limit (100, as "unreasonable macro call nesting") also
 *    covers relational operands.  Postfix restarts the count there and
 *    crashes on a cycle through them (verified: segfault).
 *  - Work is bounded (PFEXP_LIMIT): at most PFX_MAX_STEPS expressions and
 *    PFX_MAX_OUTPUT bytes per call, so "a = $b$b, b = $c$c, ..." cannot
 *    blow up exponentially on untrusted input.
 *
 * Cost: each nesting level scans its own text once, so the work is linear
 * in the input times the (bounded) nesting depth.  Allocation happens only
 * in strbuf growth: one scratch buffer set per nesting level, reused.
 *
 * Ownership: appends to the caller's strbuf.  Values returned by the
 * lookup callback are copied before being expanded, so the callback may
 * reuse its storage.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "pfexpand.h"
#include "strbuf.h"

#define PFX_MAX_NESTING	100		/* mac_expand.c: level > 100 */
#define PFX_MAX_STEPS	(1UL << 20)	/* expressions evaluated per call */
#define PFX_MAX_OUTPUT	((size_t)16 << 20)	/* bytes produced per call */

#define PFX_WHITESPACE	" \t\r\n"	/* CHARS_SPACE */
#define PFX_OP_CHARS	"<>!=?+-*/~&|%"	/* operator scan, for diagnostics */

enum pfx_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GE, OP_GT };

/* Scratch buffers owned by one nesting level. */
struct pfx_slot {
	struct strbuf	 ps_value;	/* copy of a looked-up value */
	struct strbuf	 ps_left;	/* expanded left operand */
	struct strbuf	 ps_right;	/* expanded right operand */
};

struct pfx {
	pfexpand_lookup_fn px_lookup;
	void		*px_ctx;
	unsigned	 px_flags;	/* PFEXP_* */
	unsigned long	 px_steps;	/* expressions evaluated */
	size_t		 px_output;	/* bytes produced */
	struct strbuf	 px_name;	/* NUL-terminated name for lookup */
	/* One per depth reached, allocated when first reached (most
	 * expansions never nest); a slot never moves once allocated. */
	struct pfx_slot	*px_slot[PFX_MAX_NESTING + 1];
};

/* One parsed ${...} body; spans point into the text being expanded. */
struct pfx_expr {
	int		 pe_relational;
	const char	*pe_name;	/* named form */
	size_t		 pe_namelen;
	const char	*pe_left, *pe_right;	/* relational form */
	size_t		 pe_leftlen, pe_rightlen;
	enum pfx_op	 pe_op;
	int		 pe_level;	/* "<level" etc. */
	const char	*pe_iftrue, *pe_iffalse;	/* NULL when absent */
	size_t		 pe_iftruelen, pe_iffalselen;
};

#define PFX_STOPPED(x)	(((x)->px_flags & (PFEXP_LOOP | PFEXP_LIMIT)) != 0)

static void expand_text(struct pfx *, const char *, size_t, struct strbuf *,
    unsigned);

/* is_name_char - [A-Za-z0-9_], the ISALNUM() || '_' of mac_parse.c */
static int
is_name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/* skip_ws - skip CHARS_SPACE */
static const char *
skip_ws(const char *cp, const char *end)
{
	while (cp < end && strchr(PFX_WHITESPACE, *cp) != NULL && *cp != '\0')
		cp++;
	return cp;
}

/* emit - append to a buffer, within the per-call output budget */
static void
emit(struct pfx *x, struct strbuf *out, const char *s, size_t n)
{
	if (n == 0 || PFX_STOPPED(x))
		return;
	if (n > PFX_MAX_OUTPUT - x->px_output) {
		x->px_flags |= PFEXP_LIMIT;
		return;
	}
	x->px_output += n;
	strbuf_add(out, s, n);
}

/*
 * find_close - the bracket that closes the one at *open, counting only
 * that bracket type (mac_parse.c does the same), or NULL if truncated.
 */
static const char *
find_close(const char *open, const char *end)
{
	char		 o = *open, c = o == '{' ? '}' : ')';
	const char	*cp;
	unsigned long	 level = 1;

	for (cp = open + 1; cp < end; cp++) {
		if (*cp == o)
			level++;
		else if (*cp == c && --level == 0)
			return cp;
	}
	return NULL;
}

/*
 * curly_payload - mac_exp_extract_curly_payload(): *cpp is at '{'; balance
 * {}, return the inside, and leave *cpp after the '}' and any whitespace.
 */
static int
curly_payload(const char **cpp, const char *end, const char **p_r,
    size_t *n_r)
{
	const char	*close;

	if ((close = find_close(*cpp, end)) == NULL)
		return -1;	/* "unbalanced {} in attribute expression" */
	*p_r = *cpp + 1;
	*n_r = (size_t)(close - *p_r);
	*cpp = skip_ws(close + 1, end);
	return 0;
}

/* parse_operator - "==" .. ">" plus an optional "level" suffix */
static int
parse_operator(const char **cpp, const char *end, struct pfx_expr *e)
{
	static const struct {
		const char	*str;
		enum pfx_op	 op;
	} ops[] = {
		{ "==", OP_EQ }, { "!=", OP_NE }, { "<", OP_LT },
		{ "<=", OP_LE }, { ">=", OP_GE }, { ">", OP_GT },
	};
	const char	*cp = *cpp, *op = cp, *sfx;
	size_t		 i, n;

	while (cp < end && *cp != '\0' && strchr(PFX_OP_CHARS, *cp) != NULL)
		cp++;
	n = (size_t)(cp - op);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strlen(ops[i].str) == n && memcmp(ops[i].str, op, n) == 0)
			break;
	if (i == sizeof(ops) / sizeof(ops[0]))
		return -1;	/* "==" or "!=" or ... expected */
	e->pe_op = ops[i].op;
	e->pe_level = 0;
	for (sfx = cp; cp < end && is_name_char(*cp) && *cp != '_'; cp++)
		;
	if (cp > sfx) {
		/* Only compat_level registers one ("bad operator suffix"). */
		if ((size_t)(cp - sfx) != 5 || memcmp(sfx, "level", 5) != 0)
			return -1;
		e->pe_level = 1;
	}
	*cpp = cp;
	return 0;
}

/* parse_name - named form: optional whitespace around [A-Za-z0-9_]* */
static int
parse_name(const char **cpp, const char *end, struct pfx_expr *e, int *ch_r)
{
	const char	*cp = skip_ws(*cpp, end), *ws;

	e->pe_name = cp;
	for (;;) {
		ws = skip_ws(cp, end);
		if (ws == end) {
			*ch_r = 0;
			break;
		}
		if (*ws == '?' || *ws == ':') {
			*ch_r = *ws;
			e->pe_namelen = (size_t)(cp - e->pe_name);
			*cpp = ws + 1;
			return 0;
		}
		if (!is_name_char(*cp))
			return -1;	/* "attribute name syntax error" */
		cp++;
	}
	e->pe_namelen = (size_t)(cp - e->pe_name);
	*cpp = end;
	return 0;
}

/* parse_branches - the ?text, ?{t}:{f}, :text tail of an expression */
static int
parse_branches(const char *cp, const char *end, int ch, struct pfx_expr *e)
{
	const char	*ws;

	e->pe_iftrue = e->pe_iffalse = NULL;
	if (ch == '?') {
		ws = skip_ws(cp, end);
		if (ws == end || *ws != '{') {
			/* Legacy ${name?text}: the rest, ':' included. */
			e->pe_iftrue = cp;
			e->pe_iftruelen = (size_t)(end - cp);
			return 0;
		}
		cp = ws;
		if (curly_payload(&cp, end, &e->pe_iftrue,
		    &e->pe_iftruelen) < 0)
			return -1;
		if (cp == end)
			return 0;
		if (*cp != ':')
			return -1;	/* '":" expected' */
		cp++;
		ch = ':';
	}
	if (ch == ':') {
		ws = skip_ws(cp, end);
		if (ws == end || *ws != '{') {
			e->pe_iffalse = cp;
			e->pe_iffalselen = (size_t)(end - cp);
			return 0;
		}
		cp = ws;
		if (curly_payload(&cp, end, &e->pe_iffalse,
		    &e->pe_iffalselen) < 0)
			return -1;
		if (cp != end)
			return -1;	/* "unexpected input" */
	}
	return 0;
}

/* parse_expr - split a ${...} body into its parts; -1 on a syntax error */
static int
parse_expr(const char *body, size_t n, struct pfx_expr *e)
{
	const char	*cp, *end = body + n;
	int		 ch = 0;

	if (n == 0)
		return -1;	/* "empty macro name" */
	cp = skip_ws(body, end);
	e->pe_relational = cp < end && *cp == '{';
	if (e->pe_relational) {
		if (curly_payload(&cp, end, &e->pe_left, &e->pe_leftlen) < 0 ||
		    parse_operator(&cp, end, e) < 0)
			return -1;
		cp = skip_ws(cp, end);
		if (cp == end || *cp != '{' ||
		    curly_payload(&cp, end, &e->pe_right, &e->pe_rightlen) < 0)
			return -1;	/* "{expression}" expected */
		if (cp < end) {
			if (*cp != '?' && *cp != ':')
				return -1;	/* '"?" or ":" expected' */
			ch = *cp++;
		}
	} else if (parse_name(&cp, end, e, &ch) < 0)
		return -1;
	return parse_branches(cp, end, ch, e);
}

/* all_digits - Postfix alldig(): non-empty, digits only */
static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* strtol_part - sane_strtol() step of compat_level_from_string() */
static int
strtol_part(const char **sp, long max, long *val_r, int last)
{
	char	*rest;

	errno = 0;
	*val_r = strtol(*sp, &rest, 10);
	if (rest == *sp || errno == ERANGE || *val_r < 0 || *val_r > max ||
	    (*rest != '\0' && (last || *rest != '.')))
		return -1;
	*sp = rest;
	return 0;
}

/*
 * compat_level - compat_level_from_string(): major[.minor[.patch]] with
 * minor and patch 0..1023, packed for comparison; -1 when malformed.
 */
static long
compat_level(const char *s)
{
	long	major, minor = 0, patch = 0;

	if (strtol_part(&s, LONG_MAX >> 20, &major, 0) < 0)
		return -1;
	if (*s == '.') {
		s++;
		if (strtol_part(&s, 1023, &minor, 0) < 0)
			return -1;
		if (*s == '.') {
			s++;
			if (strtol_part(&s, 1023, &patch, 1) < 0)
				return -1;
		}
	}
	return major << 20 | minor << 10 | patch;
}

/* relop_eval - 1 true, 0 false, -1 when Postfix would refuse the operands */
static int
relop_eval(const char *l, const char *r, enum pfx_op op, int level)
{
	long	a, b;
	int	d;

	if (level) {
		if ((a = compat_level(l)) < 0 || (b = compat_level(r)) < 0)
			return -1;	/* "malformed compatibility level" */
		d = (a > b) - (a < b);
	} else if (all_digits(l) && all_digits(r)) {
		errno = 0;
		a = strtol(l, NULL, 10);
		if (errno == ERANGE)
			return -1;	/* "bad conversion" */
		b = strtol(r, NULL, 10);
		if (errno == ERANGE)
			return -1;
		d = (a > b) - (a < b);
	} else
		d = strcmp(l, r);
	switch (op) {
	case OP_EQ:
		return d == 0;
	case OP_NE:
		return d != 0;
	case OP_LT:
		return d < 0;
	case OP_LE:
		return d <= 0;
	case OP_GE:
		return d >= 0;
	default:
		return d > 0;
	}
}

/* pfx_slot_at - the scratch buffers of one nesting level */
static struct pfx_slot *
pfx_slot_at(struct pfx *x, unsigned depth)
{
	if (x->px_slot[depth] == NULL)
		x->px_slot[depth] = xcalloc(1, sizeof(struct pfx_slot));
	return x->px_slot[depth];
}

/*
 * eval_value - the "lookup result" of an expression: the parameter value
 * (copied into this level's slot), or "true"/"" for a relational test.
 * Returns 1 defined, 0 undefined, -1 on a relational operand error.
 */
static int
eval_value(struct pfx *x, const struct pfx_expr *e, unsigned depth,
    const char **val_r, size_t *len_r)
{
	struct pfx_slot	*slot = pfx_slot_at(x, depth);
	const char	*v;
	int		 r;

	if (e->pe_relational) {
		strbuf_reset(&slot->ps_left);
		strbuf_reset(&slot->ps_right);
		expand_text(x, e->pe_left, e->pe_leftlen, &slot->ps_left,
		    depth + 1);
		expand_text(x, e->pe_right, e->pe_rightlen, &slot->ps_right,
		    depth + 1);
		if (PFX_STOPPED(x))
			return 0;
		if ((r = relop_eval(strbuf_cstr(&slot->ps_left),
		    strbuf_cstr(&slot->ps_right), e->pe_op, e->pe_level)) < 0)
			return -1;
		*val_r = r ? "true" : "";
		*len_r = r ? 4 : 0;
		return 1;
	}
	strbuf_reset(&x->px_name);
	strbuf_add(&x->px_name, e->pe_name, e->pe_namelen);
	v = x->px_lookup != NULL ?
	    x->px_lookup(x->px_ctx, strbuf_cstr(&x->px_name)) : NULL;
	if (v == NULL)
		return 0;
	strbuf_reset(&slot->ps_value);
	strbuf_adds(&slot->ps_value, v);
	*val_r = strbuf_cstr(&slot->ps_value);
	*len_r = slot->ps_value.len;
	return 1;
}

/*
 * eval_expr - expand one ${...} body (or a bare $name) at this depth.
 * Returns -1 on a syntax error, with nothing appended; the caller then
 * copies the reference literally.
 */
static int
eval_expr(struct pfx *x, const char *body, size_t n, struct strbuf *out,
    unsigned depth)
{
	struct pfx_expr	 e;
	const char	*val = "";
	size_t		 len = 0;
	int		 defined;

	if (++x->px_steps > PFX_MAX_STEPS) {
		x->px_flags |= PFEXP_LIMIT;
		return 0;
	}
	if (parse_expr(body, n, &e) < 0)
		return -1;
	if ((defined = eval_value(x, &e, depth, &val, &len)) < 0)
		return -1;
	if (PFX_STOPPED(x))
		return 0;
	if (e.pe_iftrue == NULL && e.pe_iffalse == NULL) {
		if (!defined)
			x->px_flags |= PFEXP_UNDEFINED;
		else
			expand_text(x, val, len, out, depth + 1);
		return 0;
	}
	if (e.pe_iftrue != NULL && len > 0)
		expand_text(x, e.pe_iftrue, e.pe_iftruelen, out, depth + 1);
	if (e.pe_iffalse != NULL && len == 0)
		expand_text(x, e.pe_iffalse, e.pe_iffalselen, out, depth + 1);
	return 0;
}

/* expand_text - mac_parse(): literals, $$, $name, ${...}, $(...) */
static void
expand_text(struct pfx *x, const char *p, size_t n, struct strbuf *out,
    unsigned depth)
{
	const char	*end = p + n, *dollar, *close, *name;

	/*
	 * mac_expand_callback() counts every literal or expression callback,
	 * so any non-empty text this deep is "unreasonable macro call
	 * nesting" (verified: a chain of 100 $p references to "end" works,
	 * 101 does not).
	 */
	if (n > 0 && depth > PFX_MAX_NESTING) {
		x->px_flags |= PFEXP_LOOP;
		return;
	}
	while (p < end && !PFX_STOPPED(x)) {
		if ((dollar = memchr(p, '$', (size_t)(end - p))) == NULL) {
			emit(x, out, p, (size_t)(end - p));
			break;
		}
		emit(x, out, p, (size_t)(dollar - p));
		p = dollar + 1;
		if (p < end && *p == '$') {
			emit(x, out, "$", 1);
			p++;
		} else if (p < end && (*p == '{' || *p == '(')) {
			if ((close = find_close(p, end)) == NULL) {
				/* "truncated macro reference" */
				x->px_flags |= PFEXP_SYNTAX;
				emit(x, out, dollar, (size_t)(end - dollar));
				break;
			}
			if (eval_expr(x, p + 1, (size_t)(close - p - 1), out,
			    depth) < 0) {
				x->px_flags |= PFEXP_SYNTAX;
				emit(x, out, dollar,
				    (size_t)(close + 1 - dollar));
			}
			p = close + 1;
		} else {
			for (name = p; p < end && is_name_char(*p); p++)
				;
			if (p == name) {
				/* "empty macro name": keep the '$' */
				x->px_flags |= PFEXP_SYNTAX;
				emit(x, out, "$", 1);
			} else
				(void)eval_expr(x, name, (size_t)(p - name),
				    out, depth);
		}
	}
}

/* pfexpand - see pfexpand.h */
int
pfexpand(const char *in, pfexpand_lookup_fn lookup, void *ctx,
    struct strbuf *out, unsigned *flags_r)
{
	struct pfx	 pfx, *x = &pfx;
	unsigned	 i, flags;

	memset(x, 0, sizeof(*x));
	x->px_lookup = lookup;
	x->px_ctx = ctx;
	if (in != NULL)
		expand_text(x, in, strlen(in), out, 0);
	flags = x->px_flags;
	strbuf_free(&x->px_name);
	for (i = 0; i <= PFX_MAX_NESTING; i++) {
		if (x->px_slot[i] == NULL)
			continue;
		strbuf_free(&x->px_slot[i]->ps_value);
		strbuf_free(&x->px_slot[i]->ps_left);
		strbuf_free(&x->px_slot[i]->ps_right);
		free(x->px_slot[i]);
	}
	if (flags_r != NULL)
		*flags_r = flags;
	return (flags & (PFEXP_LOOP | PFEXP_LIMIT)) != 0 ? -1 : 0;
}
