/* SPDX-License-Identifier: MIT */
/*
 * cipherconf - the cipher string a listener's daemon gives OpenSSL
 * (cipherconf.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "cipherconf.h"
#include "model.h"
#include "resolve.h"
#include "strbuf.h"

#define SEPARATORS	" \t,:"

/* add_exclusions - ":!X" for every X of an exclusion list */
static void
add_exclusions(struct strbuf *sb, const char *v)
{
	size_t	n;

	while (v != NULL && *v != '\0') {
		v += strspn(v, SEPARATORS);
		n = strcspn(v, SEPARATORS);
		if (n == 0)
			break;
		strbuf_adds(sb, ":!");
		strbuf_add(sb, v, n);
		v += n;
	}
}

static const char *
postfix_string(struct arena *a, struct resolve_memo *m,
    const struct listener *l, const struct eff **decider_r)
{
	const struct eff	*grade, *list, *ex, *mex = NULL;
	struct strbuf		 sb = STRBUF_INIT;
	char			 name[64];
	const char		*out;

	grade = resolve_listener_eff(m, l, l->tls_required ?
	    "smtpd_tls_mandatory_ciphers" : "smtpd_tls_ciphers");
	if (grade == NULL || grade->unknown || grade->value[0] == '\0')
		return NULL;
	snprintf(name, sizeof(name), "tls_%s_cipherlist", grade->value);
	list = resolve_listener_eff(m, l, name);
	if (list == NULL || list->unknown)
		return NULL;
	ex = resolve_listener_eff(m, l, "smtpd_tls_exclude_ciphers");
	if (l->tls_required)
		mex = resolve_listener_eff(m, l,
		    "smtpd_tls_mandatory_exclude_ciphers");
	if ((ex != NULL && ex->unknown) || (mex != NULL && mex->unknown))
		return NULL;
	strbuf_adds(&sb, list->value);
	if (ex != NULL)
		add_exclusions(&sb, ex->value);
	if (mex != NULL)
		add_exclusions(&sb, mex->value);
	out = arena_strdup(a, strbuf_cstr(&sb));
	strbuf_free(&sb);
	*decider_r = list->origin != NULL || grade->origin == NULL ? list :
	    grade;
	return out;
}

const char *
cipherconf_listener(struct arena *a, struct resolve_memo *m,
    const struct listener *l, const struct eff **decider_r)
{
	const struct eff	*e;

	*decider_r = NULL;
	if (l->product == PRODUCT_POSTFIX)
		return postfix_string(a, m, l, decider_r);
	e = resolve_listener_eff(m, l, "ssl_cipher_list");
	if (e == NULL || e->unknown)
		return NULL;
	*decider_r = e;
	return arena_strdup(a, e->value);
}
