/* SPDX-License-Identifier: MIT */
/*
 * parse_openssl - the host's OpenSSL configuration (config(5) of OpenSSL
 * 3) -> model->ossl: "[ section ]" headers, "name = value" lines (quotes
 * and backslash escapes removed, "$var" left as written), "\" line
 * continuations, "#" comments, and ".include [=] PATH" of a file or of a
 * directory's *.cnf / *.conf files, read inside the root through fsroot,
 * at most OSSL_INCLUDE_DEPTH deep.  A later assignment of the same name in
 * the same section wins, as in OpenSSL.
 *
 * Layer: parse (3); the policy it implies (MinProtocol, @SECLEVEL) is
 * resolve's business.  Never exits; bad lines are diagnostics.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "diag.h"
#include "fsroot.h"
#include "hmap.h"
#include "model.h"
#include "parse.h"
#include "strbuf.h"

#define OSSL_INCLUDE_DEPTH	8
#define OSSL_MAX_SECTION	128

struct octx {
	struct model	 *m;
	struct fsroot	 *fr;
	struct diag_list *dl;
	char		  section[OSSL_MAX_SECTION];
	unsigned	  depth;
};

static void	read_file(struct octx *c, const char *base_dir,
		    const char *path, const struct loc *from);

/* unquote - value text without quotes and escapes, comment cut */
static void
unquote(struct strbuf *out, const char *v, size_t n)
{
	char	q = 0;
	size_t	i;

	for (i = 0; i < n; i++) {
		char	ch = v[i];

		if (ch == '\\' && i + 1 < n) {
			strbuf_addc(out, v[++i]);
			continue;
		}
		if (q != 0) {
			if (ch == q)
				q = 0;
			else
				strbuf_addc(out, ch);
			continue;
		}
		if (ch == '"' || ch == '\'') {
			q = ch;
			continue;
		}
		if (ch == '#')
			break;
		strbuf_addc(out, ch);
	}
	while (out->len > 0 && (out->s[out->len - 1] == ' ' ||
	    out->s[out->len - 1] == '\t'))
		out->s[--out->len] = '\0';
}

static void
store(struct octx *c, const char *name, size_t nlen, const char *value,
    const struct loc *loc)
{
	struct model	*m = c->m;
	struct setting	*s = arena_alloc(m->arena, sizeof(*s));
	const char	*key;

	s->name = model_strndup(m, name, nlen);
	s->value = model_strdup(m, value);
	s->scope = model_strdup(m, c->section);
	s->loc = *loc;
	s->end_line = loc->line;
	key = arena_printf(m->arena, "%s\001%s", c->section, s->name);
	s->prev = hmap_put(&m->ossl.index, key, s);
	m->ossl.n_settings++;
}

/* include - ".include [=] PATH": a file, or a directory's .cnf/.conf */
static void
include(struct octx *c, const char *base_dir, const char *arg,
    const struct loc *loc)
{
	const char	**v = NULL;
	const char	*err, *dir;
	int		  n, i;

	if (c->depth >= OSSL_INCLUDE_DEPTH) {
		diag_add(c->dl, SEV_WARN, loc, ".include nested deeper than "
		    "%u; not read", OSSL_INCLUDE_DEPTH);
		return;
	}
	dir = fsroot_join(c->fr, base_dir, arg);
	if (!fsroot_is_dir(c->fr, dir)) {
		read_file(c, base_dir, arg, loc);
		return;
	}
	/* OpenSSL reads the files of a directory ending .cnf or .conf */
	if ((n = fsroot_glob(c->fr, NULL, fsroot_join(c->fr, dir,
	    "*.{cnf,conf}"), &v, &err)) < 0)
		diag_add(c->dl, SEV_WARN, loc, ".include %s: %s", arg, err);
	for (i = 0; i < n; i++)
		read_file(c, NULL, v[i], loc);
}

