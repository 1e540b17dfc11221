/* SPDX-License-Identifier: MIT */
/*
 * main - maillint's command line: options, wiring, exit codes.
 *
 * The only place (with xmem's out-of-memory path) that calls exit().
 * Exit codes: 0 nothing at or above the threshold, 1 findings at or above
 * it, 2 usage error / unreadable input / bad rule or data file, 3 internal
 * error.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datafile.h"
#include "defaults.h"
#include "diag.h"
#include "dump.h"
#include "eval.h"
#include "fsroot.h"
#include "filecheck.h"
#include "fixapply.h"
#include "inputs.h"
#include "lint.h"
#include "model.h"
#include "report.h"
#include "resolve.h"
#include "rules.h"
#include "strbuf.h"
#include "suppress.h"
#include "textesc.h"

#define EXIT_FINDINGS	1
#define EXIT_USAGE	2
#define EXIT_INTERNAL	3

struct opts {
	const char		*root;
	const char		*format;	/* text, json, sarif */
	const char		*datadir;
	const char		*rules_dir;	/* --rules: replaces the installed rules */
	const char		*extra_rules;	/* --extra-rules */
	const char		*profile;
	const char		*explain;
	int			 threshold;	/* enum sev */
	bool			 dump;
	bool			 list_rules;
	bool			 no_suppress;	/* --no-suppress: ignore inline directives */
	bool			 no_file_check;	/* --no-file-check */
	const char		*compile_rules;	/* --compile-rules DIR */
	bool			 diff;		/* --diff: print the fixes as a diff */
	bool			 fix;		/* --fix: apply them (first pass) */
	bool			 fix_failed;	/* --fix could not write a file */
	const char		*run_root;	/* --root, or the snapshot found */
	struct inputs_opts	 in;
	struct resolve_opts	 ro;
	struct fsroot_limits	 lim;
};

enum {
	OPT_ROOT = 256, OPT_PFDIR, OPT_DCCONF, OPT_PFVER, OPT_DCVER, OPT_DUMP,
	OPT_FORMAT, OPT_DATADIR, OPT_MAXSIZE, OPT_MAXLINE, OPT_MAXDEPTH,
	OPT_MAXFILES, OPT_MAXNEST, OPT_MAXSET, OPT_VERSION, OPT_RULES,
	OPT_EXTRA, OPT_PROFILE, OPT_SEVERITY, OPT_LIST, OPT_EXPLAIN,
	OPT_NOSUPP, OPT_NOFILECHECK, OPT_COMPILE, OPT_DIFF, OPT_FIX
};

