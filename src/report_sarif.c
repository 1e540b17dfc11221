/* SPDX-License-Identifier: MIT */
/*
 * report_sarif - SARIF 2.1.0 for GitHub code scanning: one run, every
 * loaded rule in tool.driver.rules (with helpUri and
 * properties.security-severity), one result per finding with
 * physicalLocation.region.startLine.  A finding about something missing
 * (line 0) has a file location without a region.  Diagnostics become
 * toolExecutionNotifications of the invocation.  A certificate rule's
 * result carries the certificate's facts in properties.certificate (the
 * object of the JSON report).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "certfacts.h"
#include "diag.h"
#include "eval.h"
#include "json.h"
#include "report.h"
#include "rules.h"
#include "strbuf.h"

static const char *
level(enum sev s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARN ? "warning" : "note";
}

/* GitHub buckets alerts by security-severity: >= 7 high, >= 4 medium. */
static const char *
security_severity(enum sev s)
{
	return s == SEV_ERROR ? "7.5" : s == SEV_WARN ? "5.0" : "2.0";
}

static void
rule_json(struct json *j, const struct rule *r)
{
	struct strbuf	sb = STRBUF_INIT;
	size_t		i;

	json_obj_begin(j);
	json_kv_str(j, "id", rule_id(r));
	json_kv_str(j, "name", rule_id(r));
	json_key(j, "shortDescription");
	json_obj_begin(j);
	json_kv_str(j, "text", rule_title(r));
	json_obj_end(j);
	json_key(j, "fullDescription");
	json_obj_begin(j);
	json_kv_str(j, "text", rule_rationale(r));
	json_obj_end(j);
	json_kv_str(j, "helpUri", rule_help_uri(r) != NULL ? rule_help_uri(r) :
	    "https://www.rfc-editor.org/rfc/rfc8314");
	json_key(j, "help");
	json_obj_begin(j);
	json_kv_str(j, "text", rule_fix_summary(r, &sb));
	strbuf_free(&sb);
	json_obj_end(j);
	json_key(j, "defaultConfiguration");
	json_obj_begin(j);
	json_kv_str(j, "level", level(rule_severity(r)));
	json_obj_end(j);
	json_key(j, "properties");
	json_obj_begin(j);
	json_kv_str(j, "security-severity", security_severity(rule_severity(r)));
	json_key(j, "tags");
	json_arr_begin(j);
	json_str(j, "security");
	json_str(j, rule_product(r));
	json_arr_end(j);
	json_key(j, "references");
	json_arr_begin(j);
	for (i = 0; i < rule_n_references(r); i++)
		json_str(j, rule_reference(r, i));
	json_arr_end(j);
	json_obj_end(j);
	json_obj_end(j);
}

static long long
rule_index(const struct ruleset *rs, const char *id)
{
	size_t	i;

	for (i = 0; rs != NULL && i < rules_count(rs); i++)
		if (strcmp(rule_id(rules_get(rs, i)), id) == 0)
			return (long long)i;
	return -1;
}

/*
 * message_with_fix - code scanning shows only the message: add the fix
 * (in sb, which the caller frees; any length)
 */
static const char *
message_with_fix(struct strbuf *sb, const struct finding *f)
{
	strbuf_reset(sb);
	strbuf_printf(sb, "%s. Fix: %s", f->message, f->fix_text);
	return strbuf_cstr(sb);
}

