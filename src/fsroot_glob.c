/* SPDX-License-Identifier: MIT */
/*
 * fsroot_glob - glob(3) with GLOB_BRACE in the root.
 *
 * Dovecot expands !include patterns with glob(3) and GLOB_BRACE; this
 * mirrors glibc without leaving the root: braces are expanded first, left
 * to right, and each alternative is globbed on its own (so "{b,a}*" gives
 * the b* matches, then the a* ones, each sorted with strcmp, duplicates
 * kept); an unclosed brace makes the whole pattern literal.  Wildcards
 * (*, ?, [...]) may appear in any component and are matched with
 * fnmatch(FNM_PERIOD) against entries of directories opened through the
 * confined resolver; a backslash escapes.  A pattern without wildcards
 * matches if the path exists as anything, dangling symlinks included
 * (glibc >= 2.27).  Unreadable directories match nothing (no GLOB_ERR).
 * Deviations: wildcards never produce "." or "..", and ".." in a pattern
 * is lexical.  Limits: FSROOT_MAX_BRACE alternatives, max_files matches,
 * and a work bound for the whole run (FSROOT_GLOB_WORK_PER_FILE times
 * max_files brace strings, directory entries and lookups; fsroot_int.h).
 * Results are root paths in an fsroot-owned, NULL-terminated array.  A
 * match whose directory entry says "regular file" is remembered as one,
 * so that reading it needs no look (fsroot_int.h).
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsroot_int.h"

/* A malloc'ed vector of malloc'ed strings. */
struct pathvec {
	char	**pv_v;
	size_t	  pv_len;
	size_t	  pv_cap;
};

/* Brace expansion state. */
struct brace {
	struct pathvec	 b_out;		/* expanded patterns, brace order */
	unsigned	 b_work;	/* strings built, inner nodes too */
};

static void
pv_push(struct pathvec *pv, char *s)
{
	VEC_GROW(pv->pv_v, pv->pv_len, pv->pv_cap);
	pv->pv_v[pv->pv_len++] = s;
}

static void
pv_free(struct pathvec *pv)
{
	size_t	 i;

	for (i = 0; i < pv->pv_len; i++)
		free(pv->pv_v[i]);
	free(pv->pv_v);
	pv->pv_v = NULL;
	pv->pv_len = pv->pv_cap = 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * brace_next - from inside a brace, the next top-level ',' or the closing
 * '}', or NULL when the brace is not closed (glibc next_brace_sub()).
 */
static const char *
brace_next(const char *p)
{
	size_t	 depth = 0;

	for (; *p != '\0'; p++) {
		if (*p == '\\') {
			if (*++p == '\0')
				return NULL;
		} else if (*p == '}') {
			if (depth == 0)
				return p;
			depth--;
		} else if (*p == ',' && depth == 0)
			return p;
		else if (*p == '{')
			depth++;
	}
	return NULL;
}

/* brace_open - the first unescaped '{', or NULL */
static const char *
brace_open(const char *p)
{
	for (; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		else if (*p == '{')
			return p;
	}
	return NULL;
}

/* brace_expand - expand pat into b->b_out; -1 past the limits */
static int
brace_expand(struct brace *b, const char *pat)
{
	const char	*open, *close, *alt, *p;
	char		*s;
	size_t		 pre, mid;
	int		 rc = 0;

	if (++b->b_work > FSROOT_MAX_BRACE_WORK)
		return -1;
	close = NULL;
	if ((open = brace_open(pat)) != NULL) {
		close = open + 1;
		while ((close = brace_next(close)) != NULL && *close == ',')
			close++;
	}
	if (close == NULL) {
		/* No brace, or an unclosed one: the pattern is literal. */
		if (b->b_out.pv_len >= FSROOT_MAX_BRACE)
			return -1;
		pv_push(&b->b_out, xstrdup(pat));
		return 0;
	}
	pre = (size_t)(open - pat);
	for (alt = open + 1; rc == 0; alt = p + 1) {
		p = brace_next(alt);
		mid = (size_t)(p - alt);
		s = xmalloc(pre + mid + strlen(close + 1) + 1);
		memcpy(s, pat, pre);
		memcpy(s + pre, alt, mid);
		strcpy(s + pre + mid, close + 1);
		rc = brace_expand(b, s);
		free(s);
		if (p == close)
			break;
	}
	return rc;
}

/* is_magic - whether a component has an unescaped *, ? or [...] */
static bool
is_magic(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0')
			s++;
		else if (*s == '*' || *s == '?')
			return true;
		else if (*s == '[' && strchr(s + 1, ']') != NULL)
			return true;
	}
	return false;
}

/* unescape - drop the backslashes of a component without wildcards */
static void
unescape(char *s)
{
	char	*d = s;

	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0')
			s++;
		*d++ = *s;
	}
	*d = '\0';
}

