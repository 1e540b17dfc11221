/* SPDX-License-Identifier: MIT */
/*
 * resolve - effective configuration: the entry point and the listener
 * list.  The product-specific work is in resolve_postfix.c and
 * resolve_dovecot.c, their shared helpers in resolve_common.c.
 *
 * Target versions come from --postfix-version / --dovecot-version, else
 * from the configuration (compatibility_level; dovecot_config_version and
 * 2.2-only or 2.4-only names), else the documented defaults (Debian 12:
 * Postfix 3.7, Dovecot 2.3.19).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "model.h"
#include "resolve_int.h"

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
resolve_listener_eff(struct resolve_memo *m, const struct listener *l,
    const char *name)
{
	if (l->product == PRODUCT_POSTFIX)
		return resolve_pf(m, l->pf, name);
	return resolve_dc(m, l, name);
}

struct resolved *
resolve_run(const struct model *m, const struct resolve_opts *o,
    struct diag_list *dl)
{
	struct resolved	*r = xcalloc(1, sizeof(*r));

	r->arena = arena_new();
	r->model = m;
	r->opts = o;
	/* The lookups made while deriving the listeners, kept read-only. */
	r->memo = resolve_memo_new(r, r->arena);
	resolve_ossl_policy(m, &r->ossl);
	/* Postfix sets its own security level: no library floor
	 * (resolve_postfix.c fills tls_versions_configured itself). */
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

	if (rp == NULL || *rp == NULL)
		return;
	r = *rp;
	free(r->listeners);
	resolve_memo_free(&r->memo);
	arena_free(&r->arena);
	free(r);
	*rp = NULL;
}
