/* SPDX-License-Identifier: MIT */
/*
 * main - maillint's program: wiring the pipeline, exit codes (the options
 * are cli.c's).
 *
 * The only place (with xmem's out-of-memory path) that calls exit().
 * Exit codes: 0 nothing at or above the threshold, 1 findings at or above
 * it, 2 usage error / unreadable input / bad rule or data file, 3 internal
 * error.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "baseline.h"
#include "certcheck.h"
#include "cli.h"
#include "datafile.h"
#include "defaults.h"
#include "diag.h"
#include "dump.h"
#include "eval.h"
#include "fsroot.h"
#include "hmap.h"
#include "filecheck.h"
#include "fixapply.h"
#include "fleet.h"
#include "fleet_merge.h"
#include "i18n.h"
#include "inputs.h"
#include "lint.h"
#include "model.h"
#include "modload.h"
#include "projconf.h"
#include "ciphers.h"
#include "report.h"
#include "resolve.h"
#include "rules.h"
#include "strbuf.h"
#include "suppress.h"
#include "textesc.h"

#define EXIT_FINDINGS	1
#define EXIT_USAGE	2
#define EXIT_INTERNAL	3

static void
print_diags(const struct diag_list *dl)
{
	size_t	i;

	for (i = 0; i < dl->len; i++)
		report_diag_text(stderr, &dl->v[i]);
	if (dl->dropped > 0)
		fprintf(stderr, _("maillint: %zu more diagnostics not shown\n"),
		    dl->dropped);
}

/* The tables of rules/defaults/, in the order load_defaults fills them. */
enum { TAB_PF, TAB_DC, TAB_DC_GONE, N_TABS };

static int
load_defaults(const struct cli_opts *o, struct resolve_opts *ro,
    struct defaults *tab[N_TABS], struct diag_list *dl)
{
	static const char *const files[N_TABS] = {
		"postfix.tsv", "dovecot.tsv", "dovecot-gone.tsv"
	};
	char	path[PATH_MAX];
	int	rc = 0;
	size_t	i;

	snprintf(path, sizeof(path), "%s/rules/defaults", cli_data_dir(o));
	if (!datafile_is_dir(path)) {
		diag_addf(dl, SEV_ERROR, cli_data_dir(o), 0, 0, "no maillint data "
		    "here (rules/defaults/ is missing): install maillint, or "
		    "name the data directory with --datadir DIR or "
		    "MAILLINT_DATADIR=DIR");
		return -1;
	}
	for (i = 0; i < N_TABS; i++) {
		snprintf(path, sizeof(path), "%s/rules/defaults/%s",
		    cli_data_dir(o), files[i]);
		rc |= defaults_load(path, &tab[i], dl);
	}
	ro->pf_defaults = tab[TAB_PF];
	ro->dc_defaults = tab[TAB_DC];
	ro->dc_gone = tab[TAB_DC_GONE];
	return rc;
}

/*
 * --fleet: the rules and defaults tables are loaded once, before the
 * workers fork; a worker's run() writes the host's record to host->out
 * and its tally instead of printing a report.
 */
struct host_run {
	const struct fleet_host	*h;
	FILE			*out;
	struct fleet_tally	*tally;
	const char		*error;	/* the root could not be opened */
	bool			 written;
};
static struct ruleset	*kept_rules;
static struct defaults	*kept_tab[N_TABS];
static struct host_run	*host_run;

struct scan_ctx {
	struct suppress		*sp;
	struct diag_list	*dl;
};

/* scan_file - fsroot hook: look for inline directives in every file read */
static void
scan_file(void *ctx, const struct fsroot_file *f)
{
	struct scan_ctx	*sc = ctx;

	suppress_scan(sc->sp, f->display, f->data, f->len, sc->dl);
}

