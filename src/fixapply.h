/* SPDX-License-Identifier: MIT */
/*
 * fixapply - turn the findings' machine-applicable edits into new file
 * contents and a unified diff (--diff, --fix).
 *
 * Pure: the caller reads each file (fixplan_file() names them) and writes
 * the result; nothing here opens a file.  Edits follow eval.h's struct
 * fix_edit, applied as `postconf -e`, `postconf -P` and a careful editor
 * would:
 *  - main.cf (and its templates): "set" replaces the assignment's lines
 *    by "name = value", or appends it;
 *  - master.cf: "set" rewrites the one "-o name=value" word in place
 *    ("{ name = value }" when the value keeps blanks), or adds an
 *    "-o" line at the end of the service entry; "uncomment" removes the
 *    leading '#' of the entry's lines; a whole new entry is appended;
 *  - Dovecot: "set" replaces the line (indentation kept), or inserts the
 *    setting just inside its section when that section opens in the same
 *    file, else appends it (as a nested section block when scoped).
 * Every position refers to the file as read, so edits do not disturb each
 * other; two different edits of one line, or two values for one new
 * setting, keep the first and say why the other was not applied.  "text"
 * fixes are advice, never applied.
 */
#ifndef MAILLINT_FIXAPPLY_H
#define MAILLINT_FIXAPPLY_H

#include <stddef.h>

#include "diag.h"

struct findings;
struct model;
struct strbuf;
struct fixplan;

/*
 * fixplan_new - collect the edits of every finding at or above min (the
 * caller has already dropped suppressed findings).  Free with
 * fixplan_free().
 */
struct fixplan	*fixplan_new(const struct findings *fs, const struct model *m,
		    enum sev min);
void		 fixplan_free(struct fixplan **p);
/* fixplan_n_files - files with at least one edit */
size_t		 fixplan_n_files(const struct fixplan *p);
/* fixplan_file - display path of file i */
const char	*fixplan_file(const struct fixplan *p, size_t i);
/* fixplan_n_manual - findings whose fix is advice only (no edit) */
size_t		 fixplan_n_manual(const struct fixplan *p);
/*
 * fixplan_apply - given the current contents of file i, append its new
 * contents to *out and, when diff is not NULL, a unified diff (labels
 * a/PATH and b/PATH, 3 lines of context) to *diff.  Edits that cannot be
 * applied become warnings in dl at their file:line.  Returns the number
 * of edits applied (0: *out is a copy of the input).
 */
size_t		 fixplan_apply(struct fixplan *p, size_t i, const char *data,
		    size_t len, struct strbuf *out, struct strbuf *diff,
		    struct diag_list *dl);

#endif
