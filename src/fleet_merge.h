/* SPDX-License-Identifier: MIT */
/*
 * fleet_merge - --merge FILE...: the NDJSON of several --fleet runs (each
 * host linted where it lives, say by Ansible) made into the report one
 * --fleet run over all those hosts would have written.
 *
 * Every {"type": "host"} line is kept (passed through byte for byte in
 * NDJSON, rendered as --fleet's text otherwise), the records sorted by
 * host name as a fleet directory's hosts are; {"type": "fleet"} lines are
 * dropped and the summary is computed again (fleet_sum) from each
 * record's findings, certificates, error and status.  The files are read
 * through the bounded data-file reader; a line that is not JSON or a host
 * record without its fields is a diagnostic "FILE:LINE: ..." and is
 * skipped (exit status 2 at the end).  Duplicate host names are kept,
 * with a warning.
 *
 * Layer 9 (the program), with fleet.c and fleet_sum.c.
 */
#ifndef MAILLINT_FLEET_MERGE_H
#define MAILLINT_FLEET_MERGE_H

#include <stdbool.h>
#include <stddef.h>

/* the largest file --merge reads, and the longest line in it */
#define FLEET_MERGE_MAX_FILE	((size_t)1 << 30)
#define FLEET_MERGE_MAX_LINE	((size_t)64 << 20)

/*
 * fleet_merge - merge files[0..n) onto stdout (NDJSON when json, else
 * text; one HTML document when html, the customer's or the admin's); the exit status of --fleet over the hosts read (3 over 2 over 1
 * over 0), at least 2 when a file or a line could not be read
 */
int	fleet_merge(char *const *files, size_t n, bool json, bool html,
	    bool customer);

#endif
