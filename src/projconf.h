/* SPDX-License-Identifier: MIT */
/*
 * projconf - the project configuration file, .maillint.yaml: what a
 * config repository always wants from maillint, kept beside it.
 *
 *   profile: mozilla-intermediate
 *   postfix-version: "3.7"
 *   dovecot-version: "2.3.19"
 *   severity: error                  # the exit-status threshold
 *   extra-rules: rules.local         # relative to the file's folder
 *   disable: [PF-SUB-002]            # rules that never report
 *   severities: {PF-TLS-013: info}   # rules re-graded
 *   ignore:                          # per path (fnmatch on the file as
 *     - path: "old-*"                # reported), rules or "all"
 *       rules: [all]
 *   as:                              # what files of other names are
 *     "*.tmp": main.cf
 *
 * Read with the rule files' YAML reader and schema checks (rules_int.h):
 * an unknown key or a bad value is an error at file:line:col.  Command-
 * line options win over it.  projconf_find() looks for it from a folder
 * upwards, through the fsroot-free data-file reader (it is the user's
 * own file, like a rule file).
 *
 * Layer 6 (the rule loader's).
 */
#ifndef MAILLINT_PROJCONF_H
#define MAILLINT_PROJCONF_H

#include <stdbool.h>
#include <stddef.h>

struct diag_list;
struct arena;

#define PROJCONF_NAME	".maillint.yaml"

struct projconf_regrade {
	const char	*rule;
	int		 sev;		/* enum sev */
};

struct projconf_ignore {
	const char	 *path;		/* fnmatch pattern */
	const char	**rules;	/* ids, or "all" */
	size_t		  n_rules;
};

struct projconf_as {
	const char	*path;		/* fnmatch pattern */
	const char	*kind;		/* main.cf, master.cf, dovecot.conf */
};

struct ruleset;

struct projconf {
	struct arena		 *arena;
	struct ruleset		 *rs_keep;	/* owns the YAML tree's strings */
	const char		 *file;		/* where it was read */
	const char		 *profile;	/* NULL when not set */
	const char		 *pf_version;
	const char		 *dc_version;
	int			  severity;	/* enum sev, -1 when not set */
	const char		 *extra_rules;	/* resolved against the file's folder */
	const char		**disable;
	size_t			  n_disable;
	struct projconf_regrade	 *regrade;
	size_t			  n_regrade;
	struct projconf_ignore	 *ignore;
	size_t			  n_ignore;
	struct projconf_as	 *as;
	size_t			  n_as;
};

/*
 * projconf_find - the first .maillint.yaml in dir or a folder above it,
 * not above a folder that holds .git (malloc'ed path), or NULL
 */
char		*projconf_find(const char *dir);
/* projconf_load - read path; NULL with diagnostics when it is not valid */
struct projconf	*projconf_load(const char *path, struct diag_list *dl);
void		 projconf_free(struct projconf **pc);
/* projconf_ignored - rule_id at file is ignored by a path entry */
bool		 projconf_ignored(const struct projconf *pc, const char *file,
		    const char *rule_id);
/* projconf_kind - the "as" kind for path, or NULL */
const char	*projconf_kind(const struct projconf *pc, const char *path);

#endif
