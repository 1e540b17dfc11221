/* SPDX-License-Identifier: MIT */
/*
 * certcheck_judge - a use's facts from parsed PEM (certcheck_int.h).
 *
 * Dates are judged against the run's "now" (--now): expired once
 * not_after has passed, expiring_soon within error_days, expiring within
 * warn_days, not_yet_valid before not_before.  The chain is the
 * certificates in file order: each must be issued by the next one (the
 * order TLS 1.2 and Postfix/Dovecot send them in, RFC 5246 7.4.2); a
 * chain whose certificates can be put in that order is wrong_order, one
 * whose first certificate is a CA and that holds no end-entity
 * certificate is leaf_missing, anything else broken.  Signatures count
 * for every certificate but self-signed ones (a trust anchor's own
 * signature is never checked by a client).  The host name is matched
 * against the leaf's names by certname (RFC 6125/9525).
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "certcheck_int.h"
#include "certname.h"
#include "strbuf.h"
#include "words.h"

#define DAY	86400

static const char *
iso(struct arena *a, certtime_t t)
{
	char	buf[CERTDATE_ISO_LEN + 8];

	return arena_strdup(a, certdate_format(t, buf, sizeof(buf)));
}

/* expiry - valid, expiring, expiring_soon, expired, not_yet_valid */
static const char *
expiry(const struct certcheck_opts *o, const struct certpem_cert *leaf)
{
	certtime_t	left = leaf->not_after - o->now;

	if (o->now < leaf->not_before)
		return "not_yet_valid";
	if (left <= 0)
		return "expired";
	if (left <= o->error_days * DAY)
		return "expiring_soon";
	if (left <= o->warn_days * DAY)
		return "expiring";
	return "valid";
}

static const char *
join(struct arena *a, const char *const *v, size_t n, const char *none)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*out;
	size_t		 i;

	for (i = 0; i < n; i++)
		strbuf_printf(&sb, "%s%s", i > 0 ? ", " : "", v[i]);
	out = arena_strdup(a, n > 0 ? strbuf_cstr(&sb) : none);
	strbuf_free(&sb);
	return out;
}

/* signatures - the digests of the chain's signatures, self-signed apart */
static void
signatures(struct cc_ctx *c, struct cert_use *u,
    const struct certpem_set *cs, size_t b, size_t e)
{
	struct strbuf	 words = STRBUF_INIT, note = STRBUF_INIT;
	size_t		 i;

	for (i = b; i < e; i++) {
		const struct certpem_cert	*x = &cs->certs[i];

		if (x->self_signed)
			continue;
		if (x->sig_hash[0] != '\0' && !words_has(strbuf_cstr(&words),
		    x->sig_hash))
			strbuf_printf(&words, "%s%s", words.len ? " " : "",
			    x->sig_hash);
		strbuf_printf(&note, "%scertificate %zu (%s): %s",
		    note.len ? ", " : "", i - b + 1, x->subject, x->sig_alg);
	}
	u->sig_hash = arena_strdup(c->a, strbuf_cstr(&words));
	u->sig_note = arena_strdup(c->a, strbuf_cstr(&note));
	strbuf_free(&words);
	strbuf_free(&note);
}

/* order_from - follow issuers from certificate `from`: how many of
 * [b, e) the walk visits, in out[] */
static size_t
order_from(const struct certpem_set *cs, size_t b, size_t e, size_t from,
    size_t *out)
{
	size_t	n = 0, cur = from, j;
	bool	seen[CERTPEM_MAX_BLOCKS] = { false };

	for (;;) {
		out[n++] = cur;
		seen[cur] = true;
		for (j = b; j < e; j++)
			if (!seen[j] && certpem_issued(cs, j, cur))
				break;
		if (j == e)
			return n;
		cur = j;
	}
}

/* issues_none - certificate i issued none of the others in [b, e) */
static bool
issues_none(const struct certpem_set *cs, size_t b, size_t e, size_t i)
{
	size_t	j;

	for (j = b; j < e; j++)
		if (j != i && certpem_issued(cs, i, j))
			return false;
	return true;
}

/* chain - ok, wrong_order, leaf_missing or broken, with a note; key_cert
 * is the certificate the key belongs to (-1: none or unknown).  Returns
 * the server certificate: the first, or for wrong_order the one the
 * right order starts with. */
