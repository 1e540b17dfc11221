/* SPDX-License-Identifier: MIT */
/*
 * test_resolve - effective settings and listener facts.
 *
 * Each case is a small configuration (main.cf, master.cf, dovecot.conf
 * text), optional target versions, and what one listener (named by its
 * scope) must look like.  The expectations encode the behaviour observed
 * on real daemons (reference/postfix.md 6, reference/dovecot.md 3).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cu.h"
#include "arena.h"
#include "defaults.h"
#include "diag.h"
#include "fsroot.h"
#include "inputs.h"
#include "model.h"
#include "parse.h"
#include "resolve.h"
#include "tlsproto.h"

struct tcase {
	const char	*name;
	const char	*main_cf;	/* NULL = no Postfix */
	const char	*master_cf;	/* NULL = no master.cf */
	const char	*dovecot;	/* NULL = no Dovecot */
	const char	*pf_version;
	const char	*dc_version;
	const char	*scope;		/* listener to check */
	const char	*address;	/* NULL = don't check */
	unsigned	 port;
	const char	*tls;		/* none, starttls, implicit */
	int		 required;
	const char	*versions;	/* tlsproto_format, "" = none */
	int		 plaintext;
	int		 enabled;
	int		 invalid;	/* -1 = don't check */
};

#define CERT	"smtpd_tls_cert_file = /etc/ssl/certs/c.pem\n"
#define SMTP	"smtp inet n - y - - smtpd\n"
#define ALLV	"TLSv1 TLSv1.1 TLSv1.2 TLSv1.3"
#define V12	"TLSv1.2 TLSv1.3"
#define DCERT	"ssl_cert = </etc/dovecot/c.pem\nssl_key = </etc/dovecot/k.pem\n"

