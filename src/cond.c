/* SPDX-License-Identifier: MIT */
/*
 * cond - evaluate a rule condition on one subject (a listener, an
 * explicit setting, or the whole configuration of a product).
 *
 * Pure: reads the resolved model, no I/O; the only allocations are the
 * run's regex scratch buffer and the lookups the eval run's memo records
 * in the findings arena.  Besides the resolver's listener facts it
 * derives two of its own: the tls_* value operators (a value read as a
 * TLS protocol setting through tlsproto) and dovecot_auth_socket (Postfix's smtpd_sasl_path
 * against Dovecot's service auth listeners).  The logic is three-valued
 * (Kleene): an operator on a value that holds a template placeholder is
 * UNKNOWN rather than false, `not` keeps it UNKNOWN, `all`/`any` propagate
 * it, and only TRUE makes a finding.  So a rule never fires because of a
 * placeholder, even under `not`.  The same holds for the accepts_*
 * predicates of a listener whose protocol setting is a placeholder.
 * Presence (`present`) and `unknown` itself are always known.
 *
 * Regexes run with the match data and match context of the eval run (a
 * match limit bounds backtracking); a PCRE2 error such as the limit is
 * UNKNOWN.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "certfacts.h"
#include "cipherconf.h"
#include "ciphers.h"
#include "cond.h"
#include "facts.h"
#include "model.h"
#include "tlsproto.h"
#include "words.h"

static enum tri
tri(bool b)
{
	return b ? TRI_TRUE : TRI_FALSE;
}

/* to_num - a decimal integer, surrounding blanks allowed */
static bool
to_num(const char *s, long long *n_r)
{
	char	*end;

	errno = 0;
	*n_r = strtoll(s, &end, 10);
	if (end == s || errno != 0)
		return false;
	end += strspn(end, " \t");
	return *end == '\0';
}

#define RE_PAD	64

