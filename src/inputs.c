/* SPDX-License-Identifier: MIT */
/*
 * inputs - map command-line arguments to configuration files.
 *
 * Missing products are simply absent (a Postfix-only host has no Dovecot
 * configuration).  A named file or directory that does not exist is a
 * diagnostic.  A file argument is what --as says; else it is known by its
 * name: Postfix files are main.cf and master.cf (also with a template
 * suffix such as .j2 or .tpl), Dovecot files are dovecot.conf or end in
 * .conf, .conf.ext, .ext or .inc (or a template suffix thereof); else by
 * its content, when that says one kind only; else it is not read and an
 * error says to use --as (never "no findings" for a file not understood).
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "datafile.h"
#include "defaults.h"
#include "diag.h"
#include "fsroot.h"
#include "inputs.h"
#include "model.h"
#include "parse.h"
#include "version.h"

static bool
has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static const char *
base(const char *path)
{
	const char	*b = strrchr(path, '/');

	return b != NULL ? b + 1 : path;
}

/* exists - a file or directory at this root path */
static bool
exists(struct fsroot *fr, const char *path)
{
	struct stat	 st;
	const char	*err;

	return fsroot_stat(fr, "/", path, &st, &err) == 0;
}

/*
 * refused_link - when path is a symbolic link that leads to nothing inside
 * the root (out of it, or to a missing file), say so: the configuration
 * it stands for was not read.  Returns true when it was such a link.
 */
static bool
refused_link(struct fsroot *fr, const char *path, struct diag_list *dl)
{
	const char	*t = fsroot_link_target(fr, path);

	if (t == NULL)
		return false;
	diag_addf(dl, SEV_ERROR, fsroot_display(fr, path), 0, 0,
	    "symbolic link to \"%s\", which leads to nothing inside the %s: "
	    "not read", t, fsroot_has_root(fr) ? "root" : "file system");
	return true;
}

/* The template suffixes a file name may end in. */
static const char *const tpl_sfx[] = {
	".j2", ".tpl", ".tmpl", ".jinja", ".jinja2", ".template", ".erb"
};

/* find_file - dir/name, or dir/name.j2, .tpl... when only a template exists */
static const char *
find_file(struct fsroot *fr, const char *dir, const char *name)
{
	size_t	i;

	for (i = 0; i <= sizeof(tpl_sfx) / sizeof(tpl_sfx[0]); i++) {
		char		 buf[4096];
		const char	*p;

		snprintf(buf, sizeof(buf), "%s%s", name, i == 0 ? "" :
		    tpl_sfx[i - 1]);
		p = fsroot_join(fr, dir, buf);
		if (exists(fr, p))
			return p;
	}
	return NULL;
}

/* read_pf - parse main.cf or master.cf and note it in the model */
static void
read_pf(struct model *m, struct fsroot *fr, const char *path, bool is_main,
    struct diag_list *dl)
{
	size_t	from = dl->len;
	int	rc;

	rc = (is_main ? parse_postfix_main : parse_postfix_master)(m, fr, path,
	    dl);
	diag_mark_syntax(dl, from, DIAG_SYNTAX_POSTFIX);
	if (rc != 0)
		return;
	m->pf.present = true;
	if (is_main)
		m->pf.main_file = model_strdup(m, fsroot_display(fr, path));
	else
		m->pf.master_file = model_strdup(m, fsroot_display(fr, path));
}

/* What read_postfix_dir leaves to file arguments. */
#define SKIP_MAIN	0x01u
#define SKIP_MASTER	0x02u

