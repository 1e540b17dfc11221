/* SPDX-License-Identifier: MIT */
/*
 * cond - evaluation of a rule's conditions on one subject (a listener, a
 * setting, or a product's configuration as a whole), in three-valued
 * logic: a template placeholder makes a value UNKNOWN, never TRUE.
 *
 * Layer: the first step of evaluation, above rule.h (the compiled rules,
 * read-only) and resolve (the effective values, looked up through the eval
 * run's memo); placeholder, fix and eval build on it.  Pure: no I/O.
 */
#ifndef MAILLINT_COND_H
#define MAILLINT_COND_H

#include <stdbool.h>
#include <stddef.h>

#include "resolve.h"
#include "rule.h"

struct cert_use;

/* Three-valued (Kleene) logic: a template placeholder is UNKNOWN. */
enum tri {
	TRI_FALSE,
	TRI_TRUE,
	TRI_UNKNOWN
};

/* A scratch copy of a regex subject with zeroed padding (cond_re_match). */
struct re_buf {
	char	*p;
	size_t	 cap;
};

/*
 * The thing a rule is being evaluated on, with its blamed setting once
 * eval.c has chosen it.  Shared by cond.c, placeholder.c, fix.c, eval.c.
 */
struct subject_ctx {
	const struct resolved	 *r;
	struct resolve_memo	 *memo;		/* the eval run's lookups */
	struct arena		 *arena;	/* the eval run's (the findings') */
	const struct rule	 *rule;
	const struct listener	 *l;		/* the listener, or NULL */
	const struct setting	 *self;		/* the visited setting */
	const struct pf_service	 *svc;		/* its master.cf entry */
	const char		 *self_value;	/* its effective value */
	const struct cert_use	 *cert;		/* certificate subject, or NULL */
	bool			  self_unknown;
	pcre2_match_data	 *md;		/* one per eval run */
	pcre2_match_context	 *mctx;
	struct re_buf		 *rebuf;	/* one per eval run */
	/* Set by eval.c before the message and the fix are built. */
	const char		 *blame_name;	/* {setting} */
	const char		 *blame_value;	/* {value} */
	const struct setting	 *blame_origin;	/* NULL: a default, or none */
	bool			  blame_is_listener;
};

/* cond_eval - c on subject s */
enum tri	 cond_eval(const struct cond *c, struct subject_ctx *s);
/*
 * cond_re_match - 1 match, 0 no match, -1 PCRE2 error (match limit).
 * PCRE2's JIT may load whole aligned words past the subject's end; the
 * subject is copied into buf, followed by zeroed padding, so those loads
 * read defined memory (valgrind stays quiet).
 */
int		 cond_re_match(const pcre2_code *re, const char *subject,
		    struct re_buf *buf, pcre2_match_data *md,
		    pcre2_match_context *mctx);
/*
 * cond_lookup - a setting as the subject sees it: on the listener, else
 * (Postfix) on the visited setting's master.cf entry, else globally.
 */
const struct eff *cond_lookup(struct subject_ctx *s, const char *name);

#endif
