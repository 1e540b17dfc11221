/* SPDX-License-Identifier: MIT */
/*
 * fsroot_read - read and stat files through the confined resolver of
 * fsroot.c: only regular files, within the size limits (per file and in
 * total), counted against max_files, without ever blocking on a FIFO or
 * opening a device.  fsroot.c holds the resolver; this file what uses it.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsroot_int.h"
#include "strbuf.h"
#include "xmem.h"

/* How a file is opened for reading: never blocking on a FIFO swapped in,
 * never taking a terminal as the controlling one. */
#define OPEN_FLAGS	(O_RDONLY | O_NONBLOCK | O_NOCTTY)

/* too_large - the size limit message */
static const char *
too_large(struct fsroot *fr, const char *how, unsigned long long size)
{
	return arena_printf(fr->fr_arena, "file too large: %s%llu bytes, "
	    "limit %zu; raise with --max-file-size", how, size,
	    fr->fr_lim.max_file_size);
}

/* total_max - bytes all reads of a run may add up to (saturating) */
static size_t
total_max(const struct fsroot *fr)
{
	size_t	 max = fr->fr_lim.max_file_size;

	return max > SIZE_MAX / FSROOT_TOTAL_SIZE_FACTOR ? SIZE_MAX :
	    max * FSROOT_TOTAL_SIZE_FACTOR;
}

/* over_total - the total-size message when size more bytes would exceed it */
static const char *
over_total(struct fsroot *fr, unsigned long long size)
{
	size_t	 max = total_max(fr);

	if (fr->fr_nbytes <= max && size <= max - fr->fr_nbytes)
		return NULL;
	return arena_printf(fr->fr_arena, "too much to read: %zu bytes read "
	    "already, this file has %llu, limit %zu in all (%d times "
	    "--max-file-size)", fr->fr_nbytes, size, max,
	    FSROOT_TOTAL_SIZE_FACTOR);
}

/*
 * read_all - read at most limit + 1 bytes, so a file growing behind
 * our back (or a lying st_size, as in /proc) is still bounded.
 */
static int
read_all(struct fsroot *fr, int fd, size_t hint, size_t max, bool secret,
    struct fsroot_file *f, const char **error_r)
{
	size_t	 cap, len = 0;
	char	*buf;
	ssize_t	 n;

	cap = (hint < max ? hint : max) + 2;
	buf = xmalloc(cap);
	for (;;) {
		if (len + 1 >= cap && secret) {
			/* Growing would leave a copy of a key in freed
			 * memory: a file that grows while read is refused. */
			*error_r = fsroot_errstr(fr, EAGAIN);
			break;
		}
		if (len + 1 >= cap) {
			cap = cap > max / 2 ? max + 2 : cap * 2;
			buf = xrealloc(buf, cap);
		}
		if ((n = read(fd, buf + len, cap - 1 - len)) < 0) {
			if (errno == EINTR)
				continue;
			*error_r = fsroot_errstr(fr, errno);
			break;
		}
		if (n == 0) {
			buf[len] = '\0';
			f->data = buf;
			f->len = len;
			return 0;
		}
		if ((len += (size_t)n) > max) {
			*error_r = too_large(fr, "over ", max);
			break;
		}
		/* A file that gave the size fstat promised and less than was
		 * asked is at its end: no read() just to see the 0 (not for
		 * files that claim size 0, as in /proc). */
		if (hint > 0 && len == hint &&
		    (size_t)n < cap - 1 - (len - (size_t)n)) {
			buf[len] = '\0';
			f->data = buf;
			f->len = len;
			return 0;
		}
	}
	if (secret)
		explicit_bzero(buf, cap);
	free(buf);
	return -1;
}

/* size_error - the message for a file of size bytes over max, or NULL */
static const char *
size_error(struct fsroot *fr, const struct stat *st, size_t max)
{
	unsigned long long	 size = (unsigned long long)st->st_size;

	if (size <= max)
		return NULL;
	if (max < fr->fr_lim.max_file_size)
		return arena_printf(fr->fr_arena, "file too large: %llu bytes, "
		    "limit %zu for this kind of file", size, max);
	return too_large(fr, "", size);
}

