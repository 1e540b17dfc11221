/* SPDX-License-Identifier: MIT */
/*
 * defaults - built-in default values per product version, kept as data
 * (rules/defaults/{postfix,dovecot}.tsv), not in C.
 *
 * A row "NAME SINCE VALUE" says that from version SINCE on, NAME defaults
 * to VALUE; for a target version the latest applicable row wins.
 */
#ifndef MAILLINT_DEFAULTS_H
#define MAILLINT_DEFAULTS_H

struct defaults;
struct diag_list;
struct version;

/*
 * defaults_load - read a defaults table.  Returns 0, or -1 with a
 * diagnostic (file:line) when the file is missing or malformed.  Free with
 * defaults_free().
 */
int	defaults_load(const char *path, struct defaults **d_r,
	    struct diag_list *dl);
void	defaults_free(struct defaults **d);
/* defaults_get - value of name for version v, or NULL when unknown (or not yet introduced) */
const char *defaults_get(const struct defaults *d, const char *name,
	    const struct version *v);
/* defaults_known - true when the table has any row for name */
int	defaults_known(const struct defaults *d, const char *name);

#endif
