/* SPDX-License-Identifier: MIT */
/*
 * fixapply_int.h - internals shared by fixapply.c (the plan, the apply
 * loop, the new text), fixapply_edit.c (what each edit does to the lines
 * as read) and fixapply_diff.c (the unified diff).  Not for other modules.
 */
#ifndef MAILLINT_FIXAPPLY_INT_H
#define MAILLINT_FIXAPPLY_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "eval.h"
#include "fixapply.h"
#include "hmap.h"

struct arena;
struct model;
struct strbuf;

/* What kind of file an edit is for. */
enum fkind { FK_MAIN, FK_MASTER, FK_DOVECOT };

/* One edit of the plan, with the finding it came from. */
struct pedit {
	const struct fix_edit	*e;
	const char		*rule;
	size_t			 order;		/* finding order: first wins */
};

/* The edits of one file. */
struct pfile {
	const char	*path;
	enum fkind	 kind;
	struct pedit	*v;
	size_t		 n, cap;
};

/* The plan: every file with edits, and indexes into the model. */
struct fixplan {
	struct arena		*a;
	const struct model	*m;
	struct hmap		 index;		/* path -> struct pfile * */
	struct hmap		 known;		/* paths of the files read */
	struct pfile		**files;
	size_t			 n_files, cap;
	size_t			 n_manual;
	/* built on first use, so that no edit scans the model */
	struct hmap		 commented;	/* scope -> first commented entry */
	struct hmap		 sections;	/* scope -> Dovecot section */
	bool			 have_commented, have_sections;
};

/* An inserted line (after an original line, or at the end). */
struct ins {
	const char	*text;
	struct ins	*next;
};

/* One word of a master.cf line rewritten: bytes [from, to) become text. */
struct span {
	size_t		 from, to;
	const char	*text;
	struct span	*next;
};

/* One line of the file as read, and what the edits do to it. */
struct line {
	const char		*s;		/* original text, no '\n' */
	size_t			 len;
	const char		*repl;		/* whole new text, or NULL */
	struct span		*spans;		/* word rewrites (master.cf) */
	struct ins		*after, *after_tail;
	const struct pedit	*owner;		/* edit that changed it */
	bool			 del;
	bool			 uncommented;
};

/* Applying the edits of one file. */
struct fapply {
	struct fixplan		*p;
	struct pfile		*pf;
	struct arena		*a;		/* the plan's arena */
	struct line		*l;		/* l[1..n] */
	size_t			 n;
	bool			 nonl;		/* last line has no '\n' */
	bool			 crlf;
	struct ins		*tail, *tail_end; /* appended at the end */
	struct diag_list	*dl;
	struct hmap		 adds;		/* "scope\nname" -> first addition */
	struct hmap		 seen;		/* edit_key -> edit, for duplicates */
	size_t			 applied;
};

/* fixedit_uncomment - remove the leading '#' of an entry's lines */
void	fixedit_uncomment(struct fapply *fa, const struct pedit *pe);
/* fixedit_set - set (replace, rewrite, insert or append) one setting */
void	fixedit_set(struct fapply *fa, const struct pedit *pe);
/* fixedit_skipped - the warning for an edit that is not applied */
void	fixedit_skipped(struct fapply *fa, const struct pedit *pe,
	    unsigned line, const char *why);
/* fixedit_line_changed - the line differs from the file as read */
bool	fixedit_line_changed(const struct line *ln);
/*
 * fixdiff_write - the unified diff of fa's file: `all` holds the new
 * lines, each ending in '\n', starting at offs[0..n_offs)
 */
void	fixdiff_write(const struct fapply *fa, const char *all, size_t all_len,
	    const size_t *offs, size_t n_offs, struct strbuf *diff);

#endif
