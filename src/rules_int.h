/* SPDX-License-Identifier: MIT */
/*
 * rules_int - what the rules module's files share (rules.c, rules_schema.c,
 * rules_cond.c, eval.c, fix.c): the rule, condition and fix structs, the
 * generic YAML tree rules.c hands to rules_schema.c, and the evaluation
 * subject.  Not for other modules: they use rules.h and eval.h.
 *
 * Everything a rule points to lives in the rule set's arena, except the
 * compiled PCRE2 patterns, which the rule set also records so that
 * rules_free() can release them.
 */
#ifndef MAILLINT_RULES_INT_H
#define MAILLINT_RULES_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "hmap.h"
#include "resolve.h"
#include "rules.h"
#include "version.h"

struct arena;

/* Profiles, as a bit set. */
#define PROF_DEFAULT		0x01u
#define PROF_MOZ_INTERMEDIATE	0x02u
#define PROF_MOZ_MODERN		0x04u
#define PROF_ALL		0x07u

/* Nesting and size bounds for rule files (hostile YAML, alias bombs). */
#define RULES_MAX_DEPTH		64
#define RULES_MAX_NODES		200000
#define RULES_MAX_FILE		(4u * 1024 * 1024)

/*
 * A YAML node, converted from libyaml's document by rules.c so that no
 * libyaml type leaves that file.  Locations are 1-based.
 */
enum rnode_kind {
	RN_SCALAR,
	RN_SEQ,
	RN_MAP
};

struct rnode {
	enum rnode_kind	  kind;
	const char	 *value;	/* RN_SCALAR: text */
	bool		  plain;	/* RN_SCALAR: unquoted (plain style) */
	unsigned	  line;
	unsigned	  col;
	struct rnode	**items;	/* RN_SEQ: items; RN_MAP: values */
	struct rnode	**keys;		/* RN_MAP: keys (scalars) */
	size_t		  n;
};

/* One term of a version expression: OP VERSION. */
enum ver_op {
	VOP_LT,
	VOP_LE,
	VOP_GT,
	VOP_GE,
	VOP_EQ,
	VOP_NE
};

struct ver_term {
	enum ver_op	op;
	struct version	v;
};

/* ">=2.3 <2.4": every term must hold. */
struct verexpr {
	const char	*text;		/* as written */
	struct ver_term	*t;
	size_t		 n;
};

/* A value operator (setting: / value:). */
enum op_kind {
	OP_PRESENT,
	OP_EQUALS,
	OP_IN,
	OP_MATCHES,
	OP_NOT_MATCHES,
	OP_HAS_WORD,
	OP_UNKNOWN,
	OP_LT,
	OP_LE,
	OP_GT,
	OP_GE,
	OP_TLS_ANY,		/* the value read as a TLS protocol setting */
	OP_TLS_ONLY,
	OP_TLS_INVALID
};

struct op {
	enum op_kind	  kind;
	bool		  b;		/* present, unknown */
	const char	 *str;		/* equals, has_word, regex source */
	const char	**list;		/* in */
	size_t		  n;
	pcre2_code	 *re;		/* matches, not_matches */
	long long	  num;		/* lt le gt ge */
	unsigned	  mask;		/* tls_accepts_*: TLSV_* */
};

enum cond_kind {
	C_ALL,
	C_ANY,
	C_NOT,
	C_TLS,
	C_TLS_REQUIRED,
	C_TLS_INVALID,
	C_CERT_MISSING,
	C_AUTH,
	C_PLAINTEXT,
	C_ENABLED,
	C_LOOPBACK,
	C_PORT,
	C_PROTOCOL,
	C_SERVICE,
	C_ACCEPTS_ANY,
	C_ACCEPTS_ONLY,
	C_ACCEPTS_NOTHING,
	C_VERSION,
	C_SETTING,
	C_VALUE,
	C_LISTENER_EXISTS,
	C_PROTOCOL_ENABLED,
	C_DOVECOT_AUTH_SOCKET
};

