/* SPDX-License-Identifier: MIT */
/*
 * cipherconf - the cipher string a listener's daemon gives OpenSSL.
 *
 * Postfix: the grade of the listener (smtpd_tls_mandatory_ciphers where
 * TLS is mandatory, smtpd_tls_ciphers elsewhere), its tls_GRADE_cipherlist
 * (explicit, else the target version's default), then ":!X" for every X of
 * smtpd_tls_exclude_ciphers (and smtpd_tls_mandatory_exclude_ciphers where
 * TLS is mandatory), as Postfix builds it.  Dovecot: ssl_cipher_list in
 * the listener's scope.  Every value as the listener sees it (master.cf
 * -o overrides, Dovecot sections).
 *
 * Does not: expand the string (ciphers.h does), or judge it.
 */
#ifndef MAILLINT_CIPHERCONF_H
#define MAILLINT_CIPHERCONF_H

struct arena;
struct eff;
struct listener;
struct resolve_memo;

/*
 * cipherconf_listener - the string, allocated in a; *decider_r the
 * setting that decides it (the explicit list, else an explicit grade, else
 * the default list) for blame.  NULL when a value is a template or the
 * listener has no TLS.
 */
const char	*cipherconf_listener(struct arena *a, struct resolve_memo *m,
		    const struct listener *l, const struct eff **decider_r);

#endif
