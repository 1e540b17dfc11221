/* SPDX-License-Identifier: MIT */
/*
 * strbuf - growable NUL-terminated byte string (Postfix VSTRING's role).
 */
#ifndef MAILLINT_STRBUF_H
#define MAILLINT_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

#include "xmem.h"

struct strbuf {
	char	*s;	/* always NUL-terminated once anything was added */
	size_t	 len;	/* bytes before the NUL */
	size_t	 cap;	/* allocated bytes */
};

#define STRBUF_INIT { NULL, 0, 0 }

void	strbuf_add(struct strbuf *b, const char *s, size_t n);
void	strbuf_adds(struct strbuf *b, const char *s);
void	strbuf_addc(struct strbuf *b, char c);
void	strbuf_printf(struct strbuf *b, const char *fmt, ...) PRINTFLIKE(2, 3);
void	strbuf_reset(struct strbuf *b);
/* strbuf_cstr - the string ("" when empty); pointer valid until next add */
const char *strbuf_cstr(const struct strbuf *b);
/* strbuf_free - release the buffer; the struct may be reused after */
void	strbuf_free(struct strbuf *b);

#endif