/* tls: modes as a bit set */
#define TLSM_NONE	0x01u
#define TLSM_STARTTLS	0x02u
#define TLSM_IMPLICIT	0x04u

struct cond {
	enum cond_kind	  kind;
	struct cond	**sub;		/* all, any; not: sub[0] */
	size_t		  n_sub;
	bool		  b;		/* boolean facts */
	unsigned	  mask;		/* tls: TLSM_*; accepts_*: TLSV_* */
	unsigned	 *ports;
	const char	**words;	/* protocol, service */
	size_t		  n;		/* ports or words */
	struct verexpr	  ver;		/* version */
	const char	 *name;		/* setting, protocol_enabled */
	struct op	  op;		/* setting, value */
	unsigned	  line;
	unsigned	  col;
};

enum subject {
	SUBJ_LISTENER,
	SUBJ_SETTING,
	SUBJ_CONFIG
};

enum blame_kind {
	BLAME_DEFAULT,		/* listener / self / main file, by subject */
	BLAME_LISTENER,
	BLAME_TLS_PROTOCOLS,
	BLAME_SELF,
	BLAME_SETTING		/* blame_name */
};

/* A name = value pair of a fix. */
struct kv {
	const char	*name;
	const char	*value;
};

enum fix_kind {
	FK_SET,
	FK_ADD_SERVICE,
	FK_ADD_LISTENER,
	FK_TEXT
};

/* One fix alternative. */
struct fix_alt {
	struct verexpr	  ver;		/* n == 0: any version */
	enum fix_kind	  kind;
	struct kv	 *kv;		/* set; add_service options */
	size_t		  n_kv;
	const char	 *name;		/* service or listener name */
	const char	 *type;		/* add_service type */
	const char	 *command;	/* add_service command */
	const char	**aliases;	/* add_service */
	size_t		  n_aliases;
	const char	 *service;	/* add_listener */
	unsigned	  port;		/* add_listener */
	const char	 *ssl;		/* add_listener, or NULL */
	const char	 *text;		/* text */
};

/* A setting name pattern of a setting-subject rule. */
struct name_pat {
	const char	*name;		/* literal name, or the regex source */
	pcre2_code	*re;		/* "~regex" entries */
};

struct rule {
	const char	 *id;
	const char	 *title;
	enum sev	  sev;
	enum product	  product;
	enum subject	  subject;
	struct name_pat	 *settings;
	size_t		  n_settings;
	struct cond	 *select;	/* or NULL */
	int		  sel_enabled;	/* 1 enabled, 0 disabled, -1 any */
	int		  sel_loopback;	/* 1 loopback, 0 not, -1 any */
	struct cond	 *when;
	enum blame_kind	  blame;
	const char	 *blame_name;
	const char	 *message;
	const char	 *rationale;
	const char	**refs;
	size_t		  n_refs;
	unsigned	  profiles;	/* PROF_* */
	struct fix_alt	 *fix;
	size_t		  n_fix;
	const char	 *fix_summary;
	const char	 *file;
	unsigned	  line;
};

struct ruleset {
	struct arena	 *arena;
	struct rule	**v;
	size_t		  len;
	size_t		  cap;
	struct hmap	  ids;		/* id -> rule */
	pcre2_code	**re;		/* compiled, for rules_free() */
	size_t		  n_re;
	size_t		  cap_re;
};

/* Three-valued (Kleene) logic: a template placeholder is UNKNOWN. */
enum tri {
	TRI_FALSE,
	TRI_TRUE,
	TRI_UNKNOWN
};

/* A scratch copy of a regex subject with zeroed padding (rules_re_match). */
struct re_buf {
	char	*p;
	size_t	 cap;
};

/*
 * The thing a rule is being evaluated on, with its blamed setting once
 * eval.c has chosen it.  Shared by rules_cond.c, eval.c and fix.c.
 */
