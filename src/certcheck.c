/* SPDX-License-Identifier: MIT */
/*
 * certcheck - find the files each listener uses, read them once, and
 * make one use per certificate chain or DH file (certcheck.h).
 *
 * Paths: Postfix reads its TLS files relative to queue_directory (its
 * daemons run there); Dovecot a "<file" relative to the directory of the
 * file holding the setting.  Values that still hold "$", "%" or template
 * braces are not paths maillint can know, and are skipped as filecheck
 * skips them.  Each distinct path, or list of paths, is read and parsed
 * once per run (a hash by root path); a hostile tree naming one file a
 * million times costs one read.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "certcheck_int.h"
#include "certname.h"
#include "fsroot.h"
#include "resolve.h"
#include "strbuf.h"

#define PF_QUEUE_DIR	"/var/spool/postfix"	/* queue_directory default */
#define MAX_CHAIN_FILES	16			/* smtpd_tls_chain_files entries read */

void
certcheck_opts_default(struct certcheck_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->warn_days = CERTCHECK_DEF_WARN_DAYS;
	o->error_days = CERTCHECK_DEF_ERROR_DAYS;
	o->max_size = CERTCHECK_DEF_MAX_SIZE;
}

/* usable - an effective value that names a path maillint can know */
static bool
usable(const struct eff *e)
{
	return e != NULL && !e->unknown && e->value[0] != '\0' &&
	    strpbrk(e->value, "$%{") == NULL &&
	    (e->origin == NULL || (e->origin->flags &
	    (SET_TEMPLATE | SET_VARIABLE)) == 0);
}

/* classify - why a path was not read: filecheck's (missing), a
 * permission problem, or something to say here */
static void
classify(struct cc_ctx *c, struct cc_file *f, const char *base,
    const char *path, const char *err, const struct setting *s,
    const char *name)
{
	struct stat	 st;
	const char	*serr, *key;

	f->err = err;
	if (strcmp(err, "permission denied") == 0) {
		f->unreadable = true;
		return;
	}
	if (fsroot_stat(c->fr, base, path, &st, &serr) != 0 ||
	    !S_ISREG(st.st_mode)) {
		f->missing = true;	/* filecheck has said so */
		return;
	}
	key = arena_printf(c->a, "%s\n%s", base, path);
	if (hmap_get(&c->warned, key) != NULL)
		return;
	hmap_put(&c->warned, key, (void *)key);
	if (s != NULL)
		diag_add(c->dl, SEV_WARN, &s->loc, "%s: \"%s\" not checked: %s",
		    name, path, err);
	else
		diag_addf(c->dl, SEV_WARN, NULL, 0, 0, "%s: \"%s\" not "
		    "checked: %s", name, path, err);
}

/*
 * load - the files paths[0..n) (relative to base) read into one set, in
 * order; cached.  s and name say where they are named, for diagnostics.
 */
static struct cc_file *
load(struct cc_ctx *c, const char *base, const char *const *paths, size_t n,
    const struct setting *s, const char *name)
{
	struct strbuf		 key = STRBUF_INIT;
	struct cc_file		*f;
	struct fsroot_file	 file;
	const char		*err;
	size_t			 i;

	/* Absolute paths name the same files from any base: Postfix and
	 * Dovecot sharing a certificate read and parse it once. */
	for (i = 0; i < n && paths[i][0] == '/'; i++)
		continue;
	strbuf_adds(&key, i == n ? "" : base);
	for (i = 0; i < n; i++) {
		strbuf_addc(&key, '\n');
		strbuf_adds(&key, paths[i]);
	}
	if ((f = hmap_get(&c->files, strbuf_cstr(&key))) != NULL) {
		strbuf_free(&key);
		return f;
	}
	f = arena_alloc(c->a, sizeof(*f));
	hmap_put(&c->files, arena_strdup(c->a, strbuf_cstr(&key)), f);
	strbuf_free(&key);
	f->display = fsroot_display(c->fr, fsroot_join(c->fr, base, paths[0]));
	/* The set (and so OpenSSL, osslmod.h) only once a file is read. */
	for (i = 0; i < n; i++) {
		if (fsroot_read_secret(c->fr, base, paths[i], c->o->max_size,
		    &file, &err) != 0) {
			classify(c, f, base, paths[i], err, s, name);
			certpem_free(&f->set);
			return f;
		}
		if (f->set == NULL)
			f->set = certpem_new(c->a);
		certpem_add(f->set, file.data, file.len);
		/* The buffer may hold a private key: wiped before it goes. */
		certpem_wipe(file.data, file.len);
		fsroot_file_release(&file);
	}
	if (f->set == NULL)
		return f;
	VEC_GROW(c->sets, c->n_sets, c->cap_sets);
	c->sets[c->n_sets++] = f->set;
	return f;
}

