/* SPDX-License-Identifier: MIT */
/*
 * textesc - escape untrusted text for terminal output.
 */
#include "config.h"

#include <string.h>

#include "textesc.h"

/* seqlen - bytes of the valid, printable UTF-8 sequence at s, or 0 */
static size_t
seqlen(const unsigned char *s)
{
	size_t		len, i;
	unsigned	cp;

	if (s[0] >= 0x20 && s[0] < 0x7f)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return 0;	/* C1 controls and bidi overrides too */
	return len;
}

void
textesc_put(FILE *f, const char *str)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 n;

	if (s == NULL)
		return;
	while (*s != '\0') {
		if (*s == '\t') {
			fputc('\t', f);
			s++;
			continue;
		}
		if ((n = seqlen(s)) == 0) {
			fprintf(f, "\\x%02x", *s);
			s++;
			continue;
		}
		fwrite(s, 1, n, f);
		s += n;
	}
}
