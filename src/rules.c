/* SPDX-License-Identifier: MIT */
/*
 * rules - load rules/NAME.yaml: a buffer, a file or a directory (through
 * the compiled cache when it matches).  The top of the loader: the YAML
 * is turned into a tree by rules_yaml.c, checked and built into rules by
 * rules_schema.c; the set itself is rules_set.c's.
 *
 * Rule files are the tool's own data (like the defaults tables), not host
 * configuration, so they are read with the data-file reader (datafile.c)
 * rather than fsroot; they are still bounded (file size, file count,
 * nesting depth, node count after alias expansion) because --rules DIR may
 * point anywhere.
 *
 * Diagnostics: every problem is a SEV_ERROR diagnostic at file:line:col;
 * loading carries on to report them all and returns -1 at the end.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "datafile.h"
#include "rules_int.h"

int
rules_load_buffer(struct ruleset *rs, const char *display, const char *data,
    size_t len, struct diag_list *dl)
{
	const char	*file = arena_strdup(rs->arena, display);
	struct rnode	*tree;

	if (rules_yaml_tree(rs, file, data, len, &tree, dl) != 0)
		return -1;
	return tree != NULL ? rules_schema_file(rs, file, tree, dl) : 0;
}

int
rules_load_file(struct ruleset *rs, const char *path, struct diag_list *dl)
{
	char	*buf;
	size_t	 len;
	int	 rc;

	if ((buf = datafile_read(path, RULES_MAX_FILE, NULL, "rule file", NULL,
	    &len, dl)) == NULL)
		return -1;
	rc = rules_load_buffer(rs, path, buf, len, dl);
	free(buf);
	return rc;
}

int
rules_load_dir(struct ruleset *rs, const char *dir, struct diag_list *dl)
{
	char		**names, **paths, **data;
	size_t		  n, i, *len;
	int		  rc = 0;
	struct arena	 *tmp;

	if ((names = datafile_list(dir, ".yaml", RULES_MAX_FILES, &n,
	    dl)) == NULL)
		return -1;
	/* The compiled cache stands for the YAML files it matches. */
	if (rules_cache_load(rs, dir, names, n, dl, &rc) != 0) {
		datafile_free_list(names, n);
		return rc;
	}
	/* Every file is read before any is parsed (scratch memory). */
	tmp = arena_new();
	paths = xcalloc(n + 1, sizeof(*paths));
	data = xcalloc(n + 1, sizeof(*data));
	len = xcalloc(n + 1, sizeof(*len));
	for (i = 0; i < n; i++) {
		paths[i] = datafile_path(dir, names[i]);
		if ((data[i] = datafile_read(paths[i], RULES_MAX_FILE, tmp,
		    "rule file", NULL, &len[i], dl)) == NULL)
			rc = -1;
	}
	for (i = 0; i < n; i++)
		if (data[i] != NULL && rules_load_buffer(rs, paths[i],
		    data[i], len[i], dl) != 0)
			rc = -1;
	datafile_free_list(names, n);
	datafile_free_list(paths, n);
	free(data);
	free(len);
	arena_free(&tmp);
	return rc;
}