/* new_use - a use of kind by listener l (or a section: scope) */
static struct cert_use *
new_use(struct cc_ctx *c, enum product p, const struct listener *l,
    const char *scope, const char *kind)
{
	struct cert_use	*u = arena_alloc(c->a, sizeof(*u));

	u->product = p;
	u->l = l;
	u->scope = scope != NULL ? scope : l != NULL ? l->scope : "";
	u->kind = kind;
	u->public_ = l != NULL && l->enabled && !l->loopback;
	u->key_status = "none";
	u->key_match = "unknown";
	u->host_covered = "unknown";
	u->expiry = "";
	u->chain = "";
	u->sig_hash = "";
	u->key_type = "";
	VEC_GROW(c->u->v, c->u->len, c->u->cap);
	c->u->v[c->u->len++] = u;
	return u;
}

/* A certificate setting as found: name, value, origin, path, base. */
struct named {
	const char		*name;
	const char		*value;
	const struct setting	*origin;
	const char		*path;
	const char		*base;
};

/* from_eff - n from an effective Postfix-style value (the path itself) */
static bool
from_eff(const struct eff *e, const char *name, const char *base,
    struct named *n)
{
	memset(n, 0, sizeof(*n));
	if (!usable(e))
		return false;
	n->name = e->origin != NULL ? e->origin->name : name;
	n->value = e->value;
	n->origin = e->origin;
	n->path = e->value + strspn(e->value, " \t");
	n->base = base;
	return n->path[0] != '\0';
}

/* dc_named - n from a Dovecot value: "<path", or a 2.4 *_file path */
static bool
dc_named(struct cc_ctx *c, const struct eff *e, const char *name,
    struct named *n)
{
	const struct setting	*o;
	size_t			 len;

	if (!from_eff(e, name, "/", n))
		return false;
	o = e->origin;
	len = strlen(n->name);
	if (n->path[0] == '<')
		n->path += 1 + strspn(n->path + 1, " \t");
	else if (len < 5 || strcmp(n->name + len - 5, "_file") != 0)
		return false;	/* the PEM itself, inline: not a file */
	if (o != NULL && o->loc.file != NULL)
		n->base = fsroot_dirname(c->fr, fsroot_user_path(c->fr,
		    o->loc.file));
	return n->path[0] != '\0';
}

/* first_key - index of the first key of s, or -1 */
static int
first_key(const struct certpem_set *s)
{
	return s != NULL && s->n_keys > 0 ? 0 : -1;
}

/* key_from - the key of a pair: its set and index, or why there is none */
static const struct certpem_set *
key_from(struct cc_ctx *c, struct cert_use *u, const struct named *cert,
    const struct cc_file *fc, const struct named *key, int *k_r)
{
	struct cc_file	*fk;

	*k_r = -1;
	if (key == NULL || strcmp(key->path, cert->path) == 0) {
		/* The key in the certificate's own file. */
		u->key_file = u->file;
		if ((*k_r = first_key(fc->set)) < 0)
			u->key_note = "no private key in the certificate's file";
		return fc->set;
	}
	u->key_setting = key->name;
	u->key_origin = key->origin;
	fk = load(c, key->base, &key->path, 1, key->origin, key->name);
	u->key_file = fk->display;
	if (fk->set != NULL) {
		if ((*k_r = first_key(fk->set)) < 0)
			u->key_note = "no private key in the key file";
		return fk->set;
	}
	u->key_status = fk->unreadable ? "unreadable" : "missing";
	if (fk->unreadable) {
		u->unreadable = fk->display;
		u->unreadable_why = fk->err;
	}
	u->key_note = arena_printf(c->a, "the key file cannot be read: %s",
	    fk->err);
	return NULL;
}

