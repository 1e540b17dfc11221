/* SPDX-License-Identifier: MIT */
/*
 * test_rules - the rule loader (schema errors at line:col), condition
 * evaluation on small hand-built models, fixes and eval's dedupe/sort.
 *
 * Models are built with the model API (no parser needed): PF is a Postfix
 * 3.7 host with smtp, submission (-o overrides), a loopback smtpd and a
 * commented-out submissions block; DC is a Dovecot 2.3.19 host with imap
 * and pop3, an imaps listener at port = 0 and a template value in the
 * pop3 filter.  The tables live in test_rules_load.h (loader errors) and
 * test_rules_eval.h (conditions, subjects, fixes), included below.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "baseline.h"
#include "cu.h"
#include "defaults.h"
#include "eval.h"
#include "model.h"
#include "report.h"
#include "resolve.h"
#include "rules.h"
#include "strbuf.h"
#include "xmem.h"

#ifndef SRCDATADIR
#define SRCDATADIR "."
#endif

#define MAIN	"etc/postfix/main.cf"
#define MASTER	"etc/postfix/master.cf"
#define DCONF	"etc/dovecot/dovecot.conf"

static struct defaults	*pf_defaults, *dc_defaults, *dc_gone;

static struct setting *
mk_set(struct model *m, const char *file, const char *name, const char *value,
    unsigned line, unsigned flags)
{
	struct setting	*s = arena_alloc(m->arena, sizeof(*s));

	s->name = model_strdup(m, name);
	s->value = model_strdup(m, value);
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
	model_pf_set(m, mk_set(m, MAIN, "smtpd_tls_security_level", "may", 4,
	    0));
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
		dset(m, sec(m, s, "inet_listener", "imaps", 11), "port", "0",
		    12, 0);
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
	struct eval_opts	eo = { .profile = profile };
	int			rc;

	memset(x, 0, sizeof(*x));
	diag_init(&x->dl);
	x->rs = rules_new();
	rc = rules_load_buffer(x->rs, "rules/t.yaml", yaml, strlen(yaml),
	    &x->dl);
	if (rc != 0 && x->dl.len > 0)
		fprintf(stderr, "rule error %u:%u: %s\n", x->dl.v[0].loc.line,
		    x->dl.v[0].loc.col, x->dl.v[0].msg);
	x->m = m;
	x->o.pf_version = pfver;
	x->o.pf_defaults = pf_defaults;
	x->o.dc_defaults = dc_defaults;
	x->o.dc_gone = dc_gone;
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
	size_t	i, k;

	/* every listener a finding names: its own, then those of the same
	 * cause ("also") */
	strbuf_reset(sb);
	for (i = 0; i < x->f->len; i++) {
		strbuf_printf(sb, "%s%s", i ? "," : "", x->f->v[i].scope);
		for (k = 0; k < x->f->v[i].n_also; k++)
			strbuf_printf(sb, ",%s", x->f->v[i].also[k]->scope);
	}
	return strbuf_cstr(sb);
}

static void
t_valid_rule(void)
{
	struct diag_list	 dl;
	struct ruleset		*rs = rules_new();
	const struct rule	*r;
	struct strbuf		 sb = STRBUF_INIT;
	char			*y = rule_yaml("postfix", "listener",
	    "  profiles: [default, mozilla-modern]\n", "{tls: starttls}",
	    "m {scope}", "  - versions: \">=3.6\"\n"
	    "    set: {smtpd_tls_protocols: \">=TLSv1.2\"}\n"
	    "  - set: {smtpd_tls_protocols: \"!SSLv2, !SSLv3, !TLSv1, "
	    "!TLSv1.1\"}\n");

	diag_init(&dl);
	CU_EXPECT_INT(rules_load_buffer(rs, "rules/t.yaml", y, strlen(y), &dl),
	    0);
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
	CU_EXPECT_STR(rule_fix_summary(r, &sb), "smtpd_tls_protocols = "
	    ">=TLSv1.2 (Postfix >= 3.6) / !SSLv2, !SSLv3, !TLSv1, !TLSv1.1 "
	    "(older)");
	strbuf_free(&sb);
	CU_EXPECT_STR(rule_file(r), "rules/t.yaml");
	CU_EXPECT_INT(rule_line(r), 2);
	CU_ASSERT(rules_profile_known("mozilla-intermediate"));
	CU_ASSERT(!rules_profile_known("bsi"));
	/* A second load of the same id is a duplicate. */
	CU_EXPECT_INT(rules_load_buffer(rs, "rules/u.yaml", y, strlen(y), &dl),
	    -1);
	CU_EXPECT_INT(rules_count(rs), 1);
	free(y);
	rules_free(&rs);
	CU_ASSERT_PTR_NULL(rs);
	rules_free(&rs);
	diag_free(&dl);
}

