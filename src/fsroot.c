/* SPDX-License-Identifier: MIT */
/*
 * fsroot - confined access to the configuration tree.
 *
 * Every lookup happens below one directory fd as if it were "/" (a chroot
 * without privileges): openat2(RESOLVE_IN_ROOT) when the kernel has it,
 * else a walk with O_PATH|O_NOFOLLOW that expands symlinks itself
 * (absolute targets restart at the root, ".." stops there, 40 links at
 * most).  Both agree; MAILLINT_NO_OPENAT2=1 forces the walk.  A file is
 * fstat()ed through an O_PATH fd before being opened, so device nodes are
 * never opened, then opened O_NONBLOCK (a FIFO swapped in cannot block)
 * and checked again; a file its directory listing showed regular is
 * opened at once, through openat2 and never across a mount point.  What
 * a look finds is remembered for the run (fr_seen, fsroot_int.h).  Not
 * done here: parsing, line limits, globbing and path strings
 * (fsroot_glob.c).  Returned strings live in the fsroot arena until
 * fsroot_free(); file data is the caller's.  Nothing exits: errors are
 * short reasons ("no such file") without a location.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(HAVE_LINUX_OPENAT2_H) && HAVE_DECL_SYS_OPENAT2
#include <linux/openat2.h>
#define USE_OPENAT2 1
#endif

#include "fsroot_int.h"
#include "strbuf.h"

/* How often openat2 is retried when it reports a rename race (EAGAIN). */
#define OPENAT2_RETRIES	8

void
fsroot_limits_default(struct fsroot_limits *lim)
{
	lim->max_file_size = FSROOT_DEF_FILE_SIZE;
	lim->max_line_len = FSROOT_DEF_LINE_LEN;
	lim->max_include_depth = FSROOT_DEF_INCLUDE_DEPTH;
	lim->max_files = FSROOT_DEF_FILES;
	lim->max_nesting = FSROOT_DEF_NESTING;
	lim->max_settings = FSROOT_DEF_SETTINGS;
}

/* Reasons for the errno values a confined lookup meets. */
static const struct {
	int		 err;
	const char	*reason;
} reasons[] = {
	{ ENOENT, "no such file" },
	{ EACCES, "permission denied" },
	{ EPERM, "permission denied" },
	{ ELOOP, "symlink loop" },
	{ ENOTDIR, "not a directory" },
	{ ENAMETOOLONG, "path too long" },
	{ EMFILE, "too many open files" },
	{ ENFILE, "too many open files" },
	{ EAGAIN, "file changed while being opened" },
	{ EXDEV, "path escapes the root" },
};

/* reason - the reason for err, or NULL when it has none of its own */
static const char *
reason(int err)
{
	size_t	 i;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].err == err)
			return reasons[i].reason;
	return NULL;
}

const char *
fsroot_errstr(struct fsroot *fr, int err)
{
	const char	*r = reason(err);

	return r != NULL ? r : arena_strdup(fr->fr_arena, strerror(err));
}

int
fsroot_new(const char *root_dir, const struct fsroot_limits *lim,
    struct fsroot **fr_r, const char **error_r)
{
	struct fsroot	*fr;
	const char	*env;
	char		*cwd;
	int		 fd;

	*fr_r = NULL;
	if (root_dir != NULL && *root_dir == '\0') {
		*error_r = "empty root directory";
		return -1;
	}
	fd = open(root_dir != NULL ? root_dir : "/",
	    O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		/* Static strings: there is no arena yet to hold others. */
		if (errno == ENOENT)
			*error_r = "no such directory";
		else if ((*error_r = reason(errno)) == NULL)
			*error_r = "cannot open root directory";
		return -1;
	}
	fr = xcalloc(1, sizeof(*fr));
	fr->fr_arena = arena_new();
	fr->fr_rootfd = fd;
	fr->fr_has_root = root_dir != NULL;
	if (lim != NULL)
		fr->fr_lim = *lim;
	else
		fsroot_limits_default(&fr->fr_lim);
	env = getenv("MAILLINT_NO_OPENAT2");
	fr->fr_openat2 = env == NULL || *env == '\0' || strcmp(env, "0") == 0;
	if (!fr->fr_has_root) {
		/* Without --root, relative paths are relative to the cwd; if
		 * it is unknown (removed, too long) they fall back to "/". */
		cwd = getcwd(NULL, 0);
		fr->fr_cwd = cwd != NULL && cwd[0] == '/' ?
		    fsroot_join(fr, "/", cwd) : "/";
		free(cwd);
	}
	*fr_r = fr;
	return 0;
}

void
fsroot_free(struct fsroot **frp)
{
	struct fsroot	*fr;

	if (frp == NULL || (fr = *frp) == NULL)
		return;
	close(fr->fr_rootfd);
	hmap_free(&fr->fr_seen);
	arena_free(&fr->fr_arena);
	free(fr);
	*frp = NULL;
}