/* pair - a certificate file and its key file (key NULL: the same file) */
static void
pair(struct cc_ctx *c, enum product p, const struct listener *l,
    const char *scope, const struct named *cert, const struct named *key,
    const char *host, const char *host_from)
{
	struct cc_file			*fc;
	struct cert_use			*u;
	const struct certpem_set	*ks;
	int				 k;

	fc = load(c, cert->base, &cert->path, 1, cert->origin, cert->name);
	if (fc->set == NULL && !fc->unreadable)
		return;
	u = new_use(c, p, l, scope, "certificate");
	u->setting = cert->name;
	u->value = cert->value;
	u->origin = cert->origin;
	u->file = fc->display;
	u->host = host;
	u->host_from = host_from;
	if (fc->set == NULL) {
		u->status = "unreadable";
		u->status_note = fc->err;
		u->unreadable = fc->display;
		u->unreadable_why = fc->err;
		return;
	}
	ks = key_from(c, u, cert, fc, key, &k);
	certcheck_judge(c, u, fc->set, 0, fc->set->n_certs, ks, k);
}

/* dh - a DH parameter file */
static void
dh(struct cc_ctx *c, enum product p, const struct listener *l,
    const char *scope, const struct named *n)
{
	struct cc_file	*f;
	struct cert_use	*u;

	f = load(c, n->base, &n->path, 1, n->origin, n->name);
	if (f->set == NULL && !f->unreadable)
		return;
	u = new_use(c, p, l, scope, "dh_params");
	u->setting = n->name;
	u->value = n->value;
	u->origin = n->origin;
	u->file = f->display;
	if (f->set == NULL) {
		u->status = "unreadable";
		u->status_note = f->err;
		u->unreadable = f->display;
		u->unreadable_why = f->err;
	} else
		certcheck_dh(c, u, f->set);
}

/* chain_files - Postfix smtpd_tls_chain_files: one use per key and the
 * certificates that follow it */
static void
chain_files(struct cc_ctx *c, const struct listener *l, const struct named *n,
    const char *host)
{
	const char		*paths[MAX_CHAIN_FILES], *v = n->path;
	const char		*sep = ", \t\r\n";
	struct cc_file		*f;
	struct cert_use		*u;
	size_t			 np = 0, len, k, b, e;

	for (v += strspn(v, sep); *v != '\0' && np < MAX_CHAIN_FILES;
	    v += strspn(v, sep)) {
		len = strcspn(v, sep);
		paths[np++] = arena_strndup(c->a, v, len);
		v += len;
	}
	if (np == 0)
		return;
	f = load(c, n->base, paths, np, n->origin, n->name);
	if (f->set == NULL && !f->unreadable)
		return;
	for (k = 0; f->set == NULL || k <= f->set->n_keys; k++) {
		/* Group k: after key k - 1 (k = 0: before any key). */
		b = f->set == NULL || k == 0 ? 0 : f->set->keys[k - 1].first_cert;
		e = f->set == NULL ? 0 : k < f->set->n_keys ?
		    f->set->keys[k].first_cert : f->set->n_certs;
		if (f->set != NULL && k == 0 && e == 0 && f->set->n_keys > 0)
			continue;	/* nothing before the first key */
		u = new_use(c, PRODUCT_POSTFIX, l, NULL, "certificate");
		u->setting = n->name;
		u->value = n->value;
		u->origin = n->origin;
		u->file = f->display;
		u->key_setting = n->name;
		u->key_origin = n->origin;
		u->key_file = f->display;
		u->host = host;
		u->host_from = "myhostname";
		if (f->set == NULL) {
			u->status = "unreadable";
			u->status_note = f->err;
			u->unreadable = f->display;
			u->unreadable_why = f->err;
			return;
		}
		if (k == 0)
			u->key_note = "certificates before any private key";
		certcheck_judge(c, u, f->set, b, e, f->set, (int)k - 1);
	}
}

