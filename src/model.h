/* SPDX-License-Identifier: MIT */
/*
 * model - the raw configuration of one host, as written, with origins.
 *
 * The parsers fill it; resolve computes effective values from it.  It
 * holds explicit settings only (no defaults), each with its file, first
 * line, column and the byte span of its value, so that findings and fixes
 * can point at the exact text.  Everything lives in model->arena and dies
 * with model_free().
 *
 * Layer 1 (model): above the core; every layer above builds on it.
 */
#ifndef MAILLINT_MODEL_H
#define MAILLINT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "diag.h"
#include "hmap.h"

struct arena;

/* The two products maillint reads. */
enum product {
	PRODUCT_POSTFIX,
	PRODUCT_DOVECOT
};

/* product_name - "postfix" or "dovecot" */
const char	*product_name(enum product p);

/* setting flags */
#define SET_FILE_VALUE	0x01	/* Dovecot "key = <file": value is "<path" */
#define SET_QUOTED	0x02	/* Dovecot value was quoted */
#define SET_TEMPLATE	0x04	/* value holds template placeholders: unknown */
#define SET_VARIABLE	0x08	/* Dovecot value still holds $name tokens */
#define SET_FROM_INCLUDE 0x10	/* Dovecot: read from an included file */
#define SET_RAW_APART	0x20	/* the raw text follows the value's NUL
				 * (setting_raw; model_setting_text) */

/* One explicit assignment. */
struct setting {
	const char		*name;	/* key as written (case-sensitive) */
	const char		*value;	/* Postfix: raw logical-line text, $ unexpanded;
					 * Dovecot: unquoted, self-references expanded;
					 * the text exactly as in the file (continuations
					 * joined) is setting_raw() */
	const char		*scope;	/* "" (main.cf / Dovecot global), "submission/inet",
					 * "service imap-login/inet_listener imaps", "protocol imap" */
	struct loc		 loc;	/* file, first line, column of the name */
	unsigned		 end_line; /* last physical line of the assignment */
	unsigned		 flags;	/* SET_* */
	uint32_t		 val_off; /* byte offset of the value text in its file
					 * (files are at most 1 GiB: --max-file-size) */
	uint32_t		 val_len; /* byte length of that text (may span lines) */
	const struct setting	*prev;	/* earlier assignment it overrides, or NULL */
	uint32_t		 pos;	/* index in the owner's array (internal) */
	uint32_t		 seq;	/* Dovecot: order of assignment across all
					 * files and sections (boolean lists) */
};

/* A master.cf entry (a service), active or commented out. */
struct pf_service {
	const char	 *name;		/* field 1 as written: smtp, 127.0.0.1:10025, [::1]:25 */
	const char	 *type;		/* inet, unix, unix-dgram, fifo, pass */
	const char	 *private_;	/* fields 3..7 as written ("-" = default) */
	const char	 *unpriv;
	const char	 *chroot;
	const char	 *wakeup;
	const char	 *maxproc;
	const char	 *command;	/* field 8: the program, e.g. "smtpd" */
	const char	**argv;		/* the words after the command, { } groups as one word */
	size_t		  argc;
	const char	 *scope;	/* "name/type", the postconf -P name space */
	struct setting	**overrides;	/* -o name=value in order of appearance */
	size_t		  n_overrides;
	struct hmap	 *ov_index;	/* name -> winning override, built past 8 -o
					 * (NULL before) */
	uint64_t	  ov_filter;	/* a bit per -o name (model.c), for misses */
	struct loc	  loc;		/* first line of the entry */
	unsigned	  end_line;	/* last physical line */
	const unsigned	 *lines;	/* the physical lines that hold its text, in order,
					 * loc.line first and end_line last: the comment and
					 * blank lines between are not in it (for a commented
					 * entry, the commentary that is not part of it) */
	size_t		  n_lines;
	bool		  commented;	/* a "#service type ..." block, remembered for fixes */
	bool		  superseded;	/* a later entry with the same name/type wins */
	bool		  opt_broken;	/* a "#" word stopped -o parsing (postconf ignores later -o) */
};

struct pf_model {
	bool		  present;	/* a Postfix configuration was found */
	const char	 *dir;		/* display path of the config directory */
	const char	 *main_file;	/* display path, NULL when absent */
	const char	 *master_file;	/* display path, NULL when absent */
	struct hmap	  main_index;	/* name -> winning setting; its entries are
					 * in order of first appearance
					 * (model_pf_main) */
	struct pf_service **services;	/* active entries, in file order (superseded included) */
	size_t		  n_services;
	struct pf_service **commented;	/* commented-out entries */
	size_t		  n_commented;
	struct hmap	  svc_index;	/* "name/type" -> winning active service */
};

/* A Dovecot section or filter; the root section has type "". */
struct dc_section {
	const char		 *type;		/* "service", "inet_listener", "protocol", ... */
	const char		 *name;		/* "imap-login", "imaps", "" when unnamed */
	const char		 *scope;	/* path from the root: "service imap-login/inet_listener imaps" */
	bool			  filter;	/* protocol, local, remote, local_name */
	struct dc_section	 *parent;
	struct dc_section	**children;	/* in order of first appearance */
	size_t			  n_children;
	struct hmap		  child_index;	/* "type name" -> merged child (internal) */
	struct setting		**settings;	/* winners, in order of first appearance */
	size_t			  n_settings;
	struct hmap		  index;	/* key -> winning setting */
	struct loc		  loc;		/* where the section first opened */
};

