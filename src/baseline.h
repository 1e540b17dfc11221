/* SPDX-License-Identifier: MIT */
/*
 * baseline - findings accepted as they are, kept in a file: a legacy
 * configuration adopts maillint and is held to "no new findings".
 *
 *   maillint --write-baseline .maillint-baseline ...   record today's
 *   maillint --baseline .maillint-baseline ...         report only new ones
 *
 * The file has one finding a line, "FINGERPRINT<TAB>RULE<TAB>FILE<TAB>
 * MESSAGE", sorted, after a comment line; only the fingerprint counts
 * (finding_fingerprint(): rule, file, scope and message, no line number,
 * so a finding survives lines moving around it).  The same fingerprint
 * twice stands for two findings.  Baselined findings that no longer occur
 * are "gone": the file can shrink (write it again).
 *
 * Layer 8 (beside suppress): the bounded data-file reader and writer.
 */
#ifndef MAILLINT_BASELINE_H
#define MAILLINT_BASELINE_H

#include <stddef.h>

struct findings;
struct diag_list;

/* baseline_write - every finding of fs into path (atomically); 0, or -1
 * with a diagnostic */
int	baseline_write(const char *path, const struct findings *fs,
	    struct diag_list *dl);
/*
 * baseline_apply - drop from fs the findings path lists; *dropped_r is
 * how many, *gone_r how many of path's entries matched none.  0, or -1
 * with a diagnostic when path cannot be read or is not a baseline (then
 * fs is unchanged).
 */
int	baseline_apply(const char *path, struct findings *fs,
	    size_t *dropped_r, size_t *gone_r, struct diag_list *dl);

#endif