/* pf_listener - the files of a Postfix listener */
static void
pf_listener(struct cc_ctx *c, const struct listener *l)
{
	static const char *const pairs[][2] = {
		{ "smtpd_tls_cert_file", "smtpd_tls_key_file" },
		{ "smtpd_tls_eccert_file", "smtpd_tls_eckey_file" },
		{ "smtpd_tls_dcert_file", "smtpd_tls_dkey_file" },
	};
	const struct eff	*e;
	const char		*base = PF_QUEUE_DIR, *host = NULL;
	struct named		 cert, key;
	size_t			 i;

	e = resolve_listener_eff(c->memo, l, "queue_directory");
	if (usable(e) && e->value[0] == '/')
		base = e->value;
	e = resolve_listener_eff(c->memo, l, "myhostname");
	if (usable(e) && e->origin != NULL && certname_is_host(e->value))
		host = e->value;
	if (from_eff(resolve_listener_eff(c->memo, l, "smtpd_tls_chain_files"),
	    "smtpd_tls_chain_files", base, &cert))
		chain_files(c, l, &cert, host);
	else
		for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
			if (!from_eff(resolve_listener_eff(c->memo, l,
			    pairs[i][0]), pairs[i][0], base, &cert))
				continue;
			pair(c, PRODUCT_POSTFIX, l, NULL, &cert,
			    from_eff(resolve_listener_eff(c->memo, l,
			    pairs[i][1]), pairs[i][1], base, &key) ? &key : NULL,
			    host, "myhostname");
		}
	if (from_eff(resolve_listener_eff(c->memo, l,
	    "smtpd_tls_dh1024_param_file"), "smtpd_tls_dh1024_param_file",
	    base, &cert))
		dh(c, PRODUCT_POSTFIX, l, NULL, &cert);
}

/* dc_host - Dovecot's "hostname", when the configuration sets it */
static const char *
dc_host(struct cc_ctx *c)
{
	const struct eff	*e = resolve_dc(c->memo, NULL, "hostname");

	return usable(e) && e->origin != NULL && certname_is_host(e->value) ?
	    e->value : NULL;
}

/* dc_eff - a Dovecot setting of listener l (NULL: global), either name */
static bool
dc_eff(struct cc_ctx *c, const struct listener *l, const char *n23,
    const char *n24, struct named *n)
{
	return dc_named(c, resolve_dc(c->memo, l, n23), n23, n) ||
	    (n24 != NULL && dc_named(c, resolve_dc(c->memo, l, n24), n24, n));
}

/* dc_listener - the files of a Dovecot listener */
static void
dc_listener(struct cc_ctx *c, const struct listener *l)
{
	struct named	 cert, key;
	const char	*host = dc_host(c);

	if (dc_eff(c, l, "ssl_cert", "ssl_server_cert_file", &cert))
		pair(c, PRODUCT_DOVECOT, l, NULL, &cert,
		    dc_eff(c, l, "ssl_key", "ssl_server_key_file", &key) ?
		    &key : NULL, host, "hostname");
	if (dc_eff(c, l, "ssl_alt_cert", "ssl_server_alt_cert_file", &cert))
		pair(c, PRODUCT_DOVECOT, l, NULL, &cert,
		    dc_eff(c, l, "ssl_alt_key", "ssl_server_alt_key_file",
		    &key) ? &key : NULL, host, "hostname");
	if (dc_eff(c, l, "ssl_dh", "ssl_server_dh_file", &cert))
		dh(c, PRODUCT_DOVECOT, l, NULL, &cert);
}

