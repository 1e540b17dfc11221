/* SPDX-License-Identifier: MIT */
/*
 * test_rules_eval - the evaluation half of test_rules.c (included there,
 * so that each file stays small): conditions, subjects, placeholders,
 * fixes, dedupe and sorting, on the PF and DC models of test_rules.c.
 */
#ifndef MAILLINT_TEST_RULES_EVAL_H
#define MAILLINT_TEST_RULES_EVAL_H

/* One condition and the scopes of the findings it gives. */
struct cond_case {
	const char	*select;	/* "  select: {...}\n" or NULL */
	const char	*when;
	const char	*want;		/* scopes, comma separated */
};

static const struct cond_case pf_cases[] = {
	{ NULL, "{tls: starttls}", "smtp/inet,submission/inet" },
	{ NULL, "{tls: [implicit, none]}", "" },
	{ NULL, "{tls_required: true}", "submission/inet" },
	{ NULL, "{accepts_any: [TLSv1, TLSv1.1]}", "smtp/inet" },
	{ NULL, "{accepts_any: SSLv3}", "" },
	{ NULL, "{accepts_only: [TLSv1.2, TLSv1.3]}", "submission/inet" },
	{ NULL, "{accepts_nothing: true}", "" },
	{ NULL, "{accepts_nothing: false}", "smtp/inet,submission/inet" },
	{ NULL, "{port: [25, 465]}", "smtp/inet" },
	{ NULL, "{service: submission}", "submission/inet" },
	{ NULL, "{protocol: [smtp, submissions]}", "smtp/inet" },
	{ NULL, "{plaintext_auth_before_tls: true}", "smtp/inet" },
	{ NULL, "{auth: true, tls_invalid: false, cert_missing: false}",
	    "smtp/inet,submission/inet" },
	{ NULL, "{not: {port: 25}}", "submission/inet" },
	{ NULL, "{any: [{port: 25}, {port: 587}]}",
	    "smtp/inet,submission/inet" },
	{ NULL, "{all: [{tls: starttls}, {tls_required: false}]}",
	    "smtp/inet" },
	{ NULL, "{port: 25, auth: true}", "smtp/inet" },
	{ NULL, "{setting: smtpd_tls_security_level, equals: ENCRYPT}",
	    "submission/inet" },
	{ NULL, "{setting: smtpd_tls_security_level, in: [may, none]}",
	    "smtp/inet" },
	{ NULL, "{setting: smtpd_tls_protocols, matches: \"SSLv3$\"}",
	    "smtp/inet,submission/inet" },
	{ NULL, "{setting: smtpd_tls_protocols, not_matches: SSLv3}", "" },
	{ NULL, "{setting: smtpd_tls_protocols, has_word: \"!sslv3\"}",
	    "smtp/inet,submission/inet" },
	{ NULL, "{setting: smtpd_tls_auth_only, present: false}",
	    "smtp/inet,submission/inet" },
	{ NULL, "{setting: smtpd_tls_cert_file, present: true}",
	    "smtp/inet,submission/inet" },
	{ NULL, "{setting: no_such_parameter, equals: \"\"}",
	    "smtp/inet,submission/inet" },
	{ NULL, "{setting: smtpd_tls_exclude_ciphers, equals: x}", "" },
	{ NULL, "{not: {setting: smtpd_tls_exclude_ciphers, equals: x}}", "" },
	{ NULL, "{any: [{port: 25}, {setting: smtpd_tls_exclude_ciphers, "
	    "matches: x}]}", "smtp/inet" },
	{ NULL, "{setting: smtpd_tls_exclude_ciphers, unknown: true}",
	    "smtp/inet,submission/inet" },
	{ NULL, "{setting: smtpd_tls_exclude_ciphers, present: true}",
	    "smtp/inet,submission/inet" },
	{ NULL, "{setting: smtpd_client_connection_count_limit, lt: 100}",
	    "smtp/inet,submission/inet" },
	{ NULL, "{setting: smtpd_client_connection_count_limit, gt: 50}", "" },
	{ NULL, "{setting: smtpd_client_connection_count_limit, ge: 50}",
	    "smtp/inet,submission/inet" },
	{ NULL, "{setting: smtpd_tls_protocols, tls_accepts_any: TLSv1.1}",
	    "smtp/inet,submission/inet" },
	{ NULL, "{setting: smtpd_tls_protocols, tls_invalid: false, "
	    "tls_required: false}", "smtp/inet" },
	{ NULL, "{version: \"<3.6\"}", "" },
	{ NULL, "{version: \">=3.6 <3.8\", port: 25}", "smtp/inet" },
	{ NULL, "{version: \"= 3.7\", port: 25}", "smtp/inet" },
	{ NULL, "{port: 10025}", "" },
	{ "  select: {loopback: any}\n", "{port: 10025}",
	    "127.0.0.1:10025/inet" },
	{ "  select: {loopback: true}\n", "{tls: starttls}",
	    "127.0.0.1:10025/inet" },
	{ "  select: {service: submission}\n",
	    "{setting: smtpd_tls_security_level, equals: may}", "" },
	{ "  select: {service: smtp}\n",
	    "{setting: smtpd_tls_security_level, equals: may}", "smtp/inet" },
	{ "  select: {enabled: false}\n", "{tls: starttls}", "" },
};

