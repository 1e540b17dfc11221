/* SPDX-License-Identifier: MIT */
/*
 * dovecot_line - classify physical dovecot.conf lines into typed logical
 * lines, the way Dovecot's config_parse_line() does (2.3.19, plus the 2.4
 * additions "group @label name {" and "key = <<END" heredocs).
 *
 * The classifier knows nothing about sections, includes or the model:
 * parse_dovecot.c interprets its output.  It owns the continuation buffer
 * ("\" at the end of a line), so one lexer is used per input file.
 */
#ifndef MAILLINT_DOVECOT_LINE_H
#define MAILLINT_DOVECOT_LINE_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

enum dcl_type {
	DCL_SKIP,		/* empty or comment-only line */
	DCL_CONTINUE,		/* ended with '\': the logical line goes on */
	DCL_KEYVALUE,		/* key = value (plain, quoted or with $vars) */
	DCL_KEYFILE,		/* key = <path */
	DCL_HEREDOC,		/* key = <<END (2.4.5+); value is the terminator */
	DCL_HEREDOC_BODY,	/* a line inside the heredoc */
	DCL_HEREDOC_END,	/* its terminator: value is the body, raw and
				 * val_off/val_len cover "<<END" to "END" */
	DCL_SECTION_BEGIN,	/* type [name] { */
	DCL_SECTION_END,	/* } */
	DCL_INCLUDE,		/* !include PATH */
	DCL_INCLUDE_TRY,	/* !include_try PATH */
	DCL_ERROR		/* value is the message (Dovecot's wording) */
};

/*
 * One classified line.  Every string points into the lexer's buffers and
 * stays valid until the next dcl_classify() or dcl_reset() call.
 */
struct dc_line {
	enum dcl_type	 type;
	const char	*key;	/* setting name, section type, "!include", "}" */
	const char	*value;	/* KEYVALUE: unquoted text; KEYFILE: path after '<'
				 * and blanks; SECTION_BEGIN: name ("" = none);
				 * INCLUDE*: pattern, raw; HEREDOC: terminator;
				 * ERROR: the message */
	const char	*raw;	/* value text as written (continuations joined);
				 * KEYFILE: from the '<' on */
	const char	*text;	/* the whole logical line, comment cut, trimmed */
	const char	*head;	/* when `opens`: the text between the key and
				 * the '{', trimmed (a templated section name) */
	bool		 quoted;	/* value / section name was quoted */
	bool		 variable;	/* unquoted value holding a '$' (Dovecot's
					 * KEYVARIABLE: tokens get re-joined) */
	bool		 opens;		/* text ends with '{' (error recovery) */
	unsigned	 closes;	/* text is only '}' characters: how many */
	bool		 dropped;	/* SKIP ended a pending continuation, whose
					 * text Dovecot silently discards */
	bool		 nul;		/* a NUL byte cut this physical line short */
	unsigned	 hash_line;	/* ambiguous '#' (no blank before it) on
					 * this physical line: line, else 0 */
	unsigned	 hash_col;
	unsigned	 first_line;	/* physical line the logical line starts on */
	unsigned	 last_line;	/* physical line it ends on */
	unsigned	 key_col;	/* 1-based column of the key */
	size_t		 val_off;	/* file offset of the raw value text */
	size_t		 val_len;	/* file bytes it spans (across continuations) */
};

/* A piece of the logical line and where it sits in the file. */
struct dcl_seg {
	size_t		 buf_off;	/* offset in the joined buffer */
	size_t		 len;
	size_t		 file_off;	/* offset of the piece in the file */
	size_t		 line_off;	/* offset of its physical line in the file */
};

