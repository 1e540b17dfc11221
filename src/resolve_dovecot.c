/* SPDX-License-Identifier: MIT */
/*
 * resolve_dovecot - effective Dovecot settings and listeners.
 *
 * Lookup order for a listener (reference/dovecot.md 1.2, 3.3): the
 * inet_listener section, its service section, the "protocol NAME" filter,
 * the global scope, then the target version's default.  Obsolete names are
 * mapped as Dovecot does (2.2 ssl_protocols -> ssl_min_protocol in 2.3;
 * 2.4 renames).  Listeners are the built-in ones of each login service
 * (imap 143 / imaps 993, pop3 110 / pop3s 995, submission 587, 2.4's
 * submissions 465, sieve 4190) merged with the configured inet_listener
 * sections.  Connection filters (remote/local) are consulted only to find
 * plaintext authentication allowed for some clients.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "defaults.h"
#include "model.h"
#include "resolve_int.h"
#include "words.h"
#include "strbuf.h"
#include "template.h"
#include "tlsproto.h"

#define VAR_DEPTH_MAX	8

static const struct builtin {
	const char	*service;
	const char	*protocol;
	const char	*listener;
	unsigned	 port;
	bool		 ssl;
	bool		 only24;
} builtins[] = {
	{ "imap-login", "imap", "imap", 143, false, false },
	{ "imap-login", "imap", "imaps", 993, true, false },
	{ "pop3-login", "pop3", "pop3", 110, false, false },
	{ "pop3-login", "pop3", "pop3s", 995, true, false },
	{ "submission-login", "submission", "submission", 587, false, false },
	{ "submission-login", "submission", "submissions", 465, true, true },
	{ "managesieve-login", "sieve", "sieve", 4190, false, false },
};

static const struct eff *dc_lookup(struct resolve_memo *m,
		    const struct listener *l,
		    const char *name, int depth);

/* expand_vars - substitute whole "$name" / "$SET:name" tokens */
static const char *
expand_vars(struct resolve_memo *m, const struct listener *l, const char *name,
    const char *value, int depth)
{
	const struct resolved	*r = m->r;
	struct strbuf	 sb = STRBUF_INIT;
	const char	*p = value, *out;

	while (*p != '\0') {
		size_t	ws = strspn(p, " \t"), n;

		strbuf_add(&sb, p, ws);
		p += ws;
		n = strcspn(p, " \t");
		if (n > 1 && p[0] == '$') {
			char			*ref = arena_strndup(m->a, p + 1, n - 1);
			const char		*sub = NULL;
			const struct eff	*e;

			if (strncmp(ref, "SET:", 4) == 0)
				ref += 4;
			if (strcmp(ref, name) == 0)
				/* A self-reference with nothing earlier
				 * starts from the default. */
				sub = defaults_get(r->opts->dc_defaults, name,
				    &r->dc_version);
			else if (depth < VAR_DEPTH_MAX &&
			    (e = dc_lookup(m, l, ref, depth + 1)) != NULL)
				sub = e->value;
			strbuf_adds(&sb, sub != NULL ? sub : "");
		} else
			strbuf_add(&sb, p, n);
		p += n;
	}
	out = arena_strdup(m->a, strbuf_cstr(&sb));
	strbuf_free(&sb);
	return out;
}

/* Dovecot 2.4 boolean lists (core 2.4.1 master-settings.c,
 * auth-settings.c, login-settings.c): "name = a b" replaces the list,
 * "name { a = yes  b = no }" adds and removes entries, in file order. */
static const char *const boollists[] = {
	"protocols", "listen", "auth_mechanisms", "login_trusted_networks",
	NULL
};

/* 2.4 named filters whose settings may leave off the filter's name:
 * "ssl_server { cert_file = X }" is ssl_server_cert_file (ssl-settings.c). */
static const char *const named_filters[] = { "ssl_server", "ssl_client", NULL };

static bool
is_boollist(const struct resolved *r, const char *name)
{
	size_t	i;

	for (i = 0; r->dc_24 && boollists[i] != NULL; i++)
		if (strcmp(boollists[i], name) == 0)
			return true;
	return false;
}

