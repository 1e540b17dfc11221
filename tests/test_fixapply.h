/* SPDX-License-Identifier: MIT */
/*
 * test_fixapply.h - fixapply: edits -> new text and unified diff
 * (included by test_rules.c, which provides build_pf and the model
 * helpers).  Each case is one file's text, the edits (one finding each,
 * in order) and the text wanted; the diffs are checked whole for a few.
 */
#include "fixapply.h"

struct fa_run {
	char	*out;
	char	*diff;
	size_t	 applied;
	size_t	 warnings;
	char	*first_warning;
};

/* fa_apply - edits[0..n) as one finding each, applied to text of file */
static void
fa_apply(struct model *m, const struct fix_edit *edits, size_t n,
    const char *file, const char *text, struct fa_run *r)
{
	struct finding		*v = calloc(n + 1, sizeof(*v));
	struct findings		 fs;
	struct fixplan		*p;
	struct diag_list	 dl;
	struct strbuf		 out = STRBUF_INIT, diff = STRBUF_INIT;
	size_t			 i;

	CU_ASSERT_FATAL(v != NULL);
	for (i = 0; i < n; i++) {
		v[i].rule_id = i == 0 ? "R1" : i == 1 ? "R2" : "R3";
		v[i].sev = SEV_ERROR;
		v[i].edits = (struct fix_edit *)&edits[i];
		v[i].n_edits = 1;
		v[i].fix_text = "fix";
	}
	memset(&fs, 0, sizeof(fs));
	fs.v = v;
	fs.len = fs.cap = n;
	diag_init(&dl);
	p = fixplan_new(&fs, m, SEV_WARN);
	memset(r, 0, sizeof(*r));
	r->applied = 0;
	for (i = 0; i < fixplan_n_files(p); i++)
		if (strcmp(fixplan_file(p, i), file) == 0)
			r->applied = fixplan_apply(p, i, text, strlen(text), &out,
			    &diff, &dl);
	if (fixplan_n_files(p) == 0)
		strbuf_adds(&out, text);
	r->out = strdup(strbuf_cstr(&out));
	r->diff = strdup(strbuf_cstr(&diff));
	r->warnings = dl.len;
	if (dl.len > 0)
		r->first_warning = strdup(dl.v[0].msg);
	diag_free(&dl);
	fixplan_free(&p);
	strbuf_free(&out);
	strbuf_free(&diff);
	free(v);
}

static void
fa_free(struct fa_run *r)
{
	free(r->out);
	free(r->diff);
	free(r->first_warning);
}

#define SETE(f, l, e, sc, n, v) { .action = FIX_SET, .file = f, .line = l, \
	.end_line = e, .scope = sc, .name = n, .value = v }

