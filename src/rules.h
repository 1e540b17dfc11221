/* SPDX-License-Identifier: MIT */
/*
 * rules - the rule set: rules/NAME.yaml loaded at run time (schema in
 * rules/README.md), read-only once loaded.
 *
 * A rule file that breaks the schema (unknown key, wrong type, missing
 * key, bad regex, bad version expression, unknown placeholder, duplicate
 * id) is a diagnostic at file:line:col; the loaders carry on to report
 * every problem, and return -1.  Everything lives in the rule set's own
 * arena: strings returned here stay valid until rules_free().
 *
 * Layer 6 (rules): rule.h (the compiled types), verexpr, placeholder, then
 * the loader bottom up: rules_set, rules_check, rules_yaml, rules_summary,
 * rules_load_cond, rules_schema, rules_cache, rules.  The loader depends
 * on nothing after it: not on evaluation, not on resolve.
 */
#ifndef MAILLINT_RULES_H
#define MAILLINT_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

struct ruleset;
struct strbuf;
struct rule;

/* rules_new - empty rule set; free with rules_free() */
struct ruleset	*rules_new(void);
/* rules_free - release *rs and everything it owns; sets *rs to NULL; NULL ok */
void		 rules_free(struct ruleset **rs);

/*
 * rules_load_dir - add every *.yaml file of dir (not recursive, sorted by
 * name; dot files skipped).  Ids must be unique across every file loaded
 * into rs.  Returns 0, or -1 when the directory cannot be read or any
 * file has an error (rules without errors are still added).
 */
int		 rules_load_dir(struct ruleset *rs, const char *dir,
		    struct diag_list *dl);
/* The compiled form of a rule directory's *.yaml files (rules_cache.c). */
#define RULES_CACHE_NAME	"rules.cache"
/*
 * rules_compile_dir - parse and check every *.yaml file of dir and write
 * their trees to out (atomically: a temporary file in the same directory,
 * synced, then renamed; datafile_write()); rules_load_dir
 * uses dir/rules.cache while it matches the files.  Nothing is written
 * when a rule file has an error.  *n_rules_r: rules compiled.
 */
int		 rules_compile_dir(const char *dir, const char *out,
		    size_t *n_rules_r, struct diag_list *dl);
/* rules_load_file - one rule file; path is also the display name */
int		 rules_load_file(struct ruleset *rs, const char *path,
		    struct diag_list *dl);
/* rules_load_buffer - rule file text in memory (tests, fuzzing) */
int		 rules_load_buffer(struct ruleset *rs, const char *display,
		    const char *data, size_t len, struct diag_list *dl);

/* rules_count, rules_get - rules in load order */
size_t		 rules_count(const struct ruleset *rs);
const struct rule *rules_get(const struct ruleset *rs, size_t i);
/* rules_find - rule by id, or NULL */
const struct rule *rules_find(const struct ruleset *rs, const char *id);

/* Accessors for reporters, --list-rules, --explain and SARIF. */
const char	*rule_id(const struct rule *r);
const char	*rule_title(const struct rule *r);
enum sev	 rule_severity(const struct rule *r);
/* rule_product - "postfix" or "dovecot" */
const char	*rule_product(const struct rule *r);
/* rule_subject - "listener", "setting" or "config" */
const char	*rule_subject(const struct rule *r);
const char	*rule_rationale(const struct rule *r);
size_t		 rule_n_references(const struct rule *r);
const char	*rule_reference(const struct rule *r, size_t i);
/* rule_help_uri - first http(s) reference, or NULL */
const char	*rule_help_uri(const struct rule *r);
bool		 rule_in_profile(const struct rule *r, const char *profile);
/* rule_profiles - "default, mozilla-intermediate, mozilla-modern" style list */
const char	*rule_profiles(const struct rule *r);
/*
 * rule_fix_summary - one line, e.g. "smtpd_tls_protocols = >=TLSv1.2
 * (Postfix >= 3.6) / !SSLv2, !SSLv3, !TLSv1, !TLSv1.1 (older)", made
 * when asked, in sb (reset first; the caller frees it)
 */
const char	*rule_fix_summary(const struct rule *r, struct strbuf *sb);
/* rule_fix_summary_l10n - the same, its words in the selected language
 * (i18n.h) */
const char	*rule_fix_summary_l10n(const struct rule *r, struct strbuf *sb);
/* rule_file, rule_line - where the rule is defined */
const char	*rule_file(const struct rule *r);
unsigned	 rule_line(const struct rule *r);

/* rules_profile_known - default, mozilla-intermediate, mozilla-modern */
bool		 rules_profile_known(const char *name);

#endif