static const struct tcase cases[] = {
	{ .name = "stock 3.7: TLS 1.0 by default on 25",
	  .main_cf = CERT "smtpd_tls_security_level = may\n", .master_cf = SMTP,
	  .scope = "smtp/inet", .address = "*", .port = 25, .tls = "starttls",
	  .required = 0, .versions = ALLV, .plaintext = 0, .enabled = 1, .invalid = 0 },
	{ .name = "3.5 default excludes SSL only",
	  .main_cf = CERT "smtpd_tls_security_level = may\n", .master_cf = SMTP,
	  .pf_version = "3.5", .scope = "smtp/inet", .port = 25, .tls = "starttls",
	  .versions = ALLV, .enabled = 1, .invalid = 0 },
	{ .name = "2.10 default accepts SSLv2 and SSLv3",
	  .main_cf = CERT "smtpd_use_tls = yes\n", .master_cf = SMTP,
	  .pf_version = "2.10", .scope = "smtp/inet", .port = 25, .tls = "starttls",
	  .versions = "SSLv2 SSLv3 " ALLV, .enabled = 1, .invalid = 0 },
	{ .name = ">=TLSv1.2",
	  .main_cf = CERT "smtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1.2\n",
	  .master_cf = SMTP, .scope = "smtp/inet", .port = 25, .tls = "starttls",
	  .versions = V12, .enabled = 1, .invalid = 0 },
	{ .name = ">=TLSv1.2 before 3.6 disables TLS",
	  .main_cf = CERT "smtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1.2\n",
	  .master_cf = SMTP, .pf_version = "3.5", .scope = "smtp/inet", .port = 25,
	  .tls = "starttls", .versions = "", .enabled = 1, .invalid = 1 },
	{ .name = "TLSv1.0 is not a protocol name",
	  .main_cf = CERT "smtpd_tls_security_level = may\n"
	  "smtpd_tls_protocols = !SSLv2, !SSLv3, !TLSv1.0\n", .master_cf = SMTP,
	  .scope = "smtp/inet", .port = 25, .tls = "starttls", .versions = "",
	  .enabled = 1, .invalid = 1 },
	{ .name = "exclusion syntax",
	  .main_cf = CERT "smtpd_tls_security_level = may\n"
	  "smtpd_tls_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1.1\n", .master_cf = SMTP,
	  .scope = "smtp/inet", .port = 25, .tls = "starttls", .versions = V12,
	  .enabled = 1, .invalid = 0 },
	{ .name = "SASL with optional TLS: AUTH before STARTTLS",
	  .main_cf = CERT "smtpd_tls_security_level = may\nsmtpd_sasl_auth_enable = yes\n",
	  .master_cf = SMTP, .scope = "smtp/inet", .port = 25, .tls = "starttls",
	  .versions = ALLV, .plaintext = 1, .enabled = 1, .invalid = 0 },
	{ .name = "smtpd_tls_auth_only hides AUTH before TLS",
	  .main_cf = CERT "smtpd_tls_security_level = may\nsmtpd_sasl_auth_enable = yes\n"
	  "smtpd_tls_auth_only = yes\n", .master_cf = SMTP, .scope = "smtp/inet",
	  .port = 25, .tls = "starttls", .versions = ALLV, .plaintext = 0,
	  .enabled = 1, .invalid = 0 },
	{ .name = "noplaintext hides PLAIN/LOGIN before TLS",
	  .main_cf = CERT "smtpd_tls_security_level = may\nsmtpd_sasl_auth_enable = yes\n"
	  "smtpd_sasl_security_options = noanonymous, noplaintext\n", .master_cf = SMTP,
	  .scope = "smtp/inet", .port = 25, .tls = "starttls", .versions = ALLV,
	  .plaintext = 0, .enabled = 1, .invalid = 0 },
	{ .name = "submission encrypt uses the mandatory list",
	  .main_cf = CERT "smtpd_tls_security_level = may\n"
	  "smtpd_tls_mandatory_protocols = >=TLSv1.2\n",
	  .master_cf = SMTP "submission inet n - y - - smtpd\n"
	  "  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n",
	  .scope = "submission/inet", .port = 587, .tls = "starttls", .required = 1,
	  .versions = V12, .plaintext = 0, .enabled = 1, .invalid = 0 },
	{ .name = "submissions with wrappermode is implicit TLS",
	  .main_cf = CERT "smtpd_tls_mandatory_protocols = >=TLSv1.2\n",
	  .master_cf = SMTP "submissions inet n - y - - smtpd\n"
	  "  -o smtpd_tls_wrappermode=yes\n  -o smtpd_sasl_auth_enable=yes\n",
	  .scope = "submissions/inet", .port = 465, .tls = "implicit", .required = 1,
	  .versions = V12, .plaintext = 0, .enabled = 1, .invalid = 0 },
	{ .name = "465 without wrappermode speaks plaintext",
	  .main_cf = CERT, .master_cf = SMTP "465 inet n - y - - smtpd\n"
	  "  -o smtpd_sasl_auth_enable=yes\n", .scope = "465/inet", .port = 465,
	  .tls = "none", .versions = "", .plaintext = 1, .enabled = 1, .invalid = 0 },
	{ .name = "-o override weakens one service",
	  .main_cf = CERT "smtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1.2\n"
	  "weak = !SSLv2, !SSLv3\n", .master_cf = SMTP "2525 inet n - y - - smtpd\n"
	  "  -o smtpd_tls_protocols=$weak\n", .scope = "2525/inet", .port = 2525,
	  .tls = "starttls", .versions = ALLV, .enabled = 1, .invalid = 0 },
	{ .name = "loopback content filter",
	  .main_cf = CERT, .master_cf = SMTP "127.0.0.1:10025 inet n - n - - smtpd\n"
	  "  -o smtpd_tls_security_level=none\n", .scope = "127.0.0.1:10025/inet",
	  .address = "127.0.0.1", .port = 10025, .tls = "none", .versions = "",
	  .enabled = 1, .invalid = 0 },
	{ .name = "[v6]:port",
	  .main_cf = CERT, .master_cf = "[::1]:2525 inet n - n - - smtpd\n",
	  .scope = "[::1]:2525/inet", .address = "::1", .port = 2525, .tls = "none",
	  .versions = "", .enabled = 1, .invalid = 0 },
	{ .name = "no certificate: TLS unusable",
	  .main_cf = "smtpd_tls_security_level = may\n", .master_cf = SMTP,
	  .scope = "smtp/inet", .port = 25, .tls = "starttls", .versions = "",
	  .enabled = 1, .invalid = 0 },
	{ .name = "postscreen hands off to the smtpd pass service",
	  .main_cf = CERT "smtpd_tls_security_level = may\n",
	  .master_cf = "smtp inet n - y - 1 postscreen\n"
	  "smtpd pass - - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n",
	  .scope = "smtp/inet", .port = 25, .tls = "starttls", .versions = ALLV,
	  .plaintext = 1, .enabled = 1, .invalid = 0 },
	{ .name = "obsolete smtpd_enforce_tls means encrypt",
	  .main_cf = CERT "smtpd_enforce_tls = yes\n", .master_cf = SMTP,
	  .scope = "smtp/inet", .port = 25, .tls = "starttls", .required = 1,
	  .versions = ALLV, .enabled = 1, .invalid = 0 },
	{ .name = "smtpd level dane: smtpd exits, nothing offered",
	  .main_cf = CERT "smtpd_tls_security_level = dane\nsmtpd_sasl_auth_enable = yes\n",
	  .master_cf = SMTP, .scope = "smtp/inet", .port = 25, .tls = "starttls",
	  .required = 1, .versions = "", .plaintext = 0, .enabled = 1, .invalid = 0 },
	{ .name = "smtpd level verify is served as encrypt",
	  .main_cf = CERT "smtpd_tls_security_level = verify\n", .master_cf = SMTP,
	  .scope = "smtp/inet", .port = 25, .tls = "starttls", .required = 1,
	  .versions = ALLV, .enabled = 1, .invalid = 0 },
	{ .name = "inet_interfaces = loopback-only",
	  .main_cf = CERT "inet_interfaces = loopback-only\n", .master_cf = SMTP,
	  .scope = "smtp/inet", .address = "127.0.0.1, ::1", .port = 25,
	  .tls = "none", .versions = "", .enabled = 1, .invalid = 0 },
	{ .name = "no master.cf: the stock smtp service",
	  .main_cf = CERT "smtpd_tls_security_level = may\n", .scope = "smtp/inet",
	  .port = 25, .tls = "starttls", .versions = ALLV, .enabled = 1, .invalid = 0 },

	{ .name = "dovecot 2.3.19 imap: STARTTLS, TLS 1.2+",
	  .dovecot = DCERT "protocols = imap pop3\n",
	  .scope = "service imap-login/inet_listener imap", .address = "*", .port = 143,
	  .tls = "starttls", .versions = V12, .plaintext = 0, .enabled = 1, .invalid = 0 },
	{ .name = "dovecot imaps built-in: implicit",
	  .dovecot = DCERT "protocols = imap pop3\n",
	  .scope = "service imap-login/inet_listener imaps", .port = 993,
	  .tls = "implicit", .required = 1, .versions = V12, .enabled = 1, .invalid = 0 },
	{ .name = "dovecot pop3s",
	  .dovecot = DCERT "protocols = imap pop3\n",
	  .scope = "service pop3-login/inet_listener pop3s", .port = 995,
	  .tls = "implicit", .required = 1, .versions = V12, .enabled = 1, .invalid = 0 },
	{ .name = "dovecot submission not in protocols",
	  .dovecot = DCERT "protocols = imap pop3\n",
	  .scope = "service submission-login/inet_listener submission", .port = 587,
	  .tls = "starttls", .versions = V12, .enabled = 0, .invalid = 0 },
	{ .name = "dovecot 2.3.14 default TLSv1",
	  .dovecot = DCERT "protocols = imap\n", .dc_version = "2.3.14",
	  .scope = "service imap-login/inet_listener imap", .port = 143,
	  .tls = "starttls", .versions = ALLV, .enabled = 1, .invalid = 0 },
	{ .name = "dovecot ssl_min_protocol = TLSv1",
	  .dovecot = DCERT "protocols = imap\nssl_min_protocol = TLSv1\n",
	  .scope = "service imap-login/inet_listener imaps", .port = 993,
	  .tls = "implicit", .required = 1, .versions = ALLV, .enabled = 1, .invalid = 0 },
	{ .name = "dovecot bogus ssl_min_protocol",
	  .dovecot = DCERT "protocols = imap\nssl_min_protocol = TLSv1.0\n",
	  .scope = "service imap-login/inet_listener imaps", .port = 993,
	  .tls = "implicit", .required = 1, .versions = "", .enabled = 1, .invalid = 1 },
	{ .name = "dovecot disable_plaintext_auth = no",
	  .dovecot = DCERT "protocols = imap\ndisable_plaintext_auth = no\n",
	  .scope = "service imap-login/inet_listener imap", .port = 143,
	  .tls = "starttls", .versions = V12, .plaintext = 1, .enabled = 1, .invalid = 0 },
	{ .name = "dovecot plaintext never on imaps",
	  .dovecot = DCERT "protocols = imap\ndisable_plaintext_auth = no\n",
	  .scope = "service imap-login/inet_listener imaps", .port = 993,
	  .tls = "implicit", .required = 1, .versions = V12, .plaintext = 0,
	  .enabled = 1, .invalid = 0 },
	{ .name = "dovecot plaintext only in protocol imap",
	  .dovecot = DCERT "protocols = imap pop3\nprotocol imap {\n"
	  "  disable_plaintext_auth = no\n}\n",
	  .scope = "service pop3-login/inet_listener pop3", .port = 110,
	  .tls = "starttls", .versions = V12, .plaintext = 0, .enabled = 1, .invalid = 0 },
	{ .name = "dovecot plaintext in protocol imap filter",
	  .dovecot = DCERT "protocols = imap pop3\nprotocol imap {\n"
	  "  disable_plaintext_auth = no\n}\n",
	  .scope = "service imap-login/inet_listener imap", .port = 143,
	  .tls = "starttls", .versions = V12, .plaintext = 1, .enabled = 1, .invalid = 0 },
	{ .name = "dovecot ssl = required",
	  .dovecot = DCERT "protocols = imap\nssl = required\ndisable_plaintext_auth = no\n",
	  .scope = "service imap-login/inet_listener imap", .port = 143,
	  .tls = "starttls", .required = 1, .versions = V12, .plaintext = 0,
	  .enabled = 1, .invalid = 0 },
	{ .name = "dovecot imaps port = 0",
	  .dovecot = DCERT "protocols = imap\nservice imap-login {\n"
	  "  inet_listener imaps {\n    port = 0\n  }\n}\n",
	  .scope = "service imap-login/inet_listener imaps", .port = 0,
	  .tls = "implicit", .required = 1, .versions = V12, .enabled = 0, .invalid = 0 },
	{ .name = "dovecot global ssl = no disables imaps",
	  .dovecot = "protocols = imap\nssl = no\n",
	  .scope = "service imap-login/inet_listener imaps", .port = 993,
	  .tls = "none", .versions = "", .enabled = 0, .invalid = 0 },
	{ .name = "dovecot imaps listener with ssl = no: plaintext on 993",
	  .dovecot = DCERT "protocols = imap\nssl = no\nservice imap-login {\n"
	  "  inet_listener imaps {\n    ssl = no\n  }\n}\n",
	  .scope = "service imap-login/inet_listener imaps", .port = 993,
	  .tls = "none", .versions = "", .plaintext = 0, .enabled = 1, .invalid = 0 },
	{ .name = "dovecot 2.3 maps ssl_protocols",
	  .dovecot = DCERT "protocols = imap\nssl_protocols = !SSLv3 !TLSv1\n",
	  .scope = "service imap-login/inet_listener imaps", .port = 993,
	  .tls = "implicit", .required = 1, .versions = "TLSv1.1 TLSv1.2 TLSv1.3",
	  .enabled = 1, .invalid = 0 },
	{ .name = "dovecot 2.3 keeps the default for an unconvertible ssl_protocols",
	  .dovecot = DCERT "protocols = imap\nssl_protocols = !SSLv2 !SSLv3\n",
	  .dc_version = "2.3.19", .scope = "service imap-login/inet_listener imaps",
	  .port = 993, .tls = "implicit", .required = 1, .versions = V12,
	  .enabled = 1, .invalid = 0 },
	{ .name = "dovecot 2.3.10: same, default TLSv1",
	  .dovecot = DCERT "protocols = imap\nssl_protocols = !SSLv2 !SSLv3\n",
	  .dc_version = "2.3.10", .scope = "service imap-login/inet_listener imaps",
	  .port = 993, .tls = "implicit", .required = 1, .versions = ALLV,
	  .enabled = 1, .invalid = 0 },
	{ .name = "dovecot 2.2 ssl_protocols default",
	  .dovecot = DCERT "protocols = imap\n", .dc_version = "2.2.36",
	  .scope = "service imap-login/inet_listener imaps", .port = 993,
	  .tls = "implicit", .required = 1, .versions = ALLV, .enabled = 1, .invalid = 0 },
	{ .name = "dovecot remote filter allows plaintext",
	  .dovecot = DCERT "protocols = imap\nremote 10.0.0.0/8 {\n"
	  "  disable_plaintext_auth = no\n}\n",
	  .scope = "service imap-login/inet_listener imap", .port = 143,
	  .tls = "starttls", .versions = V12, .plaintext = 1, .enabled = 1, .invalid = 0 },
	{ .name = "dovecot loopback remote filter is harmless",
	  .dovecot = DCERT "protocols = imap\nremote 127.0.0.1 {\n"
	  "  disable_plaintext_auth = no\n}\n",
	  .scope = "service imap-login/inet_listener imap", .port = 143,
	  .tls = "starttls", .versions = V12, .plaintext = 0, .enabled = 1, .invalid = 0 },
	{ .name = "dovecot trusts every network",
	  .dovecot = DCERT "protocols = imap\nlogin_trusted_networks = 0.0.0.0/0\n",
	  .scope = "service imap-login/inet_listener imap", .port = 143,
	  .tls = "starttls", .versions = V12, .plaintext = 1, .enabled = 1, .invalid = 0 },
	{ .name = "dovecot 2.3 submissions listener is not TLS by name",
	  .dovecot = DCERT "protocols = submission\nservice submission-login {\n"
	  "  inet_listener submissions {\n    port = 465\n  }\n}\n",
	  .scope = "service submission-login/inet_listener submissions", .port = 465,
	  .tls = "starttls", .versions = V12, .enabled = 1, .invalid = 0 },
	{ .name = "dovecot 2.4 built-in submissions 465",
	  .dovecot = "dovecot_config_version = 2.4.0\ndovecot_storage_version = 2.4.0\n"
	  "ssl_server_cert_file = /c.pem\nssl_server_key_file = /k.pem\n"
	  "protocols = submission\n",
	  .scope = "service submission-login/inet_listener submissions", .port = 465,
	  .tls = "implicit", .required = 1, .versions = V12, .enabled = 1, .invalid = 0 },
	{ .name = "dovecot 2.4 auth_allow_cleartext",
	  .dovecot = "dovecot_config_version = 2.4.0\ndovecot_storage_version = 2.4.0\n"
	  "ssl_server_cert_file = /c.pem\nssl_server_key_file = /k.pem\n"
	  "protocols = imap\nauth_allow_cleartext = yes\n",
	  .scope = "service imap-login/inet_listener imap", .port = 143,
	  .tls = "starttls", .versions = V12, .plaintext = 1, .enabled = 1, .invalid = 0 },
	{ .name = "dovecot $protocols append",
	  .dovecot = DCERT "protocols = $protocols pop3\n",
	  .scope = "service pop3-login/inet_listener pop3", .port = 110,
	  .tls = "starttls", .versions = V12, .enabled = 1, .invalid = 0 },
	{ .name = "dovecot listen on loopback only",
	  .dovecot = DCERT "protocols = imap\nlisten = 127.0.0.1\n",
	  .scope = "service imap-login/inet_listener imap", .address = "127.0.0.1",
	  .port = 143, .tls = "starttls", .versions = V12, .enabled = 1, .invalid = 0 },
};