struct subject_ctx {
	const struct resolved	 *r;
	struct resolve_memo	 *memo;		/* the eval run's lookups */
	const struct rule	 *rule;
	const struct listener	 *l;		/* the listener, or NULL */
	const struct setting	 *self;		/* the visited setting */
	const struct pf_service	 *svc;		/* its master.cf entry */
	const char		 *self_value;	/* its effective value */
	bool			  self_unknown;
	pcre2_match_data	 *md;		/* one per eval run */
	pcre2_match_context	 *mctx;
	struct re_buf		 *rebuf;	/* one per eval run */
	/* Set by eval.c before the message and the fix are built. */
	const char		 *blame_name;	/* {setting} */
	const char		 *blame_value;	/* {value} */
	const struct setting	 *blame_origin;	/* NULL: a default, or none */
	bool			  blame_is_listener;
};

/* Loader context for one rule file (rules_schema.c, rules_load_cond.c). */
struct rules_ld {
	struct ruleset		*rs;
	struct arena		*a;
	const char		*file;	/* display path, arena-owned */
	struct diag_list	*dl;
	unsigned		 errors;
};

/* Value types of the schema tables. */
enum ftype {
	FT_STR,		/* a scalar */
	FT_BOOL,	/* true | false */
	FT_BOOLANY,	/* true | false | any (select only) */
	FT_INT,		/* a decimal integer */
	FT_STRS,	/* a scalar or a sequence of scalars */
	FT_INTS,	/* an integer or a sequence of integers */
	FT_STRSEQ,	/* a sequence of scalars */
	FT_SEQ,		/* a sequence */
	FT_MAP,		/* a mapping */
	FT_STRMAP	/* a mapping of scalars */
};

/*
 * One key of a mapping kind: the schema tables are static arrays of these,
 * so an unknown key anywhere is caught by one generic check.  off is the
 * offsetof() of the `const struct rnode *` member that receives the value.
 */
struct field {
	const char	*key;
	enum ftype	 type;
	bool		 required;
	size_t		 off;
	int		 kind;		/* cond tables: cond_kind / op_kind */
	unsigned	 flags;		/* condition tables: CK_* */
};

#define CK_LISTENER	0x01u	/* a listener fact */
#define CK_OP		0x02u	/* a value operator */
#define CK_BOOLFACT	0x04u	/* a boolean listener fact */

/* Where a condition is: what it may use. */
struct cond_env {
	enum subject	 subj;
	enum product	 product;
	bool		 listener;	/* listener facts allowed */
	bool		 select_top;	/* the top mapping of select */
	int		*sel_enabled;	/* select_top: receives enabled */
	int		*sel_loopback;	/* select_top: receives loopback */
};

/* rules_error - SEV_ERROR diagnostic at the node (or the file) */
void		 rules_error(struct rules_ld *ld, const struct rnode *at,
		    const char *fmt, ...) PRINTFLIKE(3, 4);
/*
 * rules_check_map - check n (a mapping) against a schema table: unknown,
 * duplicate and missing keys, value types.  Fills the rnode pointers of
 * out.  Returns the number of errors.
 */
unsigned	 rules_check_map(struct rules_ld *ld, const struct rnode *n,
		    const struct field *f, size_t nf, void *out,
		    const char *what);
/* rules_strs - the strings of a FT_STRS / FT_STRSEQ node, in ld's arena */
const char	**rules_strs(struct rules_ld *ld, const struct rnode *n,
		    size_t *n_r);
/* rules_valid_name - a setting name: [A-Za-z0-9_.-]+ */
bool		 rules_valid_name(const char *s);

/* rules_schema.c: YAML tree -> rules (diagnostics at file:line:col). */
/*
 * rules_yaml_tree - one YAML rule file to an rnode tree in rs's arena
 * (*tree_r NULL for an empty file); -1 with a diagnostic on a YAML error.
 */
