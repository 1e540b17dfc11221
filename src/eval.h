/* SPDX-License-Identifier: MIT */
/*
 * eval - apply the rules to the resolved model and produce findings.
 *
 * Layer 7 (evaluation): cond (conditions), fix (fixes, using
 * placeholder), eval (the run), finding (what they produce), each calling
 * only down.  Pure: no I/O.  Findings are sorted (file, line, column,
 * rule id, scope) so output is deterministic.  Everything lives in the
 * findings arena.
 */
#ifndef MAILLINT_EVAL_H
#define MAILLINT_EVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "finding.h"

struct cert_uses;
struct resolved;
struct ruleset;

struct eval_opts {
	const char		*profile;	/* "default", "mozilla-intermediate", "mozilla-modern" */
	const struct cert_uses	*certs;		/* subjects of certificate rules (certcheck), or NULL */
	const struct diag_list	*diags;		/* the parsers' syntax errors, for
						 * subject syntax rules; may be NULL */
};

/* eval_run - evaluate every rule of rs enabled in the profile; free with findings_free() */
struct findings	*eval_run(const struct ruleset *rs, const struct resolved *r,
		    const struct eval_opts *o);

#endif