static void
read_postfix_dir_but(struct model *m, struct fsroot *fr, const char *dir,
    unsigned skip, struct diag_list *dl)
{
	const char	*mainp = (skip & SKIP_MAIN) ? NULL :
	    find_file(fr, dir, "main.cf");
	const char	*masterp = (skip & SKIP_MASTER) ? NULL :
	    find_file(fr, dir, "master.cf");

	if (mainp == NULL && masterp == NULL) {
		if (skip != 0)
			return;	/* the file arguments stand for both */
		if (!refused_link(fr, dir, dl)) {
			(void)refused_link(fr, fsroot_join(fr, dir, "main.cf"), dl);
			(void)refused_link(fr, fsroot_join(fr, dir, "master.cf"),
			    dl);
		}
		return;
	}
	if (mainp == NULL && !(skip & SKIP_MAIN))
		(void)refused_link(fr, fsroot_join(fr, dir, "main.cf"), dl);
	if (masterp == NULL && !(skip & SKIP_MASTER))
		(void)refused_link(fr, fsroot_join(fr, dir, "master.cf"), dl);
	m->pf.dir = model_strdup(m, fsroot_display(fr, dir));
	if (mainp != NULL)
		read_pf(m, fr, mainp, true, dl);
	if (masterp != NULL)
		read_pf(m, fr, masterp, false, dl);
}

static void
read_postfix_dir(struct model *m, struct fsroot *fr, const char *dir,
    struct diag_list *dl)
{
	read_postfix_dir_but(m, fr, dir, 0, dl);
}

static void
read_dovecot(struct model *m, struct fsroot *fr, const char *conf,
    struct diag_list *dl)
{
	size_t	from = dl->len;

	parse_dovecot(m, fr, conf, dl);
	diag_mark_syntax(dl, from, DIAG_SYNTAX_DOVECOT);
}

/* read_openssl - the host's OpenSSL configuration under dir (a root or a
 * host snapshot): Debian's etc/ssl, else RHEL's etc/pki/tls */
static void
read_openssl(struct model *m, struct fsroot *fr, const char *dir,
    struct diag_list *dl)
{
	static const char *const files[] = {
		"etc/ssl/openssl.cnf", "etc/pki/tls/openssl.cnf"
	};
	size_t	i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		const char	*p = fsroot_join(fr, dir, files[i]);

		if (exists(fr, p)) {
			parse_openssl(m, fr, p, dl);
			return;
		}
	}
}

/* read_dir - a directory argument: what does it hold? */
static void
read_dir(struct model *m, struct fsroot *fr, const char *dir,
    struct diag_list *dl)
{
	const char	*p;

	if (find_file(fr, dir, "main.cf") || find_file(fr, dir, "master.cf"))
		read_postfix_dir(m, fr, dir, dl);
	if ((p = find_file(fr, dir, "dovecot.conf")) != NULL)
		read_dovecot(m, fr, p, dl);
	/* A directory holding postfix/ and dovecot/ (a config repo), or a
	 * host snapshot holding etc/. */
	if (fsroot_is_dir(fr, fsroot_join(fr, dir, "postfix")))
		read_postfix_dir(m, fr, fsroot_join(fr, dir, "postfix"), dl);
	if ((p = find_file(fr, fsroot_join(fr, dir, "dovecot"), "dovecot.conf")) != NULL)
		read_dovecot(m, fr, p, dl);
	if (fsroot_is_dir(fr, fsroot_join(fr, dir, "etc"))) {
		read_openssl(m, fr, dir, dl);
		read_postfix_dir(m, fr, fsroot_join(fr, dir, "etc/postfix"), dl);
		if ((p = find_file(fr, fsroot_join(fr, dir, "etc/dovecot"),
		    "dovecot.conf")) != NULL)
			read_dovecot(m, fr, p, dl);
	}
}

static bool
has_suffix(const char *s, size_t n, const char *sfx)
{
	size_t	k = strlen(sfx);

	return n > k && strncmp(s + n - k, sfx, k) == 0;
}

enum input_kind
inputs_kind_parse(const char *s)
{
	if (strcmp(s, "main.cf") == 0)
		return INPUT_MAIN_CF;
	if (strcmp(s, "master.cf") == 0)
		return INPUT_MASTER_CF;
	if (strcmp(s, "dovecot.conf") == 0)
		return INPUT_DOVECOT;
	return INPUT_UNKNOWN;
}

