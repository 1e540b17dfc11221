/* SPDX-License-Identifier: MIT */
/*
 * fuzz_pipeline - libFuzzer harness for the whole pipeline: the input is
 * main.cf, master.cf and dovecot.conf separated by FUZZ_SEP lines
 * (fuzz_common.h); each is parsed as maillint would read it from the
 * temp root, then resolved (versions, defaults, $expansion, listeners),
 * dumped (text or JSON), evaluated with the rules of the source tree
 * (when any loaded) and reported (text, JSON or SARIF), all to /dev/null.
 * The defaults tables and rules are loaded once, from $MAILLINT_DATADIR
 * or the source tree build.sh compiled in.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "defaults.h"
#include "diag.h"
#include "dump.h"
#include "eval.h"
#include "fsroot.h"
#include "model.h"
#include "parse.h"
#include "report.h"
#include "resolve.h"
#include "rules.h"

#include "fuzz_common.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct defaults	*pf_defaults, *dc_defaults;
static struct ruleset	*ruleset;
static FILE		*devnull;

static const char *const profiles[] = {
	"default", "mozilla-intermediate", "mozilla-modern"
};

static void
release(void)
{
	defaults_free(&pf_defaults);
	defaults_free(&dc_defaults);
	rules_free(&ruleset);
	if (devnull != NULL)
		fclose(devnull);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diag_list	 dl;
	char			 path[4096];

	(void)argc;
	(void)argv;
	fuzz_root();
	diag_init(&dl);
	snprintf(path, sizeof(path), "%s/rules/defaults/postfix.tsv",
	    fuzz_srcdir());
	if (defaults_load(path, &pf_defaults, &dl) != 0)
		fprintf(stderr, "fuzz_pipeline: %s: cannot load\n", path);
	snprintf(path, sizeof(path), "%s/rules/defaults/dovecot.tsv",
	    fuzz_srcdir());
	if (defaults_load(path, &dc_defaults, &dl) != 0)
		fprintf(stderr, "fuzz_pipeline: %s: cannot load\n", path);
	snprintf(path, sizeof(path), "%s/rules", fuzz_srcdir());
	ruleset = rules_new();
	if (rules_load_dir(ruleset, path, &dl) != 0)
		fprintf(stderr, "fuzz_pipeline: %s: %zu diagnostics; evaluating "
		    "the %zu rules that loaded\n", path, dl.len,
		    rules_count(ruleset));
	diag_free(&dl);
	if ((devnull = fopen("/dev/null", "w")) == NULL) {
		perror("/dev/null");
		abort();
	}
	atexit(release);
	return 0;
}

/*
 * lint - eval and a reporter, as main.c's lint() does.  One input in four
 * is reported, in one format chosen by the caller (NULL: evaluate only);
 * a report prints every rule's metadata, and skipping it keeps the rate
 * up while the corpus still covers every reporter.
 */
static void
lint(struct resolved *r, struct diag_list *dl, const char *profile,
    const char *format, size_t n_files)
{
	struct eval_opts	 eo = { .profile = profile };
	struct findings		*fs;
	struct report_in	 in;

	fs = eval_run(ruleset, r, &eo);
	if (format == NULL) {
		findings_free(&fs);
		return;
	}
	diag_sort(dl);
	memset(&in, 0, sizeof(in));
	in.findings = fs;
	in.diags = dl;
	in.rules = ruleset;
	in.profile = profile;
	in.color = strcmp(format, "text") == 0;
	in.n_files = n_files;
	report_find(format)->emit(devnull, devnull, &in);
	findings_free(&fs);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fsroot_limits	 lim;
	struct resolve_opts	 ro;
	struct fsroot		*fr;
	struct model		*m;
	struct resolved		*r;
	struct diag_list	 dl;
	static const char *const formats[] = { "text", "json", "sarif" };
	const char		*part[3], *err;
	size_t			 len[3];

	fuzz_split((const char *)data, size, part, len, 3);
	fuzz_limits(&lim);
	if (fsroot_new(fuzz_root(), &lim, &fr, &err) != 0) {
		fprintf(stderr, "fsroot_new: %s\n", err);
		abort();
	}
	m = model_new();
	diag_init(&dl);
	/* What inputs.c's read_pf() records for files it read. */
	m->pf.present = true;
	m->pf.dir = model_strdup(m, "etc/postfix");
	parse_postfix_main_buf(m, "etc/postfix/main.cf", part[0], len[0],
	    lim.max_line_len, &dl);
	m->pf.main_file = model_strdup(m, "etc/postfix/main.cf");
	parse_postfix_master_buf(m, "etc/postfix/master.cf", part[1], len[1],
	    lim.max_line_len, &dl);
	m->pf.master_file = model_strdup(m, "etc/postfix/master.cf");
	parse_dovecot_buf(m, fr, "/etc/dovecot/dovecot.conf", part[2], len[2],
	    &dl);
	fuzz_check_canary(m, m->dc.conf_file);

	memset(&ro, 0, sizeof(ro));
	ro.pf_defaults = pf_defaults;
	ro.dc_defaults = dc_defaults;
	r = resolve_run(m, &ro, &dl);
	/*
	 * The input's size picks the dump format, profile and reporter.  A
	 * dump prints every effective parameter (about a thousand), so one
	 * input in four gets one: the rest of the pipeline keeps the rate.
	 */
	if (size % 8 == 0)
		dump_text(devnull, m, r);
	else if (size % 8 == 4)
		dump_json(devnull, m, r, &dl);
	if (ruleset != NULL && rules_count(ruleset) > 0)
		lint(r, &dl, profiles[size / 2 % 3],
		    size % 4 == 1 ? formats[size / 6 % 3] : NULL,
		    2 + m->dc.n_files);
	resolve_free(&r);
	model_free(&m);
	diag_free(&dl);
	fsroot_free(&fr);
	return 0;
}
