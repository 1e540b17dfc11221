/* SPDX-License-Identifier: MIT */
/*
 * words - word lists as Postfix and Dovecot write them: words separated by
 * commas and white space ("imap pop3", "!SSLv2, !SSLv3").
 *
 * Layer: a leaf (libc only).
 */
#ifndef MAILLINT_WORDS_H
#define MAILLINT_WORDS_H

#include <stdbool.h>

/*
 * words_has - list (comma/space separated; NULL is empty) holds word,
 * compared without regard to case.  An empty word is never found.
 */
bool	words_has(const char *list, const char *word);

#endif