/* rules_only - --list-rules and --explain need no configuration */
static int
rules_only(const struct cli_opts *o)
{
	struct diag_list	 dl;
	struct ruleset		*rs = NULL;
	char			 dir[PATH_MAX];
	int			 status = 0;

	diag_init(&dl);
	snprintf(dir, sizeof(dir), "%s/rules", cli_data_dir(o));
	if (lint_load_rules(&rs, o->rules_dir != NULL ? o->rules_dir : dir,
	    o->extra_rules, &dl) != 0)
		status = EXIT_USAGE;
	print_diags(&dl);
	if (o->explain != NULL) {
		if (lint_explain(stdout, rs, o->explain) != 0) {
			fprintf(stderr, "maillint: --explain: no rule \"");
			textesc_put(stderr, o->explain);
			fprintf(stderr, "\"\n");
			status = EXIT_USAGE;
		}
	} else
		lint_list_rules(stdout, rs, o->format, o->profile);
	rules_free(&rs);
	diag_free(&dl);
	return status;
}

/* compile_rules - --compile-rules DIR [OUT] */
static int
compile_rules(const struct cli_opts *o)
{
	struct diag_list	 dl;
	char			*out;
	size_t			 n = 0;
	int			 status = 0;

	diag_init(&dl);
	out = o->in.n_paths > 0 ? xstrdup(o->in.paths[0]) :
	    xasprintf("%s/%s", o->compile_rules, RULES_CACHE_NAME);
	if (o->in.n_paths > 1) {
		fprintf(stderr, "maillint: --compile-rules DIR [OUT]: one "
		    "output file\n");
		status = EXIT_USAGE;
	} else if (rules_compile_dir(o->compile_rules, out, &n, &dl) != 0)
		status = EXIT_USAGE;
	print_diags(&dl);
	if (status == 0) {
		fprintf(stderr, "maillint: %zu rules compiled into ", n);
		textesc_put(stderr, out);
		fputc('\n', stderr);
	}
	free(out);
	diag_free(&dl);
	return status;
}

/* drop_suppressed - remove findings silenced by inline directives (as
 * of now: an expired directive silences nothing) */
static size_t
drop_suppressed(struct findings *fs, struct suppress *sp, certtime_t now)
{
	size_t	i, k = 0, dropped = 0;

	for (i = 0; i < fs->len; i++) {
		if (suppress_match(sp, fs->v[i].loc.file, fs->v[i].loc.line,
		    fs->v[i].rule_id, now)) {
			dropped++;
			continue;
		}
		fs->v[k++] = fs->v[i];
	}
	fs->len = k;
	return dropped;
}

/*
 * add_problem - a finding about a directive itself: ML-SUP-001 silences
 * nothing (info), ML-SUP-002 expired (warning), ML-SUP-003 no reason
 * under --strict (warning)
 */
static void
add_problem(void *ctx, enum sup_problem what, const char *file,
    unsigned line, const char *message, const char *message_l10n)
{
	static const struct {
		const char	*id;
		enum sev	 sev;
	} kinds[] = {
		[SUP_UNUSED] = { "ML-SUP-001", SEV_INFO },
		[SUP_EXPIRED] = { "ML-SUP-002", SEV_WARN },
		[SUP_NO_REASON] = { "ML-SUP-003", SEV_WARN },
	};
	struct findings	*fs = ctx;
	struct finding	 f;

	memset(&f, 0, sizeof(f));
	f.rule_id = kinds[what].id;
	f.sev = kinds[what].sev;
	f.loc.file = arena_strdup(fs->arena, file);
	f.loc.line = line;
	f.loc.col = 1;
	f.scope = "";
	f.message = arena_strdup(fs->arena, message);
	if (message_l10n != NULL)
		f.message_l10n = arena_strdup(fs->arena, message_l10n);
	VEC_GROW(fs->v, fs->len, fs->cap);
	fs->v[fs->len++] = f;
}

/*
 * put_diff - the diff on stdout: raw when it goes to a file or a pipe
 * (patch needs the bytes as they are), escaped on a terminal like every
 * other text from a configuration (textesc.h)
 */