/* sec_get - name set in sec itself, or (2.4) in its named filter */
static const struct setting *
sec_get(const struct resolved *r, const struct dc_section *sec,
    const char *name)
{
	const struct dc_section	*f;
	const struct setting	*s, *t;
	size_t			 i, n;

	s = model_dc_get(sec, name);
	for (i = 0; r->dc_24 && named_filters[i] != NULL; i++) {
		n = strlen(named_filters[i]);
		if (strncmp(name, named_filters[i], n) != 0 || name[n] != '_' ||
		    (f = model_dc_find(sec, named_filters[i], "")) == NULL)
			continue;
		/* The filter's setting applies wherever the filter does. */
		if ((t = model_dc_get(f, name + n + 1)) != NULL ||
		    (t = model_dc_get(f, name)) != NULL)
			s = t;
	}
	return s;
}

/* sec_has - sec sets name: directly, in a named filter, or (2.4) as a
 * boolean list block */
static bool
sec_has(const struct resolved *r, const struct dc_section *sec,
    const char *name)
{
	return sec_get(r, sec, name) != NULL || (is_boollist(r, name) &&
	    model_dc_find(sec, name, "") != NULL);
}

/* find_scope - the first section along the listener's chain that sets
 * name, or NULL */
static const struct dc_section *
find_scope(const struct resolved *r, const struct listener *l,
    const char *name)
{
	const struct dc_section	*root = r->model->dc.root, *sec, *f;

	if (root == NULL)
		return NULL;
	if (l != NULL) {
		for (sec = l->dc; sec != NULL && sec != root; sec = sec->parent)
			if (sec_has(r, sec, name))
				return sec;
		if (l->dc == NULL && (sec = model_dc_find(root, "service",
		    l->service)) != NULL && sec_has(r, sec, name))
			return sec;
		if ((f = model_dc_find(root, "protocol", l->protocol)) != NULL &&
		    sec_has(r, f, name))
			return f;
	}
	return sec_has(r, root, name) ? root : NULL;
}

/* find_setting - explicit setting along the listener's chain, or NULL */
static const struct setting *
find_setting(const struct resolved *r, const struct listener *l, const char *name)
{
	const struct dc_section	*sec = find_scope(r, l, name);

	return sec != NULL ? sec_get(r, sec, name) : NULL;
}

/* list_remove - drop every "word" (any case) from the word list in sb */
static void
list_remove(struct strbuf *sb, const char *word)
{
	struct strbuf	 out = STRBUF_INIT;
	const char	*p = strbuf_cstr(sb);
	size_t		 n, wl = strlen(word);

	while (*p != '\0') {
		p += strspn(p, ", \t");
		if ((n = strcspn(p, ", \t")) == 0)
			break;
		if (n != wl || strncasecmp(p, word, n) != 0)
			strbuf_printf(&out, "%s%.*s", out.len > 0 ? " " : "",
			    (int)n, p);
		p += n;
	}
	strbuf_reset(sb);
	strbuf_adds(sb, strbuf_cstr(&out));
	strbuf_free(&out);
}

/* boollist - a 2.4 boolean list as set in sec: the last "name = ..."
 * (else the default) with the later "name { entry = yes/no }" applied */
static struct eff *
boollist(struct resolve_memo *m, const struct dc_section *sec,
    const char *name)
{
	const struct resolved	*r = m->r;
	const struct setting	*base = sec_get(r, sec, name), *origin = base;
	const struct dc_section	*bl = model_dc_find(sec, name, "");
	struct strbuf		 sb = STRBUF_INIT;
	const char		*v;
	struct eff		*e;
	size_t			 i;

	v = base != NULL ? base->value :
	    defaults_get(r->opts->dc_defaults, name, &r->dc_version);
	strbuf_adds(&sb, v != NULL ? v : "");
	for (i = 0; bl != NULL && i < bl->n_settings; i++) {
		const struct setting	*s = bl->settings[i];

		if (base != NULL && s->seq < base->seq)
			continue;
		if (resolve_bool(s->value, false)) {
			if (!words_has(strbuf_cstr(&sb), s->name))
				strbuf_printf(&sb, "%s%s", sb.len > 0 ? " " :
				    "", s->name);
		} else
			list_remove(&sb, s->name);
		if (origin == NULL || s->seq > origin->seq)
			origin = s;
	}
	e = resolve_eff_new(m->a, arena_strdup(m->a, name),
	    arena_strdup(m->a, strbuf_cstr(&sb)), NULL, origin);
	e->unknown = origin != NULL && (origin->flags & SET_TEMPLATE) != 0;
	strbuf_free(&sb);
	return e;
}

