/* SPDX-License-Identifier: MIT */
/*
 * placeholder - the placeholder table and its two readers (placeholder.h).
 * Adding a placeholder is one line of the table and its expander.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "certfacts.h"
#include "cipherconf.h"
#include "ciphers.h"
#include "cond.h"
#include "i18n.h"
#include "placeholder.h"
#include "strbuf.h"
#include "tlsproto.h"

#define WEAK_VERSIONS	(TLSV_SSLv2 | TLSV_SSLv3 | TLSV_TLSv1 | TLSV_TLSv1_1)

/* l10n: the words a placeholder adds are in the selected language
 * (i18n.h); names, values and numbers are the same in every language */
/* The words of a placeholder: English, or translated when l10n (the
 * English strings are the msgids; xgettext reads L and LN as keywords). */
#define L(msg)		(l10n ? _(msg) : (msg))
#define LN(sg, pl, n)	(l10n ? i18n_ntext(sg, pl, n) : (n) == 1 ? (sg) : (pl))

typedef void	 ph_fn(struct strbuf *sb, const struct subject_ctx *s,
		    bool l10n);

static void
add_str(struct strbuf *sb, const char *v)
{
	strbuf_adds(sb, v != NULL ? v : "");
}

static void
add_versions(struct strbuf *sb, unsigned mask)
{
	unsigned	i;
	bool		first = true;

	for (i = 0; i < TLSV_COUNT; i++) {
		if ((mask & (1u << i)) == 0)
			continue;
		strbuf_printf(sb, "%s%s", first ? "" : " ", tlsproto_name(i));
		first = false;
	}
	if (first)
		strbuf_adds(sb, "none");
}

static void
ph_service(struct strbuf *sb, const struct subject_ctx *s, bool l10n)
{
	add_str(sb, s->l->service);
}

static void
ph_protocol(struct strbuf *sb, const struct subject_ctx *s, bool l10n)
{
	add_str(sb, s->l->protocol);
}

static void
ph_port(struct strbuf *sb, const struct subject_ctx *s, bool l10n)
{
	strbuf_printf(sb, "%u", s->l->port);
}

static void
ph_address(struct strbuf *sb, const struct subject_ctx *s, bool l10n)
{
	add_str(sb, s->l->address);
}

static void
ph_versions(struct strbuf *sb, const struct subject_ctx *s, bool l10n)
{
	add_versions(sb, s->l->tls_versions_configured);
}

static void
ph_weak_versions(struct strbuf *sb, const struct subject_ctx *s, bool l10n)
{
	add_versions(sb, s->l->tls_versions_configured & WEAK_VERSIONS);
}

/* ph_library_note - "; the host's TLS library refuses ... today" when the
 * host's OpenSSL policy takes the configured versions away */
static void
ph_library_note(struct strbuf *sb, const struct subject_ctx *s, bool l10n)
{
	unsigned	gone;

	gone = s->l->tls_versions_configured & ~s->l->tls_versions;
	if (s->l->tls_library_floor == NULL || gone == 0)
		return;
	if ((gone & (gone - 1)) != 0)
		strbuf_printf(sb, L("; only the host's OpenSSL policy refuses "
		    "them today (%s)"), s->l->tls_library_floor);
	else
		strbuf_printf(sb, L("; only the host's OpenSSL policy refuses "
		    "it today (%s)"), s->l->tls_library_floor);
}

/* renamed - the blamed value came from a line of another name (Dovecot
 * 2.4's auth_allow_cleartext for disable_plaintext_auth, 2.2's
 * ssl_protocols for ssl_min_protocol): messages quote that line */
static const struct setting *
renamed(const struct subject_ctx *s)
{
	const struct setting	*o = s->blame_origin;

	return o != NULL && s->blame_name != NULL &&
	    strcmp(o->name, s->blame_name) != 0 ? o : NULL;
}

static void
ph_setting(struct strbuf *sb, const struct subject_ctx *s, bool l10n)
{
	const struct setting	*o = renamed(s);

	add_str(sb, o != NULL ? o->name : s->blame_name);
}

static void
ph_value(struct strbuf *sb, const struct subject_ctx *s, bool l10n)
{
	const struct setting	*o = renamed(s);

	add_str(sb, o != NULL ? o->value : s->blame_value);
}

/*
 * ph_weak_suites - the weak suites the value enables, through OpenSSL:
 * "3DES (DES-CBC3-SHA), RC4 (RC4-SHA RC4-MD5)", at most MAX_SUITES names,
 * and a note when some are names the linked OpenSSL no longer has
 */
#define MAX_SUITES	6

/*
 * suite_names - the names of the weak suites (broken: the CW_BROKEN
 * classes; else those outside the Mozilla profile), at most MAX_SUITES,
 * then " and N more"; true when one of them is a legacy name
 */
