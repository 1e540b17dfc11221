/* SPDX-License-Identifier: MIT */
/*
 * ciphers - what OpenSSL makes of a cipher string (ciphers.h).
 */
#include "config.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/ssl.h>

#include "arena.h"
#include "ciphers.h"
#include "strbuf.h"

/* OpenSSL's separators in a cipher string */
#define SEPARATORS	": ,;"
#define MAX_TOKEN	256
/* weak-looking tokens asked of OpenSSL one by one, at most (a hostile
 * list repeats "eNULL" ten thousand times) */
#define MAX_PROBES	64

/* init - OpenSSL without its configuration file: nothing outside --root
 * is read, and the host's policy does not change the expansion */
static int
init(void)
{
	static int	done, rc;

	if (!done) {
		done = 1;
		rc = OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_CONFIG, NULL) == 1 ?
		    0 : -1;
	}
	return rc;
}

/* new_ctx - a server context at security level 0 (the list as written) */
static SSL_CTX *
new_ctx(void)
{
	SSL_CTX	*ctx;

	if (init() != 0 || (ctx = SSL_CTX_new(TLS_server_method())) == NULL)
		return NULL;
	SSL_CTX_set_security_level(ctx, 0);
	return ctx;
}

/* suite_weak - the CW_* bits of one suite the library has */
static unsigned
suite_weak(const SSL_CIPHER *c)
{
	unsigned	w = 0;
	int		alg = 0;

	switch (SSL_CIPHER_get_cipher_nid(c)) {
	case NID_undef:
		w |= CW_NULL;
		break;
	case NID_rc4:
	case NID_rc4_40:
		w |= CW_RC4;
		break;
	case NID_des_cbc:
		w |= CW_DES;
		break;
	case NID_des_ede3_cbc:
		w |= CW_3DES;
		break;
	case NID_idea_cbc:
		w |= CW_IDEA;
		break;
	}
	if (SSL_CIPHER_get_auth_nid(c) == NID_auth_null)
		w |= CW_ANULL;
	if (SSL_CIPHER_get_digest_nid(c) == NID_md5)
		w |= CW_MD5;
	if (SSL_CIPHER_get_bits(c, &alg) > 0 && alg > 0 && alg < 64 &&
	    (w & CW_NULL) == 0)
		w |= CW_EXPORT;
	return w;
}

/* suite_profile - the CP_* bits of one suite the library has */
static unsigned
suite_profile(const SSL_CIPHER *c)
{
	unsigned	p = 0;

	switch (SSL_CIPHER_get_kx_nid(c)) {
	case NID_kx_ecdhe:
	case NID_kx_dhe:
	case NID_kx_ecdhe_psk:
	case NID_kx_dhe_psk:
	case NID_kx_any:
		break;
	default:
		p |= CP_NOFS;
	}
	if (!SSL_CIPHER_is_aead(c))
		p |= CP_NOAEAD;
	return p;
}

/*
 * legacy_weak - what a name meant in the OpenSSL versions that had it:
 * the CW_* bits of a token (a suite name, a keyword or an a+b+c
 * combination), 0 when it names nothing weak.
 */
static unsigned
legacy_weak(const char *t)
{
	unsigned	w = 0;

	if (strstr(t, "RC4") != NULL)
		w |= CW_RC4;
	if (strncmp(t, "EXP", 3) == 0 || strstr(t, "+EXP") != NULL)
		w |= CW_EXPORT;
	if (strstr(t, "DES-CBC3") != NULL || strstr(t, "3DES") != NULL ||
	    strstr(t, "EDE-CBC") != NULL)
		w |= CW_3DES;
	else if (strcmp(t, "DES") == 0 || strstr(t, "DES-CBC-") != NULL ||
	    strcmp(t, "LOW") == 0)
		w |= CW_DES;
	if (strstr(t, "IDEA") != NULL)
		w |= CW_IDEA;
	if (strcmp(t, "eNULL") == 0 || strcmp(t, "NULL") == 0 ||
	    strncmp(t, "NULL-", 5) == 0 || strstr(t, "-NULL-") != NULL ||
	    strcmp(t, "COMPLEMENTOFALL") == 0)
		w |= CW_NULL;
	if (strcmp(t, "aNULL") == 0 || strncmp(t, "ADH", 3) == 0 ||
	    strncmp(t, "AECDH", 5) == 0)
		w |= CW_ANULL;
	if (w != 0 && strlen(t) > 4 && strcmp(t + strlen(t) - 4, "-MD5") == 0)
		w |= CW_MD5;
	if (strcmp(t, "MD5") == 0)
		w |= CW_MD5;
	return w;
}

/* known - the linked OpenSSL enables some suite for token t alone */
static bool
known(SSL_CTX *probe, const char *t)
{
	int	ok = SSL_CTX_set_cipher_list(probe, t);

	ERR_clear_error();
	return ok == 1;
}

struct legacy {
	char		 name[MAX_TOKEN];
	unsigned	 weak;
	size_t		 pos;		/* token index */
};

/* seen - t is already one of the n legacy names */
static bool
seen(const struct legacy *leg, size_t n, const char *t)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(leg[i].name, t) == 0)
			return true;
	return false;
}

/*
 * add_legacy - the weak names of s that the linked OpenSSL does not know,
 * minus those that a "!" token (anywhere) or a later "-" token takes away,
 * appended to out
 */
static void
add_legacy(struct arena *a, const char *s, SSL_CTX *probe,
    struct cipher_eval *out)
{
	struct legacy	 leg[32];
	unsigned	 killed_bang = 0, killed_after[32] = { 0 };
	size_t		 n = 0, pos = 0, i, len, j, base, probes = 0;
	char		 t[MAX_TOKEN];
	const char	*p = s;
	unsigned	 w;

