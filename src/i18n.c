/* SPDX-License-Identifier: MIT */
/*
 * i18n - selecting the language and looking messages up (i18n.h).
 *
 * The language is decided here, not left to the libc: glibc ignores
 * LANGUAGE in the "C" locale, and a host may lack the locale a user
 * names (LANG=nl_NL.UTF-8 on a machine with only C.UTF-8).  So a Dutch
 * selection sets LC_MESSAGES from the environment when that locale
 * exists, else C.UTF-8, and LANGUAGE=nl, which gettext honours in any
 * locale but "C".  The catalogue is read as UTF-8 whatever the locale.
 */
#include "config.h"

#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

/* The languages maillint speaks: English (the msgids) first. */
static const char *const langs[] = { "en", "nl" };
#define N_LANGS	(sizeof(langs) / sizeof(langs[0]))

static const char	*selected = "en";
static bool		 active;

bool
i18n_known(const char *lang)
{
	size_t	i;

	for (i = 0; lang != NULL && i < N_LANGS; i++)
		if (strcmp(lang, langs[i]) == 0)
			return true;
	return false;
}

const char *
i18n_languages(void)
{
	return "en, nl";
}

/* lang_of - the language of a locale or LANGUAGE entry ("nl_BE.UTF-8"
 * -> "nl"), when maillint has it; NULL otherwise */
static const char *
lang_of(const char *s, size_t n)
{
	size_t	i, k;

	for (k = 0; k < n && s[k] != '_' && s[k] != '.' && s[k] != '@'; k++)
		continue;
	for (i = 0; i < N_LANGS; i++)
		if (strlen(langs[i]) == k && strncmp(s, langs[i], k) == 0)
			return langs[i];
	return NULL;
}

/* env_lang - the language gettext would pick from the environment */
static const char *
env_lang(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char	*loc = NULL, *lg, *p, *q, *l;
	size_t		 i;

	for (i = 0; i < 3 && loc == NULL; i++)
		if ((p = getenv(vars[i])) != NULL && p[0] != '\0')
			loc = p;
	/* Like gettext: LANGUAGE counts unless the locale is "C". */
	if (loc == NULL || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
		return "en";
	if ((lg = getenv("LANGUAGE")) != NULL)
		for (p = lg; *p != '\0'; p = *q != '\0' ? q + 1 : q) {
			q = strchr(p, ':');
			if (q == NULL)
				q = p + strlen(p);
			if ((l = lang_of(p, (size_t)(q - p))) != NULL)
				return l;
		}
	l = lang_of(loc, strlen(loc));
	return l != NULL ? l : "en";
}

/* bound - the catalogue of the selected language is found in dir */
static bool
bound(const char *dir)
{
	const char	*hdr;

	if (bindtextdomain(I18N_DOMAIN, dir) == NULL)
		return false;
	bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
	/* The empty msgid is the catalogue's header: found or not. */
	hdr = dgettext(I18N_DOMAIN, "");
	return hdr != NULL && hdr[0] != '\0';
}

/* bind - beside the program (a build tree), else LOCALEDIR */
static bool
bind(void)
{
	char	self[PATH_MAX], dir[PATH_MAX + 8];
	char	*slash;
	ssize_t	 n;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			snprintf(dir, sizeof(dir), "%s/po", self);
			if (bound(dir))
				return true;
		}
	}
	return bound(LOCALEDIR);
}

int
i18n_select(const char *lang)
{
	const char	*l, *cur;

	if (lang != NULL && !i18n_known(lang))
		return -1;
	l = lang != NULL ? lang : env_lang();
	selected = "en";
	active = false;
	if (strcmp(l, "en") == 0)
		return 0;
	cur = setlocale(LC_MESSAGES, lang != NULL ? "C.UTF-8" : "");
	if (cur == NULL || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	setenv("LANGUAGE", l, 1);
	if (!bind()) {
		if (lang != NULL)
			fprintf(stderr, "maillint: --lang %s: no catalogue "
			    "found (%s/%s/LC_MESSAGES/%s.mo): English\n", l,
			    LOCALEDIR, l, I18N_DOMAIN);
		setlocale(LC_MESSAGES, "C");
		return 0;
	}
	selected = l;
	active = true;
	return 0;
}

bool
i18n_active(void)
{
	return active;
}

const char *
i18n_lang(void)
{
	return selected;
}

const char *
i18n_text(const char *msgid)
{
	if (!active || msgid == NULL || msgid[0] == '\0')
		return msgid;
	return dgettext(I18N_DOMAIN, msgid);
}

const char *
i18n_ntext(const char *msgid, const char *plural, unsigned long n)
{
	if (!active)
		return n == 1 ? msgid : plural;
	return dngettext(I18N_DOMAIN, msgid, plural, n);
}
