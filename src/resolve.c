/* SPDX-License-Identifier: MIT */
/*
 * resolve - effective configuration: shared helpers, version selection and
 * the listener list.  The product-specific work is in resolve_postfix.c and
 * resolve_dovecot.c.
 *
 * Target versions come from --postfix-version / --dovecot-version, else
 * from the configuration (compatibility_level; dovecot_config_version and
 * 2.2-only or 2.4-only names), else the documented defaults (Debian 12:
 * Postfix 3.7, Dovecot 2.3.19).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "model.h"
#include "resolve_int.h"

struct eff *
resolve_eff_new(struct resolved *r, const char *name, const char *value,
    const char *raw, const struct setting *origin)
{
	struct eff	*e = arena_alloc(r->arena, sizeof(*e));

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

bool
resolve_has_word(const char *list, const char *word)
{
	size_t	wl = strlen(word);
	const char *p = list;

	while (p != NULL && *p != '\0') {
		size_t	n;

		p += strspn(p, ", \t\r\n");
		n = strcspn(p, ", \t\r\n");
		if (n == wl && strncasecmp(p, word, n) == 0)
			return true;
		p += n;
	}
	return false;
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

const char *
product_name(enum product p)
{
	return p == PRODUCT_POSTFIX ? "postfix" : "dovecot";
}

static int
listener_cmp(const void *a, const void *b)
{
	const struct listener	*x = *(struct listener *const *)a;
	const struct listener	*y = *(struct listener *const *)b;
	int			 c;

	if (x->product != y->product)
		return x->product < y->product ? -1 : 1;
	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	if ((c = strcmp(x->scope, y->scope)) != 0)
		return c;
	return strcmp(x->address, y->address);
}

const struct eff *
resolve_listener_eff(struct resolved *r, const struct listener *l,
    const char *name)
{
	if (l->product == PRODUCT_POSTFIX)
		return resolve_pf(r, l->pf, name);
	return resolve_dc(r, l, name);
}

struct resolved *
resolve_run(const struct model *m, const struct resolve_opts *o,
    struct diag_list *dl)
{
	struct resolved	*r = xcalloc(1, sizeof(*r));

	r->arena = arena_new();
	r->model = m;
	r->opts = o;
	if (m->pf.present)
		resolve_postfix(r, dl);
	if (m->dc.present)
		resolve_dovecot(r, dl);
	if (r->n_listeners > 1)
		qsort(r->listeners, r->n_listeners, sizeof(*r->listeners),
		    listener_cmp);
	return r;
}

void
resolve_free(struct resolved **rp)
{
	struct resolved	*r;
	size_t		 i;

	if (rp == NULL || *rp == NULL)
		return;
	r = *rp;
	for (i = 0; i < r->n_listeners; i++)
		hmap_free(&r->listeners[i]->cache);
	free(r->listeners);
	hmap_free(&r->pf_cache);
	strbuf_free(&r->pf_key);
	hmap_free(&r->dc_cache);
	arena_free(&r->arena);
	free(r);
	*rp = NULL;
}