/* mapped - derive a setting from its obsolete or renamed form */
static struct eff *
mapped(struct resolve_memo *m, const struct listener *l, const char *name,
    int depth)
{
	const struct resolved	*r = m->r;
	const struct setting	*s;
	const char		*v;

	if (strcmp(name, "ssl_min_protocol") == 0 &&
	    version_at_least(&r->dc_version, "2.3") &&
	    (s = find_setting(r, l, "ssl_protocols")) != NULL &&
	    (v = tlsproto_dovecot_min_from_protocols(s->value)) != NULL)
		/* Dovecot 2.3 converts the obsolete list; one it cannot
		 * convert is logged and the default stays. */
		return resolve_eff_new(m->a, name, v, s->value, s);
	if (strcmp(name, "disable_plaintext_auth") == 0 &&
	    (s = find_setting(r, l, "auth_allow_cleartext")) != NULL)
		return resolve_eff_new(m->a, name,
		    resolve_bool(s->value, false) ? "no" : "yes", s->value, s);
	if (strcmp(name, "ssl_cert") == 0 &&
	    (s = find_setting(r, l, "ssl_server_cert_file")) != NULL)
		return resolve_eff_new(m->a, name, s->value, s->value, s);
	if (strcmp(name, "ssl_key") == 0 &&
	    (s = find_setting(r, l, "ssl_server_key_file")) != NULL)
		return resolve_eff_new(m->a, name, s->value, s->value, s);
	(void)depth;
	return NULL;
}

static const struct eff *
dc_lookup(struct resolve_memo *m, const struct listener *l, const char *name,
    int depth)
{
	const struct resolved	*r = m->r;
	const struct hmap	*frozen = resolve_memo_dc_frozen(m, l);
	struct hmap		*cache = resolve_memo_dc(m, l);
	const struct setting	*s;
	const struct dc_section	*sec;
	const char		*v;
	struct eff		*e;

	if (frozen != NULL && (e = hmap_get(frozen, name)) != NULL)
		return e;
	if ((e = hmap_get(cache, name)) != NULL)
		return e;
	if (is_boollist(r, name) && (sec = find_scope(r, l, name)) != NULL) {
		e = boollist(m, sec, name);
	} else if ((s = find_setting(r, l, name)) != NULL) {
		v = s->value;
		if (s->flags & SET_VARIABLE)
			v = expand_vars(m, l, name, v, depth);
		e = resolve_eff_new(m->a, arena_strdup(m->a, name), v, setting_raw(s), s);
		e->unknown = (s->flags & SET_TEMPLATE) != 0;
	} else if ((e = mapped(m, l, name, depth)) != NULL) {
		e->unknown = (e->origin->flags & SET_TEMPLATE) != 0;
	} else if ((v = defaults_get(r->opts->dc_defaults, name,
	    &r->dc_version)) != NULL) {
		e = resolve_eff_new(m->a, arena_strdup(m->a, name), v, v, NULL);
	} else
		return NULL;
	hmap_put(cache, e->name, e);
	return e;
}

const struct eff *
resolve_dc(struct resolve_memo *m, const struct listener *l, const char *name)
{
	return dc_lookup(m, l, name, 0);
}

static const char *
dc_value(struct resolved *r, const struct listener *l, const char *name)
{
	const struct eff	*e = resolve_dc(r->memo, l, name);

	return e != NULL ? e->value : "";
}

