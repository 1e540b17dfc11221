/* SPDX-License-Identifier: MIT */
/*
 * rules_load_cond - the condition part of the rule schema: `when`,
 * `select` and `listener_exists` mappings, value operators, version
 * TLS version names and PCRE2 compilation (version expressions are
 * verexpr.c's, placeholder names placeholder.c's).
 *
 * Conditions have one table of keys (type, kind, flags): the static keys
 * and operators here with the listener facts of facts.c between them,
 * checked by the generic rules_check_map(); several keys in one mapping become an
 * `all`.  Where a key may be used (listener facts, `value`,
 * `listener_exists`, `any` in select) is checked here too, so a rule that
 * loads can always be evaluated.  Regexes are compiled once, with JIT when
 * PCRE2 has it; a compile error is a diagnostic with PCRE2's message and
 * offset.
 */
#include "config.h"

#include <ctype.h>

#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "certfacts.h"
#include "facts.h"
#include "rules_int.h"
#include "tlsproto.h"

/* Listener facts a condition mapping may name (facts.c has fewer). */
#define FACTS_MAX	32

/* One rnode pointer per condition key. */
struct cond_nodes {
	const struct rnode	*all, *any, *not_;
	const struct rnode	*tls_invalid;
	const struct rnode	*version, *setting, *value, *listener_exists;
	const struct rnode	*protocol_enabled, *dovecot_auth_socket, *gone;
	const struct rnode	*dovecot_starts, *cert, *cipher_suites;
	/* operators */
	const struct rnode	*present, *equals, *in, *matches, *not_matches;
	const struct rnode	*has_word, *unknown, *lt, *le, *gt, *ge;
	const struct rnode	*tls_accepts_any, *tls_accepts_only;
	const struct rnode	*weak_ciphers;
	const struct rnode	*fact[FACTS_MAX];	/* listener facts, by table index */
};

#define CN(k, m, t, kind, fl) { k, t, false, offsetof(struct cond_nodes, m), \
	kind, fl, NULL }
/*
 * The keys that are not listener facts, then tls_invalid (a listener fact,
 * or the operator of `setting`), then the operators.  The listener facts
 * follow these in the table cond_table() builds from facts.c.
 */
static const struct field cond_fields[] = {
	CN("all", all, FT_SEQ, C_ALL, 0),
	CN("any", any, FT_SEQ, C_ANY, 0),
	CN("not", not_, FT_MAP, C_NOT, 0),
	CN("version", version, FT_STR, C_VERSION, 0),
	CN("setting", setting, FT_STR, C_SETTING, 0),
	CN("value", value, FT_MAP, C_VALUE, 0),
	CN("listener_exists", listener_exists, FT_MAP, C_LISTENER_EXISTS, 0),
	CN("protocol_enabled", protocol_enabled, FT_STR, C_PROTOCOL_ENABLED, 0),
	CN("dovecot_auth_socket", dovecot_auth_socket, FT_BOOL,
	    C_DOVECOT_AUTH_SOCKET, 0),
	CN("gone_in_target", gone, FT_STR, C_GONE, 0),
	CN("dovecot_starts", dovecot_starts, FT_BOOL, C_DOVECOT_STARTS, 0),
	CN("cert", cert, FT_MAP, C_CERT_FACT, 0),
	CN("cipher_suites", cipher_suites, FT_STR, C_CIPHERS, CK_LISTENER),
	CN("tls_invalid", tls_invalid, FT_BOOL, C_FACT,
	    CK_LISTENER | CK_BOOLFACT),
	CN("present", present, FT_BOOL, OP_PRESENT, CK_OP),
	CN("equals", equals, FT_STR, OP_EQUALS, CK_OP),
	CN("in", in, FT_STRS, OP_IN, CK_OP),
	CN("matches", matches, FT_STR, OP_MATCHES, CK_OP),
	CN("not_matches", not_matches, FT_STR, OP_NOT_MATCHES, CK_OP),
	CN("has_word", has_word, FT_STR, OP_HAS_WORD, CK_OP),
	CN("unknown", unknown, FT_BOOL, OP_UNKNOWN, CK_OP),
	CN("lt", lt, FT_INT, OP_LT, CK_OP),
	CN("le", le, FT_INT, OP_LE, CK_OP),
	CN("gt", gt, FT_INT, OP_GT, CK_OP),
	CN("ge", ge, FT_INT, OP_GE, CK_OP),
	CN("tls_accepts_any", tls_accepts_any, FT_STRS, OP_TLS_ANY, CK_OP),
	CN("tls_accepts_only", tls_accepts_only, FT_STRS, OP_TLS_ONLY, CK_OP),
	CN("weak_ciphers", weak_ciphers, FT_BOOL, OP_WEAK_CIPHERS, CK_OP),
};
#undef CN
#define N_COND_FIELDS	(sizeof(cond_fields) / sizeof(cond_fields[0]))
#define TLS_INVALID	13	/* index of "tls_invalid" */
#define FIRST_OP	14	/* index of "present": the operators follow */