enum input_kind
inputs_kind_by_name(const char *path)
{
	static const char *const dc_sfx[] = { ".conf", ".conf.ext", ".ext",
		".inc" };
	const char	*b = base(path);
	size_t		 n = strlen(b), i;

	if (has_prefix(b, "main.cf"))
		return INPUT_MAIN_CF;
	if (has_prefix(b, "master.cf"))
		return INPUT_MASTER_CF;
	if (has_prefix(b, "dovecot.conf"))
		return INPUT_DOVECOT;
	for (i = 0; i < sizeof(tpl_sfx) / sizeof(tpl_sfx[0]); i++)
		if (has_suffix(b, n, tpl_sfx[i])) {
			n -= strlen(tpl_sfx[i]);
			break;
		}
	for (i = 0; i < sizeof(dc_sfx) / sizeof(dc_sfx[0]); i++)
		if (has_suffix(b, n, dc_sfx[i]))
			return INPUT_DOVECOT;
	return INPUT_UNKNOWN;
}

/* master_line - "name type private unpriv chroot wakeup maxproc command":
 * at least 8 fields, the second a master.cf service type */
static bool
master_line(const char *p, const char *eol)
{
	static const char *const types[] = { "inet", "unix", "unix-dgram",
		"fifo", "pass" };
	const char	*w[2] = { NULL, NULL };
	size_t		 wl[2] = { 0, 0 }, n = 0, i;

	while (p < eol) {
		const char	*s;

		while (p < eol && (*p == ' ' || *p == '\t'))
			p++;
		if (p >= eol)
			break;
		for (s = p; p < eol && *p != ' ' && *p != '\t'; p++)
			;
		if (n < 2) {
			w[n] = s;
			wl[n] = (size_t)(p - s);
		}
		n++;
	}
	if (n < 8)
		return false;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (wl[1] == strlen(types[i]) &&
		    strncmp(w[1], types[i], wl[1]) == 0)
			return true;
	return false;
}

