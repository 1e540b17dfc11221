/* SPDX-License-Identifier: MIT */
/*
 * resolve_postfix - effective Postfix parameters and smtpd listeners.
 *
 * A parameter's effective value on a service is its master.cf -o override,
 * else its main.cf value, else the target version's default; $name
 * references expand against the same chain (a daemon started with -o sees
 * its overrides when it expands).  Every active inet service that runs
 * smtpd (or postscreen, which hands clients to the smtpd "pass" service)
 * is a listener; its TLS mode, accepted TLS versions and plaintext-auth
 * exposure are derived as reference/postfix.md 3.2-3.3 describe.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "defaults.h"
#include "model.h"
#include "pfexpand.h"
#include "resolve_int.h"
#include "words.h"
#include "strbuf.h"
#include "template.h"
#include "tlsproto.h"

/* An expansion lists up to PF_MAX_DEPS parameter names it looked up. */
#define PF_MAX_DEPS	8
#define PF_DEPS_MANY	UINT_MAX

struct pfctx {
	struct resolve_memo	*m;
	const struct pf_service	*svc;
	bool			 per_service;	/* looked up a per-service name */
	const char		*deps[PF_MAX_DEPS];	/* the names looked up */
	unsigned		 n_deps;	/* PF_DEPS_MANY: too many to list */
};

/* raw_lookup - unexpanded value: -o, main.cf, default (NULL = undefined) */
static const char *
raw_lookup(const struct resolved *r, const struct pf_service *svc, const char *name,
    const struct setting **origin_r)
{
	const struct setting	*s = NULL;
	const char		*v;

	*origin_r = NULL;
	if (svc != NULL && (s = model_pf_override(svc, name)) != NULL) {
		*origin_r = s;
		return s->value;
	}
	if ((s = model_pf_get(r->model, name)) != NULL) {
		*origin_r = s;
		return s->value;
	}
	if (svc != NULL) {
		if (strcmp(name, "service_name") == 0)
			return svc->name;
		if (strcmp(name, "process_name") == 0)
			return svc->command;
	}
	if (strcmp(name, "config_directory") == 0)
		return "/etc/postfix";
	v = defaults_get(r->opts->pf_defaults, name, &r->pf_version);
	return v;
}

static const char *
expand_cb(void *ctx, const char *name)
{
	struct pfctx		*c = ctx;
	const struct setting	*origin;
	unsigned		 i;

	if (strcmp(name, "service_name") == 0 || strcmp(name, "process_name") == 0)
		c->per_service = true;
	if (c->n_deps != PF_DEPS_MANY) {
		for (i = 0; i < c->n_deps && strcmp(c->deps[i], name) != 0; i++)
			continue;
		if (i == c->n_deps) {
			if (c->n_deps == PF_MAX_DEPS)
				c->n_deps = PF_DEPS_MANY;
			else
				c->deps[c->n_deps++] = arena_strdup(c->m->a,
				    name);
		}
	}
	return raw_lookup(c->m->r, c->svc, name, &origin);
}

/* deps_overridden - svc overrides a parameter that e's value expanded */
static bool
deps_overridden(const struct pf_service *svc, const struct eff *e)
{
	unsigned	i;

	if (svc->n_overrides == 0 || e->n_deps == 0)
		return false;
	if (e->n_deps == PF_DEPS_MANY)
		return true;
	for (i = 0; i < e->n_deps; i++)
		if (model_pf_override(svc, e->deps[i]) != NULL)
			return true;
	return false;
}