static void
result_json(struct json *j, const struct finding *f, const struct ruleset *rs)
{
	long long	idx = rule_index(rs, f->rule_id);
	struct strbuf	sb = STRBUF_INIT;
	char		fp[FINDING_FP_LEN];

	json_obj_begin(j);
	json_kv_str(j, "ruleId", f->rule_id);
	if (idx >= 0)
		json_kv_int(j, "ruleIndex", idx);
	/* code scanning follows a finding across commits by this */
	json_key(j, "partialFingerprints");
	json_obj_begin(j);
	json_kv_str(j, "maillint/v1", finding_fingerprint(f, fp));
	json_obj_end(j);
	json_kv_str(j, "level", level(f->sev));
	json_key(j, "message");
	json_obj_begin(j);
	json_kv_str(j, "text", f->fix_text != NULL ? message_with_fix(&sb, f) :
	    f->message);
	strbuf_free(&sb);
	json_obj_end(j);
	json_key(j, "locations");
	json_arr_begin(j);
	json_obj_begin(j);
	json_key(j, "physicalLocation");
	json_obj_begin(j);
	json_key(j, "artifactLocation");
	json_obj_begin(j);
	json_kv_str(j, "uri", f->loc.file != NULL ? f->loc.file : "");
	json_obj_end(j);
	if (f->loc.line > 0) {
		json_key(j, "region");
		json_obj_begin(j);
		json_kv_int(j, "startLine", f->loc.line);
		if (f->loc.col > 0)
			json_kv_int(j, "startColumn", f->loc.col);
		json_obj_end(j);
	}
	json_obj_end(j);
	if (f->scope != NULL && f->scope[0] != '\0') {
		json_key(j, "logicalLocations");
		json_arr_begin(j);
		json_obj_begin(j);
		json_kv_str(j, "fullyQualifiedName", f->scope);
		json_obj_end(j);
		json_arr_end(j);
	}
	json_obj_end(j);
	json_arr_end(j);
	if (f->cert != NULL) {
		json_key(j, "properties");
		json_obj_begin(j);
		json_key(j, "certificate");
		cert_fact_json(j, f->cert);
		json_obj_end(j);
	}
	json_obj_end(j);
}

static void
notifications_json(struct json *j, const struct diag_list *dl)
{
	size_t	i;

	json_key(j, "toolExecutionNotifications");
	json_arr_begin(j);
	for (i = 0; dl != NULL && i < dl->len; i++) {
		const struct diag	*d = &dl->v[i];

		json_obj_begin(j);
		json_kv_str(j, "level", level(d->sev));
		json_key(j, "message");
		json_obj_begin(j);
		json_kv_str(j, "text", d->msg);
		json_obj_end(j);
		if (d->loc.file != NULL) {
			json_key(j, "locations");
			json_arr_begin(j);
			json_obj_begin(j);
			json_key(j, "physicalLocation");
			json_obj_begin(j);
			json_key(j, "artifactLocation");
			json_obj_begin(j);
			json_kv_str(j, "uri", d->loc.file);
			json_obj_end(j);
			if (d->loc.line > 0) {
				json_key(j, "region");
				json_obj_begin(j);
				json_kv_int(j, "startLine", d->loc.line);
				json_obj_end(j);
			}
			json_obj_end(j);
			json_obj_end(j);
			json_arr_end(j);
		}
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void
emit(FILE *out, FILE *err, const struct report_in *in)
{
	struct json	j;
	size_t		i;

	(void)err;
	json_init(&j, out, true);
	json_obj_begin(&j);
	json_kv_str(&j, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	json_kv_str(&j, "version", "2.1.0");
	json_key(&j, "runs");
	json_arr_begin(&j);
	json_obj_begin(&j);
	json_key(&j, "tool");
	json_obj_begin(&j);
	json_key(&j, "driver");
	json_obj_begin(&j);
	json_kv_str(&j, "name", "maillint");
	json_kv_str(&j, "version", PACKAGE_VERSION);
	json_kv_str(&j, "semanticVersion", PACKAGE_VERSION);
	json_key(&j, "rules");
	json_arr_begin(&j);
	for (i = 0; in->rules != NULL && i < rules_count(in->rules); i++)
		rule_json(&j, rules_get(in->rules, i));
	json_arr_end(&j);
	json_obj_end(&j);
	json_obj_end(&j);
	json_key(&j, "invocations");
	json_arr_begin(&j);
	json_obj_begin(&j);
	json_kv_bool(&j, "executionSuccessful", true);
	notifications_json(&j, in->diags);
	json_obj_end(&j);
	json_arr_end(&j);
	json_key(&j, "results");
	json_arr_begin(&j);
	for (i = 0; in->findings != NULL && i < in->findings->len; i++)
		result_json(&j, &in->findings->v[i], in->rules);
	json_arr_end(&j);
	json_obj_end(&j);
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

const struct reporter report_sarif = { "sarif", emit };
