/* SPDX-License-Identifier: MIT */
/*
 * fsroot - the only module that opens configuration files.
 *
 * Every path is resolved inside a root directory (--root, default "/"):
 * absolute paths, ".." and symlinks (absolute or relative) are resolved as
 * if the root were "/" (like a chroot), so nothing outside it is ever
 * opened.  Only regular files are read (FIFOs, devices and sockets are
 * refused without blocking).  Limits bound what hostile trees can make us
 * do.  Paths handed in and out are "root paths": absolute, lexically
 * normalised paths inside the root ("/etc/postfix/main.cf").
 *
 * Layer 2 (fsroot): fsroot_path.c (path strings, the leaf), fsroot.c (the
 * confined resolver), fsroot_read.c, fsroot_glob.c, fsroot_write.c.  With
 * the data-file reader, the only code that opens or inspects files.
 *
 * fsroot never exits; failures come back as -1 with a static or
 * fsroot-owned error string (no location: the caller adds it).
 */
#ifndef MAILLINT_FSROOT_H
#define MAILLINT_FSROOT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct fsroot_limits {
	size_t		max_file_size;	/* bytes per file (default 8 MiB) */
	size_t		max_line_len;	/* bytes per physical line (default 64 KiB); enforced by the parsers */
	unsigned	max_include_depth; /* nested !include levels (default 32) */
	unsigned	max_files;	/* files read per run and host (default 2000) */
	unsigned	max_nesting;	/* Dovecot section depth (default 64) */
	size_t		max_settings;	/* settings + overrides per product (default 1000000) */
};

#define FSROOT_DEF_FILE_SIZE	(8u * 1024 * 1024)
#define FSROOT_DEF_LINE_LEN	(64u * 1024)
#define FSROOT_DEF_INCLUDE_DEPTH 32
#define FSROOT_DEF_FILES	2000
#define FSROOT_DEF_NESTING	64
#define FSROOT_DEF_SETTINGS	100000

/* A file read into memory. */
struct fsroot_file {
	const char	*path;		/* root path as requested, normalised (fsroot-owned) */
	const char	*display;	/* path as shown to the user (fsroot-owned) */
	char		*data;		/* contents + a NUL terminator; may contain NULs; free with fsroot_file_release() */
	size_t		 len;		/* bytes of contents */
	dev_t		 dev;		/* identity of the opened file, for include loops */
	ino_t		 ino;
	uid_t		 uid;		/* from fstat() on the opened fd */
	gid_t		 gid;
	mode_t		 mode;
};

struct fsroot;

/* fsroot_limits_default - fill *lim with the documented defaults */
void	fsroot_limits_default(struct fsroot_limits *lim);

/*
 * fsroot_new - open the root.  root_dir NULL means "/" with no --root given
 * (display paths are then absolute, or relative to the current directory
 * when below it).  With a root, display paths are relative to it
 * ("etc/postfix/main.cf").  lim NULL means defaults.  Free with
 * fsroot_free().
 */
int	fsroot_new(const char *root_dir, const struct fsroot_limits *lim,
	    struct fsroot **fr_r, const char **error_r);
void	fsroot_free(struct fsroot **fr);
const struct fsroot_limits *fsroot_limits(const struct fsroot *fr);

/*
 * fsroot_user_path - turn a path given on the command line into a root
 * path: with --root it names a path inside the root ("etc/postfix" and
 * "/etc/postfix" are the same); without, it is relative to the current
 * directory.  Returns fsroot-owned memory.
 */
const char *fsroot_user_path(struct fsroot *fr, const char *arg);

/*
 * fsroot_join - resolve path (absolute inside the root, or relative to
 * base_dir, a root path) to a normalised root path.  Lexical only: ".."
 * never climbs above "/".  Returns fsroot-owned memory.
 */
