/* SPDX-License-Identifier: MIT */
/*
 * cli - maillint's command line: the options, --help, their checks, and
 * where the data files are.  Parsing never exits: main() decides.
 *
 * Layer 9, with main.c.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "inputs.h"
#include "diag.h"
#include "i18n.h"
#include "report.h"
#include "rules.h"
#include "textesc.h"

enum {
	OPT_ROOT = 256, OPT_PFDIR, OPT_DCCONF, OPT_PFVER, OPT_DCVER, OPT_DUMP,
	OPT_FORMAT, OPT_DATADIR, OPT_MAXSIZE, OPT_MAXLINE, OPT_MAXDEPTH,
	OPT_MAXFILES, OPT_MAXNEST, OPT_MAXSET, OPT_VERSION, OPT_RULES,
	OPT_EXTRA, OPT_PROFILE, OPT_SEVERITY, OPT_LIST, OPT_EXPLAIN,
	OPT_NOSUPP, OPT_NOFILECHECK, OPT_COMPILE, OPT_DIFF, OPT_FIX, OPT_NOW,
	OPT_CERTWARN, OPT_CERTERR, OPT_CIPHERS, OPT_AS, OPT_STRICT,
	OPT_BASELINE, OPT_WBASELINE, OPT_CONFIG, OPT_NOCONFIG, OPT_FLEET,
	OPT_JOBS, OPT_HOSTNAME, OPT_MERGE, OPT_AUDIENCE, OPT_LANG
};

static const struct option longopts[] = {
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "postfix-dir", required_argument, NULL, OPT_PFDIR },
	{ "dovecot-conf", required_argument, NULL, OPT_DCCONF },
	{ "as", required_argument, NULL, OPT_AS },
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
	{ "ciphers", required_argument, NULL, OPT_CIPHERS },
	{ "no-suppress", no_argument, NULL, OPT_NOSUPP },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "write-baseline", required_argument, NULL, OPT_WBASELINE },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "no-config", no_argument, NULL, OPT_NOCONFIG },
	{ "no-file-check", no_argument, NULL, OPT_NOFILECHECK },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "cert-warn-days", required_argument, NULL, OPT_CERTWARN },
	{ "cert-error-days", required_argument, NULL, OPT_CERTERR },
	{ "compile-rules", required_argument, NULL, OPT_COMPILE },
	{ "diff", no_argument, NULL, OPT_DIFF },
	{ "fix", no_argument, NULL, OPT_FIX },
	{ "fleet", no_argument, NULL, OPT_FLEET },
	{ "jobs", required_argument, NULL, OPT_JOBS },
	{ "host-name", required_argument, NULL, OPT_HOSTNAME },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "audience", required_argument, NULL, OPT_AUDIENCE },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

void
cli_usage(FILE *f)
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
"  --as KIND               read the FILE arguments as main.cf, master.cf or\n"
"                          dovecot.conf, whatever their names (a rendered\n"
"                          template under a temporary name); without it a\n"
"                          file is known by its name, else by its content\n"
"  --postfix-version V     target Postfix version (default: detected, else "
PF_DEFAULT_VERSION ")\n"
"  --dovecot-version V     target Dovecot version (default: detected, else "
DC_DEFAULT_VERSION ")\n"
"  --profile NAME          default, mozilla-intermediate or mozilla-modern\n"
"  --severity LEVEL        exit 1 when a finding is at least error, warning\n"
"                          or info (default warning)\n"
"  --rules DIR             use the rules in DIR instead of the installed ones\n"
"  --extra-rules DIR       add the rules in DIR\n"
"  --format text|json|sarif|gcc  output format (default text; gcc: one\n"
"                          line per finding, file:line:col: severity: ...)\n"
"  --lang LANG             language of messages and reports: en or nl\n"
"                          (default: LC_ALL, LC_MESSAGES, LANG, LANGUAGE)\n"
"  --list-rules            list the rules of the profile (text or json)\n"
"  --explain ID            rationale, references and fix of one rule\n"
"  --ciphers STRING        the suites OpenSSL enables for a cipher string\n"
"                          (weak ones marked; exit 1 when there are any)\n"
"  --no-suppress           ignore inline \"# maillint: disable=ID\" comments\n"
"  --strict                an inline suppression without reason=\"...\" is a\n"
"                          warning (ML-SUP-003)\n"
"  --config FILE           the project configuration (default: the first\n"
"                          .maillint.yaml from the first PATH's folder up,\n"
"                          else from the current one; see maillint-config(5))\n"
"  --no-config             read no project configuration\n"
"  --write-baseline FILE   record today's findings in FILE (exit 0)\n"
"  --baseline FILE         report only findings FILE does not hold, and how\n"
"                          many of its findings are gone\n"
"  --no-file-check         do not look up certificate, key and <file paths,\n"
"                          nor read certificates, keys and DH parameters\n"
"                          (done when linting a host: no file argument or\n"
"                          --root)\n"
"  --now DATE              judge certificate dates as of DATE (YYYY-MM-DD or\n"
"                          ISO 8601, UTC unless a zone is given), not the clock\n"
"  --cert-warn-days N      a certificate expiring within N days is a warning\n"
"                          (default 30)\n"
"  --cert-error-days N     ... within N days an error (default 14)\n"
"  --diff                  print the fixes of the findings at or above\n"
"                          --severity as a unified diff (patch -p1)\n"
"  --fix                   apply those fixes: each changed file is replaced\n"
"                          atomically, the original kept as FILE.orig;\n"
"                          then lint again and report what is left\n"
"  --dump                  print the effective model with origins (text or json)\n"
"  --fleet                 audit many hosts: each PATH is a host snapshot, or a\n"
"                          directory whose subdirectories are (their names are\n"
"                          the host names); --format text or json (NDJSON: a\n"
"                          line per host, then the fleet summary)\n"
"  -j, --jobs N            hosts linted side by side with --fleet (default:\n"
"                          the number of cores)\n"
"  --host-name NAME        with --fleet and one snapshot PATH (such as /):\n"
"                          the host record's name (default: the directory's)\n"
"  --merge FILE...         merge the NDJSON of --fleet --format json runs into\n"
"                          the report of one run over all their hosts (sorted\n"
"                          by name, the summary computed again); --format\n"
"                          text, json or html\n"
"  --format html           with --fleet or --merge: one self-contained HTML\n"
"                          report\n"
"  --audience admin|customer  html: the fleet overview and each host's\n"
"                          findings by listener (admin, the default), or a\n"
"                          printable page per host in plain language\n"
"  --compile-rules DIR [OUT]  parse the rule files of DIR once into OUT\n"
"                          (default DIR/rules.cache), used while they match\n"
"  --datadir DIR           read rules/ and rules/defaults/ from DIR instead of\n"
"                          the installed data (also MAILLINT_DATADIR)\n"
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
"above it (a configuration syntax error is a finding: PF-SYN-001, DC-SYN-001),\n"
"2 usage error, unreadable input or bad rule file, 3 internal error.\n",
	    f);
}

/* The largest limit: 1 GiB (struct setting keeps offsets in 32 bits). */
#define CLI_SIZE_MAX	((unsigned long long)1 << 30)