/* pick_version - option, dovecot_config_version, dialect hints, default */
static void
pick_version(struct resolved *r, struct diag_list *dl)
{
	const struct dc_section	*root = r->model->dc.root;
	const struct setting	*s = NULL;

	version_parse(DC_DEFAULT_VERSION, &r->dc_version);
	r->dc_version_source = "default";
	if (r->opts->dc_version != NULL) {
		if (version_parse(r->opts->dc_version, &r->dc_version) == 0)
			r->dc_version_source = "option";
		else
			diag_add(dl, SEV_ERROR, NULL, "invalid --dovecot-version "
			    "\"%s\"; using %s", r->opts->dc_version,
			    DC_DEFAULT_VERSION);
	} else if (root != NULL &&
	    (s = model_dc_get(root, "dovecot_config_version")) != NULL &&
	    version_parse(s->value, &r->dc_version) == 0) {
		r->dc_version_source = "dovecot_config_version";
	} else if (root != NULL && (model_dc_get(root, "ssl_server_cert_file") ||
	    model_dc_get(root, "auth_allow_cleartext"))) {
		version_parse("2.4.0", &r->dc_version);
		r->dc_version_source = "2.4 setting names";
	} else if (root != NULL && (model_dc_get(root, "ssl_dh_parameters_length") ||
	    model_dc_get(root, "ssl_parameters_regenerate")) &&
	    model_dc_get(root, "ssl_min_protocol") == NULL &&
	    model_dc_get(root, "ssl_dh") == NULL) {
		/* 2.2-only names, and none that only 2.3 knows. */
		version_parse("2.2.36", &r->dc_version);
		r->dc_version_source = "2.2 setting names";
	}
	r->dc_24 = version_at_least(&r->dc_version, "2.4");
}

/* infer_protocols - Debian adds protocols from protocols.d files that a
 * snapshot may lack; the conf.d/20-<proto>.conf file of the same package
 * tells which were installed. */
static void
infer_protocols(struct resolved *r, struct diag_list *dl)
{
	static const struct { const char *file, *proto; } map[] = {
		{ "20-imap.conf", "imap" }, { "20-pop3.conf", "pop3" },
		{ "20-lmtp.conf", "lmtp" }, { "20-submission.conf", "submission" },
		{ "20-managesieve.conf", "sieve" },
	};
	const struct dc_model	*dc = &r->model->dc;
	struct strbuf		 sb = STRBUF_INIT;
	size_t			 i, j;
	bool			 missing = false;

	const struct eff	*pe = resolve_dc(r->memo, NULL, "protocols");
	bool			 unknown = pe != NULL && pe->unknown;

	for (i = 0; i < dc->n_empty_globs; i++)
		if (strstr(dc->empty_globs[i], "protocols.d") != NULL)
			missing = true;
	if (!missing && !unknown)
		return;
	if (!unknown)
		strbuf_adds(&sb, r->dc_protocols);
	else if (pe->value != NULL) {
		/* "imap sieve {% if pop %}pop3{% endif %}": imap and sieve
		 * are surely served, pop3 may be. */
		char	*sure = arena_strdup(r->arena, pe->value), *w, *save;

		template_blank_unsure(sure, strlen(sure));
		for (w = strtok_r(sure, " \t,", &save); w != NULL;
		    w = strtok_r(NULL, " \t,", &save))
			strbuf_printf(&sb, "%s%s", sb.len > 0 ? " " : "",
			    w);
	}
	/* "protocol NAME { }" filters name protocols the host serves. */
	for (i = 0; dc->root != NULL && i < dc->root->n_children; i++) {
		const struct dc_section	*f = dc->root->children[i];

		if (strcmp(f->type, "protocol") == 0 &&
		    words_has("imap pop3 lmtp submission sieve", f->name) &&
		    !words_has(strbuf_cstr(&sb), f->name))
			strbuf_printf(&sb, " %s", f->name);
	}
	for (i = 0; i < dc->n_files; i++) {
		const char	*base = strrchr(dc->files[i], '/');

		base = base != NULL ? base + 1 : dc->files[i];
		for (j = 0; j < sizeof(map) / sizeof(map[0]); j++)
			if (strcmp(base, map[j].file) == 0 &&
			    !words_has(strbuf_cstr(&sb), map[j].proto))
				strbuf_printf(&sb, " %s", map[j].proto);
	}
	if (strcmp(strbuf_cstr(&sb), r->dc_protocols) != 0) {
		r->dc_protocols = arena_strdup(r->arena, strbuf_cstr(&sb));
		r->dc_protocols_note = unknown ? "protocols is templated; "
		    "protocols are its sure words and those inferred from "
		    "protocol { } filters and conf.d/20-*.conf" : "protocols.d is not in the tree; "
		    "protocols inferred from conf.d/20-*.conf and protocol { } filters";
		diag_addf(dl, SEV_INFO, dc->conf_file, 0, 0, "%s: \"%s\"",
		    r->dc_protocols_note, r->dc_protocols);
	}
	strbuf_free(&sb);
}