#include "test_rules_load.h"

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
	char			*a, *b, *fifo;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	a = rule_yaml("postfix", "config", NULL, "{version: \">=3\"}", "m",
	    NULL);
	b = xasprintf("# b\n%s", a);
	write_file(dir, "a.yaml", a);
	write_file(dir, "b.yaml", b);
	write_file(dir, "c.yml", "not: loaded\n");
	write_file(dir, ".hidden.yaml", "not: loaded\n");
	/* A FIFO is refused without blocking. */
	fifo = xasprintf("%s/fifo.yaml", dir);
	CU_EXPECT_INT(mkfifo(fifo, 0600), 0);
	diag_init(&dl);
	rs = rules_new();
	CU_EXPECT_INT(rules_load_dir(rs, dir, &dl), -1);
	CU_EXPECT_INT(rules_count(rs), 1);
	/* Every file is read before any is parsed: the FIFO comes first. */
	CU_ASSERT_FATAL(dl.len == 2);
	CU_ASSERT(strstr(dl.v[0].loc.file, "/fifo.yaml") != NULL);
	CU_ASSERT(strstr(dl.v[0].msg, "not a regular file") != NULL);
	unlink(fifo);
	free(fifo);
	CU_ASSERT(strstr(dl.v[1].loc.file, "/b.yaml") != NULL);
	CU_EXPECT_INT(dl.v[1].loc.line, 3);
	CU_EXPECT_INT(dl.v[1].loc.col, 7);
	CU_ASSERT(strstr(dl.v[1].msg, "duplicate rule id \"T-1\"") != NULL);
	CU_ASSERT(strstr(dl.v[1].msg, "/a.yaml:2") != NULL);
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
	struct strbuf		 sb = STRBUF_INIT;
	size_t			 i;

	diag_init(&dl);
	CU_EXPECT_INT(rules_load_dir(rs, SRCDATADIR "/rules", &dl), 0);
	for (i = 0; i < dl.len; i++)
		fprintf(stderr, "%s:%u:%u: %s\n", dl.v[i].loc.file,
		    dl.v[i].loc.line, dl.v[i].loc.col, dl.v[i].msg);
	CU_EXPECT_INT(dl.len, 0);
	for (i = 0; i < rules_count(rs); i++) {
		CU_ASSERT(rule_n_references(rules_get(rs, i)) > 0);
		CU_ASSERT(rule_fix_summary(rules_get(rs, i), &sb)[0] != '\0');
	}
	strbuf_free(&sb);
	rules_free(&rs);
	diag_free(&dl);
}

/* build_both - PF plus a Dovecot whose service auth has listener `name` */
static struct model *
build_both(const char *sasl_path, const char *type, const char *name,
    const char *port)
{
	struct model		*m = build_pf(false, true);
	struct dc_section	*s;

	model_pf_set(m, mk_set(m, MAIN, "smtpd_sasl_type", "dovecot", 30, 0));
	model_pf_set(m, mk_set(m, MAIN, "smtpd_sasl_path", sasl_path, 31,
	    strstr(sasl_path, "{{") != NULL ? SET_TEMPLATE : 0));
	if (type == NULL)
		return m;
	m->dc.present = true;
	m->dc.conf_file = DCONF;
	s = sec(m, model_dc_root(m), "service", "auth", 40);
	s = sec(m, s, type, name, 41);
	if (port != NULL)
		dset(m, s, "port", port, 42, 0);
	return m;
}