static int
parse_size(const char *arg, const char *opt, size_t *out)
{
	char			*end;
	unsigned long long	 v;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno != 0 || *end != '\0' || end == arg || v == 0 || v > CLI_SIZE_MAX) {
		fprintf(stderr, "maillint: %s: invalid number \"%s\" "
		    "(1 to %llu)\n", opt, arg, CLI_SIZE_MAX);
		return -1;
	}
	*out = (size_t)v;
	return 0;
}

/* parse_days - a number of days, 0 to 36500 */
static int
parse_days(const char *arg, const char *opt, long long *out)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (errno != 0 || *end != '\0' || end == arg || v < 0 || v > 36500) {
		fprintf(stderr, "maillint: %s: expected a number of days "
		    "(0 to 36500), not \"%s\"\n", opt, arg);
		return -1;
	}
	*out = v;
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

/* fleet_conflict - an option that --fleet and --merge do not take, or NULL */
static const char *
fleet_conflict(const struct cli_opts *o)
{
	if (o->root != NULL)
		return "--root";
	if (o->in.postfix_dir != NULL)
		return "--postfix-dir";
	if (o->in.dovecot_conf != NULL)
		return "--dovecot-conf";
	if (o->in.as != NULL)
		return "--as";
	if (o->dump)
		return "--dump";
	if (o->diff)
		return "--diff";
	if (o->fix)
		return "--fix";
	if (o->baseline != NULL)
		return "--baseline";
	if (o->write_baseline != NULL)
		return "--write-baseline";
	if (o->list_rules || o->explain != NULL || o->ciphers != NULL ||
	    o->compile_rules != NULL)
		return "--list-rules, --explain, --ciphers or --compile-rules";
	return NULL;
}