const char *fsroot_join(struct fsroot *fr, const char *base_dir, const char *path);
/* fsroot_dirname - directory part of a root path (fsroot-owned) */
const char *fsroot_dirname(struct fsroot *fr, const char *path);
/* fsroot_display - display form of a root path (fsroot-owned) */
const char *fsroot_display(struct fsroot *fr, const char *path);

/*
 * fsroot_read - read a regular file.  path is absolute inside the root or
 * relative to base_dir (NULL = "/").  Counts against max_files; refuses
 * files over max_file_size, non-regular files and anything that would
 * resolve outside the root.  On success fills *f_r; release with
 * fsroot_file_release().
 */
int	fsroot_read(struct fsroot *fr, const char *base_dir, const char *path,
	    struct fsroot_file *f_r, const char **error_r);
void	fsroot_file_release(struct fsroot_file *f);
/*
 * fsroot_read_secret - fsroot_read() for a file that may hold a private
 * key (certificates, keys, DH parameters): at most max bytes (and never
 * more than max_file_size; a larger file is refused before it is read),
 * one buffer that is never reallocated (a file growing while read is
 * refused, and what was read is wiped), and never shown to the
 * fsroot_set_hook() hook.  The caller wipes f_r->data before
 * fsroot_file_release().
 */
int	fsroot_read_secret(struct fsroot *fr, const char *base_dir,
	    const char *path, size_t max, struct fsroot_file *f_r,
	    const char **error_r);

/*
 * fsroot_set_hook - call fn(ctx, f) for every file fsroot_read() returns
 * (inline suppressions are scanned this way, without reading twice).
 */
typedef void (*fsroot_hook_fn)(void *ctx, const struct fsroot_file *f);
void	fsroot_set_hook(struct fsroot *fr, fsroot_hook_fn fn, void *ctx);

/*
 * fsroot_stat - look at a path without reading it (certificates, keys).
 * Returns 0 and fills *st_r when it exists inside the root, -1 otherwise.
 * A run looks at a path once: later calls get the same answer, failures
 * included, until fsroot_replace() writes a file.
 */
struct stat;
int	fsroot_stat(struct fsroot *fr, const char *base_dir, const char *path,
	    struct stat *st_r, const char **error_r);
/*
 * fsroot_link_target - when the last component of path is a symbolic link
 * inside the root, its target as written (fsroot-owned), else NULL: lets
 * a caller say why a path that "does not exist" was not read.
 */
const char *fsroot_link_target(struct fsroot *fr, const char *path);
/*
 * fsroot_replace - replace the regular file at path (a root path) with
 * data, atomically, for --fix: a final symbolic link is followed inside
 * the root (the link is kept), the original is kept as NAME.orig (or
 * NAME.orig.N when that exists), mode, owner and group are kept.  Nothing
 * is written unless the file still holds exactly expect.  On success
 * *backup_r is the backup's root path (fsroot-owned).
 */
int	fsroot_replace(struct fsroot *fr, const char *path, const char *expect,
	    size_t expect_len, const char *data, size_t len,
	    const char **backup_r, const char **error_r);
/*
 * fsroot_type_error - why a file of this mode is refused ("not a regular
 * file (FIFO)"), or NULL for a regular file; the data-file reader gives
 * the same words
 */
const char *fsroot_type_error(unsigned mode);
/* fsroot_has_root - true when paths resolve inside a --root directory */
bool	fsroot_has_root(const struct fsroot *fr);
/* fsroot_is_dir - true when path is a directory inside the root */
bool	fsroot_is_dir(struct fsroot *fr, const char *path);

/*
 * fsroot_glob - expand a glob(3) pattern (*, ?, [..], {a,b}) inside the
 * root, relative to base_dir when not absolute.  Matches are root paths,
 * sorted within each brace alternative (glob(3) with GLOB_BRACE order).
 * Returns the number of matches (0 = none) and an fsroot-owned array in
 * *paths_r, or -1 on error.
 */
int	fsroot_glob(struct fsroot *fr, const char *base_dir, const char *pattern,
	    const char ***paths_r, const char **error_r);

#endif
