/* SPDX-License-Identifier: MIT */
/*
 * certpem - see certpem.h.
 *
 * Each buffer is read through a read-only memory BIO over the caller's
 * bytes (no copy).  PEM_read_bio() hands out one block at a time (name,
 * headers, decoded DER, in buffers wiped when freed); the block's name decides what it is:
 * CERTIFICATE / X509 CERTIFICATE / TRUSTED CERTIFICATE, a private key
 * (PRIVATE KEY, RSA/EC/DSA PRIVATE KEY, ENCRYPTED PRIVATE KEY, or a
 * traditional key with "Proc-Type: 4,ENCRYPTED"), DH PARAMETERS /
 * X9.42 DH PARAMETERS; anything else is skipped.  A key's DER is
 * decoded, its public half copied (DER round trip, so the object kept
 * holds no private part), and the private object and the DER are wiped
 * and freed at once.  Errors of libcrypto are taken off its queue after
 * every block so that nothing leaks into a later call.
 *
 * A certificate's issuer within the set is one whose name and key
 * identifiers fit (X509_check_issued) and whose key verifies its
 * signature; at most CERTPEM_MAX_BLOCKS certificates make that quadratic
 * search cheap.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "arena.h"
#include "certpem.h"
#include "xmem.h"

/* The libcrypto objects behind a set's facts. */
struct certpem_priv {
	X509		*x509[CERTPEM_MAX_BLOCKS];
	EVP_PKEY	*pub[CERTPEM_MAX_BLOCKS];	/* keys' public halves */
};

#if OPENSSL_VERSION_NUMBER >= 0x30000000L
#define pkey_eq(a, b)	EVP_PKEY_eq((a), (b))
#else
#define pkey_eq(a, b)	EVP_PKEY_cmp((a), (b))
#endif

struct certpem_set *
certpem_new(struct arena *a)
{
	struct certpem_set	*s = xcalloc(1, sizeof(*s));

	s->arena = a;
	s->priv = xcalloc(1, sizeof(struct certpem_priv));
	s->certs = arena_array(a, CERTPEM_MAX_BLOCKS, sizeof(*s->certs));
	s->keys = arena_array(a, CERTPEM_MAX_BLOCKS, sizeof(*s->keys));
	return s;
}

void
certpem_free(struct certpem_set **sp)
{
	struct certpem_set	*s;
	struct certpem_priv	*p;
	size_t			 i;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	p = s->priv;
	for (i = 0; i < CERTPEM_MAX_BLOCKS; i++) {
		X509_free(p->x509[i]);
		EVP_PKEY_free(p->pub[i]);
	}
	free(p);
	free(s);
	*sp = NULL;
}

void
certpem_wipe(void *p, size_t n)
{
	if (p != NULL && n > 0)
		OPENSSL_cleanse(p, n);
}

const char *
certpem_library(void)
{
	return OpenSSL_version(OPENSSL_VERSION);
}

/* bio_text - the contents of a memory BIO as an arena string */
static const char *
bio_text(struct arena *a, BIO *b)
{
	char	*p;
	long	 n = BIO_get_mem_data(b, &p);

	return n > 0 ? arena_strndup(a, p, (size_t)n) : "";
}

static const char *
name_text(struct arena *a, const X509_NAME *name)
{
	BIO		*b = BIO_new(BIO_s_mem());
	const char	*s;

	if (b == NULL)
		return "";
	/* RFC 2253 with bytes above 127 escaped: printable ASCII only. */
	X509_NAME_print_ex(b, name, 0, XN_FLAG_RFC2253);
	s = bio_text(a, b);
	BIO_free(b);
	return s;
}

/* asn1_text - an ASN.1 string without embedded NULs, as UTF-8, or NULL */
static const char *
asn1_text(struct arena *a, const ASN1_STRING *str)
{
	unsigned char	*u = NULL;
	const char	*s = NULL;
	int		 n;

	if ((n = ASN1_STRING_to_UTF8(&u, str)) < 0)
		return NULL;
	if (memchr(u, '\0', (size_t)n) == NULL)
		s = arena_strndup(a, (const char *)u, (size_t)n);
	OPENSSL_free(u);
	return s;
}