static const struct cond_case dc_cases[] = {
	{ NULL, "{tls: starttls}", "service pop3-login/inet_listener pop3,"
	    "service imap-login/inet_listener imap" },
	{ NULL, "{tls: implicit}", "service pop3-login/inet_listener pop3s" },
	{ NULL, "{accepts_any: [TLSv1]}",
	    "service imap-login/inet_listener imap" },
	{ NULL, "{not: {accepts_any: [TLSv1]}}", "" },
	{ NULL, "{plaintext_auth_before_tls: true}",
	    "service pop3-login/inet_listener pop3,"
	    "service imap-login/inet_listener imap" },
	{ NULL, "{setting: ssl_min_protocol, unknown: true}",
	    "service pop3-login/inet_listener pop3,"
	    "service pop3-login/inet_listener pop3s" },
	{ NULL, "{setting: ssl_cipher_list, equals: ALL}",
	    "service imap-login/inet_listener imap" },
	{ "  select: {enabled: false}\n", "{port: 0}",
	    "service imap-login/inet_listener imaps" },
	{ "  select: {enabled: any}\n", "{protocol: imap}",
	    "service imap-login/inet_listener imap,"
	    "service imap-login/inet_listener imaps" },
	{ NULL, "{version: \">=2.3 <2.4\", port: 143}",
	    "service imap-login/inet_listener imap" },
	{ NULL, "{protocol_enabled: imap, port: 143}",
	    "service imap-login/inet_listener imap" },
};

static void
cond_table(const char *product, const struct cond_case *cases, size_t n)
{
	struct strbuf	sb = STRBUF_INIT;
	size_t		i;

	for (i = 0; i < n; i++) {
		struct run	 x;
		char		*y = rule_yaml(product, "listener",
		    cases[i].select, cases[i].when, "m {scope}", NULL);
		const char	*got;

		CU_EXPECT_INT(run_rules(&x, y, product[0] == 'p' ?
		    build_pf(true, true) : build_dc(true), NULL, NULL), 0);
		got = scopes(&x, &sb);
		if (strcmp(got, cases[i].want) != 0)
			fprintf(stderr, "%s case %zu %s: got \"%s\", want "
			    "\"%s\"\n", product, i, cases[i].when, got,
			    cases[i].want);
		CU_ASSERT(strcmp(got, cases[i].want) == 0);
		run_free(&x);
		free(y);
	}
	strbuf_free(&sb);
}

static void
t_cond_postfix(void)
{
	cond_table("postfix", pf_cases, sizeof(pf_cases) / sizeof(pf_cases[0]));
}

