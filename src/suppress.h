/* SPDX-License-Identifier: MIT */
/*
 * suppress - inline suppressions written in the configuration itself:
 *
 *   # maillint: disable=PF-TLS-003 port 25 stays permissive (TLS_README)
 *   smtpd_tls_protocols = !SSLv2, !SSLv3
 *
 *   # maillint: disable-file=DC-TLS-004,DC-TLS-005
 *
 * "disable" silences the listed rules on the next line that is neither
 * blank nor a comment; "disable-file" silences them in the whole file
 * (also for findings about something missing, at line 0).  "all" matches
 * every rule.  Text after the ids is the reason, kept for the reader.
 */
#ifndef MAILLINT_SUPPRESS_H
#define MAILLINT_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

struct suppress;
struct diag_list;

struct suppress	*suppress_new(void);
void		 suppress_free(struct suppress **s);
/* suppress_scan - record the directives of one file (display path) */
void		 suppress_scan(struct suppress *s, const char *file,
		    const char *data, size_t len, struct diag_list *dl);
/* suppress_match - is rule_id silenced at file:line? */
bool		 suppress_match(const struct suppress *s, const char *file,
		    unsigned line, const char *rule_id);
/* suppress_count - directives recorded */
size_t		 suppress_count(const struct suppress *s);

#endif
