/* SPDX-License-Identifier: MIT */
/*
 * test_rules_load - the loader-error half of test_rules.c (included
 * there, so that each file stays small): every schema error at its
 * line:col, and whole-file problems (syntax, documents, NUL bytes, deep
 * nesting, alias bombs).
 */
#ifndef MAILLINT_TEST_RULES_LOAD_H
#define MAILLINT_TEST_RULES_LOAD_H

/* Loader errors: the text after "rules:\n- " and where the error is. */
static const struct err_case {
	const char	*rule;		/* rule body (the keys after "- ") */
	unsigned	 line, col;
	const char	*msg;		/* substring of the message */
} err_cases[] = {
#define BASE "id: E-1\n  title: t\n  severity: error\n  product: postfix\n" \
	"  rationale: r\n  references: [x]\n  fix: [{text: t}]\n  message: m\n"
/* A config rule: the fix on line 8, the message on line 11. */
#define CFG(fix, msg) "id: E-1\n  title: t\n  severity: error\n" \
	"  product: postfix\n  rationale: r\n  references: [x]\n  fix: " fix \
	"\n  subject: config\n  when: {version: \">=3\"}\n  message: " msg "\n"
	{ BASE "  subject: listener\n  whne: {tls: none}\n"
	    "  when: {tls: none}\n", 11, 3, "unknown key \"whne\" in rule" },
	{ BASE "  subject: listener\n  when: {tls: none}\n  blame: [x]\n",
	    12, 10, "\"blame\" must be a string" },
	{ "id: E-1\n  severity: error\n  product: postfix\n  subject: config\n"
	    "  rationale: r\n  references: [x]\n  fix: [{text: t}]\n"
	    "  message: m\n  when: {version: \">=3\"}\n",
	    2, 3, "missing required key \"title\"" },
	{ BASE "  subject: setting\n  settings: [\"~(foo\"]\n  when: {value: "
	    "{present: true}}\n", 11, 14, "at offset 4" },
	{ BASE "  subject: config\n  when: {version: \">=x.y\"}\n",
	    11, 19, "bad version expression" },
	{ CFG("[{text: t}]", "\"a {bogus}\""), 11, 12,
	    "unknown placeholder {bogus}" },
	{ "id: E-1\n  title: t\n  severity: fatal\n  product: postfix\n"
	    "  rationale: r\n  references: [x]\n  fix: [{text: t}]\n"
	    "  subject: config\n  when: {version: \">=3\"}\n  message: m\n",
	    4, 13, "severity must be error, warning or info" },
	{ "id: pf-1\n  title: t\n  severity: error\n  product: postfix\n"
	    "  rationale: r\n  references: [x]\n  fix: [{text: t}]\n"
	    "  subject: config\n  when: {version: \">=3\"}\n  message: m\n",
	    2, 7, "must match [A-Z0-9-]+" },
	{ BASE "  subject: config\n  when: {tls: none}\n",
	    11, 15, "listener fact" },
	{ BASE "  subject: config\n  when: {equals: x}\n",
	    11, 18, "operator \"equals\" needs \"setting\"" },
	{ BASE "  subject: config\n  when: {setting: x}\n",
	    11, 19, "needs exactly one operator" },
	{ BASE "  subject: config\n  when: {setting: x, present: true, "
	    "equals: y}\n", 11, 19, "needs exactly one operator" },
	{ CFG("[{text: t, set: {a: b}}]", "m"), 8, 9, "exactly one of set" },
	{ "id: E-1\n  title: t\n  severity: error\n  product: dovecot\n"
	    "  rationale: r\n  references: [x]\n  subject: config\n"
	    "  fix: [{add_service: {name: a, type: inet, command: smtpd}}]\n"
	    "  when: {version: \">=3\"}\n  message: m\n",
	    9, 23, "add_service is for product postfix" },
	{ BASE "  subject: listener\n  when: {accepts_any: [TLSv1.0]}\n",
	    11, 24, "unknown TLS version \"TLSv1.0\"" },
	{ BASE "  subject: listener\n  when: {tls_required: yes}\n",
	    11, 24, "\"tls_required\" must be true or false" },
	{ BASE "  subject: listener\n  when: {enabled: any}\n",
	    11, 19, "only allowed at the top of select" },
	{ BASE "  subject: listener\n  when: {port: 25, port: 26}\n",
	    11, 20, "duplicate key \"port\"" },
	{ BASE "  subject: listener\n  when: {all: []}\n", 11, 15,
	    "all needs at least one condition" },
	{ BASE "  subject: config\n  when: {protocol: smtp}\n", 11, 20,
	    "listener fact" },
	{ CFG("[{text: t}]", "\"{port}\""), 11, 12,
	    "listener placeholders need subject listener" },
	{ "id: E-1\n  title: t\n  severity: error\n  product: postfix\n"
	    "  rationale: r\n  references: []\n  fix: [{text: t}]\n"
	    "  subject: config\n  when: {version: \">=3\"}\n  message: m\n",
	    7, 15, "references needs at least one" },
	{ BASE "  subject: config\n  when: {version: \">=3\"}\n"
	    "  profiles: [bsi]\n", 12, 14, "a profile must be" },
	{ CFG("[]", "m"), 8, 8, "fix needs at least one alternative" },
	{ CFG("[{versions: \"~3\", text: t}]", "m"), 8, 20,
	    "bad version expression \"~3\"" },
	{ BASE "  subject: listener\n  when: {value: {equals: x}}\n", 11, 17,
	    "value needs subject setting" },
	{ BASE "  subject: listener\n  when: {listener_exists: {tls: none}}\n",
	    11, 27, "listener_exists needs subject config" },
	{ BASE "  subject: listener\n  when: {tls: none}\n  blame: \"a b\"\n",
	    12, 10, "blame must be listener" },
	{ BASE "  subject: setting\n  when: {value: {equals: x}}\n", 2, 3,
	    "subject setting needs \"settings\"" },
	{ "id: E-1\n  title: t\n  severity: error\n  product: postfix\n"
	    "  rationale: r\n  references: [x]\n  subject: listener\n"
	    "  fix: [{set: {\"{setting}\": x}}]\n"
	    "  when: {tls: none}\n  message: m\n",
	    9, 16, "{setting} and {value} need a blamed setting" },
	{ BASE "  subject: setting\n  settings: [a]\n  when: {value: "
	    "{tls_accepts_any: [TLSv1.0]}}\n", 12, 36,
	    "unknown TLS version \"TLSv1.0\"" },
	{ BASE "  subject: config\n  when: {tls_invalid: true}\n", 11, 23,
	    "\"tls_invalid\" is a listener fact" },
	{ BASE "  subject: listener\n  when: {tls: [none, tls13]}\n", 11, 22,
	    "tls must be implicit, starttls or none" },
#undef BASE
#undef CFG
};