static void
t_cond_dovecot(void)
{
	cond_table("dovecot", dc_cases, sizeof(dc_cases) / sizeof(dc_cases[0]));
}

/* Setting and config subjects: findings as "scope@line". */
static const struct subj_case {
	const char	*product;
	const char	*subject;
	const char	*extra;
	const char	*when;
	const char	*want;
} subj_cases[] = {
	{ "postfix", "config", NULL, "{listener_exists: {tls: implicit}}", "" },
	{ "postfix", "config", NULL,
	    "{not: {listener_exists: {tls: implicit}}}", "@0" },
	{ "postfix", "config", NULL, "{listener_exists: {port: 10025}}", "" },
	{ "postfix", "config", NULL,
	    "{setting: smtpd_tls_security_level, equals: may}", "@0" },
	{ "postfix", "setting",
	    "  settings: [\"~^smtpd_tls_(mandatory_)?protocols$\"]\n",
	    "{value: {matches: \"SSLv3$\"}}", "@5" },
	{ "postfix", "setting",
	    "  settings: [\"~^smtpd_tls_(mandatory_)?protocols$\"]\n",
	    "{value: {matches: SSLv3}}", "@5,submission/inet@14" },
	{ "postfix", "setting",
	    "  settings: [\"~^smtpd_tls_(mandatory_)?protocols$\"]\n",
	    "{value: {has_word: \"!TLSv1.1\"}}", "submission/inet@14" },
	{ "postfix", "setting", "  settings: [smtpd_tls_security_level]\n",
	    "{value: {in: [may, encrypt]}}", "@4,submission/inet@13" },
	{ "postfix", "setting", "  settings: [smtpd_tls_security_level]\n",
	    "{value: {equals: encrypt}, "
	    "setting: smtpd_tls_mandatory_protocols, matches: TLSv1}",
	    "submission/inet@13" },
	{ "postfix", "setting",
	    "  settings: [\"~^smtpd_tls_(mandatory_)?protocols$\"]\n",
	    "{value: {tls_accepts_any: [TLSv1]}}", "@5" },
	{ "postfix", "setting",
	    "  settings: [\"~^smtpd_tls_(mandatory_)?protocols$\"]\n",
	    "{value: {tls_accepts_only: [TLSv1.2, TLSv1.3]}}",
	    "submission/inet@14" },
	{ "postfix", "setting", "  settings: [smtpd_tls_security_level]\n",
	    "{value: {tls_invalid: true}}", "@4,submission/inet@13" },
	{ "dovecot", "setting", "  settings: [ssl_min_protocol]\n",
	    "{value: {tls_accepts_any: [TLSv1]}}", "@4" },
	{ "postfix", "setting", "  settings: [smtpd_tls_exclude_ciphers]\n",
	    "{not: {value: {equals: x}}}", "" },
	{ "dovecot", "setting", "  settings: [ssl_min_protocol]\n",
	    "{value: {in: [TLSv1, TLSv1.1]}}", "@4" },
	{ "dovecot", "setting", "  settings: [\"~^ssl_\"]\n",
	    "{value: {unknown: true}}", "protocol pop3@21" },
	{ "dovecot", "config", NULL, "{protocol_enabled: imap}", "@0" },
	{ "dovecot", "config", NULL, "{protocol_enabled: submission}", "" },
	{ "dovecot", "config", NULL,
	    "{not: {listener_exists: {port: 993}}}", "@0" },
	{ "dovecot", "config", NULL, "{setting: ssl, equals: \"yes\"}", "@0" },
};

