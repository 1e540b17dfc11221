/* SPDX-License-Identifier: MIT */
/*
 * report_json - the stable JSON contract (DESIGN.md section 3):
 *
 *   {"tool": "maillint", "version": ..., "profile": ...,
 *    "findings": [{"rule", "fingerprint", "severity", "file", "line",
 *                  "column", "scope",
 *                  ["listeners": [scope, ...],]
 *                  "message", ["message_localized",]
 *                  "fix": {"text", ["text_localized",] "command",
 *                          "edits": [...]},
 *                  ["certificate": {...}]}],
 *    "diagnostics": [{"file", "line", "column", "severity", "message"}],
 *    "summary": {"error": N, "warning": N, "info": N, "files": N,
 *                "suppressed": N, ["baselined": N, "baseline_gone": N]}}
 *
 * "fingerprint" names the finding across runs and line moves
 * (finding_fingerprint(), as in baselines and SARIF).
 *
 * "listeners" is there when one cause (the same rule, line and fix)
 * affects several listeners: the finding's own scope first, then the
 * others, all of them (the message names the first 20).
 * "certificate" is there for the findings of certificate rules: the
 * facts of the certificate (or DH parameter file) judged, as
 * cert_fact_json() writes them (certfacts.h): subject, san, not_after,
 * key_type, key_bits, fingerprint_sha256, ...
 * "message" is always English (scripts match it; fingerprints hash it);
 * "message_localized" is there when a language other than English is
 * selected (--lang, LANG; i18n.h): the message in that language, the
 * rule's translated template with the same placeholders filled in.  A
 * fix with text then has "text_localized" too (the same as "text" but
 * for prose fixes: settings are not translated).
 * Fields are only ever added, never renamed.  `line` is 0 when the
 * finding is about something missing; `file` then names where it belongs.
 */
#include "config.h"

#include "certfacts.h"
#include "diag.h"
#include "eval.h"
#include "i18n.h"
#include "json.h"
#include "report.h"
#include "resolve.h"

static void
fix_json(struct json *j, const struct finding *f)
{
	size_t	i;

	json_key(j, "fix");
	if (f->fix_text == NULL && f->n_edits == 0) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	json_kv_str(j, "text", f->fix_text);
	if (i18n_active() && f->fix_text != NULL)
		json_kv_str(j, "text_localized", finding_fix_text(f));
	json_kv_str(j, "command", f->fix_command);
	json_key(j, "edits");
	json_arr_begin(j);
	for (i = 0; i < f->n_edits; i++) {
		const struct fix_edit	*e = &f->edits[i];

		json_obj_begin(j);
		json_kv_str(j, "action", finding_action_name(e->action));
		json_kv_str(j, "file", e->file);
		json_kv_int(j, "line", e->line);
		if (e->end_line > 0)
			json_kv_int(j, "end_line", e->end_line);
		json_kv_str(j, "scope", e->scope);
		if (e->name != NULL)
			json_kv_str(j, "name", e->name);
		if (e->value != NULL)
			json_kv_str(j, "value", e->value);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

/* body - the findings, diagnostics and summary members of an object */
static void
body(struct json *j, const struct report_in *in)
{
	const struct findings	*fs = in->findings;
	size_t			 i, n[3] = { 0, 0, 0 };
	char			 fp[FINDING_FP_LEN];

	json_key(j, "findings");
	json_arr_begin(j);
	for (i = 0; fs != NULL && i < fs->len; i++) {
		const struct finding	*f = &fs->v[i];

		n[f->sev]++;
		json_obj_begin(j);
		json_kv_str(j, "rule", f->rule_id);
		json_kv_str(j, "fingerprint", finding_fingerprint(f, fp));
		json_kv_str(j, "severity", sev_name(f->sev));
		json_kv_str(j, "file", f->loc.file);
		json_kv_int(j, "line", f->loc.line);
		json_kv_int(j, "column", f->loc.col);
		json_kv_str(j, "scope", f->scope);
		if (f->n_also > 0) {
			size_t	k;

			json_key(j, "listeners");
			json_arr_begin(j);
			json_str(j, f->scope);
			for (k = 0; k < f->n_also; k++)
				json_str(j, f->also[k]->scope);
			json_arr_end(j);
		}
		json_kv_str(j, "message", f->message);
		if (i18n_active())
			json_kv_str(j, "message_localized",
			    finding_message(f));
		fix_json(j, f);
		if (f->cert != NULL) {
			json_key(j, "certificate");
			cert_fact_json(j, f->cert);
		}
		json_obj_end(j);
	}
	json_arr_end(j);
	diag_list_json(j, in->diags);
	json_key(j, "summary");
	json_obj_begin(j);
	json_kv_int(j, "error", (long long)n[SEV_ERROR]);
	json_kv_int(j, "warning", (long long)n[SEV_WARN]);
	json_kv_int(j, "info", (long long)n[SEV_INFO]);
	json_kv_int(j, "files", (long long)in->n_files);
	json_kv_int(j, "suppressed", (long long)in->n_suppressed);
	if (in->baseline) {
		json_kv_int(j, "baselined", (long long)in->n_baselined);
		json_kv_int(j, "baseline_gone",
		    (long long)in->n_baseline_gone);
	}
	if (in->diags != NULL && in->diags->dropped > 0)
		json_kv_int(j, "diagnostics_dropped", (long long)in->diags->dropped);
	json_obj_end(j);
}

static void
emit(FILE *out, FILE *err, const struct report_in *in)
{
	struct json	j;

	(void)err;
	json_init(&j, out, true);
	json_obj_begin(&j);
	json_kv_str(&j, "tool", "maillint");
	json_kv_str(&j, "version", PACKAGE_VERSION);
	json_kv_str(&j, "profile", in->profile);
	body(&j, in);
	json_obj_end(&j);
	json_end(&j);
}

void
report_json_host(FILE *out, const struct report_host *h,
    const struct report_in *in)
{
	struct json	j;
	size_t		i;

	json_init(&j, out, false);
	json_obj_begin(&j);
	json_kv_str(&j, "type", "host");
	json_kv_str(&j, "host", h->name);
	json_kv_str(&j, "path", h->path);
	json_kv_int(&j, "status", h->status);
	json_kv_str(&j, "error", h->error);
	json_kv_str(&j, "profile", in->profile);
	body(&j, in);
	json_key(&j, "certificates");
	json_arr_begin(&j);
	for (i = 0; h->certs != NULL && i < h->certs->len; i++)
		cert_fact_json(&j, h->certs->v[i]);
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

const struct reporter report_json = { "json", emit };
