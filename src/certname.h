/* SPDX-License-Identifier: MIT */
/*
 * certname - does a certificate's name cover a host name?  The matching
 * rules of RFC 6125 section 6.4 as tightened by RFC 9525 section 6.3:
 * DNS names compared without regard to ASCII case, a trailing dot
 * ignored, and a wildcard only as the whole left-most label ("*.example.org"
 * covers "mail.example.org", neither "example.org" nor
 * "a.mail.example.org"), with at least two labels after it ("*.org" covers
 * nothing).  Partial-label wildcards ("m*.example.org") cover nothing.
 *
 * Layer 0: a leaf (libc only).  Pure.
 */
#ifndef MAILLINT_CERTNAME_H
#define MAILLINT_CERTNAME_H

#include <stdbool.h>
#include <stddef.h>

/*
 * certname_match - the presented identifier pattern (a subjectAltName
 * dNSName, or a subject CN) covers the reference host name host
 */
bool	certname_match(const char *pattern, const char *host);
/*
 * certname_covered - a certificate with DNS names dns[0..n) (its
 * subjectAltName dNSNames) and subject common name cn (NULL when none)
 * covers host: when it has DNS names only they count (RFC 6125 6.4.4),
 * else the CN does.  *by_cn_r (may be NULL) tells that the CN decided.
 */
bool	certname_covered(const char *const *dns, size_t n, const char *cn,
	    const char *host, bool *by_cn_r);
/* certname_is_host - s looks like a DNS host name (letters, digits, "-",
 * "." and "_", at least one dot, no wildcard): one worth checking */
bool	certname_is_host(const char *s);

#endif