static void
put_diff(const char *s, size_t n)
{
	char	*seg;
	size_t	 k;

	if (!isatty(STDOUT_FILENO)) {
		fwrite(s, 1, n, stdout);
		return;
	}
	while (n > 0) {
		for (k = 0; k < n && s[k] != '\n' && s[k] != '\0'; k++)
			;
		seg = xstrndup(s, k);
		textesc_put(stdout, seg);
		free(seg);
		if (k < n)
			fputs(s[k] == '\n' ? "\n" : "\\x00", stdout);
		k += k < n;
		s += k;
		n -= k;
	}
}

/*
 * fix_files - --diff: print the fixes of fs as a unified diff on stdout;
 * --fix: replace each file that changes (fsroot_replace).  Files are read
 * again: the edits are applied to exactly what is written over.  Returns
 * -1 when a file could not be read or written.
 */
static int
fix_files(struct cli_opts *o, const struct model *m, const struct findings *fs)
{
	struct fixplan		*plan = fixplan_new(fs, m, (enum sev)o->threshold);
	struct diag_list	 dl;
	struct strbuf		 out = STRBUF_INIT, diff = STRBUF_INIT;
	struct fsroot		*fr = NULL;
	const char		*ferr;
	size_t			 i, n_edits = 0, n_files = 0;
	int			 rc = 0;

	/* A root of its own: the lint's file and byte budgets are spent. */
	if (fsroot_new(o->run_root, &o->lim, &fr, &ferr) != 0) {
		fprintf(stderr, "maillint: %s\n", ferr);
		fixplan_free(&plan);
		return -1;
	}
	diag_init(&dl);
	for (i = 0; i < fixplan_n_files(plan); i++) {
		struct fsroot_file	 f;
		const char		*disp = fixplan_file(plan, i);
		const char		*rpath = fsroot_user_path(fr, disp);
		const char		*err, *bak;
		size_t			 n;

		if (fsroot_read(fr, "/", rpath, &f, &err) != 0) {
			diag_addf(&dl, SEV_ERROR, disp, 0, 0, "not fixed: %s", err);
			rc = -1;
			continue;
		}
		strbuf_reset(&out);
		strbuf_reset(&diff);
		n = fixplan_apply(plan, i, f.data, f.len, &out,
		    o->diff ? &diff : NULL, &dl);
		if (n > 0 && o->diff)
			put_diff(diff.s, diff.len);
		else if (n > 0 && fsroot_replace(fr, rpath, f.data, f.len,
		    out.len ? out.s : "", out.len, &bak, &err) != 0) {
			diag_addf(&dl, SEV_ERROR, disp, 0, 0, "not fixed: %s", err);
			rc = -1;
			n = 0;
		} else if (n > 0) {
			fprintf(stderr, "maillint: fixed ");
			textesc_put(stderr, disp);
			fprintf(stderr, " (%zu edit%s; original kept as ", n,
			    n == 1 ? "" : "s");
			textesc_put(stderr, fsroot_display(fr, bak));
			fprintf(stderr, ")\n");
		}
		n_edits += n;
		n_files += n > 0;
		fsroot_file_release(&f);
	}
	diag_sort(&dl);
	print_diags(&dl);
	fprintf(stderr, "maillint: %zu fix%s %s in %zu file%s", n_edits,
	    n_edits == 1 ? "" : "es", o->diff ? "shown" : "applied", n_files,
	    n_files == 1 ? "" : "s");
	if (fixplan_n_manual(plan) > 0)
		fprintf(stderr, "; %zu finding%s need%s a manual fix",
		    fixplan_n_manual(plan), fixplan_n_manual(plan) == 1 ? "" : "s",
		    fixplan_n_manual(plan) == 1 ? "s" : "");
	fputc('\n', stderr);
	strbuf_free(&out);
	strbuf_free(&diff);
	diag_free(&dl);
	fixplan_free(&plan);
	fsroot_free(&fr);
	return rc;
}

/* lint - evaluate the rules on the resolved model and report (or fix) */
/* drop_reported_syntax - a syntax error that a loaded rule (PF-SYN-001,
 * DC-SYN-001) made a finding is not printed again as a diagnostic */
