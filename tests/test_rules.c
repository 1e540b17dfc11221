/* SPDX-License-Identifier: MIT */
/*
 * test_rules - the rule loader (schema errors at line:col), condition
 * evaluation on small hand-built models, fixes and eval's dedupe/sort.
 *
 * Models are built with the model API (no parser needed): PF is a Postfix
 * 3.7 host with smtp, submission (-o overrides), a loopback smtpd and a
 * commented-out submissions block; DC is a Dovecot 2.3.19 host with imap
 * and pop3, an imaps listener at port = 0 and a template value in the
 * pop3 filter.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "cu.h"
#include "defaults.h"
#include "eval.h"
#include "model.h"
#include "resolve.h"
#include "rules.h"
#include "strbuf.h"

#ifndef SRCDATADIR
#define SRCDATADIR "."
#endif

#define MAIN	"etc/postfix/main.cf"
#define MASTER	"etc/postfix/master.cf"
#define DCONF	"etc/dovecot/dovecot.conf"

static struct defaults	*pf_defaults, *dc_defaults;

static struct setting *
mk_set(struct model *m, const char *file, const char *name, const char *value,
    unsigned line, unsigned flags)
{
	struct setting	*s = arena_alloc(m->arena, sizeof(*s));

	s->name = model_strdup(m, name);
	s->value = s->raw = model_strdup(m, value);
	s->loc.file = file;
	s->loc.line = s->end_line = line;
	s->loc.col = 1;
	s->flags = flags;
	return s;
}

static struct pf_service *
mk_svc(struct model *m, const char *name, const char *cmd, unsigned line,
    unsigned end, bool commented)
{
	struct pf_service	*svc = arena_alloc(m->arena, sizeof(*svc));

	svc->name = model_strdup(m, name);
	svc->type = "inet";
	svc->private_ = "n";
	svc->unpriv = "-";
	svc->chroot = "y";
	svc->wakeup = "-";
	svc->maxproc = "-";
	svc->command = cmd;
	svc->loc.file = MASTER;
	svc->loc.line = line;
	svc->loc.col = 1;
	svc->end_line = end;
	svc->commented = commented;
	model_pf_add_service(m, svc);
	return svc;
}

static void
ov(struct model *m, struct pf_service *svc, const char *name,
    const char *value, unsigned line)
{
	model_pf_add_override(m, svc, mk_set(m, MASTER, name, value, line, 0));
}

/* build_pf - the Postfix host; with_commented adds #submissions */
static struct model *
build_pf(bool with_commented, bool with_protocols)
{
	struct model		*m = model_new();
	struct pf_service	*svc;

	m->pf.present = true;
	m->pf.dir = "etc/postfix";
	m->pf.main_file = MAIN;
	m->pf.master_file = MASTER;
	model_pf_set(m, mk_set(m, MAIN, "smtpd_tls_cert_file", "/c.pem", 3, 0));
	model_pf_set(m, mk_set(m, MAIN, "smtpd_tls_security_level", "may", 4, 0));
	if (with_protocols)
		model_pf_set(m, mk_set(m, MAIN, "smtpd_tls_protocols",
		    "!SSLv2, !SSLv3", 5, 0));
	model_pf_set(m, mk_set(m, MAIN, "smtpd_sasl_auth_enable", "yes", 6, 0));
	model_pf_set(m, mk_set(m, MAIN, "smtpd_tls_exclude_ciphers",
	    "{{ excl }}", 7, SET_TEMPLATE));
	model_pf_set(m, mk_set(m, MAIN, "smtpd_client_connection_count_limit",
	    "50", 8, 0));
	mk_svc(m, "smtp", "smtpd", 10, 10, false);
	svc = mk_svc(m, "submission", "smtpd", 12, 14, false);
	ov(m, svc, "smtpd_tls_security_level", "encrypt", 13);
	ov(m, svc, "smtpd_tls_mandatory_protocols",
	    "!SSLv2,!SSLv3,!TLSv1,!TLSv1.1", 14);
	mk_svc(m, "127.0.0.1:10025", "smtpd", 16, 16, false);
	if (with_commented) {
		svc = mk_svc(m, "submissions", "smtpd", 20, 22, true);
		ov(m, svc, "smtpd_tls_wrappermode", "yes", 21);
	}
	return m;
}