static bool
has_plaintext_mech(const char *mechs)
{
	return words_has(mechs, "plain") || words_has(mechs, "login");
}

/* wide_trust - login_trusted_networks that covers every client */
static bool
wide_trust(const char *nets)
{
	return words_has(nets, "0.0.0.0/0") || words_has(nets, "::/0") ||
	    words_has(nets, "0/0");
}

/* filter_allows_plaintext - a remote filter (not loopback) where some
 * client may authenticate in cleartext: disable_plaintext_auth = no (or
 * auth_allow_cleartext = yes) there, directly or in its protocol filter. */
static bool
filter_allows_plaintext(const struct dc_section *f, const char *proto,
    bool required)
{
	const struct setting	*s;
	const struct dc_section	*p;
	size_t			 i;

	if ((strcmp(f->type, "remote") == 0 || strcmp(f->type, "local") == 0) &&
	    resolve_addr_is_loopback(f->name))
		return false;
	if ((s = model_dc_get(f, "ssl")) != NULL)
		required = strcasecmp(s->value, "required") == 0;
	if (!required && (((s = model_dc_get(f, "disable_plaintext_auth")) != NULL &&
	    !resolve_bool(s->value, true)) ||
	    ((s = model_dc_get(f, "auth_allow_cleartext")) != NULL &&
	    resolve_bool(s->value, false))))
		return true;
	if ((p = model_dc_find(f, "protocol", proto)) != NULL &&
	    filter_allows_plaintext(p, proto, required))
		return true;
	for (i = 0; i < f->n_children; i++)
		if (f->children[i]->filter &&
		    strcmp(f->children[i]->type, "protocol") != 0 &&
		    filter_allows_plaintext(f->children[i], proto, required))
			return true;
	return false;
}

/* filter_ssl - "ssl" for STARTTLS: the protocol filter, else global.  A
 * listener's own "ssl = no" only says it is not implicit TLS. */
static const char *
filter_ssl(struct resolved *r, const struct listener *l)
{
	const struct dc_section	*f;
	const struct setting	*s;

	f = model_dc_find(r->model->dc.root, "protocol", l->protocol);
	if (f != NULL && (s = model_dc_get(f, "ssl")) != NULL)
		return s->value;
	return dc_value(r, NULL, "ssl");
}

