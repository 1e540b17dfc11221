/* SPDX-License-Identifier: MIT */
/*
 * fix - turn a rule's fix into the finding's fix text, postconf command
 * and machine-applicable edits, in the target version's dialect.
 *
 * Layer: evaluation, between placeholder (below) and eval (above).  Text
 * only: nothing here reads or writes files.  The edits follow finding.h's
 * struct fix_edit; in addition, a FIX_SET with name == NULL adds
 * a whole block (value: a master.cf entry with its -o lines, or a Dovecot
 * section snippet) at the end of `file` (line 0).
 */
#ifndef MAILLINT_FIX_H
#define MAILLINT_FIX_H

#include "finding.h"

struct arena;
struct subject_ctx;

/*
 * fix_build - pick the first fix alternative whose `versions` holds for
 * the rule product's target version and fill f->fix_text, f->fix_command
 * and f->edits (in arena a).  May move f->loc: to the first line of a
 * commented-out master.cf entry to uncomment, or, for a finding about
 * something missing (line 0), to the file or line the fix edits.  Leaves
 * the fix fields NULL/0 when no alternative applies.
 */
void		 fix_build(struct finding *f, struct subject_ctx *s,
		    struct arena *a);

/* fix_sh_quote - s as one single-quoted shell word, in arena a */
const char	*fix_sh_quote(struct arena *a, const char *s);

#endif
