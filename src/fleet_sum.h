/* SPDX-License-Identifier: MIT */
/*
 * fleet_sum - the fleet summary of --fleet: a tally per host (made where
 * the host is linted), the sum of the tallies, the summary written.
 *
 * The summary: hosts by worst severity (a host that could not be linted
 * is "failed"), the finding totals, the 20 rules found on most hosts,
 * the 20 certificates that expire soonest (a file once per host), the
 * failed hosts in host order, and the exit status (3 over 2 over 1 over
 * 0).  NDJSON: one {"type": "fleet", ...} line (README, "Fleets").
 *
 * Layer 9 (the program), with fleet.c.
 */
#ifndef MAILLINT_FLEET_SUM_H
#define MAILLINT_FLEET_SUM_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "hmap.h"
#include "strbuf.h"

/* What a host's lint tells the summary (fleet_tally_* add to it). */
struct fleet_tally {
	struct strbuf	 sb;
	struct hmap	 seen;	/* rule -> worst severity + 1 */
	bool		 has_error;
};

void	fleet_tally_counts(struct fleet_tally *t, unsigned n_error,
	    unsigned n_warning, unsigned n_info);
/* fleet_tally_rule - a rule that found something on the host (counted
 * once per host, at its worst severity) */
void	fleet_tally_rule(struct fleet_tally *t, const char *rule, enum sev sev);
/* fleet_tally_cert - a certificate the host's listeners use */
void	fleet_tally_cert(struct fleet_tally *t, const char *file,
	    const char *subject, const char *not_after, long long days_left);
/* fleet_tally_error - why the host could not be linted (the first wins) */
void	fleet_tally_error(struct fleet_tally *t, const char *msg);
/* fleet_tally_text - the tally as text, ending with the host's status
 * (valid until fleet_tally_free) */
const char *fleet_tally_text(struct fleet_tally *t, int status,
	    size_t *len_r);
void	fleet_tally_free(struct fleet_tally *t);

struct fleet_sum;
struct fleet_sum *fleet_sum_new(void);
void	fleet_sum_free(struct fleet_sum **s);
/*
 * fleet_sum_host - add host number idx (its order in the report) and its
 * tally text (modified); returns the host's exit status
 */
int	fleet_sum_host(struct fleet_sum *s, size_t idx, const char *host,
	    char *tally);
/* fleet_sum_failed - a host that gave no tally (its lint died) */
void	fleet_sum_failed(struct fleet_sum *s, size_t idx, const char *host,
	    const char *why, int status);
size_t	fleet_sum_findings(const struct fleet_sum *s);
int	fleet_sum_status(const struct fleet_sum *s);
/* fleet_sum_write - the summary: one NDJSON line, or the text block */
void	fleet_sum_write(struct fleet_sum *s, FILE *out, bool json);
/*
 * fleet_sum_html - the summary and the hosts' NDJSON records recs[i]
 * (lens[i] bytes; NULL ones skipped) as one HTML document (report_html)
 */
void	fleet_sum_html(struct fleet_sum *s, FILE *out, const char *const *recs,
	    const size_t *lens, size_t n, bool customer);

#endif