static void
derive(struct resolved *r, struct listener *l, bool lssl)
{
	const char	*gssl = dc_value(r, NULL, "ssl"), *pssl, *min;
	const char	*pname, *why;
	bool		 dpa, mechs;
	unsigned	 refused;
	size_t		 i;

	pssl = filter_ssl(r, l);
	if (lssl) {
		l->tls = TLS_IMPLICIT;
		l->tls_required = true;
		if (strcasecmp(gssl, "no") == 0) {
			l->tls = TLS_NONE;
			l->tls_required = false;
			l->enabled = false;
			l->disabled_reason = "ssl = yes on the listener, but global ssl = no";
		}
	} else if (strcasecmp(gssl, "no") == 0 || strcasecmp(pssl, "no") == 0) {
		l->tls = TLS_NONE;
	} else {
		l->tls = TLS_STARTTLS;
		l->tls_required = strcasecmp(pssl, "required") == 0;
	}
	if (l->tls != TLS_NONE) {
		pname = version_at_least(&r->dc_version, "2.3") ?
		    "ssl_min_protocol" : "ssl_protocols";
		l->tls_protocols = resolve_dc(r->memo, l, pname);
		min = l->tls_protocols != NULL ? l->tls_protocols->value : "";
		if (l->tls_protocols != NULL && l->tls_protocols->unknown)
			l->tls_versions = 0;
		else if ((pname[4] == 'm' ?
		    tlsproto_dovecot_min(min, &l->tls_versions) :
		    tlsproto_dovecot_protocols(min, &l->tls_versions)) != 0) {
			l->tls_invalid = true;
			l->tls_versions = 0;
		}
		l->cert_missing = dc_value(r, l, "ssl_cert")[0] == '\0';
	}
	l->tls_versions_configured = l->tls_versions;
	if (l->tls != TLS_NONE && (refused = resolve_ossl_refused(&r->ossl,
	    dc_value(r, l, "ssl_cipher_list"), r->arena, &why)) != 0 &&
	    (l->tls_versions & refused) != 0) {
		l->tls_versions &= ~refused;
		l->tls_library_floor = why;
	}
	l->auth = strcmp(l->protocol, "lmtp") != 0;
	mechs = has_plaintext_mech(dc_value(r, l, "auth_mechanisms"));
	dpa = resolve_bool(dc_value(r, l, "disable_plaintext_auth"), true);
	if (!l->auth || !mechs || l->tls == TLS_IMPLICIT)
		return;
	if (wide_trust(dc_value(r, l, "login_trusted_networks"))) {
		l->plaintext_auth_before_tls = true;
		return;
	}
	l->plaintext_auth_before_tls = !dpa && !l->tls_required;
	for (i = 0; !l->plaintext_auth_before_tls &&
	    i < r->model->dc.root->n_children; i++) {
		const struct dc_section	*f = r->model->dc.root->children[i];

		if (f->filter && strcmp(f->type, "protocol") != 0 &&
		    l->tls != TLS_IMPLICIT)
			l->plaintext_auth_before_tls = filter_allows_plaintext(f,
			    l->protocol, l->tls_required);
	}
}

static const char *
listen_address(struct resolved *r, struct listener *l)
{
	const char	*a = dc_value(r, l, r->dc_24 ? "listen" : "address");

	if (!r->dc_24 && (l->dc == NULL || model_dc_get(l->dc, "address") == NULL))
		a = dc_value(r, NULL, "listen");
	if (strcmp(a, "*, ::") == 0 || strcmp(a, "* ::") == 0 ||
	    strcmp(a, "*") == 0 || strcmp(a, "::") == 0 ||
	    strcmp(a, ":: , *") == 0 || strcmp(a, ":: *") == 0)
		return "*";
	return a;
}

static void
add_listener(struct resolved *r, const char *service, const char *protocol,
    const char *name, const struct dc_section *sec, const struct builtin *b,
    struct diag_list *dl)
{
	struct listener		*l = resolve_listener_new(r, PRODUCT_DOVECOT);
	const struct setting	*s;
	const struct dc_section	*svc;
	bool			 lssl = b != NULL && b->ssl;