/* field_type - the schema type of a listener fact's condition value */
static enum ftype
field_type(const struct listener_fact *f)
{
	switch (f->type) {
	case FACT_BOOL:
		return (f->flags & FACT_SELECT) != 0 ? FT_BOOLANY : FT_BOOL;
	case FACT_ACCEPTS_NOTHING:
		return FT_BOOL;
	case FACT_PORT:
		return FT_INTS;
	default:
		return FT_STRS;
	}
}

/*
 * cond_table - the keys of cond_fields, the listener facts of facts.c that
 * are condition keys (tls_invalid is in cond_fields already), then the
 * operators; built once per rule file in its arena.  Listener facts come
 * before the operators: rules name them far more often.
 */
static const struct field *
cond_table(struct rules_ld *ld)
{
	struct field	*t;
	size_t		 i, n = FIRST_OP;

	if (ld->cond_fields != NULL)
		return ld->cond_fields;
	assert(n_listener_facts <= FACTS_MAX);
	t = arena_array(ld->a, N_COND_FIELDS + n_listener_facts, sizeof(*t));
	memcpy(t, cond_fields, FIRST_OP * sizeof(*t));
	t[TLS_INVALID].fact = listener_fact_find(cond_fields[TLS_INVALID].key);
	for (i = 0; i < n_listener_facts; i++) {
		const struct listener_fact	*f = &listener_facts[i];

		if ((f->flags & FACT_COND) == 0 || f == t[TLS_INVALID].fact)
			continue;
		t[n].key = f->name;
		t[n].type = field_type(f);
		t[n].required = false;
		t[n].off = offsetof(struct cond_nodes, fact) +
		    i * sizeof(const struct rnode *);
		t[n].kind = C_FACT;
		t[n].flags = CK_LISTENER | (t[n].type == FT_BOOL ||
		    t[n].type == FT_BOOLANY ? CK_BOOLFACT : 0);
		t[n].fact = f;
		n++;
	}
	ld->cond_first_op = n;
	memcpy(t + n, cond_fields + FIRST_OP, (N_COND_FIELDS - FIRST_OP) *
	    sizeof(*t));
	ld->cond_fields = t;
	ld->n_cond_fields = n + N_COND_FIELDS - FIRST_OP;
	return t;
}

static unsigned	version_mask(struct rules_ld *ld, const struct rnode *n);

static const struct rnode *
slot_num(const void *nodes, const struct field *f)
{
	return *(const struct rnode *const *)(const void *)((const char *)nodes +
	    f->off);
}

static const struct rnode *
slot(const struct cond_nodes *cn, const struct field *f)
{
	return *(const struct rnode *const *)(const void *)((const char *)cn +
	    f->off);
}

