/* SPDX-License-Identifier: MIT */
/*
 * fsroot_path - root path strings: joining, normalising, display forms.
 *
 * Layer: the leaf of fsroot.  Pure string work on fsroot's arena, and
 * the table of what the run knows of each path (fr_seen, fsroot_int.h),
 * where a checked path is kept once; it opens nothing, and the resolver
 * (fsroot.c), the reader (fsroot_read.c), the writer (fsroot_write.c) and
 * the globber (fsroot_glob.c) all build on it.  Path strings are
 * lexical: "//", "." and ".." are folded and ".." never climbs above "/";
 * display forms are relative to --root, or to the cwd.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include "fsroot_int.h"

/*
 * normalise_into - append the components of s to out (a root path being
 * built, "" standing for "/"), applying "." and ".." lexically.
 */
static void
normalise_into(char *out, size_t *np, const char *s)
{
	size_t		 n = *np, len;
	const char	*end;

	while (*s != '\0') {
		while (*s == '/')
			s++;
		if (*s == '\0')
			break;
		end = strchr(s, '/');
		len = end != NULL ? (size_t)(end - s) : strlen(s);
		if (len == 1 && s[0] == '.') {
			/* nothing */
		} else if (len == 2 && s[0] == '.' && s[1] == '.') {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
		} else {
			out[n++] = '/';
			memcpy(out + n, s, len);
			n += len;
		}
		s += len;
	}
	*np = n;
}

char *
fsroot_normalise(const char *base_dir, const char *path)
{
	char	*out;
	size_t	 n = 0;

	if (path == NULL)
		path = "";
	if (base_dir == NULL || path[0] == '/')
		base_dir = "";
	out = xmalloc(strlen(base_dir) + strlen(path) + 3);
	normalise_into(out, &n, base_dir);
	normalise_into(out, &n, path);
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	return out;
}

const char *
fsroot_join(struct fsroot *fr, const char *base_dir, const char *path)
{
	char		*tmp = fsroot_normalise(base_dir, path);
	const char	*p = arena_strdup(fr->fr_arena, tmp);

	free(tmp);
	return p;
}

const char *
fsroot_dirname(struct fsroot *fr, const char *path)
{
	const char	*p = fsroot_join(fr, "/", path), *slash;

	slash = strrchr(p, '/');
	if (slash == p)
		return "/";
	return arena_strndup(fr->fr_arena, p, (size_t)(slash - p));
}

const char *
fsroot_display(struct fsroot *fr, const char *path)
{
	const char	*p = fsroot_join(fr, "/", path);
	size_t		 len;

	if (fr->fr_has_root)
		return p[1] != '\0' ? p + 1 : ".";
	/* Below the cwd, show what the user would type; from "/" an
	 * absolute path reads better than a relative one. */
	if (fr->fr_cwd != NULL && strcmp(fr->fr_cwd, "/") != 0) {
		len = strlen(fr->fr_cwd);
		if (strncmp(p, fr->fr_cwd, len) == 0) {
			if (p[len] == '\0')
				return ".";
			if (p[len] == '/')
				return p + len + 1;
		}
	}
	return p;
}

const char *
fsroot_user_path(struct fsroot *fr, const char *arg)
{
	if (fr->fr_has_root || fr->fr_cwd == NULL)
		return fsroot_join(fr, "/", arg);
	return fsroot_join(fr, fr->fr_cwd, arg);
}

struct fsroot_seen *
fsroot_seen_get(struct fsroot *fr, const char *rpath)
{
	return hmap_get(&fr->fr_seen, rpath);
}

struct fsroot_seen *
fsroot_seen_put(struct fsroot *fr, const char *rpath)
{
	struct fsroot_seen	*e = hmap_get(&fr->fr_seen, rpath);

	if (e == NULL) {
		e = arena_alloc(fr->fr_arena, sizeof(*e));
		e->fs_path = arena_strdup(fr->fr_arena, rpath);
		hmap_put(&fr->fr_seen, e->fs_path, e);
	}
	return e;
}

/* fsroot_seen_forget - every entry back to FSROOT_UNKNOWN: the memory
 * is used again when the path is looked at again */
void
fsroot_seen_forget(struct fsroot *fr)
{
	struct fsroot_seen	*e;
	size_t			 i;

	for (i = 0; i < fr->fr_seen.len; i++) {
		e = fr->fr_seen.ents[i].val;
		e->fs_known = FSROOT_UNKNOWN;
	}
}

const char *
fsroot_path_check(struct fsroot *fr, const char *base_dir, const char *path,
    const char **error_r)
{
	const char	*p;
	char		*tmp;

	if (path == NULL || *path == '\0') {
		*error_r = "empty path";
		return NULL;
	}
	/* Check before joining so a hostile megabyte path costs nothing. */
	if (strnlen(path, PATH_MAX) >= PATH_MAX || (base_dir != NULL &&
	    strnlen(base_dir, PATH_MAX) >= PATH_MAX)) {
		*error_r = "path too long";
		return NULL;
	}
	tmp = fsroot_normalise(base_dir, path);
	if (strlen(tmp) >= PATH_MAX) {
		free(tmp);
		*error_r = "path too long";
		return NULL;
	}
	/* One copy of a path however often it is named: the key of what
	 * the run knows of it. */
	p = fsroot_seen_put(fr, tmp)->fs_path;
	free(tmp);
	return p;
}

/* fsroot_type_error - why a file of this type is refused, or NULL if regular */
const char *
fsroot_type_error(unsigned mode)
{
	if (S_ISREG(mode))
		return NULL;
	if (S_ISDIR(mode))
		return "not a regular file (directory)";
	if (S_ISFIFO(mode))
		return "not a regular file (FIFO)";
	if (S_ISCHR(mode))
		return "not a regular file (character device)";
	if (S_ISBLK(mode))
		return "not a regular file (block device)";
	if (S_ISSOCK(mode))
		return "not a regular file (socket)";
	if (S_ISLNK(mode))
		return "not a regular file (symlink)";
	return "not a regular file";
}