static struct defaults	*pfd, *dcd, *dcg;
static char		 rootdir[] = "/tmp/maillint-resolve-XXXXXX";

static struct model *
build(const struct tcase *tc, struct fsroot *fr, struct diag_list *dl)
{
	struct model	*m = model_new();

	if (tc->main_cf != NULL) {
		parse_postfix_main_buf(m, "main.cf", tc->main_cf,
		    strlen(tc->main_cf), 65536, dl);
		m->pf.present = true;
		m->pf.main_file = "main.cf";
	}
	if (tc->master_cf != NULL) {
		parse_postfix_master_buf(m, "master.cf", tc->master_cf,
		    strlen(tc->master_cf), 65536, dl);
		m->pf.master_file = "master.cf";
	}
	if (tc->dovecot != NULL) {
		parse_dovecot_buf(m, fr, "/dovecot.conf", tc->dovecot,
		    strlen(tc->dovecot), dl);
		m->dc.present = true;
		m->dc.conf_file = "dovecot.conf";
	}
	return m;
}

static void
t_listeners(void)
{
	struct fsroot	*fr;
	const char	*err;
	size_t		 i, k;

	CU_ASSERT_FATAL(fsroot_new(rootdir, NULL, &fr, &err) == 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tcase	*tc = &cases[i];
		struct resolve_opts	 ro = { tc->pf_version, tc->dc_version, pfd, dcd, dcg };
		struct diag_list	 dl;
		struct model		*m;
		struct resolved		*r;
		const struct listener	*l = NULL;
		char			 vb[128];

		diag_init(&dl);
		m = build(tc, fr, &dl);
		r = resolve_run(m, &ro, &dl);
		for (k = 0; k < r->n_listeners; k++)
			if (strcmp(r->listeners[k]->scope, tc->scope) == 0)
				l = r->listeners[k];
		if (l == NULL) {
			fprintf(stderr, "case \"%s\": no listener %s\n", tc->name,
			    tc->scope);
			CU_FAIL("listener missing");
		} else {
			fprintf(stderr, "case: %s\n", tc->name);
			if (tc->address != NULL)
				CU_EXPECT_STR(l->address, tc->address);
			CU_EXPECT_INT(l->port, tc->port);
			CU_EXPECT_STR(tls_mode_name(l->tls), tc->tls);
			CU_EXPECT_INT(l->tls_required, tc->required);
			CU_EXPECT_STR(tlsproto_format(l->tls_versions, vb, sizeof(vb)),
			    tc->versions);
			CU_EXPECT_INT(l->plaintext_auth_before_tls, tc->plaintext);
			CU_EXPECT_INT(l->enabled, tc->enabled);
			if (tc->invalid >= 0)
				CU_EXPECT_INT(l->tls_invalid, tc->invalid);
		}
		resolve_free(&r);
		model_free(&m);
		diag_free(&dl);
	}
	fsroot_free(&fr);
}