/* sec_named - a setting of section sec itself, either name */
static bool
sec_named(struct cc_ctx *c, const struct dc_section *sec, const char *n23,
    const char *n24, struct named *n)
{
	const struct setting	*s;
	struct eff		 e;

	if ((s = model_dc_get(sec, n23)) == NULL &&
	    (s = model_dc_get(sec, n24)) == NULL)
		return false;
	memset(&e, 0, sizeof(e));
	e.name = s->name;
	e.value = s->value;
	e.raw = setting_raw(s);
	e.origin = s;
	e.unknown = (s->flags & SET_TEMPLATE) != 0;
	return dc_named(c, &e, s->name, n);
}

/* dc_sections - local_name and local sections with a certificate of
 * their own (Dovecot picks them by SNI name or local address) */
static void
dc_sections(struct cc_ctx *c, const struct dc_section *sec, bool public_)
{
	struct named	 cert, key;
	const char	*host, *from = "local_name";
	size_t		 i, first, start;

	for (i = 0; i < sec->n_children; i++)
		dc_sections(c, sec->children[i], public_);
	if (!sec->filter || (strcmp(sec->type, "local_name") != 0 &&
	    strcmp(sec->type, "local") != 0) ||
	    !sec_named(c, sec, "ssl_cert", "ssl_server_cert_file", &cert))
		return;
	host = NULL;
	if (strcmp(sec->type, "local_name") == 0) {
		/* local_name "a.example.org b.example.org": the first name */
		start = strspn(sec->name, "\" ");
		first = strcspn(sec->name + start, "\" ");
		host = arena_strndup(c->a, sec->name + start, first);
		if (!certname_is_host(host))
			host = NULL;
	} else {
		host = dc_host(c);
		from = "hostname";
	}
	if (!sec_named(c, sec, "ssl_key", "ssl_server_key_file", &key) &&
	    !dc_eff(c, NULL, "ssl_key", "ssl_server_key_file", &key)) {
		pair(c, PRODUCT_DOVECOT, NULL, sec->scope, &cert, NULL, host,
		    from);
	} else
		pair(c, PRODUCT_DOVECOT, NULL, sec->scope, &cert, &key, host,
		    from);
	if (c->u->len > 0 && c->u->v[c->u->len - 1]->l == NULL)
		c->u->v[c->u->len - 1]->public_ = public_;
}

struct cert_uses *
certcheck_run(const struct resolved *r, struct fsroot *fr,
    const struct certcheck_opts *o, struct diag_list *dl)
{
	struct cc_ctx	 c;
	struct cert_uses *u = xcalloc(1, sizeof(*u));
	bool		 dc_tls = false, dc_public = false;
	size_t		 i;

	memset(&c, 0, sizeof(c));
	u->arena = arena_new();
	c.r = r;
	c.fr = fr;
	c.o = o;
	c.dl = dl;
	c.u = u;
	c.a = u->arena;
	c.memo = resolve_memo_new(r, c.a);
	for (i = 0; i < r->n_listeners; i++) {
		const struct listener	*l = r->listeners[i];

		if (!l->enabled || l->tls == TLS_NONE)
			continue;
		if (l->product == PRODUCT_POSTFIX)
			pf_listener(&c, l);
		else {
			dc_tls = true;
			dc_public = dc_public || !l->loopback;
			dc_listener(&c, l);
		}
	}
	/* Sections serve whichever Dovecot TLS listener a client reaches. */
	if (r->model->dc.present && r->model->dc.root != NULL && dc_tls)
		dc_sections(&c, r->model->dc.root, dc_public);
	for (i = 0; i < c.n_sets; i++)
		certpem_free(&c.sets[i]);
	free(c.sets);
	hmap_free(&c.files);
	hmap_free(&c.warned);
	resolve_memo_free(&c.memo);
	return u;
}

void
certcheck_free(struct cert_uses **up)
{
	struct cert_uses	*u;

	if (up == NULL || (u = *up) == NULL)
		return;
	arena_free(&u->arena);
	free(u->v);
	free(u);
	*up = NULL;
}