/* Return values of the matchers past a limit. */
#define GLOB_TOO_MANY	(-1)	/* more than max_files matches */
#define GLOB_TOO_COSTLY	(-2)	/* the run's glob work bound is spent */

/* work_max - glob work a run may spend (saturating) */
static unsigned long
work_max(const struct fsroot *fr)
{
	unsigned long	 n = fr->fr_lim.max_files;

	return n > ULONG_MAX / FSROOT_GLOB_WORK_PER_FILE ? ULONG_MAX :
	    n * FSROOT_GLOB_WORK_PER_FILE;
}

/* spend - count one unit of glob work; false once the bound is spent */
static bool
spend(struct fsroot *fr)
{
	if (fr->fr_glob_work >= work_max(fr))
		return false;
	fr->fr_glob_work++;
	return true;
}

/* too_costly - the message for a spent work bound, formatted once */
static const char *
too_costly(struct fsroot *fr)
{
	if (fr->fr_glob_msg == NULL)
		fr->fr_glob_msg = arena_printf(fr->fr_arena, "too much globbing: "
		    "more than %lu patterns, directory entries and lookups in "
		    "this run; raise with --max-files", work_max(fr));
	return fr->fr_glob_msg;
}

/*
 * exists - the path names something, a symlink itself included.  What is
 * not a symlink is what a look would find, and is remembered as such: the
 * include read next needs no look of its own.
 */
static bool
exists(struct fsroot *fr, const char *rpath)
{
	struct fsroot_seen	*e = fsroot_seen_get(fr, rpath);
	struct stat		 st;
	int			 fd;

	if (e != NULL && e->fs_known == FSROOT_STAT)
		return true;
	if (fsroot_resolve(fr, rpath, O_PATH, false, &fd) != 0)
		return false;
	if (fstat(fd, &st) == 0 && !S_ISLNK(st.st_mode)) {
		e = fsroot_seen_put(fr, rpath);
		e->fs_known = FSROOT_STAT;
		e->fs_st = st;
	}
	close(fd);
	return true;
}

/* is_dir - the path is a directory, symlinks followed inside the root */
static bool
is_dir(struct fsroot *fr, const char *rpath)
{
	struct stat	 st;

	return fsroot_stat_rpath(fr, rpath, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * listed - remember that the directory entry of rpath is a regular file
 * (d_type DT_REG: not a symlink, not a device), so that reading it needs
 * no look (fsroot_int.h).  A look that found a regular file says as much
 * and more; any other answer is older than the listing.
 */
static void
listed(struct fsroot *fr, const char *rpath)
{
	struct fsroot_seen	*e = fsroot_seen_put(fr, rpath);

	if (e->fs_known != FSROOT_STAT || !S_ISREG(e->fs_st.st_mode))
		e->fs_known = FSROOT_LISTED;
}

/* add_literal - append a component without wildcards to every path */
static void
add_literal(struct pathvec *cur, const char *name)
{
	size_t	 i, len;
	char	*s, *slash;

	for (i = 0; i < cur->pv_len; i++) {
		s = cur->pv_v[i];
		if (strcmp(name, ".") == 0)
			continue;
		if (strcmp(name, "..") == 0) {
			/* An escaped "\.." is still "..": lexical here too. */
			if ((slash = strrchr(s, '/')) != NULL)
				*slash = '\0';
			continue;
		}
		len = strlen(s);
		s = xrealloc(s, len + strlen(name) + 2);
		s[len] = '/';
		strcpy(s + len + 1, name);
		cur->pv_v[i] = s;
	}
}

/*
 * match_dir - add to out the entries of dir (a root path, "" for "/")
 * matching pat; directories only unless last.  GLOB_TOO_MANY past max
 * matches, GLOB_TOO_COSTLY when the work bound is spent.
 */
static int
match_dir(struct fsroot *fr, const char *dir, const char *pat, bool last,
    struct pathvec *out)
{
	struct dirent	*de;
	DIR		*d;
	char		*p;
	int		 fd, rc = 0;

	if (!spend(fr))
		return GLOB_TOO_COSTLY;
	if (fsroot_resolve(fr, *dir != '\0' ? dir : "/",
	    O_RDONLY | O_DIRECTORY, true, &fd) != 0)
		return 0;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return 0;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (!spend(fr)) {
			rc = GLOB_TOO_COSTLY;
			break;
		}
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    fnmatch(pat, de->d_name, FNM_PERIOD) != 0)
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (!last && !spend(fr)) {
			free(p);
			rc = GLOB_TOO_COSTLY;
			break;
		}
		if (strlen(p) >= PATH_MAX || (!last && !is_dir(fr, p))) {
			free(p);
			continue;
		}
		if (out->pv_len >= fr->fr_lim.max_files) {
			free(p);
			rc = GLOB_TOO_MANY;
			break;
		}
		if (last && de->d_type == DT_REG)
			listed(fr, p);
		pv_push(out, p);
	}
	closedir(d);
	return rc;
}

