/* SPDX-License-Identifier: MIT */
/*
 * placeholder - the {name} placeholders of rule messages and fixes: one
 * table of every name, what it needs of the subject, and how it expands.
 * "{{" and "}}" stand for literal braces.
 *
 * Layer: above rule.h and cond.h's types; it calls only leaves (version,
 * tlsproto, model's product_name, strbuf, arena).  The loader checks names
 * with placeholder_check(); eval and fix expand with placeholder_expand().
 */
#ifndef MAILLINT_PLACEHOLDER_H
#define MAILLINT_PLACEHOLDER_H

struct arena;
struct subject_ctx;

/* What a placeholder needs of the subject. */
#define PH_LISTENER	0x01u	/* a listener subject */
#define PH_SETTING	0x02u	/* a blamed setting ({setting}, {value}) */
#define PH_CERT		0x04u	/* a certificate subject ({cert.NAME}, certfacts.h) */

/*
 * placeholder_check - NULL when every {name} of tmpl is known, else the
 * first bad one ("{nme}" in arena a, or "{" / "}" when unbalanced).  ORs
 * the PH_* needs of the names used into *needs_r.
 */
const char	*placeholder_check(struct arena *a, const char *tmpl,
		    unsigned *needs_r);
/*
 * placeholder_expand - tmpl with every {name} filled in for subject s, in
 * arena a.  A listener placeholder without a listener expands to nothing
 * (the loader refuses such rules).
 */
const char	*placeholder_expand(struct arena *a, const char *tmpl,
		    const struct subject_ctx *s);
/*
 * placeholder_expand_l10n - the same in the selected language (i18n.h):
 * tmpl, an English template, is translated first (the msgid keeps its
 * placeholders), then filled in, the words that placeholders add
 * translated too.  Names, values and numbers are the same as in English.
 */
const char	*placeholder_expand_l10n(struct arena *a, const char *tmpl,
		    const struct subject_ctx *s);

#endif
