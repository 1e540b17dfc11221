/* SPDX-License-Identifier: MIT */
/*
 * dump - render the model and the resolved listeners.
 *
 * "main" lists the explicit main.cf settings (winner of duplicates, value
 * as written); "services" the active master.cf entries with their -o
 * overrides, "commented_services" the commented-out ones; "settings" the
 * explicit Dovecot settings with their section scope; "listeners" one
 * record per endpoint.  Output order follows the files, so it is stable.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "dump.h"
#include "facts.h"
#include "json.h"
#include "model.h"
#include "resolve.h"
#include "textesc.h"
#include "tlsproto.h"

void
dump_tls_versions(struct json *j, unsigned mask)
{
	unsigned	i;

	json_arr_begin(j);
	for (i = 0; i < TLSV_COUNT; i++)
		if (mask & (1u << i))
			json_str(j, tlsproto_name(i));
	json_arr_end(j);
}

static void
setting_json(struct json *j, const struct setting *s, bool with_scope)
{
	json_obj_begin(j);
	if (with_scope)
		json_kv_str(j, "scope", s->scope);
	json_kv_str(j, "name", s->name);
	json_kv_str(j, "value", s->value);
	json_kv_str(j, "file", s->loc.file);
	json_kv_int(j, "line", s->loc.line);
	json_kv_int(j, "column", s->loc.col);
	if (s->flags & SET_TEMPLATE)
		json_kv_bool(j, "template", true);
	if (s->prev != NULL)
		json_kv_int(j, "overrides_line", s->prev->loc.line);
	json_obj_end(j);
}

static void
service_json(struct json *j, const struct pf_service *svc)
{
	size_t	i;

	json_obj_begin(j);
	json_kv_str(j, "service", svc->name);
	json_kv_str(j, "type", svc->type);
	json_kv_str(j, "private", svc->private_);
	json_kv_str(j, "unprivileged", svc->unpriv);
	json_kv_str(j, "chroot", svc->chroot);
	json_kv_str(j, "wakeup", svc->wakeup);
	json_kv_str(j, "process_limit", svc->maxproc);
	json_kv_str(j, "command", svc->command);
	json_key(j, "args");
	json_arr_begin(j);
	for (i = 0; i < svc->argc; i++)
		json_str(j, svc->argv[i]);
	json_arr_end(j);
	json_kv_str(j, "file", svc->loc.file);
	json_kv_int(j, "line", svc->loc.line);
	json_kv_int(j, "end_line", svc->end_line);
	if (svc->superseded)
		json_kv_bool(j, "superseded", true);
	json_key(j, "overrides");
	json_arr_begin(j);
	for (i = 0; i < svc->n_overrides; i++) {
		const struct setting	*s = svc->overrides[i];

		json_obj_begin(j);
		json_kv_str(j, "name", s->name);
		json_kv_str(j, "value", s->value);
		json_kv_int(j, "line", s->loc.line);
		json_kv_int(j, "column", s->loc.col);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

/* Settings whose effective value --dump shows (TLS and auth posture). */
static const char *const pf_keys[] = {
	"compatibility_level", "inet_interfaces", "smtpd_tls_security_level",
	"smtpd_use_tls", "smtpd_enforce_tls", "smtpd_tls_wrappermode",
	"smtpd_tls_auth_only", "smtpd_tls_protocols",
	"smtpd_tls_mandatory_protocols", "smtpd_tls_ciphers",
	"smtpd_tls_mandatory_ciphers", "smtpd_tls_exclude_ciphers",
	"smtpd_tls_cert_file", "smtpd_tls_key_file", "smtpd_tls_chain_files",
	"smtpd_sasl_auth_enable", "smtpd_sasl_type", "smtpd_sasl_path",
	"smtpd_sasl_security_options", "smtpd_relay_restrictions",
	"smtpd_recipient_restrictions", "mynetworks_style",
	"smtp_tls_security_level", "smtp_tls_protocols",
	"smtp_tls_mandatory_protocols", "smtp_tls_ciphers",
	"lmtp_tls_protocols", "lmtp_tls_mandatory_protocols",
	"tls_high_cipherlist", "tls_medium_cipherlist", "tls_preempt_cipherlist",
	NULL
};