static void
drop_reported_syntax(const struct findings *fs, struct diag_list *dl)
{
	bool	pf = false, dc = false;
	size_t	i;

	for (i = 0; i < fs->len; i++) {
		if (fs->v[i].rule == NULL ||
		    strcmp(rule_subject(fs->v[i].rule), "syntax") != 0)
			continue;
		if (strcmp(rule_product(fs->v[i].rule), "postfix") == 0)
			pf = true;
		else
			dc = true;
	}
	if (pf)
		diag_drop_syntax(dl, DIAG_SYNTAX_POSTFIX);
	if (dc)
		diag_drop_syntax(dl, DIAG_SYNTAX_DOVECOT);
}

/* The project configuration of this run (.maillint.yaml), or NULL. */
static struct projconf	*projconf;

static const char *
projconf_kind_cb(const void *ctx, const char *path)
{
	return projconf_kind(ctx, path);
}

/*
 * load_projconf - --config FILE, else the first .maillint.yaml from the
 * first PATH's folder (or the current one) up; what the command line did
 * not say is taken from it.  -1 when it is not valid (diagnostics said
 * where).
 */
static int
load_projconf(struct cli_opts *o)
{
	struct diag_list	 dl;
	char			*path = NULL, *dir, *slash;

	if (o->no_config)
		return 0;
	if (o->config != NULL)
		path = xstrdup(o->config);
	else {
		dir = xstrdup(o->in.n_paths > 0 ? o->in.paths[0] : ".");
		if (!datafile_is_dir(dir) && (slash = strrchr(dir, '/')) != NULL)
			*slash = '\0';
		else if (!datafile_is_dir(dir)) {
			free(dir);
			dir = xstrdup(".");
		}
		path = projconf_find(dir);
		free(dir);
		if (path == NULL)
			return 0;
	}
	diag_init(&dl);
	projconf = projconf_load(path, &dl);
	free(path);
	if (projconf == NULL) {
		diag_sort(&dl);
		print_diags(&dl);
		diag_free(&dl);
		return -1;
	}
	diag_free(&dl);
	if (!o->profile_given && projconf->profile != NULL)
		o->profile = projconf->profile;
	if (!o->threshold_given && projconf->severity >= 0)
		o->threshold = projconf->severity;
	if (o->ro.pf_version == NULL)
		o->ro.pf_version = projconf->pf_version;
	if (o->ro.dc_version == NULL)
		o->ro.dc_version = projconf->dc_version;
	if (o->in.dc_version == NULL)
		o->in.dc_version = projconf->dc_version;
	if (o->extra_rules == NULL)
		o->extra_rules = projconf->extra_rules;
	o->in.kind_for = projconf_kind_cb;
	o->in.kind_ctx = projconf;
	return 0;
}

/* apply_projconf - drop the findings of disabled or ignored rules,
 * re-grade the others as the project configuration says */
static void
apply_projconf(struct findings *fs)
{
	size_t	i, k = 0, j;

	for (i = 0; projconf != NULL && i < fs->len; i++) {
		struct finding	*f = &fs->v[i];
		bool		 drop = projconf_ignored(projconf, f->loc.file,
		    f->rule_id);

		for (j = 0; !drop && j < projconf->n_disable; j++)
			drop = strcasecmp(projconf->disable[j], f->rule_id) == 0;
		if (drop)
			continue;
		for (j = 0; j < projconf->n_regrade; j++)
			if (strcasecmp(projconf->regrade[j].rule, f->rule_id) == 0)
				f->sev = (enum sev)projconf->regrade[j].sev;
		fs->v[k++] = *f;
	}
	if (projconf != NULL)
		fs->len = k;
}

/*
 * exit_status - a run's status after its lint: 1 (findings) when a
 * finding is at or above --severity and nothing worse was said; with dl,
 * 2 when maillint itself could not read something (a syntax error in a
 * configuration is a finding, not that)
 */