static void
do_line(struct octx *c, const char *dir, const char *s, size_t n,
    const struct loc *loc)
{
	struct strbuf	 val = STRBUF_INIT;
	const char	*eq, *end;
	size_t		 nl;

	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	if (n == 0 || *s == '#')
		return;
	if (*s == '[') {
		if ((end = memchr(s, ']', n)) == NULL) {
			diag_add(c->dl, SEV_WARN, loc, "section header without "
			    "']'; ignored");
			return;
		}
		s++;
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		nl = (size_t)(end - s);
		while (nl > 0 && (s[nl - 1] == ' ' || s[nl - 1] == '\t'))
			nl--;
		if (nl == 0 || nl >= sizeof(c->section)) {
			diag_add(c->dl, SEV_WARN, loc, "bad section name; "
			    "ignored");
			return;
		}
		memcpy(c->section, s, nl);
		c->section[nl] = '\0';
		return;
	}
	if (*s == '.') {
		/* .include / .pragma, with an optional "=" */
		nl = strcspn(s, " \t=");
		eq = s + nl;
		while (eq < s + n && (*eq == ' ' || *eq == '\t' || *eq == '='))
			eq++;
		unquote(&val, eq, (size_t)(s + n - eq));
		if (nl == 8 && strncmp(s, ".include", 8) == 0 && val.len > 0)
			include(c, dir, strbuf_cstr(&val), loc);
		strbuf_free(&val);
		return;
	}
	if ((eq = memchr(s, '=', n)) == NULL) {
		diag_add(c->dl, SEV_WARN, loc, "line without '='; ignored");
		return;
	}
	nl = (size_t)(eq - s);
	while (nl > 0 && (s[nl - 1] == ' ' || s[nl - 1] == '\t'))
		nl--;
	eq++;
	while (eq < s + n && (*eq == ' ' || *eq == '\t'))
		eq++;
	unquote(&val, eq, (size_t)(s + n - eq));
	if (nl > 0)
		store(c, s, nl, strbuf_cstr(&val), loc);
	strbuf_free(&val);
}

static void
read_file(struct octx *c, const char *base_dir, const char *path,
    const struct loc *from)
{
	struct fsroot_file	 f;
	struct strbuf		 line = STRBUF_INIT;
	const char		*err, *p, *nl, *dir, *display;
	unsigned		 lineno = 0, first = 0;

	if (fsroot_read(c->fr, base_dir, path, &f, &err) < 0) {
		if (from != NULL)
			diag_add(c->dl, SEV_WARN, from, ".include %s: %s", path,
			    err);
		else
			diag_addf(c->dl, SEV_WARN, fsroot_display(c->fr, path),
			    0, 0, "cannot read the OpenSSL configuration: %s",
			    err);
		return;
	}
	if (from == NULL) {
		c->m->ossl.present = true;
		c->m->ossl.file = model_strdup(c->m, f.display);
	}
	display = model_strdup(c->m, f.display);
	dir = fsroot_dirname(c->fr, f.path);
	c->depth++;
	for (p = f.data; p < f.data + f.len; p = nl + 1) {
		size_t	n;

		nl = memchr(p, '\n', (size_t)(f.data + f.len - p));
		if (nl == NULL)
			nl = f.data + f.len;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		lineno++;
		if (line.len == 0)
			first = lineno;
		if (n > 0 && p[n - 1] == '\\') {
			strbuf_add(&line, p, n - 1);	/* continued */
			continue;
		}
		strbuf_add(&line, p, n);
		do_line(c, dir, line.s != NULL ? line.s : "", line.len,
		    &(struct loc){ display, first, 1 });
		strbuf_reset(&line);
	}
	if (line.len > 0)
		do_line(c, dir, line.s, line.len,
		    &(struct loc){ display, first, 1 });
	c->depth--;
	strbuf_free(&line);
	fsroot_file_release(&f);
}

int
parse_openssl(struct model *m, struct fsroot *fr, const char *path,
    struct diag_list *dl)
{
	struct octx	c = { .m = m, .fr = fr, .dl = dl,
	    .section = "default" };

	read_file(&c, NULL, path, NULL);
	return m->ossl.present ? 0 : -1;
}
