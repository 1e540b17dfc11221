/* SPDX-License-Identifier: MIT */
/*
 * report_gcc - one line per finding, as compilers print them, for editors
 * (vim's and Emacs' compile modes, VS Code problem matchers):
 *
 *   etc/postfix/main.cf:41:1: error: message [ID]
 *   etc/postfix/master.cf: warning: message [ID]
 *
 * error, warning, and note for info.  A finding about something missing
 * (line 0) gives the file alone.  No fix lines, no summary, no colour;
 * diagnostics go to the error stream as in text.  Strings from a
 * configuration are escaped (textesc).
 *
 * report_text_host (report.h), the text of --fleet, uses the same lines.
 */
#include "config.h"

#include "diag.h"
#include "eval.h"
#include "i18n.h"
#include "report.h"
#include "textesc.h"

/* finding_line - file:line:col: error|warning|note: message [ID] */
static void
finding_line(FILE *out, const struct finding *f)
{
	if (f->loc.file != NULL) {
		textesc_put(out, f->loc.file);
		if (f->loc.line > 0)
			fprintf(out, ":%u:%u", f->loc.line,
			    f->loc.col > 0 ? f->loc.col : 1);
		fputs(": ", out);
	} else
		fputs("maillint: ", out);
	fprintf(out, "%s: ", f->sev == SEV_ERROR ? "error" :
	    f->sev == SEV_WARN ? "warning" : "note");
	textesc_put(out, finding_message(f));
	fprintf(out, " [%s]\n", f->rule_id);
}

static void
emit(FILE *out, FILE *err, const struct report_in *in)
{
	const struct findings	*fs = in->findings;
	size_t			 i;

	for (i = 0; in->diags != NULL && i < in->diags->len; i++)
		report_diag_text(err, &in->diags->v[i]);
	for (i = 0; fs != NULL && i < fs->len; i++)
		finding_line(out, &fs->v[i]);
}

void
report_text_host(FILE *out, const struct report_host *h,
    const struct report_in *in)
{
	const struct findings	*fs = in->findings;
	size_t			 i, n[3] = { 0, 0, 0 };

	for (i = 0; fs != NULL && i < fs->len; i++)
		n[fs->v[i].sev]++;
	textesc_put(out, h->name);
	fputs(": ", out);
	if (h->error != NULL) {
		fputs(_("failed: "), out);
		textesc_put(out, h->error);
	} else if (n[SEV_ERROR] + n[SEV_WARN] + n[SEV_INFO] == 0)
		fputs(_("clean"), out);
	else {
		report_counts(out, n);
	}
	fputc('\n', out);
	/* a snapshot's notes (a key left out of it) are in the JSON */
	for (i = 0; in->diags != NULL && i < in->diags->len; i++) {
		if (in->diags->v[i].sev == SEV_INFO)
			continue;
		fputs("  ", out);
		report_diag_text(out, &in->diags->v[i]);
	}
	for (i = 0; fs != NULL && i < fs->len; i++) {
		fputs("  ", out);
		finding_line(out, &fs->v[i]);
	}
}

const struct reporter report_gcc = { "gcc", emit };