static void
t_load_errors(void)
{
	size_t	i;

	for (i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++) {
		const struct err_case	*c = &err_cases[i];
		struct diag_list	 dl;
		struct ruleset		*rs = rules_new();
		char			*y = xasprintf("rules:\n- %s", c->rule);
		int			 rc;

		diag_init(&dl);
		rc = rules_load_buffer(rs, "rules/x.yaml", y, strlen(y), &dl);
		CU_EXPECT_INT(rc, -1);
		CU_EXPECT_INT(rules_count(rs), 0);
		if (dl.len == 0) {
			fprintf(stderr, "case %zu: no diagnostic\n", i);
			CU_FAIL("no diagnostic");
		} else {
			if (dl.v[0].loc.line != c->line || dl.v[0].loc.col !=
			    c->col || strstr(dl.v[0].msg, c->msg) == NULL)
				fprintf(stderr, "case %zu: got %u:%u \"%s\", "
				    "want %u:%u \"%s\"\n", i,
				    dl.v[0].loc.line, dl.v[0].loc.col,
				    dl.v[0].msg, c->line, c->col, c->msg);
			CU_EXPECT_STR(dl.v[0].loc.file, "rules/x.yaml");
			CU_EXPECT_INT(dl.v[0].sev, SEV_ERROR);
			CU_EXPECT_INT(dl.v[0].loc.line, c->line);
			CU_EXPECT_INT(dl.v[0].loc.col, c->col);
			CU_ASSERT(strstr(dl.v[0].msg, c->msg) != NULL);
		}
		free(y);
		rules_free(&rs);
		diag_free(&dl);
	}
}