int
cond_re_match(const pcre2_code *re, const char *subject, struct re_buf *buf,
    pcre2_match_data *md, pcre2_match_context *mctx)
{
	size_t	n = strlen(subject);
	int	rc;

	if (buf->cap < n + RE_PAD) {
		free(buf->p);
		buf->cap = n + RE_PAD > 256 ? n + RE_PAD : 256;
		buf->p = xmalloc(buf->cap);
	}
	memcpy(buf->p, subject, n);
	memset(buf->p + n, 0, RE_PAD);
	rc = pcre2_match(re, (PCRE2_SPTR)buf->p, n, 0, 0, md, mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return rc >= 0 ? 1 : -1;
}

static enum tri
re_match(const struct op *op, const char *value, struct subject_ctx *s)
{
	int	rc = cond_re_match(op->re, value, s->rebuf, s->md, s->mctx);

	return rc < 0 ? TRI_UNKNOWN : tri(rc == 1);
}

/*
 * tls_parse - a value read as the TLS protocol setting `name` of the
 * rule's product, for the target version; -1 when invalid.
 */
static int
tls_parse(const struct subject_ctx *s, const char *name, const char *value,
    unsigned *mask_r)
{
	char	bad[64];

	if (s->rule->product == PRODUCT_POSTFIX)
		return tlsproto_postfix(value, &s->r->pf_version, mask_r, bad,
		    sizeof(bad));
	if (strcmp(name, "ssl_protocols") == 0)
		return tlsproto_dovecot_protocols(value, mask_r);
	return tlsproto_dovecot_min(value, mask_r);
}

/* tls_op - tls_accepts_any, tls_accepts_only, tls_invalid */
static enum tri
tls_op(const struct op *op, const char *name, const char *value,
    const struct subject_ctx *s)
{
	unsigned	m = 0;
	int		rc = tls_parse(s, name, value, &m);

	if (op->kind == OP_TLS_INVALID)
		return tri((rc != 0) == op->b);
	if (rc != 0)
		return TRI_FALSE;	/* an invalid list: TLS fails */
	if (op->kind == OP_TLS_ANY)
		return tri((m & op->mask) != 0);
	return tri(m != 0 && (m & ~op->mask) == 0);
}

/* weak_ciphers_op - the value, expanded by OpenSSL, enables weak suites */
static enum tri
weak_ciphers_op(const struct op *op, const char *value,
    const struct subject_ctx *s)
{
	struct arena		*own = NULL, *a = s->arena;
	struct cipher_eval	 ev;
	enum tri		 t;

	if (a == NULL)
		a = own = arena_new();
	t = ciphers_eval(a, value, &ev) != 0 ? TRI_UNKNOWN :
	    tri((ev.n_broken > 0) == op->b);
	arena_free(&own);
	return t;
}

/*
 * ciphers_cond - the listener's cipher string (cipherconf.h), expanded by
 * OpenSSL, enables "broken" suites (NULL, EXPORT, RC4, DES, 3DES, IDEA) or
 * suites "outside_mozilla" (no forward secrecy or not AEAD)
 */
static enum tri
ciphers_cond(const struct cond *c, struct subject_ctx *s)
{
	struct arena		*own, *a;
	struct cipher_eval	 ev;
	const struct eff	*decider;
	const char		*str;
	enum tri		 t;

	if (s->l == NULL || s->l->tls == TLS_NONE || s->l->tls_versions == 0)
		return TRI_FALSE;
	/* a scratch arena: the string may be long, listeners many */
	a = own = arena_new();
	if ((str = cipherconf_listener(a, s->memo, s->l, &decider)) == NULL)
		t = TRI_UNKNOWN;
	else if (ciphers_eval(a, str, &ev) != 0)
		t = TRI_UNKNOWN;
	else if (strcmp(c->name, "broken") == 0)
		t = tri(ev.n_broken > 0);
	else
		t = tri(ev.n_profile > 0 || ev.n_broken > 0);
	arena_free(&own);
	return t;
}

/* op_eval - one operator on the value of setting `name` */
static enum tri
op_eval(const struct op *op, const char *name, const char *value,
    bool unknown, bool present, struct subject_ctx *s)
{
	long long	n;
	enum tri	t;
	size_t		i;

	if (op->kind == OP_PRESENT)
		return tri(present == op->b);
	if (op->kind == OP_UNKNOWN)
		return tri(unknown == op->b);
	if (unknown)
		return TRI_UNKNOWN;
	switch (op->kind) {
	case OP_EQUALS:
		return tri(strcasecmp(value, op->str) == 0);
	case OP_IN:
		for (i = 0; i < op->n; i++)
			if (strcasecmp(value, op->list[i]) == 0)
				return TRI_TRUE;
		return TRI_FALSE;
	case OP_MATCHES:
		return re_match(op, value, s);
	case OP_NOT_MATCHES:
		t = re_match(op, value, s);
		return t == TRI_UNKNOWN ? t : tri(t == TRI_FALSE);
	case OP_HAS_WORD:
		return tri(words_has(value, op->str));
	case OP_LT:
		return tri(to_num(value, &n) && n < op->num);
	case OP_LE:
		return tri(to_num(value, &n) && n <= op->num);
	case OP_GT:
		return tri(to_num(value, &n) && n > op->num);
	case OP_GE:
		return tri(to_num(value, &n) && n >= op->num);
	case OP_TLS_ANY:
	case OP_TLS_ONLY:
	case OP_TLS_INVALID:
		return tls_op(op, name, value, s);
	case OP_WEAK_CIPHERS:
		return weak_ciphers_op(op, value, s);
	default:
		return TRI_FALSE;
	}
}

const struct eff *
cond_lookup(struct subject_ctx *s, const char *name)
{
	if (s->l != NULL)
		return resolve_listener_eff(s->memo, s->l, name);
	if (s->rule->product == PRODUCT_POSTFIX)
		return resolve_pf(s->memo, s->svc, name);
	return resolve_dc(s->memo, NULL, name);
}

static enum tri
setting_eval(const struct cond *c, struct subject_ctx *s)
{
	const struct eff	*e = cond_lookup(s, c->name);

	/* A setting nobody defines has the empty value. */
	if (e == NULL)
		return op_eval(&c->op, c->name, "", false, false, s);
	return op_eval(&c->op, c->name, e->value, e->unknown,
	    e->origin != NULL, s);
}

static enum tri
list_eval(const struct cond *c, struct subject_ctx *s)
{
	enum tri	res = c->kind == C_ALL ? TRI_TRUE : TRI_FALSE, t;
	enum tri	stop = c->kind == C_ALL ? TRI_FALSE : TRI_TRUE;
	size_t		i;

	for (i = 0; i < c->n_sub; i++) {
		if ((t = cond_eval(c->sub[i], s)) == stop)
			return stop;
		if (t == TRI_UNKNOWN)
			res = TRI_UNKNOWN;
	}
	return res;
}

/* exists_eval - some enabled, non-loopback listener of the product */
static enum tri
exists_eval(const struct cond *c, struct subject_ctx *s)
{
	const struct listener	*saved = s->l;
	enum tri		 res = TRI_FALSE, t;
	size_t			 i;

	for (i = 0; i < s->r->n_listeners && res != TRI_TRUE; i++) {
		const struct listener	*l = s->r->listeners[i];

		if (l->product != s->rule->product || !l->enabled ||
		    l->loopback)
			continue;
		s->l = l;
		if ((t = cond_eval(c->sub[0], s)) != TRI_FALSE)
			res = t;
	}
	s->l = saved;
	return res;
}

/* socket_path - where a Postfix or Dovecot socket path points */
static void
socket_path(char *buf, size_t size, const char *dir, const char *path)
{
	if (path[0] == '/')
		snprintf(buf, size, "%s", path);
	else
		snprintf(buf, size, "%s/%s", dir, path);
	/* /var/run is /run on every current system. */
	if (strncmp(buf, "/var/run/", 9) == 0)
		memmove(buf, buf + 4, strlen(buf + 4) + 1);
}

/*
 * auth_socket_eval - Postfix's smtpd_sasl_path is served by a listener of
 * Dovecot's "service auth": a unix_listener at that path (relative Postfix
 * paths are under queue_directory, relative Dovecot ones under base_dir),
 * or for "inet:host:port" an inet_listener on that port.  UNKNOWN without
 * a Dovecot configuration or with a template value.
 */
static enum tri
auth_socket_eval(const struct cond *c, struct subject_ctx *s)
{
	const struct model	*m = s->r->model;
	const struct eff	*e = cond_lookup(s, "smtpd_sasl_path"), *q;
	const struct dc_section	*auth;
	const struct setting	*st;
	const char		*inet, *dir;
	char			 want[1024], have[1024];
	size_t			 i;
	bool			 found = false;

	if (!m->dc.present || m->dc.root == NULL || e == NULL || e->unknown)
		return TRI_UNKNOWN;
	q = resolve_pf(s->memo, NULL, "queue_directory");
	dir = q != NULL ? q->value : "/var/spool/postfix";
	inet = strncmp(e->value, "inet:", 5) == 0 ? strrchr(e->value, ':') :
	    NULL;
	socket_path(want, sizeof(want), dir, e->value);
	auth = model_dc_find(m->dc.root, "service", "auth");
	for (i = 0; auth != NULL && i < auth->n_children && !found; i++) {
		const struct dc_section	*l = auth->children[i];
		bool			 unix_l;

		unix_l = strcmp(l->type, "unix_listener") == 0;
		if (inet != NULL && strcmp(l->type, "inet_listener") == 0)
			found = (st = model_dc_get(l, "port")) != NULL &&
			    strcmp(st->value, inet + 1) == 0;
		else if (inet == NULL && unix_l) {
			socket_path(have, sizeof(have), "/run/dovecot",
			    l->name);
			found = strcmp(have, want) == 0;
		}
	}
	return tri(found == c->b);
}

static bool
in_words(const char *w, const char *const *words, size_t n)
{
	size_t	i;

	for (i = 0; w != NULL && i < n; i++)
		if (strcmp(w, words[i]) == 0)
			return true;
	return false;
}

/* accepts_eval - accepts_any / accepts_only / accepts_nothing */
static enum tri
accepts_eval(const struct cond *c, const struct listener *l)
{
	unsigned	v = listener_fact_uint(l, c->fact);

	if (l->tls_protocols != NULL && l->tls_protocols->unknown)
		return TRI_UNKNOWN;
	switch (c->fact->type) {
	case FACT_ACCEPTS_ANY:
		return tri((v & c->mask) != 0);
	case FACT_ACCEPTS_ONLY:
		return tri(v != 0 && (v & ~c->mask) == 0);
	default:
		return tri((l->tls != TLS_NONE && v == 0) == c->b);
	}
}

/* fact_eval - a listener fact (facts.h), read at its offset */
static enum tri
fact_eval(const struct cond *c, const struct listener *l)
{
	const struct listener_fact	*f = c->fact;
	enum tls_mode			 mode;
	size_t				 i;

	switch (f->type) {
	case FACT_TLS_MODE:
		mode = *(const enum tls_mode *)listener_fact_ptr(l, f);
		return tri((c->mask & (mode == TLS_IMPLICIT ? TLSM_IMPLICIT :
		    mode == TLS_STARTTLS ? TLSM_STARTTLS : TLSM_NONE)) != 0);
	case FACT_BOOL:
		return tri(listener_fact_bool(l, f) == c->b);
	case FACT_PORT:
		for (i = 0; i < c->n; i++)
			if (listener_fact_uint(l, f) == c->ports[i])
				return TRI_TRUE;
		return TRI_FALSE;
	case FACT_WORD:
		return tri(in_words(listener_fact_str(l, f), c->words, c->n));
	case FACT_ACCEPTS_ANY:
	case FACT_ACCEPTS_ONLY:
	case FACT_ACCEPTS_NOTHING:
		return accepts_eval(c, l);
	default:
		return TRI_FALSE;
	}
}

/* cert_eval - a certificate fact of the subject (certfacts.h) */
static enum tri
cert_eval(const struct cond *c, const struct cert_use *u)
{
	const struct cert_fact	*f = c->cfact;
	long long		 n;
	size_t			 i;

	switch (f->type) {
	case CF_BOOL:
		return tri(cert_fact_bool(u, f) == c->b);
	case CF_UINT:
	case CF_INT:
		n = cert_fact_num(u, f);
		switch (c->op.kind) {
		case OP_LT:
			return tri(n < c->op.num);
		case OP_LE:
			return tri(n <= c->op.num);
		case OP_GT:
			return tri(n > c->op.num);
		case OP_GE:
			return tri(n >= c->op.num);
		default:
			return tri(n == c->op.num);
		}
	case CF_WORDS:
		for (i = 0; i < c->n; i++)
			if (words_has(cert_fact_str(u, f), c->words[i]))
				return TRI_TRUE;
		return TRI_FALSE;
	default:
		return tri(in_words(cert_fact_str(u, f), c->words, c->n));
	}
}

/* gone_eval - the visited setting is a name the target Dovecot no longer
 * knows: "renamed" when one setting replaces it and the value converts,
 * "removed" otherwise */
static enum tri
gone_eval(const struct cond *c, struct subject_ctx *s)
{
	struct dc_gone	g;
	bool		renamed;

	if (s->self == NULL || !resolve_dc_gone(s->r, s->self->name, s->arena,
	    &g))
		return TRI_FALSE;
	if (strcmp(c->name, "any") == 0)
		return TRI_TRUE;
	renamed = resolve_dc_gone_value(&g, s->self->value, s->arena) != NULL;
	return tri(renamed == (strcmp(c->name, "renamed") == 0));
}

enum tri
cond_eval(const struct cond *c, struct subject_ctx *s)
{
	enum tri	t;

	switch (c->kind) {
	case C_ALL:
	case C_ANY:
		return list_eval(c, s);
	case C_NOT:
		t = cond_eval(c->sub[0], s);
		return t == TRI_UNKNOWN ? t : tri(t == TRI_FALSE);
	case C_VERSION:
		return tri(verexpr_match(&c->ver,
		    resolve_target_version(s->r, s->rule->product)));
	case C_SETTING:
		return setting_eval(c, s);
	case C_VALUE:
		return op_eval(&c->op, s->self->name, s->self_value != NULL ?
		    s->self_value : "", s->self_unknown, true, s);
	case C_LISTENER_EXISTS:
		return exists_eval(c, s);
	case C_PROTOCOL_ENABLED:
		return tri(s->r->dc_protocols != NULL &&
		    words_has(s->r->dc_protocols, c->name));
	case C_DOVECOT_AUTH_SOCKET:
		return auth_socket_eval(c, s);
	case C_GONE:
		return gone_eval(c, s);
	case C_CIPHERS:
		return ciphers_cond(c, s);
	case C_DOVECOT_STARTS:
		return tri((s->r->dc_start_error == NULL) == c->b);
	case C_FACT:
		/* The loader allows listener facts only where s->l is set
		 * (or, for a certificate of a Dovecot section, unset). */
		return s->l != NULL ? fact_eval(c, s->l) : TRI_FALSE;
	case C_CERT_FACT:
		return s->cert != NULL ? cert_eval(c, s->cert) : TRI_FALSE;
	default:
		return TRI_FALSE;
	}
}
