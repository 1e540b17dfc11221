/* SPDX-License-Identifier: MIT */
/*
 * test_cert - certdate (--now, calendar arithmetic), certname (RFC 6125 /
 * RFC 9525 host name matching) and certpem on inputs that are not
 * certificates.  Real certificates, keys and DH parameters are made with
 * the openssl CLI at test time by tests/certs.sh; none is committed.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "certdate.h"
#include "certname.h"
#include "certpem.h"
#include "cu.h"

static const struct name_case {
	const char	*pattern;
	const char	*host;
	bool		 want;
} name_cases[] = {
	/* exact names, ASCII case and one trailing dot ignored */
	{ .pattern = "mail.example.org", .host = "mail.example.org", .want = true },
	{ .pattern = "MAIL.Example.ORG", .host = "mail.example.org", .want = true },
	{ .pattern = "mail.example.org.", .host = "mail.example.org", .want = true },
	{ .pattern = "mail.example.org", .host = "mail.example.org.", .want = true },
	{ .pattern = "mail.example.org", .host = "imap.example.org", .want = false },
	{ .pattern = "mail.example.org", .host = "mail.example.org.evil", .want = false },
	{ .pattern = "example.org", .host = "mail.example.org", .want = false },
	{ .pattern = "", .host = "mail.example.org", .want = false },
	{ .pattern = "mail.example.org", .host = "", .want = false },
	/* RFC 6125 6.4.3: the wildcard is the whole left-most label and
	 * stands for exactly one label */
	{ .pattern = "*.example.org", .host = "mail.example.org", .want = true },
	{ .pattern = "*.EXAMPLE.org", .host = "Mail.example.ORG", .want = true },
	{ .pattern = "*.example.org", .host = "example.org", .want = false },
	{ .pattern = "*.example.org", .host = "a.mail.example.org", .want = false },
	{ .pattern = "*.example.org", .host = ".example.org", .want = false },
	{ .pattern = "*.mail.example.org", .host = "imap.mail.example.org", .want = true },
	/* RFC 9525 6.3: no partial-label wildcards, none but left-most */
	{ .pattern = "m*.example.org", .host = "mail.example.org", .want = false },
	{ .pattern = "*ail.example.org", .host = "mail.example.org", .want = false },
	{ .pattern = "mail.*.org", .host = "mail.example.org", .want = false },
	{ .pattern = "*.*.org", .host = "a.example.org", .want = false },
	{ .pattern = "**.example.org", .host = "mail.example.org", .want = false },
	/* at least two labels after the wildcard */
	{ .pattern = "*.org", .host = "example.org", .want = false },
	{ .pattern = "*", .host = "localhost", .want = false },
	{ .pattern = "*.", .host = "org.", .want = false },
	/* a host holding a wildcard is never matched */
	{ .pattern = "*.example.org", .host = "*.example.org", .want = false },
	{ .pattern = NULL, .host = "mail.example.org", .want = false },
};

static void
t_name_match(void)
{
	size_t	i;

	for (i = 0; i < sizeof(name_cases) / sizeof(name_cases[0]); i++) {
		const struct name_case	*c = &name_cases[i];
		bool			 got = certname_match(c->pattern, c->host);

		if (got != c->want)
			fprintf(stderr, "certname_match(\"%s\", \"%s\"): got %d, "
			    "want %d\n", c->pattern ? c->pattern : "(null)",
			    c->host, got, c->want);
		CU_ASSERT(got == c->want);
	}
}

static void
t_name_covered(void)
{
	static const char *const dns[] = { "imap.example.org", "*.example.net" };
	bool	by_cn;

	CU_ASSERT(certname_covered(dns, 2, "mail.example.org", "imap.example.org",
	    &by_cn));
	CU_ASSERT(!by_cn);
	CU_ASSERT(certname_covered(dns, 2, NULL, "smtp.example.net", NULL));
	/* With DNS names present the CN is not used (RFC 6125 6.4.4). */
	CU_ASSERT(!certname_covered(dns, 2, "mail.example.org",
	    "mail.example.org", &by_cn));
	/* Without them it is. */
	CU_ASSERT(certname_covered(NULL, 0, "mail.example.org",
	    "mail.example.org", &by_cn));
	CU_ASSERT(by_cn);
	CU_ASSERT(!certname_covered(NULL, 0, NULL, "mail.example.org", NULL));
}