static const struct option longopts[] = {
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "postfix-dir", required_argument, NULL, OPT_PFDIR },
	{ "dovecot-conf", required_argument, NULL, OPT_DCCONF },
	{ "postfix-version", required_argument, NULL, OPT_PFVER },
	{ "dovecot-version", required_argument, NULL, OPT_DCVER },
	{ "dump", no_argument, NULL, OPT_DUMP },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "datadir", required_argument, NULL, OPT_DATADIR },
	{ "max-file-size", required_argument, NULL, OPT_MAXSIZE },
	{ "max-line-length", required_argument, NULL, OPT_MAXLINE },
	{ "max-include-depth", required_argument, NULL, OPT_MAXDEPTH },
	{ "max-files", required_argument, NULL, OPT_MAXFILES },
	{ "max-nesting", required_argument, NULL, OPT_MAXNEST },
	{ "max-settings", required_argument, NULL, OPT_MAXSET },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "extra-rules", required_argument, NULL, OPT_EXTRA },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "severity", required_argument, NULL, OPT_SEVERITY },
	{ "list-rules", no_argument, NULL, OPT_LIST },
	{ "explain", required_argument, NULL, OPT_EXPLAIN },
	{ "no-suppress", no_argument, NULL, OPT_NOSUPP },
	{ "no-file-check", no_argument, NULL, OPT_NOFILECHECK },
	{ "compile-rules", required_argument, NULL, OPT_COMPILE },
	{ "diff", no_argument, NULL, OPT_DIFF },
	{ "fix", no_argument, NULL, OPT_FIX },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *f)
{
	fputs(
"usage: maillint [OPTIONS] [PATH...]\n"
"\n"
"Lint Postfix (main.cf, master.cf) and Dovecot (dovecot.conf) configuration.\n"
"With no PATH, reads /etc/postfix and /etc/dovecot/dovecot.conf under --root.\n"
"A PATH is a config file, a config directory, or a host snapshot (a directory\n"
"holding etc/postfix or etc/dovecot, then read as if it were the root).\n"
"\n"
"  --root DIR              treat DIR as the host's /; nothing outside is read\n"
"  --postfix-dir DIR       Postfix config directory (default /etc/postfix)\n"
"  --dovecot-conf FILE     Dovecot entry file (default /etc/dovecot/dovecot.conf)\n"
"  --postfix-version V     target Postfix version (default: detected, else "
PF_DEFAULT_VERSION ")\n"
"  --dovecot-version V     target Dovecot version (default: detected, else "
DC_DEFAULT_VERSION ")\n"
"  --profile NAME          default, mozilla-intermediate or mozilla-modern\n"
"  --severity LEVEL        exit 1 when a finding is at least error, warning\n"
"                          or info (default warning)\n"
"  --rules DIR             use the rules in DIR instead of the installed ones\n"
"  --extra-rules DIR       add the rules in DIR\n"
"  --format text|json|sarif  output format (default text)\n"
"  --list-rules            list the rules of the profile (text or json)\n"
"  --explain ID            rationale, references and fix of one rule\n"
"  --no-suppress           ignore inline \"# maillint: disable=ID\" comments\n"
"  --no-file-check         do not look up certificate, key and <file paths\n"
"                          (looked up when linting a host: no file argument\n"
"                          or --root)\n"
"  --diff                  print the fixes of the findings at or above\n"
"                          --severity as a unified diff (patch -p1)\n"
"  --fix                   apply those fixes: each changed file is replaced\n"
"                          atomically, the original kept as FILE.orig;\n"
"                          then lint again and report what is left\n"
"  --dump                  print the effective model with origins (text or json)\n"
"  --compile-rules DIR [OUT]  parse the rule files of DIR once into OUT\n"
"                          (default DIR/rules.cache), used while they match\n"
"\n"
"Limits (hostile input):\n"
"  --max-file-size N       bytes per file (default 8388608)\n"
"  --max-line-length N     bytes per line (default 65536)\n"
"  --max-include-depth N   nested Dovecot includes (default 32)\n"
"  --max-files N           files read per run (default 2000)\n"
"  --max-nesting N         Dovecot section depth (default 64)\n"
"  --max-settings N        settings per product: Postfix main.cf assignments,\n"
"                          master.cf services and -o options; Dovecot\n"
"                          assignments (default 100000)\n"
"\n"
"Exit status: 0 no finding at or above the threshold, 1 findings at or\n"
"above it, 2 usage error, unreadable input or bad rule file, 3 internal error.\n",
	    f);
}

static int
parse_size(const char *arg, const char *opt, size_t *out)
{
	char			*end;
	unsigned long long	 v;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno != 0 || *end != '\0' || end == arg || v == 0 || v > SIZE_MAX / 2) {
		fprintf(stderr, "maillint: %s: invalid number \"%s\"\n", opt, arg);
		return -1;
	}
	*out = (size_t)v;
	return 0;
}