const struct eff *
resolve_pf(struct resolve_memo *m, const struct pf_service *svc,
    const char *name)
{
	const char		*key, *raw;
	const struct setting	*origin;
	struct eff		*e;
	const struct eff	*ge;
	struct strbuf		 sb = STRBUF_INIT;
	struct pfctx		 ctx = { m, svc, false, { NULL }, 0 };
	unsigned		 flags = 0;

	/* A service sees main.cf's value of a name it does not override,
	 * unless the value depends on the service's own name, or expands
	 * a parameter that one of its -o may override: share the main.cf
	 * result then. */
	if (svc != NULL && (svc->n_overrides == 0 ||
	    model_pf_override(svc, name) == NULL) &&
	    strcmp(name, "service_name") != 0 &&
	    strcmp(name, "process_name") != 0) {
		ge = resolve_pf(m, NULL, name);
		if (ge == NULL)
			return NULL;
		if (!ge->per_service && !deps_overridden(svc, ge))
			return ge;
	}
	key = name;
	if (svc != NULL) {
		/* Look up with a scratch key: the arena copy is made only
		 * for a new entry. */
		strbuf_reset(&m->key);
		strbuf_adds(&m->key, svc->scope);
		strbuf_addc(&m->key, '\001');
		strbuf_adds(&m->key, name);
		key = strbuf_cstr(&m->key);
	}
	if (m->frozen != NULL && (e = hmap_get(&m->frozen->pf, key)) != NULL)
		return e;
	if ((e = hmap_get(&m->pf, key)) != NULL)
		return e;
	if (svc != NULL)
		key = arena_strdup(m->a, key);
	raw = raw_lookup(m->r, svc, name, &origin);
	if (raw == NULL)
		return NULL;
	pfexpand(raw, expand_cb, &ctx, &sb, &flags);
	/* The name and an unexpanded value are the setting's (or the
	 * defaults') own, and live as long as the memo. */
	e = resolve_eff_new(m->a, origin != NULL ? origin->name :
	    arena_strdup(m->a, name), strcmp(strbuf_cstr(&sb), raw) == 0 ?
	    raw : arena_strdup(m->a, strbuf_cstr(&sb)), raw, origin);
	strbuf_free(&sb);
	e->unknown = (origin != NULL && (origin->flags & SET_TEMPLATE)) ||
	    template_has_placeholder(e->value, strlen(e->value));
	e->per_service = ctx.per_service;
	e->n_deps = ctx.n_deps;
	if (ctx.n_deps != PF_DEPS_MANY && ctx.n_deps > 0) {
		e->deps = arena_alloc(m->a, ctx.n_deps * sizeof(*e->deps));
		memcpy(e->deps, ctx.deps, ctx.n_deps * sizeof(*e->deps));
	}
	if (key == name)
		key = e->name;
	hmap_put(&m->pf, key, e);
	return e;
}

static const char *
pf_value(struct resolved *r, const struct pf_service *svc, const char *name)
{
	const struct eff	*e = resolve_pf(r->memo, svc, name);

	return e != NULL ? e->value : "";
}

/* pf_unknown - the effective value is a template placeholder */
static bool
pf_unknown(struct resolved *r, const struct pf_service *svc, const char *name)
{
	const struct eff	*e = resolve_pf(r->memo, svc, name);

	return e != NULL && e->unknown;
}

/* pick_version - --postfix-version, else compatibility_level, else default */
static void
pick_version(struct resolved *r, struct diag_list *dl)
{
	const struct setting	*s;
	struct version		 compat;

	version_parse(PF_DEFAULT_VERSION, &r->pf_version);
	r->pf_version_source = "default";
	if (r->opts->pf_version != NULL) {
		if (version_parse(r->opts->pf_version, &r->pf_version) == 0) {
			r->pf_version_source = "option";
			return;
		}
		diag_add(dl, SEV_ERROR, NULL, "invalid --postfix-version \"%s\"; "
		    "using %s", r->opts->pf_version, PF_DEFAULT_VERSION);
		version_parse(PF_DEFAULT_VERSION, &r->pf_version);
		return;
	}
	/* A compatibility_level above the default can only be set on a
	 * release at least that new. */
	s = model_pf_get(r->model, "compatibility_level");
	if (s != NULL && version_parse(s->value, &compat) == 0 &&
	    version_cmp(&compat, &r->pf_version) > 0) {
		r->pf_version = compat;
		r->pf_version_source = "compatibility_level";
	}
}

/* split_endpoint - "host:port", "[v6]:port", "port" */
static void
split_endpoint(struct resolved *r, const char *name, const char **host_r,
    const char **port_r)
{
	const char	*colon = strrchr(name, ':');

	*host_r = NULL;
	*port_r = name;
	if (colon == NULL)
		return;
	*port_r = colon + 1;
	if (name[0] == '[' && colon > name && colon[-1] == ']')
		*host_r = arena_strndup(r->arena, name + 1, (size_t)(colon - name) - 2);
	else
		*host_r = arena_strndup(r->arena, name, (size_t)(colon - name));
}

static const char *
interfaces_address(struct resolved *r)
{
	const char	*v = pf_value(r, NULL, "inet_interfaces");

	if (strcasecmp(v, "all") == 0 || v[0] == '\0')
		return "*";
	if (strcasecmp(v, "loopback-only") == 0)
		return "127.0.0.1, ::1";
	return v;
}

static bool
has_cert(struct resolved *r, const struct pf_service *svc)
{
	return pf_value(r, svc, "smtpd_tls_cert_file")[0] != '\0' ||
	    pf_value(r, svc, "smtpd_tls_dcert_file")[0] != '\0' ||
	    pf_value(r, svc, "smtpd_tls_eccert_file")[0] != '\0' ||
	    pf_value(r, svc, "smtpd_tls_chain_files")[0] != '\0';
}