static const char *
common_name(struct arena *a, const X509_NAME *name)
{
	int		 i = -1, last = -1;
	X509_NAME_ENTRY	*e;

	while ((i = X509_NAME_get_index_by_NID(name, NID_commonName, i)) >= 0)
		last = i;
	if (last < 0 || (e = X509_NAME_get_entry(name, last)) == NULL)
		return NULL;
	return asn1_text(a, X509_NAME_ENTRY_get_data(e));
}

/* san_ip - an iPAddress entry as text */
static const char *
san_ip(struct arena *a, const ASN1_OCTET_STRING *ip)
{
	char	buf[INET6_ADDRSTRLEN];
	int	n = ASN1_STRING_length(ip);

	if ((n == 4 && inet_ntop(AF_INET, ASN1_STRING_get0_data(ip), buf,
	    sizeof(buf)) != NULL) || (n == 16 && inet_ntop(AF_INET6,
	    ASN1_STRING_get0_data(ip), buf, sizeof(buf)) != NULL))
		return arena_printf(a, "IP:%s", buf);
	return "IP:<invalid>";
}

/* sans - the subjectAltName entries of x */
static void
sans(struct arena *a, X509 *x, struct certpem_cert *c)
{
	GENERAL_NAMES	*gens;
	const char	*t;
	int		 i, n;

	gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	n = gens != NULL ? sk_GENERAL_NAME_num(gens) : 0;
	if (n > CERTPEM_MAX_NAMES)
		n = CERTPEM_MAX_NAMES;
	c->san = arena_array(a, (size_t)n + 1, sizeof(*c->san));
	c->dns = arena_array(a, (size_t)n + 1, sizeof(*c->dns));
	for (i = 0; i < n; i++) {
		const GENERAL_NAME	*g = sk_GENERAL_NAME_value(gens, i);

		switch (g->type) {
		case GEN_DNS:
			if ((t = asn1_text(a, g->d.dNSName)) == NULL)
				break;	/* an embedded NUL: not a name */
			c->dns[c->n_dns++] = t;
			c->san[c->n_san++] = arena_printf(a, "DNS:%s", t);
			break;
		case GEN_IPADD:
			c->san[c->n_san++] = san_ip(a, g->d.iPAddress);
			break;
		case GEN_EMAIL:
			if ((t = asn1_text(a, g->d.rfc822Name)) != NULL)
				c->san[c->n_san++] = arena_printf(a,
				    "email:%s", t);
			break;
		default:
			break;
		}
	}
	GENERAL_NAMES_free(gens);
}

