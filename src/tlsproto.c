/* SPDX-License-Identifier: MIT */
/*
 * tlsproto - TLS protocol sets from Postfix and Dovecot configuration values.
 *
 * Mirrors, token for token:
 *  - Postfix tls_proto_mask_lims() (tls/tls_misc.c, 3.6+) and the older
 *    tls_protocol_mask() for releases before 3.6 (no ">="/"<=" syntax);
 *  - Dovecot 2.3 openssl_min_protocol_to_options() for ssl_min_protocol;
 *  - Dovecot 2.2 openssl_get_protocol_options() for ssl_protocols;
 *  - Dovecot 2.3 config/old-set-parser.c ssl_protocols_to_min_protocol(),
 *    the converter that rewrites an obsolete ssl_protocols setting.
 *
 * Does not: look at the OpenSSL build (which versions are compiled in or
 * allowed by the system openssl.cnf).  The sets describe what the
 * configuration permits; each version is judged on its own, so a hole such
 * as "!TLSv1.1" stays a hole.
 *
 * Ownership: results are bitmasks or static strings; the only allocation
 * is a temporary copy of a Postfix list while it is tokenised.
 *
 * Diagnostics: none printed.  Invalid input returns -1 (or NULL), and
 * tlsproto_postfix() copies the offending token for the caller's message.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tlsproto.h"
#include "version.h"
#include "xmem.h"

/*
 * One row per bit, lowest version first.  `wire' is the protocol version
 * number used by OpenSSL's min/max bounds (SSL2_VERSION is 0x0002).
 */
static const struct {
	const char	*name;
	unsigned	 wire;
} tls_versions[TLSV_COUNT] = {
	{ "SSLv2", 0x0002 },
	{ "SSLv3", 0x0300 },
	{ "TLSv1", 0x0301 },
	{ "TLSv1.1", 0x0302 },
	{ "TLSv1.2", 0x0303 },
	{ "TLSv1.3", 0x0304 },
};

#define TLSV_IDX_SSLv3	1
#define TLSV_IDX_TLSv1_3 5

/* Postfix: CHARS_COMMA_SP ":" */
#define PF_SEPARATORS	", \t\r\n:"
/* Dovecot: t_strsplit_spaces(value, ", ") */
#define DC_SEPARATORS	", "

/* OpenSSL accepts only SSL3_VERSION .. TLS1_3_VERSION as a TLS bound. */
#define OSSL_BOUND_MIN	0x0300
#define OSSL_BOUND_MAX	0x0304

/* tlsproto_name - "SSLv2" .. "TLSv1.3" for one bit (index 0..5) */
const char *
tlsproto_name(unsigned index)
{
	return index < TLSV_COUNT ? tls_versions[index].name : NULL;
}

/* ascii_lower - tolower() without the locale */
static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* span_eq - does [s, s+n) equal name, optionally ignoring ASCII case? */
static int
span_eq(const char *s, size_t n, const char *name, int anycase)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (name[i] == '\0')
			return 0;
		if (anycase ? ascii_lower((unsigned char)s[i]) !=
		    ascii_lower((unsigned char)name[i]) : s[i] != name[i])
			return 0;
	}
	return name[n] == '\0';
}

/* next_token - find the next token in *cpp; 0 at end of input */
static int
next_token(const char **cpp, const char *seps, const char **tok_r,
    size_t *len_r)
{
	const char	*cp = *cpp;

	cp += strspn(cp, seps);
	if (*cp == '\0')
		return 0;
	*tok_r = cp;
	*len_r = strcspn(cp, seps);
	*cpp = cp + *len_r;
	return 1;
}

/* find_name - index of a protocol name among the first `limit' rows, or -1 */
static int
find_name(const char *s, size_t n, unsigned first, unsigned limit,
    int anycase)
{
	unsigned	i;

	for (i = first; i < limit; i++)
		if (span_eq(s, n, tls_versions[i].name, anycase))
			return (int)i;
	return -1;
}

/* mask_from - every version from index `lo' upward */
static unsigned
mask_from(unsigned lo)
{
	return TLSV_ALL & ~((1u << lo) - 1);
}

/*
 * pf_parse_bound - Postfix parse_tls_version(): "None", a protocol name
 * (no SSLv2) or a hex number that strtoul() accepts completely and that
 * fits in an int.  The token is NUL-terminated here.
 */