static void
t_fixapply_main(void)
{
	struct model	*m = build_pf(false, true);
	struct fa_run	 r;
	const struct fix_edit replace[] = {
		SETE(MAIN, 2, 3, "", "smtpd_tls_protocols", ">=TLSv1.2"),
	};
	const struct fix_edit add[] = {
		SETE(MAIN, 0, 0, "", "smtpd_tls_auth_only", "yes"),
		SETE(MAIN, 0, 0, "", "smtpd_tls_auth_only", "yes"),	/* duplicate */
		SETE(MAIN, 0, 0, "", "smtpd_tls_auth_only", "no"),	/* conflict */
	};

	/* a setting continued on a second line becomes one line */
	fa_apply(m, replace, 1, MAIN, "# c\nsmtpd_tls_protocols = !SSLv2,\n"
	    "    !SSLv3\nmyhostname = x\n", &r);
	CU_EXPECT_INT(r.applied, 1);
	CU_EXPECT_STR(r.out, "# c\nsmtpd_tls_protocols = >=TLSv1.2\n"
	    "myhostname = x\n");
	CU_EXPECT_STR(r.diff, "--- a/etc/postfix/main.cf\n"
	    "+++ b/etc/postfix/main.cf\n"
	    "@@ -1,4 +1,3 @@\n"
	    " # c\n"
	    "-smtpd_tls_protocols = !SSLv2,\n"
	    "-    !SSLv3\n"
	    "+smtpd_tls_protocols = >=TLSv1.2\n"
	    " myhostname = x\n");
	fa_free(&r);

	/* the line is no longer an assignment: nothing written */
	fa_apply(m, replace, 1, MAIN, "# c\n# smtpd_tls_protocols = x\n\n", &r);
	CU_EXPECT_INT(r.applied, 0);
	CU_EXPECT_STR(r.out, "# c\n# smtpd_tls_protocols = x\n\n");
	CU_EXPECT_INT(r.warnings, 1);
	fa_free(&r);

	/* appended after a blank line; a missing final newline is added;
	 * the duplicate is applied once, the conflicting value not at all */
	fa_apply(m, add, 3, MAIN, "a = 1\nb = 2", &r);
	CU_EXPECT_INT(r.applied, 1);
	CU_EXPECT_STR(r.out, "a = 1\nb = 2\n\nsmtpd_tls_auth_only = yes\n");
	CU_EXPECT_STR(r.diff, "--- a/etc/postfix/main.cf\n"
	    "+++ b/etc/postfix/main.cf\n"
	    "@@ -1,2 +1,4 @@\n"
	    " a = 1\n"
	    "-b = 2\n"
	    "\\ No newline at end of file\n"
	    "+b = 2\n"
	    "+\n"
	    "+smtpd_tls_auth_only = yes\n");
	CU_EXPECT_INT(r.warnings, 1);
	if (r.first_warning != NULL)
		CU_ASSERT(strstr(r.first_warning, "another value") != NULL);
	fa_free(&r);

	/* a value that would write two lines is never applied */
	{
		const struct fix_edit two[] = {
			SETE(MAIN, 0, 0, "", "a", "1\nb = 2"),
		};

		fa_apply(m, two, 1, MAIN, "x = 1\n", &r);
		CU_EXPECT_INT(r.applied, 0);
		CU_EXPECT_INT(r.warnings, 1);
		CU_EXPECT_STR(r.out, "x = 1\n");
		fa_free(&r);
	}

	/* an empty file */
	fa_apply(m, add, 1, MAIN, "", &r);
	CU_EXPECT_STR(r.out, "smtpd_tls_auth_only = yes\n");
	CU_EXPECT_STR(r.diff, "--- a/etc/postfix/main.cf\n"
	    "+++ b/etc/postfix/main.cf\n@@ -0,0 +1 @@\n"
	    "+smtpd_tls_auth_only = yes\n");
	fa_free(&r);

	/* CRLF line ends are kept */
	fa_apply(m, replace, 1, MAIN, "# c\r\nsmtpd_tls_protocols = a\r\n"
	    "  b\r\nx = 1\r\n", &r);
	CU_EXPECT_STR(r.out, "# c\r\nsmtpd_tls_protocols = >=TLSv1.2\r\n"
	    "x = 1\r\n");
	fa_free(&r);
	model_free(&m);
}

/*
 * t_fixapply_revive_runs - an entry revived by two runs of lines (2-3
 * and 6): the prose between them stays commented, the runs are one fix
 * (applied once, or not at all when one of its lines changed)
 */
