/* SPDX-License-Identifier: MIT */
/*
 * modload - find, load and check one of maillint's modules (modload.h).
 */
#include "config.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "modload.h"

#ifndef PKGLIBDIR
#define PKGLIBDIR "/usr/local/lib/maillint"
#endif

/* The loaded modules, for modload_close_all(). */
static void	*handles[4];
static size_t	 n_handles;

/* try - load path: the table, or NULL with the reason in why */
static const void *
try(const char *path, const char *symbol, const struct modload_hdr *want,
    char *why, size_t whysize)
{
	const struct modload_hdr	*t;
	const char			*e;
	void				*h;

	if ((h = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		e = dlerror();
		snprintf(why, whysize, "%s", e != NULL ? e : path);
		return NULL;
	}
	t = dlsym(h, symbol);
	if (t == NULL)
		snprintf(why, whysize, "%s: no %s in it", path, symbol);
	else if (t->abi != want->abi ||
	    strcmp(t->version, want->version) != 0 ||
	    memcmp(t->sizes, want->sizes, sizeof(want->sizes)) != 0)
		snprintf(why, whysize, "%s belongs to another build of maillint",
		    path);
	else {
		if (n_handles < sizeof(handles) / sizeof(handles[0]))
			handles[n_handles++] = h;
		return t;
	}
	dlclose(h);
	return NULL;
}

const void *
modload(const char *file, const char *symbol, const struct modload_hdr *want,
    const char *what)
{
	char		 self[PATH_MAX], path[PATH_MAX + 64];
	char		 why1[512] = "", why2[512] = "";
	const void	*t = NULL;
	ssize_t		 n;
	char		*slash;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			slash[1] = '\0';
			snprintf(path, sizeof(path), "%s%s", self, file);
			t = try(path, symbol, want, why1, sizeof(why1));
		}
	}
	if (t == NULL) {
		snprintf(path, sizeof(path), "%s/%s", PKGLIBDIR, file);
		t = try(path, symbol, want, why2, sizeof(why2));
	}
	if (t == NULL) {
		fprintf(stderr, "maillint: cannot load the module %s (%s%s%s): "
		    "%s cannot be done without it; reinstall maillint\n", file,
		    why1, why1[0] != '\0' ? "; " : "", why2, what);
		exit(3);
	}
	return t;
}

void
modload_close_all(void)
{
	while (n_handles > 0)
		dlclose(handles[--n_handles]);
}