static bool
suite_names(struct strbuf *sb, const struct cipher_eval *ev, bool broken,
    bool l10n)
{
	size_t	i, shown = 0;
	bool	legacy = false;

	for (i = 0; i < ev->n; i++) {
		if (broken ? (ev->suites[i].weak & CW_BROKEN) == 0 :
		    ev->suites[i].profile == 0)
			continue;
		legacy |= ev->suites[i].legacy;
		if (shown < MAX_SUITES)
			strbuf_printf(sb, "%s%s", shown ? " " : "",
			    ev->suites[i].name);
		shown++;
	}
	if (shown > MAX_SUITES)
		strbuf_printf(sb, L(" and %zu more"), shown - MAX_SUITES);
	return legacy;
}

static void
ph_weak_suites(struct strbuf *sb, const struct subject_ctx *s, bool l10n)
{
	struct arena		*a = arena_new();
	struct cipher_eval	 ev;
	struct strbuf		 cls = STRBUF_INIT;

	if (ciphers_eval(a, s->blame_value != NULL ? s->blame_value : "",
	    &ev) != 0 || ev.n_broken == 0) {
		strbuf_adds(sb, L("no weak suite"));
		arena_free(&a);
		return;
	}
	ciphers_weak_names(&cls, ev.broken);
	strbuf_printf(sb, LN("%zu weak suite (%s): ", "%zu weak suites (%s): ",
	    ev.n_broken), ev.n_broken, strbuf_cstr(&cls));
	if (suite_names(sb, &ev, true, l10n))
		strbuf_adds(sb, L(" (the linked OpenSSL no longer has some of "
		    "these; older versions enable them)"));
	strbuf_free(&cls);
	arena_free(&a);
}

/*
 * ph_cipher_suites - the listener's suites outside the Mozilla profiles:
 * "12 suites without forward secrecy or AEAD: AES128-SHA ..." (at most
 * MAX_SUITES names)
 */
static void
ph_cipher_suites(struct strbuf *sb, const struct subject_ctx *s, bool l10n)
{
	struct arena		*a = arena_new();
	struct cipher_eval	 ev;
	const struct eff	*d;
	const char		*str;
	size_t			 i, nofs = 0, noaead = 0;

	str = cipherconf_listener(a, s->memo, s->l, &d);
	if (str == NULL || ciphers_eval(a, str, &ev) != 0) {
		strbuf_adds(sb, L("suites that cannot be judged"));
		arena_free(&a);
		return;
	}
	for (i = 0; i < ev.n; i++) {
		nofs += (ev.suites[i].profile & CP_NOFS) != 0;
		noaead += (ev.suites[i].profile & CP_NOAEAD) != 0;
	}
	strbuf_printf(sb, LN("%zu suite outside the profile (%zu without "
	    "forward secrecy, %zu not AEAD): ", "%zu suites outside the profile "
	    "(%zu without forward secrecy, %zu not AEAD): ", ev.n_profile),
	    ev.n_profile, nofs, noaead);
	(void)suite_names(sb, &ev, false, l10n);
	arena_free(&a);
}

/* gone - the visited setting's entry of dovecot-gone.tsv, or false */
static bool
gone(const struct subject_ctx *s, struct dc_gone *g)
{
	return s->self != NULL && s->arena != NULL &&
	    resolve_dc_gone(s->r, s->self->name, s->arena, g);
}

static void
ph_replacement(struct strbuf *sb, const struct subject_ctx *s, bool l10n)
{
	struct dc_gone	g;

	if (gone(s, &g))
		add_str(sb, g.replacement);
}

static void
ph_replacement_value(struct strbuf *sb, const struct subject_ctx *s, bool l10n)
{
	struct dc_gone	g;

	if (gone(s, &g))
		add_str(sb, resolve_dc_gone_value(&g, s->self->value,
		    s->arena));
}

static void
ph_gone_note(struct strbuf *sb, const struct subject_ctx *s, bool l10n)
{
	struct dc_gone	g;

	if (!gone(s, &g))
		return;
	if (g.note != NULL)
		add_str(sb, g.note);
	else
		strbuf_printf(sb, L("set %s by hand (\"%s\" does not "
		    "convert)"), g.replacement, s->self->value);
}

static void
ph_start_error(struct strbuf *sb, const struct subject_ctx *s, bool l10n)
{
	add_str(sb, s->r->dc_start_error);
}

static void
ph_scope(struct strbuf *sb, const struct subject_ctx *s, bool l10n)
{
	add_str(sb, s->l != NULL ? s->l->scope : s->self != NULL ?
	    s->self->scope : NULL);
}

static void
ph_target_version(struct strbuf *sb, const struct subject_ctx *s, bool l10n)
{
	char	vbuf[64];

	strbuf_adds(sb, version_format(resolve_target_version(s->r,
	    s->rule->product), vbuf, sizeof(vbuf)));
}

static void
ph_product(struct strbuf *sb, const struct subject_ctx *s, bool l10n)
{
	strbuf_adds(sb, product_name(s->rule->product));
}