	while (*p != '\0') {
		p += strspn(p, SEPARATORS);
		len = strcspn(p, SEPARATORS);
		if (len == 0)
			break;
		if (len < sizeof(t)) {
			memcpy(t, p, len);
			t[len] = '\0';
			if (t[0] == '!' || t[0] == '-') {
				w = legacy_weak(t + 1);
				if (t[0] == '!')
					killed_bang |= w;
				else
					for (i = 0; i < n; i++)
						killed_after[i] |= w;
			} else if (t[0] != '+' && t[0] != '@' && n < 32 &&
			    (w = legacy_weak(t)) != 0 && !seen(leg, n, t) &&
			    probes++ < MAX_PROBES && !known(probe, t)) {
				memcpy(leg[n].name, t, len + 1);
				leg[n].weak = w;
				leg[n].pos = pos;
				n++;
			}
		}
		p += len;
		pos++;
	}
	base = out->n;
	for (i = 0; i < n; i++) {
		if ((leg[i].weak & (killed_bang | killed_after[i])) != 0)
			continue;
		for (j = base; j < out->n; j++)
			if (strcmp(out->suites[j].name, leg[i].name) == 0)
				break;
		if (j < out->n)
			continue;
		out->suites[out->n].name = arena_strdup(a, leg[i].name);
		out->suites[out->n].weak = leg[i].weak;
		/* RC4, DES, 3DES, IDEA, NULL: none of them AEAD */
		out->suites[out->n].profile = CP_NOAEAD;
		out->suites[out->n].legacy = true;
		out->n++;
	}
}

/* The last string expanded and its result: every listener of a host
 * usually hands OpenSSL the same list (ciphers.h: valid until the next
 * call with another string; ciphers_reset() frees it). */
static struct {
	struct arena		*a;
	const char		*key;
	struct cipher_eval	 ev;
} memo;

void
ciphers_reset(void)
{
	arena_free(&memo.a);
	memo.key = NULL;
}

static int	expand(struct arena *a, const char *s, struct cipher_eval *out);

int
ciphers_eval(struct arena *a, const char *s, struct cipher_eval *out)
{
	(void)a;
	if (memo.key != NULL && strcmp(memo.key, s) == 0) {
		*out = memo.ev;
		return 0;
	}
	ciphers_reset();
	memo.a = arena_new();
	if (expand(memo.a, s, out) != 0) {
		ciphers_reset();
		return -1;
	}
	memo.key = arena_strdup(memo.a, s);
	memo.ev = *out;
	return 0;
}

static int
expand(struct arena *a, const char *s, struct cipher_eval *out)
{
	STACK_OF(SSL_CIPHER)	*sk;
	SSL_CTX			*ctx, *probe;
	size_t			 i, n, cap;
	int			 ok;

	memset(out, 0, sizeof(*out));
	if ((ctx = new_ctx()) == NULL)
		return -1;
	if ((probe = new_ctx()) == NULL) {
		SSL_CTX_free(ctx);
		return -1;
	}
	ok = SSL_CTX_set_cipher_list(ctx, s);
	ERR_clear_error();
	sk = ok == 1 ? SSL_CTX_get_ciphers(ctx) : NULL;
	n = sk != NULL ? (size_t)sk_SSL_CIPHER_num(sk) : 0;
	cap = n + 32;
	out->suites = arena_alloc(a, cap * sizeof(*out->suites));
	for (i = 0; i < n; i++) {
		const SSL_CIPHER	*c = sk_SSL_CIPHER_value(sk, (int)i);
		const char		*v = SSL_CIPHER_get_version(c);

		/* TLS 1.3 suites come from ciphersuites, not from this list */
		if (v != NULL && strcmp(v, "TLSv1.3") == 0)
			continue;
		out->suites[out->n].name = arena_strdup(a,
		    SSL_CIPHER_get_name(c));
		out->suites[out->n].weak = suite_weak(c);
		out->suites[out->n].profile = suite_profile(c);
		out->n++;
	}
	add_legacy(a, s, probe, out);
	for (i = 0; i < out->n; i++) {
		out->weak |= out->suites[i].weak;
		if (out->suites[i].weak != 0)
			out->n_weak++;
		out->profile |= out->suites[i].profile;
		if (out->suites[i].profile != 0)
			out->n_profile++;
		out->broken |= out->suites[i].weak & CW_BROKEN;
		if ((out->suites[i].weak & CW_BROKEN) != 0)
			out->n_broken++;
	}
	out->rejected = out->n == 0;
	SSL_CTX_free(probe);
	SSL_CTX_free(ctx);
	return 0;
}

void
ciphers_weak_names(struct strbuf *sb, unsigned weak)
{
	static const struct {
		unsigned	 bit;
		const char	*name;
	} names[] = {
		{ CW_NULL, "NULL" }, { CW_ANULL, "aNULL" },
		{ CW_EXPORT, "EXPORT" }, { CW_RC4, "RC4" }, { CW_DES, "DES" },
		{ CW_3DES, "3DES" }, { CW_IDEA, "IDEA" }, { CW_MD5, "MD5" },
	};
	size_t	i;
	bool	first = true;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((weak & names[i].bit) == 0)
			continue;
		strbuf_printf(sb, "%s%s", first ? "" : ", ", names[i].name);
		first = false;
	}
}

const char *
ciphers_library(void)
{
	return OpenSSL_version(OPENSSL_VERSION);
}
