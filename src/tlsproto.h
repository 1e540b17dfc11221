/* SPDX-License-Identifier: MIT */
/*
 * tlsproto - TLS protocol sets from configuration values.
 *
 * A set is a bitmask of TLSV_* (SSLv2 .. TLSv1.3): the versions a client
 * could negotiate if the configuration alone decided (OpenSSL build limits
 * such as "no SSLv3" are ignored on purpose; they are not configuration).
 */
#ifndef MAILLINT_TLSPROTO_H
#define MAILLINT_TLSPROTO_H

#include <stddef.h>

struct version;

#define TLSV_SSLv2	0x01u
#define TLSV_SSLv3	0x02u
#define TLSV_TLSv1	0x04u
#define TLSV_TLSv1_1	0x08u
#define TLSV_TLSv1_2	0x10u
#define TLSV_TLSv1_3	0x20u
#define TLSV_ALL	0x3fu
#define TLSV_COUNT	6

/* tlsproto_name - "SSLv2" .. "TLSv1.3" for one bit (index 0..5) */
const char *tlsproto_name(unsigned index);

/*
 * tlsproto_postfix - parse a Postfix protocol list (smtpd_tls_protocols
 * and friends) as the target Postfix version would: separators are
 * comma, space, tab, CR, LF and colon; names case-insensitive; "!NAME"
 * excludes; a bare NAME includes (then every name not included is
 * excluded); ">=V" / "<=V" (3.6+) with V a name or hex 0x0301 / 0301 /
 * 301.  Empty list = every version.  One unknown token invalidates the
 * whole list (Postfix then disables TLS): returns -1 and copies that token
 * into bad[0..badlen).  pfver NULL means "latest".
 */
int	tlsproto_postfix(const char *list, const struct version *pfver,
	    unsigned *mask_r, char *bad, size_t badlen);

/*
 * tlsproto_dovecot_min - ssl_min_protocol value (ANY, SSLv3, TLSv1,
 * TLSv1.1, TLSv1.2, TLSv1.3, LATEST; case-insensitive) to the set of
 * versions from it up to TLSv1.3.  -1 when invalid (Dovecot fails TLS).
 */
int	tlsproto_dovecot_min(const char *value, unsigned *mask_r);

/*
 * tlsproto_dovecot_protocols - Dovecot 2.2 ssl_protocols ("!SSLv2 !SSLv3",
 * "TLSv1.2 TLSv1.1", space separated, "!" excludes, bare names include)
 * to a set.  -1 on an unknown token.
 */
int	tlsproto_dovecot_protocols(const char *value, unsigned *mask_r);

/*
 * tlsproto_dovecot_min_from_protocols - the ssl_min_protocol that
 * Dovecot 2.3 derives from an obsolete ssl_protocols value (the lowest
 * version not excluded), e.g. "!SSLv3 !TLSv1" -> "TLSv1.1".  Returns a
 * static string, or NULL when the value is invalid.
 */
const char *tlsproto_dovecot_min_from_protocols(const char *value);

/* tlsproto_format - "TLSv1 TLSv1.1" style list of a set into buf */
const char *tlsproto_format(unsigned mask, char *buf, size_t size);

#endif
