/* SPDX-License-Identifier: MIT */
/*
 * facts - the one table of listener facts: what resolve derives for each
 * listener (struct listener in resolve.h), by name, type and offset.
 *
 * The table drives the rule loader (each fact is a condition key of a
 * listener rule, checked by its type), the evaluator (cond.c reads the
 * member at the offset) and --dump (the JSON listener objects print the
 * facts in table order).  Adding a fact is one line here plus its
 * derivation in resolve_postfix.c / resolve_dovecot.c.
 *
 * Layer: data above resolve.h's types; it calls nothing.
 */
#ifndef MAILLINT_FACTS_H
#define MAILLINT_FACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "resolve.h"

enum fact_type {
	FACT_PRODUCT,		/* enum product (dump only) */
	FACT_WORD,		/* const char *; condition: a word or a list */
	FACT_PORT,		/* unsigned; condition: a port or a list */
	FACT_TLS_MODE,		/* enum tls_mode; condition: none/starttls/implicit */
	FACT_BOOL,		/* bool; condition: true or false */
	FACT_VERSIONS,		/* unsigned TLSV_* mask (dump: a list of names) */
	/* Conditions derived from the tls_versions member: */
	FACT_ACCEPTS_ANY,	/* some of the listed TLS versions */
	FACT_ACCEPTS_ONLY,	/* some versions, all of them listed */
	FACT_ACCEPTS_NOTHING	/* TLS offered, but no version can succeed */
};

/* fact flags */
#define FACT_COND	0x01u	/* a condition key of rules */
#define FACT_DUMP	0x02u	/* printed by --dump */
#define FACT_SELECT	0x04u	/* also a `select` filter (true/false/any) */

struct listener_fact {
	const char	*name;		/* rule key and --dump name */
	enum fact_type	 type;
	size_t		 off;		/* offsetof(struct listener, member) */
	unsigned	 flags;		/* FACT_* */
};

extern const struct listener_fact listener_facts[];
extern const size_t n_listener_facts;

/* listener_fact_find - the fact called name, or NULL */
const struct listener_fact *listener_fact_find(const char *name);

/* The member of l that fact f describes. */
static inline const void *
listener_fact_ptr(const struct listener *l, const struct listener_fact *f)
{
	return (const char *)l + f->off;
}

static inline bool
listener_fact_bool(const struct listener *l, const struct listener_fact *f)
{
	return *(const bool *)listener_fact_ptr(l, f);
}

static inline unsigned
listener_fact_uint(const struct listener *l, const struct listener_fact *f)
{
	return *(const unsigned *)listener_fact_ptr(l, f);
}

static inline const char *
listener_fact_str(const struct listener *l, const struct listener_fact *f)
{
	return *(const char *const *)listener_fact_ptr(l, f);
}

#endif
