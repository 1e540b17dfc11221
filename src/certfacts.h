/* SPDX-License-Identifier: MIT */
/*
 * certfacts - the one table of certificate facts: what certcheck derives
 * for each use (struct cert_use in certcheck.h), by name, type and
 * offset.
 *
 * The table drives the rule loader (the keys of a `cert:` condition,
 * checked by type), the evaluator (cond.c reads the member at the
 * offset), the {cert.NAME} placeholders of messages and fixes, and the
 * "certificate" object of JSON and SARIF findings.  Adding a fact is one
 * line here and its derivation in certcheck.
 *
 * Layer 5 (with certcheck): data above certcheck.h's types; calls only
 * leaves.
 */
#ifndef MAILLINT_CERTFACTS_H
#define MAILLINT_CERTFACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "certcheck.h"

struct json;
struct strbuf;

enum cert_fact_type {
	CF_WORD,	/* const char *; condition: a word or a list of them */
	CF_WORDS,	/* const char *, words; condition: any of them in a list */
	CF_TEXT,	/* const char *; placeholder only */
	CF_BOOL,	/* bool; condition: true or false */
	CF_UINT,	/* unsigned; condition: a number, or {lt|le|gt|ge: N} */
	CF_INT		/* long long; condition as CF_UINT */
};

/* cert fact flags */
#define CF_COND		0x01u	/* a key of `cert:` conditions */
#define CF_JSON		0x02u	/* in the JSON/SARIF "certificate" object */
#define CF_CRT		0x04u	/* JSON: of kind certificate only */
#define CF_DH		0x08u	/* JSON: of kind dh_params only */

struct cert_fact {
	const char		*name;	/* condition key, {cert.NAME}, JSON key */
	enum cert_fact_type	 type;
	size_t			 off;	/* offsetof(struct cert_use, member) */
	unsigned		 flags;	/* CF_COND, CF_JSON */
};

extern const struct cert_fact cert_facts[];
extern const size_t n_cert_facts;

/* cert_fact_find - the fact called name[0..len), or NULL */
const struct cert_fact *cert_fact_find(const char *name, size_t len);
/* cert_fact_str - a CF_WORD/CF_WORDS/CF_TEXT fact of u ("" when unset) */
const char	*cert_fact_str(const struct cert_use *u,
		    const struct cert_fact *f);
/* cert_fact_bool - a CF_BOOL fact of u */
bool		 cert_fact_bool(const struct cert_use *u,
		    const struct cert_fact *f);
/* cert_fact_num - a CF_UINT/CF_INT fact of u */
long long	 cert_fact_num(const struct cert_use *u,
		    const struct cert_fact *f);
/* cert_fact_text - f of u as text, appended to sb (placeholders) */
void		 cert_fact_text(struct strbuf *sb, const struct cert_use *u,
		    const struct cert_fact *f);

/*
 * cert_fact_json - u as the "certificate" object of a finding: the
 * CF_JSON facts of its kind in table order, "san" as a list after
 * "issuer"; unset strings are null
 */
void		 cert_fact_json(struct json *j, const struct cert_use *u);

#endif
