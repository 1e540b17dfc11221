/* SPDX-License-Identifier: MIT */
/*
 * certfacts - the certificate facts table (certfacts.h).  The order is
 * the JSON object's.
 */
#include "config.h"

#include <string.h>

#include "certfacts.h"
#include "json.h"
#include "strbuf.h"

#define F(name, type, member, flags) \
	{ name, type, offsetof(struct cert_use, member), flags }
#define CJ	(CF_COND | CF_JSON)
#define CRT	(CF_COND | CF_JSON | CF_CRT)
#define TXT	(CF_JSON | CF_CRT)

const struct cert_fact cert_facts[] = {
	F("kind", CF_WORD, kind, CJ),
	F("status", CF_WORD, status, CJ),
	F("status_note", CF_TEXT, status_note, 0),
	F("setting", CF_WORD, setting, CJ),
	F("unreadable", CF_TEXT, unreadable, CF_JSON),
	F("unreadable_why", CF_TEXT, unreadable_why, 0),
	F("file", CF_TEXT, file, CF_JSON),
	F("subject", CF_TEXT, subject, TXT),
	F("issuer", CF_TEXT, issuer, TXT),
	F("san", CF_TEXT, san_text, 0),	/* JSON: a list, from ->san */
	F("not_before", CF_TEXT, not_before, TXT),
	F("not_after", CF_TEXT, not_after, TXT),
	F("days_left", CF_INT, days_left, CRT),
	F("expiry", CF_WORD, expiry, CRT),
	F("key_type", CF_WORD, key_type, CRT),
	F("key_bits", CF_UINT, key_bits, CRT),
	F("sig_hash", CF_WORDS, sig_hash, CRT),
	F("sig_note", CF_TEXT, sig_note, 0),
	F("fingerprint_sha256", CF_TEXT, fingerprint, TXT),
	F("self_signed", CF_BOOL, self_signed, CRT),
	F("snakeoil", CF_BOOL, snakeoil, CRT),
	F("public", CF_BOOL, public_, CJ),
	F("chain_length", CF_UINT, n_certs, CRT),
	F("chain", CF_WORD, chain, CRT),
	F("chain_note", CF_TEXT, chain_note, 0),
	F("key_file", CF_TEXT, key_file, TXT),
	F("key_status", CF_WORD, key_status, CRT),
	F("key_match", CF_WORD, key_match, CRT),
	F("key_note", CF_TEXT, key_note, 0),
	F("host", CF_TEXT, host, TXT),
	F("host_from", CF_TEXT, host_from, TXT),
	F("host_covered", CF_WORD, host_covered, CRT),
	F("dh_bits", CF_UINT, dh_bits, CF_COND | CF_JSON | CF_DH),
};
#undef CJ
#undef CRT
#undef TXT
#undef F

const size_t n_cert_facts = sizeof(cert_facts) / sizeof(cert_facts[0]);

const struct cert_fact *
cert_fact_find(const char *name, size_t len)
{
	size_t	i;

	/* the first byte first: most names differ there */
	for (i = 0; i < n_cert_facts; i++)
		if (len > 0 && cert_facts[i].name[0] == name[0] &&
		    strncmp(cert_facts[i].name, name, len) == 0 &&
		    cert_facts[i].name[len] == '\0')
			return &cert_facts[i];
	return NULL;
}

static const void *
ptr(const struct cert_use *u, const struct cert_fact *f)
{
	return (const char *)u + f->off;
}

const char *
cert_fact_str(const struct cert_use *u, const struct cert_fact *f)
{
	const char	*s = *(const char *const *)ptr(u, f);

	return s != NULL ? s : "";
}

bool
cert_fact_bool(const struct cert_use *u, const struct cert_fact *f)
{
	return *(const bool *)ptr(u, f);
}

long long
cert_fact_num(const struct cert_use *u, const struct cert_fact *f)
{
	if (f->type == CF_UINT)
		return *(const unsigned *)ptr(u, f);
	return *(const long long *)ptr(u, f);
}

void
cert_fact_text(struct strbuf *sb, const struct cert_use *u,
    const struct cert_fact *f)
{
	switch (f->type) {
	case CF_BOOL:
		strbuf_adds(sb, cert_fact_bool(u, f) ? "yes" : "no");
		break;
	case CF_UINT:
	case CF_INT:
		strbuf_printf(sb, "%lld", cert_fact_num(u, f));
		break;
	default:
		strbuf_adds(sb, cert_fact_str(u, f));
		break;
	}
}

void
cert_fact_json(struct json *j, const struct cert_use *u)
{
	bool	crt = strcmp(u->kind, "certificate") == 0;
	size_t	i, k;

	json_obj_begin(j);
	for (i = 0; i < n_cert_facts; i++) {
		const struct cert_fact	*f = &cert_facts[i];
		const char		*v;

		if ((f->flags & CF_JSON) == 0 ||
		    ((f->flags & CF_CRT) != 0 && !crt) ||
		    ((f->flags & CF_DH) != 0 && crt))
			continue;
		switch (f->type) {
		case CF_BOOL:
			json_kv_bool(j, f->name, cert_fact_bool(u, f));
			break;
		case CF_UINT:
		case CF_INT:
			json_kv_int(j, f->name, cert_fact_num(u, f));
			break;
		default:
			v = *(const char *const *)ptr(u, f);
			json_kv_str(j, f->name, v != NULL && (v[0] != '\0' ||
			    f->type == CF_TEXT) ? v : NULL);
			break;
		}
		if (strcmp(f->name, "issuer") == 0) {
			json_key(j, "san");
			json_arr_begin(j);
			for (k = 0; k < u->n_san; k++)
				json_str(j, u->san[k]);
			json_arr_end(j);
		}
	}
	json_obj_end(j);
}