static struct dc_section *
sec(struct model *m, struct dc_section *parent, const char *type,
    const char *name, unsigned line)
{
	struct loc	loc = { DCONF, line, 1 };

	return model_dc_section(m, parent, type, name, &loc);
}

static void
dset(struct model *m, struct dc_section *s, const char *name,
    const char *value, unsigned line, unsigned flags)
{
	model_dc_set(m, s, mk_set(m, DCONF, name, value, line, flags));
}

/* build_dc - the Dovecot host; with_imaps adds imaps { port = 0 } */
static struct model *
build_dc(bool with_imaps)
{
	struct model		*m = model_new();
	struct dc_section	*root, *s;

	m->dc.present = true;
	m->dc.conf_file = DCONF;
	root = model_dc_root(m);
	dset(m, root, "protocols", "imap pop3", 1, 0);
	dset(m, root, "ssl", "yes", 2, 0);
	dset(m, root, "ssl_cert", "</c.pem", 3, SET_FILE_VALUE);
	dset(m, root, "ssl_min_protocol", "TLSv1", 4, 0);
	dset(m, root, "disable_plaintext_auth", "no", 5, 0);
	s = sec(m, root, "service", "imap-login", 10);
	if (with_imaps)
		dset(m, sec(m, s, "inet_listener", "imaps", 11), "port", "0", 12, 0);
	s = sec(m, root, "protocol", "pop3", 20);
	dset(m, s, "ssl_min_protocol", "{{ min }}", 21, SET_TEMPLATE);
	s = sec(m, root, "protocol", "imap", 30);
	dset(m, s, "ssl_cipher_list", "ALL", 31, 0);
	return m;
}

/* A loaded rule set evaluated on a model. */
struct run {
	struct ruleset		*rs;
	struct model		*m;
	struct resolved		*r;
	struct findings		*f;
	struct diag_list	 dl;
	struct resolve_opts	 o;
};

static int
run_rules(struct run *x, const char *yaml, struct model *m, const char *pfver,
    const char *profile)
{
	struct eval_opts	eo = { profile };
	int			rc;

	memset(x, 0, sizeof(*x));
	diag_init(&x->dl);
	x->rs = rules_new();
	rc = rules_load_buffer(x->rs, "rules/t.yaml", yaml, strlen(yaml), &x->dl);
	if (rc != 0 && x->dl.len > 0)
		fprintf(stderr, "rule error %u:%u: %s\n", x->dl.v[0].loc.line,
		    x->dl.v[0].loc.col, x->dl.v[0].msg);
	x->m = m;
	x->o.pf_version = pfver;
	x->o.pf_defaults = pf_defaults;
	x->o.dc_defaults = dc_defaults;
	x->r = resolve_run(m, &x->o, &x->dl);
	x->f = eval_run(x->rs, x->r, &eo);
	return rc;
}

static void
run_free(struct run *x)
{
	findings_free(&x->f);
	resolve_free(&x->r);
	model_free(&x->m);
	rules_free(&x->rs);
	diag_free(&x->dl);
}

/* rule_yaml - one rule T-1 from its variable parts */
static char *
rule_yaml(const char *product, const char *subject, const char *extra,
    const char *when, const char *message, const char *fix)
{
	return xasprintf("rules:\n- id: T-1\n  title: test\n  severity: error\n"
	    "  product: %s\n  subject: %s\n%s  when: %s\n  message: \"%s\"\n"
	    "  rationale: |\n    because\n  references: [\"RFC 8996\", "
	    "\"https://example.org/x\"]\n  fix:\n%s", product, subject,
	    extra != NULL ? extra : "", when, message, fix != NULL ? fix :
	    "  - text: \"do {product}\"\n");
}

