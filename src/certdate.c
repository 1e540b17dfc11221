/* SPDX-License-Identifier: MIT */
/*
 * certdate - see certdate.h.
 *
 * The civil-date conversion is the usual era arithmetic of the proleptic
 * Gregorian calendar (400-year eras of 146097 days, years counted from
 * March so that the leap day is last), written here from the calendar's
 * definition.  Parsing accepts exactly the forms certdate.h lists: a
 * reproducible run must not depend on what strptime() or the locale
 * happen to allow.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "certdate.h"

#define DAY	86400

/* days_from_civil - days since 1970-01-01 of a Gregorian date */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t		era;
	unsigned	yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* civil_from_days - the inverse */
static void
civil_from_days(int64_t z, int64_t *y_r, unsigned *m_r, unsigned *d_r)
{
	int64_t		era;
	unsigned	doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d_r = doy - (153 * mp + 2) / 5 + 1;
	*m_r = mp < 10 ? mp + 3 : mp - 9;
	*y_r = (int64_t)yoe + era * 400 + (*m_r <= 2);
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

certtime_t
certdate_from_civil(int year, int mon, int day, int hh, int mm, int ss)
{
	return days_from_civil(year, (unsigned)mon, (unsigned)day) * DAY +
	    (int64_t)hh * 3600 + (int64_t)mm * 60 + ss;
}

/* digits - n decimal digits at *p into *v; advances *p */
static bool
digits(const char **p, int n, int *v)
{
	int	i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return false;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return true;
}

/* zone - "", "Z", "+HH:MM", "+HHMM", "-HH..." into seconds east of UTC */
static const char *
zone(const char *p, int *off_r)
{
	int	sign, h, m = 0;

	*off_r = 0;
	if (*p == '\0')
		return NULL;
	if ((p[0] == 'Z' || p[0] == 'z') && p[1] == '\0')
		return NULL;
	if (*p != '+' && *p != '-')
		return "expected Z or +HH:MM after the time";
	sign = *p++ == '-' ? -1 : 1;
	if (!digits(&p, 2, &h))
		return "bad time zone offset";
	if (*p == ':')
		p++;
	if (*p != '\0' && !digits(&p, 2, &m))
		return "bad time zone offset";
	if (*p != '\0' || h > 23 || m > 59)
		return "bad time zone offset";
	*off_r = sign * (h * 3600 + m * 60);
	return NULL;
}

const char *
certdate_parse(const char *s, certtime_t *t_r)
{
	const char	*p = s, *err;
	int		 y, mo, d, hh = 0, mi = 0, ss = 0, off;

	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
	    *p++ != '-' || !digits(&p, 2, &d))
		return "expected YYYY-MM-DD";
	if (mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo))
		return "no such date";
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (!digits(&p, 2, &hh) || *p++ != ':' || !digits(&p, 2, &mi))
			return "expected HH:MM after the date";
		if (*p == ':') {
			p++;
			if (!digits(&p, 2, &ss))
				return "expected HH:MM:SS";
			if (*p == '.')	/* fractions of a second: ignored */
				for (p++; *p >= '0' && *p <= '9'; p++)
					;
		}
		if (hh > 23 || mi > 59 || ss > 60)
			return "no such time";
	}
	if ((err = zone(p, &off)) != NULL)
		return err;
	*t_r = certdate_from_civil(y, mo, d, hh, mi, ss > 59 ? 59 : ss) - off;
	return NULL;
}

const char *
certdate_format(certtime_t t, char *buf, size_t size)
{
	int64_t		days = t / DAY, y;
	int64_t		sec = t % DAY;
	unsigned	m, d;

	if (sec < 0) {
		sec += DAY;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, size, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y,
	    m, d, (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
	return buf;
}

long long
certdate_days_left(certtime_t now, certtime_t t)
{
	int64_t	diff = t - now;

	/* Floor division: a certificate that expired a second ago has -1
	 * days left, not 0. */
	return diff >= 0 ? diff / DAY : -((-diff + DAY - 1) / DAY);
}
