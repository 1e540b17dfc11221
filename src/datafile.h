/* SPDX-License-Identifier: MIT */
/*
 * datafile - the one bounded reader (and atomic writer) of maillint's own
 * data files: rule files, the compiled rule cache, the defaults tables.
 *
 * These live outside the linted host (the installed $(pkgdatadir), or
 * --datadir / --rules), so they are not confined to --root; they are
 * still untrusted enough to bound: a file is opened without blocking
 * (O_NONBLOCK, so a FIFO never hangs the run), checked on the opened
 * descriptor to be a regular file within a size cap, and read whole.
 * Refusals use fsroot's words ("not a regular file (FIFO)", "file too
 * large: N bytes, limit M") with the path, as SEV_ERROR diagnostics.
 *
 * Layer 2, beside fsroot (it shares fsroot_type_error()): with fsroot, the
 * only code that opens or inspects files (tests/layering.sh).
 */
#ifndef MAILLINT_DATAFILE_H
#define MAILLINT_DATAFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

struct arena;

/*
 * datafile_read - the whole regular file at path, NUL-terminated, of at
 * most max bytes, in arena a (or malloc'ed when a is NULL: free it).
 * what names the file in diagnostics ("rule file").  NULL with a
 * diagnostic when it cannot be read; with missing_r, a file that does not
 * exist is NULL with *missing_r true and no diagnostic (an optional file).
 */
char	*datafile_read(const char *path, size_t max, struct arena *a,
	    const char *what, bool *missing_r, size_t *len_r,
	    struct diag_list *dl);
/*
 * datafile_list - the names in directory dir that end in suffix (dot
 * files skipped), sorted with strcmp, at most max of them; a malloc'ed,
 * NULL-terminated array (datafile_free_list()), or NULL with a diagnostic
 */
char	**datafile_list(const char *dir, const char *suffix, size_t max,
	    size_t *n_r, struct diag_list *dl);
void	 datafile_free_list(char **v, size_t n);
/* datafile_path - "dir/name", malloc'ed */
char	*datafile_path(const char *dir, const char *name);
/* datafile_is_dir - path names a directory (following links) */
bool	 datafile_is_dir(const char *path);
/* datafile_is_file - path is a regular file (stat, following links) */
bool	 datafile_is_file(const char *path);
/* A regular file's size and modification time (datafile_stamp). */
struct datafile_stamp {
	unsigned long long	size;
	long long		mtime_s;
	long			mtime_ns;
};
/* datafile_stamp - the stamp of the regular file at path; -1 when it is
 * not one or cannot be looked at (no diagnostic: the caller reads it) */
int	 datafile_stamp(const char *path, struct datafile_stamp *st_r);
/*
 * datafile_write - replace path with data atomically: a temporary file
 * (O_EXCL) in the same directory, written, synced, renamed over path; on
 * failure the temporary file is removed and path left as it was.
 * -1 with a diagnostic.
 */
int	 datafile_write(const char *path, const void *data, size_t len,
	    struct diag_list *dl);

#endif
