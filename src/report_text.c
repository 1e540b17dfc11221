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
 */
#include "config.h"

#include <string.h>

#include "diag.h"
#include "eval.h"
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

static void
emit(FILE *out, FILE *err, const struct report_in *in)
{
	const struct findings	*fs = in->findings;
	size_t			 i, n[3] = { 0, 0, 0 };

	for (i = 0; in->diags != NULL && i < in->diags->len; i++)
		report_diag_text(err, &in->diags->v[i]);
	if (in->diags != NULL && in->diags->dropped > 0)
		fprintf(err, "maillint: %zu more diagnostics not shown\n",
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
		textesc_put(out, f->message);
		fprintf(out, in->color ? " " C_DIM "[%s]" C_RESET "\n" : " [%s]\n",
		    f->rule_id);
		if (f->fix_text != NULL) {
			fputs("  fix: ", out);
			put_multiline(out, f->fix_text, "       ");
			fputc('\n', out);
		}
		if (f->fix_command != NULL) {
			fputs("  run: ", out);
			textesc_put(out, f->fix_command);
			fputc('\n', out);
		}
	}
	if (in->n_files == 0 && (fs == NULL || fs->len == 0))
		/* nothing was understood: never "no findings" */
		fprintf(out, "maillint: nothing linted (0 files, profile %s",
		    in->profile);
	else if (fs == NULL || fs->len == 0)
		fprintf(out, "maillint: no findings (%zu files, profile %s",
		    in->n_files, in->profile);
	else
		fprintf(out, "maillint: %zu error%s, %zu warning%s, %zu info "
		    "(%zu files, profile %s", n[SEV_ERROR],
		    n[SEV_ERROR] == 1 ? "" : "s", n[SEV_WARN],
		    n[SEV_WARN] == 1 ? "" : "s", n[SEV_INFO], in->n_files,
		    in->profile);
	if (in->n_suppressed > 0)
		fprintf(out, ", %zu suppressed inline", in->n_suppressed);
	if (in->baseline)
		fprintf(out, ", %zu in the baseline", in->n_baselined);
	fputs(")\n", out);
	if (in->n_baseline_gone > 0)
		fprintf(out, "maillint: %zu baselined finding%s no longer "
		    "occur%s: --write-baseline shrinks the baseline\n",
		    in->n_baseline_gone, in->n_baseline_gone == 1 ? "" : "s",
		    in->n_baseline_gone == 1 ? "s" : "");
}

const struct reporter report_text = { "text", emit };