static int
exit_status(const struct cli_opts *o, const struct findings *fs,
    const struct diag_list *dl, int status)
{
	if (status == 0 && fs != NULL &&
	    findings_count(fs, (enum sev)o->threshold) > 0)
		status = EXIT_FINDINGS;
	if (dl != NULL && diag_worst_tool(dl) == SEV_ERROR)
		status = EXIT_USAGE;
	return status;
}

/* host_record - the fleet worker's report of one host (host_run), whose
 * status is worked out (exit_status) */
static int
host_record(const struct cli_opts *o, const struct cert_uses *certs,
    const struct findings *fs, const struct report_in *in,
    const struct diag_list *dl, int status)
{
	struct report_host	 rh;
	struct hmap		 seen = HMAP_INIT;
	size_t			 i;
	unsigned		 n[3] = { 0, 0, 0 };

	memset(&rh, 0, sizeof(rh));
	rh.name = host_run->h->name;
	rh.path = host_run->h->root;
	rh.status = status;
	rh.certs = certs;
	for (i = 0; status >= EXIT_USAGE && i < dl->len && rh.error == NULL;
	    i++)
		if (dl->v[i].kind == DIAG_TOOL && dl->v[i].sev == SEV_ERROR)
			rh.error = dl->v[i].msg;
	if (status >= EXIT_USAGE && rh.error == NULL)
		rh.error = "could not be linted";
	if (strcmp(o->format, "text") == 0)
		report_text_host(host_run->out, &rh, in);
	else
		report_json_host(host_run->out, &rh, in);
	for (i = 0; fs != NULL && i < fs->len; i++) {
		n[fs->v[i].sev]++;
		fleet_tally_rule(host_run->tally, fs->v[i].rule_id,
		    fs->v[i].sev);
	}
	fleet_tally_counts(host_run->tally, n[SEV_ERROR], n[SEV_WARN],
	    n[SEV_INFO]);
	/* each certificate file once, however many listeners use it */
	for (i = 0; certs != NULL && i < certs->len; i++) {
		const struct cert_use	*u = certs->v[i];

		if (strcmp(u->kind, "certificate") != 0 ||
		    u->not_after == NULL || hmap_get(&seen, u->file) != NULL)
			continue;
		hmap_put(&seen, u->file, (void *)u);
		fleet_tally_cert(host_run->tally, u->file, u->subject,
		    u->not_after, u->days_left);
	}
	hmap_free(&seen);
	if (rh.error != NULL)
		fleet_tally_error(host_run->tally, rh.error);
	host_run->written = true;
	return status;
}

static int
lint(struct cli_opts *o, const struct model *m, struct resolved *r,
    const struct cert_uses *certs, struct suppress *sp,
    struct diag_list *dl, int run_status)
{
	struct ruleset		*rs = NULL;
	struct findings		*fs = NULL;
	struct eval_opts	 eo = { .profile = o->profile, .certs = certs, .diags = dl };
	struct report_in	 in;
	char			 dir[PATH_MAX];
	const char		*nc = getenv("NO_COLOR");
	int			 status = 0;

