/* SPDX-License-Identifier: MIT */
/*
 * projconf - read .maillint.yaml (projconf.h) with the rule loader's YAML
 * reader and schema checks.
 */
#include "config.h"

#include <fnmatch.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "arena.h"
#include "datafile.h"
#include "diag.h"
#include "inputs.h"
#include "projconf.h"
#include "rules.h"
#include "rules_int.h"

#define PROJCONF_MAX	(1024u * 1024)

/* The top-level mapping. */
struct pc_nodes {
	const struct rnode	*profile, *pf_version, *dc_version, *severity;
	const struct rnode	*extra_rules, *disable, *severities, *ignore;
	const struct rnode	*as;
};

#define PF(k, n, t) { k, t, false, offsetof(struct pc_nodes, n), 0, 0, NULL }
static const struct field pc_fields[] = {
	PF("profile", profile, FT_STR),
	PF("postfix-version", pf_version, FT_STR),
	PF("dovecot-version", dc_version, FT_STR),
	PF("severity", severity, FT_STR),
	PF("extra-rules", extra_rules, FT_STR),
	PF("disable", disable, FT_STRS),
	PF("severities", severities, FT_STRMAP),
	PF("ignore", ignore, FT_SEQ),
	PF("as", as, FT_STRMAP),
};
#undef PF

struct ign_nodes {
	const struct rnode	*path, *rules;
};
static const struct field ign_fields[] = {
	{ "path", FT_STR, true, offsetof(struct ign_nodes, path), 0, 0, NULL },
	{ "rules", FT_STRS, true, offsetof(struct ign_nodes, rules), 0, 0, NULL },
};

char *
projconf_find(const char *dir)
{
	char	 abs[PATH_MAX], *slash, *p, *rel, *up;
	size_t	 n;

	/* abs walks up to "/"; rel names the same folder as the user
	 * would, for the messages ("../.maillint.yaml") */
	if (dir[0] == '/')
		snprintf(abs, sizeof(abs), "%s", dir);
	else if (getcwd(abs, sizeof(abs)) == NULL)
		return NULL;
	else if (strcmp(dir, ".") != 0) {
		n = strlen(abs);
		snprintf(abs + n, sizeof(abs) - n, "/%s", dir);
	}
	rel = xstrdup(dir);
	for (;;) {
		n = strlen(abs);
		while (n > 1 && abs[n - 1] == '/')
			abs[--n] = '\0';
		p = strcmp(rel, ".") == 0 ? xstrdup(PROJCONF_NAME) :
		    datafile_path(rel, PROJCONF_NAME);
		if (datafile_is_file(p)) {
			free(rel);
			return p;
		}
		free(p);
		/* not above the repository the paths belong to */
		p = datafile_path(abs, ".git");
		if (datafile_is_dir(p) || datafile_is_file(p) ||
		    (slash = strrchr(abs, '/')) == NULL || n <= 1) {
			free(p);
			free(rel);
			return NULL;
		}
		free(p);
		slash[slash == abs ? 1 : 0] = '\0';
		up = dir[0] == '/' ? xstrdup(abs) : strcmp(rel, ".") == 0 ?
		    xstrdup("..") : datafile_path(rel, "..");
		free(rel);
		rel = up;
	}
}

/*
 * check_pattern - a path pattern fnmatch() can take from a hostile file:
 * at most 512 bytes and 16 stars (its backtracking grows with them)
 */
static void
check_pattern(struct rules_ld *ld, const struct rnode *n)
{
	const char	*p;
	size_t		 stars = 0;

	for (p = n->value; *p != '\0'; p++)
		stars += *p == '*';
	if (p - n->value > 512 || stars > 16)
		rules_error(ld, n, "path pattern too long (at most 512 bytes "
		    "and 16 '*')");
}

/* sev_of - a severity node, or -1 with an error */
static int
sev_of(struct rules_ld *ld, const struct rnode *n)
{
	int	s = sev_parse(n->value);

	if (s < 0)
		rules_error(ld, n, "\"%s\": expected error, warning or info",
		    n->value);
	return s;
}

