/* SPDX-License-Identifier: MIT */
/*
 * ciphers - what OpenSSL makes of a cipher string.
 *
 * Postfix and Dovecot hand their cipher lists to OpenSSL's
 * SSL_CTX_set_cipher_list(); only OpenSSL knows what a keyword, an
 * exclusion or @STRENGTH leaves enabled.  ciphers_eval() asks the OpenSSL
 * that maillint links (security level 0: the list as written, whatever
 * level the server runs at) for the TLS 1.2-and-older suites a string
 * enables, and marks the weak ones.  Names that this OpenSSL no longer
 * knows but older ones enabled (RC4, EXPORT, single DES, IDEA, SEED...)
 * are judged from a table of what they meant, and marked "legacy": the
 * audited server may link such an OpenSSL.
 *
 * Does not: read any file (OpenSSL's configuration file is not loaded), or
 * keep state between calls other than OpenSSL's own initialisation.
 */
#ifndef MAILLINT_CIPHERS_H
#define MAILLINT_CIPHERS_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct strbuf;

/* Why a suite is weak (bits of cipher_suite.weak). */
#define CW_NULL		0x01u	/* no encryption */
#define CW_ANULL	0x02u	/* no authentication */
#define CW_EXPORT	0x04u	/* export grade (40/56 bits) */
#define CW_RC4		0x08u	/* RC4 (RFC 7465) */
#define CW_DES		0x10u	/* single DES */
#define CW_3DES		0x20u	/* triple DES (Sweet32) */
#define CW_MD5		0x40u	/* MD5 MAC */
#define CW_IDEA		0x80u	/* IDEA: 64-bit block (Sweet32) */
#define CW_BROKEN	(~CW_ANULL)

/* Outside the Mozilla profiles (bits of cipher_suite.profile). */
#define CP_NOFS		0x01u	/* no forward secrecy (RSA, PSK, static DH key exchange) */
#define CP_NOAEAD	0x02u	/* not AEAD (CBC with HMAC, stream) */

struct cipher_suite {
	const char	*name;		/* OpenSSL's name */
	unsigned	 weak;		/* CW_* */
	unsigned	 profile;	/* CP_* */
	bool		 legacy;	/* not known to the linked OpenSSL */
};

struct cipher_eval {
	struct cipher_suite	*suites;	/* in OpenSSL's order */
	size_t			 n;
	unsigned		 weak;		/* union of the suites' */
	size_t			 n_weak;
	/* broken: weak for another reason than aNULL alone (which Postfix
	 * uses on purpose for opportunistic TLS, and clients do not offer) */
	unsigned		 broken;
	size_t			 n_broken;
	/* outside Mozilla intermediate/modern: forward secrecy, AEAD */
	unsigned		 profile;
	size_t			 n_profile;
	bool			 rejected;	/* OpenSSL enables nothing */
};

/*
 * ciphers_eval - expand s (a cipher string) into *out.  0 on success
 * (out->rejected when the string enables no suite: the daemon's TLS then
 * fails), -1 when OpenSSL itself fails.  The result is the module's: the
 * last string's is kept (every listener of a host usually has the same),
 * valid until a call with another string or ciphers_reset(); a is unused
 * (kept for callers that own one).
 */
int		 ciphers_eval(struct arena *a, const char *s,
		    struct cipher_eval *out);
/* ciphers_reset - free the kept result (at exit) */
void		 ciphers_reset(void);
/* ciphers_weak_names - "RC4, 3DES" for a CW_* mask */
void		 ciphers_weak_names(struct strbuf *sb, unsigned weak);
/* ciphers_library - "OpenSSL 3.0.17 1 Jul 2025" (the linked library) */
const char	*ciphers_library(void);

#endif