enum input_kind
inputs_kind_by_content(const char *data, size_t len,
    const struct inputs_opts *o)
{
	const char	*p = data, *end = data + len, *eol, *q, *e;
	size_t		 main_n = 0, master_n = 0, dc_n = 0;
	char		 name[128];

	for (; p < end; p = eol + 1) {
		bool	indented;

		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		for (q = p; q < eol && (*q == ' ' || *q == '\t'); q++)
			;
		indented = q > p;
		for (e = eol; e > q && (e[-1] == ' ' || e[-1] == '\t' ||
		    e[-1] == '\r'); e--)
			;
		if (q == e || *q == '#')
			continue;
		/* Dovecot's structure: includes, sections */
		if (strncmp(q, "!include", 8) == 0 || e[-1] == '{' ||
		    (e - q == 1 && *q == '}')) {
			dc_n++;
			continue;
		}
		if (indented)
			continue;	/* continuations, -o lines, section bodies */
		if (master_line(q, e)) {
			master_n++;
			continue;
		}
		/* name = value with a name one product knows */
		for (p = q; p < e && p - q < (ptrdiff_t)sizeof(name) - 1 &&
		    (*p == '_' || *p == '.' || *p == '-' ||
		    (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9')); p++)
			;
		memcpy(name, q, (size_t)(p - q));
		name[p - q] = '\0';
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if (name[0] == '\0' || p >= e || *p != '=')
			continue;
		if (o->pf_names != NULL && defaults_known(o->pf_names, name))
			main_n++;
		else if ((o->dc_names != NULL &&
		    defaults_known(o->dc_names, name)) ||
		    (o->dc_gone != NULL && defaults_known(o->dc_gone, name)))
			dc_n++;
	}
	if (main_n > 0 && master_n == 0 && dc_n == 0)
		return INPUT_MAIN_CF;
	if (master_n > 0 && main_n == 0 && dc_n == 0)
		return INPUT_MASTER_CF;
	if (dc_n > 0 && main_n == 0 && master_n == 0)
		return INPUT_DOVECOT;
	return INPUT_UNKNOWN;
}

/* sniff - a file of no known name: its kind by its content */
static enum input_kind
sniff(struct fsroot *fr, const char *path, const struct inputs_opts *o,
    struct diag_list *dl)
{
	struct fsroot_file	 f;
	const char		*err = NULL;
	enum input_kind		 k;

	if (fsroot_read(fr, NULL, path, &f, &err) != 0) {
		diag_addf(dl, SEV_ERROR, fsroot_display(fr, path), 0, 0,
		    "cannot read: %s", err != NULL ? err : "error");
		return INPUT_UNKNOWN;
	}
	k = inputs_kind_by_content(f.data, f.len, o);
	fsroot_file_release(&f);
	if (k == INPUT_UNKNOWN)
		diag_addf(dl, SEV_ERROR, fsroot_display(fr, path), 0, 0,
		    "cannot tell what this file is: its name is not main.cf, "
		    "master.cf, dovecot.conf or *.conf, and its content is not "
		    "plainly one of them; say which with --as main.cf, "
		    "--as master.cf or --as dovecot.conf");
	else
		diag_addf(dl, SEV_INFO, fsroot_display(fr, path), 0, 0,
		    "read as %s, by its content (--as %s says so outright)",
		    k == INPUT_MAIN_CF ? "main.cf" : k == INPUT_MASTER_CF ?
		    "master.cf" : "Dovecot configuration",
		    k == INPUT_MAIN_CF ? "main.cf" : k == INPUT_MASTER_CF ?
		    "master.cf" : "dovecot.conf");
	return k;
}

/* kind_named - what --as, the project configuration's as: or the name
 * says a file is (INPUT_UNKNOWN: only its content can tell) */
static enum input_kind
kind_named(struct fsroot *fr, const char *path, const struct inputs_opts *o)
{
	const char	*cfg;

	if (o->as != NULL)
		return inputs_kind_parse(o->as);
	cfg = o->kind_for != NULL ? o->kind_for(o->kind_ctx,
	    fsroot_display(fr, path)) : NULL;
	return cfg != NULL ? inputs_kind_parse(cfg) : inputs_kind_by_name(path);
}

static void
read_file(struct model *m, struct fsroot *fr, const char *path,
    const struct inputs_opts *o, struct diag_list *dl)
{
	enum input_kind	k = kind_named(fr, path, o);

	if (k == INPUT_UNKNOWN &&
	    (k = sniff(fr, path, o, dl)) == INPUT_UNKNOWN)
		return;
	if (k == INPUT_DOVECOT) {
		read_dovecot(m, fr, path, dl);
		return;
	}
	if (m->pf.dir == NULL)
		m->pf.dir = model_strdup(m, fsroot_display(fr,
		    fsroot_dirname(fr, path)));
	read_pf(m, fr, path, k == INPUT_MAIN_CF, dl);
}

/*
 * args_replace - the Postfix files that file arguments stand for (by --as
 * or by name): with --postfix-dir, a rendered master.cf checked under a
 * temporary name replaces the directory's master.cf, not joins it.
 */
static unsigned
args_replace(struct fsroot *fr, const struct inputs_opts *o)
{
	unsigned	skip = 0;
	int		i;

	for (i = 0; i < o->n_paths; i++) {
		const char	*p = fsroot_user_path(fr, o->paths[i]);
		enum input_kind	 k;

		if (fsroot_is_dir(fr, p))
			continue;
		k = kind_named(fr, p, o);
		if (k == INPUT_MAIN_CF)
			skip |= SKIP_MAIN;
		else if (k == INPUT_MASTER_CF)
			skip |= SKIP_MASTER;
	}
	return skip;
}

const char *
inputs_host_root(const struct inputs_opts *o)
{
	char		buf[4096];

	if (o->n_paths != 1 || o->postfix_dir != NULL || o->dovecot_conf != NULL)
		return NULL;
	/* Before any root exists: a plain look at the command-line path. */
	snprintf(buf, sizeof(buf), "%s/etc/postfix", o->paths[0]);
	if (datafile_is_dir(buf))
		return o->paths[0];
	snprintf(buf, sizeof(buf), "%s/etc/dovecot", o->paths[0]);
	if (datafile_is_dir(buf))
		return o->paths[0];
	return NULL;
}

int
inputs_load(struct model *m, struct fsroot *fr, const struct inputs_opts *o,
    struct diag_list *dl)
{
	int		i;
	struct version	v;
	size_t		from = dl->len, k;
	bool		said = false;

	/* Dovecot 2.3 and 2.4.1 (observed with their doveconf) read
	 * "key = <<X" as "<" and the file "<X"; heredocs came with 2.4.5. */
	m->dc.heredocs = -1;
	if (o->dc_version != NULL && version_parse(o->dc_version, &v) == 0)
		m->dc.heredocs = version_at_least(&v, "2.4.5");
	if (o->n_paths == 0 || o->postfix_dir != NULL || o->dovecot_conf != NULL) {
		const char	*pd = fsroot_user_path(fr, o->postfix_dir != NULL ?
		    o->postfix_dir : "/etc/postfix");
		const char	*dc = fsroot_user_path(fr, o->dovecot_conf != NULL ?
		    o->dovecot_conf : "/etc/dovecot/dovecot.conf"), *p;

		if (o->n_paths == 0 && o->postfix_dir == NULL &&
		    o->dovecot_conf == NULL)
			read_openssl(m, fr, fsroot_user_path(fr, "/"), dl);
		if (o->postfix_dir != NULL || o->n_paths == 0) {
			if (o->postfix_dir != NULL && !fsroot_is_dir(fr, pd))
				diag_addf(dl, SEV_ERROR, o->postfix_dir, 0, 0,
				    "no such directory");
			else
				read_postfix_dir_but(m, fr, pd,
				    args_replace(fr, o), dl);
		}
		if (o->dovecot_conf == NULL && !exists(fr, dc) &&
		    (p = find_file(fr, fsroot_dirname(fr, dc), "dovecot.conf")) != NULL)
			dc = p;	/* a template such as dovecot.conf.tpl */
		if (o->dovecot_conf != NULL || o->n_paths == 0) {
			if (exists(fr, dc))
				read_dovecot(m, fr, dc, dl);
			else if (refused_link(fr, dc, dl) ||
			    refused_link(fr, fsroot_dirname(fr, dc), dl))
				;
			else if (o->dovecot_conf != NULL)
				diag_addf(dl, SEV_ERROR, o->dovecot_conf, 0, 0,
				    "no such file");
		}
	}
	for (i = 0; i < o->n_paths; i++) {
		const char	*p = fsroot_user_path(fr, o->paths[i]);

		if (fsroot_is_dir(fr, p))
			read_dir(m, fr, p, dl);
		else if (exists(fr, p))
			read_file(m, fr, p, o, dl);
		else if (!refused_link(fr, p, dl))
			diag_addf(dl, SEV_ERROR, o->paths[i], 0, 0,
			    "no such file or directory");
	}
	for (k = from; k < dl->len; k++)
		if (dl->v[k].sev == SEV_ERROR)
			said = true;
	if (!m->pf.present && !m->dc.present) {
		/* One line: the arguments' own error says it all. */
		if (said)
			return -1;
		diag_add(dl, SEV_ERROR, NULL, "no Postfix or Dovecot configuration "
		    "found%s", o->n_paths == 0 ? " in /etc/postfix or "
		    "/etc/dovecot/dovecot.conf" : "");
		return -1;
	}
	return 0;
}
