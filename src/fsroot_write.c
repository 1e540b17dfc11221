/* SPDX-License-Identifier: MIT */
/*
 * fsroot_write - replace a configuration file (--fix), confined like every
 * other file access.
 *
 * The file is found with the confined resolver; a symbolic link is
 * followed link by link inside the root, so its target is replaced and
 * the link kept.  The new contents go to a temporary file in the same
 * directory (mode, owner and group copied from the original), are synced,
 * and renamed over the original: a reader sees the old file or the new
 * one, never a part.  The original stays as NAME.orig (a hard link, or a
 * copy where links are refused); an existing NAME.orig is never
 * overwritten (NAME.orig.1, .2, ... instead).  Nothing is written when the
 * file no longer holds what was read.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fsroot_int.h"

#define BACKUP_TRIES	100
#define TEMP_TRIES	100

/* write_all - the whole buffer, or errno */
static int
write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t	n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* same_contents - fd holds exactly expect (read at most len + 1 bytes) */
static bool
same_contents(int fd, const char *expect, size_t len)
{
	char	buf[65536];
	size_t	at = 0;

	for (;;) {
		ssize_t	n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		if (n == 0)
			return at == len;
		if ((size_t)n > len - at || memcmp(buf, expect + at, (size_t)n) != 0)
			return false;
		at += (size_t)n;
	}
}

/* real_rpath - follow final symlinks of rpath inside the root */
static const char *
real_rpath(struct fsroot *fr, const char *rpath, const char **error_r)
{
	unsigned	i;

	for (i = 0; i < FSROOT_MAX_LINKS; i++) {
		const char	*target = fsroot_link_target(fr, rpath);

		if (target == NULL)
			return rpath;
		if (target[0] == '\0') {
			*error_r = "empty symbolic link";
			return NULL;
		}
		rpath = fsroot_join(fr, fsroot_dirname(fr, rpath), target);
	}
	*error_r = fsroot_errstr(fr, ELOOP);
	return NULL;
}

/* make_temp - create an empty private file next to base in dfd */
static int
make_temp(int dfd, const char *base, char *name, size_t size)
{
	unsigned	i;
	int		fd;

	for (i = 0; i < TEMP_TRIES; i++) {
		snprintf(name, size, ".%.200s.maillint-%ld-%u-%lx", base,
		    (long)getpid(), i, (unsigned long)time(NULL) ^
		    ((unsigned long)clock() << 8));
		fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	errno = EEXIST;
	return -1;
}

/* keep_backup - NAME.orig[.N] holding the original; errno or 0 */
static int
keep_backup(int dfd, const char *base, const struct stat *st,
    const char *orig, size_t orig_len, char *name, size_t size)
{
	unsigned	i;
	int		fd, err;

	for (i = 0; i < BACKUP_TRIES; i++) {
		if (i == 0)
			snprintf(name, size, "%s.orig", base);
		else
			snprintf(name, size, "%s.orig.%u", base, i);
		if (linkat(dfd, base, dfd, name, 0) == 0)
			return 0;
		if (errno == EEXIST)
			continue;
		/* no hard links here (file system, protected_hardlinks) */
		fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, st->st_mode & 07777);
		if (fd < 0 && errno == EEXIST)
			continue;
		if (fd < 0)
			return errno;
		err = write_all(fd, orig, orig_len);
		if (err == 0 && fsync(fd) < 0)
			err = errno;
		close(fd);
		if (err != 0)
			unlinkat(dfd, name, 0);
		return err;
	}
	return EEXIST;
}

int
fsroot_replace(struct fsroot *fr, const char *path, const char *expect,
    size_t expect_len, const char *data, size_t len,
    const char **backup_r, const char **error_r)
{
	struct stat	 st, st2;
	const char	*rpath, *real, *dir, *base;
	char		 tmp[NAME_MAX + 1], bak[NAME_MAX + 1];
	int		 fd = -1, dfd = -1, tfd = -1, err;

	*backup_r = NULL;
	if ((rpath = fsroot_path_check(fr, "/", path, error_r)) == NULL ||
	    (real = real_rpath(fr, rpath, error_r)) == NULL)
		return -1;
	dir = fsroot_dirname(fr, real);
	base = real + strlen(dir) + (strcmp(dir, "/") != 0);
	if (base[0] == '\0' || strlen(base) > NAME_MAX - 32) {
		*error_r = "file name too long for a backup name";
		return -1;
	}
	if ((err = fsroot_resolve(fr, dir, O_RDONLY | O_DIRECTORY, true,
	    &dfd)) != 0) {
		*error_r = fsroot_errstr(fr, err);
		return -1;
	}
	fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		*error_r = fsroot_errstr(fr, errno);
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		*error_r = "not a regular file";
		goto fail;
	}
	if (!same_contents(fd, expect, expect_len)) {
		*error_r = "the file changed since it was read; nothing written";
		goto fail;
	}
	if ((tfd = make_temp(dfd, base, tmp, sizeof(tmp))) < 0) {
		*error_r = fsroot_errstr(fr, errno);
		goto fail;
	}
	if ((err = write_all(tfd, data, len)) != 0 ||
	    (fchmod(tfd, st.st_mode & 07777) < 0 && (err = errno) != 0) ||
	    ((st.st_uid != geteuid() || st.st_gid != getegid()) &&
	    fchown(tfd, st.st_uid, st.st_gid) < 0 && (err = errno) != 0) ||
	    (fsync(tfd) < 0 && (err = errno) != 0)) {
		*error_r = fsroot_errstr(fr, err);
		goto fail_tmp;
	}
	close(tfd);
	tfd = -1;
	/* the name still leads to the file checked above */
	if (fstatat(dfd, base, &st2, AT_SYMLINK_NOFOLLOW) < 0 ||
	    st2.st_dev != st.st_dev || st2.st_ino != st.st_ino) {
		*error_r = "the file changed since it was read; nothing written";
		goto fail_tmp;
	}
	if ((err = keep_backup(dfd, base, &st, expect, expect_len, bak,
	    sizeof(bak))) != 0) {
		*error_r = arena_printf(fr->fr_arena, "cannot keep a backup: %s",
		    fsroot_errstr(fr, err));
		goto fail_tmp;
	}
	if (renameat(dfd, tmp, dfd, base) < 0) {
		*error_r = fsroot_errstr(fr, errno);
		goto fail_tmp;
	}
	fsroot_seen_forget(fr);	/* the file is another one now */
	(void)fsync(dfd);
	close(fd);
	close(dfd);
	*backup_r = fsroot_join(fr, dir, bak);
	return 0;
fail_tmp:
	if (tfd >= 0)
		close(tfd);
	unlinkat(dfd, tmp, 0);
fail:
	if (fd >= 0)
		close(fd);
	close(dfd);
	return -1;
}