pcre2_code *
rules_compile_re(struct rules_ld *ld, const char *pattern,
    const struct rnode *at)
{
	pcre2_code	*re;
	int		 err;
	PCRE2_SIZE	 off;
	PCRE2_UCHAR	 msg[256];

	/* The same pattern in several rules (postfix-relay.yaml has a
	 * few): compiled once, the code shared (matching only reads it). */
	if ((re = rules_find_re(ld->rs, pattern)) != NULL)
		return re;
	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &err,
	    &off, NULL);
	if (re == NULL) {
		pcre2_get_error_message(err, msg, sizeof(msg));
		rules_error(ld, at, "bad regular expression \"%s\": %s at "
		    "offset %zu", pattern, (const char *)msg, (size_t)off);
		return NULL;
	}
	/* No JIT: subjects are single setting values matched a few times
	 * per run, and JIT-compiling every pattern cost more (about 60,000
	 * instructions each) than all the matches it would speed up. */
	rules_add_re(ld->rs, pattern, re);
	return re;
}

void
re_prefilter_init(const pcre2_code *re, struct re_prefilter *pf)
{
	uint32_t		 opts = 0, minlen = 0, type = 0, unit = 0;
	const uint8_t		*map = NULL;
	int			 c;

	memset(pf, 0, sizeof(*pf));
	if (pcre2_pattern_info(re, PCRE2_INFO_MINLENGTH, &minlen) == 0)
		pf->minlen = minlen;
	if (pcre2_pattern_info(re, PCRE2_INFO_ALLOPTIONS, &opts) != 0 ||
	    (opts & PCRE2_ANCHORED) == 0 ||
	    pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODETYPE, &type) != 0)
		return;
	if (type == 1 &&
	    pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODEUNIT, &unit) == 0 &&
	    unit < 128) {
		/* Either case: an inline (?i) leaves no trace in the info. */
		c = (int)unit;
		pf->first[c >> 3] |= 1u << (c & 7);
		c = tolower(c);
		pf->first[c >> 3] |= 1u << (c & 7);
		c = toupper(c);
		pf->first[c >> 3] |= 1u << (c & 7);
		pf->first_on = true;
	} else if (type == 0 &&
	    pcre2_pattern_info(re, PCRE2_INFO_FIRSTBITMAP, &map) == 0 &&
	    map != NULL) {
		memcpy(pf->first, map, sizeof(pf->first));
		pf->first_on = true;
	}
}

unsigned
rules_version_bit(const char *name)
{
	unsigned	i;

	for (i = 0; i < TLSV_COUNT; i++)
		if (strcasecmp(name, tlsproto_name(i)) == 0)
			return 1u << i;
	return 0;
}

static struct cond *
new_cond(struct rules_ld *ld, enum cond_kind k, const struct rnode *at)
{
	struct cond	*c = arena_alloc(ld->a, sizeof(*c));

	c->kind = k;
	c->line = at->line;
	c->col = at->col;
	return c;
}

/* load_op - exactly one operator of cn into op */
static void
load_op(struct rules_ld *ld, const struct cond_nodes *cn,
    const struct rnode *at, const char *what, struct op *op)
{
	const struct rnode	*v = NULL;
	size_t			 i, count = 0;

	/* tls_invalid, just before the operators, is one here. */
	for (i = TLS_INVALID; i < N_COND_FIELDS; i++)
		if (slot(cn, &cond_fields[i]) != NULL) {
			v = slot(cn, &cond_fields[i]);
			op->kind = i == TLS_INVALID ? OP_TLS_INVALID :
			    (enum op_kind)cond_fields[i].kind;
			count++;
		}
	if (count != 1) {
		rules_error(ld, at, "%s needs exactly one operator (present, "
		    "equals, in, matches, not_matches, has_word, unknown, lt, "
		    "le, gt, ge, tls_accepts_any, tls_accepts_only, "
		    "tls_invalid)", what);
		return;
	}
	switch (op->kind) {
	case OP_PRESENT:
	case OP_UNKNOWN:
	case OP_TLS_INVALID:
	case OP_WEAK_CIPHERS:
		op->b = strcmp(v->value, "true") == 0;
		break;
	case OP_TLS_ANY:
	case OP_TLS_ONLY:
		op->mask = version_mask(ld, v);
		break;
	case OP_IN:
		op->list = rules_strs(ld, v, &op->n);
		break;
	case OP_MATCHES:
	case OP_NOT_MATCHES:
		op->str = v->value;
		op->re = rules_compile_re(ld, v->value, v);
		break;
	case OP_LT:
	case OP_LE:
	case OP_GT:
	case OP_GE:
		op->num = strtoll(v->value, NULL, 10);
		break;
	default:
		op->str = v->value;
		break;
	}
}

