/* SPDX-License-Identifier: MIT */
/*
 * rules_schema - check a rule file's YAML tree against the schema and
 * build the rules (the schema is documented in rules/README.md).
 *
 * Every mapping kind (the file, a rule, a fix alternative, add_service,
 * add_listener; conditions in rules_load_cond.c) has a static table of
 * { key, type, required, offset } (Dovecot's setting_define), so one
 * generic check (rules_check.c) catches unknown, duplicate and missing
 * keys and wrong value types, at the node's line:col.  A rule with any error is not
 * added; checking goes on so that one run reports every problem.
 *
 * Does not: evaluate anything (cond.c, eval.c) or touch libyaml
 * (rules.c).
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "placeholder.h"
#include "rules_int.h"


/* The rule mapping. */
struct rule_nodes {
	const struct rnode	*id, *title, *severity, *product, *subject;
	const struct rnode	*settings, *select, *when, *blame, *message;
	const struct rnode	*rationale, *references, *profiles, *fix;
};

#define RF(k, t, req) { #k, t, req, offsetof(struct rule_nodes, k), 0, 0, \
	NULL }
static const struct field rule_fields[] = {
	RF(id, FT_STR, true), RF(title, FT_STR, true),
	RF(severity, FT_STR, true), RF(product, FT_STR, true),
	RF(subject, FT_STR, true), RF(settings, FT_STRSEQ, false),
	RF(select, FT_MAP, false), RF(when, FT_MAP, false),
	RF(blame, FT_STR, false), RF(message, FT_STR, true),
	RF(rationale, FT_STR, true), RF(references, FT_STRSEQ, true),
	RF(profiles, FT_STRSEQ, false), RF(fix, FT_SEQ, true),
};
#undef RF

/* A fix alternative and its action mappings. */
struct fix_nodes {
	const struct rnode	*versions, *set, *add_service, *add_listener;
	const struct rnode	*text;
	/* add_service */
	const struct rnode	*name, *type, *command, *aliases, *options;
	/* add_listener */
	const struct rnode	*service, *port, *ssl;
};

#define FF(k, t, req) { #k, t, req, offsetof(struct fix_nodes, k), 0, 0, \
	NULL }
static const struct field fix_fields[] = {
	FF(versions, FT_STR, false), FF(set, FT_STRMAP, false),
	FF(add_service, FT_MAP, false), FF(add_listener, FT_MAP, false),
	FF(text, FT_STR, false),
};
static const struct field svc_fields[] = {
	FF(name, FT_STR, true), FF(type, FT_STR, true),
	FF(command, FT_STR, true), FF(aliases, FT_STRS, false),
	FF(options, FT_STRMAP, false),
};
static const struct field lsn_fields[] = {
	FF(service, FT_STR, true), FF(name, FT_STR, true),
	FF(port, FT_INT, true), FF(ssl, FT_STR, false),
};
#undef FF

static const struct field file_fields[] = {
	{ "rules", FT_SEQ, true, 0, 0, 0, NULL },
};

/* check_text - placeholders of a message or fix value */
static void
check_text(struct rules_ld *ld, const struct rule *r, const struct rnode *n)
{
	const char	*bad;
	unsigned	 needs = 0;

	bad = placeholder_check(ld->a, n->value, &needs);
	if (bad != NULL) {
		rules_error(ld, n, "unknown placeholder %s (write {{ and }} "
		    "for literal braces)", bad);
		return;
	}
	if ((needs & PH_LISTENER) && r->subject != SUBJ_LISTENER)
		rules_error(ld, n, "listener placeholders need subject "
		    "listener");
	if ((needs & PH_CERT) && r->subject != SUBJ_CERT)
		rules_error(ld, n, "{cert.NAME} placeholders need subject "
		    "certificate");
	/* A certificate subject always blames the setting naming its file. */
	if ((needs & PH_SETTING) && r->subject != SUBJ_CERT &&
	    (r->blame == BLAME_LISTENER || (r->subject != SUBJ_SETTING &&
	    r->blame == BLAME_DEFAULT)))
		rules_error(ld, n, "{setting} and {value} need a blamed "
		    "setting (blame: NAME%s)", r->subject == SUBJ_LISTENER ?
		    " or tls_protocols" : "");
}

