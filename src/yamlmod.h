/* SPDX-License-Identifier: MIT */
/*
 * yamlmod - libyaml in a module of its own (modload.h): rules_yaml.c is
 * built into maillint-yaml.so, and yamlmod.c, linked into the program,
 * defines rules_yaml_tree() (rules_int.h) as a call through the module's
 * table.  A run whose rule files match the compiled cache (rules_cache.c)
 * never loads it.  The unit tests and fuzzers link rules_yaml.c directly
 * (libmlmod.a).
 *
 * Layer 6 (the rule loader's bottom): it uses modload.
 */
#ifndef MAILLINT_YAMLMOD_H
#define MAILLINT_YAMLMOD_H

#include <stddef.h>

#include "modload.h"

struct ruleset;
struct rnode;
struct diag_list;

#define YAMLMOD_FILE	"maillint-yaml.so"
#define YAMLMOD_SYMBOL	"maillint_yamlmod"
/* Raised whenever the table or a structure it passes changes. */
#define YAMLMOD_ABI	1u

/* The structures the two sides share (needs rules_int.h and diag.h). */
#define YAMLMOD_SIZES { sizeof(struct ruleset), sizeof(struct rnode), \
	sizeof(struct diag_list), sizeof(struct diag) }

struct yamlmod_api {
	struct modload_hdr hdr;		/* YAMLMOD_ABI, YAMLMOD_SIZES */
	int		(*rules_yaml_tree)(struct ruleset *, const char *,
			    const char *, size_t, struct rnode **,
			    struct diag_list *);
};

#endif