static void
t_subjects(void)
{
	struct strbuf	sb = STRBUF_INIT;
	size_t		i, j;

	for (i = 0; i < sizeof(subj_cases) / sizeof(subj_cases[0]); i++) {
		const struct subj_case	*c = &subj_cases[i];
		struct run		 x;
		char			*y = rule_yaml(c->product, c->subject,
		    c->extra, c->when, "m {scope}", NULL);

		CU_EXPECT_INT(run_rules(&x, y, c->product[0] == 'p' ?
		    build_pf(true, true) : build_dc(true), NULL, NULL), 0);
		strbuf_reset(&sb);
		for (j = 0; j < x.f->len; j++)
			strbuf_printf(&sb, "%s%s@%u", j ? "," : "",
			    x.f->v[j].scope, x.f->v[j].loc.line);
		if (strcmp(strbuf_cstr(&sb), c->want) != 0)
			fprintf(stderr, "subject case %zu: got \"%s\", want "
			    "\"%s\"\n", i, strbuf_cstr(&sb), c->want);
		CU_ASSERT(strcmp(strbuf_cstr(&sb), c->want) == 0);
		run_free(&x);
		free(y);
	}
	strbuf_free(&sb);
}

static void
t_placeholders(void)
{
	struct run	 x;
	char		*y = rule_yaml("postfix", "listener",
	    "  blame: tls_protocols\n", "{port: 25}",
	    "{service} {protocol} {port} {address} [{versions}] "
	    "[{weak_versions}] {setting}={value} {target_version} {product} "
	    "{scope} {{x}}", NULL);

	CU_EXPECT_INT(run_rules(&x, y, build_pf(true, true), NULL, NULL), 0);
	CU_ASSERT_FATAL(x.f->len == 1);
	CU_EXPECT_STR(x.f->v[0].message, "smtp smtp 25 * [TLSv1 TLSv1.1 "
	    "TLSv1.2 TLSv1.3] [TLSv1 TLSv1.1] smtpd_tls_protocols=!SSLv2, "
	    "!SSLv3 3.7 postfix smtp/inet {x}");
	CU_EXPECT_STR(x.f->v[0].fix_text, "do postfix");
	CU_ASSERT_FATAL(x.f->v[0].n_edits == 1);
	CU_EXPECT_INT(x.f->v[0].edits[0].action, FIX_TEXT);
	run_free(&x);
	free(y);
}

#define TLS_FIX "  - versions: \">=3.6\"\n    set: {smtpd_tls_protocols: " \
	"\">=TLSv1.2\"}\n  - set: {smtpd_tls_protocols: \"!SSLv2, !SSLv3, " \
	"!TLSv1, !TLSv1.1\"}\n"

