/* SPDX-License-Identifier: MIT */
/*
 * version - dotted version numbers (Postfix 3.7.11, Dovecot 2.3.19.1,
 * compatibility_level 3.6) and their comparison.
 */
#ifndef MAILLINT_VERSION_H
#define MAILLINT_VERSION_H

struct version {
	unsigned	major;
	unsigned	minor;
	unsigned	patch;
	unsigned	extra;	/* fourth component (Dovecot 2.3.19.1) */
};

/* version_parse - "3", "3.7", "3.7.11", "2.3.19.1"; -1 on garbage */
int	version_parse(const char *s, struct version *v_r);
/* version_cmp - <0, 0, >0 like strcmp; components compare numerically */
int	version_cmp(const struct version *a, const struct version *b);
/* version_at_least - a >= "s" (s must parse; otherwise false) */
int	version_at_least(const struct version *a, const char *s);
/* version_format - "3.7" or "2.3.19" into buf (as many components as set) */
const char *version_format(const struct version *v, char *buf, unsigned size);

#endif
