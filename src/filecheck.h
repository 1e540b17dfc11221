/* SPDX-License-Identifier: MIT */
/*
 * filecheck - do the certificate, key and "<file" paths a configuration
 * names exist inside the root?
 *
 * Postfix opens its TLS files at daemon start and Dovecot reads every
 * "key = <file" while parsing its configuration: a missing file is a
 * daemon that does not start, a file outside the root is one maillint
 * must not open.  Each path is looked up through fsroot (never opened
 * for reading, never followed out of the root); a failure is a
 * diagnostic at the setting's file:line:col naming the path as written:
 * a warning, or an info for a file missing under --root (a snapshot may
 * leave private keys out).
 */
#ifndef MAILLINT_FILECHECK_H
#define MAILLINT_FILECHECK_H

struct diag_list;
struct fsroot;
struct model;

/*
 * filecheck_run - check the file-valued settings of m: Postfix *_tls_*
 * certificate, key, CA, chain and DH files (main.cf and master.cf -o),
 * Dovecot "<file" values and its *_file settings.  Values holding
 * "$" expansions, "%" variables or template placeholders are skipped.
 */
void	filecheck_run(const struct model *m, struct fsroot *fr,
	    struct diag_list *dl);

#endif