/* load_value - `value: {operator: ...}` (setting subject) */
static struct cond *
load_value(struct rules_ld *ld, const struct rnode *n,
    const struct cond_env *env)
{
	struct cond_nodes	 cn;
	struct cond		*c = new_cond(ld, C_VALUE, n);

	memset(&cn, 0, sizeof(cn));
	if (env->subj != SUBJ_SETTING)
		rules_error(ld, n, "value needs subject setting");
	if (rules_check_map(ld, n, cond_fields + TLS_INVALID, N_COND_FIELDS -
	    TLS_INVALID, &cn, "value") == 0)
		load_op(ld, &cn, n, "value", &c->op);
	return c;
}

static struct cond *
load_list(struct rules_ld *ld, const struct rnode *n, enum cond_kind k,
    const struct cond_env *env)
{
	struct cond	*c = new_cond(ld, k, n);
	size_t		 i;

	if (n->n == 0)
		rules_error(ld, n, "%s needs at least one condition",
		    k == C_ALL ? "all" : "any");
	c->sub = arena_array(ld->a, n->n + 1, sizeof(*c->sub));
	c->n_sub = n->n;
	for (i = 0; i < n->n; i++)
		c->sub[i] = rules_load_cond(ld, n->items[i], env);
	return c;
}

static unsigned
tls_modes(struct rules_ld *ld, const struct rnode *n)
{
	static const char *const names[] = { "none", "starttls", "implicit" };
	const char	**v;
	size_t		  cnt, i, j;
	unsigned	  mask = 0;

	v = rules_strs(ld, n, &cnt);
	for (i = 0; i < cnt; i++) {
		for (j = 0; j < 3; j++)
			if (strcmp(v[i], names[j]) == 0)
				break;
		if (j < 3)
			mask |= 1u << j;	/* TLSM_NONE .. TLSM_IMPLICIT */
		else
			rules_error(ld, n->kind == RN_SEQ ? n->items[i] : n,
			    "tls must be implicit, starttls or none, "
			    "not \"%s\"", v[i]);
	}
	return mask;
}

static unsigned
version_mask(struct rules_ld *ld, const struct rnode *n)
{
	const char	**v;
	size_t		  cnt, i;
	unsigned	  mask = 0, bit;

	v = rules_strs(ld, n, &cnt);
	if (cnt == 0)
		rules_error(ld, n, "needs at least one TLS version");
	for (i = 0; i < cnt; i++) {
		if ((bit = rules_version_bit(v[i])) == 0)
			rules_error(ld, n->kind == RN_SEQ ? n->items[i] : n,
			    "unknown TLS version \"%s\" (SSLv2, SSLv3, TLSv1, "
			    "TLSv1.1, TLSv1.2, TLSv1.3)", v[i]);
		mask |= bit;
	}
	return mask;
}