static void
t_auth_socket(void)
{
	static const struct {
		const char	*path, *type, *name, *port;
		size_t		 want;	/* findings */
	} cases[] = {
		{ "private/auth", "unix_listener",
		    "/var/spool/postfix/private/auth", NULL, 0 },
		{ "private/auth-client", "unix_listener",
		    "/var/spool/postfix/private/auth", NULL, 1 },
		{ "/var/run/dovecot/auth-client", "unix_listener",
		    "auth-client", NULL, 0 },
		{ "inet:127.0.0.1:12345", "inet_listener", "sasl", "12345", 0 },
		{ "inet:127.0.0.1:12346", "inet_listener", "sasl", "12345", 1 },
		{ "private/auth", NULL, NULL, NULL, 0 },	/* unknown */
		{ "{{ sasl_path }}", "unix_listener", "auth", NULL, 0 },
	};
	size_t	i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run	 x;
		char		*y = rule_yaml("postfix", "config",
		    "  blame: smtpd_sasl_path\n", "{setting: smtpd_sasl_type, "
		    "equals: dovecot, not: {dovecot_auth_socket: true}}",
		    "no socket {value}", NULL);

		CU_EXPECT_INT(run_rules(&x, y, build_both(cases[i].path,
		    cases[i].type, cases[i].name, cases[i].port), NULL, NULL),
		    0);
		if (x.f->len != cases[i].want)
			fprintf(stderr, "auth socket case %zu: got %zu\n", i,
			    x.f->len);
		CU_EXPECT_INT(x.f->len, cases[i].want);
		if (x.f->len == 1)
			CU_EXPECT_INT(x.f->v[0].loc.line, 31);
		run_free(&x);
		free(y);
	}
}

#include "test_rules_eval.h"
#include "test_rules_cache.h"
#include "test_fixapply.h"

/* A SARIF message of any length: the message and its fix, whole. */
static void
t_sarif_long(void)
{
	struct findings		 fs;
	struct finding		 f;
	struct diag_list	 dl;
	struct report_in	 in;
	char			*msg = xmalloc(20001), *buf = NULL, *want;
	size_t			 len = 0;
	FILE			*out;

	memset(msg, 'm', 20000);
	msg[20000] = '\0';
	memset(&f, 0, sizeof(f));
	f.rule_id = "PF-TLS-001";
	f.sev = SEV_ERROR;
	f.loc.file = MAIN;
	f.loc.line = 3;
	f.scope = "";
	f.message = msg;
	f.fix_text = "smtpd_tls_protocols = >=TLSv1.2 (end of fix)";
	memset(&fs, 0, sizeof(fs));
	fs.v = &f;
	fs.len = 1;
	diag_init(&dl);
	memset(&in, 0, sizeof(in));
	in.findings = &fs;
	in.diags = &dl;
	in.profile = "default";
	out = open_memstream(&buf, &len);
	report_sarif.emit(out, stderr, &in);
	fclose(out);
	want = xmalloc(20100);
	snprintf(want, 20100, "\"text\": \"%s. Fix: %s\"", msg, f.fix_text);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, want));
	free(want);
	free(buf);
	free(msg);
	diag_free(&dl);
}

/* A baseline written, then applied to the same findings, one moved to
 * another line, one changed and one new; a file that is not a baseline. */
