/* SPDX-License-Identifier: MIT */
/*
 * parse - the three configuration parsers.
 *
 * Each reads through fsroot, records settings with origins in the model
 * and appends diagnostics; none ever exits.  They return 0 when the file
 * was read (even with syntax errors, which are diagnostics), -1 when it
 * could not be read at all (also a diagnostic).  The *_buf variants parse
 * a buffer already in memory (tests, fuzzing, stdin); `display` is the
 * name used in locations.
 *
 * Layer 3 (parsers): template, lineread, parse_postfix_*, dovecot_line,
 * dovecot_filter, parse_dovecot_include, parse_dovecot; they use the model
 * and fsroot, never resolve or anything above.
 */
#ifndef MAILLINT_PARSE_H
#define MAILLINT_PARSE_H

#include <stddef.h>

struct model;
struct fsroot;
struct diag_list;

/* main.cf: path is a root path (see fsroot.h) */
int	parse_postfix_main(struct model *m, struct fsroot *fr, const char *path,
	    struct diag_list *dl);
int	parse_postfix_main_buf(struct model *m, const char *display,
	    const char *data, size_t len, size_t max_line, struct diag_list *dl);

/* master.cf */
int	parse_postfix_master(struct model *m, struct fsroot *fr, const char *path,
	    struct diag_list *dl);
int	parse_postfix_master_buf(struct model *m, const char *display,
	    const char *data, size_t len, size_t max_line, struct diag_list *dl);

/*
 * dovecot.conf and everything it includes.  Includes and "<file" paths
 * resolve through fr (inside the root), relative ones against the
 * including file's directory.  For the _buf variant, path is the root path
 * the buffer stands for (its directory anchors relative includes).
 */
/*
 * parse_openssl - the host's OpenSSL configuration file (and its
 * .include files) into m->ossl.  Returns -1 when the file cannot be read.
 */
int	parse_openssl(struct model *m, struct fsroot *fr, const char *path,
	    struct diag_list *dl);
int	parse_dovecot(struct model *m, struct fsroot *fr, const char *path,
	    struct diag_list *dl);
int	parse_dovecot_buf(struct model *m, struct fsroot *fr, const char *path,
	    const char *data, size_t len, struct diag_list *dl);

#endif