/* rule_ids - every item names a rule id (letters, digits, dashes) */
static void
check_ids(struct rules_ld *ld, const struct rnode *n, const char *const *v,
    size_t cnt, bool all_ok)
{
	size_t	i;

	for (i = 0; i < cnt; i++)
		if (!(all_ok && strcmp(v[i], "all") == 0) &&
		    (v[i][0] == '\0' || strspn(v[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(v[i])))
			rules_error(ld, n->kind == RN_SEQ ? n->items[i] : n,
			    "\"%s\" is not a rule id", v[i]);
}

static void
load(struct projconf *pc, struct rules_ld *ld, const struct rnode *root)
{
	struct pc_nodes	 pn;
	size_t		 i;
	char		*dir, *slash;

	memset(&pn, 0, sizeof(pn));
	if (rules_check_map(ld, root, pc_fields, sizeof(pc_fields) /
	    sizeof(pc_fields[0]), &pn, "the project configuration") != 0 &&
	    root->kind != RN_MAP)
		return;
	if (pn.profile != NULL) {
		pc->profile = pn.profile->value;
		if (!rules_profile_known(pc->profile))
			rules_error(ld, pn.profile, "unknown profile \"%s\" "
			    "(default, mozilla-intermediate, mozilla-modern)",
			    pc->profile);
	}
	if (pn.pf_version != NULL)
		pc->pf_version = pn.pf_version->value;
	if (pn.dc_version != NULL)
		pc->dc_version = pn.dc_version->value;
	if (pn.severity != NULL)
		pc->severity = sev_of(ld, pn.severity);
	if (pn.extra_rules != NULL) {
		dir = arena_strdup(pc->arena, pc->file);
		if ((slash = strrchr(dir, '/')) != NULL)
			*slash = '\0';
		else
			dir = ".";
		pc->extra_rules = pn.extra_rules->value[0] == '/' ?
		    pn.extra_rules->value : arena_printf(pc->arena, "%s/%s",
		    dir, pn.extra_rules->value);
	}
	if (pn.disable != NULL) {
		pc->disable = rules_strs(ld, pn.disable, &pc->n_disable);
		check_ids(ld, pn.disable, pc->disable, pc->n_disable, false);
	}
	if (pn.severities != NULL) {
		pc->n_regrade = pn.severities->n;
		pc->regrade = arena_array(pc->arena, pc->n_regrade + 1,
		    sizeof(*pc->regrade));
		for (i = 0; i < pc->n_regrade; i++) {
			pc->regrade[i].rule = pn.severities->keys[i]->value;
			check_ids(ld, pn.severities->keys[i],
			    &pc->regrade[i].rule, 1, false);
			pc->regrade[i].sev = sev_of(ld, pn.severities->items[i]);
		}
	}
	if (pn.ignore != NULL) {
		pc->n_ignore = pn.ignore->n;
		pc->ignore = arena_array(pc->arena, pc->n_ignore + 1,
		    sizeof(*pc->ignore));
		for (i = 0; i < pc->n_ignore; i++) {
			struct ign_nodes	in;

			memset(&in, 0, sizeof(in));
			if (rules_check_map(ld, pn.ignore->items[i], ign_fields,
			    2, &in, "an ignore entry") != 0 || in.path == NULL ||
			    in.rules == NULL)
				continue;
			pc->ignore[i].path = in.path->value;
			check_pattern(ld, in.path);
			pc->ignore[i].rules = rules_strs(ld, in.rules,
			    &pc->ignore[i].n_rules);
			check_ids(ld, in.rules, pc->ignore[i].rules,
			    pc->ignore[i].n_rules, true);
		}
	}
	if (pn.as != NULL) {
		pc->n_as = pn.as->n;
		pc->as = arena_array(pc->arena, pc->n_as + 1, sizeof(*pc->as));
		for (i = 0; i < pc->n_as; i++) {
			pc->as[i].path = pn.as->keys[i]->value;
			check_pattern(ld, pn.as->keys[i]);
			pc->as[i].kind = pn.as->items[i]->value;
			if (inputs_kind_parse(pc->as[i].kind) == INPUT_UNKNOWN)
				rules_error(ld, pn.as->items[i], "\"%s\": "
				    "expected main.cf, master.cf or "
				    "dovecot.conf", pc->as[i].kind);
		}
	}
}

struct projconf *
projconf_load(const char *path, struct diag_list *dl)
{
	struct ruleset	*rs = rules_new();
	struct projconf	*pc = xcalloc(1, sizeof(*pc));
	struct rules_ld	 ld;
	struct rnode	*tree = NULL;
	char		*buf;
	size_t		 len;
	bool		 missing;

	pc->arena = arena_new();
	pc->file = arena_strdup(pc->arena, path);
	pc->severity = -1;
	memset(&ld, 0, sizeof(ld));
	ld.rs = rs;
	ld.a = pc->arena;
	ld.file = pc->file;
	ld.dl = dl;
	if ((buf = datafile_read(path, PROJCONF_MAX, pc->arena,
	    "project configuration", &missing, &len, dl)) == NULL) {
		if (missing)
			diag_addf(dl, SEV_ERROR, path, 0, 0, "no such file");
		ld.errors++;
	} else if (rules_yaml_tree(rs, pc->file, buf, len, &tree, dl) != 0)
		ld.errors++;
	else if (tree != NULL)
		load(pc, &ld, tree);
	/* The strings live in the rule set's arena: keep it with pc. */
	if (ld.errors > 0) {
		rules_free(&rs);
		projconf_free(&pc);
		return NULL;
	}
	pc->rs_keep = rs;
	return pc;
}

void
projconf_free(struct projconf **pcp)
{
	if (pcp == NULL || *pcp == NULL)
		return;
	rules_free(&(*pcp)->rs_keep);
	arena_free(&(*pcp)->arena);
	free(*pcp);
	*pcp = NULL;
}

bool
projconf_ignored(const struct projconf *pc, const char *file,
    const char *rule_id)
{
	size_t	i, k;

	for (i = 0; pc != NULL && file != NULL && i < pc->n_ignore; i++) {
		if (pc->ignore[i].path == NULL ||
		    fnmatch(pc->ignore[i].path, file, 0) != 0)
			continue;
		for (k = 0; k < pc->ignore[i].n_rules; k++)
			if (strcmp(pc->ignore[i].rules[k], "all") == 0 ||
			    strcasecmp(pc->ignore[i].rules[k], rule_id) == 0)
				return true;
	}
	return false;
}

const char *
projconf_kind(const struct projconf *pc, const char *path)
{
	size_t	i;

	for (i = 0; pc != NULL && i < pc->n_as; i++)
		if (fnmatch(pc->as[i].path, path, 0) == 0)
			return pc->as[i].kind;
	return NULL;
}