/* tls_level - effective smtpd TLS level: none, may or encrypt */
static const char *
tls_level(struct resolved *r, const struct pf_service *svc, struct listener *l,
    struct diag_list *dl)
{
	const char	*lvl = pf_value(r, svc, "smtpd_tls_security_level");

	if (lvl[0] == '\0') {
		if (resolve_bool(pf_value(r, svc, "smtpd_enforce_tls"), false))
			return "encrypt";
		if (resolve_bool(pf_value(r, svc, "smtpd_use_tls"), false))
			return "may";
		return "none";
	}
	if (strcasecmp(lvl, "none") == 0 || strcasecmp(lvl, "may") == 0 ||
	    strcasecmp(lvl, "encrypt") == 0)
		return lvl;
	if (resolve_pf(r->memo, svc, "smtpd_tls_security_level")->unknown)
		return "may";
	/* Observed on Postfix 3.7 (tests/live pf-level-*): the client-only
	 * levels fingerprint, verify and secure are logged as unsupported
	 * and served as "encrypt"; any other value (dane, dane-only, a typo)
	 * is fatal: smtpd exits on every connection. */
	if (strcasecmp(lvl, "fingerprint") == 0 || strcasecmp(lvl, "verify") == 0 ||
	    strcasecmp(lvl, "secure") == 0) {
		diag_add(dl, SEV_WARN, &l->loc, "%s: smtpd_tls_security_level = "
		    "%s is not a server level; smtpd uses \"encrypt\"", l->scope,
		    lvl);
		return "encrypt";
	}
	return "fatal";
}

/*
 * tls_origin - the line that decides the listener's TLS mode: an explicit
 * smtpd_tls_wrappermode, else the level (smtpd_tls_security_level, or the
 * obsolete smtpd_enforce_tls / smtpd_use_tls it stands for); the
 * service's -o or the main.cf line it inherits, NULL for a default
 */
static const struct setting *
tls_origin(struct resolved *r, const struct pf_service *svc)
{
	static const char *const names[] = {
		"smtpd_tls_wrappermode", "smtpd_tls_security_level",
		"smtpd_enforce_tls", "smtpd_use_tls"
	};
	const struct eff	*e;
	size_t			 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if ((e = resolve_pf(r->memo, svc, names[i])) != NULL &&
		    e->origin != NULL && e->value[0] != '\0')
			return e->origin;
	return NULL;
}

/* derive_tls - TLS mode, versions and auth facts of an smtpd listener */
static void
derive_tls(struct resolved *r, struct listener *l,
    const struct pf_service *cfg, struct diag_list *dl)
{
	const char		*lvl, *pname;
	const struct eff	*proto;
	char			 bad[64];
	bool			 auth_only, wrapper;

	wrapper = resolve_bool(pf_value(r, cfg, "smtpd_tls_wrappermode"), false);
	/* smtpd checks the level at start-up even in wrapper mode. */
	lvl = tls_level(r, cfg, l, dl);
	if (wrapper && strcmp(lvl, "fatal") != 0)
		lvl = "encrypt";
	if (strcmp(lvl, "fatal") == 0) {
		/* smtpd dies before the greeting: nothing is offered. */
		l->tls = wrapper ? TLS_IMPLICIT : TLS_STARTTLS;
		l->tls_required = true;
		l->tls_versions = 0;
		l->auth = false;
		l->daemon_exits = true;
		return;
	}
	l->tls_origin = tls_origin(r, cfg);
	if (wrapper) {
		l->tls = TLS_IMPLICIT;
		l->tls_required = true;
	} else if (strcasecmp(lvl, "none") == 0) {
		l->tls = TLS_NONE;
	} else {
		l->tls = TLS_STARTTLS;
		l->tls_required = strcasecmp(lvl, "encrypt") == 0;
	}
	if (l->tls != TLS_NONE) {
		pname = l->tls_required ? "smtpd_tls_mandatory_protocols" :
		    "smtpd_tls_protocols";
		proto = resolve_pf(r->memo, cfg, pname);
		l->tls_protocols = proto;
		if (proto == NULL || proto->unknown)
			l->tls_versions = 0;
		else if (tlsproto_postfix(proto->value, &r->pf_version,
		    &l->tls_versions, bad, sizeof(bad)) != 0) {
			l->tls_invalid = true;
			l->tls_versions = 0;
		}
		l->cert_missing = !has_cert(r, cfg);
		/* What the protocol settings allow is judged even while a
		 * missing certificate keeps every handshake from completing:
		 * adding the certificate (PF-TLS-005's fix) must not reveal
		 * weak versions only then. */
		l->tls_versions_configured = l->tls_versions;
		if (l->cert_missing)
			l->tls_versions = 0;
	}
	l->auth = resolve_bool(pf_value(r, cfg, "smtpd_sasl_auth_enable"), false);
	auth_only = resolve_bool(pf_value(r, cfg, "smtpd_tls_auth_only"), false);
	if (pf_unknown(r, cfg, "smtpd_sasl_auth_enable") ||
	    pf_unknown(r, cfg, "smtpd_tls_auth_only") ||
	    pf_unknown(r, cfg, "smtpd_tls_security_level") ||
	    pf_unknown(r, cfg, "smtpd_tls_wrappermode"))
		/* A template placeholder decides: nothing can be proven. */
		l->plaintext_auth_before_tls = false;
	else if (!l->auth || l->tls == TLS_IMPLICIT || l->tls_required)
		l->plaintext_auth_before_tls = false;
	else if (auth_only && l->tls == TLS_STARTTLS)
		l->plaintext_auth_before_tls = false;
	else if (auth_only)
		l->plaintext_auth_before_tls = false;	/* AUTH never offered */
	else
		/* noplaintext hides PLAIN/LOGIN until TLS is up. */
		l->plaintext_auth_before_tls = !words_has(
		    pf_value(r, cfg, "smtpd_sasl_security_options"), "noplaintext");
}

