/* SPDX-License-Identifier: MIT */
/*
 * filecheck - see filecheck.h.
 *
 * Relative paths: Dovecot takes "<file" relative to the directory of the
 * file holding the setting; Postfix daemons run in queue_directory, so
 * its relative TLS paths start there.  Each distinct root path is looked
 * up once (a hash of results), so a hostile tree repeating one path a
 * million times costs one lookup.
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "diag.h"
#include "filecheck.h"
#include "fsroot.h"
#include "hmap.h"
#include "model.h"

#define PF_QUEUE_DIR	"/var/spool/postfix"	/* queue_directory default */

struct fc {
	struct fsroot		*fr;
	struct diag_list	*dl;
	struct arena		*arena;
	struct hmap		 seen;	/* root path -> "" or the error */
	const char		*pf_base;	/* Postfix relative-path base */
};

/* Postfix parameters naming files, by suffix after smtpd_/smtp_/lmtp_/tlsproxy_. */
static const char *const pf_suffixes[] = {
	"_tls_cert_file", "_tls_key_file", "_tls_dcert_file",
	"_tls_dkey_file", "_tls_eccert_file", "_tls_eckey_file",
	"_tls_CAfile", "_tls_chain_files", "_tls_dh1024_param_file",
	"_tls_dh512_param_file",
};

/* Dovecot settings whose value is a path (2.3 and 2.4 names). */
static const char *const dc_file_settings[] = {
	"ssl_client_ca_file", "ssl_server_cert_file", "ssl_server_key_file",
	"ssl_server_ca_file", "ssl_server_dh_file", "ssl_client_cert_file",
	"ssl_client_key_file",
};

static bool
ends_with(const char *s, const char *suffix)
{
	size_t	ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

static bool
pf_is_file_param(const char *name)
{
	size_t	i;

	/* every suffix holds "_tls_": most names go no further */
	if (strstr(name, "_tls_") == NULL)
		return false;
	for (i = 0; i < sizeof(pf_suffixes) / sizeof(pf_suffixes[0]); i++)
		if (ends_with(name, pf_suffixes[i]))
			return true;
	return false;
}

static bool
dc_is_file_setting(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(dc_file_settings) / sizeof(dc_file_settings[0]);
	    i++)
		if (strcmp(name, dc_file_settings[i]) == 0)
			return true;
	return false;
}

/* lookup - "" when path (relative to base) exists as a regular file */
static const char *
lookup(struct fc *c, const char *base, const char *path)
{
	struct stat	 st;
	const char	*key, *err, *hit;

	key = arena_cat(c->arena, path[0] == '/' ? "" : base, "\n",
	    path, (char *)NULL);
	if ((hit = hmap_get(&c->seen, key)) != NULL)
		return hit;
	if (fsroot_stat(c->fr, base, path, &st, &err) != 0)
		hit = err;
	else if (S_ISDIR(st.st_mode))
		hit = "a directory, not a file";
	else if (!S_ISREG(st.st_mode))
		hit = "not a regular file";
	else
		hit = "";
	hmap_put(&c->seen, key, (void *)hit);
	return hit;
}

/* check - one path of setting s; a warning when it cannot be found */
static void
check(struct fc *c, const struct setting *s, const char *base,
    const char *path, size_t len, const char *how)
{
	const char	*p = arena_strndup(c->arena, path, len), *err;
	bool		 missing;

	if (*p == '\0')
		return;
	if (*(err = lookup(c, base, p)) == '\0')
		return;
	/* A snapshot (--root) may well leave private keys out: a missing
	 * file there is worth knowing, not worth a warning.  A file that is
	 * there but refused (device, FIFO, outside the root) always is. */
	missing = strcmp(err, "no such file") == 0;
	diag_add(c->dl, missing && fsroot_has_root(c->fr) ? SEV_INFO : SEV_WARN,
	    &s->loc, "%s %s\"%s\": %s%s", s->name, how, p, err,
	    missing && fsroot_has_root(c->fr) ? " inside the root" : "");
}

static bool
skip_value(const struct setting *s, const char *v)
{
	return (s->flags & (SET_TEMPLATE | SET_VARIABLE)) != 0 ||
	    strchr(v, '$') != NULL || strchr(v, '%') != NULL ||
	    strchr(v, '{') != NULL;
}

/* pf_setting - a Postfix file parameter: one path, or a chain list */
static void
pf_setting(struct fc *c, const struct setting *s)
{
	const char	*v = s->value, *sep = ", \t\r\n";
	size_t		 n;

	if (!pf_is_file_param(s->name) || skip_value(s, v) ||
	    strcmp(v, "auto") == 0)
		return;
	if (!ends_with(s->name, "_chain_files")) {
		v += strspn(v, " \t");
		n = strlen(v);
		while (n > 0 && strchr(" \t\r\n", v[n - 1]) != NULL)
			n--;
		check(c, s, c->pf_base, v, n, "= ");
		return;
	}
	for (v += strspn(v, sep); *v != '\0'; v += strspn(v, sep)) {
		n = strcspn(v, sep);
		check(c, s, c->pf_base, v, n, "lists ");
		v += n;
	}
}

static void
pf_run(struct fc *c, const struct model *m)
{
	const struct setting	*q;
	size_t			 i, k;

	c->pf_base = PF_QUEUE_DIR;
	if ((q = model_pf_get(m, "queue_directory")) != NULL &&
	    q->value[0] == '/' && !skip_value(q, q->value))
		c->pf_base = q->value;
	for (i = 0; i < model_pf_n_main(m); i++)
		pf_setting(c, model_pf_main(m, i));
	for (i = 0; i < m->pf.n_services; i++)
		for (k = 0; k < m->pf.services[i]->n_overrides; k++)
			pf_setting(c, m->pf.services[i]->overrides[k]);
}

/* dc_dir - the root directory of the file that holds s */
static const char *
dc_dir(struct fc *c, const struct setting *s)
{
	return s->loc.file != NULL ? fsroot_dirname(c->fr,
	    fsroot_user_path(c->fr, s->loc.file)) : "/";
}

static void
dc_section(struct fc *c, const struct dc_section *sec)
{
	const struct setting	*s;
	size_t			 i;

	for (i = 0; i < sec->n_settings; i++) {
		s = sec->settings[i];
		if ((s->flags & SET_FILE_VALUE) != 0 && s->value[0] == '<') {
			if (!skip_value(s, s->value + 1))
				check(c, s, dc_dir(c, s), s->value + 1,
				    strlen(s->value + 1), "= <");
		} else if (dc_is_file_setting(s->name) && s->value[0] != '\0' &&
		    !skip_value(s, s->value))
			check(c, s, dc_dir(c, s), s->value, strlen(s->value),
			    "= ");
	}
	for (i = 0; i < sec->n_children; i++)
		dc_section(c, sec->children[i]);
}

void
filecheck_run(const struct model *m, struct fsroot *fr, struct diag_list *dl)
{
	struct fc	c;

	memset(&c, 0, sizeof(c));
	c.fr = fr;
	c.dl = dl;
	c.arena = arena_new();
	if (m->pf.present)
		pf_run(&c, m);
	if (m->dc.present && m->dc.root != NULL)
		dc_section(&c, m->dc.root);
	hmap_free(&c.seen);
	arena_free(&c.arena);
}