static void
t_versions(void)
{
	static const struct {
		const char	*main_cf, *opt, *want, *source;
	} vc[] = {
		{ "compatibility_level = 3.6\n", NULL, "3.7", "default" },
		{ "compatibility_level = 3.9\n", NULL, "3.9", "compatibility_level" },
		{ "compatibility_level = 2\n", "3.4", "3.4", "option" },
		{ "", NULL, "3.7", "default" },
	};
	size_t	i;

	for (i = 0; i < sizeof(vc) / sizeof(vc[0]); i++) {
		struct resolve_opts	 ro = { vc[i].opt, NULL, pfd, dcd, dcg };
		struct diag_list	 dl;
		struct model		*m = model_new();
		struct resolved		*r;
		char			 buf[32];

		diag_init(&dl);
		parse_postfix_main_buf(m, "main.cf", vc[i].main_cf,
		    strlen(vc[i].main_cf), 65536, &dl);
		m->pf.present = true;
		r = resolve_run(m, &ro, &dl);
		CU_EXPECT_STR(version_format(&r->pf_version, buf, sizeof(buf)),
		    vc[i].want);
		CU_EXPECT_STR(r->pf_version_source, vc[i].source);
		resolve_free(&r);
		model_free(&m);
		diag_free(&dl);
	}
}

