/* SPDX-License-Identifier: MIT */
/*
 * rules - load rules/NAME.yaml: a buffer, a file or a directory (through
 * the compiled cache when it matches).  The top of the loader: the YAML
 * is turned into a tree by rules_yaml.c, checked and built into rules by
 * rules_schema.c; the set itself is rules_set.c's.
 *
 * Rule files are the tool's own data (like the defaults tables), not host
 * configuration, so they are read with stdio rather than fsroot; they are
 * still bounded (file size, nesting depth, node count after alias
 * expansion) because --rules DIR may point anywhere.
 *
 * Diagnostics: every problem is a SEV_ERROR diagnostic at file:line:col;
 * loading carries on to report them all and returns -1 at the end.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
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

char *
rules_read_file(const char *path, size_t *len_r, struct diag_list *dl)
{
	FILE		*fp;
	struct stat	 st;
	char		*buf;
	size_t		 got;
	int		 fd;

	/* O_NONBLOCK: a FIFO named x.yaml must not hang the run. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
		diag_addf(dl, SEV_ERROR, path, 0, 0,
		    "cannot open rule file: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > (off_t)RULES_MAX_FILE ||
	    (fp = fdopen(fd, "rb")) == NULL) {
		diag_addf(dl, SEV_ERROR, path, 0, 0, "not a regular file of at "
		    "most %u bytes", RULES_MAX_FILE);
		close(fd);
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	got = fread(buf, 1, (size_t)st.st_size, fp);
	if (ferror(fp)) {
		diag_addf(dl, SEV_ERROR, path, 0, 0,
		    "cannot read rule file: %s", strerror(errno));
		free(buf);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	buf[got] = '\0';
	*len_r = got;
	return buf;
}

int
rules_load_file(struct ruleset *rs, const char *path, struct diag_list *dl)
{
	char	*buf;
	size_t	 len;
	int	 rc;

	if ((buf = rules_read_file(path, &len, dl)) == NULL)
		return -1;
	rc = rules_load_buffer(rs, path, buf, len, dl);
	free(buf);
	return rc;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
is_rule_file(const char *name)
{
	size_t	n = strlen(name);

	return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".yaml") == 0;
}

char **
rules_dir_list(const char *dir, size_t *n_r, struct diag_list *dl)
{
	DIR		 *d;
	struct dirent	 *de;
	char		**names = NULL;
	size_t		  n = 0, cap = 0;

	if ((d = opendir(dir)) == NULL) {
		diag_addf(dl, SEV_ERROR, dir, 0, 0, "cannot read rules "
		    "directory: %s", strerror(errno));
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		if (!is_rule_file(de->d_name))
			continue;
		VEC_GROW(names, n, cap);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
	VEC_GROW(names, n, cap);
	names[n] = NULL;
	*n_r = n;
	return names;
}

char *
rules_dir_path(const char *dir, const char *name)
{
	size_t	 len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	return xasprintf("%.*s/%s", (int)len, dir, name);
}

void
rules_free_strv(char **v, size_t n)
{
	size_t	i;

	for (i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

int
rules_load_dir(struct ruleset *rs, const char *dir, struct diag_list *dl)
{
	char	**names, **paths, **data;
	size_t	  n, i, *len;
	int	  rc = 0;

	if ((names = rules_dir_list(dir, &n, dl)) == NULL)
		return -1;
	paths = xcalloc(n + 1, sizeof(*paths));
	data = xcalloc(n + 1, sizeof(*data));
	len = xcalloc(n + 1, sizeof(*len));
	for (i = 0; i < n; i++) {
		paths[i] = rules_dir_path(dir, names[i]);
		if ((data[i] = rules_read_file(paths[i], &len[i], dl)) == NULL)
			rc = -1;
	}
	/* The compiled cache stands for YAML files it matches exactly. */
	if (rc != 0 || rules_cache_load(rs, dir, names, data, len, n, dl,
	    &rc) == 0)
		for (i = 0; i < n; i++)
			if (data[i] != NULL && rules_load_buffer(rs, paths[i],
			    data[i], len[i], dl) != 0)
				rc = -1;
	rules_free_strv(names, n);
	rules_free_strv(paths, n);
	rules_free_strv(data, n);
	free(len);
	return rc;
}
