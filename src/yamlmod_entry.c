/* SPDX-License-Identifier: MIT */
/*
 * yamlmod_entry - the table maillint-yaml.so exports (yamlmod.h): the
 * module's only visible symbol.  Built into the module only, with
 * rules_yaml.c and the core files it uses.
 */
#include "config.h"

#include "diag.h"
#include "rules_int.h"
#include "yamlmod.h"

extern const struct yamlmod_api maillint_yamlmod
    __attribute__((visibility("default")));

const struct yamlmod_api maillint_yamlmod = {
	.hdr = { YAMLMOD_ABI, PACKAGE_VERSION, YAMLMOD_SIZES },
	.rules_yaml_tree = rules_yaml_tree,
};
