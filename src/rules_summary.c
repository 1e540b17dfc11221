/* SPDX-License-Identifier: MIT */
/*
 * rules_summary - the one-line summary of a rule's fix that --list-rules,
 * --explain and SARIF print, computed when asked (most runs never ask):
 * "smtpd_tls_protocols = >=TLSv1.2 (Postfix >= 3.6) / !SSLv2, !SSLv3,
 * !TLSv1, !TLSv1.1 (older)".
 *
 * With l10n, its words are in the selected language (i18n.h: the text
 * forms of --list-rules and --explain); SARIF and JSON take English.
 *
 * Layer: the loader; it reads only the compiled rule (rule.h).
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "i18n.h"
#include "rules_int.h"
#include "strbuf.h"

/* The words of the summary, English or translated (xgettext: L). */
#define L(msg)	(l10n ? _(msg) : (msg))

/* add_when - " (Postfix >= 3.6, < 3.8)" for an alternative */
static void
add_when(struct strbuf *sb, const struct rule *r, size_t i, bool l10n)
{
	static const char *const ops[] = { "<", "<=", ">", ">=", "=", "!=" };
	const struct verexpr	*ve = &r->fix[i].ver;
	char			 buf[64];
	size_t			 j, k;
	bool			 older = true;

	if (ve->n == 0) {
		if (i == 0)
			return;
		/* A fallback after ">=" alternatives is for older versions. */
		for (j = 0; j < i; j++)
			for (k = 0; k < r->fix[j].ver.n; k++)
				if (r->fix[j].ver.t[k].op != VOP_GE &&
				    r->fix[j].ver.t[k].op != VOP_GT)
					older = false;
		strbuf_adds(sb, older ? L(" (older)") : L(" (otherwise)"));
		return;
	}
	strbuf_printf(sb, " (%s", r->product == PRODUCT_POSTFIX ? "Postfix" :
	    "Dovecot");
	for (j = 0; j < ve->n; j++)
		strbuf_printf(sb, "%s %s %s", j ? "," : "", ops[ve->t[j].op],
		    version_format(&ve->t[j].v, buf, sizeof(buf)));
	strbuf_addc(sb, ')');
}

/* same_names - alternative i sets exactly the names of alternative 0 */
static bool
same_names(const struct rule *r, size_t i)
{
	const struct fix_alt	*x = &r->fix[0], *y = &r->fix[i];
	size_t			 j;

	if (i == 0 || x->kind != FK_SET || y->kind != FK_SET ||
	    x->n_kv != y->n_kv)
		return false;
	for (j = 0; j < x->n_kv; j++)
		if (strcmp(x->kv[j].name, y->kv[j].name) != 0)
			return false;
	return true;
}

/* summary_name - "{setting}" by name when the rule tells which it is */
static const char *
summary_name(const struct rule *r, const struct kv *kv)
{
	if (strcmp(kv->name, "{setting}") != 0)
		return kv->name;
	if (r->blame == BLAME_SETTING)
		return r->blame_name;
	if (r->blame == BLAME_TLS_PROTOCOLS && r->product == PRODUCT_POSTFIX)
		return "smtpd_tls_[mandatory_]protocols";
	if (r->subject == SUBJ_SETTING && r->n_settings == 1 &&
	    r->settings[0].re == NULL)
		return r->settings[0].name;
	return kv->name;
}

void
rules_fix_summary(struct strbuf *out, const struct rule *r, bool l10n)
{
	size_t	i, j;

	for (i = 0; i < r->n_fix; i++) {
		const struct fix_alt	*fa = &r->fix[i];
		bool			 short_form = same_names(r, i);

		if (i > 0)
			strbuf_adds(out, " / ");
		switch (fa->kind) {
		case FK_SET:
			for (j = 0; j < fa->n_kv; j++)
				strbuf_printf(out, "%s%s%s%s", j ? "; " : "",
				    short_form ? "" :
				    summary_name(r, &fa->kv[j]),
				    short_form ? "" : " = ", fa->kv[j].value);
			break;
		case FK_ADD_SERVICE:
			strbuf_printf(out, L("add or uncomment master.cf "
			    "entry %s/%s (%s)"), fa->name, fa->type,
			    fa->command);
			break;
		case FK_ADD_LISTENER:
			strbuf_printf(out, "service %s { inet_listener %s { "
			    "port = %u%s%s } }", fa->service, fa->name,
			    fa->port, fa->ssl != NULL ? ", ssl = " : "",
			    fa->ssl != NULL ? fa->ssl : "");
			break;
		case FK_TEXT: {
			const char	*t = l10n ? _(fa->text) : fa->text;

			strbuf_add(out, t, strcspn(t, "\n"));
			break;
		}
		}
		add_when(out, r, i, l10n);
	}
}
