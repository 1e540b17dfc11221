/* SPDX-License-Identifier: MIT */
/*
 * version - dotted version numbers and their comparison.
 *
 * Parses "3", "3.7", "3.7.11" and "2.3.19.1": one to four components of
 * ASCII digits separated by single dots, each fitting in an unsigned int.
 * Anything else (empty input, empty component, sign, space, a suffix such
 * as "-1" or " (9b53102964)", a fifth component, overflow) is rejected;
 * callers that read "doveconf --version" style output cut the suffix first.
 * Missing components are 0, so "3.6" and "3.6.0" compare equal (as
 * Postfix's compat_level_from_string() treats them).
 *
 * Does not: know release history (which version introduced what); that
 * lives with the callers.
 *
 * Ownership: no allocation.  version_format() writes into the caller's
 * buffer and returns it.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>

#include "version.h"

#define VERSION_MAX_COMPONENTS	4

/* version_parse - "3", "3.7", "3.7.11", "2.3.19.1"; -1 on garbage */
int
version_parse(const char *s, struct version *v_r)
{
	unsigned	comp[VERSION_MAX_COMPONENTS] = { 0, 0, 0, 0 };
	unsigned	n = 0;
	unsigned	digit;

	if (s == NULL || v_r == NULL)
		return -1;
	for (;;) {
		if (n >= VERSION_MAX_COMPONENTS)
			return -1;
		if (*s < '0' || *s > '9')
			return -1;	/* empty component or garbage */
		for (; *s >= '0' && *s <= '9'; s++) {
			digit = (unsigned)(*s - '0');
			if (comp[n] > (UINT_MAX - digit) / 10)
				return -1;	/* overflow */
			comp[n] = comp[n] * 10 + digit;
		}
		n++;
		if (*s == '\0')
			break;
		if (*s != '.')
			return -1;
		s++;
	}
	v_r->major = comp[0];
	v_r->minor = comp[1];
	v_r->patch = comp[2];
	v_r->extra = comp[3];
	return 0;
}

/* cmp_unsigned - three-way comparison without subtraction overflow */
static int
cmp_unsigned(unsigned a, unsigned b)
{
	return a < b ? -1 : a > b ? 1 : 0;
}

/* version_cmp - <0, 0, >0 like strcmp; components compare numerically */
int
version_cmp(const struct version *a, const struct version *b)
{
	int	r;

	if ((r = cmp_unsigned(a->major, b->major)) != 0)
		return r;
	if ((r = cmp_unsigned(a->minor, b->minor)) != 0)
		return r;
	if ((r = cmp_unsigned(a->patch, b->patch)) != 0)
		return r;
	return cmp_unsigned(a->extra, b->extra);
}

/* version_at_least - a >= "s" (s must parse; otherwise false) */
int
version_at_least(const struct version *a, const char *s)
{
	struct version	b;

	if (a == NULL || version_parse(s, &b) < 0)
		return 0;
	return version_cmp(a, &b) >= 0;
}

/*
 * version_format - "3.7" or "2.3.19" into buf.  The struct does not record
 * how many components were written, so "as many as set" means: major and
 * minor always, then patch and extra only when they (or a later one) are
 * non-zero ("3" formats as "3.0", "2.3.19.1" round-trips).  Truncates to
 * size; returns buf ("" when size is 0 is impossible to write, so buf is
 * returned untouched then).
 */
const char *
version_format(const struct version *v, char *buf, unsigned size)
{
	if (buf == NULL || size == 0)
		return buf;
	if (v->extra != 0)
		snprintf(buf, size, "%u.%u.%u.%u", v->major, v->minor,
		    v->patch, v->extra);
	else if (v->patch != 0)
		snprintf(buf, size, "%u.%u.%u", v->major, v->minor, v->patch);
	else
		snprintf(buf, size, "%u.%u", v->major, v->minor);
	return buf;
}