static int
parse_uint(const char *arg, const char *opt, unsigned *out)
{
	size_t	v;

	if (parse_size(arg, opt, &v) != 0)
		return -1;
	if (v > UINT_MAX / 2) {
		fprintf(stderr, "maillint: %s: too large\n", opt);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

static int
parse_args(int argc, char **argv, struct opts *o)
{
	int	c, rc = 0;

	fsroot_limits_default(&o->lim);
	o->format = "text";
	o->profile = "default";
	o->threshold = SEV_WARN;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ROOT: o->root = optarg; break;
		case OPT_PFDIR: o->in.postfix_dir = optarg; break;
		case OPT_DCCONF: o->in.dovecot_conf = optarg; break;
		case OPT_PFVER: o->ro.pf_version = optarg; break;
		case OPT_DCVER: o->ro.dc_version = optarg; break;
		case OPT_DUMP: o->dump = true; break;
		case OPT_FORMAT: o->format = optarg; break;
		case OPT_DATADIR: o->datadir = optarg; break;
		case OPT_RULES: o->rules_dir = optarg; break;
		case OPT_EXTRA: o->extra_rules = optarg; break;
		case OPT_PROFILE: o->profile = optarg; break;
		case OPT_LIST: o->list_rules = true; break;
		case OPT_EXPLAIN: o->explain = optarg; break;
		case OPT_NOSUPP: o->no_suppress = true; break;
		case OPT_NOFILECHECK: o->no_file_check = true; break;
		case OPT_COMPILE: o->compile_rules = optarg; break;
		case OPT_DIFF: o->diff = true; break;
		case OPT_FIX: o->fix = true; break;
		case OPT_SEVERITY:
			if ((o->threshold = sev_parse(optarg)) < 0) {
				fprintf(stderr, "maillint: --severity: expected "
				    "error, warning or info\n");
				rc = -1;
			}
			break;
		case OPT_MAXSIZE:
			rc |= parse_size(optarg, "--max-file-size", &o->lim.max_file_size);
			break;
		case OPT_MAXLINE:
			rc |= parse_size(optarg, "--max-line-length", &o->lim.max_line_len);
			break;
		case OPT_MAXDEPTH:
			rc |= parse_uint(optarg, "--max-include-depth",
			    &o->lim.max_include_depth);
			break;
		case OPT_MAXFILES:
			rc |= parse_uint(optarg, "--max-files", &o->lim.max_files);
			break;
		case OPT_MAXNEST:
			rc |= parse_uint(optarg, "--max-nesting", &o->lim.max_nesting);
			break;
		case OPT_MAXSET:
			rc |= parse_size(optarg, "--max-settings", &o->lim.max_settings);
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case OPT_VERSION:
			printf("maillint %s\n", PACKAGE_VERSION);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (report_find(o->format) == NULL) {
		fprintf(stderr, "maillint: --format: unknown format \"%s\"\n", o->format);
		return -1;
	}
	if (!rules_profile_known(o->profile)) {
		fprintf(stderr, "maillint: --profile: unknown profile \"%s\" "
		    "(default, mozilla-intermediate, mozilla-modern)\n", o->profile);
		return -1;
	}
	if (o->diff && o->fix) {
		fprintf(stderr, "maillint: --diff and --fix: choose one\n");
		return -1;
	}
	if ((o->diff || o->fix) && (o->dump || o->list_rules ||
	    o->explain != NULL || o->compile_rules != NULL)) {
		fprintf(stderr, "maillint: --diff/--fix do not combine with "
		    "--dump, --list-rules, --explain or --compile-rules\n");
		return -1;
	}
	if (o->diff && strcmp(o->format, "text") != 0) {
		fprintf(stderr, "maillint: --diff prints a diff; the edits are "
		    "in --format json without it\n");
		return -1;
	}
	o->in.paths = argv + optind;
	o->in.n_paths = argc - optind;
	return rc;
}

/*
 * data_dir - --datadir, $MAILLINT_DATADIR, else the installed data: an
 * installed maillint never reads a build tree unless told to
 */
static const char *
data_dir(const struct opts *o)
{
	const char	*env = getenv("MAILLINT_DATADIR");

	if (o->datadir != NULL)
		return o->datadir;
	if (env != NULL && env[0] != '\0')
		return env;
	return PKGDATADIR;
}

static void
print_diags(const struct diag_list *dl)
{
	size_t	i;

	for (i = 0; i < dl->len; i++)
		report_diag_text(stderr, &dl->v[i]);
	if (dl->dropped > 0)
		fprintf(stderr, "maillint: %zu more diagnostics not shown\n",
		    dl->dropped);
}

static int
load_defaults(const struct opts *o, struct resolve_opts *ro,
    struct defaults **pf, struct defaults **dc, struct diag_list *dl)
{
	char	path[PATH_MAX];
	int	rc = 0;

	snprintf(path, sizeof(path), "%s/rules/defaults", data_dir(o));
	if (!datafile_is_dir(path)) {
		diag_addf(dl, SEV_ERROR, data_dir(o), 0, 0, "no maillint data "
		    "here (rules/defaults/ is missing): install maillint, or "
		    "name the data directory with --datadir DIR or "
		    "MAILLINT_DATADIR=DIR");
		*pf = *dc = NULL;
		return -1;
	}
	snprintf(path, sizeof(path), "%s/rules/defaults/postfix.tsv", data_dir(o));
	rc |= defaults_load(path, pf, dl);
	snprintf(path, sizeof(path), "%s/rules/defaults/dovecot.tsv", data_dir(o));
	rc |= defaults_load(path, dc, dl);
	ro->pf_defaults = *pf;
	ro->dc_defaults = *dc;
	return rc;
}

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
rules_only(const struct opts *o)
{
	struct diag_list	 dl;
	struct ruleset		*rs = NULL;
	char			 dir[PATH_MAX];
	int			 status = 0;

	diag_init(&dl);
	snprintf(dir, sizeof(dir), "%s/rules", data_dir(o));
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
compile_rules(const struct opts *o)
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

/* drop_suppressed - remove findings silenced by inline directives */
static size_t
drop_suppressed(struct findings *fs, const struct suppress *sp)
{
	size_t	i, k = 0, dropped = 0;

	for (i = 0; i < fs->len; i++) {
		if (suppress_match(sp, fs->v[i].loc.file, fs->v[i].loc.line,
		    fs->v[i].rule_id)) {
			dropped++;
			continue;
		}
		fs->v[k++] = fs->v[i];
	}
	fs->len = k;
	return dropped;
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
fix_files(struct opts *o, const struct model *m, const struct findings *fs)
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
static int
lint(struct opts *o, const struct model *m, struct resolved *r,
    const struct suppress *sp, struct diag_list *dl)
{
	struct ruleset		*rs = NULL;
	struct findings		*fs = NULL;
	struct eval_opts	 eo = { o->profile };
	struct report_in	 in;
	char			 dir[PATH_MAX];
	const char		*nc = getenv("NO_COLOR");
	int			 status = 0;

	snprintf(dir, sizeof(dir), "%s/rules", data_dir(o));
	if (lint_load_rules(&rs, o->rules_dir != NULL ? o->rules_dir : dir,
	    o->extra_rules, dl) != 0)
		status = EXIT_USAGE;
	else
		fs = eval_run(rs, r, &eo);
	diag_sort(dl);
	memset(&in, 0, sizeof(in));
	if (fs != NULL && !o->no_suppress)
		in.n_suppressed = drop_suppressed(fs, sp);
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
	if (status == 0 && fs != NULL &&
	    findings_count(fs, (enum sev)o->threshold) > 0)
		status = EXIT_FINDINGS;
	findings_free(&fs);
	rules_free(&rs);
	return status;
}

/* run - read, resolve and lint (or dump) the configuration once */
static int
run(struct opts *o, const char *root)
{
	struct diag_list	 dl;
	struct fsroot		*fr = NULL;
	struct model		*m = NULL;
	struct resolved		*r = NULL;
	struct defaults		*pfd = NULL, *dcd = NULL;
	struct suppress		*sp = NULL;
	const char		*err;
	int			 status = 0;

	diag_init(&dl);
	if (fsroot_new(root, &o->lim, &fr, &err) != 0) {
		fprintf(stderr, "maillint: --root ");
		textesc_put(stderr, root);
		fprintf(stderr, ": %s\n", err);
		diag_free(&dl);
		return EXIT_USAGE;
	}
	if (load_defaults(o, &o->ro, &pfd, &dcd, &dl) != 0)
		status = EXIT_USAGE;
	m = model_new();
	sp = suppress_new();
	fsroot_set_hook(fr, scan_file, &(struct scan_ctx){ sp, &dl });
	if (inputs_load(m, fr, &o->in, &dl) != 0)
		status = EXIT_USAGE;
	/* Certificate and "<file" paths are checked on a host (default
	 * paths or a root), not in a config repo linted file by file. */
	if (!o->no_file_check && (root != NULL || o->in.n_paths == 0))
		filecheck_run(m, fr, &dl);
	r = resolve_run(m, &o->ro, &dl);
	if (o->dump) {
		diag_sort(&dl);
		if (strcmp(o->format, "text") != 0)
			dump_json(stdout, m, r, &dl);
		else {
			print_diags(&dl);
			dump_text(stdout, m, r);
		}
	} else {
		int	ls = lint(o, m, r, sp, &dl);

		if (status == 0)
			status = ls;
	}
	if (diag_worst(&dl) == SEV_ERROR)
		status = EXIT_USAGE;
	resolve_free(&r);
	model_free(&m);
	defaults_free(&pfd);
	defaults_free(&dcd);
	fsroot_free(&fr);
	suppress_free(&sp);
	diag_free(&dl);
	return status;
}

int
main(int argc, char **argv)
{
	struct opts		 o;
	const char		*root;
	int			 status;

	/* Diagnostics are written piece by piece (escaped text): one write
	 * per line, not per piece.  exit() flushes. */
	setvbuf(stderr, NULL, _IOLBF, BUFSIZ);
	memset(&o, 0, sizeof(o));
	if (parse_args(argc, argv, &o) != 0)
		return EXIT_USAGE;
	if (o.list_rules || o.explain != NULL)
		return rules_only(&o);
	if (o.compile_rules != NULL)
		return compile_rules(&o);
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
	if (fflush(stdout) != 0 || ferror(stdout))
		return EXIT_INTERNAL;
	return status;
}
