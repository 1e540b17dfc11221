/* SPDX-License-Identifier: MIT */
/*
 * resolve_openssl - what the host's OpenSSL configuration (model->ossl)
 * lets a daemon's TLS library accept, whatever the daemon's own settings
 * say.
 *
 * OpenSSL applies the "system_default" section (openssl_conf -> its
 * ssl_conf section -> system_default) to every SSL_CTX: MinProtocol is a
 * floor, and "@SECLEVEL=N" in CipherString a security level.  Since
 * OpenSSL 3.0, TLS 1.0 and 1.1 work only at security level 0, and the
 * level is at least 1 unless someone lowers it (Debian builds OpenSSL 3
 * with level 2).  A daemon whose own cipher list says "@SECLEVEL=N" sets
 * its level itself.  Observed on Debian 13 (OpenSSL 3.5): Dovecot 2.4.1
 * with ssl_min_protocol = TLSv1 refuses TLS 1.0/1.1 under the stock
 * configuration and accepts them at DEFAULT@SECLEVEL=0; Postfix 3.10
 * accepts them under the stock configuration (it sets its own level), so
 * the floor is applied to Dovecot's listeners only.
 *
 * A tree without an OpenSSL configuration has no known floor: nothing is
 * removed.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "model.h"
#include "resolve_int.h"
#include "tlsproto.h"

#define OLD_TLS	(TLSV_SSLv2 | TLSV_SSLv3 | TLSV_TLSv1 | TLSV_TLSv1_1)

/* seclevel - N of "@SECLEVEL=N" in an OpenSSL cipher string, or -1 */
static int
seclevel(const char *s)
{
	const char	*p = s != NULL ? strstr(s, "@SECLEVEL=") : NULL;

	if (p == NULL || p[10] < '0' || p[10] > '5')
		return -1;
	return p[10] - '0';
}

void
resolve_ossl_policy(const struct model *m, struct ossl_policy *p)
{
	const struct setting	*init, *ssl, *sys, *s;
	unsigned		 mask;
	size_t			 i;
	static const char *const min_keys[] = { "MinProtocol", "TLS.MinProtocol" };

	memset(p, 0, sizeof(*p));
	p->seclevel = -1;
	p->allowed = TLSV_ALL;
	if (!m->ossl.present)
		return;
	p->present = true;
	p->file = m->ossl.file;
	if ((init = model_ossl_get(m, "default", "openssl_conf")) == NULL)
		return;
	/* a providers section is OpenSSL 3's */
	p->v3 = model_ossl_get(m, init->value, "providers") != NULL;
	if ((ssl = model_ossl_get(m, init->value, "ssl_conf")) == NULL ||
	    (sys = model_ossl_get(m, ssl->value, "system_default")) == NULL)
		return;
	for (i = 0; i < sizeof(min_keys) / sizeof(min_keys[0]); i++)
		if ((s = model_ossl_get(m, sys->value, min_keys[i])) != NULL &&
		    tlsproto_dovecot_min(s->value, &mask) == 0) {
			p->min = s;
			p->allowed &= mask;
		}
	if ((s = model_ossl_get(m, sys->value, "CipherString")) != NULL &&
	    (p->seclevel = seclevel(s->value)) >= 0)
		p->sec = s;
}

unsigned
resolve_ossl_refused(const struct ossl_policy *p, const char *cipher_list,
    struct arena *a, const char **why_r)
{
	int		 own = seclevel(cipher_list), level;
	unsigned	 refused;

	*why_r = NULL;
	if (!p->present)
		return 0;
	refused = ~p->allowed & TLSV_ALL;
	level = own >= 0 ? own : p->seclevel;
	/* OpenSSL 3 at level 1 or more (its default) refuses SSLv3-TLS 1.1 */
	if (p->v3 && level != 0)
		refused |= OLD_TLS;
	if (refused == 0)
		return 0;
	if (p->min != NULL && (~p->allowed & TLSV_ALL) == refused)
		*why_r = arena_printf(a, "%s:%u: %s = %s", p->min->loc.file,
		    p->min->loc.line, p->min->name, p->min->value);
	else if (own > 0)
		*why_r = arena_printf(a, "OpenSSL 3 security level %d of the "
		    "daemon's own cipher list", own);
	else if (p->sec != NULL)
		*why_r = arena_printf(a, "OpenSSL 3 security level %d: %s:%u: "
		    "CipherString = %s", level, p->sec->loc.file,
		    p->sec->loc.line, p->sec->value);
	else
		*why_r = arena_printf(a, "OpenSSL 3 default security level; "
		    "%s does not lower it", p->file);
	return refused;
}