static void
t_effective(void)
{
	static const char main_cf[] =
	    "mydomain = example.org\n"
	    "myhostname = mx.$mydomain\n"
	    "smtpd_tls_cert_file = /etc/ssl/$myhostname.pem\n"
	    "compatibility_level = 3.6\n";
	static const char master_cf[] =
	    "submission inet n - y - - smtpd\n"
	    "  -o smtpd_tls_cert_file=/etc/ssl/sub.pem\n";
	struct resolve_opts	 ro = { NULL, NULL, pfd, dcd, dcg };
	struct diag_list	 dl;
	struct model		*m = model_new();
	struct resolved		*r;
	struct resolve_memo	*memo, *memo2;
	struct arena		*a = arena_new(), *a2 = arena_new();
	const struct eff	*e, *e2;

	diag_init(&dl);
	parse_postfix_main_buf(m, "main.cf", main_cf, strlen(main_cf), 65536, &dl);
	parse_postfix_master_buf(m, "master.cf", master_cf, strlen(master_cf),
	    65536, &dl);
	m->pf.present = true;
	m->pf.master_file = "master.cf";
	r = resolve_run(m, &ro, &dl);
	memo = resolve_memo_new(r, a);
	e = resolve_pf(memo, NULL, "smtpd_tls_key_file");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_EXPECT_STR(e->value, "/etc/ssl/mx.example.org.pem");
	CU_EXPECT_STR(e->raw, "$smtpd_tls_cert_file");
	CU_ASSERT_PTR_NULL(e->origin);
	e = resolve_pf(memo, m->pf.services[0], "smtpd_tls_key_file");
	CU_EXPECT_STR(e->value, "/etc/ssl/sub.pem");
	/* A second reader's memo sees the same values and owns its own. */
	memo2 = resolve_memo_new(r, a2);
	e2 = resolve_pf(memo2, m->pf.services[0], "smtpd_tls_key_file");
	CU_EXPECT_STR(e2->value, "/etc/ssl/sub.pem");
	CU_ASSERT(e2 != e);
	resolve_memo_free(&memo2);
	arena_free(&a2);
	CU_EXPECT_STR(e->value, "/etc/ssl/sub.pem");
	e = resolve_pf(memo, NULL, "smtpd_relay_restrictions");
	CU_EXPECT_STR(e->value, "permit_mynetworks, permit_sasl_authenticated, "
	    "defer_unauth_destination");
	e = resolve_pf(memo, NULL, "mynetworks_style");
	CU_EXPECT_STR(e->value, "host");
	e = resolve_pf(memo, NULL, "smtpd_tls_cert_file");
	CU_EXPECT_INT(e->origin->loc.line, 3);
	resolve_memo_free(&memo);
	arena_free(&a);
	resolve_free(&r);
	model_free(&m);
	diag_free(&dl);
}