static int
pf_parse_bound(const char *tok, unsigned *version_r)
{
	unsigned long	 ulval;
	char		*end;
	int		 i;

	if (span_eq(tok, strlen(tok), "None", 1)) {
		*version_r = 0;
		return 0;
	}
	if ((i = find_name(tok, strlen(tok), TLSV_IDX_SSLv3, TLSV_COUNT,
	    1)) >= 0) {
		*version_r = tls_versions[i].wire;
		return 0;
	}
	errno = 0;
	ulval = strtoul(tok, &end, 16);
	if (*end != '\0' || (ulval == ULONG_MAX && errno == ERANGE) ||
	    ulval > INT_MAX)
		return -1;
	*version_r = (unsigned)ulval;
	return 0;
}

/*
 * pf_apply_bounds - drop versions outside [floor, ceiling].  Zero means
 * "no bound".  A hex bound that OpenSSL does not accept (e.g. 0x0002 or
 * 0x0305) makes SSL_set_min/max_proto_version() fail: Postfix logs
 * "error setting minimum TLS version" and the bound is simply not applied.
 */
static unsigned
pf_apply_bounds(unsigned mask, unsigned floor, unsigned ceiling)
{
	unsigned	i;

	if (floor < OSSL_BOUND_MIN || floor > OSSL_BOUND_MAX)
		floor = 0;
	if (ceiling < OSSL_BOUND_MIN || ceiling > OSSL_BOUND_MAX)
		ceiling = 0;
	for (i = 0; i < TLSV_COUNT; i++) {
		if ((floor != 0 && tls_versions[i].wire < floor) ||
		    (ceiling != 0 && tls_versions[i].wire > ceiling))
			mask &= ~(1u << i);
	}
	return mask;
}

/* copy_bad - give the caller the offending token */
static void
copy_bad(char *bad, size_t badlen, const char *tok, size_t n)
{
	if (bad == NULL || badlen == 0)
		return;
	if (n >= badlen)
		n = badlen - 1;
	memcpy(bad, tok, n);
	bad[n] = '\0';
}

/*
 * tlsproto_postfix - see tlsproto.h.  Version gates: ">=" and "<=" are
 * 3.6+; before that such a token is an unknown protocol name.  "TLSv1.3"
 * is a known name from 3.4 on (the 3.0.14/3.1.10/3.2.7/3.3.2 back-ports
 * are deliberately not modelled); before that it is unknown, and a bare
 * include list cannot exclude TLSv1.3 either, because Postfix only
 * excludes the complement within the protocols it knows.
 */
int
tlsproto_postfix(const char *list, const struct version *pfver,
    unsigned *mask_r, char *bad, size_t badlen)
{
	char		*save, *cp, *tok;
	unsigned	 floor = 0, ceiling = 0, include = 0, exclude = 0;
	unsigned	 known, *bound;
	int		 ranges, i;
	size_t		 n;

	ranges = pfver == NULL || version_at_least(pfver, "3.6");
	known = pfver == NULL || version_at_least(pfver, "3.4") ?
	    TLSV_ALL : TLSV_ALL & ~TLSV_TLSv1_3;
	if (bad != NULL && badlen > 0)
		bad[0] = '\0';
	*mask_r = 0;
	save = cp = xstrdup(list != NULL ? list : "");
	for (;;) {
		cp += strspn(cp, PF_SEPARATORS);
		if (*cp == '\0')
			break;
		tok = cp;
		n = strcspn(cp, PF_SEPARATORS);
		cp += n;
		if (*cp != '\0')
			*cp++ = '\0';
		bound = NULL;
		if (ranges && strncmp(tok, ">=", 2) == 0)
			bound = &floor;
		else if (ranges && strncmp(tok, "<=", 2) == 0)
			bound = &ceiling;
		if (bound != NULL) {
			if (pf_parse_bound(tok + 2, bound) == 0)
				continue;
		} else if ((i = find_name(tok + (*tok == '!'),
		    n - (*tok == '!'), 0, TLSV_COUNT, 1)) >= 0 &&
		    ((1u << i) & known) != 0) {
			if (*tok == '!')
				exclude |= 1u << i;
			else
				include |= 1u << i;
			continue;
		}
		copy_bad(bad, badlen, tok, n);
		free(save);
		return -1;
	}
	free(save);
	if (include != 0)
		exclude |= known & ~include;
	*mask_r = pf_apply_bounds(TLSV_ALL & ~exclude, floor, ceiling);
	return 0;
}

/*
 * tlsproto_dovecot_min - see tlsproto.h.  The 2.3.19 table is ANY, SSLv3,
 * TLSv1, TLSv1.1, TLSv1.2, TLSv1.3, LATEST, matched with strcasecmp().
 * ANY puts no floor above SSLv3; LATEST is TLS_MAX_VERSION (TLSv1.3).
 */
