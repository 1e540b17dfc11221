/* SPDX-License-Identifier: MIT */
/*
 * fsroot_int.h - internals shared by fsroot.c (paths, resolver, reading)
 * and fsroot_glob.c (pattern expansion).  Not for other modules; the unit
 * test includes it for the resolver switch and the count of looks.
 */
#ifndef MAILLINT_FSROOT_INT_H
#define MAILLINT_FSROOT_INT_H

#include <stdbool.h>
#include <sys/stat.h>
#include <stddef.h>

#include "arena.h"
#include "fsroot.h"
#include "hmap.h"

/* Symlinks followed per lookup before ELOOP, as the kernel's MAXSYMLINKS. */
#define FSROOT_MAX_LINKS	40
/* Strings one brace pattern may expand to, and work spent getting there. */
#define FSROOT_MAX_BRACE	1024
#define FSROOT_MAX_BRACE_WORK	8192
/*
 * Work bounds with no option of their own, derived from the limits so that
 * raising those raises these: bytes read per run (every file, includes
 * read twice counted twice) at most FSROOT_TOTAL_SIZE_FACTOR times
 * max_file_size, and brace strings, directory entries and lookups spent
 * globbing per run at most FSROOT_GLOB_WORK_PER_FILE times max_files.
 * Without them a file of "!include big.conf" lines, of "!include_try"
 * lines globbing three levels deep through a directory of symlinks to
 * itself, or of brace bombs costs minutes (tests/hostile.sh).
 */
#define FSROOT_TOTAL_SIZE_FACTOR	4
#define FSROOT_GLOB_WORK_PER_FILE	50

struct fsroot {
	struct arena	*fr_arena;	/* all fsroot-owned strings, arrays */
	int		 fr_rootfd;	/* O_PATH|O_DIRECTORY fd of the root */
	bool		 fr_has_root;	/* --root given */
	bool		 fr_openat2;	/* try openat2(RESOLVE_IN_ROOT) first */
	const char	*fr_cwd;	/* cwd as a root path, or NULL */
	struct fsroot_limits fr_lim;	/* limits in force */
	unsigned	 fr_nfiles;	/* files read, against max_files */
	size_t		 fr_nbytes;	/* bytes read, against the total bound */
	unsigned long	 fr_glob_work;	/* glob work spent, against its bound */
	const char	*fr_glob_msg;	/* the message once that bound is spent */
	fsroot_hook_fn	 fr_hook;	/* called for every file read, or NULL */
	void		*fr_hook_ctx;
	struct hmap	 fr_seen;	/* root path -> struct fsroot_seen */
	unsigned long	 fr_nlooks;	/* looks made (for the unit test) */
};

/*
 * What the run knows of a root path (fr_seen; keys and values in
 * fr_arena), kept until fsroot_seen_forget() (--fix wrote a file).  The
 * tree is taken as it was when a path was first looked at: a look
 * (O_PATH, symlinks followed inside the root, nothing opened for I/O)
 * answers every later question about the path, failures included, so a
 * certificate named three times costs one look.  The errno of a look
 * that may succeed when tried again (out of file descriptors or memory,
 * interrupted, a rename race) is not kept.  Who may use which answer:
 *   - FSROOT_STAT, FSROOT_ERR: every stat-like question (fsroot_stat(),
 *     fsroot_is_dir(), the glob's directory test) and open_regular(),
 *     which checks the opened file again with fstat(2): type, device
 *     and inode.  A file opened for reading leaves what its fstat(2)
 *     says, as a look would say it then.
 *   - FSROOT_LISTED (the glob read a DT_REG directory entry): only
 *     open_regular(), which opens such a file without a look (see
 *     fsroot_open_listed()) and takes type and size from the fstat(2)
 *     of the descriptor.  It carries no stat: a stat-like question
 *     looks.
 */
enum fsroot_known {
	FSROOT_UNKNOWN,		/* nothing (forgotten) */
	FSROOT_LISTED,		/* a regular file by its directory entry */
	FSROOT_STAT,		/* looked at, or opened: fs_st */
	FSROOT_ERR,		/* the look failed: fs_err */
};

struct fsroot_seen {
	const char	*fs_path;	/* the root path (the key) */
	enum fsroot_known fs_known;
	int		 fs_err;	/* errno of the failed look */
	struct stat	 fs_st;		/* the look's result (symlinks followed) */
};

/*
 * fsroot_resolve - open a normalised root path confined to the root.
 * oflags are open(2) flags (O_CLOEXEC is added); with O_PATH the object
 * itself is returned without opening it for I/O.  follow false leaves a
 * final symlink unfollowed (needs O_PATH).  Returns 0 and *fd_r, or an
 * errno value.
 */
int	fsroot_resolve(struct fsroot *fr, const char *rpath, int oflags,
	    bool follow, int *fd_r);
/* fsroot_normalise - fsroot_join() into malloc'ed memory (free it) */
char	*fsroot_normalise(const char *base_dir, const char *path);
/* fsroot_stat_rpath - confined stat(2) of a root path, answered from
 * fr_seen when the run looked at it already; errno or 0 */
int	fsroot_stat_rpath(struct fsroot *fr, const char *rpath,
	    struct stat *st_r);
/* fsroot_seen_get - what fr_seen holds for rpath, or NULL */
struct fsroot_seen *fsroot_seen_get(struct fsroot *fr, const char *rpath);
/* fsroot_seen_put - the fr_seen entry of rpath, made (FSROOT_UNKNOWN,
 * rpath copied into fr_arena as fs_path) when there is none */
struct fsroot_seen *fsroot_seen_put(struct fsroot *fr, const char *rpath);
/* fsroot_seen_forget - forget every path (a file was written) */
void	fsroot_seen_forget(struct fsroot *fr);
/*
 * fsroot_open_listed - open rpath (FSROOT_LISTED) with oflags without a
 * look: through openat2 and never across a mount point, since a device
 * mounted over the listed entry would be opened.  0 and *fd_r, or -1
 * (nothing to report) when the caller must look first: no openat2, a
 * mount point on the way, or any failure (the look then gives the usual
 * answer).
 */
int	fsroot_open_listed(struct fsroot *fr, const char *rpath, int oflags,
	    int *fd_r);
/* fsroot_errstr - reason for an errno value from fsroot_resolve() */
const char *fsroot_errstr(struct fsroot *fr, int err);
/*
 * fsroot_path_check - join base_dir and path after checking they are
 * usable (non-empty, not over PATH_MAX); NULL and *error_r on failure.
 * The result is the fs_path of the path's fr_seen entry.
 */
const char *fsroot_path_check(struct fsroot *fr, const char *base_dir,
	    const char *path, const char **error_r);

/* fsroot_set_openat2 - allow (true) or forbid (false) openat2; for tests */
void	fsroot_set_openat2(struct fsroot *fr, bool on);
/* fsroot_uses_openat2 - whether openat2 is still in use (false once the
 * kernel or a seccomp filter refused it) */
bool	fsroot_uses_openat2(const struct fsroot *fr);

#endif
