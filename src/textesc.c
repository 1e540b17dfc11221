/* SPDX-License-Identifier: MIT */
/*
 * textesc - escape untrusted text for terminal output.
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "textesc.h"
#include "utf8.h"

/*
 * seqlen - bytes of the printable UTF-8 sequence at s, or 0: invalid
 * UTF-8, C0 and C1 controls, DEL, line and paragraph separators and bidi
 * overrides are escaped.
 */
static size_t
seqlen(const unsigned char *s)
{
	unsigned	cp;
	size_t		len;

	if ((len = utf8_seq(s, 4, &cp)) == 0 || cp < 0x20 ||
	    (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return 0;
	return len;
}

/* put - write str escaped; line feeds too unless keep_lf */
static void
put(FILE *f, const char *str, bool keep_lf)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 n;

	if (s == NULL)
		return;
	while (*s != '\0') {
		if (*s == '\t' || (*s == '\n' && keep_lf)) {
			fputc(*s, f);
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

void
textesc_put(FILE *f, const char *str)
{
	put(f, str, false);
}

void
textesc_put_lines(FILE *f, const char *str)
{
	put(f, str, true);
}
