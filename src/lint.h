/* SPDX-License-Identifier: MIT */
/*
 * lint - rule-set loading and the rule listings (--list-rules, --explain).
 */
#ifndef MAILLINT_LINT_H
#define MAILLINT_LINT_H

#include <stdio.h>

struct ruleset;
struct diag_list;

/*
 * lint_load_rules - the rule set: `dir` replaces the installed rules
 * (--rules), `extra` adds a directory (--extra-rules, may be NULL).
 * Returns -1 when a rule file is bad (diagnostics say where).
 */
int	lint_load_rules(struct ruleset **rs_r, const char *dir,
	    const char *extra, struct diag_list *dl);
/* lint_list_rules - every rule of the profile, text or JSON */
void	lint_list_rules(FILE *f, const struct ruleset *rs, const char *format,
	    const char *profile);
/* lint_explain - everything about one rule; -1 when the id is unknown */
int	lint_explain(FILE *f, const struct ruleset *rs, const char *id);

#endif