/* Whole-file problems. */
static const struct file_case {
	const char	*yaml;
	int		 rc;
	unsigned	 line, col;
	const char	*msg;
} file_cases[] = {
	{ "", 0, 0, 0, NULL },
	{ "# only a comment\n", 0, 0, 0, NULL },
	{ "rules: []\n", 0, 0, 0, NULL },
	{ "rules: [\n", -1, 2, 1, "YAML syntax error" },
	{ "rule: []\n", -1, 1, 1, "unknown key \"rule\" in a rule file" },
	{ "- a\n", -1, 1, 1, "a rule file must be a mapping" },
	{ "rules: {a: b}\n", -1, 1, 8, "\"rules\" must be a list" },
	{ "rules: [1]\n", -1, 1, 9, "a rule must be a mapping" },
	{ "rules: []\n---\nrules: []\n", -1, 3, 1, "only one YAML document" },
	{ "a: &x [*x]\n", -1, 1, 4, NULL },
	{ "rules: []\nrules: []\n", -1, 2, 1, "duplicate key \"rules\"" },
	{ "rules: [\"a\\0b\"]\n", -1, 1, 9, "NUL byte" },
	{ NULL, -1, 1, 72, "nesting too deep" },	/* deep, built below */
	{ NULL, -1, 0, 0, "too many nodes" },		/* alias bomb */
};

/* file_text - the text of file case i */
static char *
file_text(size_t i)
{
	struct strbuf	sb = STRBUF_INIT;
	int		j, k;

	if (file_cases[i].yaml != NULL)
		return xstrdup(file_cases[i].yaml);
	if (strstr(file_cases[i].msg, "nesting") != NULL) {
		strbuf_adds(&sb, "rules: ");
		for (j = 0; j < 100; j++)
			strbuf_addc(&sb, '[');
		for (j = 0; j < 100; j++)
			strbuf_addc(&sb, ']');
	} else {
		/* Ten levels of ten aliases each: 10^10 nodes once expanded. */
		strbuf_adds(&sb, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
		for (j = 1; j < 10; j++) {
			strbuf_printf(&sb, "a%d: &a%d [", j, j);
			for (k = 0; k < 10; k++)
				strbuf_printf(&sb, "%s*a%d", k ? ", " : "",
				    j - 1);
			strbuf_adds(&sb, "]\n");
		}
	}
	strbuf_addc(&sb, '\n');
	return sb.s;
}

static void
t_file_errors(void)
{
	size_t	i;

	for (i = 0; i < sizeof(file_cases) / sizeof(file_cases[0]); i++) {
		const struct file_case	*c = &file_cases[i];
		struct diag_list	 dl;
		struct ruleset		*rs = rules_new();
		char			*text = file_text(i);

		diag_init(&dl);
		CU_EXPECT_INT(rules_load_buffer(rs, "rules/f.yaml", text,
		    strlen(text), &dl), c->rc);
		free(text);
		if (c->rc == 0)
			CU_EXPECT_INT(dl.len, 0);
		else if (dl.len > 0 && c->msg != NULL) {
			if (strstr(dl.v[0].msg, c->msg) == NULL)
				fprintf(stderr, "file case %zu: got \"%s\"\n",
				    i, dl.v[0].msg);
			if (c->line > 0) {
				CU_EXPECT_INT(dl.v[0].loc.line, c->line);
				CU_EXPECT_INT(dl.v[0].loc.col, c->col);
			}
			CU_ASSERT(strstr(dl.v[0].msg, c->msg) != NULL);
		} else
			CU_ASSERT(dl.len > 0);
		rules_free(&rs);
		diag_free(&dl);
	}
}

#endif
