/* SPDX-License-Identifier: MIT */
/*
 * finding - what evaluation produces and reporters, suppressions and the
 * fix editor read: findings, their fixes' edits, and the list of them.
 *
 * Layer: types and a few readers above diag and arena; eval fills the
 * list, everything after it (report_*, suppress, fixapply, lint) reads it.
 */
#ifndef MAILLINT_FINDING_H
#define MAILLINT_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

struct arena;
struct cert_use;
struct rule;
struct listener;

/* One concrete edit that applies a fix. */
enum fix_action {
	FIX_SET,	/* set name = value (replace the line at `line`, or add when line == 0) */
	FIX_UNCOMMENT,	/* remove the leading '#' of lines line..end_line
			 * (one edit per run of lines of a commented entry) */
	FIX_TEXT	/* free text: nothing machine-applicable */
};

struct fix_edit {
	enum fix_action	 action;
	const char	*file;		/* display path of the file to edit */
	unsigned	 line;		/* first line to replace/uncomment; 0 = add */
	unsigned	 end_line;	/* last line (FIX_UNCOMMENT, multi-line FIX_SET) */
	const char	*scope;		/* "" main.cf, "submission/inet" (-o), Dovecot section path */
	const char	*name;		/* setting name (FIX_SET) */
	const char	*value;		/* new value (FIX_SET) */
	const unsigned	*entry_lines;	/* FIX_UNCOMMENT: every line of the entry,
					 * in order, shared by the edits of its runs;
					 * the edit of the first run revives them all
					 * or none (NULL: line..end_line only) */
	size_t		 n_entry_lines;
};

struct finding {
	const struct rule	*rule;
	const char		*rule_id;
	enum sev		 sev;
	struct loc		 loc;		/* line 0 = something missing: file is where it belongs */
	const char		*scope;		/* "submission/inet", "service imap-login/inet_listener imaps", "" */
	const char		*message;	/* placeholders filled in (English) */
	const char		*message_l10n;	/* the same in the selected language
						 * (i18n.h), or NULL in English */
	const char		*fix_text;	/* human fix, e.g. "smtpd_tls_protocols = >=TLSv1.2", or NULL */
	const char		*fix_text_l10n;	/* a prose fix (text:) in the selected
						 * language, or NULL */
	const char		*fix_command;	/* postconf -e '...' / postconf -P '...', or NULL */
	struct fix_edit		*edits;		/* machine-applicable edits */
	size_t			 n_edits;
	const struct listener	*listener;	/* subject listener, or NULL */
	const struct cert_use	*cert;		/* subject certificate (certcheck's; it must
						 * outlive the findings), or NULL */
	const struct listener	**also;		/* other listeners with the same cause
						 * (same rule, line and fix), or NULL */
	size_t			 n_also;
	size_t			 cap_also;	/* (internal) */
};

struct findings {
	struct arena	*arena;
	struct finding	*v;
	size_t		 len;
	size_t		 cap;
};

/* findings_free - release *f and its arena; sets *f to NULL; NULL ok */
void		 findings_free(struct findings **f);
/* findings_count - how many findings have severity >= min */
size_t		 findings_count(const struct findings *f, enum sev min);
/*
 * finding_fingerprint - 16 hex digits that name the finding across runs
 * and line moves: FNV-1a 64 of "maillint-fp-v1", the rule, the file, the
 * scope and the message (which holds the setting and its value), each
 * NUL-ended.  buf needs FINDING_FP_LEN bytes.  Baselines and SARIF's
 * partialFingerprints use it; the recipe never changes within v1.
 */
#define FINDING_FP_LEN	17
const char	*finding_fingerprint(const struct finding *f, char *buf);
/* finding_message - the message to show a reader: the selected
 * language's, else the English one */
const char	*finding_message(const struct finding *f);
/* finding_fix_text - the same for the fix's text (NULL: no fix) */
const char	*finding_fix_text(const struct finding *f);
/* finding_action_name - "set", "uncomment", "text" */
const char	*finding_action_name(enum fix_action a);

#endif
