/* SPDX-License-Identifier: MIT */
/*
 * datafile - bounded reads and atomic writes of maillint's data files
 * (datafile.h).
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "datafile.h"
#include "fsroot.h"
#include "xmem.h"

char *
datafile_read(const char *path, size_t max, struct arena *a, const char *what,
    bool *missing_r, size_t *len_r, struct diag_list *dl)
{
	struct stat	 pre, st;
	const char	*why;
	char		*buf;
	size_t		 got = 0;
	ssize_t		 n;
	int		 fd;

	/*
	 * Look before opening, so that a device is never opened (opening
	 * one can have effects of its own); then open without blocking (a
	 * FIFO put there meanwhile must not hang the run) and check the
	 * descriptor: the same regular file.
	 */
	if (missing_r != NULL)
		*missing_r = false;
	if (stat(path, &pre) != 0) {
		if (errno == ENOENT && missing_r != NULL)
			*missing_r = true;
		else
			diag_addf(dl, SEV_ERROR, path, 0, 0, "cannot read %s: "
			    "%s", what, strerror(errno));
		return NULL;
	}
	if ((why = fsroot_type_error(pre.st_mode)) != NULL) {
		diag_addf(dl, SEV_ERROR, path, 0, 0, "cannot read %s: %s",
		    what, why);
		return NULL;
	}
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC |
	    O_NOCTTY)) < 0 || fstat(fd, &st) != 0) {
		diag_addf(dl, SEV_ERROR, path, 0, 0, "cannot read %s: %s",
		    what, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (st.st_dev != pre.st_dev || st.st_ino != pre.st_ino)
		why = "replaced while being read";
	else
		why = fsroot_type_error(st.st_mode);
	if (why != NULL || (unsigned long long)st.st_size > max) {
		if (why != NULL)
			diag_addf(dl, SEV_ERROR, path, 0, 0, "cannot read %s: "
			    "%s", what, why);
		else
			diag_addf(dl, SEV_ERROR, path, 0, 0, "cannot read %s: "
			    "file too large: %llu bytes, limit %zu", what,
			    (unsigned long long)st.st_size, max);
		close(fd);
		return NULL;
	}
	buf = a != NULL ? arena_alloc_raw(a, (size_t)st.st_size + 1) :
	    xmalloc((size_t)st.st_size + 1);
	/* Read what fstat promised; a file that grows meanwhile is cut. */
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			diag_addf(dl, SEV_ERROR, path, 0, 0, "cannot read %s: "
			    "%s", what, strerror(errno));
			if (a == NULL)
				free(buf);
			close(fd);
			return NULL;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*len_r = got;
	return buf;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
has_suffix(const char *name, const char *suffix)
{
	size_t	n = strlen(name), k = strlen(suffix);

	return name[0] != '.' && n > k && strcmp(name + n - k, suffix) == 0;
}

char **
datafile_list(const char *dir, const char *suffix, size_t max, size_t *n_r,
    struct diag_list *dl)
{
	DIR		 *d;
	struct dirent	 *de;
	char		**names = NULL;
	size_t		  n = 0, cap = 0;
	int		  fd;

	fd = open(dir, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_DIRECTORY);
	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		diag_addf(dl, SEV_ERROR, dir, 0, 0, "cannot read directory: "
		    "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		if (!has_suffix(de->d_name, suffix))
			continue;
		if (n == max) {
			diag_addf(dl, SEV_ERROR, dir, 0, 0, "more than %zu *%s "
			    "files; the rest are not read", max, suffix);
			break;
		}
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

void
datafile_free_list(char **v, size_t n)
{
	size_t	i;

	for (i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

char *
datafile_path(const char *dir, const char *name)
{
	size_t	 len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	return xasprintf("%.*s/%s", (int)len, dir, name);
}

bool
datafile_is_dir(const char *path)
{
	struct stat	st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool
datafile_is_file(const char *path)
{
	struct stat	st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int
datafile_stamp(const char *path, struct datafile_stamp *st_r)
{
	struct stat	st;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return -1;
	st_r->size = (unsigned long long)st.st_size;
	st_r->mtime_s = (long long)st.st_mtim.tv_sec;
	st_r->mtime_ns = st.st_mtim.tv_nsec;
	return 0;
}

int
datafile_write(const char *path, const void *data, size_t len,
    struct diag_list *dl)
{
	char		*tmp = xasprintf("%s.XXXXXX", path);
	const char	*p = data;
	size_t		 done = 0;
	ssize_t		 n;
	int		 fd, err = 0;

	if ((fd = mkstemp(tmp)) < 0) {
		diag_addf(dl, SEV_ERROR, path, 0, 0, "cannot write: %s",
		    strerror(errno));
		free(tmp);
		return -1;
	}
	while (err == 0 && done < len) {
		if ((n = write(fd, p + done, len - done)) < 0) {
			if (errno != EINTR)
				err = errno;
			continue;
		}
		done += (size_t)n;
	}
	/* mkstemp makes 0600; a data file is for everyone to read. */
	if (err == 0 && (fchmod(fd, 0644) != 0 || fsync(fd) != 0))
		err = errno;
	if (close(fd) != 0 && err == 0)
		err = errno;
	if (err == 0 && rename(tmp, path) != 0)
		err = errno;
	if (err != 0) {
		diag_addf(dl, SEV_ERROR, path, 0, 0, "cannot write: %s",
		    strerror(err));
		(void)unlink(tmp);
	}
	free(tmp);
	return err != 0 ? -1 : 0;
}
