/* SPDX-License-Identifier: MIT */
/*
 * rules_int - what the rule loader's files share (rules*.c): the generic
 * YAML tree, the rule set's container, the schema tables' types and the
 * loader's helpers.  Not for other modules: they use rules.h (the loader's
 * API) and rule.h (the compiled rules, read-only).
 *
 * Layer: the loader depends on rule.h, verexpr, placeholder (the table of
 * names) and the leaves below them; nothing of the evaluation (cond, fix,
 * eval) and nothing of resolve.
 */
#ifndef MAILLINT_RULES_INT_H
#define MAILLINT_RULES_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "hmap.h"
#include "rule.h"

struct strbuf;
#include "rules.h"

struct arena;

/* Nesting and size bounds for rule files (hostile YAML, alias bombs). */
#define RULES_MAX_DEPTH		64
#define RULES_MAX_NODES		200000
#define RULES_MAX_FILE		(4u * 1024 * 1024)
#define RULES_MAX_FILES		1000	/* *.yaml files in one directory */

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

struct ruleset {
	struct arena	 *arena;
	struct rule	**v;
	size_t		  len;
	size_t		  cap;
	struct hmap	  ids;		/* id -> rule */
	pcre2_code	**re;		/* compiled, for rules_free() */
	size_t		  n_re;
	size_t		  cap_re;
	struct hmap	  re_src;	/* pattern text -> its compiled code:
					 * a pattern used by several rules is
					 * compiled once */
};

/* Loader context for one rule file (rules_schema.c, rules_load_cond.c). */
struct rules_ld {
	struct ruleset		*rs;
	struct arena		*a;
	const char		*file;	/* display path, arena-owned */
	struct diag_list	*dl;
	unsigned		 errors;
	const struct field	*cond_fields;	/* condition keys, listener facts included */
	size_t			 n_cond_fields;
	size_t			 cond_first_op;	/* index of the first operator */
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
	const struct listener_fact *fact; /* C_FACT: the fact (facts.h) */
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
/*
 * rules_cache_load - when dir/rules.cache (rules_cache.c) was compiled
 * from exactly the n files names of dir (each the same size and
 * modification time, else the same text), add their rules from it and
 * return 1 (*rc_r -1 if a rule was refused); 0 when there is no such
 * cache or it does not match: the caller reads the YAML.  A cache that
 * is there but cannot be read (a FIFO, a directory, too large) is an
 * error: 1 with *rc_r -1 and a diagnostic.
 */
int		 rules_cache_load(struct ruleset *rs, const char *dir,
		    char *const *names, size_t n, struct diag_list *dl,
		    int *rc_r);
int		 rules_schema_file(struct ruleset *rs, const char *file,
		    const struct rnode *root, struct diag_list *dl);
/* rules_add_re - record re, compiled from pattern (a string the rule set
 * keeps), for rules_free() and rules_find_re() */
void		 rules_add_re(struct ruleset *rs, const char *pattern,
		    pcre2_code *re);
/* rules_find_re - the code already compiled from pattern, or NULL */
pcre2_code	*rules_find_re(const struct ruleset *rs, const char *pattern);

/* rules_load_cond.c: conditions and TLS version names. */
struct cond	*rules_load_cond(struct rules_ld *ld, const struct rnode *n,
		    const struct cond_env *env);
/* rules_compile_re - PCRE2 compile; NULL with a diagnostic at `at` */
pcre2_code	*rules_compile_re(struct rules_ld *ld, const char *pattern,
		    const struct rnode *at);
/* rules_version_bit - "TLSv1.1" -> TLSV_TLSv1_1 (any case); 0 if unknown */
unsigned	 rules_version_bit(const char *name);

/* rules_summary.c: the one-line --list-rules summary of a rule's fix. */
void		 rules_fix_summary(struct strbuf *out, const struct rule *r,
		    bool l10n);

#endif
