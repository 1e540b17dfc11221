/* SPDX-License-Identifier: MIT */
/*
 * rule - a compiled rule: the read-only form the loader (rules*.c) builds
 * from rules/NAME.yaml and the evaluation (cond.c, placeholder.c, fix.c,
 * eval.c) reads.
 *
 * Layer: types only.  Nothing here is written after the rule set is
 * loaded; everything a rule points to lives in the rule set's arena,
 * except the compiled PCRE2 patterns, which the rule set also records so
 * that rules_free() can release them.
 */
#ifndef MAILLINT_RULE_H
#define MAILLINT_RULE_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "model.h"
#include "verexpr.h"

struct listener_fact;
struct cert_fact;

/* Profiles, as a bit set. */
#define PROF_DEFAULT		0x01u
#define PROF_MOZ_INTERMEDIATE	0x02u
#define PROF_MOZ_MODERN		0x04u
#define PROF_ALL		0x07u

/* A value operator (setting: / value:). */
enum op_kind {
	OP_PRESENT,
	OP_EQUALS,
	OP_IN,
	OP_MATCHES,
	OP_NOT_MATCHES,
	OP_HAS_WORD,
	OP_UNKNOWN,
	OP_LT,
	OP_LE,
	OP_GT,
	OP_GE,
	OP_TLS_ANY,		/* the value read as a TLS protocol setting */
	OP_TLS_ONLY,
	OP_TLS_INVALID,
	OP_WEAK_CIPHERS		/* the value read as a cipher string (ciphers.h) */
};

struct op {
	enum op_kind	  kind;
	bool		  b;		/* present, unknown, weak_ciphers */
	const char	 *str;		/* equals, has_word, regex source */
	const char	**list;		/* in */
	size_t		  n;
	pcre2_code	 *re;		/* matches, not_matches */
	long long	  num;		/* lt le gt ge */
	unsigned	  mask;		/* tls_accepts_*: TLSV_* */
};

enum cond_kind {
	C_ALL,
	C_ANY,
	C_NOT,
	C_FACT,			/* a listener fact (facts.h) */
	C_VERSION,
	C_SETTING,
	C_VALUE,
	C_LISTENER_EXISTS,
	C_PROTOCOL_ENABLED,
	C_DOVECOT_AUTH_SOCKET,
	C_GONE,			/* a setting name the target version no longer knows */
	C_DOVECOT_STARTS,	/* the target Dovecot accepts the file's structure */
	C_CERT_FACT,		/* a certificate fact (certfacts.h), one key of `cert:` */
	C_CIPHERS		/* the listener's cipher string enables suites of a class */
};

/* tls (a FACT_TLS_MODE fact): modes as a bit set */
#define TLSM_NONE	0x01u
#define TLSM_STARTTLS	0x02u
#define TLSM_IMPLICIT	0x04u

struct cond {
	enum cond_kind	  kind;
	struct cond	**sub;		/* all, any; not: sub[0] */
	size_t		  n_sub;
	bool		  b;		/* boolean facts */
	unsigned	  mask;		/* tls: TLSM_*; accepts_*: TLSV_* */
	unsigned	 *ports;
	const char	**words;	/* protocol, service */
	size_t		  n;		/* ports or words */
	struct verexpr	  ver;		/* version */
	const char	 *name;		/* setting, protocol_enabled */
	struct op	  op;		/* setting, value */
	const struct listener_fact *fact; /* C_FACT */
	const struct cert_fact *cfact;	/* C_CERT_FACT; words, b or op (lt..ge, equals as OP_EQUALS with num) */
	unsigned	  line;
	unsigned	  col;
};

enum subject {
	SUBJ_LISTENER,
	SUBJ_SETTING,
	SUBJ_CONFIG,
	SUBJ_CERT,		/* a certificate or DH file a listener uses (certcheck.h) */
	SUBJ_SYNTAX		/* each syntax error of the product's files */
};

enum blame_kind {
	BLAME_DEFAULT,		/* listener / self / main file, by subject */
	BLAME_LISTENER,
	BLAME_LISTENER_TLS,	/* the listener's own TLS-mode setting, else the listener */
	BLAME_TLS_PROTOCOLS,
	BLAME_SELF,
	BLAME_SETTING,		/* blame_name */
	BLAME_CERT_KEY,		/* certificate subject: the setting naming the key */
	BLAME_CIPHERS		/* the setting that decides the listener's cipher string */
};

/* A name = value pair of a fix. */
struct kv {
	const char	*name;
	const char	*value;
};

enum fix_kind {
	FK_SET,
	FK_ADD_SERVICE,
	FK_ADD_LISTENER,
	FK_TEXT
};

/* One fix alternative. */
struct fix_alt {
	struct verexpr	  ver;		/* n == 0: any version */
	enum fix_kind	  kind;
	struct kv	 *kv;		/* set; add_service options */
	size_t		  n_kv;
	const char	 *name;		/* service or listener name */
	const char	 *type;		/* add_service type */
	const char	 *command;	/* add_service command */
	const char	**aliases;	/* add_service */
	size_t		  n_aliases;
	const char	 *service;	/* add_listener */
	unsigned	  port;		/* add_listener */
	const char	 *ssl;		/* add_listener, or NULL */
	const char	 *text;		/* text */
};

/*
 * What a compiled regex says of the subjects it can match, checked
 * before pcre2_match on the many setting names of a large tree: their
 * minimum length, and for an anchored pattern the bytes a match can
 * begin with (a superset: the filter never rejects a match).
 */
struct re_prefilter {
	unsigned	minlen;
	bool		first_on;
	unsigned char	first[32];	/* bit b: a match may begin with byte b */
};

/* A setting name pattern of a setting-subject rule. */
struct name_pat {
	const char		*name;	/* literal name, "*" (any), or the regex source */
	pcre2_code		*re;	/* "~regex" entries */
	struct re_prefilter	 pf;
};

/* re_prefilter_init - fill pf from a compiled pattern */
void	re_prefilter_init(const pcre2_code *re, struct re_prefilter *pf);

/* re_prefilter_pass - subject (n bytes) may match: pcre2_match decides */
static inline bool
re_prefilter_pass(const struct re_prefilter *pf, const char *subject,
    size_t n)
{
	unsigned char	c;

	if (n < pf->minlen)
		return false;
	if (!pf->first_on)
		return true;
	if (n == 0)
		return false;
	c = (unsigned char)subject[0];
	return (pf->first[c >> 3] >> (c & 7)) & 1;
}

struct rule {
	const char	 *id;
	const char	 *title;
	enum sev	  sev;
	enum product	  product;
	enum subject	  subject;
	struct name_pat	 *settings;
	size_t		  n_settings;
	struct cond	 *select;	/* or NULL */
	int		  sel_enabled;	/* 1 enabled, 0 disabled, -1 any */
	int		  sel_loopback;	/* 1 loopback, 0 not, -1 any */
	struct cond	 *when;
	enum blame_kind	  blame;
	const char	 *blame_name;
	const char	 *message;
	const char	 *rationale;
	const char	**refs;
	size_t		  n_refs;
	unsigned	  profiles;	/* PROF_* */
	struct fix_alt	 *fix;
	size_t		  n_fix;
	const char	 *file;
	unsigned	  line;
};

#endif
