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

/* textesc_put - write s escaped; NULL writes nothing */
void	textesc_put(FILE *f, const char *s);

#endif