int
tlsproto_dovecot_min(const char *value, unsigned *mask_r)
{
	size_t	n;
	int	i;

	*mask_r = 0;
	if (value == NULL)
		return -1;
	n = strlen(value);
	if (span_eq(value, n, "ANY", 1))
		i = TLSV_IDX_SSLv3;
	else if (span_eq(value, n, "LATEST", 1))
		i = TLSV_IDX_TLSv1_3;
	else if ((i = find_name(value, n, TLSV_IDX_SSLv3, TLSV_COUNT, 1)) < 0)
		return -1;
	*mask_r = mask_from((unsigned)i);
	return 0;
}

/*
 * tlsproto_dovecot_protocols - see tlsproto.h.  Dovecot 2.2 knows SSLv2 ..
 * TLSv1.2 (strcasecmp) and i_fatal()s on anything else, TLSv1.3 included.
 * Its "everything" is SSLv2 .. TLSv1.2, so an include list never excludes
 * TLSv1.3: with OpenSSL 1.1.1 a 2.2 server still offers it.  SSLv2 counts
 * only when the list includes it by name (see below).
 */
int
tlsproto_dovecot_protocols(const char *value, unsigned *mask_r)
{
	const char	*cp = value != NULL ? value : "", *tok;
	unsigned	 include = 0, exclude = 0, bit;
	size_t		 n;
	int		 i, neg;

	*mask_r = 0;
	while (next_token(&cp, DC_SEPARATORS, &tok, &n)) {
		neg = *tok == '!';
		if ((i = find_name(tok + neg, n - neg, 0, TLSV_IDX_TLSv1_3,
		    1)) < 0)
			return -1;
		bit = 1u << i;
		if (neg)
			exclude |= bit;
		else
			include |= bit;
	}
	if (include != 0)
		exclude |= (TLSV_ALL & ~TLSV_TLSv1_3) & ~include;
	/*
	 * SSLv2 only where the list names it: OpenSSL 1.1 has no SSLv2 (2.2
	 * then refuses the name "SSLv2" at start-up) and 1.0.2g and later
	 * build without it by default, so "!SSLv3 !TLSv1" leaves it off.
	 */
	if ((include & TLSV_SSLv2) == 0)
		exclude |= TLSV_SSLv2;
	*mask_r = TLSV_ALL & ~exclude;
	return 0;
}

/*
 * tlsproto_dovecot_min_from_protocols - see tlsproto.h.  Mirrors 2.3's
 * ssl_protocols_to_min_protocol(): names SSLv3 .. TLSv1.2 only, matched
 * with strcmp() (case matters; SSLv2 and TLSv1.3 are "Unrecognized
 * protocol"); with any explicit include the result is the lowest
 * included version, otherwise the lowest version not mentioned at all;
 * NULL for "All protocols disabled".  On NULL Dovecot logs an error and
 * leaves ssl_min_protocol at its default.
 */
const char *
tlsproto_dovecot_min_from_protocols(const char *value)
{
	int		 state[TLSV_COUNT] = { 0 };	/* -1 off, 1 on */
	const char	*cp = value != NULL ? value : "", *tok;
	size_t		 n;
	int		 i, neg, explicit_enable = 0;

	while (next_token(&cp, DC_SEPARATORS, &tok, &n)) {
		neg = *tok == '!';
		if ((i = find_name(tok + neg, n - neg, TLSV_IDX_SSLv3,
		    TLSV_IDX_TLSv1_3, 0)) < 0)
			return NULL;
		state[i] = neg ? -1 : 1;
		if (!neg)
			explicit_enable = 1;
	}
	for (i = TLSV_IDX_SSLv3; i < TLSV_IDX_TLSv1_3; i++) {
		if (explicit_enable ? state[i] > 0 : state[i] == 0)
			return tls_versions[i].name;
	}
	return NULL;
}

/* tlsproto_format - "TLSv1 TLSv1.1" style list of a set into buf */
const char *
tlsproto_format(unsigned mask, char *buf, size_t size)
{
	size_t		len = 0, n;
	unsigned	i;

	if (buf == NULL || size == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < TLSV_COUNT; i++) {
		if ((mask & (1u << i)) == 0)
			continue;
		n = strlen(tls_versions[i].name) + (len > 0);
		if (len + n >= size)
			break;	/* truncate at a whole name */
		if (len > 0)
			buf[len++] = ' ';
		memcpy(buf + len, tls_versions[i].name,
		    strlen(tls_versions[i].name) + 1);
		len += strlen(tls_versions[i].name);
	}
	return buf;
}