static void
t_name_is_host(void)
{
	CU_ASSERT(certname_is_host("mail.example.org"));
	CU_ASSERT(certname_is_host("mx-1.example.org."));
	CU_ASSERT(!certname_is_host("localhost"));
	CU_ASSERT(!certname_is_host("192.0.2.1"));
	CU_ASSERT(!certname_is_host("*.example.org"));
	CU_ASSERT(!certname_is_host("a..example.org"));
	CU_ASSERT(!certname_is_host(".example.org"));
	CU_ASSERT(!certname_is_host("$myhostname"));
	CU_ASSERT(!certname_is_host(""));
}

static const struct date_case {
	const char	*in;
	long long	 want;		/* seconds; ignored when err */
	bool		 err;
} date_cases[] = {
	{ .in = "1970-01-01", .want = 0 },
	{ .in = "2000-03-01", .want = 951868800 },
	{ .in = "2026-12-03", .want = 1796256000 },
	{ .in = "2024-02-29", .want = 1709164800 },
	{ .in = "2026-12-03T10:20:30Z", .want = 1796256000 + 37230 },
	{ .in = "2026-12-03T10:20:30", .want = 1796256000 + 37230 },
	{ .in = "2026-12-03 10:20:30z", .want = 1796256000 + 37230 },
	{ .in = "2026-12-03T10:20", .want = 1796256000 + 37200 },
	{ .in = "2026-12-03T10:20:30.123Z", .want = 1796256000 + 37230 },
	{ .in = "2026-12-03T12:20:30+02:00", .want = 1796256000 + 37230 },
	{ .in = "2026-12-03T08:20:30-0200", .want = 1796256000 + 37230 },
	{ .in = "1969-12-31T23:59:59Z", .want = -1 },
	{ .in = "9999-12-31T23:59:59Z", .want = 253402300799LL },
	{ .in = "2026-02-29", .err = true },
	{ .in = "2026-13-01", .err = true },
	{ .in = "2026-00-10", .err = true },
	{ .in = "2026-1-10", .err = true },
	{ .in = "26-01-10", .err = true },
	{ .in = "2026-01-10T24:00", .err = true },
	{ .in = "2026-01-10T10", .err = true },
	{ .in = "2026-01-10X", .err = true },
	{ .in = "2026-01-10T10:00:00+2", .err = true },
	{ .in = "2026-01-10T10:00:00 UTC", .err = true },
	{ .in = "yesterday", .err = true },
	{ .in = "", .err = true },
};

static void
t_date_parse(void)
{
	size_t	i;

	for (i = 0; i < sizeof(date_cases) / sizeof(date_cases[0]); i++) {
		const struct date_case	*c = &date_cases[i];
		certtime_t		 t = 0;
		const char		*err = certdate_parse(c->in, &t);

		if ((err != NULL) != c->err || (!c->err && t != c->want))
			fprintf(stderr, "certdate_parse(\"%s\"): got %s %lld, "
			    "want %s %lld\n", c->in, err ? err : "ok",
			    (long long)t, c->err ? "an error" : "ok", c->want);
		CU_ASSERT((err != NULL) == c->err);
		if (!c->err)
			CU_EXPECT_INT(t, c->want);
	}
}

static void
t_date_format(void)
{
	char		buf[CERTDATE_ISO_LEN];
	certtime_t	t;
	long long	d;

	CU_EXPECT_STR(certdate_format(0, buf, sizeof(buf)),
	    "1970-01-01T00:00:00Z");
	CU_EXPECT_STR(certdate_format(-1, buf, sizeof(buf)),
	    "1969-12-31T23:59:59Z");
	CU_EXPECT_STR(certdate_format(1709164800 + 86399, buf, sizeof(buf)),
	    "2024-02-29T23:59:59Z");
	/* Every day of four centuries round-trips through both. */
	for (d = -146097; d < 146097 * 2; d += 1) {
		t = d * 86400 + 3723;
		certdate_format(t, buf, sizeof(buf));
		CU_ASSERT(certdate_parse(buf, &t) == NULL);
		if (t != d * 86400 + 3723) {
			CU_FAIL("round trip");
			fprintf(stderr, "round trip of day %lld: %s\n", d, buf);
			break;
		}
	}
}