struct dcl_lexer {
	struct strbuf	 buf;	/* joined logical line, parsed in place */
	struct strbuf	 raw;	/* copy of the value text as written */
	struct strbuf	 head;	/* section head of a line ending in '{' (its
				 * own buffer: such a line may hold a value) */
	struct strbuf	 text;	/* copy of the whole logical line */
	struct dcl_seg	*segs;
	size_t		 nsegs;
	size_t		 capsegs;
	unsigned	 first_line;	/* 0 when no continuation is pending */
	char		*hd_term;	/* inside a heredoc: its terminator */
	struct strbuf	 hd_body;
	struct strbuf	 hd_raw;
	size_t		 hd_off;	/* file offset of "<<END" */
	bool		 heredocs;	/* the target reads "<<END" heredocs
					 * (2.4.5+); else "<<X" is "<" + "<X" */
};

void	dcl_init(struct dcl_lexer *lx);
/* dcl_free - release the buffers; the lexer may be reused after dcl_init() */
void	dcl_free(struct dcl_lexer *lx);
/* dcl_reset - drop a pending continuation */
void	dcl_reset(struct dcl_lexer *lx);

/* dcl_pending - true while a '\' continuation waits for its next line */
static inline bool
dcl_pending(const struct dcl_lexer *lx)
{
	return lx->first_line != 0;
}

/* dcl_pending_len - bytes of the pending continuation (for length limits) */
static inline size_t
dcl_pending_len(const struct dcl_lexer *lx)
{
	return lx->first_line != 0 ? lx->buf.len : 0;
}

/* dcl_in_heredoc - true between "key = <<END" and "END" */
static inline bool
dcl_in_heredoc(const struct dcl_lexer *lx)
{
	return lx->hd_term != NULL;
}

/*
 * dcl_classify - classify the physical line s[0..n) (no newline; a
 * trailing CR is the caller's business) that is line number `line` and
 * starts at byte `off` of its file.  Fills *out.
 */
void	dcl_classify(struct dcl_lexer *lx, const char *s, size_t n,
	    unsigned line, size_t off, struct dc_line *out);

/* An address filter (local/remote): Dovecot's ip + bits pair. */
struct dcl_net {
	unsigned	 bits;		/* 0 = no such filter (or a /0 one) */
	int		 af;		/* AF_INET, AF_INET6, 0 = host name */
	unsigned char	 a[16];
};

/* The filters in force inside a section (Dovecot's struct config_filter). */
struct dcl_filter {
	bool		 protocol;	/* inside protocol { } */
	bool		 local_name;	/* inside local_name { } */
	struct dcl_net	 local;
	struct dcl_net	 remote;
};

/*
 * dcl_filter_enter - check the header "type name {" against the filters
 * in force in its parent (Dovecot's strict order local > local_name >
 * remote > protocol, nested networks inside their parents) and set *f to
 * the filters in force inside it (a copy of *parent for other types).
 * Returns NULL when allowed, else Dovecot's message (static or in errbuf).
 * A host name is never resolved: *host_r tells the caller.  With
 * name_unknown (a template placeholder) the name is not checked.
 */
const char *dcl_filter_enter(const struct dcl_filter *parent,
	    const char *type, const char *name, bool name_unknown,
	    struct dcl_filter *f, bool *host_r, char *errbuf, size_t errlen);

/*
 * dcl_expand - write the unquoted value val with "$" tokens into *out the
 * way doveconf -n does (config_write_keyvariable()): tokens end at a space,
 * blanks between them are skipped, they are re-joined with one space.  A
 * token "$key" or "$SET:key" naming the setting itself is replaced by
 * prev when prev is not NULL (*self_r is set); any other "$name" token
 * stays and sets *var_r.
 */
/* budget: bytes that substitutions may still add: "key = $key $key"
 * doubles, so 64 such lines would need 2^64 bytes.  A self-reference that
 * would exceed it stays literal and *budget is set to 0.  Parsers start
 * from DCL_EXPAND_BUDGET per configuration. */
#define DCL_EXPAND_BUDGET	(16u * 1024 * 1024)
void	dcl_expand(const char *val, const char *key, const char *prev,
	    size_t *budget,
	    struct strbuf *out, bool *self_r, bool *var_r);

/*
 * dcl_unescape - Dovecot's str_unescape() in place: a backslash makes the
 * next character literal ("\t" is "t"); a trailing backslash is dropped.
 */
char	*dcl_unescape(char *s);

#endif