/* load_fact_value - the value of a listener fact's condition */
static void
load_fact_value(struct rules_ld *ld, struct cond *c, const struct rnode *v)
{
	size_t	i;

	switch (c->fact->type) {
	case FACT_TLS_MODE:
		c->mask = tls_modes(ld, v);
		break;
	case FACT_PORT:
		c->ports = arena_array(ld->a, v->kind == RN_SEQ ? v->n + 1 : 1,
		    sizeof(*c->ports));
		c->n = v->kind == RN_SEQ ? v->n : 1;
		for (i = 0; i < c->n; i++) {
			const struct rnode	*p = v->kind == RN_SEQ ?
			    v->items[i] : v;
			long long		 x;

			x = strtoll(p->value, NULL, 10);
			if (x < 0 || x > 65535)
				rules_error(ld, p, "port must be 0..65535");
			c->ports[i] = (unsigned)x;
		}
		break;
	case FACT_WORD:
		c->words = rules_strs(ld, v, &c->n);
		break;
	case FACT_ACCEPTS_ANY:
	case FACT_ACCEPTS_ONLY:
		c->mask = version_mask(ld, v);
		break;
	default:
		break;		/* booleans: c->b */
	}
}

/* load_fact - one listener fact, version, or protocol_enabled */
static struct cond *
load_fact(struct rules_ld *ld, const struct field *f, const struct rnode *v,
    const struct cond_env *env)
{
	struct cond	*c = new_cond(ld, (enum cond_kind)f->kind, v);

	if ((f->flags & CK_BOOLFACT) != 0)
		c->b = strcmp(v->value, "true") == 0;
	if (c->kind == C_FACT)
		c->fact = f->fact;
	switch (c->kind) {
	case C_FACT:
		load_fact_value(ld, c, v);
		break;
	case C_VERSION:
		if (verexpr_parse(ld->a, v->value, &c->ver) != 0)
			rules_error(ld, v, "bad version expression \"%s\"",
			    v->value);
		break;
	case C_DOVECOT_AUTH_SOCKET:
		c->b = strcmp(v->value, "true") == 0;
		if (env->product != PRODUCT_POSTFIX)
			rules_error(ld, v, "dovecot_auth_socket is for product "
			    "postfix");
		break;
	case C_CIPHERS:
		if (strcmp(v->value, "broken") != 0 &&
		    strcmp(v->value, "outside_mozilla") != 0)
			rules_error(ld, v, "cipher_suites is broken or "
			    "outside_mozilla, not \"%s\"", v->value);
		c->name = v->value;
		break;
	case C_PROTOCOL_ENABLED:
		/* Dovecot's protocols, read by Dovecot rules and by Postfix
		 * rules that look at both products (false without Dovecot) */
		c->name = v->value;
		break;
	case C_DOVECOT_STARTS:
		c->b = strcmp(v->value, "true") == 0;
		if (env->product != PRODUCT_DOVECOT)
			rules_error(ld, v, "dovecot_starts is for product "
			    "dovecot");
		break;
	case C_GONE:
		/* renamed: one setting replaces it; removed: none does */
		if (env->product != PRODUCT_DOVECOT || env->subj != SUBJ_SETTING)
			rules_error(ld, v, "gone_in_target is for product "
			    "dovecot, subject setting");
		if (strcmp(v->value, "renamed") != 0 &&
		    strcmp(v->value, "removed") != 0 &&
		    strcmp(v->value, "any") != 0)
			rules_error(ld, v, "gone_in_target must be renamed, "
			    "removed or any, not \"%s\"", v->value);
		c->name = v->value;
		break;
	default:
		break;
	}
	return c;
}

/* select_top_key - enabled/loopback at the top of select are filters */
static bool
select_top_key(struct rules_ld *ld, const struct field *f,
    const struct rnode *v, const struct cond_env *env)
{
	const struct listener_fact	*lf;
	int				 val;

	if (f->kind != C_FACT || (lf = f->fact) == NULL ||
	    (lf->flags & FACT_SELECT) == 0)
		return false;
	if (strcmp(v->value, "any") == 0 && !env->select_top) {
		rules_error(ld, v, "\"any\" is only allowed at the top of "
		    "select");
		return true;
	}
	if (!env->select_top)
		return false;
	val = strcmp(v->value, "any") == 0 ? -1 : strcmp(v->value, "true") == 0;
	*(strcmp(lf->name, "enabled") == 0 ? env->sel_enabled :
	    env->sel_loopback) = val;
	return true;
}