static size_t
chain(struct cc_ctx *c, struct cert_use *u, const struct certpem_set *cs,
    size_t b, size_t e, int key_cert)
{
	struct strbuf	sb = STRBUF_INIT;
	size_t		order[CERTPEM_MAX_BLOCKS], i, n, leaf = b, bad;
	bool		all_ca = true;

	u->chain = "ok";
	for (i = b; i < e; i++)
		all_ca = all_ca && cs->certs[i].ca;
	if (all_ca && !cs->certs[b].self_signed && key_cert < 0) {
		u->chain = "leaf_missing";
		u->chain_note = arena_printf(c->a, "the first certificate (%s) "
		    "is a CA certificate and no server certificate is there",
		    cs->certs[b].subject);
		return b;
	}
	for (bad = b; bad + 1 < e; bad++)
		if (!certpem_issued(cs, bad + 1, bad))
			break;
	if (bad + 1 >= e)
		return b;	/* each certificate issued by the next */
	/* The leaf: the certificate the key belongs to, else one that
	 * issued none of the others. */
	if (key_cert >= (int)b)
		leaf = (size_t)key_cert;
	else
		for (i = b; i < e; i++)
			if (issues_none(cs, b, e, i)) {
				leaf = i;
				break;
			}
	n = order_from(cs, b, e, leaf, order);
	if (n == e - b) {
		u->chain = "wrong_order";
		for (i = 0; i < n; i++)
			strbuf_printf(&sb, "%s%zu", i > 0 ? ", " : "",
			    order[i] - b + 1);
		u->chain_note = arena_printf(c->a, "the certificates are out "
		    "of order: the server certificate must come first, each "
		    "followed by its issuer (the file's certificates %s, in "
		    "that order)", strbuf_cstr(&sb));
		leaf = order[0];
	} else {
		u->chain = "broken";
		u->chain_note = arena_printf(c->a, "certificate %zu (%s) did "
		    "not issue certificate %zu (%s)", bad - b + 2,
		    cs->certs[bad + 1].subject, bad - b + 1,
		    cs->certs[bad].subject);
		leaf = b;
	}
	strbuf_free(&sb);
	return leaf;
}

/* key - key_status, key_match; returns the certificate the key belongs
 * to (-1 when none or unknown) */
static int
key(struct cc_ctx *c, struct cert_use *u, const struct certpem_set *cs,
    size_t b, size_t e, const struct certpem_set *ks, int k)
{
	size_t	i;

	u->key_match = "unknown";
	if (k < 0 || ks == NULL)
		return -1;
	switch (ks->keys[k].status) {
	case CERTPEM_KEY_ENCRYPTED:
		u->key_status = "encrypted";
		u->key_note = "the key is protected by a pass phrase: not "
		    "compared";
		return -1;
	case CERTPEM_KEY_BAD:
		u->key_status = "bad";
		u->key_note = "the key does not decode";
		return -1;
	default:
		break;
	}
	u->key_status = "ok";
	if (certpem_key_matches(cs, b, ks, (size_t)k) == 1) {
		u->key_match = "yes";
		return (int)b;
	}
	u->key_match = "no";
	for (i = b + 1; i < e; i++)
		if (certpem_key_matches(cs, i, ks, (size_t)k) == 1) {
			u->key_note = arena_printf(c->a, "the key belongs to "
			    "certificate %zu of the file (%s), not to the first",
			    i - b + 1, cs->certs[i].subject);
			return (int)i;
		}
	u->key_note = arena_printf(c->a, "the key (%s) belongs to none of "
	    "the file's certificates", ks->keys[k].type);
	return -1;
}

static bool
is_snakeoil(const char *path)
{
	const char	*base;

	if (path == NULL)
		return false;
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	return strncmp(base, "ssl-cert-snakeoil.", 18) == 0;
}

void
certcheck_judge(struct cc_ctx *c, struct cert_use *u,
    const struct certpem_set *cs, size_t b, size_t e,
    const struct certpem_set *ks, int k)
{
	const struct certpem_cert	*leaf;
	size_t				 li;
	int				 key_cert;
	bool				 by_cn;

	u->n_certs = (unsigned)(e - b);
	if (e == b) {
		u->status = "unparsable";
		u->status_note = cs->n_bad > 0 ? "its PEM blocks do not decode" :
		    "it holds no PEM certificate";
		return;
	}
	u->status = "ok";
	key_cert = key(c, u, cs, b, e, ks, k);
	li = chain(c, u, cs, b, e, key_cert);
	/* One cause, one finding: out of order, the server certificate is
	 * judged where it is, and a key that belongs to it matches. */
	if (li != b && key_cert == (int)li) {
		u->key_match = "yes";
		u->key_note = NULL;
	}
	leaf = &cs->certs[li];
	u->subject = leaf->subject;
	u->issuer = leaf->issuer;
	u->san = leaf->san;
	u->n_san = leaf->n_san;
	u->san_text = join(c->a, leaf->san, leaf->n_san, "none");
	u->not_before = iso(c->a, leaf->not_before);
	u->not_after = iso(c->a, leaf->not_after);
	u->days_left = certdate_days_left(c->o->now, leaf->not_after);
	u->expiry = expiry(c->o, leaf);
	u->key_type = leaf->key_type;
	u->key_bits = leaf->key_bits;
	u->fingerprint = leaf->fingerprint;
	u->self_signed = leaf->self_signed;
	u->snakeoil = is_snakeoil(u->file) || is_snakeoil(u->key_file);
	signatures(c, u, cs, b, e);
	u->host_covered = "unknown";
	if (strcmp(u->chain, "leaf_missing") == 0) {
		/* One cause, one finding: without the server certificate,
		 * neither its key nor its names can be judged. */
		u->key_match = "unknown";
		u->key_note = "no server certificate to compare with";
		return;
	}
	if (u->host != NULL)
		u->host_covered = certname_covered(leaf->dns, leaf->n_dns,
		    leaf->cn, u->host, &by_cn) ? "yes" : "no";
}

void
certcheck_dh(struct cc_ctx *c, struct cert_use *u, const struct certpem_set *s)
{
	(void)c;
	u->dh_bits = s->dh_bits;
	if (s->dh_bits == 0) {
		u->status = "unparsable";
		u->status_note = "it holds no DH parameters";
	} else
		u->status = "ok";
}