static const char *
protocol_for(unsigned port)
{
	if (port == 465)
		return "submissions";
	if (port == 587)
		return "submission";
	return "smtp";
}

static void
add_service(struct resolved *r, const struct pf_service *svc,
    struct diag_list *dl)
{
	struct listener			*l;
	const struct pf_service		*cfg = svc;
	const char			*host, *port, *disable;

	if (strcmp(svc->command, "postscreen") == 0) {
		/* postscreen hands the connection to the smtpd "pass"
		 * service, which does STARTTLS and AUTH. */
		cfg = model_pf_service(r->model, "smtpd", "pass");
		if (cfg == NULL)
			cfg = svc;
	} else if (strcmp(svc->command, "smtpd") != 0)
		return;
	l = resolve_listener_new(r, PRODUCT_POSTFIX);
	/* Effective settings come from the service that talks to clients:
	 * for postscreen that is the smtpd "pass" entry. */
	l->pf = cfg;
	l->service = svc->name;
	l->name = svc->name;
	l->scope = svc->scope;
	l->loc = svc->loc;
	split_endpoint(r, svc->name, &host, &port);
	l->port = resolve_port(port);
	if (l->port == 0 && !template_has_placeholder(port, strlen(port)))
		diag_add(dl, SEV_WARN, &svc->loc, "master.cf service \"%s\": "
		    "unknown port \"%s\"", svc->name, port);
	l->protocol = protocol_for(l->port);
	l->address = host != NULL ? host : interfaces_address(r);
	l->loopback = resolve_addr_is_loopback(l->address);
	derive_tls(r, l, cfg, dl);
	disable = pf_value(r, NULL, "master_service_disable");
	if (words_has(disable, "inet") ||
	    words_has(disable, arena_cat(r->arena, svc->name, ".inet", (char *)NULL))) {
		l->enabled = false;
		l->disabled_reason = "master_service_disable";
	}
	resolve_listener_add(r, l);
}

void
resolve_postfix(struct resolved *r, struct diag_list *dl)
{
	const struct pf_model	*pf = &r->model->pf;
	size_t			 i;

	pick_version(r, dl);
	if (pf->master_file != NULL && pf->main_file == NULL) {
		char	v[64];

		/* The output says what stood in for the missing file. */
		diag_addf(dl, SEV_INFO, pf->master_file, 0, 0, "no main.cf "
		    "read: its parameters are Postfix %s's defaults (name "
		    "yours with --postfix-dir or as an argument)",
		    version_format(&r->pf_version, v, sizeof(v)));
	}
	if (pf->master_file == NULL) {
		/* Without master.cf (a lone main.cf linted in a config repo)
		 * judge the stock one: only "smtp inet ... smtpd" is active. */
		struct pf_service	*svc;

		if (pf->main_file != NULL)
			diag_addf(dl, SEV_INFO, pf->main_file, 0, 0, "no "
			    "master.cf read: judged with the stock one (only "
			    "smtp inet active; name yours with --postfix-dir "
			    "or as an argument)");

		svc = arena_alloc(r->arena, sizeof(*svc));
		svc->name = "smtp";
		svc->type = "inet";
		svc->command = "smtpd";
		svc->scope = "smtp/inet";
		svc->loc.file = pf->main_file;
		add_service(r, svc, dl);
	}
	for (i = 0; i < pf->n_services; i++) {
		const struct pf_service	*svc = pf->services[i];

		if (svc->superseded || strcmp(svc->type, "inet") != 0)
			continue;
		add_service(r, svc, dl);
	}
}