/* Fixes on the Postfix model: where the edit goes and what it says. */
static const struct fix_case {
	bool		 protocols;	/* main.cf sets smtpd_tls_protocols */
	const char	*version;	/* --postfix-version */
	const char	*extra, *when, *fix;
	const char	*loc;		/* "file:line" of the finding */
	const char	*text, *command;
	const char	*edit;		/* edit 0: "file:line-end scope n=v" */
} fix_cases[] = {
	{ true, NULL, "  blame: tls_protocols\n", "{accepts_any: [TLSv1]}",
	    TLS_FIX, MAIN ":5", "smtpd_tls_protocols = >=TLSv1.2",
	    "postconf -e 'smtpd_tls_protocols = >=TLSv1.2'",
	    MAIN ":5-5 smtpd_tls_protocols=>=TLSv1.2" },
	{ true, "3.5", "  blame: tls_protocols\n", "{accepts_any: [TLSv1]}",
	    TLS_FIX, MAIN ":5",
	    "smtpd_tls_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1.1",
	    "postconf -e "
	    "'smtpd_tls_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1.1'",
	    MAIN ":5-5 smtpd_tls_protocols=!SSLv2, !SSLv3, !TLSv1, !TLSv1.1" },
	{ false, NULL, "  blame: tls_protocols\n", "{accepts_any: [TLSv1]}",
	    TLS_FIX, MAIN ":0", "smtpd_tls_protocols = >=TLSv1.2",
	    "postconf -e 'smtpd_tls_protocols = >=TLSv1.2'",
	    MAIN ":0-0 smtpd_tls_protocols=>=TLSv1.2" },
	{ true, NULL, "  blame: tls_protocols\n", "{service: submission}",
	    "  - set: {smtpd_tls_mandatory_protocols: \">=TLSv1.3\"}\n",
	    MASTER ":14", "-o smtpd_tls_mandatory_protocols=>=TLSv1.3 (in "
	    "master.cf submission/inet)", "postconf -P "
	    "'submission/inet/smtpd_tls_mandatory_protocols=>=TLSv1.3'",
	    MASTER ":14-14 submission/inet "
	    "smtpd_tls_mandatory_protocols=>=TLSv1.3" },
	{ true, NULL, "  blame: smtpd_tls_auth_only\n", "{port: 25}",
	    "  - set: {smtpd_tls_auth_only: \"yes\", smtpd_sasl_auth_enable: "
	    "\"it's\"}\n", MAIN ":0", "smtpd_tls_auth_only = yes; "
	    "smtpd_sasl_auth_enable = it's", "postconf -e "
	    "'smtpd_tls_auth_only = yes' 'smtpd_sasl_auth_enable = it'\\''s'",
	    MAIN ":0-0 smtpd_tls_auth_only=yes" },
	{ true, NULL, NULL, "{service: submission}",
	    "  - set: {smtpd_tls_auth_only: \"yes\"}\n", MASTER ":12",
	    "-o smtpd_tls_auth_only=yes (in master.cf submission/inet)",
	    "postconf -P 'submission/inet/smtpd_tls_auth_only=yes'",
	    MASTER ":0-0 submission/inet smtpd_tls_auth_only=yes" },
	{ true, NULL, "  blame: tls_protocols\n", "{port: 587}",
	    "  - set: {\"{setting}\": \">=TLSv1.3\"}\n", MASTER ":14",
	    "-o smtpd_tls_mandatory_protocols=>=TLSv1.3 (in master.cf "
	    "submission/inet)", "postconf -P "
	    "'submission/inet/smtpd_tls_mandatory_protocols=>=TLSv1.3'",
	    MASTER ":14-14 submission/inet "
	    "smtpd_tls_mandatory_protocols=>=TLSv1.3" },
	{ true, "3.5", "  blame: tls_protocols\n", "{port: 25}",
	    "  - versions: \">=3.6\"\n    text: new\n", MAIN ":5", NULL, NULL,
	    NULL },
};

static void
edit_str(struct strbuf *sb, const struct fix_edit *e)
{
	strbuf_reset(sb);
	strbuf_printf(sb, "%s:%u-%u %s%s%s=%s", e->file, e->line, e->end_line,
	    e->scope, e->scope[0] != '\0' ? " " : "",
	    e->name != NULL ? e->name : "", e->value != NULL ? e->value : "");
}

static void
t_fix_postfix(void)
{
	struct strbuf	sb = STRBUF_INIT;
	size_t		i;

	for (i = 0; i < sizeof(fix_cases) / sizeof(fix_cases[0]); i++) {
		const struct fix_case	*c = &fix_cases[i];
		const struct finding	*f;
		struct run		 x;
		char			*y = rule_yaml("postfix", "listener",
		    c->extra, c->when, "m", c->fix);

		CU_EXPECT_INT(run_rules(&x, y, build_pf(true, c->protocols),
		    c->version, NULL), 0);
		CU_ASSERT_FATAL(x.f->len == 1);
		f = &x.f->v[0];
		strbuf_reset(&sb);
		strbuf_printf(&sb, "%s:%u", f->loc.file, f->loc.line);
		CU_EXPECT_STR(strbuf_cstr(&sb), c->loc);
		if (c->text == NULL) {
			CU_ASSERT_PTR_NULL(f->fix_text);
			CU_EXPECT_INT(f->n_edits, 0);
		} else {
			CU_EXPECT_STR(f->fix_text, c->text);
			CU_EXPECT_STR(f->fix_command, c->command);
			CU_ASSERT_FATAL(f->n_edits >= 1);
			CU_EXPECT_INT(f->edits[0].action, FIX_SET);
			edit_str(&sb, &f->edits[0]);
			CU_EXPECT_STR(strbuf_cstr(&sb), c->edit);
		}
		run_free(&x);
		free(y);
	}
	strbuf_free(&sb);
}