	snprintf(dir, sizeof(dir), "%s/rules", cli_data_dir(o));
	if (kept_rules != NULL)
		fs = eval_run(kept_rules, r, &eo);
	else if (lint_load_rules(&rs, o->rules_dir != NULL ? o->rules_dir :
	    dir, o->extra_rules, dl) != 0)
		status = EXIT_USAGE;
	else
		fs = eval_run(rs, r, &eo);
	diag_sort(dl);
	memset(&in, 0, sizeof(in));
	if (fs != NULL)
		apply_projconf(fs);
	if (fs != NULL && !o->no_suppress) {
		in.n_suppressed = drop_suppressed(fs, sp, o->cert.now);
		if (!o->diff && !o->fix)
			suppress_problems(sp, o->cert.now, o->strict,
			    add_problem, fs);
	}
	if (fs != NULL && o->write_baseline != NULL) {
		if (baseline_write(o->write_baseline, fs, dl) != 0)
			status = EXIT_USAGE;
		else {
			print_diags(dl);
			printf("maillint: %zu finding%s recorded in ", fs->len,
			    fs->len == 1 ? "" : "s");
			textesc_put(stdout, o->write_baseline);
			putchar('\n');
		}
		findings_free(&fs);
		rules_free(&rs);
		return status;
	}
	if (fs != NULL && o->baseline != NULL) {
		in.baseline = true;
		if (baseline_apply(o->baseline, fs, &in.n_baselined,
		    &in.n_baseline_gone, dl) != 0)
			status = EXIT_USAGE;
	}
	if (fs != NULL && (o->diff || o->fix)) {
		/* --fix edits nothing in a configuration with errors: what
		 * was read may not be what the daemons read. */
		if (o->diff)
			print_diags(dl);
		if (o->fix && diag_worst(dl) == SEV_ERROR)
			fprintf(stderr, "maillint: --fix: nothing changed, the "
			    "configuration has errors (below)\n");
		else if (fix_files(o, m, fs) != 0)
			o->fix_failed = true;
	}
	if (fs != NULL)
		drop_reported_syntax(fs, dl);
	if (host_run != NULL) {
		in.findings = fs;
		in.diags = dl;
		in.rules = kept_rules;
		in.profile = o->profile;
		in.n_files = (m->pf.main_file != NULL) +
		    (m->pf.master_file != NULL) + m->dc.n_files;
		status = exit_status(o, fs, dl, status != 0 ? status :
		    run_status);
		status = host_record(o, certs, fs, &in, dl, status);
		findings_free(&fs);
		return status;
	}
	if (!o->diff && !o->fix) {
		in.findings = fs;
		in.diags = dl;
		in.rules = rs;
		in.profile = o->profile;
		in.color = strcmp(o->format, "text") == 0 &&
		    isatty(STDOUT_FILENO) && (nc == NULL || nc[0] == '\0');
		in.n_files = (m->pf.main_file != NULL) +
		    (m->pf.master_file != NULL) + m->dc.n_files;
		report_find(o->format)->emit(stdout, stderr, &in);
	}
	/* run() adds what maillint could not read */
	status = exit_status(o, fs, NULL, status);
	findings_free(&fs);
	rules_free(&rs);
	return status;
}

/* run - read, resolve and lint (or dump) the configuration once */
static int
run(struct cli_opts *o, const char *root)
{
	struct diag_list	 dl;
	struct fsroot		*fr = NULL;
	struct model		*m = NULL;
	struct resolved		*r = NULL;
	struct defaults		*tab[N_TABS] = { NULL };
	struct suppress		*sp = NULL;
	struct cert_uses	*certs = NULL;
	const char		*err;
	bool			 files;
	int			 status = 0;

	diag_init(&dl);
	if (fsroot_new(root, &o->lim, &fr, &err) != 0 && host_run != NULL) {
		host_run->error = err;
		diag_free(&dl);
		return EXIT_USAGE;
	} else if (fr == NULL) {
		fprintf(stderr, "maillint: --root ");
		textesc_put(stderr, root);
		fprintf(stderr, ": %s\n", err);
		diag_free(&dl);
		return EXIT_USAGE;
	}
	if (kept_tab[TAB_PF] != NULL)
		memcpy(tab, kept_tab, sizeof(tab));
	else if (load_defaults(o, &o->ro, tab, &dl) != 0)
		status = EXIT_USAGE;
	/* the known names tell a file of unknown name by its content */
	o->in.pf_names = tab[TAB_PF];
	o->in.dc_names = tab[TAB_DC];
	o->in.dc_gone = tab[TAB_DC_GONE];
	m = model_new();
	sp = suppress_new();
	fsroot_set_hook(fr, scan_file, &(struct scan_ctx){ sp, &dl });
	if (inputs_load(m, fr, &o->in, &dl) != 0)
		status = EXIT_USAGE;
	/* Certificate and "<file" paths are checked on a host (default
	 * paths or a root), not in a config repo linted file by file. */
	files = !o->no_file_check && (root != NULL || o->in.n_paths == 0);
	if (files)
		filecheck_run(m, fr, &dl);
	r = resolve_run(m, &o->ro, &dl);
	/* The certificates, keys and DH files of the listeners: read once
	 * here, judged by the certificate rules. */
	if (files && !o->dump)
		certs = certcheck_run(r, fr, &o->cert, &dl);
	if (o->dump) {
		diag_sort(&dl);
		if (strcmp(o->format, "json") == 0 ||
		    strcmp(o->format, "sarif") == 0)
			dump_json(stdout, m, r, &dl);
		else {
			print_diags(&dl);
			dump_text(stdout, m, r);
		}
	} else {
		int	ls = lint(o, m, r, certs, sp, &dl, status);

		if (host_run != NULL)
			status = ls;
		else if (status == 0)
			status = ls;
	}
	/* A syntax error in a configuration is a finding (exit 1), not a
	 * reason for exit 2: that is for what could not be read at all. */
	if (diag_worst_tool(&dl) == SEV_ERROR)
		status = EXIT_USAGE;
	certcheck_free(&certs);
	resolve_free(&r);
	model_free(&m);
	for (size_t i = 0; i < N_TABS; i++)
		if (tab[i] != kept_tab[i])
			defaults_free(&tab[i]);
	fsroot_free(&fr);
	suppress_free(&sp);
	diag_free(&dl);
	return status;
}