struct dc_model {
	bool		  present;
	const char	 *conf_file;	/* display path of dovecot.conf */
	struct dc_section *root;
	const char	**files;	/* display paths of every file read, in order */
	size_t		  n_files;
	const char	**empty_globs;	/* !include_try patterns that matched nothing */
	size_t		  n_empty_globs;
	size_t		  n_settings;	/* count, for limits */
	const struct setting *first;	/* the first setting read (2.4 wants dovecot_config_version) */
	int		  heredocs;	/* target Dovecot reads "key = <<END"
					 * heredocs: 1 yes, 0 no (--dovecot-
					 * version), -1 unknown: only in a 2.4
					 * config (dovecot_config_version) */
};

/* The host's OpenSSL configuration: etc/ssl/openssl.cnf (Debian) or
 * etc/pki/tls/openssl.cnf (RHEL crypto-policies), with its .include
 * files.  Settings are keyed "section\001name"; scope is the section. */
struct ossl_model {
	bool		 present;
	const char	*file;		/* display path of the main file */
	struct hmap	 index;		/* "section\001name" -> last struct setting */
	size_t		 n_settings;
};

struct model {
	struct arena	*arena;
	struct pf_model	 pf;
	struct dc_model	 dc;
	struct ossl_model ossl;
};

/* model_ossl_get - the host OpenSSL setting name of section, or NULL */
const struct setting *model_ossl_get(const struct model *m,
		    const char *section, const char *name);

/* setting_raw - the value text exactly as in the file (continuations
 * joined): the value itself, unless it was unquoted or expanded */
static inline const char *
setting_raw(const struct setting *s)
{
	return (s->flags & SET_RAW_APART) ? s->value + strlen(s->value) + 1 :
	    s->value;
}

/* model_new - empty model; free with model_free() */
struct model	*model_new(void);
void		 model_free(struct model **m);
/*
 * model_setting_text - s's value and, when it differs (NULL: it does not),
 * its raw text, copied into the model arena together
 */
void		 model_setting_text(struct model *m, struct setting *s,
		    const char *value, const char *raw);
/* model_intern - copy a string into the model arena */
const char	*model_strdup(struct model *m, const char *s);
const char	*model_strndup(struct model *m, const char *s, size_t n);

/*
 * model_pf_set - record a main.cf assignment (last one wins; the earlier
 * one stays reachable through ->prev).  Strings must be arena-owned.
 */
struct setting	*model_pf_set(struct model *m, struct setting *s);
/* model_pf_n_main - main.cf names set; model_pf_main - the winning
 * setting of the i-th, in order of first appearance */
static inline size_t
model_pf_n_main(const struct model *m)
{
	return m->pf.main_index.len;
}

static inline struct setting *
model_pf_main(const struct model *m, size_t i)
{
	return m->pf.main_index.ents[i].val;
}

/* model_pf_get - winning main.cf setting, or NULL */
const struct setting *model_pf_get(const struct model *m, const char *name);
/*
 * model_pf_reserve - room for n more main.cf names (a parser that knows
 * how many lines it has)
 */
void		 model_pf_reserve(struct model *m, size_t n);
/*
 * model_pf_count - Postfix settings in the model, as --max-settings counts
 * them: main.cf assignments, master.cf entries and their -o options
 */
size_t		 model_pf_count(const struct model *m);
/* model_pf_add_service - append a master.cf entry (arena-owned) */
void		 model_pf_add_service(struct model *m, struct pf_service *svc);
/* model_pf_add_override - append a -o to svc */
void		 model_pf_add_override(struct model *m, struct pf_service *svc,
		    struct setting *s);
/* model_pf_override - winning -o for name in svc, or NULL */
const struct setting *model_pf_override(const struct pf_service *svc,
		    const char *name);
/* model_pf_service - the winning active service "name/type", or NULL */
const struct pf_service *model_pf_service(const struct model *m,
		    const char *name, const char *type);

/* model_dc_root - the root section, created on first use */
struct dc_section *model_dc_root(struct model *m);
/*
 * model_dc_section - child of parent with this type and name, created when
 * absent (a repeated "type name" merges into the first, as Dovecot does;
 * unnamed sections other than filters are always new).
 */
struct dc_section *model_dc_section(struct model *m, struct dc_section *parent,
		    const char *type, const char *name, const struct loc *loc);
/* model_dc_set - record an assignment in sec (last one wins) */
struct setting	*model_dc_set(struct model *m, struct dc_section *sec,
		    struct setting *s);
/* model_dc_get - winning setting of key directly in sec, or NULL */
const struct setting *model_dc_get(const struct dc_section *sec, const char *key);
/* model_dc_find - child section by type and name, or NULL */
struct dc_section *model_dc_find(const struct dc_section *parent,
		    const char *type, const char *name);

#endif
