/* SPDX-License-Identifier: MIT */
/*
 * osslmod - OpenSSL in a module of its own (modload.h), loaded when first
 * needed: certpem.c and ciphers.c are built into maillint-openssl.so
 * (the only symbol it exports is the table below), and osslmod.c, linked
 * into the program, defines the certpem_* and ciphers_* functions of
 * certpem.h and ciphers.h as calls through that table, loading the module
 * on the first call that needs OpenSSL.  The unit tests and fuzzers link
 * certpem.c and ciphers.c directly (libmlmod.a).
 *
 * Layer 3 (beside certpem, below ciphers' layer 4): it uses modload.
 */
#ifndef MAILLINT_OSSLMOD_H
#define MAILLINT_OSSLMOD_H

#include <stdbool.h>
#include <stddef.h>

#include "modload.h"

struct arena;
struct strbuf;
struct certpem_set;
struct cipher_eval;

#define OSSLMOD_FILE	"maillint-openssl.so"
#define OSSLMOD_SYMBOL	"maillint_osslmod"
/* Raised whenever the table or a structure it passes changes. */
#define OSSLMOD_ABI	1u

/* The structures the two sides share, as both sides compiled them
 * (needs certpem.h and ciphers.h). */
#define OSSLMOD_SIZES { sizeof(struct certpem_set), \
	sizeof(struct certpem_cert), sizeof(struct certpem_key), \
	sizeof(struct cipher_eval), sizeof(struct cipher_suite) }

struct osslmod_api {
	struct modload_hdr hdr;		/* OSSLMOD_ABI, OSSLMOD_SIZES */
	int		(*ciphers_eval)(struct arena *, const char *,
			    struct cipher_eval *);
	void		(*ciphers_reset)(void);
	void		(*ciphers_weak_names)(struct strbuf *, unsigned);
	const char	*(*ciphers_library)(void);
	struct certpem_set *(*certpem_new)(struct arena *);
	void		(*certpem_free)(struct certpem_set **);
	size_t		(*certpem_add)(struct certpem_set *, const char *,
			    size_t);
	int		(*certpem_key_matches)(const struct certpem_set *,
			    size_t, const struct certpem_set *, size_t);
	bool		(*certpem_issued)(const struct certpem_set *, size_t,
			    size_t);
	const char	*(*certpem_library)(void);
};

/* osslmod_loaded - the module is loaded (ciphers_reset at exit has work) */
bool	osslmod_loaded(void);

#endif
