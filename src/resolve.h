/* SPDX-License-Identifier: MIT */
/*
 * resolve - the effective configuration: target versions, defaults per
 * version, Postfix $expansion, and one listener record per endpoint a
 * client can reach, with derived TLS/auth facts.
 *
 * Input is the raw model (read-only); output lives in the resolved arena
 * and points into the model (origins), so the model must outlive it.
 *
 * Layer 5 (resolve): resolve_common.c (the leaf) -> resolve_postfix.c,
 * resolve_dovecot.c -> resolve.c; facts.c (the listener facts table);
 * dump, filecheck and inputs read the result.  Nothing here knows rules.
 */
#ifndef MAILLINT_RESOLVE_H
#define MAILLINT_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "hmap.h"
#include "model.h"
#include "strbuf.h"
#include "version.h"

struct model;
struct setting;
struct pf_service;
struct dc_section;
struct defaults;
struct arena;

enum tls_mode {
	TLS_NONE,	/* cleartext only */
	TLS_STARTTLS,	/* cleartext, TLS offered by STARTTLS */
	TLS_IMPLICIT	/* TLS from the first byte (465, 993, 995) */
};

/* An effective value and where it came from. */
struct eff {
	const char		*name;
	const char		*value;		/* final value (Postfix: expanded) */
	const char		*raw;		/* before expansion */
	const struct setting	*origin;	/* NULL = built-in default */
	bool			 unknown;	/* template placeholder: cannot be judged */
	bool			 per_service;	/* depends on $service_name/$process_name (internal) */
	const char		**deps;		/* Postfix: the parameters it expanded (internal) */
	unsigned		 n_deps;	/* UINT_MAX: too many to list */
};

struct listener {
	enum product		 product;
	const char		*service;	/* master.cf service name / Dovecot service "imap-login" */
	const char		*name;		/* Dovecot listener name ("imaps"); Postfix: service name */
	const char		*protocol;	/* smtp submission submissions imap pop3 sieve lmtp */
	const char		*address;	/* "*" for all addresses, or the host */
	unsigned		 port;		/* 0 when unknown or disabled */
	const char		*scope;		/* "submission/inet", "service imap-login/inet_listener imaps" */
	enum tls_mode		 tls;
	bool			 tls_required;	/* no auth (Dovecot) / no mail (Postfix) without TLS */
	unsigned		 tls_versions;	/* TLSV_* a client can negotiate; 0 = none */
	bool			 tls_invalid;	/* the protocol setting is invalid: TLS fails */
	const struct eff	*tls_protocols;	/* the setting deciding tls_versions, or NULL */
	const struct setting	*tls_origin;	/* the listener's own setting deciding tls, or NULL */
	unsigned		 tls_versions_configured; /* TLSV_* the daemon's settings allow */
	const char		*tls_library_floor; /* why the TLS library refuses some of those, or NULL */
	bool			 cert_missing;	/* TLS configured but no certificate */
	bool			 daemon_exits;	/* the daemon exits on every connection (no greeting) */
	bool			 auth;		/* client authentication offered at all */
	bool			 plaintext_auth_before_tls;
	bool			 loopback;	/* reachable from this host only */
	bool			 enabled;	/* really listens */
	const char		*disabled_reason; /* why not, when !enabled */
	struct loc		 loc;		/* where the listener is defined (line 0 = built-in) */
	const struct pf_service	*pf;		/* Postfix entry, or NULL */
	const struct dc_section	*dc;		/* Dovecot listener section, or NULL (built-in) */
	size_t			 id;		/* creation order: the memo's index (internal) */
};

struct resolve_opts {
	const char		*pf_version;	/* --postfix-version, or NULL */
	const char		*dc_version;	/* --dovecot-version, or NULL */
	const struct defaults	*pf_defaults;
	const struct defaults	*dc_defaults;
	const struct defaults	*dc_gone;	/* rules/defaults/dovecot-gone.tsv */
};

/* What the host's OpenSSL configuration lets a TLS library accept
 * (resolve_openssl.c). */