static void
t_fixapply_revive_runs(struct model *m)
{
	static const unsigned	 lines[] = { 2, 3, 6 };
	struct fa_run		 r;
	const char		*text =
	    "smtp inet n - y - - smtpd\n"			/* 1 */
	    "#submissions inet n - y - - smtpd\n"		/* 2 */
	    "#  -o smtpd_tls_wrappermode=yes\n"
	    "#     Instead of specifying complex restrictions,\n"
	    "#     specify \"x=$y\" here.\n"			/* 5 */
	    "#  -o smtpd_recipient_restrictions=permit_sasl_authenticated\n"
	    "#628 inet n - y - - qmqpd\n"
	    "pickup unix n - y 60 1 pickup\n";
	const struct fix_edit	 runs[] = {
		{ .action = FIX_UNCOMMENT, .file = MASTER, .line = 2,
		  .end_line = 3, .scope = "submissions/inet",
		  .entry_lines = lines, .n_entry_lines = 3 },
		{ .action = FIX_UNCOMMENT, .file = MASTER, .line = 6,
		  .end_line = 6, .scope = "submissions/inet",
		  .entry_lines = lines, .n_entry_lines = 3 },
	};
	char			*changed, *at;

	fa_apply(m, runs, 2, MASTER, text, &r);
	CU_EXPECT_INT(r.applied, 1);
	CU_EXPECT_INT(r.warnings, 0);
	CU_EXPECT_STR(r.out, "smtp inet n - y - - smtpd\n"
	    "submissions inet n - y - - smtpd\n"
	    "  -o smtpd_tls_wrappermode=yes\n"
	    "#     Instead of specifying complex restrictions,\n"
	    "#     specify \"x=$y\" here.\n"
	    "  -o smtpd_recipient_restrictions=permit_sasl_authenticated\n"
	    "#628 inet n - y - - qmqpd\n"
	    "pickup unix n - y 60 1 pickup\n");
	fa_free(&r);

	/* line 6 is no longer commented: no line changes, two warnings */
	changed = strdup(text);
	CU_ASSERT_FATAL(changed != NULL);
	at = strstr(changed, "#  -o smtpd_recipient");
	CU_ASSERT_FATAL(at != NULL);
	at[0] = ' ';
	fa_apply(m, runs, 2, MASTER, changed, &r);
	CU_EXPECT_INT(r.applied, 0);
	CU_EXPECT_INT(r.warnings, 2);
	CU_EXPECT_STR(r.out, changed);
	fa_free(&r);
	free(changed);
}

static void
t_fixapply_master(void)
{
	struct model	*m = build_pf(true, false);
	struct fa_run	 r;
	/* build_pf: submission 12-14 (-o at 13, 14), #submissions 20-22 */
	const char	*text =
	    "#1\n#2\n#3\n#4\n#5\n#6\n#7\n#8\n#9\n"
	    "smtp inet n - y - - smtpd\n"			/* 10 */
	    "#11\n"
	    "submission inet n - y - - smtpd -o syslog_name=x\n" /* 12 */
	    "  -o smtpd_tls_security_level=may -o smtpd_sasl_auth_enable=yes\n"
	    "  -o { smtpd_tls_mandatory_protocols = !SSLv2, !SSLv3 }\n"
	    "#15\n#16\n#17\n#18\n#19\n"
	    "#submissions inet n - y - - smtpd\n"		/* 20 */
	    "#  -o smtpd_tls_wrappermode=no\n"
	    "#-o syslog_name=postfix/submissions\n"
	    "pickup unix n - y 60 1 pickup\n";
	const struct fix_edit words[] = {
		SETE(MASTER, 13, 13, "submission/inet", "smtpd_tls_security_level",
		    "encrypt"),
		SETE(MASTER, 13, 13, "submission/inet", "smtpd_sasl_auth_enable",
		    "no"),
		SETE(MASTER, 14, 14, "submission/inet",
		    "smtpd_tls_mandatory_protocols", "!SSLv2, !SSLv3, !TLSv1"),
	};
	const struct fix_edit revive[] = {
		{ .action = FIX_UNCOMMENT, .file = MASTER, .line = 20,
		  .end_line = 22, .scope = "submissions/inet" },
		SETE(MASTER, 21, 21, "submissions/inet", "smtpd_tls_wrappermode",
		    "yes"),
		SETE(MASTER, 0, 0, "submissions/inet", "smtpd_sasl_auth_enable",
		    "yes"),
	};
	const struct fix_edit spaced[] = {
		SETE(MASTER, 0, 0, "submission/inet", "smtpd_client_restrictions",
		    "permit_sasl_authenticated reject"),
		SETE(MASTER, 0, 0, "smtps/inet", "smtpd_tls_wrappermode", "yes"),
	};

	fa_apply(m, words, 3, MASTER, text, &r);
	CU_EXPECT_INT(r.applied, 3);
	CU_ASSERT(strstr(r.out, "\n  -o smtpd_tls_security_level=encrypt -o "
	    "smtpd_sasl_auth_enable=no\n  -o smtpd_tls_mandatory_protocols="
	    "!SSLv2,!SSLv3,!TLSv1\n#15\n") != NULL);
	CU_ASSERT(strstr(r.diff, "@@ -10,8 +10,8 @@\n") != NULL);
	fa_free(&r);

	fa_apply(m, revive, 3, MASTER, text, &r);
	CU_EXPECT_INT(r.applied, 3);
	CU_ASSERT(strstr(r.out, "\n#19\nsubmissions inet n - y - - smtpd\n"
	    "  -o smtpd_tls_wrappermode=yes\n  -o syslog_name=postfix/"
	    "submissions\n  -o smtpd_sasl_auth_enable=yes\npickup") != NULL);
	fa_free(&r);

	/* commentary inside the block stays commented, all or nothing */
	t_fixapply_revive_runs(m);

	/* blanks kept by a { } group; no entry smtps/inet: not applied */
	fa_apply(m, spaced, 2, MASTER, text, &r);
	CU_EXPECT_INT(r.applied, 1);
	CU_ASSERT(strstr(r.out, "!SSLv3 }\n  -o { smtpd_client_restrictions = "
	    "permit_sasl_authenticated reject }\n#15") != NULL);
	CU_EXPECT_INT(r.warnings, 1);
	fa_free(&r);

	/* the -o is gone from the line: a warning, nothing written */
	fa_apply(m, words, 1, MASTER, "a\n", &r);
	CU_EXPECT_INT(r.applied, 0);
	CU_EXPECT_INT(r.warnings, 1);
	CU_EXPECT_STR(r.out, "a\n");
	fa_free(&r);
	model_free(&m);
}

