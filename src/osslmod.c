/* SPDX-License-Identifier: MIT */
/*
 * osslmod - the program's side of the OpenSSL module (osslmod.h): the
 * certpem_* and ciphers_* functions, each a call through the module's
 * table, which the first of them loads.
 */
#include "config.h"

#include <string.h>

#include "certpem.h"
#include "ciphers.h"
#include "osslmod.h"

static const struct osslmod_api	*api;

/* load - the module's table, loaded on first use */
static const struct osslmod_api *
load(void)
{
	static const struct modload_hdr	want = { OSSLMOD_ABI, PACKAGE_VERSION,
		OSSLMOD_SIZES };

	if (api == NULL)
		api = modload(OSSLMOD_FILE, OSSLMOD_SYMBOL, &want,
		    "judging certificates and cipher lists");
	return api;
}

bool
osslmod_loaded(void)
{
	return api != NULL;
}

int
ciphers_eval(struct arena *a, const char *s, struct cipher_eval *out)
{
	return load()->ciphers_eval(a, s, out);
}

void
ciphers_reset(void)
{
	if (api != NULL)
		api->ciphers_reset();
}

void
ciphers_weak_names(struct strbuf *sb, unsigned weak)
{
	load()->ciphers_weak_names(sb, weak);
}

const char *
ciphers_library(void)
{
	return load()->ciphers_library();
}

struct certpem_set *
certpem_new(struct arena *a)
{
	return load()->certpem_new(a);
}

void
certpem_free(struct certpem_set **s)
{
	if (s != NULL && *s != NULL)
		load()->certpem_free(s);
}

size_t
certpem_add(struct certpem_set *s, const char *data, size_t len)
{
	return load()->certpem_add(s, data, len);
}

int
certpem_key_matches(const struct certpem_set *cs, size_t c,
    const struct certpem_set *ks, size_t k)
{
	return load()->certpem_key_matches(cs, c, ks, k);
}

bool
certpem_issued(const struct certpem_set *s, size_t parent, size_t child)
{
	return load()->certpem_issued(s, parent, child);
}

/* No OpenSSL needed: a key file's buffer is wiped whether or not the
 * module was ever loaded. */
void
certpem_wipe(void *p, size_t n)
{
	if (p != NULL && n > 0)
		explicit_bzero(p, n);
}

const char *
certpem_library(void)
{
	return load()->certpem_library();
}
