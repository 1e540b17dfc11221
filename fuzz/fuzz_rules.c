/* SPDX-License-Identifier: MIT */
/*
 * fuzz_rules - libFuzzer harness for the rule loader: the input is written
 * as the only *.yaml file of a temp directory (created once), which
 * rules_load_dir() loads into a fresh rule set, as --rules DIR would.
 * Covers libyaml error paths, the schema check, PCRE2 compilation,
 * version expressions and placeholders; a bad file must be diagnostics,
 * never a crash or a leak.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "rules.h"

#include "fuzz_common.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char	rules_dir[4300];
static char	rules_file[4400];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(rules_dir, sizeof(rules_dir), "%s/rules", fuzz_root());
	if (mkdir(rules_dir, 0755) != 0 && errno != EEXIST) {
		perror(rules_dir);
		abort();
	}
	snprintf(rules_file, sizeof(rules_file), "%s/fuzz.yaml", rules_dir);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset		*rs;
	struct diag_list	 dl;
	FILE			*f;

	if ((f = fopen(rules_file, "w")) == NULL ||
	    fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror(rules_file);
		abort();
	}
	rs = rules_new();
	diag_init(&dl);
	rules_load_dir(rs, rules_dir, &dl);
	rules_free(&rs);
	diag_free(&dl);
	return 0;
}
