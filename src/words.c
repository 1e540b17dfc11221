/* SPDX-License-Identifier: MIT */
/*
 * words - word lists (see words.h).
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "words.h"

#define WORDS_SEP	", \t\r\n"

bool
words_has(const char *list, const char *word)
{
	size_t		 wl = strlen(word);
	const char	*p = list;

	while (p != NULL && *p != '\0') {
		size_t	n;

		p += strspn(p, WORDS_SEP);
		n = strcspn(p, WORDS_SEP);
		if (n == wl && n > 0 && strncasecmp(p, word, n) == 0)
			return true;
		p += n;
	}
	return false;
}
