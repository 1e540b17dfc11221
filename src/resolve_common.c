/* SPDX-License-Identifier: MIT */
/*
 * resolve_common - what resolve_postfix.c and resolve_dovecot.c share:
 * effective-value records, listener records, the lookup memo, and small
 * value readers (booleans, loopback addresses, well-known ports).
 *
 * Layer: the bottom of resolve; it calls nothing else of resolve, and
 * resolve.c calls down into the product files, never the other way.
 *
 * A memo holds the effective values already looked up, in its own arena.
 * resolve_run() fills one while it derives the listeners and keeps it,
 * read-only, in struct resolved; a later reader (eval, dump) makes its own
 * memo, which consults that frozen one first and records its new values
 * in the reader's arena, so that struct resolved never changes after
 * resolve_run().
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "model.h"
#include "resolve_int.h"

struct resolve_memo *
resolve_memo_new(const struct resolved *r, struct arena *a)
{
	struct resolve_memo	*m = xcalloc(1, sizeof(*m));

	m->r = r;
	m->a = a;
	m->frozen = r->memo;
	return m;
}

void
resolve_memo_free(struct resolve_memo **mp)
{
	struct resolve_memo	*m;
	size_t			 i;

	if (mp == NULL || *mp == NULL)
		return;
	m = *mp;
	hmap_free(&m->pf);
	strbuf_free(&m->key);
	hmap_free(&m->dc);
	for (i = 0; i < m->n_dcl; i++)
		hmap_free(&m->dcl[i]);
	free(m->dcl);
	free(m);
	*mp = NULL;
}

struct hmap *
resolve_memo_dc(struct resolve_memo *m, const struct listener *l)
{
	size_t	n;

	if (l == NULL)
		return &m->dc;
	if (l->id >= m->n_dcl) {
		n = m->n_dcl ? m->n_dcl : 8;
		while (n <= l->id)
			n *= 2;
		m->dcl = xreallocarray(m->dcl, n, sizeof(*m->dcl));
		memset(m->dcl + m->n_dcl, 0, (n - m->n_dcl) * sizeof(*m->dcl));
		m->n_dcl = n;
	}
	return &m->dcl[l->id];
}

const struct hmap *
resolve_memo_dc_frozen(const struct resolve_memo *m, const struct listener *l)
{
	const struct resolve_memo	*f = m->frozen;

	if (f == NULL)
		return NULL;
	if (l == NULL)
		return &f->dc;
	return l->id < f->n_dcl ? &f->dcl[l->id] : NULL;
}

struct eff *
resolve_eff_new(struct arena *a, const char *name, const char *value,
    const char *raw, const struct setting *origin)
{
	struct eff	*e = arena_alloc(a, sizeof(*e));

	e->name = name;
	e->value = value != NULL ? value : "";
	e->raw = raw != NULL ? raw : e->value;
	e->origin = origin;
	return e;
}

struct listener *
resolve_listener_new(struct resolved *r, enum product p)
{
	struct listener	*l = arena_alloc(r->arena, sizeof(*l));

	l->id = r->n_ids++;
	l->product = p;
	l->address = "*";
	l->enabled = true;
	return l;
}

void
resolve_listener_add(struct resolved *r, struct listener *l)
{
	/* Capacity doubles at powers of two, like model.c's arrays. */
	if (r->n_listeners == 0 || (r->n_listeners >= 8 &&
	    (r->n_listeners & (r->n_listeners - 1)) == 0))
		r->listeners = xreallocarray(r->listeners,
		    r->n_listeners ? r->n_listeners * 2 : 8, sizeof(*r->listeners));
	r->listeners[r->n_listeners++] = l;
}

bool
resolve_bool(const char *v, bool dflt)
{
	if (v == NULL)
		return dflt;
	if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0)
		return true;
	if (strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0)
		return false;
	return dflt;
}

static bool
one_loopback(const char *a, size_t n)
{
	if (n >= 2 && a[0] == '[' && a[n - 1] == ']')
		a++, n -= 2;
	if (n >= 4 && strncmp(a, "127.", 4) == 0)
		return true;
	if ((n == 3 && strncmp(a, "::1", 3) == 0) ||
	    (n == 9 && strncasecmp(a, "localhost", 9) == 0) ||
	    (n == 13 && strncasecmp(a, "loopback-only", 13) == 0))
		return true;
	return n >= 10 && strncasecmp(a, "::ffff:127", 10) == 0;
}

bool
resolve_addr_is_loopback(const char *list)
{
	const char	*p = list;
	bool		 any = false;

	while (*p != '\0') {
		size_t	n;

		p += strspn(p, ", \t\r\n");
		n = strcspn(p, ", \t\r\n");
		if (n == 0)
			break;
		if (!one_loopback(p, n))
			return false;
		any = true;
		p += n;
	}
	return any;
}

static const struct {
	const char	*name;
	unsigned	 port;
} ports[] = {
	{ "smtp", 25 }, { "submission", 587 }, { "submissions", 465 },
	{ "smtps", 465 }, { "ssmtp", 465 }, { "urd", 465 }, { "lmtp", 24 },
	{ "imap", 143 }, { "imap2", 143 }, { "imaps", 993 }, { "pop3", 110 },
	{ "pop3s", 995 }, { "sieve", 4190 }, { "managesieve", 4190 },
};

unsigned
resolve_port(const char *s)
{
	size_t		i;
	char		*end;
	unsigned long	v;

	if (isdigit((unsigned char)s[0])) {
		v = strtoul(s, &end, 10);
		return *end == '\0' && v > 0 && v < 65536 ? (unsigned)v : 0;
	}
	for (i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		if (strcmp(s, ports[i].name) == 0)
			return ports[i].port;
	return 0;
}

const char *
tls_mode_name(enum tls_mode t)
{
	switch (t) {
	case TLS_IMPLICIT:
		return "implicit";
	case TLS_STARTTLS:
		return "starttls";
	default:
		return "none";
	}
}