/* fleet_lint - fleet_lint_fn: one host, as `maillint --root HOST` would */
static int
fleet_lint(void *ctx, const struct fleet_host *h, FILE *out,
    struct fleet_tally *t)
{
	struct cli_opts	*o = ctx;
	struct host_run	 hr;
	int		 status;

	memset(&hr, 0, sizeof(hr));
	hr.h = h;
	hr.out = out;
	hr.tally = t;
	host_run = &hr;
	o->run_root = h->root;
	status = run(o, h->root);
	host_run = NULL;
	if (!hr.written) {
		/* the root could not be opened: a record all the same */
		struct report_in	in;
		struct report_host	rh;

		memset(&in, 0, sizeof(in));
		in.profile = o->profile;
		memset(&rh, 0, sizeof(rh));
		rh.name = h->name;
		rh.path = h->root;
		rh.status = status != 0 ? status : EXIT_INTERNAL;
		rh.error = hr.error != NULL ? hr.error : "could not be linted";
		if (strcmp(o->format, "text") == 0)
			report_text_host(out, &rh, &in);
		else
			report_json_host(out, &rh, &in);
		fleet_tally_counts(t, 0, 0, 0);
		fleet_tally_error(t, rh.error);
		status = rh.status;
	}
	return status;
}

/* fleet_main - --fleet: the rules and tables once, then every host */
static int
fleet_main(struct cli_opts *o)
{
	struct diag_list	 dl;
	struct fleet_hosts	 hs;
	struct fleet_opts	 fo;
	char			 dir[PATH_MAX];
	int			 status;

	if (fleet_find_hosts(o->in.paths, (size_t)o->in.n_paths, &o->lim,
	    &hs) != 0) {
		fleet_hosts_free(&hs);
		return EXIT_USAGE;
	}
	/* --host-name: the PATH is one host's root (/ on the host itself) */
	if (o->host_name != NULL) {
		if (hs.len != 1 || strcmp(hs.v[0].root, o->in.paths[0]) != 0) {
			fprintf(stderr, "maillint: --host-name: ");
			textesc_put(stderr, o->in.paths[0]);
			fprintf(stderr, " is not one host snapshot (a "
			    "directory holding etc/postfix or etc/dovecot)\n");
			fleet_hosts_free(&hs);
			return EXIT_USAGE;
		}
		hs.v[0].name = o->host_name;
	}
	diag_init(&dl);
	snprintf(dir, sizeof(dir), "%s/rules", cli_data_dir(o));
	if (load_defaults(o, &o->ro, kept_tab, &dl) != 0 ||
	    lint_load_rules(&kept_rules, o->rules_dir != NULL ? o->rules_dir :
	    dir, o->extra_rules, &dl) != 0) {
		diag_sort(&dl);
		print_diags(&dl);
		status = EXIT_USAGE;
		goto out;
	}
	diag_free(&dl);
	diag_init(&dl);
	/* the hosts' own paths: no default /etc lookup, no file arguments */
	o->in.paths = NULL;
	o->in.n_paths = 0;
	memset(&fo, 0, sizeof(fo));
	fo.jobs = o->jobs;
	fo.json = strcmp(o->format, "text") != 0;
	fo.html = strcmp(o->format, "html") == 0;
	fo.customer = o->customer;
	fo.progress = isatty(STDERR_FILENO);
	status = fleet_run(&fo, &hs, fleet_lint, o);
	if (status == FLEET_WORKER)
		status = 0;
out:
	rules_free(&kept_rules);
	for (size_t i = 0; i < N_TABS; i++)
		defaults_free(&kept_tab[i]);
	diag_free(&dl);
	fleet_hosts_free(&hs);
	return status;
}

