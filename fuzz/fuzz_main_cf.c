/* SPDX-License-Identifier: MIT */
/*
 * fuzz_main_cf - libFuzzer harness for the main.cf parser
 * (parse_postfix_main_buf): logical lines, comments, continuations,
 * name = value splitting, the line-length limit.  Everything the parser
 * allocates must be freed by model_free()/diag_free() (LeakSanitizer).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "model.h"
#include "parse.h"

/* A small line limit reaches the too-long path with small inputs. */
#define FUZZ_MAX_LINE	1024

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model		*m = model_new();
	struct diag_list	 dl;

	diag_init(&dl);
	parse_postfix_main_buf(m, "etc/postfix/main.cf", (const char *)data,
	    size, FUZZ_MAX_LINE, &dl);
	model_free(&m);
	diag_free(&dl);
	return 0;
}