/* remember - what a file opened at rpath turned out to be, for the next
 * question about rpath (st NULL: forget it, a look found another file) */
static void
remember(struct fsroot *fr, const char *rpath, const struct stat *st)
{
	struct fsroot_seen	*e = fsroot_seen_put(fr, rpath);

	e->fs_known = st != NULL ? FSROOT_STAT : FSROOT_UNKNOWN;
	if (st != NULL)
		e->fs_st = *st;
}

/*
 * open_listed - open a file that its directory listing showed as a
 * regular file, without the look (fsroot_open_listed()); the fstat(2) of
 * the descriptor checks type and size.  -1 with *error_r NULL when the
 * caller must take the look after all.
 */
static int
open_listed(struct fsroot *fr, const char *rpath, size_t max, struct stat *st,
    const char **error_r)
{
	int	 fd;

	*error_r = NULL;
	if (fsroot_open_listed(fr, rpath, OPEN_FLAGS, &fd) != 0)
		return -1;
	if (fstat(fd, st) < 0) {
		*error_r = fsroot_errstr(fr, errno);
		close(fd);
		return -1;
	}
	remember(fr, rpath, st);
	if ((*error_r = fsroot_type_error(st->st_mode)) != NULL ||
	    (*error_r = size_error(fr, st, max)) != NULL) {
		close(fd);
		return -1;
	}
	return fd;
}

/* open_looked - look at the file, then open it and check it is the same */
static int
open_looked(struct fsroot *fr, const char *rpath, size_t max, struct stat *st,
    const char **error_r)
{
	struct stat	 st2;
	int		 fd, err;

	if ((err = fsroot_stat_rpath(fr, rpath, st)) != 0) {
		*error_r = fsroot_errstr(fr, err);
		return -1;
	}
	if ((*error_r = fsroot_type_error(st->st_mode)) != NULL ||
	    (*error_r = size_error(fr, st, max)) != NULL)
		return -1;
	if ((err = fsroot_resolve(fr, rpath, OPEN_FLAGS, true, &fd)) != 0) {
		*error_r = fsroot_errstr(fr, err);
		return -1;
	}
	if (fstat(fd, &st2) < 0 || !S_ISREG(st2.st_mode) ||
	    st2.st_dev != st->st_dev || st2.st_ino != st->st_ino) {
		*error_r = fsroot_errstr(fr, EAGAIN);
		remember(fr, rpath, NULL);
		close(fd);
		return -1;
	}
	*st = st2;
	remember(fr, rpath, st);
	return fd;
}

/*
 * open_regular - confined open of a regular file of at most max bytes.
 * A device must never be opened (that can have effects of its own): the
 * file is looked at first (fsroot_stat_rpath()) unless its directory
 * listing showed it regular, then opened without blocking and checked
 * again on the descriptor.  What the descriptor shows is remembered, as
 * what a look would show now.
 */
static int
open_regular(struct fsroot *fr, const char *rpath, size_t max, struct stat *st,
    const char **error_r)
{
	struct fsroot_seen	*e = fsroot_seen_get(fr, rpath);
	int			 fd;

	if (e != NULL && e->fs_known == FSROOT_LISTED &&
	    ((fd = open_listed(fr, rpath, max, st, error_r)) >= 0 ||
	    *error_r != NULL))
		return fd;
	return open_looked(fr, rpath, max, st, error_r);
}