/* asn1_time - an ASN.1 time as seconds since the epoch */
static certtime_t
asn1_time(const ASN1_TIME *t)
{
	struct tm	tm;

	memset(&tm, 0, sizeof(tm));
	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return 0;
	return certdate_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* key_type - a short name of a public key's algorithm */
static const char *
key_type(const EVP_PKEY *k)
{
	int	id = EVP_PKEY_base_id(k);

	switch (id) {
	case EVP_PKEY_RSA:
	case EVP_PKEY_RSA_PSS:
		return "RSA";
	case EVP_PKEY_EC:
		return "EC";
	case EVP_PKEY_DSA:
		return "DSA";
	case EVP_PKEY_ED25519:
		return "Ed25519";
	case EVP_PKEY_ED448:
		return "Ed448";
	default:
		return id != NID_undef && OBJ_nid2sn(id) != NULL ?
		    OBJ_nid2sn(id) : "unknown";
	}
}

static const char *
lower(struct arena *a, const char *s)
{
	char	*t = arena_strdup(a, s), *p;

	for (p = t; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return t;
}

/* signature - the signature algorithm and its digest */
static void
signature(struct arena *a, const X509 *x, struct certpem_cert *c)
{
	int	nid = X509_get_signature_nid(x), md = NID_undef, pk;

	c->sig_alg = nid != NID_undef && OBJ_nid2ln(nid) != NULL ?
	    arena_strdup(a, OBJ_nid2ln(nid)) : "unknown";
	c->sig_hash = "";
	if (nid != NID_undef && OBJ_find_sigid_algs(nid, &md, &pk) == 1 &&
	    md != NID_undef && OBJ_nid2sn(md) != NULL)
		c->sig_hash = lower(a, OBJ_nid2sn(md));
}

static const char *
fingerprint(struct arena *a, const X509 *x)
{
	unsigned char	md[EVP_MAX_MD_SIZE];
	unsigned int	n = 0, i;
	char		*out, *p;

	if (X509_digest(x, EVP_sha256(), md, &n) != 1 || n == 0)
		return "";
	out = p = arena_alloc(a, (size_t)n * 3 + 1);
	for (i = 0; i < n; i++)
		p += snprintf(p, 4, "%s%02X", i > 0 ? ":" : "", md[i]);
	return out;
}

/* issued - parent issued child: names and key ids fit, the signature verifies */
static bool
issued(X509 *parent, X509 *child)
{
	EVP_PKEY	*k;

	if (X509_check_issued(parent, child) != X509_V_OK)
		return false;
	k = X509_get0_pubkey(parent);
	return k != NULL && X509_verify(child, k) == 1;
}

/* add_cert - the facts of one certificate block */
static void
add_cert(struct certpem_set *s, X509 *x, size_t file)
{
	struct certpem_priv	*p = s->priv;
	struct certpem_cert	*c = &s->certs[s->n_certs];
	EVP_PKEY		*k = X509_get0_pubkey(x);
	size_t			 i, n = s->n_certs;

	c->subject = name_text(s->arena, X509_get_subject_name(x));
	c->issuer = name_text(s->arena, X509_get_issuer_name(x));
	c->cn = common_name(s->arena, X509_get_subject_name(x));
	sans(s->arena, x, c);
	c->not_before = asn1_time(X509_get0_notBefore(x));
	c->not_after = asn1_time(X509_get0_notAfter(x));
	c->key_type = k != NULL ? key_type(k) : "unknown";
	c->key_bits = k != NULL && EVP_PKEY_bits(k) > 0 ?
	    (unsigned)EVP_PKEY_bits(k) : 0;
	signature(s->arena, x, c);
	c->ca = (X509_get_extension_flags(x) & EXFLAG_CA) != 0;
	c->self_signed = (X509_get_extension_flags(x) & EXFLAG_SI) != 0 &&
	    k != NULL && X509_verify(x, k) == 1;
	c->fingerprint = fingerprint(s->arena, x);
	c->after_key = s->n_keys > 0 ? (int)s->n_keys - 1 : -1;
	c->file = file;
	p->x509[n] = x;
	s->n_certs++;
	/* Link it with the certificates read before it, both ways. */
	c->issued_by = -1;
	for (i = 0; i < n; i++) {
		if (c->issued_by < 0 && issued(p->x509[i], x))
			c->issued_by = (int)i;
		if (s->certs[i].issued_by < 0 && issued(x, p->x509[i]))
			s->certs[i].issued_by = (int)n;
	}
}

/* is_key_block - the name of a PEM private key block */
static bool
is_key_block(const char *name)
{
	size_t	n = strlen(name);

	return n >= 11 && strcmp(name + n - 11, "PRIVATE KEY") == 0;
}

/*
 * OpenSSL 3's d2i_AutoPrivateKey() and d2i_PUBKEY() build a decoder
 * context on every call: most of the time of a certificate check (a
 * fleet of thousands of hosts felt it).  One context of each kind is
 * built once and reused; each decode writes its key to the context's
 * output, which is taken and cleared at once, so no key stays in it.
 */
struct decoder {
	OSSL_DECODER_CTX	*ctx;
	EVP_PKEY		*out;
	bool			 failed;
};
static struct decoder	dec_priv, dec_pub;

static EVP_PKEY *
decode_with(struct decoder *d, const char *structure, int selection,
    const unsigned char *der, long len)
{
	const unsigned char	*q = der;
	size_t			 n = len > 0 ? (size_t)len : 0;
	EVP_PKEY		*k;

	if (d->ctx == NULL && !d->failed &&
	    (d->ctx = OSSL_DECODER_CTX_new_for_pkey(&d->out, "DER", structure,
	    NULL, selection, NULL, NULL)) == NULL)
		d->failed = true;
	if (d->ctx == NULL || n == 0)
		return NULL;
	d->out = NULL;
	if (OSSL_DECODER_from_data(d->ctx, &q, &n) != 1) {
		EVP_PKEY_free(d->out);
		d->out = NULL;
		return NULL;
	}
	k = d->out;
	d->out = NULL;
	return k;
}

/* the decoders go with the module (or the program, in the tests) */
__attribute__((destructor)) static void
decoders_free(void)
{
	OSSL_DECODER_CTX_free(dec_priv.ctx);
	OSSL_DECODER_CTX_free(dec_pub.ctx);
	memset(&dec_priv, 0, sizeof(dec_priv));
	memset(&dec_pub, 0, sizeof(dec_pub));
}

/* decode_key - a private key's DER by block name, or NULL */
static EVP_PKEY *
decode_key(const char *name, const unsigned char *der, long len)
{
	const unsigned char	*q = der;

	if (strcmp(name, "RSA PRIVATE KEY") == 0)
		return d2i_PrivateKey(EVP_PKEY_RSA, NULL, &q, len);
	if (strcmp(name, "EC PRIVATE KEY") == 0)
		return d2i_PrivateKey(EVP_PKEY_EC, NULL, &q, len);
	if (strcmp(name, "DSA PRIVATE KEY") == 0)
		return d2i_PrivateKey(EVP_PKEY_DSA, NULL, &q, len);
	return decode_with(&dec_priv, NULL, EVP_PKEY_KEYPAIR, der, len);
}

/* public_half - a key object holding only k's public key, or NULL */
static EVP_PKEY *
public_half(EVP_PKEY *k)
{
	unsigned char		*der = NULL;
	EVP_PKEY		*pub = NULL;
	int			 n;

	if ((n = i2d_PUBKEY(k, &der)) > 0)
		pub = decode_with(&dec_pub, "SubjectPublicKeyInfo",
		    EVP_PKEY_PUBLIC_KEY, der, n);
	OPENSSL_free(der);
	return pub;
}

/*
 * add_key - one private key block: its public half is kept, everything
 * private is wiped and freed here (the caller wipes the DER)
 */
static void
add_key(struct certpem_set *s, const char *name, const char *header,
    const unsigned char *der, long len, size_t file)
{
	struct certpem_priv	*p = s->priv;
	struct certpem_key	*k = &s->keys[s->n_keys];
	EVP_PKEY		*priv = NULL;

	k->file = file;
	k->first_cert = s->n_certs;
	k->type = "";
	if (strcmp(name, "ENCRYPTED PRIVATE KEY") == 0 ||
	    strstr(header, "ENCRYPTED") != NULL)
		k->status = CERTPEM_KEY_ENCRYPTED;
	else if ((priv = decode_key(name, der, len)) == NULL ||
	    (p->pub[s->n_keys] = public_half(priv)) == NULL)
		k->status = CERTPEM_KEY_BAD;
	else {
		k->status = CERTPEM_KEY_OK;
		k->type = key_type(priv);
	}
	/* EVP_PKEY_free clears the private numbers it frees. */
	EVP_PKEY_free(priv);
	s->n_keys++;
}

/* dh_bits - the prime's bits of DH parameters, 0 when they do not decode */
static unsigned
dh_bits(const char *name, const unsigned char *der, long len)
{
	const unsigned char	*q = der;
	unsigned		 bits = 0;
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
	EVP_PKEY		*k;

	k = d2i_KeyParams(strcmp(name, "DH PARAMETERS") == 0 ? EVP_PKEY_DH :
	    EVP_PKEY_DHX, NULL, &q, len);
	if (k != NULL && EVP_PKEY_bits(k) > 0)
		bits = (unsigned)EVP_PKEY_bits(k);
	EVP_PKEY_free(k);
#else
	DH			*dh;

	dh = strcmp(name, "DH PARAMETERS") == 0 ? d2i_DHparams(NULL, &q, len) :
	    d2i_DHxparams(NULL, &q, len);
	if (dh != NULL)
		bits = (unsigned)DH_bits(dh);
	DH_free(dh);
#endif
	return bits;
}

/* add_block - one PEM block by its name */
static void
add_block(struct certpem_set *s, const char *name, const char *header,
    unsigned char *der, long len, size_t file)
{
	const unsigned char	*q = der;
	X509			*x = NULL;

	if (s->n_certs + s->n_keys >= CERTPEM_MAX_BLOCKS) {
		s->n_skipped++;
		return;
	}
	if (strcmp(name, "CERTIFICATE") == 0 ||
	    strcmp(name, "X509 CERTIFICATE") == 0)
		x = d2i_X509(NULL, &q, len);
	else if (strcmp(name, "TRUSTED CERTIFICATE") == 0)
		x = d2i_X509_AUX(NULL, &q, len);
	else if (is_key_block(name)) {
		add_key(s, name, header, der, len, file);
		return;
	} else if (strcmp(name, "DH PARAMETERS") == 0 ||
	    strcmp(name, "X9.42 DH PARAMETERS") == 0) {
		if ((s->dh_bits = dh_bits(name, der, len)) == 0)
			s->n_bad++;
		return;
	} else
		return;		/* CRLs, requests, parameters of curves */
	if (x == NULL) {
		s->n_bad++;
		return;
	}
	add_cert(s, x, file);
}

size_t
certpem_add(struct certpem_set *s, const char *data, size_t len)
{
	BIO		*b;
	char		*name = NULL, *header = NULL;
	unsigned char	*der = NULL;
	long		 n = 0;
	size_t		 blocks = 0, bad = 0, file = s->n_files++;
	int		 left, before;
	bool		 nostart;

	if (len > INT32_MAX ||
	    (b = BIO_new_mem_buf(data, (int)len)) == NULL)
		return 0;
	for (;;) {
		before = (int)BIO_pending(b);
		/* PEM_FLAG_SECURE: the reader's line buffers (the base64 of a
		 * key) and the block are wiped when freed. */
		if (PEM_read_bio_ex(b, &name, &header, &der, &n,
		    PEM_FLAG_SECURE | PEM_FLAG_EAY_COMPATIBLE) != 1) {
			left = (int)BIO_pending(b);
			nostart = ERR_GET_REASON(ERR_peek_last_error()) ==
			    PEM_R_NO_START_LINE;
			ERR_clear_error();
			if (nostart)
				break;		/* no more blocks */
			/* A block that does not decode: go on after it, as
			 * long as the reader moves forward. */
			s->n_bad++;
			if (left > 0 && left < before &&
			    ++bad < CERTPEM_MAX_BLOCKS * 4)
				continue;
			break;
		}
		blocks++;
		add_block(s, name, header, der, n, file);
		/* The DER of a key block is private: wipe every block's. */
		OPENSSL_secure_clear_free(der, (size_t)n);
		OPENSSL_secure_free(name);
		OPENSSL_secure_free(header);
		name = header = NULL;
		der = NULL;
		ERR_clear_error();
	}
	BIO_free(b);
	return blocks;
}

int
certpem_key_matches(const struct certpem_set *cs, size_t c,
    const struct certpem_set *ks, size_t k)
{
	const struct certpem_priv	*cp = cs->priv, *kp = ks->priv;
	EVP_PKEY			*pub;

	if (k >= ks->n_keys || c >= cs->n_certs ||
	    ks->keys[k].status != CERTPEM_KEY_OK || kp->pub[k] == NULL)
		return -1;
	pub = X509_get0_pubkey(cp->x509[c]);
	return pub != NULL && pkey_eq(pub, kp->pub[k]) == 1;
}

bool
certpem_issued(const struct certpem_set *s, size_t parent, size_t child)
{
	const struct certpem_priv	*p = s->priv;

	return parent < s->n_certs && child < s->n_certs && parent != child &&
	    issued(p->x509[parent], p->x509[child]);
}