static void
t_fix_versions(void)
{
	static const struct {
		const char	*fix, *summary;
	} cases[] = {
		{ TLS_FIX, "smtpd_tls_protocols = >=TLSv1.2 (Postfix >= 3.6) / "
		    "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1 (older)" },
		{ "  - versions: \">=3.0 <3.6\"\n    set: {a: b, c: d}\n"
		    "  - text: \"edit\\nby hand\"\n",
		    "a = b; c = d (Postfix >= 3.0, < 3.6) / edit (otherwise)" },
		{ "  - add_service: {name: submissions, type: inet, command: "
		    "smtpd}\n", "add or uncomment master.cf entry "
		    "submissions/inet (smtpd)" },
	};
	struct strbuf	sb = STRBUF_INIT;
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run	 x;
		char		*y = rule_yaml("postfix", "config", NULL,
		    "{version: \">=3\"}", "m", cases[i].fix);

		CU_EXPECT_INT(run_rules(&x, y, build_pf(false, true), NULL,
		    NULL), 0);
		CU_ASSERT_FATAL(rules_count(x.rs) == 1);
		CU_EXPECT_STR(rule_fix_summary(rules_get(x.rs, 0), &sb),
		    cases[i].summary);
		run_free(&x);
		free(y);
	}
	strbuf_free(&sb);
}

#define SVC_FIX "  - add_service: {name: submissions, type: inet, command: " \
	"smtpd, aliases: [smtps, \"465\"], options: {smtpd_tls_wrappermode: " \
	"\"yes\", smtpd_sasl_auth_enable: \"yes\"}}\n"

static void
t_fix_add_service(void)
{
	struct run		 x;
	const struct finding	*f;
	char			*y = rule_yaml("postfix", "config", NULL,
	    "{not: {listener_exists: {tls: implicit}}}", "no 465", SVC_FIX);

	/* A commented-out block: uncomment it, add the missing -o. */
	CU_EXPECT_INT(run_rules(&x, y, build_pf(true, true), NULL, NULL), 0);
	CU_ASSERT_FATAL(x.f->len == 1);
	f = &x.f->v[0];
	CU_EXPECT_STR(f->loc.file, MASTER);
	CU_EXPECT_INT(f->loc.line, 20);
	CU_EXPECT_STR(f->fix_text, "uncomment lines 20-22 of master.cf, then "
	    "set -o smtpd_sasl_auth_enable=yes");
	CU_ASSERT_FATAL(f->n_edits == 2);
	CU_EXPECT_INT(f->edits[0].action, FIX_UNCOMMENT);
	CU_EXPECT_INT(f->edits[0].line, 20);
	CU_EXPECT_INT(f->edits[0].end_line, 22);
	CU_EXPECT_STR(f->edits[0].scope, "submissions/inet");
	CU_EXPECT_INT(f->edits[1].action, FIX_SET);
	CU_EXPECT_INT(f->edits[1].line, 0);
	CU_EXPECT_STR(f->edits[1].name, "smtpd_sasl_auth_enable");
	run_free(&x);
	/* No such block: the entry to add, at master.cf line 0. */
	CU_EXPECT_INT(run_rules(&x, y, build_pf(false, true), NULL, NULL), 0);
	CU_ASSERT_FATAL(x.f->len == 1);
	f = &x.f->v[0];
	CU_EXPECT_STR(f->loc.file, MASTER);
	CU_EXPECT_INT(f->loc.line, 0);
	CU_EXPECT_STR(f->fix_text, "submissions inet n - y - - smtpd\n"
	    "  -o smtpd_tls_wrappermode=yes\n  -o smtpd_sasl_auth_enable=yes");
	CU_EXPECT_STR(f->fix_command, "postconf -M 'submissions/inet="
	    "submissions inet n - y - - smtpd' && postconf -P "
	    "'submissions/inet/smtpd_tls_wrappermode=yes' "
	    "'submissions/inet/smtpd_sasl_auth_enable=yes'");
	CU_ASSERT_FATAL(f->n_edits == 1);
	CU_EXPECT_INT(f->edits[0].action, FIX_SET);
	CU_ASSERT_PTR_NULL(f->edits[0].name);
	CU_EXPECT_STR(f->edits[0].scope, "submissions/inet");
	run_free(&x);
	free(y);
}

