/* SPDX-License-Identifier: MIT */
/*
 * lint - load rule directories and describe rules to users.
 *
 * --list-rules shows each rule of the selected profile with its severity,
 * product, title and fix; --explain adds the rationale and references.
 * Their text form is in the selected language (i18n.h: titles, rationales,
 * headings); --list-rules --format json stays English (a contract).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "i18n.h"
#include "json.h"
#include "lint.h"
#include "rules.h"
#include "strbuf.h"
#include "textesc.h"
#include "xmem.h"

int
lint_load_rules(struct ruleset **rs_r, const char *dir, const char *extra,
    struct diag_list *dl)
{
	struct ruleset	*rs = rules_new();
	int		 rc = 0;

	if (rules_load_dir(rs, dir, dl) != 0)
		rc = -1;
	if (extra != NULL && rules_load_dir(rs, extra, dl) != 0)
		rc = -1;
	*rs_r = rs;
	return rc;
}

static void
list_json(FILE *f, const struct ruleset *rs, const char *profile)
{
	struct json	j;
	struct strbuf	sb = STRBUF_INIT;
	size_t		i, k;

	json_init(&j, f, true);
	json_obj_begin(&j);
	json_kv_str(&j, "tool", "maillint");
	json_kv_str(&j, "version", PACKAGE_VERSION);
	json_kv_str(&j, "profile", profile);
	json_key(&j, "rules");
	json_arr_begin(&j);
	for (i = 0; i < rules_count(rs); i++) {
		const struct rule	*r = rules_get(rs, i);

		if (!rule_in_profile(r, profile))
			continue;
		json_obj_begin(&j);
		json_kv_str(&j, "id", rule_id(r));
		json_kv_str(&j, "title", rule_title(r));
		json_kv_str(&j, "severity", sev_name(rule_severity(r)));
		json_kv_str(&j, "product", rule_product(r));
		json_kv_str(&j, "fix", rule_fix_summary(r, &sb));
		json_kv_str(&j, "rationale", rule_rationale(r));
		json_key(&j, "references");
		json_arr_begin(&j);
		for (k = 0; k < rule_n_references(r); k++)
			json_str(&j, rule_reference(r, k));
		json_arr_end(&j);
		json_kv_str(&j, "file", rule_file(r));
		json_kv_int(&j, "line", rule_line(r));
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
	strbuf_free(&sb);
}

void
lint_list_rules(FILE *f, const struct ruleset *rs, const char *format,
    const char *profile)
{
	struct strbuf	sb = STRBUF_INIT;
	size_t		i, n = 0;

	if (strcmp(format, "json") == 0) {
		list_json(f, rs, profile);
		return;
	}
	for (i = 0; i < rules_count(rs); i++) {
		const struct rule	*r = rules_get(rs, i);

		if (!rule_in_profile(r, profile))
			continue;
		n++;
		fprintf(f, "%-14s %-7s %-7s ", rule_id(r),
		    sev_name(rule_severity(r)), rule_product(r));
		textesc_put(f, _(rule_title(r)));
		fprintf(f, "\n    %s: ", _("fix"));
		textesc_put(f, rule_fix_summary_l10n(r, &sb));
		fputc('\n', f);
	}
	fprintf(f, _("%zu rules in profile %s\n"), n, profile);
	strbuf_free(&sb);
}

int
lint_explain(FILE *f, const struct ruleset *rs, const char *id)
{
	const struct rule	*r = rules_find(rs, id);
	struct strbuf		 sb = STRBUF_INIT;
	const char		*rat;
	char			*trimmed;
	size_t			 k, n;

	if (r == NULL)
		return -1;
	fprintf(f, "%s: ", rule_id(r));
	textesc_put(f, _(rule_title(r)));
	/* TRANSLATORS: --explain's headings; keep the values aligned */
	fprintf(f, _("\n\nseverity: %s\nproduct:  %s\ndefined:  %s:%u\n\n"),
	    sev_name(rule_severity(r)), rule_product(r), rule_file(r),
	    rule_line(r));
	rat = _(rule_rationale(r));
	n = strlen(rat);
	while (n > 0 && rat[n - 1] == '\n')	/* YAML's block scalars end in one */
		n--;
	rat = trimmed = xstrndup(rat, n);
	textesc_put_lines(f, rat);
	free(trimmed);
	fprintf(f, "\n\n%s: ", _("fix"));
	textesc_put(f, rule_fix_summary_l10n(r, &sb));
	strbuf_free(&sb);
	fprintf(f, "\n\n%s:\n", _("references"));
	for (k = 0; k < rule_n_references(r); k++) {
		fputs("  - ", f);
		textesc_put(f, rule_reference(r, k));
		fputc('\n', f);
	}
	return 0;
}
