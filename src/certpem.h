/* SPDX-License-Identifier: MIT */
/*
 * certpem - PEM certificates, private keys and DH parameters read from
 * memory with libcrypto: the facts the certificate rules judge.
 *
 * A set collects the PEM blocks of one or more buffers in order (Postfix's
 * smtpd_tls_chain_files are read one after the other into one set): each
 * certificate with its facts, each private key with the certificate
 * blocks that follow it, and the bits of the last DH parameters.  Private
 * keys are never kept: each is decoded, reduced at once to its public
 * half, and the decoded key and its DER bytes are wiped (OPENSSL_cleanse)
 * and freed before the next block is read.  The caller wipes its own
 * buffer with certpem_wipe() before releasing it.  An encrypted key is
 * never decrypted (no pass phrase is ever asked for): it is recorded as
 * such.
 *
 * Layer 3 (parsers): above the leaves (arena, certdate); knows nothing of
 * the model.  Never exits; a buffer with nothing usable is counted, not
 * fatal.  The only module that includes OpenSSL headers.
 */
#ifndef MAILLINT_CERTPEM_H
#define MAILLINT_CERTPEM_H

#include <stdbool.h>
#include <stddef.h>

#include "certdate.h"

struct arena;

/* Bounds for hostile files: blocks read per set, names kept per certificate. */
#define CERTPEM_MAX_BLOCKS	64
#define CERTPEM_MAX_NAMES	256

/* The facts of one certificate (strings in the set's arena). */
struct certpem_cert {
	const char	 *subject;	/* RFC 2253, e.g. "CN=mail.example.org,O=Example" */
	const char	 *issuer;	/* RFC 2253 */
	const char	 *cn;		/* the subject's (last) common name, or NULL */
	const char	**dns;		/* subjectAltName dNSNames, as written */
	size_t		  n_dns;
	const char	**san;		/* every subjectAltName entry: "DNS:x", "IP:192.0.2.1", "email:x" */
	size_t		  n_san;
	certtime_t	  not_before;
	certtime_t	  not_after;
	const char	 *key_type;	/* "RSA", "EC", "DSA", "Ed25519", "Ed448", or the OID's name */
	unsigned	  key_bits;	/* the key's size in bits (EC: of the curve) */
	const char	 *sig_alg;	/* the signature algorithm: "sha256WithRSAEncryption" */
	const char	 *sig_hash;	/* its digest, lower case: "sha256", "sha1", "md5"; "" when intrinsic or unknown */
	bool		  self_signed;	/* issued by itself and its signature verifies with its own key */
	bool		  ca;		/* basicConstraints CA:TRUE */
	const char	 *fingerprint;	/* SHA-256 of the DER: "AB:CD:..." (as openssl x509 -fingerprint) */
	int		  issued_by;	/* index in the set of a certificate that issued it (name and signature), or -1 */
	int		  after_key;	/* index of the private key block before it, or -1 */
	size_t		  file;		/* which buffer of the set (0-based) */
};

enum certpem_key_status {
	CERTPEM_KEY_OK,		/* decoded; its public half kept */
	CERTPEM_KEY_ENCRYPTED,	/* protected by a pass phrase: not decoded */
	CERTPEM_KEY_BAD		/* could not be decoded */
};

struct certpem_key {
	enum certpem_key_status status;
	const char	 *type;		/* "RSA", "EC", ... (OK only) */
	size_t		  file;		/* which buffer of the set */
	size_t		  first_cert;	/* index of the next certificate block */
};

struct certpem_set {
	struct arena		*arena;
	struct certpem_cert	*certs;
	size_t			 n_certs;
	struct certpem_key	*keys;
	size_t			 n_keys;
	size_t			 n_files;	/* buffers added */
	size_t			 n_bad;		/* blocks that could not be decoded (keys apart) */
	size_t			 n_skipped;	/* blocks past CERTPEM_MAX_BLOCKS */
	unsigned		 dh_bits;	/* bits of the last DH parameters, 0 when none */
	void			*priv;		/* libcrypto objects (certpem.c) */
};

/* certpem_new - an empty set whose facts live in arena a; free with certpem_free() */
struct certpem_set *certpem_new(struct arena *a);
void		 certpem_free(struct certpem_set **s);
/*
 * certpem_add - read the PEM blocks of data[0..len) into s, in order.
 * Returns the number of blocks read from this buffer (0: no PEM at all).
 */
size_t		 certpem_add(struct certpem_set *s, const char *data, size_t len);
/*
 * certpem_key_matches - 1 when key k of set ks is the private key of
 * certificate c of set cs, 0 when not, -1 when k could not be decoded
 */
int		 certpem_key_matches(const struct certpem_set *cs, size_t c,
		    const struct certpem_set *ks, size_t k);
/* certpem_issued - certificate parent of s issued certificate child of s
 * (names and key identifiers fit, the signature verifies) */
bool		 certpem_issued(const struct certpem_set *s, size_t parent,
		    size_t child);
/* certpem_wipe - overwrite n bytes at p (OPENSSL_cleanse): a buffer that
 * held a private key, before it is freed */
void		 certpem_wipe(void *p, size_t n);
/* certpem_library - the linked libcrypto's version text ("OpenSSL 3.0.19 ...") */
const char	*certpem_library(void);

#endif