#define LSN_FIX "  - add_listener: {service: imap-login, name: imaps, " \
	"port: 993, ssl: \"yes\"}\n"

static void
t_fix_dovecot(void)
{
	struct run		 x;
	const struct finding	*f;
	char			*y = rule_yaml("dovecot", "config", NULL,
	    "{protocol_enabled: imap, not: {listener_exists: {port: 993}}}",
	    "no 993", LSN_FIX);

	/* imaps { port = 0 }: set the port there. */
	CU_EXPECT_INT(run_rules(&x, y, build_dc(true), NULL, NULL), 0);
	CU_ASSERT_FATAL(x.f->len == 1);
	f = &x.f->v[0];
	CU_EXPECT_INT(f->loc.line, 12);
	CU_EXPECT_STR(f->fix_text, "port = 993; ssl = yes (in service "
	    "imap-login/inet_listener imaps)");
	CU_ASSERT_FATAL(f->n_edits == 2);
	CU_EXPECT_INT(f->edits[0].line, 12);
	CU_EXPECT_STR(f->edits[0].value, "993");
	CU_EXPECT_STR(f->edits[0].scope,
	    "service imap-login/inet_listener imaps");
	CU_EXPECT_INT(f->edits[1].line, 0);
	CU_ASSERT_PTR_NULL(f->fix_command);
	run_free(&x);
	free(y);
	/* The section is missing: the snippet (imaps is built in, so drop
	 * it by disabling imap's service ssl... here: no imaps section and
	 * a rule that fires anyway). */
	y = rule_yaml("dovecot", "config", NULL, "{protocol_enabled: imap}",
	    "no 993", LSN_FIX);
	CU_EXPECT_INT(run_rules(&x, y, build_dc(false), NULL, NULL), 0);
	CU_ASSERT_FATAL(x.f->len == 1);
	f = &x.f->v[0];
	CU_EXPECT_STR(f->loc.file, DCONF);
	CU_EXPECT_INT(f->loc.line, 0);
	CU_EXPECT_STR(f->fix_text, "service imap-login {\n"
	    "  inet_listener imaps {\n    port = 993\n    ssl = yes\n  }\n}");
	run_free(&x);
	free(y);
	/* set: the value's own scope, a filter here. */
	y = rule_yaml("dovecot", "listener", "  blame: ssl_cipher_list\n",
	    "{setting: ssl_cipher_list, equals: ALL}", "weak {value}",
	    "  - set: {ssl_cipher_list: \"HIGH:!aNULL\"}\n");
	CU_EXPECT_INT(run_rules(&x, y, build_dc(true), NULL, NULL), 0);
	CU_ASSERT_FATAL(x.f->len == 1);
	f = &x.f->v[0];
	CU_EXPECT_INT(f->loc.line, 31);
	CU_EXPECT_STR(f->message, "weak ALL");
	CU_EXPECT_STR(f->fix_text,
	    "ssl_cipher_list = HIGH:!aNULL (in protocol imap)");
	CU_EXPECT_INT(f->edits[0].line, 31);
	CU_EXPECT_STR(f->edits[0].scope, "protocol imap");
	run_free(&x);
	free(y);
	/* set with a 2.3 / 2.2 alternative: global ssl_min_protocol. */
	y = rule_yaml("dovecot", "listener", "  blame: tls_protocols\n",
	    "{accepts_any: [TLSv1]}", "m", "  - versions: \">=2.3\"\n"
	    "    set: {ssl_min_protocol: TLSv1.2}\n  - set: {ssl_protocols: "
	    "\"!SSLv3 !TLSv1 !TLSv1.1\"}\n");
	CU_EXPECT_INT(run_rules(&x, y, build_dc(true), NULL, NULL), 0);
	CU_ASSERT_FATAL(x.f->len == 1);
	f = &x.f->v[0];
	CU_EXPECT_INT(f->loc.line, 4);
	CU_EXPECT_STR(f->fix_text, "ssl_min_protocol = TLSv1.2");
	CU_EXPECT_INT(f->edits[0].line, 4);
	CU_EXPECT_STR(f->edits[0].scope, "");
	run_free(&x);
	free(y);
}