const struct fsroot_limits *
fsroot_limits(const struct fsroot *fr)
{
	return &fr->fr_lim;
}

void
fsroot_set_openat2(struct fsroot *fr, bool on)
{
	fr->fr_openat2 = on;
}

bool
fsroot_uses_openat2(const struct fsroot *fr)
{
#ifdef USE_OPENAT2
	return fr->fr_openat2;
#else
	(void)fr;
	return false;
#endif
}

#ifdef USE_OPENAT2
/* resolve_openat2 - let the kernel confine the lookup (with RESOLVE_*
 * flags more); errno or 0 */
static int
resolve_openat2(struct fsroot *fr, const char *rpath, int oflags,
    bool follow, uint64_t resolve, int *fd_r)
{
	struct open_how	 how;
	long		 fd;
	int		 i;

	memset(&how, 0, sizeof(how));
	how.flags = (uint64_t)(oflags | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | resolve;
	for (i = 0; i < OPENAT2_RETRIES; i++) {
		fd = syscall(SYS_openat2, fr->fr_rootfd,
		    rpath[1] != '\0' ? rpath + 1 : ".", &how, sizeof(how));
		if (fd >= 0) {
			*fd_r = (int)fd;
			return 0;
		}
		if (errno != EAGAIN && errno != EINTR)
			break;
	}
	return errno;
}
#endif

/* State of the component-by-component walk. */
struct walk {
	struct fsroot	*w_fr;
	int		 w_cur;		/* directory reached (or fr_rootfd) */
	struct strbuf	 w_done;	/* its physical root path ("" = "/") */
	unsigned	 w_links;	/* symlinks expanded */
};

static void
walk_set(struct walk *w, int fd)
{
	if (w->w_cur != w->w_fr->fr_rootfd)
		close(w->w_cur);
	w->w_cur = fd;
}

/*
 * walk_up - "..": drop the last component and walk down again from the
 * root through the names already verified to be directories, rather
 * than trusting the directory's own "..", which could lead out of the
 * root if the directory were moved meanwhile.
 */
static int
walk_up(struct walk *w)
{
	char		 name[NAME_MAX + 1];
	const char	*s;
	char		*slash;
	size_t		 len;
	int		 fd;

	if (w->w_done.len == 0)
		return 0;
	slash = strrchr(w->w_done.s, '/');
	w->w_done.len = (size_t)(slash - w->w_done.s);
	*slash = '\0';
	walk_set(w, w->w_fr->fr_rootfd);
	for (s = w->w_done.s; *s == '/'; s += len) {
		len = strcspn(++s, "/");
		memcpy(name, s, len);
		name[len] = '\0';
		fd = openat(w->w_cur, name,
		    O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return errno;
		walk_set(w, fd);
	}
	return 0;
}

/*
 * walk_link - replace the link just met by its target in the path left
 * to walk (*todo, from *posp); an absolute target restarts at the root.
 */
static int
walk_link(struct walk *w, int linkfd, struct strbuf *todo, size_t *posp)
{
	struct strbuf	 next = STRBUF_INIT;
	char		 target[PATH_MAX];
	ssize_t		 n;

	if (++w->w_links > FSROOT_MAX_LINKS)
		return ELOOP;
	n = readlinkat(linkfd, "", target, sizeof(target));
	if (n < 0)
		return errno;
	if (n == 0)
		return ENOENT;
	if ((size_t)n >= sizeof(target))
		return ENAMETOOLONG;
	if (target[0] == '/') {
		walk_set(w, w->w_fr->fr_rootfd);
		strbuf_reset(&w->w_done);
	}
	strbuf_add(&next, target, (size_t)n);
	strbuf_adds(&next, todo->s + *posp);
	strbuf_free(todo);
	*todo = next;
	*posp = 0;
	return 0;
}

/*
 * walk_final - open the last component, found as the O_PATH fd pfd of
 * name in the current directory.  Reopening by name with O_NOFOLLOW
 * cannot follow a link; the identity check catches a swap in between.
 */
static int
walk_final(struct walk *w, const char *name, int pfd, int oflags, int *fd_r)
{
	struct stat	 st1, st2;
	int		 fd;

	if (oflags & O_PATH) {
		*fd_r = pfd;
		return 0;
	}
	if (fstat(pfd, &st1) < 0 || (fd = openat(w->w_cur, name,
	    oflags | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		close(pfd);
		return errno;
	}
	close(pfd);
	if (fstat(fd, &st2) < 0 || st1.st_dev != st2.st_dev ||
	    st1.st_ino != st2.st_ino) {
		close(fd);
		return EAGAIN;
	}
	*fd_r = fd;
	return 0;
}

/* walk_step - look up one component; *donep once the result is in *fd_r */
static int
walk_step(struct walk *w, const char *name, bool last, int oflags,
    bool follow, struct strbuf *todo, size_t *posp, int *fd_r, bool *donep)
{
	struct stat	 st;
	int		 fd, err;

	if (strcmp(name, ".") == 0)
		return 0;
	if (strcmp(name, "..") == 0)
		return walk_up(w);
	if ((fd = openat(w->w_cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return errno;
	if (fstat(fd, &st) < 0) {
		err = errno;
		close(fd);
		return err;
	}
	if (S_ISLNK(st.st_mode) && (!last || follow)) {
		err = walk_link(w, fd, todo, posp);
		close(fd);
		return err;
	}
	if (last) {
		*donep = true;
		return walk_final(w, name, fd, oflags, fd_r);
	}
	if (!S_ISDIR(st.st_mode)) {
		close(fd);
		return ENOTDIR;
	}
	strbuf_addc(&w->w_done, '/');
	strbuf_adds(&w->w_done, name);
	walk_set(w, fd);
	return 0;
}

/* resolve_walk - the fallback resolver; same contract as fsroot_resolve */
static int
resolve_walk(struct fsroot *fr, const char *rpath, int oflags, bool follow,
    int *fd_r)
{
	struct walk	 w = { fr, fr->fr_rootfd, STRBUF_INIT, 0 };
	struct strbuf	 todo = STRBUF_INIT;
	char		 name[NAME_MAX + 1];
	size_t		 pos = 0, len;
	bool		 done = false;
	int		 err = 0;

	strbuf_adds(&todo, rpath);
	while (!done && err == 0) {
		while (todo.s[pos] == '/')
			pos++;
		if (todo.s[pos] == '\0') {
			/* The path ends in the directory reached ("/", or a
			 * link to a directory with a trailing slash). */
			*fd_r = oflags & O_PATH ?
			    fcntl(w.w_cur, F_DUPFD_CLOEXEC, 0) :
			    openat(w.w_cur, ".", oflags | O_CLOEXEC);
			err = *fd_r < 0 ? errno : 0;
			break;
		}
		len = strcspn(todo.s + pos, "/");
		if (len > NAME_MAX) {
			err = ENAMETOOLONG;
			break;
		}
		memcpy(name, todo.s + pos, len);
		name[len] = '\0';
		pos += len;
		err = walk_step(&w, name, todo.s[pos] == '\0', oflags, follow,
		    &todo, &pos, fd_r, &done);
	}
	walk_set(&w, fr->fr_rootfd);
	strbuf_free(&w.w_done);
	strbuf_free(&todo);
	return err;
}

int
fsroot_resolve(struct fsroot *fr, const char *rpath, int oflags, bool follow,
    int *fd_r)
{
#ifdef USE_OPENAT2
	int	err;

	if (fr->fr_openat2) {
		err = resolve_openat2(fr, rpath, oflags, follow, 0, fd_r);
		/* ENOSYS: old kernel; EPERM: a seccomp filter (containers,
		 * valgrind); EINVAL/E2BIG: flags this kernel lacks.  The walk
		 * gives the same answers, only slower. */
		if (err == ENOSYS || err == EPERM || err == E2BIG)
			fr->fr_openat2 = false;
		else if (err != EINVAL && err != EAGAIN && err != EINTR)
			return err;
	}
#endif
	return resolve_walk(fr, rpath, oflags, follow, fd_r);
}

int
fsroot_open_listed(struct fsroot *fr, const char *rpath, int oflags,
    int *fd_r)
{
#ifdef USE_OPENAT2
	if (fr->fr_openat2 && resolve_openat2(fr, rpath, oflags, true,
	    RESOLVE_NO_XDEV, fd_r) == 0)
		return 0;
#else
	(void)fr, (void)rpath, (void)oflags, (void)fd_r;
#endif
	return -1;
}

/* look - stat rpath through an O_PATH fd; errno or 0 */
static int
look(struct fsroot *fr, const char *rpath, struct stat *st_r)
{
	int	 fd, err;

	fr->fr_nlooks++;
	if ((err = fsroot_resolve(fr, rpath, O_PATH, true, &fd)) != 0)
		return err;
	err = fstat(fd, st_r) < 0 ? errno : 0;
	close(fd);
	return err;
}

/* lasting - whether a failed look would fail the same way again */
static bool
lasting(int err)
{
	return err != EMFILE && err != ENFILE && err != ENOMEM &&
	    err != EAGAIN && err != EINTR;
}

int
fsroot_stat_rpath(struct fsroot *fr, const char *rpath, struct stat *st_r)
{
	struct fsroot_seen	*e = fsroot_seen_get(fr, rpath);
	int			 err;

	if (e != NULL && e->fs_known == FSROOT_STAT) {
		*st_r = e->fs_st;
		return 0;
	}
	if (e != NULL && e->fs_known == FSROOT_ERR)
		return e->fs_err;
	if ((err = look(fr, rpath, st_r)) != 0 && !lasting(err))
		return err;
	if (e == NULL)
		e = fsroot_seen_put(fr, rpath);
	e->fs_known = err == 0 ? FSROOT_STAT : FSROOT_ERR;
	e->fs_err = err;
	if (err == 0)
		e->fs_st = *st_r;
	return err;
}