/*
 * glob_one - glob one brace-free, normalised pattern; matches are
 * appended to res sorted.  GLOB_TOO_MANY or GLOB_TOO_COSTLY past limits.
 */
static int
glob_one(struct fsroot *fr, const char *rpat, struct pathvec *res)
{
	struct pathvec	 cur = { NULL, 0, 0 }, next = { NULL, 0, 0 };
	char		*comp;
	size_t		 len, i, first = res->pv_len;
	bool		 last, lit = true;
	int		 rc = 0;

	pv_push(&cur, xstrdup(""));
	for (; rc == 0 && *rpat != '\0' && cur.pv_len > 0; rpat += len) {
		while (*rpat == '/')
			rpat++;
		len = strcspn(rpat, "/");
		comp = xstrndup(rpat, len);
		last = rpat[len] == '\0';
		if ((lit = !is_magic(comp))) {
			unescape(comp);
			add_literal(&cur, comp);
		} else {
			for (i = 0; rc == 0 && i < cur.pv_len; i++)
				rc = match_dir(fr, cur.pv_v[i], comp, last,
				    &next);
			pv_free(&cur);
			cur = next;
			memset(&next, 0, sizeof(next));
		}
		free(comp);
	}
	for (i = 0; rc == 0 && i < cur.pv_len; i++) {
		if (cur.pv_v[i][0] == '\0') {
			free(cur.pv_v[i]);
			cur.pv_v[i] = xstrdup("/");
		}
		/* A literal tail still has to exist; matched names do. */
		if (lit && !spend(fr)) {
			rc = GLOB_TOO_COSTLY;
			break;
		}
		if (lit && (strlen(cur.pv_v[i]) >= PATH_MAX ||
		    !exists(fr, cur.pv_v[i])))
			continue;
		if (res->pv_len >= fr->fr_lim.max_files) {
			rc = GLOB_TOO_MANY;
			break;
		}
		pv_push(res, cur.pv_v[i]);
		cur.pv_v[i] = NULL;
	}
	pv_free(&cur);
	pv_free(&next);
	if (res->pv_len - first > 1)
		qsort(res->pv_v + first, res->pv_len - first, sizeof(char *),
		    cmp_str);
	return rc;
}

int
fsroot_glob(struct fsroot *fr, const char *base_dir, const char *pattern,
    const char ***paths_r, const char **error_r)
{
	static const char *no_paths[1] = { NULL };
	struct brace	  b = { { NULL, 0, 0 }, 0 };
	struct pathvec	  res = { NULL, 0, 0 };
	const char	**out;
	char		 *rpat;
	size_t		  i;
	int		  rc = 0;

	*paths_r = no_paths;
	/* Once the bound is spent, fail before allocating anything: a file
	 * of a million glob lines must cost a million cheap failures. */
	if (fr->fr_glob_work >= work_max(fr)) {
		*error_r = too_costly(fr);
		return -1;
	}
	if (pattern == NULL || *pattern == '\0') {
		*error_r = "empty path";
		return -1;
	}
	if (strnlen(pattern, PATH_MAX) >= PATH_MAX || (base_dir != NULL &&
	    strnlen(base_dir, PATH_MAX) >= PATH_MAX)) {
		*error_r = "path too long";
		return -1;
	}
	rc = brace_expand(&b, pattern);
	/* The strings built count as glob work too, failed or not: each
	 * line of a file of brace bombs costs FSROOT_MAX_BRACE_WORK. */
	fr->fr_glob_work = b.b_work < work_max(fr) - fr->fr_glob_work ?
	    fr->fr_glob_work + b.b_work : work_max(fr);
	if (rc < 0) {
		*error_r = arena_printf(fr->fr_arena, "too many brace "
		    "expansions: limit %u", FSROOT_MAX_BRACE);
		pv_free(&b.b_out);
		return -1;
	}
	for (i = 0; rc == 0 && i < b.b_out.pv_len; i++) {
		/* An empty alternative ("{,x}") matches nothing, as "". */
		if (b.b_out.pv_v[i][0] == '\0')
			continue;
		rpat = fsroot_normalise(base_dir, b.b_out.pv_v[i]);
		if (strlen(rpat) < PATH_MAX)
			rc = glob_one(fr, rpat, &res);
		free(rpat);
	}
	pv_free(&b.b_out);
	if (rc == GLOB_TOO_COSTLY)
		*error_r = too_costly(fr);
	else if (rc < 0)
		*error_r = arena_printf(fr->fr_arena, "too many glob matches: "
		    "limit %u; raise with --max-files", fr->fr_lim.max_files);
	if (rc < 0) {
		pv_free(&res);
		return -1;
	}
	out = arena_array(fr->fr_arena, res.pv_len + 1, sizeof(char *));
	for (i = 0; i < res.pv_len; i++)
		out[i] = arena_strdup(fr->fr_arena, res.pv_v[i]);
	pv_free(&res);
	*paths_r = out;
	return (int)i;
}
