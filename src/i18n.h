/* SPDX-License-Identifier: MIT */
/*
 * i18n - the language of user-facing text: one GNU gettext catalogue,
 * domain "maillint" (po/), English the source language.
 *
 * i18n_select() decides the language once, from --lang or the
 * environment (LC_ALL, LC_MESSAGES, LANG, then LANGUAGE as gettext reads
 * them), and binds the catalogue: beside the running program first
 * (a build tree's po/), else LOCALEDIR.  English binds nothing: every
 * lookup returns its msgid, so English output never depends on a
 * catalogue.  Only LC_MESSAGES is set from the environment; number
 * formats, character classes and collation stay those of the C locale.
 *
 * Rule texts are translated before their {placeholders} are filled in:
 * the msgid is the template as written in rules/NAME.yaml.
 *
 * Layer 0: libc (libintl) only; the catalogue files are opened by
 * gettext itself.  The selection is process-wide, like gettext's.
 */
#ifndef MAILLINT_I18N_H
#define MAILLINT_I18N_H

#include <stdbool.h>

#define I18N_DOMAIN	"maillint"

/* _() translates a message; N_() marks one for xgettext only. */
#define _(s)	i18n_text(s)
#define N_(s)	(s)

/*
 * i18n_select - choose the language: lang (--lang, "en" or "nl"), or the
 * environment when lang is NULL.  0 when done, -1 when lang names no
 * language maillint has (nothing changes).  A language whose catalogue
 * is not found falls back to English, with a warning on stderr when it
 * was asked for with --lang.
 */
int		 i18n_select(const char *lang);
/* i18n_known - lang names a language of --lang ("en", "nl") */
bool		 i18n_known(const char *lang);
/* i18n_languages - the --lang values, for messages ("en, nl") */
const char	*i18n_languages(void);
/* i18n_active - a language other than English was selected and found */
bool		 i18n_active(void);
/* i18n_lang - "en" or the selected language's code */
const char	*i18n_lang(void);
/* i18n_text - the translation of msgid, or msgid itself (English, no
 * entry, or ""); a static string of the catalogue: do not free */
const char	*i18n_text(const char *msgid)
		    __attribute__((format_arg(1)));
/* i18n_ntext - the same for a message with a count (ngettext) */
const char	*i18n_ntext(const char *msgid, const char *plural,
		    unsigned long n)
		    __attribute__((format_arg(1), format_arg(2)));

#endif
