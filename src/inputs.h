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

#include <stddef.h>

struct model;
struct fsroot;
struct diag_list;
struct defaults;

/* What a file argument is. */
enum input_kind {
	INPUT_UNKNOWN,
	INPUT_MAIN_CF,
	INPUT_MASTER_CF,
	INPUT_DOVECOT
};

struct inputs_opts {
	const char	*postfix_dir;	/* --postfix-dir, or NULL */
	const char	*dovecot_conf;	/* --dovecot-conf, or NULL */
	char		**paths;	/* PATH arguments */
	int		  n_paths;
	const char	*dc_version;	/* --dovecot-version, or NULL */
	const char	*as;		/* --as KIND for the file arguments, or NULL */
	/* the project configuration's "as" kind for a path, or NULL */
	const char	*(*kind_for)(const void *ctx, const char *path);
	const void	*kind_ctx;
	/* Known setting names, to recognise a file by its content */
	const struct defaults *pf_names;
	const struct defaults *dc_names;
	const struct defaults *dc_gone;
};

/* inputs_kind_parse - "main.cf", "master.cf", "dovecot.conf" */
enum input_kind	inputs_kind_parse(const char *s);
/* inputs_kind_by_name - by the file name (template suffixes allowed), or
 * INPUT_UNKNOWN */
enum input_kind	inputs_kind_by_name(const char *path);
/*
 * inputs_kind_by_content - by what the text holds: master.cf service
 * lines, known main.cf names, or Dovecot sections, includes and names;
 * INPUT_UNKNOWN when it holds none of them or more than one kind
 */
enum input_kind	inputs_kind_by_content(const char *data, size_t len,
		    const struct inputs_opts *o);

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