static const char *const dc_keys[] = {
	"protocols", "listen", "ssl", "ssl_min_protocol", "ssl_cipher_list",
	"ssl_prefer_server_ciphers", "ssl_cert", "ssl_key", "ssl_dh",
	"disable_plaintext_auth", "auth_mechanisms", "login_trusted_networks",
	NULL
};

/* The same for a Dovecot 2.4 target, in 2.4's names. */
static const char *const dc24_keys[] = {
	"protocols", "listen", "ssl", "ssl_min_protocol", "ssl_cipher_list",
	"ssl_server_prefer_ciphers", "ssl_server_cert_file",
	"ssl_server_key_file", "ssl_server_dh_file", "auth_allow_cleartext",
	"auth_mechanisms", "login_trusted_networks", NULL
};

static void
effective_json(struct json *j, const struct resolved *r,
    const char *const *keys, bool postfix)
{
	const struct eff	*e;
	struct arena		*a = arena_new();
	struct resolve_memo	*memo = resolve_memo_new(r, a);

	json_key(j, "effective");
	json_arr_begin(j);
	for (; *keys != NULL; keys++) {
		e = postfix ? resolve_pf(memo, NULL, *keys) :
		    resolve_dc(memo, NULL, *keys);
		if (e == NULL)
			continue;
		json_obj_begin(j);
		json_kv_str(j, "name", e->name);
		json_kv_str(j, "value", e->value);
		json_kv_str(j, "raw", e->raw);
		if (e->origin != NULL) {
			json_kv_str(j, "file", e->origin->loc.file);
			json_kv_int(j, "line", e->origin->loc.line);
		} else
			json_kv_str(j, "file", NULL);
		if (e->unknown)
			json_kv_bool(j, "unknown", true);
		json_obj_end(j);
	}
	json_arr_end(j);
	resolve_memo_free(&memo);
	arena_free(&a);
}

static void
postfix_json(struct json *j, const struct model *m, const struct resolved *r)
{
	const struct pf_model	*pf = &m->pf;
	char			 vbuf[64];
	size_t			 i;

	json_key(j, "postfix");
	json_obj_begin(j);
	json_kv_str(j, "version", version_format(&r->pf_version, vbuf, sizeof(vbuf)));
	json_kv_str(j, "version_source", r->pf_version_source);
	json_kv_str(j, "main_file", pf->main_file);
	json_kv_str(j, "master_file", pf->master_file);
	json_key(j, "main");
	json_arr_begin(j);
	for (i = 0; i < model_pf_n_main(m); i++)
		setting_json(j, model_pf_main(m, i), false);
	json_arr_end(j);
	json_key(j, "services");
	json_arr_begin(j);
	for (i = 0; i < pf->n_services; i++)
		service_json(j, pf->services[i]);
	json_arr_end(j);
	json_key(j, "commented_services");
	json_arr_begin(j);
	for (i = 0; i < pf->n_commented; i++)
		service_json(j, pf->commented[i]);
	json_arr_end(j);
	effective_json(j, r, pf_keys, true);
	json_obj_end(j);
}

/* section_json - settings of sec and its subsections, depth-first, in
 * order of appearance (explicit stack: hostile nesting must not recurse) */
static void
section_json(struct json *j, const struct dc_section *root)
{
	struct frame {
		const struct dc_section	*sec;
		size_t			 child;
	}		*stack = NULL;
	size_t		 len = 0, cap = 0, i;

	VEC_GROW(stack, len, cap);
	stack[len++] = (struct frame){ root, 0 };
	for (i = 0; i < root->n_settings; i++)
		setting_json(j, root->settings[i], true);
	while (len > 0) {
		struct frame	*fr = &stack[len - 1];

		if (fr->child >= fr->sec->n_children) {
			len--;
			continue;
		}
		{
			const struct dc_section	*c = fr->sec->children[fr->child++];

			for (i = 0; i < c->n_settings; i++)
				setting_json(j, c->settings[i], true);
			VEC_GROW(stack, len, cap);
			stack[len++] = (struct frame){ c, 0 };
		}
	}
	free(stack);
}

