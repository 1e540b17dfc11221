/* SPDX-License-Identifier: MIT */
/*
 * modload - maillint's own modules: parts of the program that need a
 * library most runs never use, built as shared objects that each export
 * one table, and loaded on first use.  Loading a library costs a process
 * its relocations and page faults whether or not the run calls it, so
 * the program links neither OpenSSL (maillint-openssl.so, osslmod.h) nor
 * libyaml (maillint-yaml.so, yamlmod.h: rule files are parsed only when
 * the compiled rules cache does not match them).
 *
 * A module is looked up beside the running program first (a build tree),
 * then in PKGLIBDIR (an installed one).  A module that is missing, or
 * from another build, is an internal error: the program says which file
 * and why, and exits 3; it never carries on as if the module's checks
 * had passed.
 *
 * Layer 0: it uses libc (and the dynamic loader) only.
 */
#ifndef MAILLINT_MODLOAD_H
#define MAILLINT_MODLOAD_H

#include <stddef.h>

#define MODLOAD_MAX_SIZES	8

/* The start of every module's table. */
struct modload_hdr {
	unsigned	 abi;		/* the table's version, raised on change */
	const char	*version;	/* PACKAGE_VERSION */
	size_t		 sizes[MODLOAD_MAX_SIZES];	/* shared structures */
};

/*
 * modload - the table `symbol` of module `file`, whose header must equal
 * want (abi, version, sizes); `what` says what needs it in the message.
 * Exits 3 when no usable module is found.
 */
const void	*modload(const char *file, const char *symbol,
		    const struct modload_hdr *want, const char *what);
/* modload_close_all - unload every module (at exit, once nothing of
 * theirs is in use: their tables and strings are gone) */
void		 modload_close_all(void);

#endif
