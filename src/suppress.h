/* SPDX-License-Identifier: MIT */
/*
 * suppress - inline suppressions written in the configuration itself:
 *
 *   # maillint: disable=PF-TLS-003 port 25 stays permissive (TLS_README)
 *   smtpd_tls_protocols = !SSLv2, !SSLv3
 *
 *   # maillint: disable-file=DC-TLS-004,DC-TLS-005
 *
 *   # maillint: disable=PF-TLS-003 reason="legacy MTA" until=2027-03-31
 *
 * "disable" silences the listed rules on the next line that is neither
 * blank nor a comment; "disable-file" silences them in the whole file
 * (also for findings about something missing, at line 0).  "all" matches
 * every rule.  reason="..." says why (free text after the ids counts as
 * the reason too); until=YYYY-MM-DD ends it after that day (UTC, as of
 * --now): then it silences nothing and says so.  suppress_problems()
 * reports the expired ones, those that silenced nothing, and (strict)
 * those without a reason.
 */
#ifndef MAILLINT_SUPPRESS_H
#define MAILLINT_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "certdate.h"

struct suppress;
struct diag_list;

/* What is wrong with a directive. */
enum sup_problem {
	SUP_UNUSED,	/* silenced no finding */
	SUP_EXPIRED,	/* past its until= date */
	SUP_NO_REASON	/* no reason given (reported when strict) */
};

/* message is English; message_l10n the same in the selected language
 * (i18n.h), or NULL in English */
typedef void	(*suppress_problem_fn)(void *ctx, enum sup_problem what,
		    const char *file, unsigned line, const char *message,
		    const char *message_l10n);

struct suppress	*suppress_new(void);
void		 suppress_free(struct suppress **s);
/* suppress_scan - record the directives of one file (display path) */
void		 suppress_scan(struct suppress *s, const char *file,
		    const char *data, size_t len, struct diag_list *dl);
/* suppress_match - is rule_id silenced at file:line as of now?  Marks
 * the directive used (or, past its date, expired and hit). */
bool		 suppress_match(struct suppress *s, const char *file,
		    unsigned line, const char *rule_id, certtime_t now);
/* suppress_problems - fn for each directive that expired, silenced
 * nothing (call after every finding was matched), or, when strict, gives
 * no reason; in the order read */
void		 suppress_problems(const struct suppress *s, certtime_t now,
		    bool strict, suppress_problem_fn fn, void *ctx);
/* suppress_count - directives recorded */
size_t		 suppress_count(const struct suppress *s);

#endif