static void
dovecot_json(struct json *j, const struct model *m, const struct resolved *r)
{
	char	vbuf[64];
	size_t	i;

	json_key(j, "dovecot");
	json_obj_begin(j);
	json_kv_str(j, "version", version_format(&r->dc_version, vbuf, sizeof(vbuf)));
	json_kv_str(j, "version_source", r->dc_version_source);
	json_kv_str(j, "file", m->dc.conf_file);
	json_kv_str(j, "protocols", r->dc_protocols);
	if (r->dc_protocols_note != NULL)
		json_kv_str(j, "protocols_note", r->dc_protocols_note);
	if (r->dc_refuses != NULL)
		json_kv_str(j, "refuses_to_start", r->dc_refuses);
	json_key(j, "files");
	json_arr_begin(j);
	for (i = 0; i < m->dc.n_files; i++)
		json_str(j, m->dc.files[i]);
	json_arr_end(j);
	json_key(j, "settings");
	json_arr_begin(j);
	if (m->dc.root != NULL)
		section_json(j, m->dc.root);
	json_arr_end(j);
	effective_json(j, r, r->dc_24 ? dc24_keys : dc_keys, false);
	json_obj_end(j);
}

/* listener_json - one listener: its facts in table order (facts.c) */
static void
listener_json(struct json *j, const struct listener *l)
{
	size_t	i;

	json_obj_begin(j);
	for (i = 0; i < n_listener_facts; i++) {
		const struct listener_fact	*f = &listener_facts[i];

		if ((f->flags & FACT_DUMP) == 0)
			continue;
		switch (f->type) {
		case FACT_PRODUCT:
			json_kv_str(j, f->name, product_name(l->product));
			break;
		case FACT_WORD:
			json_kv_str(j, f->name, listener_fact_str(l, f));
			break;
		case FACT_PORT:
			json_kv_int(j, f->name, listener_fact_uint(l, f));
			break;
		case FACT_TLS_MODE:
			json_kv_str(j, f->name, tls_mode_name(*(const enum
			    tls_mode *)listener_fact_ptr(l, f)));
			break;
		case FACT_BOOL:
			json_kv_bool(j, f->name, listener_fact_bool(l, f));
			break;
		case FACT_VERSIONS:
			json_key(j, f->name);
			dump_tls_versions(j, listener_fact_uint(l, f));
			if (l->tls_protocols != NULL) {
				json_kv_str(j, "tls_versions_from",
				    l->tls_protocols->name);
				if (l->tls_protocols->unknown)
					json_kv_bool(j, "tls_versions_unknown",
					    true);
			}
			break;
		default:
			break;
		}
	}
	if (l->disabled_reason != NULL)
		json_kv_str(j, "disabled_reason", l->disabled_reason);
	if (l->tls_library_floor != NULL)
		json_kv_str(j, "tls_library_floor", l->tls_library_floor);
	json_kv_str(j, "file", l->loc.file);
	json_kv_int(j, "line", l->loc.line);
	json_obj_end(j);
}

static void
diags_json(struct json *j, const struct diag_list *dl)
{
	diag_list_json(j, dl);
	if (dl->dropped > 0)
		json_kv_int(j, "diagnostics_dropped", (long long)dl->dropped);
}

/* openssl_json - the host's OpenSSL policy, when the tree has one */
static void
openssl_json(struct json *j, const struct resolved *r)
{
	const struct ossl_policy	*p = &r->ossl;

	json_key(j, "openssl");
	json_obj_begin(j);
	json_kv_str(j, "file", p->file);
	json_kv_bool(j, "openssl3", p->v3);
	if (p->min != NULL) {
		json_kv_str(j, "min_protocol", p->min->value);
		json_kv_str(j, "min_protocol_file", p->min->loc.file);
		json_kv_int(j, "min_protocol_line", p->min->loc.line);
	}
	if (p->sec != NULL) {
		json_kv_int(j, "security_level", p->seclevel);
		json_kv_str(j, "security_level_file", p->sec->loc.file);
		json_kv_int(j, "security_level_line", p->sec->loc.line);
	}
	json_obj_end(j);
}