static void
t_baseline(void)
{
	struct findings		*fs = xcalloc(1, sizeof(*fs));
	struct diag_list	 dl;
	char			 path[] = "/tmp/maillint-test-baseline.XXXXXX";
	char			 fp1[FINDING_FP_LEN], fp2[FINDING_FP_LEN];
	size_t			 dropped, gone;
	int			 fd;
	FILE			*f;

	diag_init(&dl);
	fs->arena = arena_new();
	fs->len = fs->cap = 3;
	fs->v = xcalloc(3, sizeof(*fs->v));
	fs->v[0].rule_id = "PF-TLS-003";
	fs->v[0].loc.file = "main.cf";
	fs->v[0].loc.line = 19;
	fs->v[0].scope = "smtp/inet";
	fs->v[0].message = "smtp/inet accepts TLSv1\t(a tab)";
	fs->v[1] = fs->v[0];
	fs->v[1].rule_id = "PF-TLS-012";
	fs->v[2] = fs->v[0];
	fs->v[2].rule_id = "PF-TLS-013";
	CU_EXPECT_STR(finding_fingerprint(&fs->v[0], fp1),
	    finding_fingerprint(&fs->v[0], fp2));
	fs->v[0].loc.line = 40;		/* lines do not count */
	CU_EXPECT_STR(finding_fingerprint(&fs->v[0], fp2), fp1);
	CU_ASSERT(strcmp(finding_fingerprint(&fs->v[1], fp2), fp1) != 0);
	CU_ASSERT_FATAL((fd = mkstemp(path)) >= 0);
	close(fd);
	CU_EXPECT_INT(baseline_write(path, fs, &dl), 0);
	/* PF-TLS-012's value changed, PF-TLS-013 is gone, a new one came */
	fs->v[1].message = "smtpd_tls_mandatory_protocols = >=TLSv1";
	fs->v[2].rule_id = "PF-AUTH-001";
	CU_EXPECT_INT(baseline_apply(path, fs, &dropped, &gone, &dl), 0);
	CU_EXPECT_INT(dropped, 1);
	CU_EXPECT_INT(gone, 2);
	CU_EXPECT_INT(fs->len, 2);
	CU_EXPECT_STR(fs->v[0].rule_id, "PF-TLS-012");
	CU_EXPECT_INT(dl.len, 0);
	/* not a baseline: an error, the findings untouched */
	CU_ASSERT_FATAL((f = fopen(path, "w")) != NULL);
	fputs("7bd53034464d4303\tPF-TLS-003\tmain.cf\tx\n", f);
	fclose(f);
	CU_EXPECT_INT(baseline_apply(path, fs, &dropped, &gone, &dl), -1);
	CU_EXPECT_INT(fs->len, 2);
	CU_EXPECT_INT(dl.len, 1);
	unlink(path);
	CU_EXPECT_INT(baseline_apply(path, fs, &dropped, &gone, &dl), -1);
	CU_EXPECT_INT(dl.len, 2);
	findings_free(&fs);
	diag_free(&dl);
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "valid rule and accessors", t_valid_rule },
		{ "baseline: fingerprints, write, apply", t_baseline },
		{ "rule errors at line:col", t_load_errors },
		{ "file-level errors", t_file_errors },
		{ "directory, duplicate id across files", t_load_dir },
		{ "rules.cache", t_cache },
		{ "repository rules/ load", t_repo_rules },
		{ "postfix conditions", t_cond_postfix },
		{ "dovecot conditions", t_cond_dovecot },
		{ "setting and config subjects", t_subjects },
		{ "placeholders", t_placeholders },
		{ "fix main.cf / -o / default", t_fix_postfix },
		{ "fix version alternatives", t_fix_versions },
		{ "fix add_service", t_fix_add_service },
		{ "fix dovecot", t_fix_dovecot },
		{ "dovecot_auth_socket", t_auth_socket },
		{ "dedupe, sort, profiles, count", t_dedupe },
		{ "per-line cap", t_per_line_cap },
		{ "fixapply main.cf", t_fixapply_main },
		{ "fixapply master.cf", t_fixapply_master },
		{ "fixapply dovecot", t_fixapply_dovecot },
		{ "SARIF message of any length", t_sarif_long },
		{ NULL, NULL }
	};
	struct diag_list	dl;
	int			rc;

	diag_init(&dl);
	if (defaults_load(SRCDATADIR "/rules/defaults/postfix.tsv",
	    &pf_defaults, &dl) != 0 ||
	    defaults_load(SRCDATADIR "/rules/defaults/dovecot.tsv",
	    &dc_defaults, &dl) != 0 ||
	    defaults_load(SRCDATADIR "/rules/defaults/dovecot-gone.tsv",
	    &dc_gone, &dl) != 0) {
		fprintf(stderr, "cannot load the defaults tables\n");
		return 1;
	}
	diag_free(&dl);
	rc = cu_run("rules", tests);
	defaults_free(&pf_defaults);
	defaults_free(&dc_defaults);
	defaults_free(&dc_gone);
	return rc;
}