	l->service = service;
	l->protocol = protocol;
	l->name = name;
	l->dc = sec;
	l->scope = sec != NULL ? sec->scope :
	    arena_printf(r->arena, "service %s/inet_listener %s", service, name);
	svc = model_dc_find(r->model->dc.root, "service", service);
	l->loc = sec != NULL ? sec->loc : svc != NULL ? svc->loc :
	    (struct loc){ r->model->dc.conf_file, 0, 0 };
	l->port = b != NULL ? b->port : 0;
	if (sec != NULL && (s = model_dc_get(sec, "port")) != NULL &&
	    !(s->flags & SET_TEMPLATE)) {
		/* "port = {{ imaps_port }}" is unknown, not 0: the listener
		 * is judged at its usual port. */
		l->port = resolve_port(s->value);
		if (l->port == 0 && strcmp(s->value, "0") != 0)
			diag_add(dl, SEV_WARN, &s->loc, "invalid port \"%s\"",
			    s->value);
	}
	if (sec != NULL && (s = model_dc_get(sec, "ssl")) != NULL) {
		lssl = resolve_bool(s->value, false);
		l->tls_origin = s;
	}
	l->address = listen_address(r, l);
	l->loopback = resolve_addr_is_loopback(l->address);
	derive(r, l, lssl);
	if (!words_has(r->dc_protocols, protocol)) {
		l->enabled = false;
		l->disabled_reason = arena_printf(r->arena,
		    "protocol %s is not in protocols", protocol);
	} else if (l->port == 0) {
		l->enabled = false;
		l->disabled_reason = "port = 0";
	} else if (l->address[0] == '\0') {
		l->enabled = false;
		l->disabled_reason = "no listen address";
	}
	resolve_listener_add(r, l);
}

static const char *
service_protocol(struct resolved *r, const char *service)
{
	size_t	n = strlen(service);

	if (n > 6 && strcmp(service + n - 6, "-login") == 0) {
		if (strcmp(service, "managesieve-login") == 0)
			return "sieve";
		return arena_strndup(r->arena, service, n - 6);
	}
	return service;
}

/* add_service - built-in listeners of a service merged with its sections */
static void
add_service(struct resolved *r, const char *service, const struct dc_section *sec,
    struct diag_list *dl)
{
	const char	*proto = service_protocol(r, service);
	size_t		 i;

	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		const struct builtin	*b = &builtins[i];

		if (strcmp(b->service, service) != 0 || (b->only24 && !r->dc_24))
			continue;
		add_listener(r, service, b->protocol, b->listener, sec != NULL ?
		    model_dc_find(sec, "inet_listener", b->listener) : NULL, b, dl);
	}
	if (sec == NULL)
		return;
	for (i = 0; i < sec->n_children; i++) {
		const struct dc_section	*c = sec->children[i];
		size_t			 j;
		bool			 builtin = false;

		if (strcmp(c->type, "inet_listener") != 0)
			continue;
		for (j = 0; j < sizeof(builtins) / sizeof(builtins[0]); j++)
			if (strcmp(builtins[j].service, service) == 0 &&
			    strcmp(builtins[j].listener, c->name) == 0 &&
			    (!builtins[j].only24 || r->dc_24))
				builtin = true;
		if (!builtin)
			add_listener(r, service, proto, c->name, c, NULL, dl);
	}
}

/* find_gone - the first setting (depth first, in order) whose name the
 * target version no longer knows; the walk is bounded by max_nesting */
static const struct setting *
find_gone(const struct resolved *r, const struct dc_section *sec)
{
	const struct setting	*s;
	size_t			 i;

	for (i = 0; i < sec->n_settings; i++)
		if (defaults_get(r->opts->dc_gone, sec->settings[i]->name,
		    &r->dc_version) != NULL)
			return sec->settings[i];
	for (i = 0; i < sec->n_children; i++)
		if ((s = find_gone(r, sec->children[i])) != NULL)
			return s;
	return NULL;
}

/* start_error - what makes doveconf 2.4.1 stop before reading any
 * value: the version header, a plugin { } section, an unnamed passdb or
 * userdb (messages as doveconf's), or NULL */
static const char *
start_error(struct resolved *r, const struct dc_section *root)
{
	const struct setting	*first = r->model->dc.first;
	size_t			 i;

	if (first == NULL || strcmp(first->name, "dovecot_config_version") != 0)
		return first == NULL ? "the first setting must be "
		    "dovecot_config_version (there is none)" :
		    arena_printf(r->arena, "the first setting must be "
		    "dovecot_config_version, not %s (%s:%u)", first->name,
		    first->loc.file, first->loc.line);
	if (model_dc_get(root, "dovecot_storage_version") == NULL)
		return "dovecot_storage_version must be set";
	for (i = 0; i < root->n_children; i++) {
		const struct dc_section	*c = root->children[i];

		if (strcmp(c->type, "plugin") == 0)
			return arena_printf(r->arena, "plugin { } (%s:%u) is not "
			    "a section any more: plugin settings are global",
			    c->loc.file, c->loc.line);
		if ((strcmp(c->type, "passdb") == 0 ||
		    strcmp(c->type, "userdb") == 0) && c->name[0] == '\0')
			return arena_printf(r->arena, "%s { } (%s:%u) needs a "
			    "name (%s NAME { })", c->type, c->loc.file,
			    c->loc.line, c->type);
	}
	return NULL;
}