void
dump_json(FILE *f, const struct model *m, const struct resolved *r,
    const struct diag_list *dl)
{
	struct json	j;
	size_t		i;

	json_init(&j, f, true);
	json_obj_begin(&j);
	json_kv_str(&j, "tool", "maillint");
	json_kv_str(&j, "version", PACKAGE_VERSION);
	if (m->pf.present)
		postfix_json(&j, m, r);
	if (m->dc.present)
		dovecot_json(&j, m, r);
	if (r->ossl.present)
		openssl_json(&j, r);
	json_key(&j, "listeners");
	json_arr_begin(&j);
	for (i = 0; i < r->n_listeners; i++)
		listener_json(&j, r->listeners[i]);
	json_arr_end(&j);
	diags_json(&j, dl);
	json_obj_end(&j);
	json_end(&j);
}

static void
line_text(FILE *f, const struct setting *s, const char *prefix)
{
	textesc_put(f, s->loc.file);
	fprintf(f, ":%u: ", s->loc.line);
	/* the prefix is a section path: configuration text, escaped */
	textesc_put(f, prefix);
	textesc_put(f, s->name);
	fputs(" = ", f);
	textesc_put(f, s->value);
	fputc('\n', f);
}

static void
listener_text(FILE *f, const struct listener *l)
{
	char	buf[128];

	fprintf(f, "  %s ", product_name(l->product));
	textesc_put(f, l->scope);
	fputs(" ", f);
	textesc_put(f, l->address);
	fprintf(f, " port %u: tls=%s%s versions=%s auth_before_tls=%s%s",
	    l->port, tls_mode_name(l->tls), l->tls_required ? "(required)" : "",
	    l->tls_versions ? tlsproto_format(l->tls_versions, buf, sizeof(buf)) :
	    "-", l->plaintext_auth_before_tls ? "yes" : "no",
	    l->enabled ? (l->daemon_exits ? " EXITS-ON-CONNECT" : "") :
	    " DISABLED");
	if (!l->enabled && l->disabled_reason != NULL) {
		fputs(" (", f);
		textesc_put(f, l->disabled_reason);
		fputs(")", f);
	}
	if (l->tls_library_floor != NULL) {
		fprintf(f, " configured=%s (the TLS library refuses the rest: ",
		    tlsproto_format(l->tls_versions_configured, buf,
		    sizeof(buf)));
		textesc_put(f, l->tls_library_floor);
		fputs(")", f);
	}
	fputc('\n', f);
}

static void
section_text(FILE *f, const struct dc_section *sec)
{
	size_t	i;

	for (i = 0; i < sec->n_settings; i++) {
		const struct setting	*s = sec->settings[i];
		char			 prefix[4096];

		if (s->scope[0] != '\0') {
			snprintf(prefix, sizeof(prefix), "%s/", s->scope);
			line_text(f, s, prefix);
		} else
			line_text(f, s, "");
	}
	for (i = 0; i < sec->n_children; i++)
		section_text(f, sec->children[i]);
}

void
dump_text(FILE *f, const struct model *m, const struct resolved *r)
{
	char	vbuf[64];
	size_t	i, k;

	if (m->pf.present) {
		fprintf(f, "# postfix %s (%s)\n", version_format(&r->pf_version,
		    vbuf, sizeof(vbuf)), r->pf_version_source);
		for (i = 0; i < model_pf_n_main(m); i++)
			line_text(f, model_pf_main(m, i), "");
		for (i = 0; i < m->pf.n_services; i++) {
			const struct pf_service	*svc = m->pf.services[i];
			char			 prefix[1024];

			snprintf(prefix, sizeof(prefix), "%s/", svc->scope);
			for (k = 0; k < svc->n_overrides; k++)
				line_text(f, svc->overrides[k], prefix);
		}
	}
	if (m->dc.present && m->dc.root != NULL) {
		fprintf(f, "# dovecot %s (%s)\n", version_format(&r->dc_version,
		    vbuf, sizeof(vbuf)), r->dc_version_source);
		if (r->dc_refuses != NULL)
			fprintf(f, "# dovecot refuses to start: %s\n",
			    r->dc_refuses);
		/* Text mode may recurse: depth is capped by max_nesting. */
		section_text(f, m->dc.root);
	}
	fputs("# listeners\n", f);
	for (i = 0; i < r->n_listeners; i++)
		listener_text(f, r->listeners[i]);
}