static bool
fleet_format(const struct cli_opts *o, const char *mode)
{
	if (strcmp(o->format, "text") == 0 || strcmp(o->format, "json") == 0 ||
	    strcmp(o->format, "ndjson") == 0 || strcmp(o->format, "html") == 0)
		return true;
	fprintf(stderr, "maillint: %s: --format text, json, ndjson or html "
	    "(json is NDJSON: a line per host)\n", mode);
	return false;
}

/* check_fleet - --fleet takes snapshots and reports; -j needs it */
static int
check_fleet(const struct cli_opts *o)
{
	const char	*bad;

	if (!o->fleet) {
		fprintf(stderr, "maillint: %s: only with --fleet\n",
		    o->jobs > 0 ? "--jobs" : "--host-name");
		return -1;
	}
	if (o->in.n_paths == 0) {
		fprintf(stderr, "maillint: --fleet: name a directory of host "
		    "snapshots (or snapshots)\n");
		return -1;
	}
	if (!fleet_format(o, "--fleet"))
		return -1;
	if (o->host_name != NULL && (o->in.n_paths != 1 ||
	    o->host_name[0] == '\0')) {
		fprintf(stderr, "maillint: --host-name: one snapshot PATH "
		    "(the host's root), and a name that is not empty\n");
		return -1;
	}
	if ((bad = fleet_conflict(o)) != NULL) {
		fprintf(stderr, "maillint: --fleet: not with %s (each PATH is "
		    "a host snapshot, read as its own root)\n", bad);
		return -1;
	}
	return 0;
}

/* check_merge - --merge FILE...: records in, a report out */
static int
check_merge(const struct cli_opts *o)
{
	const char	*bad = fleet_conflict(o);

	if (o->fleet)
		bad = "--fleet";
	else if (o->jobs > 0)
		bad = "--jobs";
	else if (o->host_name != NULL)
		bad = "--host-name";
	if (bad != NULL) {
		fprintf(stderr, "maillint: --merge: not with %s (it reads the "
		    "records of --fleet runs, it lints nothing)\n", bad);
		return -1;
	}
	if (o->in.n_paths == 0) {
		fprintf(stderr, "maillint: --merge: name the NDJSON files of "
		    "--fleet --format json runs\n");
		return -1;
	}
	return fleet_format(o, "--merge") ? 0 : -1;
}