static void
t_dedupe(void)
{
	struct run	 x;
	char		*y;

	/* Both smtpd listeners blame main.cf line 5: one finding. */
	y = rule_yaml("postfix", "listener", "  blame: smtpd_tls_protocols\n",
	    "{tls: starttls}", "weak {value}", NULL);
	CU_EXPECT_INT(run_rules(&x, y, build_pf(true, true), NULL, NULL), 0);
	CU_ASSERT_FATAL(x.f->len == 1);
	CU_EXPECT_STR(x.f->v[0].scope, "smtp/inet");
	CU_ASSERT(x.f->v[0].listener != NULL);
	run_free(&x);
	free(y);
	/* The scope in the message keeps them apart; sorted by file/line. */
	y = rule_yaml("postfix", "listener", NULL, "{tls: starttls}",
	    "{scope}", NULL);
	CU_EXPECT_INT(run_rules(&x, y, build_pf(true, true), NULL, NULL), 0);
	CU_ASSERT_FATAL(x.f->len == 2);
	CU_EXPECT_INT(x.f->v[0].loc.line, 10);
	CU_EXPECT_INT(x.f->v[1].loc.line, 12);
	CU_EXPECT_INT(findings_count(x.f, SEV_ERROR), 2);
	CU_EXPECT_INT(findings_count(x.f, SEV_INFO), 2);
	run_free(&x);
	free(y);
	/* A profile the rule is not in: nothing. */
	y = rule_yaml("postfix", "listener", "  profiles: [mozilla-modern]\n",
	    "{tls: starttls}", "m", NULL);
	CU_EXPECT_INT(run_rules(&x, y, build_pf(true, true), NULL,
	    "default"), 0);
	CU_EXPECT_INT(x.f->len, 0);
	run_free(&x);
	CU_EXPECT_INT(run_rules(&x, y, build_pf(true, true), NULL,
	    "mozilla-modern"), 0);
	CU_EXPECT_INT(x.f->len, 2);
	run_free(&x);
	/* The other product's rules do nothing. */
	CU_EXPECT_INT(run_rules(&x, y, build_dc(true), NULL,
	    "mozilla-modern"), 0);
	CU_EXPECT_INT(x.f->len, 0);
	run_free(&x);
	free(y);
}

/* One main.cf line failing 32 listeners: one finding (one cause), naming
 * the first of the 31 others and counting the rest. */
static void
t_per_line_cap(void)
{
	struct run	 x;
	struct model	*m = build_pf(false, true);
	char		*y, name[32];
	size_t		 i;

	for (i = 0; i < 30; i++) {
		snprintf(name, sizeof(name), "192.0.2.%zu:2525", i + 1);
		mk_svc(m, name, "smtpd", 30 + (unsigned)i, 30 + (unsigned)i,
		    false);
	}
	y = rule_yaml("postfix", "listener", "  blame: smtpd_tls_protocols\n",
	    "{tls: starttls}", "{scope} is weak", NULL);
	CU_EXPECT_INT(run_rules(&x, y, m, NULL, NULL), 0);
	CU_EXPECT_INT(x.f->len, 1);
	CU_EXPECT_INT(x.f->v[0].loc.line, 5);
	CU_EXPECT_INT(x.f->v[0].n_also, 31);
	CU_ASSERT(strstr(x.f->v[0].message, " and 11 more") != NULL);
	run_free(&x);
	free(y);
}

#endif
