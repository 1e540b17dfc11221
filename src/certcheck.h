/* SPDX-License-Identifier: MIT */
/*
 * certcheck - the certificates, keys and DH parameters the listeners use,
 * read inside the root and reduced to facts: the subjects of the rules
 * with `subject: certificate` (rules/certificates.yaml).
 *
 * For every enabled listener that offers TLS, the effective file settings
 * (master.cf -o over main.cf; Dovecot listener > service > protocol >
 * global) name a certificate chain and its key: Postfix
 * smtpd_tls_chain_files (one use per key and the certificates after it),
 * else the RSA, ECDSA and DSA pairs smtpd_tls_{cert,key}_file,
 * smtpd_tls_ec{cert,key}_file, smtpd_tls_d{cert,key}_file; Dovecot 2.3
 * ssl_cert / ssl_key ("<file") and ssl_alt_cert / ssl_alt_key, 2.4
 * ssl_server_cert_file / ssl_server_key_file (and the alt pair); and each
 * Dovecot local_name / local section that sets its own certificate.  DH
 * parameters: smtpd_tls_dh1024_param_file, ssl_dh, ssl_server_dh_file.
 * Each file is read once (fsroot_read_secret, at most max_size bytes),
 * parsed from memory (certpem), and wiped.  Nothing private is kept: a
 * use records facts (names, dates, sizes, digests) and whether the key
 * matches, never the key.
 *
 * A path that is missing, not a regular file or outside the root is
 * filecheck's business (a diagnostic already): no use is made of it.  A
 * file that cannot be read for lack of permission is a use with status
 * "unreadable" (the rules make it an info); one refused for its size is a
 * diagnostic here.
 *
 * Layer 5 (resolve): reads the resolved listeners and effective values
 * (its own memo), fsroot and certpem; eval (layer 7) judges the uses.
 */
#ifndef MAILLINT_CERTCHECK_H
#define MAILLINT_CERTCHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "certdate.h"
#include "diag.h"
#include "model.h"

struct arena;
struct fsroot;
struct listener;
struct resolved;
struct setting;

#define CERTCHECK_DEF_WARN_DAYS		30
#define CERTCHECK_DEF_ERROR_DAYS	14
#define CERTCHECK_DEF_MAX_SIZE		(1024u * 1024)	/* bytes per file */

struct certcheck_opts {
	certtime_t	now;		/* "now" (--now, else the clock) */
	long long	warn_days;	/* expiring within: a warning (30) */
	long long	error_days;	/* expiring within: an error (14) */
	size_t		max_size;	/* bytes per certificate/key/DH file */
};

/*
 * One certificate chain (with its key) or one DH parameter file that a
 * listener, or a Dovecot local_name/local section, uses.  Strings are in
 * the uses' arena; word-valued facts use the words given in comments.
 */
struct cert_use {
	enum product		 product;
	const char		*kind;		/* "certificate" or "dh_params" */
	const struct listener	*l;		/* the listener, or NULL (a local_name/local section) */
	const char		*scope;		/* the listener's scope, or the section's */
	const char		*setting;	/* the setting naming the file: smtpd_tls_cert_file, ssl_cert, ... */
	const char		*value;		/* its value as judged (Dovecot: with the "<") */
	const struct setting	*origin;	/* where it is set; NULL: a built-in default */
	const char		*file;		/* display path of the file read (the first one of a chain list) */
	const char		*key_setting;	/* the setting naming the key, or NULL */
	const struct setting	*key_origin;	/* where it is set, or NULL */
	const char		*key_file;	/* display path of the key's file, or NULL */
	bool			 public_;	/* an enabled listener not on loopback serves it */
	const char		*status;	/* ok | unreadable | unparsable */
	const char		*status_note;	/* why, for unreadable and unparsable */
	const char		*unreadable;	/* display path of the file maillint could not read
						 * (the certificate's or the key's), or NULL */
	const char		*unreadable_why; /* why: "permission denied" */
	/* kind "certificate": the first certificate (the leaf) */
	const char		*subject;
	const char		*issuer;
	const char	       **san;		/* "DNS:x", "IP:y", "email:z" */
	size_t			 n_san;
	const char		*san_text;	/* the SAN entries joined by ", " ("none" when there are none) */
	const char		*not_before;	/* ISO 8601, UTC */
	const char		*not_after;
	long long		 days_left;	/* whole days until not_after (negative: past) */
	const char		*expiry;	/* valid | expiring | expiring_soon | expired | not_yet_valid */
	const char		*key_type;	/* RSA | EC | DSA | Ed25519 | Ed448 */
	unsigned		 key_bits;
	const char		*sig_hash;	/* digests of the chain's signatures, self-signed ones apart: "sha256 sha1" */
	const char		*sig_note;	/* which certificate has which signature algorithm */
	const char		*fingerprint;	/* SHA-256 of the leaf: "AB:CD:..." */
	bool			 self_signed;	/* the leaf is self-signed */
	bool			 snakeoil;	/* Debian's ssl-cert-snakeoil certificate or key */
	unsigned		 n_certs;	/* certificates in the chain */
	const char		*chain;		/* ok | wrong_order | leaf_missing | broken */
	const char		*chain_note;	/* what is wrong with it */
	const char		*key_status;	/* ok | unreadable | missing | encrypted | bad | none */
	const char		*key_match;	/* yes | no | unknown */
	const char		*key_note;	/* why unknown, or what the key matches instead */
	const char		*host;		/* the host name checked, or NULL */
	const char		*host_from;	/* the setting it comes from: myhostname, hostname, local_name */
	const char		*host_covered;	/* yes | no | unknown */
	/* kind "dh_params" */
	unsigned		 dh_bits;
};

struct cert_uses {
	struct arena		 *arena;
	struct cert_use		**v;		/* in listener order, then sections */
	size_t			  len;
	size_t			  cap;
};

/* certcheck_opts_default - 30 and 14 days, 1 MiB, now = 0 (set it) */
void		 certcheck_opts_default(struct certcheck_opts *o);
/*
 * certcheck_run - the uses of the resolved configuration r, files read
 * through fr.  Diagnostics (a file too large) go to dl.  Never fails;
 * free with certcheck_free().
 */
struct cert_uses *certcheck_run(const struct resolved *r, struct fsroot *fr,
		    const struct certcheck_opts *o, struct diag_list *dl);
void		 certcheck_free(struct cert_uses **u);

#endif