int
cli_parse(int argc, char **argv, struct cli_opts *o)
{
	const char	*err;
	int		 c, rc = 0;

	fsroot_limits_default(&o->lim);
	certcheck_opts_default(&o->cert);
	o->format = "text";
	o->profile = "default";
	o->threshold = SEV_WARN;
	while ((c = getopt_long(argc, argv, "hj:", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ROOT: o->root = optarg; break;
		case OPT_PFDIR: o->in.postfix_dir = optarg; break;
		case OPT_DCCONF: o->in.dovecot_conf = optarg; break;
		case OPT_PFVER: o->ro.pf_version = optarg; break;
		case OPT_DCVER:
			o->ro.dc_version = o->in.dc_version = optarg;
			break;
		case OPT_DUMP: o->dump = true; break;
		case OPT_FORMAT: o->format = optarg; break;
		case OPT_DATADIR: o->datadir = optarg; break;
		case OPT_RULES: o->rules_dir = optarg; break;
		case OPT_EXTRA: o->extra_rules = optarg; break;
		case OPT_PROFILE:
			o->profile = optarg;
			o->profile_given = true;
			break;
		case OPT_LIST: o->list_rules = true; break;
		case OPT_EXPLAIN: o->explain = optarg; break;
		case OPT_CIPHERS: o->ciphers = optarg; break;
		case OPT_NOSUPP: o->no_suppress = true; break;
		case OPT_STRICT: o->strict = true; break;
		case OPT_BASELINE: o->baseline = optarg; break;
		case OPT_WBASELINE: o->write_baseline = optarg; break;
		case OPT_CONFIG: o->config = optarg; break;
		case OPT_NOCONFIG: o->no_config = true; break;
		case OPT_NOFILECHECK: o->no_file_check = true; break;
		case OPT_NOW:
			if ((err = certdate_parse(optarg, &o->cert.now)) != NULL) {
				fprintf(stderr, "maillint: --now: %s, not \"",
				    err);
				textesc_put(stderr, optarg);
				fputs("\" (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)\n",
				    stderr);
				rc = -1;
			}
			o->now_given = true;
			break;
		case OPT_CERTWARN:
			rc |= parse_days(optarg, "--cert-warn-days",
			    &o->cert.warn_days);
			break;
		case OPT_CERTERR:
			rc |= parse_days(optarg, "--cert-error-days",
			    &o->cert.error_days);
			break;
		case OPT_COMPILE: o->compile_rules = optarg; break;
		case OPT_AS:
			if (inputs_kind_parse(optarg) == INPUT_UNKNOWN) {
				fprintf(stderr, "maillint: --as: expected "
				    "main.cf, master.cf or dovecot.conf, not "
				    "\"%s\"\n", optarg);
				rc = -1;
			}
			o->in.as = optarg;
			break;
		case OPT_LANG:
			if (!i18n_known(optarg)) {
				fprintf(stderr, "maillint: --lang: unknown "
				    "language \"");
				textesc_put(stderr, optarg);
				fprintf(stderr, "\" (%s)\n", i18n_languages());
				rc = -1;
			}
			o->lang = optarg;
			break;
		case OPT_DIFF: o->diff = true; break;
		case OPT_FIX: o->fix = true; break;
		case OPT_FLEET: o->fleet = true; break;
		case OPT_HOSTNAME: o->host_name = optarg; break;
		case OPT_MERGE: o->merge = true; break;
		case OPT_AUDIENCE:
			if (strcmp(optarg, "admin") == 0)
				o->customer = false;
			else if (strcmp(optarg, "customer") == 0)
				o->customer = true;
			else {
				fprintf(stderr, "maillint: --audience: admin or "
				    "customer, not \"%s\"\n", optarg);
				rc = -1;
			}
			o->audience_given = true;
			break;
		case 'j':
		case OPT_JOBS:
			rc |= parse_uint(optarg, "--jobs", &o->jobs);
			if (rc == 0 && o->jobs > CLI_JOBS_MAX) {
				fprintf(stderr, "maillint: --jobs: at most %u\n",
				    CLI_JOBS_MAX);
				rc = -1;
			}
			break;
		case OPT_SEVERITY:
			o->threshold_given = true;
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
			cli_usage(stdout);
			return 1;
		case OPT_VERSION:
			printf("maillint %s\n", PACKAGE_VERSION);
			return 1;
		default:
			cli_usage(stderr);
			return -1;
		}
	}
	if (o->audience_given && ((!o->fleet && !o->merge) ||
	    strcmp(o->format, "html") != 0)) {
		fprintf(stderr, "maillint: --audience: only with --fleet or "
		    "--merge, and --format html\n");
		return -1;
	}
	if (o->merge) {
		o->in.paths = argv + optind;
		o->in.n_paths = argc - optind;
		if (check_merge(o) != 0)
			return -1;
	} else if (o->fleet || o->jobs > 0 || o->host_name != NULL) {
		o->in.paths = argv + optind;
		o->in.n_paths = argc - optind;
		if (check_fleet(o) != 0)
			return -1;
	} else if (report_find(o->format) == NULL) {
		fprintf(stderr, "maillint: --format: unknown format \"%s\"\n", o->format);
		return -1;
	}
	if (!rules_profile_known(o->profile)) {
		fprintf(stderr, "maillint: --profile: unknown profile \"%s\" "
		    "(default, mozilla-intermediate, mozilla-modern)\n", o->profile);
		return -1;
	}
	if (o->cert.error_days > o->cert.warn_days) {
		fprintf(stderr, "maillint: --cert-error-days (%lld) is more "
		    "than --cert-warn-days (%lld)\n", o->cert.error_days,
		    o->cert.warn_days);
		return -1;
	}
	if (o->diff && o->fix) {
		fprintf(stderr, "maillint: --diff and --fix: choose one\n");
		return -1;
	}
	if (o->write_baseline != NULL && (o->baseline != NULL || o->diff ||
	    o->fix)) {
		fprintf(stderr, "maillint: --write-baseline records every "
		    "finding: not with --baseline, --diff or --fix\n");
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
 * cli_data_dir - --datadir, $MAILLINT_DATADIR, else the installed data: an
 * installed maillint never reads a build tree unless told to
 */
const char *
cli_data_dir(const struct cli_opts *o)
{
	const char	*env = getenv("MAILLINT_DATADIR");

	if (o->datadir != NULL)
		return o->datadir;
	if (env != NULL && env[0] != '\0')
		return env;
	return PKGDATADIR;
}
