/* SPDX-License-Identifier: MIT */
/*
 * resolve_int - what resolve.c, resolve_postfix.c and resolve_dovecot.c
 * share; not for other modules.
 */
#ifndef MAILLINT_RESOLVE_INT_H
#define MAILLINT_RESOLVE_INT_H

#include "resolve.h"

struct eff	*resolve_eff_new(struct resolved *r, const char *name,
		    const char *value, const char *raw, const struct setting *origin);
struct listener	*resolve_listener_new(struct resolved *r, enum product p);
void		 resolve_listener_add(struct resolved *r, struct listener *l);
/* resolve_addr_is_loopback - every address in a Postfix/Dovecot address list is loopback */
bool		 resolve_addr_is_loopback(const char *list);
/* resolve_bool - Postfix/Dovecot boolean ("yes"/"true"/"no"/"false"); dflt when unknown */
bool		 resolve_bool(const char *v, bool dflt);
/* resolve_has_word - list (comma/space separated) contains word, case-insensitive */
bool		 resolve_has_word(const char *list, const char *word);
/* resolve_port - well-known service names and numbers to a port; 0 when unknown */
unsigned	 resolve_port(const char *s);

void		 resolve_postfix(struct resolved *r, struct diag_list *dl);
void		 resolve_dovecot(struct resolved *r, struct diag_list *dl);

#endif
