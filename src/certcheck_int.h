/* SPDX-License-Identifier: MIT */
/*
 * certcheck_int - what the two files of certcheck share: the run's
 * context (certcheck.c finds and reads the files) and the judge
 * (certcheck_judge.c turns parsed files into a use's facts).
 */
#ifndef MAILLINT_CERTCHECK_INT_H
#define MAILLINT_CERTCHECK_INT_H

#include "certcheck.h"
#include "certpem.h"
#include "hmap.h"

struct resolve_memo;

struct cc_ctx {
	const struct resolved		*r;
	struct resolve_memo		*memo;	/* lookups, in a */
	struct fsroot			*fr;
	const struct certcheck_opts	*o;
	struct diag_list		*dl;
	struct cert_uses		*u;
	struct arena			*a;	/* the uses' arena */
	struct hmap			 files;	/* read key -> struct cc_file */
	struct hmap			 warned; /* diagnostics given once per path */
	struct certpem_set		**sets;	/* every set, to free them */
	size_t				 n_sets, cap_sets;
};

/* A file (or a list of files) read and parsed once per run. */
struct cc_file {
	const char		*display;	/* display path (the first file's) */
	const char		*err;		/* why it was not read, or NULL */
	bool			 unreadable;	/* err is a permission problem */
	bool			 missing;	/* err is "no such file" or a type filecheck reports */
	struct certpem_set	*set;		/* NULL when not read */
};

/*
 * certcheck_judge - the facts of u from the certificates cs[b..e) and
 * key k of ks (k < 0: none known, u->key_status already says why)
 */
void	certcheck_judge(struct cc_ctx *c, struct cert_use *u,
	    const struct certpem_set *cs, size_t b, size_t e,
	    const struct certpem_set *ks, int k);
/* certcheck_dh - the facts of a DH parameter use from set s */
void	certcheck_dh(struct cc_ctx *c, struct cert_use *u,
	    const struct certpem_set *s);

#endif
