/* SPDX-License-Identifier: MIT */
/*
 * utf8 - UTF-8 validation shared by the reporters that must never pass an
 * invalid sequence through (JSON, terminal text).
 */
#ifndef MAILLINT_UTF8_H
#define MAILLINT_UTF8_H

#include <stddef.h>

/*
 * utf8_seq - length (1-4) of the valid UTF-8 sequence at s, looking at no
 * more than n bytes, and its code point in *cp_r; 0 when the bytes there
 * are not valid UTF-8 (overlong forms, surrogates, past U+10FFFF, a cut
 * sequence).  A NUL-terminated string may pass n = 4: a NUL is never a
 * continuation byte, so nothing past it is read.
 */
size_t	utf8_seq(const unsigned char *s, size_t n, unsigned *cp_r);

#endif