/* The value of a number fact: N, or one comparison. */
struct num_nodes {
	const struct rnode	*lt, *le, *gt, *ge, *equals;
};

#define NN(k, kind) { #k, FT_INT, false, offsetof(struct num_nodes, k), \
	kind, 0, NULL }
static const struct field num_fields[] = {
	NN(lt, OP_LT), NN(le, OP_LE), NN(gt, OP_GT), NN(ge, OP_GE),
	NN(equals, OP_EQUALS),
};
#undef NN

/* load_cert_num - `key_bits: 2048` or `key_bits: {lt: 2048}` */
static void
load_cert_num(struct rules_ld *ld, struct cond *c, const struct rnode *v)
{
	struct num_nodes	nn;
	const struct rnode	*x = NULL;
	size_t			i, n = 0;

	c->op.kind = OP_EQUALS;
	if (v->kind == RN_SCALAR) {
		x = v;
		n = 1;
	} else if (v->kind == RN_MAP) {
		memset(&nn, 0, sizeof(nn));
		if (rules_check_map(ld, v, num_fields, sizeof(num_fields) /
		    sizeof(num_fields[0]), &nn, c->cfact->name) != 0)
			return;
		for (i = 0; i < sizeof(num_fields) / sizeof(num_fields[0]);
		    i++)
			if (slot_num(&nn, &num_fields[i]) != NULL) {
				x = slot_num(&nn, &num_fields[i]);
				c->op.kind = (enum op_kind)num_fields[i].kind;
				n++;
			}
	}
	if (n != 1 || x->kind != RN_SCALAR ||
	    strspn(x->value + (x->value[0] == '-'), "0123456789") !=
	    strlen(x->value + (x->value[0] == '-')) || x->value[0] == '\0') {
		rules_error(ld, v, "%s needs a number or one of lt, le, gt, "
		    "ge, equals with a number", c->cfact->name);
		return;
	}
	c->op.num = strtoll(x->value, NULL, 10);
}

/* load_cert - `cert: {fact: value, ...}`: each key one C_CERT_FACT,
 * all of them together an `all` */
static struct cond *
load_cert(struct rules_ld *ld, const struct rnode *n,
    const struct cond_env *env)
{
	struct cond	*all = new_cond(ld, C_ALL, n), *c;
	size_t		 i;

	if (env->subj != SUBJ_CERT)
		rules_error(ld, n, "cert needs subject certificate");
	if (n->n == 0)
		rules_error(ld, n, "cert needs at least one fact");
	all->sub = arena_array(ld->a, n->n + 1, sizeof(*all->sub));
	for (i = 0; i < n->n; i++) {
		const struct rnode	*k = n->keys[i], *v = n->items[i];
		const struct cert_fact	*f;

		f = cert_fact_find(k->value, strlen(k->value));
		if (f == NULL || (f->flags & CF_COND) == 0) {
			rules_error(ld, k, "unknown certificate fact \"%s\"",
			    k->value);
			continue;
		}
		c = new_cond(ld, C_CERT_FACT, k);
		c->cfact = f;
		switch (f->type) {
		case CF_BOOL:
			if (v->kind != RN_SCALAR || (strcmp(v->value,
			    "true") != 0 && strcmp(v->value, "false") != 0))
				rules_error(ld, v, "%s must be true or false",
				    f->name);
			else
				c->b = strcmp(v->value, "true") == 0;
			break;
		case CF_UINT:
		case CF_INT:
			load_cert_num(ld, c, v);
			break;
		default:
			if (v->kind == RN_MAP || (v->kind == RN_SEQ &&
			    v->n == 0))
				rules_error(ld, v, "%s needs a word or a list "
				    "of words", f->name);
			else
				c->words = rules_strs(ld, v, &c->n);
			break;
		}
		all->sub[all->n_sub++] = c;
	}
	return all->n_sub == 1 ? all->sub[0] : all;
}

