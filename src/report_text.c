/* SPDX-License-Identifier: MIT */
/*
 * report_text - gcc/mandoc-style lines:
 *
 *   etc/postfix/main.cf:41:1: error: message [ID]
 *     fix: smtpd_tls_protocols = >=TLSv1.2
 *     run: postconf -e 'smtpd_tls_protocols = >=TLSv1.2'
 *
 * A finding about something missing (line 0) prints the file alone.
 * Diagnostics go to the error stream in the same shape.  Colour only when
 * asked (main decides: a terminal and no NO_COLOR).  Every string taken
 * from a configuration is escaped (textesc) before it reaches a terminal.
 * Messages, the fix and run labels and the summary are in the selected
 * language (i18n.h); severities and rule ids are keywords and stay.
 */
#include "config.h"

#include <string.h>

#include "diag.h"
#include "eval.h"
#include "i18n.h"
#include "report.h"
#include "textesc.h"

#define C_RESET	"\033[0m"
#define C_BOLD	"\033[1m"
#define C_RED	"\033[1;31m"
#define C_YEL	"\033[1;33m"
#define C_CYAN	"\033[1;36m"
#define C_DIM	"\033[2m"

static const char *
sev_color(enum sev s)
{
	return s == SEV_ERROR ? C_RED : s == SEV_WARN ? C_YEL : C_CYAN;
}

static void
put_loc(FILE *f, const struct loc *l)
{
	if (l->file == NULL) {
		fputs("maillint: ", f);
		return;
	}
	textesc_put(f, l->file);
	if (l->line > 0) {
		fprintf(f, ":%u", l->line);
		if (l->col > 0)
			fprintf(f, ":%u", l->col);
	}
	fputs(": ", f);
}

void
report_diag_text(FILE *f, const struct diag *d)
{
	put_loc(f, &d->loc);
	fprintf(f, "%s: ", sev_name(d->sev));
	textesc_put(f, d->msg);
	fputc('\n', f);
}

/* put_multiline - indent continuation lines of a fix under "fix: " */
static void
put_multiline(FILE *f, const char *s, const char *indent)
{
	const char	*nl;

	while ((nl = strchr(s, '\n')) != NULL) {
		char	line[4096];
		size_t	n = (size_t)(nl - s);

		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, s, n);
		line[n] = '\0';
		textesc_put(f, line);
		fprintf(f, "\n%s", indent);
		s = nl + 1;
	}
	textesc_put(f, s);
}

/* put_fix - "  fix: TEXT", continuation lines under the text */
static void
put_fix(FILE *out, const struct finding *f)
{
	/* TRANSLATORS: the label of a finding's fix line */
	const char	*label = _("fix");
	char		 indent[64];
	size_t		 n = strlen(label) + 4;

	if (n >= sizeof(indent))
		n = sizeof(indent) - 1;
	memset(indent, ' ', n);
	indent[n] = '\0';
	fprintf(out, "  %s: ", label);
	put_multiline(out, finding_fix_text(f), indent);
	fputc('\n', out);
}

/* summary - the last line(s): counts, files, profile, suppressions */
static void
summary(FILE *out, const struct report_in *in, const size_t n[3])
{
	const struct findings	*fs = in->findings;

	fputs("maillint: ", out);
	if (in->n_files == 0 && (fs == NULL || fs->len == 0))
		/* nothing was understood: never "no findings" */
		fputs(_("nothing linted"), out);
	else if (fs == NULL || fs->len == 0)
		fputs(_("no findings"), out);
	else {
		report_counts(out, n);
	}
	fputs(" (", out);
	fprintf(out, _("%zu files, profile %s"), in->n_files, in->profile);
	if (in->n_suppressed > 0)
		fprintf(out, _(", %zu suppressed inline"), in->n_suppressed);
	if (in->baseline)
		fprintf(out, _(", %zu in the baseline"), in->n_baselined);
	fputs(")\n", out);
	if (in->n_baseline_gone > 0)
		fprintf(out, i18n_ntext("maillint: %zu baselined finding no "
		    "longer occurs: --write-baseline shrinks the baseline\n",
		    "maillint: %zu baselined findings no longer occur: "
		    "--write-baseline shrinks the baseline\n",
		    in->n_baseline_gone), in->n_baseline_gone);
}

static void
emit(FILE *out, FILE *err, const struct report_in *in)
{
	const struct findings	*fs = in->findings;
	size_t			 i, n[3] = { 0, 0, 0 };

	for (i = 0; in->diags != NULL && i < in->diags->len; i++)
		report_diag_text(err, &in->diags->v[i]);
	if (in->diags != NULL && in->diags->dropped > 0)
		fprintf(err, _("maillint: %zu more diagnostics not shown\n"),
		    in->diags->dropped);
	for (i = 0; fs != NULL && i < fs->len; i++) {
		const struct finding	*f = &fs->v[i];

		n[f->sev]++;
		if (in->color)
			fputs(C_BOLD, out);
		put_loc(out, &f->loc);
		if (in->color)
			fprintf(out, "%s%s:" C_RESET " ", sev_color(f->sev),
			    sev_name(f->sev));
		else
			fprintf(out, "%s: ", sev_name(f->sev));
		textesc_put(out, finding_message(f));
		fprintf(out, in->color ? " " C_DIM "[%s]" C_RESET "\n" : " [%s]\n",
		    f->rule_id);
		if (f->fix_text != NULL)
			put_fix(out, f);
		if (f->fix_command != NULL) {
			/* TRANSLATORS: the label of a finding's command line */
			fprintf(out, "  %s: ", _("run"));
			textesc_put(out, f->fix_command);
			fputc('\n', out);
		}
	}
	summary(out, in, n);
}

const struct reporter report_text = { "text", emit };

void
report_counts(FILE *out, const size_t n[3])
{
	fprintf(out, i18n_ntext("%zu error", "%zu errors", n[SEV_ERROR]),
	    n[SEV_ERROR]);
	fputs(", ", out);
	fprintf(out, i18n_ntext("%zu warning", "%zu warnings", n[SEV_WARN]),
	    n[SEV_WARN]);
	fputs(", ", out);
	fprintf(out, _("%zu info"), n[SEV_INFO]);
}