static void
load_kv(struct rules_ld *ld, const struct rule *r, const struct rnode *n,
    bool key_setting, struct kv **kv_r, size_t *n_r)
{
	size_t	i;

	*kv_r = arena_array(ld->a, n->n + 1, sizeof(**kv_r));
	*n_r = n->n;
	for (i = 0; i < n->n; i++) {
		/* set: {"{setting}": V} sets whichever setting was blamed;
		 * {"{replacement}": V} the name that replaces it. */
		if (key_setting && (strcmp(n->keys[i]->value, "{setting}") == 0 ||
		    strcmp(n->keys[i]->value, "{replacement}") == 0))
			check_text(ld, r, n->keys[i]);
		else if (!rules_valid_name(n->keys[i]->value))
			rules_error(ld, n->keys[i], "bad setting name \"%s\"",
			    n->keys[i]->value);
		check_text(ld, r, n->items[i]);
		(*kv_r)[i].name = n->keys[i]->value;
		(*kv_r)[i].value = n->items[i]->value;
	}
}

static void
load_add_service(struct rules_ld *ld, const struct rule *r,
    const struct rnode *n, struct fix_alt *fa)
{
	struct fix_nodes	fn;

	memset(&fn, 0, sizeof(fn));
	if (r->product != PRODUCT_POSTFIX)
		rules_error(ld, n, "add_service is for product postfix");
	if (rules_check_map(ld, n, svc_fields, sizeof(svc_fields) /
	    sizeof(svc_fields[0]), &fn, "add_service") != 0)
		return;
	fa->name = fn.name->value;
	fa->type = fn.type->value;
	fa->command = fn.command->value;
	if (fn.aliases != NULL)
		fa->aliases = rules_strs(ld, fn.aliases, &fa->n_aliases);
	if (fn.options != NULL)
		load_kv(ld, r, fn.options, false, &fa->kv, &fa->n_kv);
}

static void
load_add_listener(struct rules_ld *ld, const struct rule *r,
    const struct rnode *n, struct fix_alt *fa)
{
	struct fix_nodes	fn;
	long			port;

	memset(&fn, 0, sizeof(fn));
	if (r->product != PRODUCT_DOVECOT)
		rules_error(ld, n, "add_listener is for product dovecot");
	if (rules_check_map(ld, n, lsn_fields, sizeof(lsn_fields) /
	    sizeof(lsn_fields[0]), &fn, "add_listener") != 0)
		return;
	fa->service = fn.service->value;
	fa->name = fn.name->value;
	port = strtol(fn.port->value, NULL, 10);
	if (port < 1 || port > 65535)
		rules_error(ld, fn.port, "port must be 1..65535");
	fa->port = (unsigned)port;
	if (fn.ssl != NULL) {
		if (strcmp(fn.ssl->value, "yes") != 0 &&
		    strcmp(fn.ssl->value, "no") != 0)
			rules_error(ld, fn.ssl, "ssl must be \"yes\" or "
			    "\"no\"");
		fa->ssl = fn.ssl->value;
	}
}

/* load_fix_alt - one alternative: optional versions, exactly one action */
static void
load_fix_alt(struct rules_ld *ld, const struct rule *r, const struct rnode *n,
    struct fix_alt *fa)
{
	struct fix_nodes	fn;
	int			actions;

	memset(&fn, 0, sizeof(fn));
	if (rules_check_map(ld, n, fix_fields, sizeof(fix_fields) /
	    sizeof(fix_fields[0]), &fn, "fix alternative") != 0)
		return;
	actions = (fn.set != NULL) + (fn.add_service != NULL) +
	    (fn.add_listener != NULL) + (fn.text != NULL);
	if (actions != 1) {
		rules_error(ld, n, "a fix alternative needs exactly one of "
		    "set, add_service, add_listener, text");
		return;
	}
	if (fn.versions != NULL && verexpr_parse(ld->a,
	    fn.versions->value, &fa->ver) != 0)
		rules_error(ld, fn.versions, "bad version expression \"%s\"",
		    fn.versions->value);
	if (fn.set != NULL) {
		fa->kind = FK_SET;
		if (fn.set->n == 0)
			rules_error(ld, fn.set, "set needs at least one "
			    "setting");
		load_kv(ld, r, fn.set, true, &fa->kv, &fa->n_kv);
	} else if (fn.add_service != NULL) {
		fa->kind = FK_ADD_SERVICE;
		load_add_service(ld, r, fn.add_service, fa);
	} else if (fn.add_listener != NULL) {
		fa->kind = FK_ADD_LISTENER;
		load_add_listener(ld, r, fn.add_listener, fa);
	} else {
		fa->kind = FK_TEXT;
		check_text(ld, r, fn.text);
		fa->text = fn.text->value;
	}
}

static void
load_fix(struct rules_ld *ld, struct rule *r, const struct rnode *n)
{
	size_t	i;

	if (n->n == 0) {
		rules_error(ld, n, "fix needs at least one alternative");
		return;
	}
	r->fix = arena_array(ld->a, n->n, sizeof(*r->fix));
	r->n_fix = n->n;
	for (i = 0; i < n->n; i++)
		load_fix_alt(ld, r, n->items[i], &r->fix[i]);
}