static const struct placeholder {
	const char	*name;
	unsigned	 needs;		/* PH_* */
	ph_fn		*expand;
} placeholders[] = {
	{ "service", PH_LISTENER, ph_service },
	{ "protocol", PH_LISTENER, ph_protocol },
	{ "port", PH_LISTENER, ph_port },
	{ "address", PH_LISTENER, ph_address },
	{ "versions", PH_LISTENER, ph_versions },
	{ "weak_versions", PH_LISTENER, ph_weak_versions },
	{ "library_note", PH_LISTENER, ph_library_note },
	{ "cipher_suites", PH_LISTENER, ph_cipher_suites },
	{ "setting", PH_SETTING, ph_setting },
	{ "value", PH_SETTING, ph_value },
	{ "weak_suites", PH_SETTING, ph_weak_suites },
	{ "replacement", PH_SETTING, ph_replacement },
	{ "replacement_value", PH_SETTING, ph_replacement_value },
	{ "gone_note", PH_SETTING, ph_gone_note },
	{ "start_error", 0, ph_start_error },
	{ "scope", 0, ph_scope },
	{ "target_version", 0, ph_target_version },
	{ "product", 0, ph_product },
};
#define N_PLACEHOLDERS	(sizeof(placeholders) / sizeof(placeholders[0]))

/* {cert.NAME}: a certificate fact of the subject (certfacts.h). */
#define CERT_PREFIX	"cert."
#define CERT_PREFIX_LEN	5

static void
ph_cert(struct strbuf *sb, const struct subject_ctx *s, const char *name,
    size_t n)
{
	const struct cert_fact	*f = cert_fact_find(name, n);

	if (s->cert != NULL && f != NULL)
		cert_fact_text(sb, s->cert, f);
}

static const struct placeholder cert_placeholder = { "cert.", PH_CERT, NULL };

/* find - the placeholder named by the n bytes at name, or NULL */
static const struct placeholder *
find(const char *name, size_t n)
{
	size_t	i;

	if (n > CERT_PREFIX_LEN && strncmp(name, CERT_PREFIX,
	    CERT_PREFIX_LEN) == 0)
		return cert_fact_find(name + CERT_PREFIX_LEN, n -
		    CERT_PREFIX_LEN) != NULL ? &cert_placeholder : NULL;

	/* the first byte first: most names differ there */
	for (i = 0; i < N_PLACEHOLDERS; i++)
		if (n > 0 && placeholders[i].name[0] == name[0] &&
		    strncmp(name, placeholders[i].name, n) == 0 &&
		    placeholders[i].name[n] == '\0')
			return &placeholders[i];
	return NULL;
}

const char *
placeholder_check(struct arena *a, const char *tmpl, unsigned *needs_r)
{
	const char		*p = tmpl, *end;
	const struct placeholder *ph;
	size_t			 n;

	while ((p = strpbrk(p, "{}")) != NULL) {
		if (p[0] == p[1]) {	/* "{{" and "}}" stand for a brace */
			p += 2;
			continue;
		}
		if (*p == '}' || (end = strchr(p, '}')) == NULL)
			return *p == '}' ? "}" : "{";
		n = (size_t)(end - p - 1);
		if ((ph = find(p + 1, n)) == NULL)
			return arena_strndup(a, p, n + 2);
		*needs_r |= ph->needs;
		p = end + 1;
	}
	return NULL;
}

/* expand - tmpl with its placeholders filled in, their words in the
 * selected language when l10n */
static const char *
expand(struct arena *a, const char *tmpl, const struct subject_ctx *s,
    bool l10n)
{
	struct strbuf		 sb = STRBUF_INIT;
	const char		*p = tmpl, *q, *end, *out;
	const struct placeholder *ph;

	while ((q = strpbrk(p, "{}")) != NULL) {
		strbuf_add(&sb, p, (size_t)(q - p));
		if (q[0] == q[1]) {	/* "{{" / "}}" */
			strbuf_addc(&sb, q[0]);
			p = q + 2;
			continue;
		}
		if (q[0] == '}' || (end = strchr(q, '}')) == NULL) {
			strbuf_addc(&sb, q[0]);	/* rejected at load time */
			p = q + 1;
			continue;
		}
		ph = find(q + 1, (size_t)(end - q - 1));
		if (ph == &cert_placeholder)
			ph_cert(&sb, s, q + 1 + CERT_PREFIX_LEN,
			    (size_t)(end - q - 1 - CERT_PREFIX_LEN));
		else if (ph != NULL && ((ph->needs & PH_LISTENER) == 0 ||
		    s->l != NULL))
			ph->expand(&sb, s, l10n);
		p = end + 1;
	}
	strbuf_adds(&sb, p);
	out = arena_strdup(a, strbuf_cstr(&sb));
	strbuf_free(&sb);
	return out;
}

const char *
placeholder_expand(struct arena *a, const char *tmpl,
    const struct subject_ctx *s)
{
	return expand(a, tmpl, s, false);
}

const char *
placeholder_expand_l10n(struct arena *a, const char *tmpl,
    const struct subject_ctx *s)
{
	return expand(a, _(tmpl), s, true);
}