/* at_exit - what lives until the end: the kept cipher expansion, then
 * the modules that made it */
static void
at_exit(void)
{
	ciphers_reset();
	modload_close_all();
}

int
main(int argc, char **argv)
{
	struct cli_opts		 o;
	const char		*root;
	int			 status;

	/* Diagnostics are written piece by piece (escaped text): one write
	 * per line, not per piece.  exit() flushes. */
	/* the last cipher expansion is kept between calls (ciphers.h); the
	 * modules go after it (modload.h) */
	atexit(at_exit);
	setvbuf(stderr, NULL, _IOLBF, BUFSIZ);
	memset(&o, 0, sizeof(o));
	switch (cli_parse(argc, argv, &o)) {
	case 0:
		break;
	case 1:
		return 0;	/* --help, --version */
	default:
		return EXIT_USAGE;
	}
	/* The heap on huge pages (xmem.h), before the first large
	 * allocation; 30 MiB of address space holds a large tree's run (a
	 * 1.3 MB tree peaks at 10 MB).  Not in the --fleet parent: its
	 * workers do it (fleet.c). */
	if (!o.fleet)
		xmem_huge_heap((size_t)30 << 20);
	/* --lang was checked by cli_parse; without it, the environment */
	i18n_select(o.lang);
	if (o.ciphers != NULL) {
		status = report_ciphers(stdout, o.format, o.ciphers);
		return status < 0 ? EXIT_INTERNAL : status;
	}
	if (o.list_rules || o.explain != NULL)
		return rules_only(&o);
	if (o.compile_rules != NULL)
		return compile_rules(&o);
	if (o.merge) {
		status = fleet_merge(o.in.paths, (size_t)o.in.n_paths,
		    strcmp(o.format, "text") != 0,
		    strcmp(o.format, "html") == 0, o.customer);
		if (fflush(stdout) != 0 || ferror(stdout))
			return EXIT_INTERNAL;
		return status;
	}
	if (load_projconf(&o) != 0)
		return EXIT_USAGE;
	if (!o.now_given)
		o.cert.now = (certtime_t)time(NULL);
	if (o.fleet) {
		status = fleet_main(&o);
		projconf_free(&projconf);
		if (fflush(stdout) != 0 || ferror(stdout))
			return EXIT_INTERNAL;
		return status;
	}
	root = o.root;
	if (root == NULL && (root = inputs_host_root(&o.in)) != NULL)
		o.in.paths[0] = "/";
	o.run_root = root;
	status = run(&o, root);
	if (o.fix) {
		/* Lint what was written: the report shows what is left. */
		o.fix = false;
		status = run(&o, root);
		if (o.fix_failed && status != EXIT_INTERNAL)
			status = EXIT_USAGE;
	}
	projconf_free(&projconf);
	if (fflush(stdout) != 0 || ferror(stdout))
		return EXIT_INTERNAL;
	return status;
}