/* enum_value - index of s in a NULL-terminated list, or -1 with an error */
static int
enum_value(struct rules_ld *ld, const struct rnode *n, const char *key,
    const char *const *names, const char *expect)
{
	int	i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(n->value, names[i]) == 0)
			return i;
	rules_error(ld, n, "%s must be %s, not \"%s\"", key, expect, n->value);
	return -1;
}

static void
load_id(struct rules_ld *ld, struct rule *r, const struct rnode *n)
{
	const struct rule	*old;
	const char		*p;

	r->id = n->value;
	for (p = r->id; (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	    *p == '-'; p++)
		;
	if (r->id[0] == '\0' || *p != '\0')
		rules_error(ld, n, "id \"%s\" must match [A-Z0-9-]+", r->id);
	else if ((old = hmap_get(&ld->rs->ids, r->id)) != NULL)
		rules_error(ld, n, "duplicate rule id \"%s\" (first defined at "
		    "%s:%u)", r->id, old->file, old->line);
}

static void
load_settings(struct rules_ld *ld, struct rule *r, const struct rnode *n)
{
	size_t	i;

	if (n->n == 0)
		rules_error(ld, n, "settings needs at least one name");
	r->settings = arena_array(ld->a, n->n + 1, sizeof(*r->settings));
	r->n_settings = n->n;
	for (i = 0; i < n->n; i++) {
		const char	*s = n->items[i]->value;

		r->settings[i].name = s;
		if (s[0] == '~')
		{
			r->settings[i].re = rules_compile_re(ld, s + 1,
			    n->items[i]);
			if (r->settings[i].re != NULL)
				re_prefilter_init(r->settings[i].re,
				    &r->settings[i].pf);
		}
		else if (strcmp(s, "*") != 0 && !rules_valid_name(s))
			rules_error(ld, n->items[i], "bad setting name "
			    "\"%s\"", s);
	}
}

static void
load_blame(struct rules_ld *ld, struct rule *r, const struct rnode *n)
{
	const char	*b = n->value;

	if (strcmp(b, "listener") == 0 || strcmp(b, "tls_protocols") == 0 ||
	    strcmp(b, "listener_tls") == 0) {
		if (r->subject != SUBJ_LISTENER)
			rules_error(ld, n, "blame: %s needs subject "
			    "listener", b);
		r->blame = strcmp(b, "listener") == 0 ? BLAME_LISTENER :
		    b[0] == 'l' ? BLAME_LISTENER_TLS : BLAME_TLS_PROTOCOLS;
	} else if (strcmp(b, "ciphers") == 0) {
		if (r->subject != SUBJ_LISTENER)
			rules_error(ld, n, "blame: ciphers needs subject "
			    "listener");
		r->blame = BLAME_CIPHERS;
	} else if (strcmp(b, "key") == 0) {
		if (r->subject != SUBJ_CERT)
			rules_error(ld, n, "blame: key needs subject "
			    "certificate");
		r->blame = BLAME_CERT_KEY;
	} else if (r->subject == SUBJ_CERT) {
		rules_error(ld, n, "blame of subject certificate must be key "
		    "(or omitted: the setting naming the file), not \"%s\"",
		    b);
	} else if (strcmp(b, "self") == 0) {
		if (r->subject != SUBJ_SETTING)
			rules_error(ld, n, "blame: self needs subject setting");
		r->blame = BLAME_SELF;
	} else if (rules_valid_name(b)) {
		r->blame = BLAME_SETTING;
		r->blame_name = b;
	} else
		rules_error(ld, n, "blame must be listener, listener_tls, "
		    "tls_protocols, ciphers, self, key or a setting name, "
		    "not \"%s\"", b);
}

static void
load_profiles(struct rules_ld *ld, struct rule *r, const struct rnode *n)
{
	static const char *const names[] = { "default",
	    "mozilla-intermediate", "mozilla-modern", NULL };
	size_t	i;
	int	p;

	if (n == NULL) {
		r->profiles = PROF_ALL;
		return;
	}
	if (n->n == 0)
		rules_error(ld, n, "profiles needs at least one profile");
	for (i = 0; i < n->n; i++)
		if ((p = enum_value(ld, n->items[i], "a profile", names,
		    "default, mozilla-intermediate or mozilla-modern")) >= 0)
			r->profiles |= 1u << p;
}

/* load_facts - the keys that describe the rule: id .. subject */
static void
load_facts(struct rules_ld *ld, struct rule *r, const struct rule_nodes *rn)
{
	static const char *const sevs[] = { "info", "warning", "error", NULL };
	static const char *const prods[] = { "postfix", "dovecot", NULL };
	static const char *const subjs[] = { "listener", "setting", "config",
	    "certificate", "syntax", NULL };
	int	v;

	load_id(ld, r, rn->id);
	r->title = rn->title->value;
	/* enum sev is SEV_INFO, SEV_WARN, SEV_ERROR: the order of sevs[]. */
	if ((v = enum_value(ld, rn->severity, "severity", sevs,
	    "error, warning or info")) >= 0)
		r->sev = (enum sev)v;
	if ((v = enum_value(ld, rn->product, "product", prods,
	    "postfix or dovecot")) >= 0)
		r->product = v == 0 ? PRODUCT_POSTFIX : PRODUCT_DOVECOT;
	if ((v = enum_value(ld, rn->subject, "subject", subjs,
	    "listener, setting, config or certificate")) >= 0)
		r->subject = (enum subject)v;
	else
		r->subject = SUBJ_CONFIG;
}

/* load_rule - one rule; added to rs when it has no error */
static void
load_rule(struct rules_ld *ld, const struct rnode *n)
{
	struct rule_nodes	 rn;
	struct rule		*r;
	struct cond_env		 env;
	unsigned		 before = ld->errors;

	memset(&rn, 0, sizeof(rn));
	if (rules_check_map(ld, n, rule_fields, sizeof(rule_fields) /
	    sizeof(rule_fields[0]), &rn, "rule") != 0)
		return;
	r = arena_alloc(ld->a, sizeof(*r));
	r->file = ld->file;
	r->line = n->line;
	r->sel_enabled = 1;
	r->sel_loopback = 0;
	load_facts(ld, r, &rn);
	if (r->subject == SUBJ_SETTING && rn.settings == NULL)
		rules_error(ld, n, "subject setting needs \"settings\"");
	else if (r->subject != SUBJ_SETTING && rn.settings != NULL)
		rules_error(ld, rn.settings, "settings is only for subject "
		    "setting");
	else if (rn.settings != NULL)
		load_settings(ld, r, rn.settings);
	if (rn.blame != NULL)
		load_blame(ld, r, rn.blame);
	memset(&env, 0, sizeof(env));
	env.subj = r->subject;
	env.product = r->product;
	/* A certificate's listener facts are those of the listener that
	 * serves it (none for a Dovecot local_name section: false). */
	env.listener = r->subject == SUBJ_LISTENER || r->subject == SUBJ_CERT;
	if (rn.select != NULL && r->subject != SUBJ_LISTENER)
		rules_error(ld, rn.select, "select is only for subject "
		    "listener");
	else if (rn.select != NULL) {
		env.select_top = true;
		env.sel_enabled = &r->sel_enabled;
		env.sel_loopback = &r->sel_loopback;
		r->select = rules_load_cond(ld, rn.select, &env);
		env.select_top = false;
	}
	/* A syntax rule fires on every syntax error; "when" may narrow it. */
	if (rn.when == NULL && r->subject != SUBJ_SYNTAX)
		rules_error(ld, n, "rule: missing required key \"when\"");
	else if (rn.when != NULL)
		r->when = rules_load_cond(ld, rn.when, &env);
	r->message = rn.message->value;
	check_text(ld, r, rn.message);
	r->rationale = rn.rationale->value;
	r->refs = rules_strs(ld, rn.references, &r->n_refs);
	if (r->n_refs == 0)
		rules_error(ld, rn.references, "references needs at least "
		    "one entry");
	load_profiles(ld, r, rn.profiles);
	load_fix(ld, r, rn.fix);
	if (ld->errors != before)
		return;
	VEC_GROW(ld->rs->v, ld->rs->len, ld->rs->cap);
	ld->rs->v[ld->rs->len++] = r;
	hmap_put(&ld->rs->ids, r->id, r);
}

int
rules_schema_file(struct ruleset *rs, const char *file,
    const struct rnode *root, struct diag_list *dl)
{
	struct rules_ld		 ld;
	const struct rnode	*rules = NULL;
	size_t			 i;

	memset(&ld, 0, sizeof(ld));
	ld.rs = rs;
	ld.a = rs->arena;
	ld.file = file;
	ld.dl = dl;
	if (rules_check_map(&ld, root, file_fields, 1, &rules,
	    "a rule file") != 0)
		return -1;
	for (i = 0; i < rules->n; i++) {
		if (rules->items[i]->kind != RN_MAP)
			rules_error(&ld, rules->items[i], "a rule must be a "
			    "mapping");
		else
			load_rule(&ld, rules->items[i]);
	}
	return ld.errors ? -1 : 0;
}
