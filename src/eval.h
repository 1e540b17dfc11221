/* SPDX-License-Identifier: MIT */
/*
 * eval - apply the rules to the resolved model and produce findings.
 *
 * Pure: no I/O.  Findings are sorted (file, line, column, rule id, scope)
 * so output is deterministic.  Everything lives in the findings arena.
 */
#ifndef MAILLINT_EVAL_H
#define MAILLINT_EVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

struct arena;
struct resolved;
struct ruleset;
struct rule;
struct listener;

/* One concrete edit that applies a fix. */
enum fix_action {
	FIX_SET,	/* set name = value (replace the line at `line`, or add when line == 0) */
	FIX_UNCOMMENT,	/* remove the leading '#' of lines line..end_line */
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
};

struct finding {
	const struct rule	*rule;
	const char		*rule_id;
	enum sev		 sev;
	struct loc		 loc;		/* line 0 = something missing: file is where it belongs */
	const char		*scope;		/* "submission/inet", "service imap-login/inet_listener imaps", "" */
	const char		*message;	/* placeholders filled in */
	const char		*fix_text;	/* human fix, e.g. "smtpd_tls_protocols = >=TLSv1.2", or NULL */
	const char		*fix_command;	/* postconf -e '...' / postconf -P '...', or NULL */
	struct fix_edit		*edits;		/* machine-applicable edits */
	size_t			 n_edits;
	const struct listener	*listener;	/* subject listener, or NULL */
};

struct findings {
	struct arena	*arena;
	struct finding	*v;
	size_t		 len;
	size_t		 cap;
};

struct eval_opts {
	const char	*profile;	/* "default", "mozilla-intermediate", "mozilla-modern" */
};

/* eval_run - evaluate every rule of rs enabled in the profile; free with findings_free() */
struct findings	*eval_run(const struct ruleset *rs, const struct resolved *r,
		    const struct eval_opts *o);
void		 findings_free(struct findings **f);
/* findings_count - how many findings have severity >= min */
size_t		 findings_count(const struct findings *f, enum sev min);

#endif