void
resolve_dovecot(struct resolved *r, struct diag_list *dl)
{
	const struct dc_section	*root = r->model->dc.root;
	const struct setting	*s;
	size_t			 i;

	pick_version(r, dl);
	if (root == NULL)
		return;
	if (r->dc_24)
		r->dc_start_error = start_error(r, root);
	if (r->dc_start_error != NULL)
		r->dc_refuses = r->dc_start_error;
	else if (r->dc_24 && (s = find_gone(r, root)) != NULL)
		/* Listeners are still judged as if the old name were read:
		 * renaming it must not reveal new findings. */
		r->dc_refuses = arena_printf(r->arena, "%s (%s:%u) is not a "
		    "Dovecot %s setting", s->name, s->loc.file, s->loc.line,
		    "2.4");
	r->dc_protocols = dc_value(r, NULL, "protocols");
	infer_protocols(r, dl);
	if (words_has(r->dc_protocols, "none"))
		r->dc_protocols = "";
	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (i == 0 || strcmp(builtins[i].service, builtins[i - 1].service) != 0)
			add_service(r, builtins[i].service, model_dc_find(root,
			    "service", builtins[i].service), dl);
	for (i = 0; i < root->n_children; i++) {
		const struct dc_section	*c = root->children[i];
		size_t			 j;
		bool			 known = false;

		if (strcmp(c->type, "service") != 0)
			continue;
		for (j = 0; j < sizeof(builtins) / sizeof(builtins[0]); j++)
			if (strcmp(builtins[j].service, c->name) == 0)
				known = true;
		if (!known && (strcmp(c->name, "lmtp") == 0 ||
		    strstr(c->name, "-login") != NULL))
			add_service(r, c->name, c, dl);
	}
}

bool
resolve_dc_gone(const struct resolved *r, const char *name, struct arena *a,
    struct dc_gone *g)
{
	const char	*row, *sp;

	memset(g, 0, sizeof(*g));
	if ((row = defaults_get(r->opts->dc_gone, name, &r->dc_version)) == NULL)
		return false;
	sp = strchr(row, ' ');
	if (row[0] == '-' && (row[1] == ' ' || row[1] == '\0'))
		g->note = sp != NULL ? arena_strdup(a, sp + 1) : "";
	else {
		g->replacement = sp != NULL ? arena_strndup(a, row,
		    (size_t)(sp - row)) : arena_strdup(a, row);
		g->conversion = sp != NULL ? arena_strdup(a, sp + 1) : "same";
	}
	return true;
}

const char *
resolve_dc_gone_value(const struct dc_gone *g, const char *value,
    struct arena *a)
{
	const char	*c = g->conversion;

	if (g->replacement == NULL)
		return NULL;
	if (strcmp(c, "file") == 0) {
		/* "<path" (2.3 read the file) -> "path" (2.4 takes the path) */
		if (value[0] == '<')
			value++;
		return arena_strdup(a, value + strspn(value, " \t"));
	}
	if (strcmp(c, "invert") == 0) {
		if (strcasecmp(value, "yes") != 0 && strcasecmp(value, "no") != 0)
			return NULL;
		return resolve_bool(value, false) ? "no" : "yes";
	}
	if (strcmp(c, "prefer") == 0) {
		if (strcasecmp(value, "yes") != 0 && strcasecmp(value, "no") != 0)
			return NULL;
		return resolve_bool(value, false) ? "server" : "client";
	}
	if (strcmp(c, "min_protocol") == 0)
		return tlsproto_dovecot_min_from_protocols(value);
	return arena_strdup(a, value);
}