static void
t_days_left(void)
{
	CU_EXPECT_INT(certdate_days_left(0, 0), 0);
	CU_EXPECT_INT(certdate_days_left(0, 86399), 0);
	CU_EXPECT_INT(certdate_days_left(0, 86400), 1);
	CU_EXPECT_INT(certdate_days_left(0, 30 * 86400 + 5), 30);
	CU_EXPECT_INT(certdate_days_left(86400, 86399), -1);
	CU_EXPECT_INT(certdate_days_left(10 * 86400, 0), -10);
	CU_EXPECT_INT(certdate_days_left(10 * 86400 + 1, 0), -11);
}

/* certpem on what is not a certificate: never a crash, nothing made up */
static void
t_pem_not_certs(void)
{
	static const char *const inputs[] = {
		"",
		"not a certificate at all\n",
		"-----BEGIN CERTIFICATE-----\n",
		"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
		"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
		"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
		("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
		    "-----END ENCRYPTED PRIVATE KEY-----\n"),
		"-----BEGIN DH PARAMETERS-----\nAAAA\n-----END DH PARAMETERS-----\n",
		"-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n",
	};
	struct arena		*a = arena_new();
	struct certpem_set	*s;
	size_t			 i;

	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		s = certpem_new(a);
		certpem_add(s, inputs[i], strlen(inputs[i]));
		CU_EXPECT_INT(s->n_certs, 0);
		CU_EXPECT_INT(s->dh_bits, 0);
		CU_ASSERT(certpem_key_matches(s, 0, s, 0) == -1);
		certpem_free(&s);
		CU_ASSERT_PTR_NULL(s);
	}
	/* The key blocks are recorded, as undecodable or encrypted. */
	s = certpem_new(a);
	certpem_add(s, inputs[5], strlen(inputs[5]));
	certpem_add(s, inputs[6], strlen(inputs[6]));
	CU_EXPECT_INT(s->n_keys, 2);
	CU_EXPECT_INT(s->keys[0].status, CERTPEM_KEY_BAD);
	CU_EXPECT_INT(s->keys[1].status, CERTPEM_KEY_ENCRYPTED);
	CU_EXPECT_INT(s->keys[1].file, 1);
	CU_EXPECT_INT(s->n_files, 2);
	certpem_free(&s);
	certpem_free(&s);	/* NULL is fine */
	arena_free(&a);
}

/* More blocks than CERTPEM_MAX_BLOCKS: the rest are counted, not read. */
static void
t_pem_many(void)
{
	static const char key[] = "-----BEGIN PRIVATE KEY-----\nAAAA\n"
	    "-----END PRIVATE KEY-----\n";
	struct arena		*a = arena_new();
	struct certpem_set	*s = certpem_new(a);
	char			 buf[sizeof(key) * (CERTPEM_MAX_BLOCKS + 10)];
	size_t			 i, n = 0;

	for (i = 0; i < CERTPEM_MAX_BLOCKS + 10; i++) {
		memcpy(buf + n, key, sizeof(key) - 1);
		n += sizeof(key) - 1;
	}
	CU_EXPECT_INT(certpem_add(s, buf, n), CERTPEM_MAX_BLOCKS + 10);
	CU_EXPECT_INT(s->n_keys, CERTPEM_MAX_BLOCKS);
	CU_EXPECT_INT(s->n_skipped, 10);
	certpem_wipe(buf, n);
	CU_EXPECT_INT(buf[0], 0);
	certpem_free(&s);
	arena_free(&a);
	CU_ASSERT(strstr(certpem_library(), "SSL") != NULL);
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "host name matching (RFC 6125, RFC 9525)", t_name_match },
		{ "SAN before CN", t_name_covered },
		{ "host names worth checking", t_name_is_host },
		{ "--now dates", t_date_parse },
		{ "ISO dates, calendar round trip", t_date_format },
		{ "days left", t_days_left },
		{ "PEM that holds no certificate", t_pem_not_certs },
		{ "PEM block limit", t_pem_many },
		{ NULL, NULL }
	};

	return cu_run("cert", tests);
}
