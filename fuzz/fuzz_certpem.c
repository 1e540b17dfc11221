/* SPDX-License-Identifier: MIT */
/*
 * fuzz_certpem - the PEM/certificate path: certpem_add() on a certificate
 * buffer and a key buffer (the input cut at FUZZ_SEP), then every question
 * certcheck asks of the sets (issuers, key matches, the facts' strings),
 * and the host name and date parsers on the input's first line.  Seeds:
 * certificates, keys and DH parameters fuzz/run.sh makes with openssl.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "certdate.h"
#include "certname.h"
#include "certpem.h"
#include "fuzz_common.h"

/* touch - read every fact string, so that ASan sees a bad one */
static size_t
touch(const struct certpem_set *s)
{
	size_t	i, k, n = 0;

	for (i = 0; i < s->n_certs; i++) {
		const struct certpem_cert	*c = &s->certs[i];

		n += strlen(c->subject) + strlen(c->issuer) +
		    strlen(c->key_type) + strlen(c->sig_alg) +
		    strlen(c->sig_hash) + strlen(c->fingerprint) +
		    (c->cn != NULL ? strlen(c->cn) : 0);
		for (k = 0; k < c->n_san; k++)
			n += strlen(c->san[k]);
		for (k = 0; k < c->n_dns; k++)
			n += certname_match(c->dns[k], "mail.example.org");
	}
	return n;
}

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		*a = arena_new();
	struct certpem_set	*cs = certpem_new(a), *ks = certpem_new(a);
	const char		*p = (const char *)data, *sep;
	char			 line[256];
	size_t			 n1 = size, i, k;
	certtime_t		 t;

	sep = memmem(p, size, FUZZ_SEP, sizeof(FUZZ_SEP) - 1);
	if (sep != NULL)
		n1 = (size_t)(sep - p);
	certpem_add(cs, p, n1);
	if (sep != NULL)
		certpem_add(ks, sep + sizeof(FUZZ_SEP) - 1,
		    size - n1 - (sizeof(FUZZ_SEP) - 1));
	for (i = 0; i < cs->n_certs; i++) {
		for (k = 0; k < cs->n_certs; k++)
			(void)certpem_issued(cs, i, k);
		for (k = 0; k < ks->n_keys; k++)
			(void)certpem_key_matches(cs, i, ks, k);
		for (k = 0; k < cs->n_keys; k++)
			(void)certpem_key_matches(cs, i, cs, k);
	}
	(void)touch(cs);
	(void)touch(ks);
	/* The first line as a --now date and a host name. */
	for (i = 0; i < size && i < sizeof(line) - 1 && p[i] != '\n'; i++)
		line[i] = p[i] != '\0' ? p[i] : ' ';
	line[i] = '\0';
	(void)certdate_parse(line, &t);
	(void)certname_is_host(line);
	(void)certname_match(line, "mail.example.org");
	(void)certname_match("*.example.org", line);
	certpem_free(&cs);
	certpem_free(&ks);
	arena_free(&a);
	return 0;
}
