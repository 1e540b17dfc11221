/* SPDX-License-Identifier: MIT */
/*
 * fuzz_postfix - libFuzzer harnesses for the Postfix parsers, built twice
 * by build.sh:
 *   fuzz_main_cf    parse_postfix_main_buf(): logical lines, comments,
 *                   continuations, name = value splitting, line limits;
 *   fuzz_master_cf  (-DFUZZ_MASTER) parse_postfix_master_buf(): entries,
 *                   the 8 fields, -o overrides in both forms, { } groups,
 *                   commented-out entries.
 * Everything the parser allocates must be freed by model_free() and
 * diag_free() (LeakSanitizer).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "model.h"
#include "parse.h"

/* A small line limit reaches the too-long path with small inputs. */
#define FUZZ_MAX_LINE	1024

#ifdef FUZZ_MASTER
#define FUZZ_PARSE	parse_postfix_master_buf
#define FUZZ_FILE	"etc/postfix/master.cf"
#else
#define FUZZ_PARSE	parse_postfix_main_buf
#define FUZZ_FILE	"etc/postfix/main.cf"
#endif

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model		*m = model_new();
	struct diag_list	 dl;

	diag_init(&dl);
	FUZZ_PARSE(m, FUZZ_FILE, (const char *)data, size, FUZZ_MAX_LINE, &dl);
	model_free(&m);
	diag_free(&dl);
	return 0;
}
