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
 */
#include "config.h"

#include "diag.h"
#include "eval.h"
#include "report.h"
#include "textesc.h"

static void
emit(FILE *out, FILE *err, const struct report_in *in)
{
	const struct findings	*fs = in->findings;
	size_t			 i;

	for (i = 0; in->diags != NULL && i < in->diags->len; i++)
		report_diag_text(err, &in->diags->v[i]);
	for (i = 0; fs != NULL && i < fs->len; i++) {
		const struct finding	*f = &fs->v[i];

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
}

const struct reporter report_gcc = { "gcc", emit };