/* Dovecot 2.4: boolean lists, the ssl_server filter, names 2.4 refuses */
static void
t_dovecot24(void)
{
	static const char conf[] =
	    "dovecot_config_version = 2.4.0\n"
	    "protocols {\n  imap = yes\n  lmtp = yes\n}\n"
	    "protocols = pop3 sieve\n"		/* replaces the list */
	    "protocols {\n  sieve = no\n  submission = yes\n}\n"
	    "auth_mechanisms {\n  login = yes\n}\n"	/* adds to the default */
	    "ssl_server {\n  cert_file = /etc/ssl/a.pem\n}\n"
	    "ssl_prefer_server_ciphers = yes\n"
	    "verbose_ssl = yes\n";
	struct resolve_opts	 ro = { NULL, NULL, pfd, dcd, dcg };
	struct diag_list	 dl;
	struct model		*m = model_new();
	struct resolved		*r;
	struct resolve_memo	*memo;
	struct arena		*a = arena_new();
	const struct eff	*e;
	struct dc_gone		 g;

	diag_init(&dl);
	parse_dovecot_buf(m, NULL, "dovecot.conf", conf, strlen(conf), &dl);
	r = resolve_run(m, &ro, &dl);
	memo = resolve_memo_new(r, a);
	CU_ASSERT(r->dc_24);
	/* doveconf 2.4.1 -n prints "protocols = pop3 submission" */
	CU_EXPECT_STR(r->dc_protocols, "pop3 submission");
	e = resolve_dc(memo, NULL, "auth_mechanisms");
	CU_EXPECT_STR(e->value, "plain login");
	CU_EXPECT_INT(e->origin->loc.line, 12);
	e = resolve_dc(memo, NULL, "ssl_server_cert_file");
	CU_EXPECT_STR(e->value, "/etc/ssl/a.pem");
	e = resolve_dc(memo, NULL, "ssl_cert");	/* mapped for the listeners */
	CU_EXPECT_STR(e->value, "/etc/ssl/a.pem");
	CU_ASSERT(resolve_dc_gone(r, "ssl_prefer_server_ciphers", a, &g));
	CU_EXPECT_STR(g.replacement, "ssl_server_prefer_ciphers");
	CU_EXPECT_STR(resolve_dc_gone_value(&g, "yes", a), "server");
	CU_ASSERT(resolve_dc_gone(r, "ssl_cert", a, &g));
	CU_EXPECT_STR(resolve_dc_gone_value(&g, "</etc/ssl/a.pem", a),
	    "/etc/ssl/a.pem");
	CU_ASSERT(resolve_dc_gone(r, "verbose_ssl", a, &g));
	CU_ASSERT_PTR_NULL(g.replacement);
	CU_ASSERT(!resolve_dc_gone(r, "ssl_min_protocol", a, &g));
	CU_ASSERT_PTR_NOT_NULL(r->dc_refuses);
	resolve_memo_free(&memo);
	arena_free(&a);
	resolve_free(&r);
	model_free(&m);
	diag_free(&dl);
}

