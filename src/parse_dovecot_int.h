/* SPDX-License-Identifier: MIT */
/*
 * parse_dovecot_int - what parse_dovecot.c (lines, sections, settings)
 * and parse_dovecot_include.c (the include stack) share.  Not for other
 * modules.  parse_dovecot.c calls down into the include stack, never the
 * other way.
 */
#ifndef MAILLINT_PARSE_DOVECOT_INT_H
#define MAILLINT_PARSE_DOVECOT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "dovecot_line.h"
#include "fsroot.h"
#include "hmap.h"
#include "model.h"

/* One open section. */
struct frame {
	struct dc_section *sec;		/* NULL: a bad header, body ignored */
	struct loc	 loc;		/* where it opened */
	struct dcl_filter filt;		/* filters in force inside */
	bool		 pure;		/* root, or only filters up to the root */
};

/* One file on the include stack. */
struct input {
	const char	*path;		/* root path */
	const char	*dir;		/* its directory: base of relative paths */
	const char	*display;
	struct fsroot_file f;		/* owns the data when has_id */
	bool		 has_id;	/* false for a caller's buffer */
	const char	*data;
	size_t		 len, pos;
	unsigned	 line;
	struct dcl_lexer lx;
	const char	**pend;		/* matches of the last include, unread */
	size_t		 npend, ipend;
	struct loc	 inc;		/* that include line */
	const char	*inc_pat;	/* its path as written */
	bool		 inc_try;
	struct setting	*hd;		/* heredoc setting being read */
	bool		 after_tmpl;	/* last line was template logic */
	bool		 in_mason;	/* inside <%args> ... </%args> */
};

struct pctx {
	struct model	*m;
	struct fsroot	*fr;
	struct diag_list *dl;
	struct fsroot_limits lim;
	struct input	*in;
	size_t		 nin, capin;
	struct frame	*fs;
	size_t		 nfs, capfs;
	size_t		 skip;		/* sections opened beyond max_nesting */
	struct hmap	 seen;		/* key -> loc of its first set in a filter */
	struct hmap	 pending;	/* path -> how many unread matches on
					 * the stack name it (pd_include) */
	bool		 full, v24;	/* max_settings hit; a 2.4 config */
	size_t		 expand_budget;	/* bytes "$key" substitutions may add */
	unsigned	 expand_spent;	/* reported once */
};

/* pd_include - glob an include line's pattern; pd_open_next() reads the matches */
void	pd_include(struct pctx *c, struct input *in, const struct dc_line *l,
	    const struct loc *loc);
/* pd_push_input - put a file (f set) or a caller's buffer on the stack */
void	pd_push_input(struct pctx *c, const char *path, const char *display,
	    struct fsroot_file *f, const char *data, size_t len);
/* pd_open_next - read the next pending match of the top file's include */
void	pd_open_next(struct pctx *c);
/* pd_pop_input - the top file is done: report what it left open */
void	pd_pop_input(struct pctx *c);

#endif
