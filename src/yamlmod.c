/* SPDX-License-Identifier: MIT */
/*
 * yamlmod - the program's side of the libyaml module (yamlmod.h).
 */
#include "config.h"

#include "diag.h"
#include "rules_int.h"
#include "yamlmod.h"

int
rules_yaml_tree(struct ruleset *rs, const char *file, const char *data,
    size_t len, struct rnode **tree_r, struct diag_list *dl)
{
	static const struct yamlmod_api	*api;
	static const struct modload_hdr	 want = { YAMLMOD_ABI, PACKAGE_VERSION,
		YAMLMOD_SIZES };

	if (api == NULL)
		api = modload(YAMLMOD_FILE, YAMLMOD_SYMBOL, &want,
		    "reading rule files");
	return api->rules_yaml_tree(rs, file, data, len, tree_r, dl);
}
