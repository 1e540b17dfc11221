/* SPDX-License-Identifier: MIT */
/*
 * osslmod - the program's side of the OpenSSL module (osslmod.h): the
 * certpem_* and ciphers_* functions, each a call through the module's
 * table, which the first of them loads.
 */
#include "config.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "certpem.h"
#include "ciphers.h"
#include "osslmod.h"

#ifndef PKGLIBDIR
#define PKGLIBDIR "/usr/local/lib/maillint"
#endif

static const struct osslmod_api	*api;

/* try - load path: the table, or NULL with the reason in why */
static const struct osslmod_api *
try(const char *path, char *why, size_t whysize)
{
	static const size_t		 sizes[] = OSSLMOD_SIZES;
	const struct osslmod_api	*t;
	const char			*e;
	void				*h;

	if ((h = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		e = dlerror();
		snprintf(why, whysize, "%s", e != NULL ? e : path);
		return NULL;
	}
	t = dlsym(h, OSSLMOD_SYMBOL);
	if (t == NULL)
		snprintf(why, whysize, "%s: no %s in it", path, OSSLMOD_SYMBOL);
	else if (t->abi != OSSLMOD_ABI ||
	    strcmp(t->version, PACKAGE_VERSION) != 0 ||
	    memcmp(t->sizes, sizes, sizeof(sizes)) != 0)
		snprintf(why, whysize, "%s belongs to another build of maillint",
		    path);
	else
		return t;	/* never dlclose()d: its results live on */
	dlclose(h);
	return NULL;
}

/*
 * load - the module beside the program (a build tree), else PKGLIBDIR's.
 * When neither loads: an internal error, with both reasons.
 */
static const struct osslmod_api *
load(void)
{
	char	 self[PATH_MAX], path[PATH_MAX + sizeof(OSSLMOD_FILE)];
	char	 why1[512] = "", why2[512] = "";
	ssize_t	 n;
	char	*slash;

	if (api != NULL)
		return api;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			slash[1] = '\0';
			snprintf(path, sizeof(path), "%s%s", self, OSSLMOD_FILE);
			api = try(path, why1, sizeof(why1));
		}
	}
	if (api == NULL)
		api = try(PKGLIBDIR "/" OSSLMOD_FILE, why2, sizeof(why2));
	if (api == NULL) {
		fprintf(stderr, "maillint: cannot load the OpenSSL module "
		    "(%s%s%s): certificates and cipher lists cannot be judged "
		    "without it; reinstall maillint\n", why1,
		    why1[0] != '\0' ? "; " : "", why2);
		exit(3);
	}
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
