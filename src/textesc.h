/* SPDX-License-Identifier: MIT */
/*
 * textesc - print configuration-derived text to a terminal safely.
 *
 * Control characters (C0, DEL, and C1 in UTF-8 or as raw bytes) and bytes
 * that are not valid UTF-8 are written as \xNN, so a hostile file cannot
 * move the cursor, change colours or retitle the auditor's terminal.
 */
#ifndef MAILLINT_TEXTESC_H
#define MAILLINT_TEXTESC_H

#include <stdio.h>

/* textesc_put - write s escaped, line feeds included; NULL writes nothing */
void	textesc_put(FILE *f, const char *s);
/*
 * textesc_put_lines - the same for multi-line text of our own files (a
 * rule's rationale): line feeds are written as they are
 */
void	textesc_put_lines(FILE *f, const char *s);

#endif