static void
t_fixapply_dovecot(void)
{
	struct model		*m = model_new();
	struct dc_section	*svc, *lsn;
	struct fa_run		 r;
	const char		*text =
	    "ssl = yes\n"					/* 1 */
	    "service imap-login {\n"				/* 2 */
	    "  inet_listener imaps {\n"				/* 3 */
	    "    port = 0\n"					/* 4 */
	    "  }\n"
	    "}\n"
	    "\tssl_min_protocol = TLSv1\n";			/* 7 */
	const struct fix_edit edits[] = {
		SETE(DCONF, 4, 4, "service imap-login/inet_listener imaps",
		    "port", "993"),
		SETE(DCONF, 0, 0, "service imap-login/inet_listener imaps",
		    "ssl", "yes"),
		SETE(DCONF, 7, 7, "", "ssl_min_protocol", "TLSv1.2"),
	};
	const struct fix_edit elsewhere[] = {
		SETE(DCONF, 0, 0, "service pop3-login/inet_listener pop3s",
		    "ssl", "yes"),
		SETE(DCONF, 1, 1, "", "ssl", "required"),
		SETE(DCONF, 1, 1, "", "ssl", "no"),	/* same line: conflict */
	};

	m->dc.present = true;
	m->dc.conf_file = DCONF;
	m->dc.files = calloc(1, sizeof(*m->dc.files));	/* model_free frees it */
	CU_ASSERT_FATAL(m->dc.files != NULL);
	m->dc.files[0] = DCONF;
	m->dc.n_files = 1;
	svc = sec(m, model_dc_root(m), "service", "imap-login", 2);
	lsn = sec(m, svc, "inet_listener", "imaps", 3);
	(void)lsn;

	fa_apply(m, edits, 3, DCONF, text, &r);
	CU_EXPECT_INT(r.applied, 3);
	CU_EXPECT_STR(r.out, "ssl = yes\nservice imap-login {\n"
	    "  inet_listener imaps {\n    ssl = yes\n    port = 993\n  }\n}\n"
	    "\tssl_min_protocol = TLSv1.2\n");
	fa_free(&r);

	fa_apply(m, elsewhere, 3, DCONF, text, &r);
	CU_EXPECT_INT(r.applied, 2);
	CU_EXPECT_INT(r.warnings, 1);
	/* the earlier finding wins */
	CU_ASSERT(strncmp(r.out, "ssl = required\n", 15) == 0);
	CU_ASSERT(strstr(r.out, "ssl_min_protocol = TLSv1\n\n"
	    "service pop3-login {\n  inet_listener pop3s {\n    ssl = yes\n"
	    "  }\n}\n") != NULL);
	fa_free(&r);
	model_free(&m);
}
