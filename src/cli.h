/* SPDX-License-Identifier: MIT */
/*
 * cli - the command line (cli.c): options as parsed, before main() wires
 * the pipeline.
 *
 * Layer 9 (the program), with main.c.
 */
#ifndef MAILLINT_CLI_H
#define MAILLINT_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "certcheck.h"
#include "fsroot.h"
#include "inputs.h"
#include "resolve.h"

/* the most workers --fleet starts (-j) */
#define CLI_JOBS_MAX	256

struct cli_opts {
	const char		*root;
	const char		*format;	/* text, json, sarif */
	const char		*datadir;
	const char		*rules_dir;	/* --rules: replaces the installed rules */
	const char		*extra_rules;	/* --extra-rules */
	const char		*profile;
	const char		*explain;
	const char		*ciphers;	/* --ciphers STRING */
	const char		*lang;		/* --lang: "en", "nl"; NULL: LANG etc. */
	int			 threshold;	/* enum sev */
	bool			 dump;
	bool			 list_rules;
	bool			 no_suppress;	/* --no-suppress: ignore inline directives */
	bool			 strict;	/* --strict: a suppression needs a reason */
	const char		*baseline;	/* --baseline FILE, or NULL */
	const char		*write_baseline; /* --write-baseline FILE, or NULL */
	const char		*config;	/* --config FILE, or NULL */
	bool			 no_config;	/* --no-config */
	bool			 profile_given;	/* --profile (wins over the config) */
	bool			 threshold_given; /* --severity */
	bool			 no_file_check;	/* --no-file-check */
	bool			 now_given;	/* --now: cert.now is set */
	struct certcheck_opts	 cert;		/* --now, --cert-warn-days, --cert-error-days */
	const char		*compile_rules;	/* --compile-rules DIR */
	bool			 diff;		/* --diff: print the fixes as a diff */
	bool			 fix;		/* --fix: apply them (first pass) */
	bool			 fix_failed;	/* --fix could not write a file */
	const char		*run_root;	/* --root, or the snapshot found */
	bool			 fleet;		/* --fleet: PATHs are host snapshots */
	unsigned		 jobs;		/* -j N (0: the number of cores) */
	bool			 customer;	/* --audience customer */
	bool			 audience_given;
	const char		*host_name;	/* --host-name NAME (--fleet, one snapshot) */
	bool			 merge;		/* --merge: PATHs are NDJSON records */
	struct inputs_opts	 in;
	struct resolve_opts	 ro;
	struct fsroot_limits	 lim;
};

/*
 * cli_parse - the options and paths of argv into *o (zeroed by the
 * caller).  0 to go on, 1 when --help or --version has been answered
 * (exit 0), -1 on a usage error (a message on stderr; exit 2).
 */
int		 cli_parse(int argc, char **argv, struct cli_opts *o);
/* cli_usage - the --help text */
void		 cli_usage(FILE *f);
/*
 * cli_data_dir - --datadir, $MAILLINT_DATADIR, else the installed data: an
 * installed maillint never reads a build tree unless told to
 */
const char	*cli_data_dir(const struct cli_opts *o);

#endif