/* What a file argument is: by --as, by name, by content. */
static void
t_input_kinds(void)
{
	static const struct {
		const char	*name;
		enum input_kind	 kind;
	} names[] = {
		{ "main.cf", INPUT_MAIN_CF }, { "roles/pf/main.cf.j2", INPUT_MAIN_CF },
		{ "master.cf.tpl", INPUT_MASTER_CF },
		{ "/etc/dovecot/dovecot.conf", INPUT_DOVECOT },
		{ "conf.d/10-ssl.conf", INPUT_DOVECOT },
		{ "auth-sql.conf.ext", INPUT_DOVECOT },
		{ "10-ssl.conf.jinja2", INPUT_DOVECOT }, { "x.inc.erb", INPUT_DOVECOT },
		{ "ansible.xyz.tmp", INPUT_UNKNOWN }, { "main.tmp", INPUT_UNKNOWN },
		{ ".conf", INPUT_UNKNOWN }, { "virtual.cf", INPUT_UNKNOWN },
	};
	static const struct {
		const char	*text;
		enum input_kind	 kind;
	} texts[] = {
		{ "smtpd_tls_protocols = >=TLSv1\n", INPUT_MAIN_CF },
		{ "# a comment\nmyhostname = mx\n  continued\n", INPUT_MAIN_CF },
		{ "smtp inet n - y - - smtpd\n  -o smtpd_tls_security_level=may\n",
		    INPUT_MASTER_CF },
		{ "ssl_min_protocol = TLSv1\n", INPUT_DOVECOT },
		{ "protocol imap {\n  mail_plugins = quota\n}\n", INPUT_DOVECOT },
		{ "!include conf.d/*.conf\n", INPUT_DOVECOT },
		/* nothing, or nothing known, or two kinds at once */
		{ "", INPUT_UNKNOWN }, { "# only\n\n", INPUT_UNKNOWN },
		{ "foo = bar\n", INPUT_UNKNOWN },
		{ "smtpd_tls_protocols = >=TLSv1\nssl = yes\n", INPUT_UNKNOWN },
		{ "myhostname = mx\nsmtp inet n - y - - smtpd\n", INPUT_UNKNOWN },
		{ "smtp inet n\n", INPUT_UNKNOWN },
	};
	struct inputs_opts	o;
	size_t			i;

	memset(&o, 0, sizeof(o));
	o.pf_names = pfd;
	o.dc_names = dcd;
	o.dc_gone = dcg;
	CU_EXPECT_INT(inputs_kind_parse("main.cf"), INPUT_MAIN_CF);
	CU_EXPECT_INT(inputs_kind_parse("master.cf"), INPUT_MASTER_CF);
	CU_EXPECT_INT(inputs_kind_parse("dovecot.conf"), INPUT_DOVECOT);
	CU_EXPECT_INT(inputs_kind_parse("dovecot"), INPUT_UNKNOWN);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (inputs_kind_by_name(names[i].name) != names[i].kind) {
			fprintf(stderr, "by name: %s\n", names[i].name);
			CU_FAIL("inputs_kind_by_name");
		}
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (inputs_kind_by_content(texts[i].text, strlen(texts[i].text),
		    &o) != texts[i].kind) {
			fprintf(stderr, "by content: %s\n", texts[i].text);
			CU_FAIL("inputs_kind_by_content");
		}
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "file kinds (--as, name, content)", t_input_kinds },
		{ "dovecot 2.4", t_dovecot24 },
		{ "listener facts", t_listeners },
		{ "target versions", t_versions },
		{ "effective values", t_effective },
		{ NULL, NULL }
	};
	struct diag_list	dl;
	int			rc;

	diag_init(&dl);
	if (mkdtemp(rootdir) == NULL ||
	    defaults_load(SRCDATADIR "/rules/defaults/postfix.tsv", &pfd, &dl) != 0 ||
	    defaults_load(SRCDATADIR "/rules/defaults/dovecot.tsv", &dcd, &dl) != 0 ||
	    defaults_load(SRCDATADIR "/rules/defaults/dovecot-gone.tsv", &dcg, &dl) != 0) {
		fprintf(stderr, "test_resolve: cannot set up\n");
		return 1;
	}
	rc = cu_run("resolve", tests);
	defaults_free(&pfd);
	defaults_free(&dcd);
	defaults_free(&dcg);
	diag_free(&dl);
	rmdir(rootdir);
	return rc;
}
