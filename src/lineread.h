/* SPDX-License-Identifier: MIT */
/*
 * lineread - Postfix logical lines (readllines(3) of Postfix 3.7) built
 * from a buffer in memory, with enough bookkeeping to map every byte of a
 * logical line back to its file position (line, column, byte offset).
 *
 * Comment lines (first non-blank is '#'), empty and whitespace-only lines
 * are skipped and do not end a logical line; a line that starts with
 * whitespace continues the previous one.  Physical lines longer than the
 * limit are reported and drop the logical line they belong to; nothing is
 * ever copied from them.
 */
#ifndef MAILLINT_LINEREAD_H
#define MAILLINT_LINEREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

struct diag_list;

/* Kinds of physical line, as readllines() classifies them. */
enum lr_kind {
	LR_BLANK,	/* empty or whitespace only */
	LR_COMMENT,	/* first non-blank character is '#' */
	LR_CONT,	/* starts with whitespace: continues a logical line */
	LR_TEXT		/* starts a logical line */
};

/* One physical line of the buffer. */
struct lr_phys {
	const char	*s;		/* bytes: no newline or final CR, cut at a NUL */
	size_t		 len;		/* bytes in s; 0 when too_long */
	size_t		 off;		/* byte offset of s in the buffer */
	size_t		 full_len;	/* bytes up to the newline, as in the file */
	size_t		 nul_col;	/* 1-based column of a NUL byte, 0 = none */
	unsigned	 line;		/* 1-based line number */
	enum lr_kind	 kind;
	bool		 too_long;	/* full_len exceeds the limit */
};

/* Where a piece of a logical line came from. */
struct lr_seg {
	size_t		 text_off;	/* start of the piece in the joined text */
	size_t		 buf_off;	/* its byte offset in the buffer */
	size_t		 len;		/* bytes (the same in both) */
	unsigned	 line;		/* physical line number */
	unsigned	 col0;		/* 0-based column of buf_off in that line */
};

/* One logical line; pointers stay valid until the next lineread_next(). */
struct lr_line {
	const char		*text;		/* joined text, NUL-terminated, blanks trimmed */
	size_t			 len;
	unsigned		 first_line;	/* line of the first piece (to cite) */
	unsigned		 last_line;	/* line of the last piece */
	size_t			 buf_off;	/* byte offset of the first piece */
	const struct lr_seg	*seg;		/* pieces in order; at least one */
	size_t			 nseg;
};

/* A physical-line cursor over a buffer (no diagnostics). */
struct lr_cursor {
	const char	*data;
	size_t		 len;
	size_t		 pos;		/* next byte to read */
	unsigned	 line;		/* lines read so far */
	size_t		 max_line;	/* 0 = no limit */
};

/* The logical-line reader; fields are private. */
struct lineread {
	struct lr_cursor	 cur;
	const char		*file;		/* display path for diagnostics */
	struct diag_list	*dl;
	struct lr_phys		 peek;		/* next physical line, when have_peek */
	bool			 have_peek;
	struct strbuf		 text;
	struct lr_seg		*seg;
	size_t			 nseg;
	size_t			 segcap;
};

/* lineread_cursor - start a physical-line cursor over data[0..len) */
void	lineread_cursor(struct lr_cursor *c, const char *data, size_t len,
	    size_t max_line);
/* lineread_phys - next physical line; false at the end of the buffer */
bool	lineread_phys(struct lr_cursor *c, struct lr_phys *p);

/*
 * lineread_init - start reading logical lines.  file is used in
 * diagnostics (warnings about leading whitespace and NUL bytes, errors
 * about overlong lines) appended to dl.  max_line 0 means no limit.
 * Release with lineread_free().
 */
void	lineread_init(struct lineread *lr, const char *file, const char *data,
	    size_t len, size_t max_line, struct diag_list *dl);
/* lineread_next - next logical line into *ln; false at the end */
bool	lineread_next(struct lineread *lr, struct lr_line *ln);
void	lineread_free(struct lineread *lr);
/* lineread_each - fn(ctx, ln) for every logical line: init, next, free */
typedef void (*lineread_line_fn)(void *ctx, const struct lr_line *ln);
void	lineread_each(const char *file, const char *data, size_t len,
	    size_t max_line, struct diag_list *dl, lineread_line_fn fn,
	    void *ctx);

/*
 * lineread_off - buffer offset of offset `off` of ln->text.  An end
 * offset (exclusive) maps to the end of the piece it closes, so that a
 * value's span never swallows the next line's indentation.
 */
size_t	lineread_off(const struct lr_line *ln, size_t off, bool end);
/* lineread_pos - 1-based line and column of offset `off` of ln->text */
void	lineread_pos(const struct lr_line *ln, size_t off, unsigned *line_r,
	    unsigned *col_r);

/* Result of lineread_nameval(): offsets into the text given. */
struct lr_nameval {
	size_t	name;		/* start of the name */
	size_t	name_end;	/* end of the name (exclusive) */
	size_t	eq;		/* offset of '=' (or where it was expected) */
	size_t	val;		/* start of the value */
	size_t	val_end;	/* end of the value (exclusive, blanks trimmed) */
};

/*
 * lineread_nameval - Postfix split_nameval() on s[start..end): the name
 * ends at the first blank or '='; blanks around '=' and at the end are
 * dropped.  Returns NULL, or Postfix's error text ("missing attribute
 * name", "missing '=' after attribute name").
 */
const char *lineread_nameval(const char *s, size_t start, size_t end,
	    struct lr_nameval *nv);

/* A word of a line: text[s..e). */
struct lr_word {
	size_t	s;
	size_t	e;
};

/*
 * lineread_words - Postfix mystrtokq() as master.cf uses it: split
 * t[0..n) at blanks (" \t\r\n") outside { } groups.  *w_r is a
 * growable array of *cap_r slots (release with free()).  Returns the
 * number of words.
 */
size_t	lineread_words(const char *t, size_t n, struct lr_word **w_r,
	    size_t *cap_r);

/*
 * lineread_extpar - Postfix extpar(EXTPAR_FLAG_STRIP) on the { } group
 * t[s..e): its inner text with surrounding blanks dropped, as
 * t[*is_r..*ie_r).  Returns NULL, "missing '}'" (the group runs to e) or
 * "syntax error after '}'" (the text from *bad_r on is dropped).
 */
const char *lineread_extpar(const char *t, size_t s, size_t e,
	    size_t *is_r, size_t *ie_r, size_t *bad_r);

/* lineread_isspace - Postfix ISSPACE() (the C locale isspace()) */
bool	lineread_isspace(int c);

struct model;
struct fsroot;
struct diag_list;

/* A parser of one Postfix file already in memory. */
typedef void (*lineread_parse_fn)(struct model *m, const char *display,
	    const char *data, size_t len, size_t max_line, size_t max_settings,
	    struct diag_list *dl);

/*
 * lineread_parse_file - read path through fsroot and run fn on it with the
 * root's limits; an unreadable file is a diagnostic ("cannot read WHAT")
 * and -1.
 */
int	lineread_parse_file(struct model *m, struct fsroot *fr, const char *path,
	    const char *what, lineread_parse_fn fn, struct diag_list *dl);

#endif
