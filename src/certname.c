/* SPDX-License-Identifier: MIT */
/*
 * certname - see certname.h.  Written from RFC 6125 section 6.4 and
 * RFC 9525 section 6.3; the test table (tests/test_cert.c) holds their
 * examples.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "certname.h"

/* trimmed_len - length of s without one trailing dot */
static size_t
trimmed_len(const char *s)
{
	size_t	n = strlen(s);

	return n > 0 && s[n - 1] == '.' ? n - 1 : n;
}

/* same - a[0..n) and b[0..m) are equal, ASCII case ignored */
static bool
same(const char *a, size_t n, const char *b, size_t m)
{
	return n == m && strncasecmp(a, b, n) == 0;
}

bool
certname_match(const char *pattern, const char *host)
{
	size_t		 pn, hn, rest;
	const char	*hdot, *dot;

	if (pattern == NULL || host == NULL)
		return false;
	pn = trimmed_len(pattern);
	hn = trimmed_len(host);
	if (pn == 0 || hn == 0 || memchr(host, '*', hn) != NULL ||
	    memchr(pattern, '\0', pn) != NULL)
		return false;
	if (memchr(pattern, '*', pn) == NULL)
		return same(pattern, pn, host, hn);
	/* The wildcard must be the whole left-most label, and the only one. */
	if (pn < 3 || pattern[0] != '*' || pattern[1] != '.' ||
	    memchr(pattern + 1, '*', pn - 1) != NULL)
		return false;
	/* At least two labels after it: "*.org" covers nothing. */
	dot = memchr(pattern + 2, '.', pn - 2);
	if (dot == NULL || dot == pattern + 2 || dot + 1 == pattern + pn)
		return false;
	/* It stands for exactly one non-empty label of the host. */
	if ((hdot = memchr(host, '.', hn)) == NULL || hdot == host)
		return false;
	rest = hn - (size_t)(hdot - host);
	return same(pattern + 1, pn - 1, hdot, rest);
}

bool
certname_covered(const char *const *dns, size_t n, const char *cn,
    const char *host, bool *by_cn_r)
{
	size_t	i;

	if (by_cn_r != NULL)
		*by_cn_r = n == 0;
	if (n == 0)
		return cn != NULL && certname_match(cn, host);
	for (i = 0; i < n; i++)
		if (certname_match(dns[i], host))
			return true;
	return false;
}

bool
certname_is_host(const char *s)
{
	size_t		 n = trimmed_len(s);
	const char	*last;

	if (n == 0 || n > 253 || strchr(s, '.') == NULL || s[0] == '.' ||
	    strstr(s, "..") != NULL)
		return false;
	/* An address literal ("192.0.2.1"): a top-level label is never
	 * all digits. */
	for (last = s + n; last > s && last[-1] != '.'; last--)
		;
	if (strspn(last, "0123456789") == (size_t)(s + n - last))
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-._") >= n;
}
