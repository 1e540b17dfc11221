/* SPDX-License-Identifier: MIT */
/*
 * dump - the effective model with origins (--dump): for users asking
 * "where was this set?" and for tests comparing with postconf/doveconf.
 */
#ifndef MAILLINT_DUMP_H
#define MAILLINT_DUMP_H

#include <stdio.h>

struct model;
struct resolved;
struct diag_list;

/* dump_json - one JSON document: postfix, dovecot, listeners, diagnostics */
void	dump_json(FILE *f, const struct model *m, const struct resolved *r,
	    const struct diag_list *dl);
/* dump_text - "file:line: name = value" lines, postconf -n style, then listeners */
void	dump_text(FILE *f, const struct model *m, const struct resolved *r);
/* dump_listener_versions - JSON array of a listener's TLS versions (shared with reports) */
struct json;
void	dump_tls_versions(struct json *j, unsigned mask);

#endif