static const char *
scopes(struct run *x, struct strbuf *sb)
{
	size_t	i;

	strbuf_reset(sb);
	for (i = 0; i < x->f->len; i++)
		strbuf_printf(sb, "%s%s", i ? "," : "", x->f->v[i].scope);
	return strbuf_cstr(sb);
}

static void
t_valid_rule(void)
{
	struct diag_list	 dl;
	struct ruleset		*rs = rules_new();
	const struct rule	*r;
	char			*y = rule_yaml("postfix", "listener",
	    "  profiles: [default, mozilla-modern]\n", "{tls: starttls}",
	    "m {scope}", "  - versions: \">=3.6\"\n    set: {smtpd_tls_protocols: "
	    "\">=TLSv1.2\"}\n  - set: {smtpd_tls_protocols: \"!SSLv2, !SSLv3, "
	    "!TLSv1, !TLSv1.1\"}\n");

	diag_init(&dl);
	CU_EXPECT_INT(rules_load_buffer(rs, "rules/t.yaml", y, strlen(y), &dl), 0);
	CU_EXPECT_INT(dl.len, 0);
	CU_EXPECT_INT(rules_count(rs), 1);
	r = rules_find(rs, "T-1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT(rules_get(rs, 0) == r);
	CU_ASSERT_PTR_NULL(rules_find(rs, "T-2"));
	CU_EXPECT_STR(rule_id(r), "T-1");
	CU_EXPECT_STR(rule_title(r), "test");
	CU_EXPECT_INT(rule_severity(r), SEV_ERROR);
	CU_EXPECT_STR(rule_product(r), "postfix");
	CU_EXPECT_STR(rule_subject(r), "listener");
	CU_EXPECT_STR(rule_rationale(r), "because\n");
	CU_EXPECT_INT(rule_n_references(r), 2);
	CU_EXPECT_STR(rule_reference(r, 0), "RFC 8996");
	CU_EXPECT_STR(rule_help_uri(r), "https://example.org/x");
	CU_ASSERT(rule_in_profile(r, "default"));
	CU_ASSERT(!rule_in_profile(r, "mozilla-intermediate"));
	CU_EXPECT_STR(rule_profiles(r), "default, mozilla-modern");
	CU_EXPECT_STR(rule_fix_summary(r), "smtpd_tls_protocols = >=TLSv1.2 "
	    "(Postfix >= 3.6) / !SSLv2, !SSLv3, !TLSv1, !TLSv1.1 (older)");
	CU_EXPECT_STR(rule_file(r), "rules/t.yaml");
	CU_EXPECT_INT(rule_line(r), 2);
	CU_ASSERT(rules_profile_known("mozilla-intermediate"));
	CU_ASSERT(!rules_profile_known("bsi"));
	/* A second load of the same id is a duplicate. */
	CU_EXPECT_INT(rules_load_buffer(rs, "rules/u.yaml", y, strlen(y), &dl), -1);
	CU_EXPECT_INT(rules_count(rs), 1);
	free(y);
	rules_free(&rs);
	CU_ASSERT_PTR_NULL(rs);
	rules_free(&rs);
	diag_free(&dl);
}

/* Loader errors: the text after "rules:\n- " and where the error is. */
static const struct err_case {
	const char	*rule;		/* rule body (the keys after "- ") */
	unsigned	 line, col;
	const char	*msg;		/* substring of the message */
} err_cases[] = {
#define BASE "id: E-1\n  title: t\n  severity: error\n  product: postfix\n" \
	"  rationale: r\n  references: [x]\n  fix: [{text: t}]\n  message: m\n"
	{ BASE "  subject: listener\n  whne: {tls: none}\n  when: {tls: none}\n",
	    11, 3, "unknown key \"whne\" in rule" },
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
	{ "id: E-1\n  title: t\n  severity: error\n  product: postfix\n"
	    "  rationale: r\n  references: [x]\n  fix: [{text: t}]\n"
	    "  subject: config\n  when: {version: \">=3\"}\n  message: \"a {bogus}\"\n",
	    11, 12, "unknown placeholder {bogus}" },
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
	{ "id: E-1\n  title: t\n  severity: error\n  product: postfix\n"
	    "  rationale: r\n  references: [x]\n  fix: [{text: t, set: {a: b}}]\n"
	    "  subject: config\n  when: {version: \">=3\"}\n  message: m\n",
	    8, 9, "exactly one of set" },
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
	{ "id: E-1\n  title: t\n  severity: error\n  product: postfix\n"
	    "  rationale: r\n  references: [x]\n  fix: [{text: t}]\n"
	    "  subject: config\n  when: {version: \">=3\"}\n  message: \"{port}\"\n",
	    11, 12, "listener placeholders need subject listener" },
	{ "id: E-1\n  title: t\n  severity: error\n  product: postfix\n"
	    "  rationale: r\n  references: []\n  fix: [{text: t}]\n"
	    "  subject: config\n  when: {version: \">=3\"}\n  message: m\n",
	    7, 15, "references needs at least one" },
	{ BASE "  subject: config\n  when: {version: \">=3\"}\n  profiles: [bsi]\n",
	    12, 14, "a profile must be" },
	{ "id: E-1\n  title: t\n  severity: error\n  product: postfix\n"
	    "  rationale: r\n  references: [x]\n  fix: []\n"
	    "  subject: config\n  when: {version: \">=3\"}\n  message: m\n",
	    8, 8, "fix needs at least one alternative" },
	{ "id: E-1\n  title: t\n  severity: error\n  product: postfix\n"
	    "  rationale: r\n  references: [x]\n"
	    "  fix: [{versions: \"~3\", text: t}]\n"
	    "  subject: config\n  when: {version: \">=3\"}\n  message: m\n",
	    8, 20, "bad version expression \"~3\"" },
	{ BASE "  subject: listener\n  when: {value: {equals: x}}\n", 11, 17,
	    "value needs subject setting" },
	{ BASE "  subject: listener\n  when: {listener_exists: {tls: none}}\n",
	    11, 27, "listener_exists needs subject config" },
	{ BASE "  subject: listener\n  when: {tls: none}\n  blame: \"a b\"\n",
	    12, 10, "blame must be listener" },
	{ BASE "  subject: setting\n  when: {value: {equals: x}}\n", 2, 3,
	    "subject setting needs \"settings\"" },
	{ BASE "  subject: listener\n  when: {tls: [none, tls13]}\n", 11, 22,
	    "tls must be implicit, starttls or none" },
#undef BASE
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
				fprintf(stderr, "case %zu: got %u:%u \"%s\", want "
				    "%u:%u \"%s\"\n", i, dl.v[0].loc.line,
				    dl.v[0].loc.col, dl.v[0].msg, c->line, c->col,
				    c->msg);
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
				strbuf_printf(&sb, "%s*a%d", k ? ", " : "", j - 1);
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
				fprintf(stderr, "file case %zu: got \"%s\"\n", i,
				    dl.v[0].msg);
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

static void
write_file(const char *dir, const char *name, const char *text)
{
	char	*path = xasprintf("%s/%s", dir, name);
	FILE	*fp = fopen(path, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs(text, fp);
	fclose(fp);
	free(path);
}

static void
t_load_dir(void)
{
	char			 dir[] = "/tmp/maillint-rules-XXXXXX";
	struct diag_list	 dl;
	struct ruleset		*rs;
	char			*a, *b;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	a = rule_yaml("postfix", "config", NULL, "{version: \">=3\"}", "m", NULL);
	b = xasprintf("# b\n%s", a);
	write_file(dir, "a.yaml", a);
	write_file(dir, "b.yaml", b);
	write_file(dir, "c.yml", "not: loaded\n");
	write_file(dir, ".hidden.yaml", "not: loaded\n");
	diag_init(&dl);
	rs = rules_new();
	CU_EXPECT_INT(rules_load_dir(rs, dir, &dl), -1);
	CU_EXPECT_INT(rules_count(rs), 1);
	CU_ASSERT_FATAL(dl.len == 1);
	CU_ASSERT(strstr(dl.v[0].loc.file, "/b.yaml") != NULL);
	CU_EXPECT_INT(dl.v[0].loc.line, 3);
	CU_EXPECT_INT(dl.v[0].loc.col, 7);
	CU_ASSERT(strstr(dl.v[0].msg, "duplicate rule id \"T-1\"") != NULL);
	CU_ASSERT(strstr(dl.v[0].msg, "/a.yaml:2") != NULL);
	rules_free(&rs);
	diag_free(&dl);
	/* Without the duplicate the directory loads cleanly. */
	write_file(dir, "b.yaml", "rules: []\n");
	diag_init(&dl);
	rs = rules_new();
	CU_EXPECT_INT(rules_load_dir(rs, dir, &dl), 0);
	CU_EXPECT_INT(rules_count(rs), 1);
	rules_free(&rs);
	diag_free(&dl);
	/* A missing directory is an error. */
	diag_init(&dl);
	rs = rules_new();
	CU_EXPECT_INT(rules_load_dir(rs, "/nonexistent/rules", &dl), -1);
	rules_free(&rs);
	diag_free(&dl);
	free(a);
	free(b);
	a = xasprintf("rm -rf '%s'", dir);
	CU_EXPECT_INT(system(a), 0);
	free(a);
}

static void
t_repo_rules(void)
{
	struct diag_list	 dl;
	struct ruleset		*rs = rules_new();
	size_t			 i;

	diag_init(&dl);
	CU_EXPECT_INT(rules_load_dir(rs, SRCDATADIR "/rules", &dl), 0);
	for (i = 0; i < dl.len; i++)
		fprintf(stderr, "%s:%u:%u: %s\n", dl.v[i].loc.file,
		    dl.v[i].loc.line, dl.v[i].loc.col, dl.v[i].msg);
	CU_EXPECT_INT(dl.len, 0);
	for (i = 0; i < rules_count(rs); i++) {
		CU_ASSERT(rule_n_references(rules_get(rs, i)) > 0);
		CU_ASSERT(rule_fix_summary(rules_get(rs, i))[0] != '\0');
	}
	rules_free(&rs);
	diag_free(&dl);
}

#include "test_rules_eval.h"

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "valid rule and accessors", t_valid_rule },
		{ "rule errors at line:col", t_load_errors },
		{ "file-level errors", t_file_errors },
		{ "directory, duplicate id across files", t_load_dir },
		{ "repository rules/ load", t_repo_rules },
		{ "postfix conditions", t_cond_postfix },
		{ "dovecot conditions", t_cond_dovecot },
		{ "setting and config subjects", t_subjects },
		{ "placeholders", t_placeholders },
		{ "fix main.cf / -o / default", t_fix_postfix },
		{ "fix version alternatives", t_fix_versions },
		{ "fix add_service", t_fix_add_service },
		{ "fix dovecot", t_fix_dovecot },
		{ "dedupe, sort, profiles, count", t_dedupe },
		{ NULL, NULL }
	};
	struct diag_list	dl;
	int			rc;

	diag_init(&dl);
	if (defaults_load(SRCDATADIR "/rules/defaults/postfix.tsv", &pf_defaults,
	    &dl) != 0 || defaults_load(SRCDATADIR "/rules/defaults/dovecot.tsv",
	    &dc_defaults, &dl) != 0) {
		fprintf(stderr, "cannot load the defaults tables\n");
		return 1;
	}
	diag_free(&dl);
	rc = cu_run("rules", tests);
	defaults_free(&pf_defaults);
	defaults_free(&dc_defaults);
	return rc;
}
