/* SPDX-License-Identifier: MIT */
/*
 * certdate - calendar dates for the certificate checks: "--now DATE"
 * (YYYY-MM-DD or ISO 8601), a broken-down UTC time to seconds since the
 * epoch without the host's time zone (no timegm(), no TZ), and the ISO
 * form certificates' dates are reported in.
 *
 * Layer 0: a leaf (libc only).  Pure.
 */
#ifndef MAILLINT_CERTDATE_H
#define MAILLINT_CERTDATE_H

#include <stddef.h>
#include <stdint.h>

/* Seconds since 1970-01-01T00:00:00Z; negative before it. */
typedef int64_t	certtime_t;

#define CERTDATE_ISO_LEN	21	/* "YYYY-MM-DDTHH:MM:SSZ" + NUL */

/*
 * certdate_from_civil - seconds of year-mon-day hh:mm:ss UTC (mon 1..12);
 * the proleptic Gregorian calendar, any year from 0 to 9999.
 */
certtime_t	certdate_from_civil(int year, int mon, int day, int hh, int mm,
		    int ss);
/*
 * certdate_parse - "2026-12-03", "2026-12-03T10:00", "2026-12-03T10:00:59",
 * "2026-12-03 10:00:59Z", "2026-12-03T10:00:59+02:00" (also "+0200")
 * into seconds (UTC).  A time without a zone is UTC.  NULL on success,
 * else what is wrong (a static string).
 */
const char	*certdate_parse(const char *s, certtime_t *t_r);
/* certdate_format - t as "YYYY-MM-DDTHH:MM:SSZ" in buf (CERTDATE_ISO_LEN) */
const char	*certdate_format(certtime_t t, char *buf, size_t size);
/*
 * certdate_days_left - whole days from now until t, rounded down
 * (negative once t has passed: -1 during the first day after it)
 */
long long	certdate_days_left(certtime_t now, certtime_t t);

#endif