/* load_key - the condition for one key of a condition mapping, or NULL */
static struct cond *
load_key(struct rules_ld *ld, const struct field *f, const struct rnode *v,
    const struct cond_nodes *cn, const struct cond_env *env)
{
	struct cond		*c;
	struct cond_env		 sub = *env;

	sub.select_top = false;
	if ((f->flags & CK_LISTENER) != 0 && !env->listener) {
		rules_error(ld, v, "\"%s\" is a listener fact: it needs "
		    "subject listener or listener_exists", f->key);
		return NULL;
	}
	if (select_top_key(ld, f, v, env))
		return NULL;
	switch (f->kind) {
	case C_ALL:
	case C_ANY:
		return load_list(ld, v, (enum cond_kind)f->kind, &sub);
	case C_NOT:
	case C_LISTENER_EXISTS:
		c = new_cond(ld, (enum cond_kind)f->kind, v);
		if (f->kind == C_LISTENER_EXISTS) {
			if (env->subj != SUBJ_CONFIG || env->listener)
				rules_error(ld, v, "listener_exists needs "
				    "subject config");
			sub.listener = true;
		}
		c->sub = arena_array(ld->a, 1, sizeof(*c->sub));
		c->n_sub = 1;
		c->sub[0] = rules_load_cond(ld, v, &sub);
		return c;
	case C_SETTING:
		c = new_cond(ld, C_SETTING, v);
		c->name = v->value;
		if (!rules_valid_name(c->name))
			rules_error(ld, v, "bad setting name \"%s\"", c->name);
		load_op(ld, cn, v, "setting", &c->op);
		return c;
	case C_VALUE:
		return load_value(ld, v, env);
	case C_CERT_FACT:
		return load_cert(ld, v, env);
	default:
		return load_fact(ld, f, v, env);
	}
}

struct cond *
rules_load_cond(struct rules_ld *ld, const struct rnode *n,
    const struct cond_env *env)
{
	const struct field	*t = cond_table(ld);
	struct cond_nodes	 cn;
	struct cond		*all, *c;
	size_t			 i;

	assert(strcmp(cond_fields[TLS_INVALID].key, "tls_invalid") == 0 &&
	    strcmp(cond_fields[TLS_INVALID - 1].key, "cipher_suites") == 0 &&
	    strcmp(cond_fields[FIRST_OP].key, "present") == 0);
	memset(&cn, 0, sizeof(cn));
	if (rules_check_map(ld, n, t, ld->n_cond_fields, &cn,
	    "condition") != 0)
		return NULL;
	all = new_cond(ld, C_ALL, n);
	all->sub = arena_array(ld->a, ld->n_cond_fields, sizeof(*all->sub));
	for (i = 0; i < ld->n_cond_fields; i++) {
		const struct rnode	*v = slot(&cn, &t[i]);

		if (i >= ld->cond_first_op)
			break;		/* the operators: load_op() */
		/* With `setting`, tls_invalid is its operator. */
		if (i == TLS_INVALID && cn.setting != NULL)
			continue;
		if (v != NULL && (c = load_key(ld, &t[i], v, &cn,
		    env)) != NULL)
			all->sub[all->n_sub++] = c;
	}
	if (cn.setting == NULL)
		for (i = FIRST_OP; i < N_COND_FIELDS; i++)
			if (slot(&cn, &cond_fields[i]) != NULL) {
				rules_error(ld, slot(&cn, &cond_fields[i]),
				    "operator \"%s\" needs \"setting\"",
				    cond_fields[i].key);
				break;
			}
	if (all->n_sub == 0 && n->n == 0)
		rules_error(ld, n, "empty condition");
	/* An empty `all` (select with only enabled/loopback) is true. */
	return all->n_sub == 1 ? all->sub[0] : all;
}
