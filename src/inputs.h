/* SPDX-License-Identifier: MIT */
/*
 * inputs - decide what to read from the command line and read it into a
 * model: the default /etc/postfix + /etc/dovecot/dovecot.conf, directory
 * arguments (a Postfix config dir, a Dovecot config dir, a directory with
 * postfix/ and dovecot/ below it, or a host snapshot with etc/), and file
 * arguments (main.cf, master.cf, dovecot.conf, conf.d files, templates).
 */
#ifndef MAILLINT_INPUTS_H
#define MAILLINT_INPUTS_H

struct model;
struct fsroot;
struct diag_list;

struct inputs_opts {
	const char	*postfix_dir;	/* --postfix-dir, or NULL */
	const char	*dovecot_conf;	/* --dovecot-conf, or NULL */
	char		**paths;	/* PATH arguments */
	int		  n_paths;
	const char	*dc_version;	/* --dovecot-version, or NULL */
};

/*
 * inputs_load - read everything into m.  Returns 0 when at least one
 * configuration file was read, -1 when nothing could be read (a
 * diagnostic says why; the caller exits 2).
 */
int	inputs_load(struct model *m, struct fsroot *fr,
	    const struct inputs_opts *o, struct diag_list *dl);

/*
 * inputs_host_root - when no --root is given and the only PATH is a host
 * snapshot (a directory holding etc/postfix or etc/dovecot), return that
 * directory so the caller confines reading to it; else NULL.
 */
const char *inputs_host_root(const struct inputs_opts *o);

#endif