struct ossl_policy {
	bool			 present;	/* the tree has an OpenSSL configuration */
	const char		*file;		/* its display path */
	bool			 v3;		/* OpenSSL 3 (a providers section) */
	const struct setting	*min;		/* system_default MinProtocol (shown, not applied), or NULL */
	int			 seclevel;	/* @SECLEVEL of its CipherString, -1: not set */
	const struct setting	*sec;		/* that CipherString, or NULL */
};

struct resolved {
	struct arena		*arena;
	const struct model	*model;
	const struct resolve_opts *opts;
	struct version		 pf_version;
	const char		*pf_version_source;	/* "option", "compatibility_level", "default" */
	struct version		 dc_version;
	const char		*dc_version_source;
	bool			 dc_24;		/* Dovecot 2.4 dialect */
	const char		*dc_protocols;	/* effective "protocols" */
	const char		*dc_protocols_note; /* how protocols was inferred, or NULL */
	const char		*dc_refuses;	/* why the target Dovecot refuses to start, or NULL */
	const char		*dc_start_error; /* what makes the target Dovecot stop reading the file, or NULL */
	struct ossl_policy	 ossl;		/* the host's OpenSSL policy */
	struct listener		**listeners;	/* sorted: Postfix first, then by port */
	size_t			 n_listeners;
	size_t			 n_ids;		/* listeners created (internal) */
	struct resolve_memo	*memo;		/* lookups made by resolve_run; read-only after it (internal) */
};

#define PF_DEFAULT_VERSION	"3.7"
#define DC_DEFAULT_VERSION	"2.3.19"

/*
 * resolve_run - compute the effective configuration.  Never fails on bad
 * input (diagnostics instead).  The result is read-only from then on:
 * lookups go through a memo of the caller's.  Free with resolve_free().
 */
struct resolved	*resolve_run(const struct model *m, const struct resolve_opts *o,
		    struct diag_list *dl);
void		 resolve_free(struct resolved **r);

/*
 * A lookup memo: the effective values a reader has looked up, allocated in
 * the reader's arena a (they live as long as it does), after the ones
 * resolve_run() computed (read, never changed).  One per reader and
 * lifetime (an eval run, a dump); not shared between threads.
 */
struct resolve_memo;
struct resolve_memo *resolve_memo_new(const struct resolved *r,
		    struct arena *a);
void		 resolve_memo_free(struct resolve_memo **m);

/*
 * resolve_pf - effective Postfix parameter: master.cf -o of svc (may be
 * NULL) over main.cf over the version's default.  NULL when the parameter
 * is unknown everywhere.  Owned by the memo's arena.
 */
const struct eff *resolve_pf(struct resolve_memo *m,
		    const struct pf_service *svc, const char *name);
/*
 * resolve_dc - effective Dovecot setting for listener l (NULL = global):
 * listener section > service section > protocol filter > global > default,
 * with 2.2/2.3 names mapped.  NULL when unknown.  Owned by the memo's arena.
 */
const struct eff *resolve_dc(struct resolve_memo *m, const struct listener *l,
		    const char *name);
/* What replaces a Dovecot setting name the target version no longer knows
 * (rules/defaults/dovecot-gone.tsv). */
struct dc_gone {
	const char	*replacement;	/* the new name, or NULL when none */
	const char	*conversion;	/* same file invert prefer min_protocol */
	const char	*note;		/* what to do instead, when no replacement */
};

/* resolve_dc_gone - true when the target Dovecot no longer knows name;
 * fills g with strings in arena a */
bool		 resolve_dc_gone(const struct resolved *r, const char *name,
		    struct arena *a, struct dc_gone *g);
/* resolve_dc_gone_value - value converted for g's replacement, in a; NULL
 * when it cannot be converted */
const char	*resolve_dc_gone_value(const struct dc_gone *g, const char *value,
		    struct arena *a);
/* resolve_listener_eff - effective setting on a listener of either product */
const struct eff *resolve_listener_eff(struct resolve_memo *m,
		    const struct listener *l, const char *name);

/* resolve_target_version - the target version of product p */
static inline const struct version *
resolve_target_version(const struct resolved *r, enum product p)
{
	return p == PRODUCT_POSTFIX ? &r->pf_version : &r->dc_version;
}

const char	*tls_mode_name(enum tls_mode t);

#endif