/* read_file - fsroot_read and fsroot_read_secret */
static int
read_file(struct fsroot *fr, const char *base_dir, const char *path,
    size_t max, bool secret, struct fsroot_file *f_r, const char **error_r)
{
	struct stat	 st;
	const char	*rpath;
	int		 fd, rc;

	memset(f_r, 0, sizeof(*f_r));
	if ((rpath = fsroot_path_check(fr, base_dir, path, error_r)) == NULL)
		return -1;
	if (fr->fr_nfiles >= fr->fr_lim.max_files) {
		*error_r = arena_printf(fr->fr_arena, "too many files: limit "
		    "%u; raise with --max-files", fr->fr_lim.max_files);
		return -1;
	}
	if (max > fr->fr_lim.max_file_size)
		max = fr->fr_lim.max_file_size;
	if ((fd = open_regular(fr, rpath, max, &st, error_r)) < 0)
		return -1;
	if ((*error_r = over_total(fr, (unsigned long long)st.st_size)) != NULL) {
		close(fd);
		return -1;
	}
	/* The model it becomes may lie on huge pages, and so may the text
	 * itself: counted before its buffer is taken. */
	if (!secret)
		xmem_huge_expect((size_t)st.st_size);
	rc = read_all(fr, fd, (size_t)st.st_size, max, secret, f_r, error_r);
	close(fd);
	if (rc < 0)
		return -1;
	/* A file that grew while read may overshoot by one file, no more:
	 * the next read is refused. */
	fr->fr_nbytes = f_r->len > SIZE_MAX - fr->fr_nbytes ? SIZE_MAX :
	    fr->fr_nbytes + f_r->len;
	fr->fr_nfiles++;
	f_r->path = rpath;
	f_r->display = fsroot_display(fr, rpath);
	f_r->dev = st.st_dev;
	f_r->ino = st.st_ino;
	f_r->uid = st.st_uid;
	f_r->gid = st.st_gid;
	f_r->mode = st.st_mode;
	if (fr->fr_hook != NULL && !secret)
		fr->fr_hook(fr->fr_hook_ctx, f_r);
	return 0;
}

int
fsroot_read(struct fsroot *fr, const char *base_dir, const char *path,
    struct fsroot_file *f_r, const char **error_r)
{
	return read_file(fr, base_dir, path, fr->fr_lim.max_file_size, false,
	    f_r, error_r);
}

int
fsroot_read_secret(struct fsroot *fr, const char *base_dir, const char *path,
    size_t max, struct fsroot_file *f_r, const char **error_r)
{
	return read_file(fr, base_dir, path, max, true, f_r, error_r);
}

void
fsroot_set_hook(struct fsroot *fr, fsroot_hook_fn fn, void *ctx)
{
	fr->fr_hook = fn;
	fr->fr_hook_ctx = ctx;
}

void
fsroot_file_release(struct fsroot_file *f)
{
	if (f == NULL)
		return;
	free(f->data);
	f->data = NULL;
	f->len = 0;
}

int
fsroot_stat(struct fsroot *fr, const char *base_dir, const char *path,
    struct stat *st_r, const char **error_r)
{
	const char	*rpath;
	int		 err;

	if ((rpath = fsroot_path_check(fr, base_dir, path, error_r)) == NULL)
		return -1;
	if ((err = fsroot_stat_rpath(fr, rpath, st_r)) != 0) {
		*error_r = fsroot_errstr(fr, err);
		return -1;
	}
	return 0;
}

bool
fsroot_is_dir(struct fsroot *fr, const char *path)
{
	struct stat	 st;
	const char	*err;

	return fsroot_stat(fr, "/", path, &st, &err) == 0 &&
	    S_ISDIR(st.st_mode);
}

const char *
fsroot_link_target(struct fsroot *fr, const char *path)
{
	struct stat	 st;
	const char	*rpath, *err;
	char		 buf[PATH_MAX];
	ssize_t		 n;
	int		 fd;

	if ((rpath = fsroot_path_check(fr, "/", path, &err)) == NULL ||
	    fsroot_resolve(fr, rpath, O_PATH, false, &fd) != 0)
		return NULL;
	n = -1;
	if (fstat(fd, &st) == 0 && S_ISLNK(st.st_mode))
		n = readlinkat(fd, "", buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return NULL;
	return arena_strndup(fr->fr_arena, buf, (size_t)n);
}

bool
fsroot_has_root(const struct fsroot *fr)
{
	return fr->fr_has_root;
}
