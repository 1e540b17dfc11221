/* SPDX-License-Identifier: MIT */
/*
 * diag - the tool's own diagnostics (syntax errors, refused paths, bad
 * rules), as opposed to findings, which are rule results.
 *
 * Every diagnostic carries a location: file (display path), line and
 * column, 1-based; 0 means unknown.  Producers never exit: they append and
 * carry on.  Text is copied into the list's own arena.
 */
#ifndef MAILLINT_DIAG_H
#define MAILLINT_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "xmem.h"

struct arena;

enum sev {
	SEV_INFO,
	SEV_WARN,
	SEV_ERROR
};

/* A position in an input file. */
struct loc {
	const char	*file;	/* display path; NULL when not about a file */
	unsigned	 line;	/* 1-based; 0 = the file as a whole */
	unsigned	 col;	/* 1-based; 0 = unknown */
};

/* What a diagnostic is about: the tool's own problem, or a syntax error in
 * a configuration (reported as a PF-SYN-001 / DC-SYN-001 finding). */
enum diag_kind {
	DIAG_TOOL,
	DIAG_SYNTAX_POSTFIX,
	DIAG_SYNTAX_DOVECOT
};

struct diag {
	struct loc	 loc;
	enum sev	 sev;
	enum diag_kind	 kind;	/* DIAG_TOOL unless diag_mark_syntax() */
	const char	*msg;	/* no location prefix, no trailing newline */
	size_t		 seq;	/* insertion order, for a stable sort */
};

struct diag_list {
	struct diag	*v;
	size_t		 len;
	size_t		 cap;
	size_t		 max;		/* cap on stored entries; 0 = default */
	size_t		 dropped;	/* entries not stored because of max */
	struct arena	*arena;		/* owns msg and file copies */
};

void	diag_init(struct diag_list *dl);
/* diag_free - release entries and arena; the list may be reused after diag_init */
void	diag_free(struct diag_list *dl);
/* diag_add - append one diagnostic; loc may be NULL */
void	diag_add(struct diag_list *dl, enum sev sev, const struct loc *loc,
	    const char *fmt, ...) PRINTFLIKE(4, 5);
/* diag_addf - same with file/line/col given directly */
void	diag_addf(struct diag_list *dl, enum sev sev, const char *file,
	    unsigned line, unsigned col, const char *fmt, ...) PRINTFLIKE(6, 7);
/* diag_worst - highest severity present, or -1 when the list is empty */
int	diag_worst(const struct diag_list *dl);
/*
 * diag_mark_syntax - entries from index `from` on that are errors at a
 * line of a file become kind (what a parser reported about the text).
 */
void	diag_mark_syntax(struct diag_list *dl, size_t from,
	    enum diag_kind kind);
/* diag_worst_tool - diag_worst() over DIAG_TOOL entries only */
int	diag_worst_tool(const struct diag_list *dl);
/* diag_drop_syntax - remove the entries of this kind (now findings) */
void	diag_drop_syntax(struct diag_list *dl, enum diag_kind kind);
/* diag_sort - stable sort by file, line, column */
void	diag_sort(struct diag_list *dl);
const char *sev_name(enum sev sev);
/* sev_parse - "error"/"warning"/"info" -> enum; -1 when unknown */
int	sev_parse(const char *s);

#endif