int		 rules_yaml_tree(struct ruleset *rs, const char *file,
		    const char *data, size_t len, struct rnode **tree_r,
		    struct diag_list *dl);
/* rules_read_file - a rule file (regular, bounded) NUL-terminated, or NULL */
char		*rules_read_file(const char *path, size_t *len_r,
		    struct diag_list *dl);
/* rules_dir_list - sorted *.yaml names of dir (NULL-terminated), or NULL */
char		**rules_dir_list(const char *dir, size_t *n_r,
		    struct diag_list *dl);
/* rules_dir_path - "dir/name" (malloc'ed) */
char		*rules_dir_path(const char *dir, const char *name);
void		 rules_free_strv(char **v, size_t n);
/*
 * rules_cache_load - when dir/rules.cache (rules_cache.c) was compiled
 * from exactly these n files (names, sizes, contents), add their rules
 * from it and return 1 (*rc_r -1 if a rule was refused); 0 when there is
 * no such cache or it does not match: the caller reads the YAML.
 */
int		 rules_cache_load(struct ruleset *rs, const char *dir,
		    char *const *names, char *const *data, const size_t *len,
		    size_t n, struct diag_list *dl, int *rc_r);
int		 rules_schema_file(struct ruleset *rs, const char *file,
		    const struct rnode *root, struct diag_list *dl);
void		 rules_add_re(struct ruleset *rs, pcre2_code *re);

/* rules_load_cond.c: conditions, version expressions, placeholders. */
struct cond	*rules_load_cond(struct rules_ld *ld, const struct rnode *n,
		    const struct cond_env *env);
/* rules_compile_re - PCRE2 compile (+JIT); NULL with a diagnostic at `at` */
pcre2_code	*rules_compile_re(struct rules_ld *ld, const char *pattern,
		    const struct rnode *at);
/* rules_verexpr_parse - ">=3.6 <3.8"; -1 on a bad expression */
int		 rules_verexpr_parse(struct arena *a, const char *s,
		    struct verexpr *ve_r);
bool		 rules_verexpr_match(const struct verexpr *ve,
		    const struct version *v);
/* rules_version_bit - "TLSv1.1" -> TLSV_TLSv1_1 (any case); 0 if unknown */
unsigned	 rules_version_bit(const char *name);
/*
 * rules_placeholder_check - NULL when every {name} of tmpl is known, else
 * the first bad one ("{nme}", or "{" when unbalanced).  Sets the flags
 * when a listener placeholder or {setting}/{value} is used.
 */
const char	*rules_placeholder_check(struct arena *a, const char *tmpl,
		    bool *needs_listener_r, bool *needs_setting_r);

/* fix.c: the one-line --list-rules summary of a rule's fix. */
const char	*rules_fix_summary(struct arena *a, const struct rule *r);

/* rules_cond.c: evaluation (pure). */
enum tri	 rules_cond_eval(const struct cond *c, struct subject_ctx *s);
/*
 * rules_re_match - 1 match, 0 no match, -1 PCRE2 error (match limit).
 * PCRE2's JIT may load whole aligned words past the subject's end; the
 * subject is copied into buf, followed by zeroed padding, so those loads
 * read defined memory (valgrind stays quiet).
 */
int		 rules_re_match(const pcre2_code *re, const char *subject,
		    struct re_buf *buf, pcre2_match_data *md,
		    pcre2_match_context *mctx);
/*
 * rules_lookup - a setting as the subject sees it: on the listener, else
 * (Postfix) on the visited setting's master.cf entry, else globally.
 */
const struct eff *rules_lookup(struct subject_ctx *s, const char *name);
/* rules_target_version - the rule product's target version */
const struct version *rules_target_version(const struct resolved *r,
		    enum product p);

/* eval.c: placeholders ({scope}, {port}, ...) into the findings arena. */
const char	*eval_expand(struct arena *a, const char *tmpl,
		    const struct subject_ctx *s);

#endif
