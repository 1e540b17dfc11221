/* SPDX-License-Identifier: MIT */
/*
 * fleet_hosts - the hosts of a --fleet run, from its PATH arguments
 * (fleet.h: fleet_find_hosts).  Directories are listed through fsroot,
 * each PATH its own root.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fleet.h"
#include "textesc.h"
#include "xmem.h"

#define FLEET_MAX_HOSTS	1000000

static const char *
base_name(struct arena *a, const char *path)
{
	size_t		 n = strlen(path), s;

	while (n > 1 && path[n - 1] == '/')
		n--;
	for (s = n; s > 0 && path[s - 1] != '/'; s--)
		continue;
	return arena_strndup(a, path + s, n - s);
}

static void
add_host(struct fleet_hosts *hs, const char *name, const char *root,
    const char *error)
{
	VEC_GROW(hs->v, hs->len, hs->cap);
	hs->v[hs->len].name = name;
	hs->v[hs->len].root = root;
	hs->v[hs->len].error = error;
	hs->len++;
}

static bool
is_snapshot(struct fsroot *fr)
{
	return fsroot_is_dir(fr, "/etc/postfix") ||
	    fsroot_is_dir(fr, "/etc/dovecot");
}

int
fleet_find_hosts(char *const *paths, size_t n,
    const struct fsroot_limits *lim, struct fleet_hosts *hs)
{
	struct fsroot_limits	 l = *lim;
	size_t			 i, k, found;
	int			 rc = 0;

	memset(hs, 0, sizeof(*hs));
	hs->arena = arena_new();
	/* A fleet directory lists many hosts: the glob budget is for them. */
	if (l.max_files < FLEET_MAX_HOSTS / 50)
		l.max_files = FLEET_MAX_HOSTS / 50;
	for (i = 0; i < n && rc == 0; i++) {
		struct fsroot	*fr;
		const char	*err, **names;
		int		 m;

		if (fsroot_new(paths[i], &l, &fr, &err) != 0) {
			fprintf(stderr, "maillint: --fleet ");
			textesc_put(stderr, paths[i]);
			fprintf(stderr, ": %s\n", err);
			rc = -1;
			break;
		}
		if (is_snapshot(fr)) {
			add_host(hs, base_name(hs->arena, paths[i]),
			    arena_strdup(hs->arena, paths[i]), NULL);
			fsroot_free(&fr);
			continue;
		}
		if ((m = fsroot_glob(fr, "/", "*", &names, &err)) < 0) {
			fprintf(stderr, "maillint: --fleet ");
			textesc_put(stderr, paths[i]);
			fprintf(stderr, ": %s\n", err);
			fsroot_free(&fr);
			rc = -1;
			break;
		}
		for (k = 0, found = 0; k < (size_t)m; k++) {
			const char	*name = names[k] + 1;	/* "/name" */
			const char	*root;

			if (fsroot_link_target(fr, names[k]) != NULL) {
				found++;
				add_host(hs, arena_strdup(hs->arena, name),
				    arena_cat(hs->arena, paths[i], "/", name,
				    (char *)NULL), "a symbolic link: a fleet's "
				    "hosts are directories, links are not "
				    "followed");
				continue;
			}
			if (!fsroot_is_dir(fr, names[k]))
				continue;
			root = arena_cat(hs->arena, paths[i],
			    paths[i][strlen(paths[i]) - 1] == '/' ? "" : "/",
			    name, (char *)NULL);
			add_host(hs, arena_strdup(hs->arena, name), root, NULL);
			found++;
		}
		fsroot_free(&fr);
		if (found == 0) {
			fprintf(stderr, "maillint: --fleet ");
			textesc_put(stderr, paths[i]);
			fprintf(stderr, ": no host snapshot (neither etc/postfix "
			    "nor etc/dovecot, nor subdirectories)\n");
			rc = -1;
		}
		if (hs->len > FLEET_MAX_HOSTS) {
			fprintf(stderr, "maillint: --fleet: more than %d "
			    "hosts\n", FLEET_MAX_HOSTS);
			rc = -1;
		}
	}
	return rc;
}

void
fleet_hosts_free(struct fleet_hosts *hs)
{
	free(hs->v);
	arena_free(&hs->arena);
	memset(hs, 0, sizeof(*hs));
}
