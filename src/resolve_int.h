/* SPDX-License-Identifier: MIT */
/*
 * resolve_int - what resolve.c, resolve_postfix.c and resolve_dovecot.c
 * share (defined in resolve_common.c); not for other modules.
 */
#ifndef MAILLINT_RESOLVE_INT_H
#define MAILLINT_RESOLVE_INT_H

#include "resolve.h"

/* The lookup memo (resolve_common.c). */
struct resolve_memo {
	const struct resolved	  *r;
	struct arena		  *a;		/* where new values go */
	const struct resolve_memo *frozen;	/* resolve_run's, consulted first */
	struct hmap		   pf;		/* "name" / "scope\001name" -> eff */
	struct strbuf		   key;		/* scratch lookup key */
	struct hmap		   dc;		/* global Dovecot name -> eff */
	struct hmap		  *dcl;		/* per listener id: name -> eff */
	size_t			   n_dcl;
};

/* resolve_memo_dc - m's own map of Dovecot values for l (NULL: global) */
struct hmap	*resolve_memo_dc(struct resolve_memo *m, const struct listener *l);
/* resolve_memo_dc_frozen - the frozen memo's map for l, or NULL */
const struct hmap *resolve_memo_dc_frozen(const struct resolve_memo *m,
		    const struct listener *l);

struct eff	*resolve_eff_new(struct arena *a, const char *name,
		    const char *value, const char *raw, const struct setting *origin);
struct listener	*resolve_listener_new(struct resolved *r, enum product p);
void		 resolve_listener_add(struct resolved *r, struct listener *l);
/* resolve_addr_is_loopback - every address in a Postfix/Dovecot address list is loopback */
bool		 resolve_addr_is_loopback(const char *list);
/* resolve_bool - Postfix/Dovecot boolean ("yes"/"true"/"no"/"false"); dflt when unknown */
bool		 resolve_bool(const char *v, bool dflt);
/* resolve_port - well-known service names and numbers to a port; 0 when unknown */
unsigned	 resolve_port(const char *s);

/* resolve_ossl_policy - the host OpenSSL policy of model m */
void		 resolve_ossl_policy(const struct model *m, struct ossl_policy *p);
/*
 * resolve_ossl_refused - TLSV_* versions the library refuses under policy
 * p for a daemon whose own OpenSSL cipher list is cipher_list (NULL: none);
 * *why_r says why, in a (NULL when nothing is refused)
 */
unsigned	 resolve_ossl_refused(const struct ossl_policy *p,
		    const char *cipher_list, struct arena *a, const char **why_r);
void		 resolve_postfix(struct resolved *r, struct diag_list *dl);
void		 resolve_dovecot(struct resolved *r, struct diag_list *dl);

#endif
