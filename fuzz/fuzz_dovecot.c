/* SPDX-License-Identifier: MIT */
/*
 * fuzz_dovecot - libFuzzer harness for the Dovecot parser
 * (parse_dovecot_buf): sections and filters, quoting, "<file" values,
 * heredocs, "$key" self-references, and !include / !include_try globs
 * followed inside a temp root built once (fuzz_common.h) with include
 * targets, loops, a FIFO and symlinks pointing out of the root.  The input
 * stands for /etc/dovecot/dovecot.conf in that root.  Aborts when a
 * setting from the canary file outside the root reaches the model.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "diag.h"
#include "fsroot.h"
#include "model.h"
#include "parse.h"

#include "fuzz_common.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_root();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fsroot_limits	 lim;
	struct fsroot		*fr;
	struct model		*m;
	struct diag_list	 dl;
	const char		*err;

	fuzz_limits(&lim);
	lim.max_line_len = 4096;
	if (fsroot_new(fuzz_root(), &lim, &fr, &err) != 0) {
		fprintf(stderr, "fsroot_new: %s\n", err);
		abort();
	}
	m = model_new();
	diag_init(&dl);
	parse_dovecot_buf(m, fr, "/etc/dovecot/dovecot.conf",
	    (const char *)data, size, &dl);
	fuzz_check_canary(m, m->dc.conf_file);
	model_free(&m);
	diag_free(&dl);
	fsroot_free(&fr);
	return 0;
}
