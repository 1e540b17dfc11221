/* SPDX-License-Identifier: MIT */
/*
 * test_dovecot - the Dovecot line classifier and interpreter.
 *
 * Buffer cases run parse_dovecot_buf() without a root and check one
 * setting and one diagnostic each (expectations checked against doveconf
 * 2.3.19 -n where it has an opinion).  Tree cases build a temporary root
 * with includes and run parse_dovecot() through fsroot.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cu.h"
#include "diag.h"
#include "fsroot.h"
#include "model.h"
#include "parse.h"

struct tcase {
	const char	*name;
	const char	*conf;
	const char	*scope;	/* section of the setting ("" = global) */
	const char	*key;	/* NULL: no setting to check */
	const char	*want;	/* NULL: the key must be absent */
	unsigned	 flags;	/* SET_* bits that must be set */
	unsigned	 noflags; /* SET_* bits that must not be set */
	const char	*diag;	/* substring of an expected diagnostic */
	int		 sev;	/* its severity */
	unsigned	 line;	/* its line (0 = any) */
};

/* find_scope - section with this scope under sec, or NULL */
static const struct dc_section *
find_scope(const struct dc_section *sec, const char *scope)
{
	const struct dc_section	*r;
	size_t			 i;

	if (strcmp(sec->scope, scope) == 0)
		return sec;
	for (i = 0; i < sec->n_children; i++)
		if ((r = find_scope(sec->children[i], scope)) != NULL)
			return r;
	return NULL;
}

static const struct setting *
get(struct model *m, const char *scope, const char *key)
{
	const struct dc_section	*sec = find_scope(model_dc_root(m), scope);

	return sec != NULL ? model_dc_get(sec, key) : NULL;
}

/* has_diag - a diagnostic of severity sev holding msg (at line, if set) */
static bool
has_diag(const struct diag_list *dl, int sev, const char *msg, unsigned line)
{
	size_t	i;

	for (i = 0; i < dl->len; i++)
		if ((int)dl->v[i].sev == sev && strstr(dl->v[i].msg, msg) &&
		    (line == 0 || dl->v[i].loc.line == line))
			return true;
	return false;
}

static void
check(const struct tcase *t, struct model *m, const struct diag_list *dl)
{
	const struct setting	*s = NULL;
	size_t			 i;

	if (t->key != NULL && (s = get(m, t->scope, t->key)) == NULL &&
	    t->want != NULL)
		fprintf(stderr, "%s: [%s] %s missing\n", t->name, t->scope,
		    t->key);
	if (t->key != NULL && t->want == NULL) {
		CU_ASSERT(s == NULL);
	} else if (t->key != NULL) {
		CU_ASSERT_FATAL(s != NULL);
		CU_EXPECT_STR(s->value, t->want);
		CU_EXPECT_INT(s->flags & (t->flags | t->noflags), t->flags);
	}
	if (t->diag != NULL ? !has_diag(dl, t->sev, t->diag, t->line) :
	    diag_worst(dl) >= SEV_WARN) {
		fprintf(stderr, "%s: want %s \"%s\", got:\n", t->name,
		    sev_name(t->sev), t->diag ? t->diag : "(nothing)");
		for (i = 0; i < dl->len; i++)
			fprintf(stderr, "  %u:%u: %s: %s\n", dl->v[i].loc.line,
			    dl->v[i].loc.col, sev_name(dl->v[i].sev),
			    dl->v[i].msg);
		CU_FAIL("diagnostics");
	}
}

static const struct tcase buf_cases[] = {
	{ .name = "mid-word #", .conf = "postmaster_address = a#b\n",
	  .scope = "", .key = "postmaster_address", .want = "a",
	  .diag = "Ambiguous '#'", .sev = SEV_WARN, .line = 1 },
	{ .name = "# in quotes",
	  .conf = "ssl_cipher_list = \"HIGH:!aNULL # not a comment\"\n",
	  .scope = "", .key = "ssl_cipher_list",
	  .want = "HIGH:!aNULL # not a comment", .flags = SET_QUOTED },
	{ .name = "backslashes", .conf = "x = \"a\\\"b\\\\c\\td\"\n",
	  .scope = "", .key = "x", .want = "a\"b\\ctd", .flags = SET_QUOTED },
	{ .name = "single quotes", .conf = "x = 'a\\tb'\n",
	  .scope = "", .key = "x", .want = "atb", .flags = SET_QUOTED },
	{ .name = "quote pair ends", .conf = "x = \"a\" \"b\"\n",
	  .scope = "", .key = "x", .want = "a\" \"b" },
	{ .name = "quote opens mid-word", .conf = "x = it's # here\n",
	  .scope = "", .key = "x", .want = "it's # here", .noflags = SET_QUOTED },
	{ .name = "no spaces around =", .conf = "login_greeting=nospace\n",
	  .scope = "", .key = "login_greeting", .want = "nospace" },
	{ .name = "continuation",
	  .conf = "login_trusted_networks = 10.0.0.0/8 \\\n   192.168.0.0/16\n",
	  .scope = "", .key = "login_trusted_networks",
	  .want = "10.0.0.0/8 192.168.0.0/16" },
	{ .name = "continuation comment per line",
	  .conf = "x = a \\ \n  b # c \\\n  d\n",
	  .scope = "", .key = "x", .want = "a b",
	  .diag = "Expecting '{'", .sev = SEV_ERROR, .line = 3 },
	{ .name = "continuation dropped", .conf = "x = a \\\n\ny = b\n",
	  .scope = "", .key = "x", .want = NULL,
	  .diag = "drops the continued text", .sev = SEV_WARN, .line = 2 },
	{ .name = "<file with spaces", .conf = "ssl_cert = <  sub dir/c.pem\n",
	  .scope = "", .key = "ssl_cert", .want = "<sub dir/c.pem",
	  .flags = SET_FILE_VALUE },
	/* fuzz_dovecot found the heredoc test reading past a lone "<". */
	{ .name = "lone < at the end", .conf = "r = <",
	  .scope = "", .key = "r", .want = "<", .flags = SET_FILE_VALUE },
	{ .name = "lone < then a line", .conf = "r=< \nr=<",
	  .scope = "", .key = "r", .want = "<", .flags = SET_FILE_VALUE },
	{ .name = "self-reference",
	  .conf = "auth_mechanisms = plain\n"
	  "auth_mechanisms = $auth_mechanisms login\n",
	  .scope = "", .key = "auth_mechanisms", .want = "plain login",
	  .noflags = SET_VARIABLE },
	{ .name = "self-reference, no previous",
	  .conf = "protocols = $protocols imap\n", .scope = "",
	  .key = "protocols", .want = "$protocols imap", .flags = SET_VARIABLE },
	{ .name = "self-reference through filter",
	  .conf = "mail_plugins = quota\nprotocol imap {\n"
	  "  mail_plugins = $mail_plugins imap_quota\n}\n",
	  .scope = "protocol imap", .key = "mail_plugins",
	  .want = "quota imap_quota" },
	{ .name = "other variable literal", .conf = "x = $y z\n",
	  .scope = "", .key = "x", .want = "$y z", .flags = SET_VARIABLE },
	{ .name = "variable tokens re-joined", .conf = "x = a  $y\tb  c\n",
	  .scope = "", .key = "x", .want = "a $y\tb c" },
	{ .name = "2.4 $SET self-reference", .conf = "x = a\nx = $SET:x b\n",
	  .scope = "", .key = "x", .want = "a b" },
	{ .name = "$ inside a word", .conf = "x = a\nx = a$x\n",
	  .scope = "", .key = "x", .want = "a$x", .noflags = SET_VARIABLE },
	{ .name = "$ in quotes", .conf = "x = a\nx = \"$x  b\"\n",
	  .scope = "", .key = "x", .want = "$x  b", .noflags = SET_VARIABLE },
	{ .name = "sections",
	  .conf = "service imap-login {\n  inet_listener imaps {\n"
	  "    port = 993\n  }\n}\n",
	  .scope = "service imap-login/inet_listener imaps", .key = "port",
	  .want = "993" },
	{ .name = "merge named sections",
	  .conf = "namespace inbox {\n  separator = /\n}\n"
	  "namespace inbox {\n  prefix = x/\n}\n",
	  .scope = "namespace inbox", .key = "separator", .want = "/" },
	{ .name = "quoted section name",
	  .conf = "namespace inbox {\n mailbox \"Sent Messages\" {\n"
	  "  special_use = \\Sent\n }\n}\n",
	  .scope = "namespace inbox/mailbox Sent Messages",
	  .key = "special_use", .want = "\\Sent" },
	{ .name = "single-quoted section name",
	  .conf = "namespace 'inbox' {\n  inbox = yes\n}\n",
	  .scope = "namespace 'inbox'", .key = "inbox", .want = "yes",
	  .diag = "Single quotes", .sev = SEV_WARN, .line = 1 },
	{ .name = "filters in order",
	  .conf = "local 10.0.0.0/8 {\n local_name \"a b\" {\n"
	  "  remote 192.168.0.0/16 {\n   protocol imap {\n"
	  "    ssl = required\n   }\n  }\n }\n}\n",
	  .scope = "local 10.0.0.0/8/local_name a b/remote 192.168.0.0/16"
	  "/protocol imap", .key = "ssl", .want = "required" },
	{ .name = "filter order remote>local_name",
	  .conf = "remote 1.2.3.4 {\n  local_name x {\n    ssl = no\n  }\n}\n",
	  .scope = "remote 1.2.3.4/local_name x", .key = "ssl", .want = NULL,
	  .diag = "remote { local_name { .. } } not allowed (use local_name "
	  "{ remote { .. } } instead)", .sev = SEV_ERROR, .line = 2 },
	{ .name = "filter order protocol>local",
	  .conf = "protocol imap {\n  local 1.2.3.4 {\n  }\n}\n",
	  .diag = "protocol { local { .. } } not allowed", .sev = SEV_ERROR },
	{ .name = "nested protocol",
	  .conf = "protocol imap {\n  protocol pop3 {\n  }\n}\n",
	  .diag = "Nested protocol", .sev = SEV_ERROR, .line = 2 },
	{ .name = "net inside net",
	  .conf = "remote 10.0.0.0/8 {\n  remote 11.0.0.0/16 {\n  }\n}\n",
	  .diag = "requires net2 to be inside net1", .sev = SEV_ERROR },
	{ .name = "bad mask", .conf = "remote 1.2.3.4/33 {\n}\n",
	  .diag = "Invalid network mask: 33", .sev = SEV_ERROR, .line = 1 },
	{ .name = "host name not resolved",
	  .conf = "local mail.example.org {\n  ssl = yes\n}\n",
	  .scope = "local mail.example.org", .key = "ssl", .want = "yes",
	  .diag = "not resolved", .sev = SEV_INFO },
	{ .name = "global after filter",
	  .conf = "protocol imap {\n  ssl = required\n}\nssl = no\n",
	  .scope = "protocol imap", .key = "ssl", .want = "required",
	  .diag = "Global setting ssl won't change", .sev = SEV_WARN,
	  .line = 4 },
	{ .name = "} with comment", .conf = "protocol imap { # c\n"
	  "  ssl = yes\n} # done\nx = y\n", .scope = "", .key = "x",
	  .want = "y" },
	{ .name = "stray }", .conf = "ssl = yes\n}\n",
	  .diag = "Unexpected '}'", .sev = SEV_ERROR, .line = 2 },
	{ .name = "missing }", .conf = "x = y\nprotocol imap {\n  ssl = yes\n",
	  .diag = "Missing '}' (section started at /etc/dovecot/dovecot.conf:2)",
	  .sev = SEV_ERROR, .line = 2 },
	{ .name = "garbage after {",
	  .conf = "namespace inbox { prefix = x }\nssl = yes\n",
	  .scope = "", .key = "ssl", .want = "yes",
	  .diag = "Garbage after '{'", .sev = SEV_ERROR, .line = 1 },
	{ .name = "}} closes both",
	  .conf = "service a {\n  unix_listener b {\n  }}\nx = y\n",
	  .scope = "", .key = "x", .want = "y",
	  .diag = "Expecting '{'", .sev = SEV_ERROR, .line = 3 },
	{ .name = "two names", .conf = "protocol imap pop3 {\n  ssl = no\n}\n"
	  "x = y\n", .scope = "", .key = "x", .want = "y",
	  .diag = "Expecting '{'", .sev = SEV_ERROR, .line = 1 },
	{ .name = "empty key", .conf = "= x\n",
	  .diag = "Missing setting name", .sev = SEV_ERROR, .line = 1 },
	{ .name = "template value",
	  .conf = "postmaster_address = {{ POSTMASTER }}@{{ DOMAIN }}\n",
	  .scope = "", .key = "postmaster_address",
	  .want = "{{ POSTMASTER }}@{{ DOMAIN }}", .flags = SET_TEMPLATE },
	{ .name = "template directive",
	  .conf = "{% if TLS %}\nssl = required\n{% endif %}\n",
	  .scope = "", .key = "ssl", .want = "required",
	  .diag = "template line ignored", .sev = SEV_INFO, .line = 1 },
	{ .name = "templated section name",
	  .conf = "namespace inbox {\n  mailbox {{ box }} {\n"
	  "    auto = subscribe\n  }\n}\nx = y\n",
	  .scope = "namespace inbox/mailbox {{ box }}", .key = "auto",
	  .want = "subscribe" },
	{ .name = "i-MSCP placeholder",
	  .conf = "default_client_limit = {DOVECOT_DEFAULT_CLIENT_LIMIT}\n",
	  .scope = "", .key = "default_client_limit",
	  .want = "{DOVECOT_DEFAULT_CLIENT_LIMIT}", .flags = SET_TEMPLATE },
	{ .name = "2.4 heredoc",
	  .conf = "dovecot_config_version = 2.4.0\nx = <<EOF\nline1\n"
	  "  line2 # no comment\nEOF\ny = z\n", .scope = "", .key = "x",
	  .want = "line1\n  line2 # no comment" },
	/* doveconf 2.3.19 and 2.4.1 print "ssl_cert = <<SSL_CERT_FILE>" and
	 * read the next line as a setting: no heredoc before 2.4.5. */
	{ .name = "2.3 <<PLACEHOLDER> is < + file",
	  .conf = "ssl_cert = <<SSL_CERT_FILE>\nssl_min_protocol = TLSv1\n",
	  .scope = "", .key = "ssl_min_protocol", .want = "TLSv1" },
	{ .name = "2.3 <<PLACEHOLDER> templated",
	  .conf = "ssl_cert = <<SSL_CERT_FILE>\n", .scope = "",
	  .key = "ssl_cert", .want = "<<SSL_CERT_FILE>",
	  .flags = SET_TEMPLATE | SET_FILE_VALUE },
	{ .name = "jinja closes a section",
	  .conf = "service a {\n  x = 1\n{% if b %}\n  y = 2\n"
	  "}{% endif %}\nz = 3\n", .scope = "", .key = "z", .want = "3" },
	{ .name = "Mason perl line opens no section",
	  .conf = "% if ($x) {\nz = 3\n% }\n", .scope = "", .key = "z",
	  .want = "3" },
	{ .name = "Mason args block",
	  .conf = "<%args>\n$a => 1\n</%args>\nz = 3\n", .scope = "",
	  .key = "$a", .want = NULL },
	{ .name = "2.4 boollist block",
	  .conf = "mail_plugins {\n  quota = yes\n}\n",
	  .scope = "mail_plugins", .key = "quota", .want = "yes" },
	{ .name = "2.4 group", .conf = "group @mx foo {\n  x = y\n}\n",
	  .scope = "group @mx foo", .key = "x", .want = "y" },
	{ .name = "keys case-sensitive", .conf = "SSL = yes\n",
	  .scope = "", .key = "ssl", .want = NULL },
	{ .name = "CRLF", .conf = "ssl = required\r\nx = y\r\n",
	  .scope = "", .key = "ssl", .want = "required" },
	{ .name = "last wins", .conf = "ssl = no\nssl = required\n",
	  .scope = "", .key = "ssl", .want = "required" },
	{ .name = "include without root", .conf = "!include x.conf\n",
	  .diag = "without a file system root", .sev = SEV_ERROR },
	{ .name = NULL }
};

static void
t_buffers(void)
{
	const struct tcase	*t;

	for (t = buf_cases; t->name != NULL; t++) {
		struct model		*m = model_new();
		struct diag_list	 dl;

		diag_init(&dl);
		CU_EXPECT_INT(parse_dovecot_buf(m, NULL,
		    "/etc/dovecot/dovecot.conf", t->conf, strlen(t->conf), &dl), 0);
		check(t, m, &dl);
		diag_free(&dl);
		model_free(&m);
	}
}

/* t_origins - loc, end_line and the value's byte span */
static void
t_origins(void)
{
	static const char	 conf[] = "# c\n  ssl   =   required  \n"
	    "x = a \\\n   b\ny = \"q\"\n";
	struct model		*m = model_new();
	struct diag_list	 dl;
	const struct setting	*s;

	diag_init(&dl);
	parse_dovecot_buf(m, NULL, "/d.conf", conf, sizeof(conf) - 1, &dl);
	CU_ASSERT_FATAL((s = get(m, "", "ssl")) != NULL);
	CU_EXPECT_INT(s->loc.line, 2);
	CU_EXPECT_INT(s->loc.col, 3);
	CU_EXPECT_INT(s->val_len, 8);
	CU_ASSERT(strncmp(conf + s->val_off, "required", 8) == 0);
	CU_EXPECT_STR(s->loc.file, "/d.conf");
	CU_ASSERT_FATAL((s = get(m, "", "x")) != NULL);
	CU_EXPECT_INT(s->loc.line, 3);
	CU_EXPECT_INT(s->end_line, 4);
	CU_ASSERT(strncmp(conf + s->val_off, "a \\\n   b", s->val_len) == 0);
	CU_EXPECT_INT(s->val_len, 8);
	CU_EXPECT_STR(setting_raw(s), "a b");
	CU_ASSERT_FATAL((s = get(m, "", "y")) != NULL);
	CU_EXPECT_STR(setting_raw(s), "\"q\"");
	CU_EXPECT_INT(s->val_len, 3);
	CU_ASSERT(m->dc.present);
	CU_EXPECT_STR(m->dc.conf_file, "/d.conf");
	CU_EXPECT_INT(m->dc.n_files, 1);
	diag_free(&dl);
	model_free(&m);
}

/* t_deep - 200,000 nested sections: bounded, no recursion, one error */
static void
t_deep(void)
{
	size_t			 n = 200000, i;
	char			*conf = malloc(n * 4 + n * 2 + 16), *p = conf;
	struct model		*m = model_new();
	struct diag_list	 dl;
	const struct dc_section	*sec;
	unsigned		 depth = 0;

	for (i = 0; i < n; i++)
		p += sprintf(p, "a {\n");
	p += sprintf(p, "x = y\n");
	for (i = 0; i < n; i++)
		p += sprintf(p, "}\n");
	p += sprintf(p, "z = w\n");
	diag_init(&dl);
	parse_dovecot_buf(m, NULL, "/deep.conf", conf, (size_t)(p - conf), &dl);
	for (sec = model_dc_root(m); sec->n_children > 0; sec = sec->children[0])
		depth++;
	CU_EXPECT_INT(depth, FSROOT_DEF_NESTING);
	CU_ASSERT(has_diag(&dl, SEV_ERROR, "nested deeper than 64",
	    FSROOT_DEF_NESTING + 1));
	CU_EXPECT_INT(dl.len, 1);
	CU_ASSERT(get(m, "", "z") != NULL);
	diag_free(&dl);
	model_free(&m);
	/* Unclosed: one error per open section, bounded by the limit. */
	m = model_new();
	diag_init(&dl);
	parse_dovecot_buf(m, NULL, "/deep.conf", conf, n * 4, &dl);
	CU_EXPECT_INT(dl.len, 1 + FSROOT_DEF_NESTING + 1);
	diag_free(&dl);
	model_free(&m);
	free(conf);
}

/* t_long_line - a line over max_line_len is skipped, the next is read */
static void
t_long_line(void)
{
	size_t			 n = FSROOT_DEF_LINE_LEN + 10;
	char			*conf = malloc(n + 32);
	struct model		*m = model_new();
	struct diag_list	 dl;

	memset(conf, 'a', n);
	memcpy(conf, "x = ", 4);
	memcpy(conf + n, "\nssl = yes\nb = \0c\n", 18);
	diag_init(&dl);
	parse_dovecot_buf(m, NULL, "/l.conf", conf, n + 18, &dl);
	CU_ASSERT(has_diag(&dl, SEV_ERROR, "line too long", 1));
	CU_ASSERT(get(m, "", "x") == NULL);
	CU_ASSERT(get(m, "", "ssl") != NULL);
	CU_ASSERT(has_diag(&dl, SEV_WARN, "NUL byte", 3));
	CU_ASSERT(get(m, "", "b") != NULL);
	diag_free(&dl);
	model_free(&m);
	free(conf);
}

/* --- trees with includes ------------------------------------------- */

static char	 tree[64];

static void
put(const char *rel, const char *text)
{
	char	 path[512], *s;
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", tree, rel);
	for (s = path + strlen(tree) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		mkdir(path, 0755);
		*s = '/';
	}
	CU_ASSERT_FATAL((fp = fopen(path, "w")) != NULL);
	fputs(text, fp);
	fclose(fp);
}

struct tree_run {
	struct fsroot		*fr;
	struct model		*m;
	struct diag_list	 dl;
};

static void
run_tree(struct tree_run *r, const struct fsroot_limits *lim)
{
	const char	*err;

	CU_ASSERT_FATAL(fsroot_new(tree, lim, &r->fr, &err) == 0);
	r->m = model_new();
	diag_init(&r->dl);
	CU_EXPECT_INT(parse_dovecot(r->m, r->fr, "/etc/dovecot/dovecot.conf",
	    &r->dl), 0);
}

static void
end_tree(struct tree_run *r)
{
	char	cmd[128];

	diag_free(&r->dl);
	model_free(&r->m);
	fsroot_free(&r->fr);
	/* Only ever our own mkdtemp() directory. */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tree);
	if (strncmp(tree, "/tmp/mltest.", 12) != 0 || system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tree);
}

static void
new_tree(void)
{
	strcpy(tree, "/tmp/mltest.XXXXXX");
	CU_ASSERT_FATAL(mkdtemp(tree) != NULL);
}

/* t_include_relative - conf.d/x.conf's "!include y.conf" is conf.d/y.conf */
static void
t_include_relative(void)
{
	struct tree_run		 r;
	const struct setting	*s;

	new_tree();
	put("etc/dovecot/dovecot.conf", "!include conf.d/x.conf\n");
	put("etc/dovecot/conf.d/x.conf", "!include y.conf\n");
	put("etc/dovecot/conf.d/y.conf", "login_greeting = confd\n");
	put("etc/dovecot/y.conf", "login_greeting = top\n");
	run_tree(&r, NULL);
	CU_ASSERT_FATAL((s = get(r.m, "", "login_greeting")) != NULL);
	CU_EXPECT_STR(s->value, "confd");
	CU_EXPECT_STR(s->loc.file, "etc/dovecot/conf.d/y.conf");
	CU_ASSERT(s->flags & SET_FROM_INCLUDE);
	CU_EXPECT_INT(r.m->dc.n_files, 3);
	CU_EXPECT_STR(r.m->dc.conf_file, "etc/dovecot/dovecot.conf");
	CU_EXPECT_INT(r.dl.len, 0);
	end_tree(&r);
}

/* t_glob_order - sorted globs, brace order kept, last assignment wins */
static void
t_glob_order(void)
{
	struct tree_run		 r;
	const struct setting	*s;

	new_tree();
	put("etc/dovecot/dovecot.conf", "!include conf.d/*.conf\n"
	    "!include {c,a}.x\n");
	put("etc/dovecot/conf.d/20-b.conf", "ssl = required\nx = b\n");
	put("etc/dovecot/conf.d/10-a.conf", "ssl = no\nx = a\n");
	put("etc/dovecot/c.x", "y = c\n");
	put("etc/dovecot/a.x", "y = a\n");
	run_tree(&r, NULL);
	CU_ASSERT_FATAL((s = get(r.m, "", "ssl")) != NULL);
	CU_EXPECT_STR(s->value, "required");
	CU_ASSERT_FATAL(s->prev != NULL);
	CU_EXPECT_STR(s->prev->value, "no");
	CU_EXPECT_STR(get(r.m, "", "y")->value, "a");
	CU_EXPECT_INT(r.m->dc.n_files, 5);
	CU_EXPECT_STR(r.m->dc.files[1], "etc/dovecot/conf.d/10-a.conf");
	CU_EXPECT_STR(r.m->dc.files[3], "etc/dovecot/c.x");
	end_tree(&r);
}

/* t_include_loops - a file including itself, a loop through a glob, and
 * doveconf's sibling case (a.conf including b.conf of the same glob) */
static void
t_include_loops(void)
{
	struct tree_run	r;

	new_tree();
	put("etc/dovecot/dovecot.conf", "!include dovecot.conf\n"
	    "!include conf.d/*.conf\nz = 1\n");
	put("etc/dovecot/conf.d/a.conf", "!include ../dovecot.conf\n"
	    "!include b.conf\nx = a\n");
	put("etc/dovecot/conf.d/b.conf", "y = b\n");
	run_tree(&r, NULL);
	CU_ASSERT(has_diag(&r.dl, SEV_ERROR, "Recursive include file: "
	    "etc/dovecot/dovecot.conf", 1));
	CU_ASSERT(has_diag(&r.dl, SEV_ERROR, "Recursive include file: "
	    "etc/dovecot/conf.d/b.conf", 2));
	CU_EXPECT_INT(r.dl.len, 3);
	CU_ASSERT(get(r.m, "", "x") != NULL && get(r.m, "", "y") != NULL &&
	    get(r.m, "", "z") != NULL);
	end_tree(&r);
}

/* t_include_twice - a glob whose braces match a file twice: the last
 * match is read, the earlier one is a recursive include; many matches
 * (counted, not scanned) */
static void
t_include_twice(void)
{
	struct tree_run	r;
	char		name[64];
	int		i;

	new_tree();
	put("etc/dovecot/dovecot.conf", "!include conf.d/{a,b,a}.conf\n"
	    "!include many/*.conf\n");
	put("etc/dovecot/conf.d/a.conf", "x = a\n");
	put("etc/dovecot/conf.d/b.conf", "y = b\n");
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "etc/dovecot/many/%03d.conf", i);
		put(name, i == 299 ? "z = last\n" : "\n");
	}
	run_tree(&r, NULL);
	CU_ASSERT(has_diag(&r.dl, SEV_ERROR, "Recursive include file: "
	    "etc/dovecot/conf.d/a.conf", 1));
	CU_EXPECT_INT(r.dl.len, 1);
	CU_ASSERT(get(r.m, "", "x") != NULL && get(r.m, "", "y") != NULL);
	CU_ASSERT(get(r.m, "", "z") != NULL);
	CU_EXPECT_INT(r.m->dc.n_files, 303);
	end_tree(&r);
}

/* t_include_nomatch - "No matches" for !include, silence for _try */
static void
t_include_nomatch(void)
{
	struct tree_run	r;

	new_tree();
	put("etc/dovecot/dovecot.conf", "!include nothere.conf\n"
	    "!include_try local.conf\n!include_try /usr/share/x/*.protocol\n"
	    "ssl = yes\n");
	run_tree(&r, NULL);
	CU_ASSERT(has_diag(&r.dl, SEV_ERROR, "No matches", 1));
	CU_EXPECT_INT(r.dl.len, 1);
	CU_EXPECT_INT(r.m->dc.n_empty_globs, 2);
	if (r.m->dc.n_empty_globs == 2) {
		CU_EXPECT_STR(r.m->dc.empty_globs[0], "etc/dovecot/local.conf");
		CU_EXPECT_STR(r.m->dc.empty_globs[1], "usr/share/x/*.protocol");
	}
	CU_ASSERT(get(r.m, "", "ssl") != NULL);
	end_tree(&r);
}

/* t_include_section - an include inside a section keeps the section */
static void
t_include_section(void)
{
	struct tree_run		 r;
	const struct setting	*s;

	new_tree();
	put("etc/dovecot/dovecot.conf", "protocol imap {\n"
	    "  !include d/sec.inc\n}\n!include d/open.inc\n  x = y\n}\n");
	put("etc/dovecot/d/sec.inc", "ssl = required\n");
	put("etc/dovecot/d/open.inc", "service imap {\n");
	run_tree(&r, NULL);
	CU_ASSERT_FATAL((s = get(r.m, "protocol imap", "ssl")) != NULL);
	CU_EXPECT_STR(s->value, "required");
	CU_EXPECT_STR(s->scope, "protocol imap");
	CU_ASSERT(get(r.m, "service imap", "x") != NULL);
	CU_EXPECT_INT(r.dl.len, 0);
	end_tree(&r);
}

/* t_limits - include depth and max_settings */
static void
t_limits(void)
{
	struct tree_run		r;
	struct fsroot_limits	lim;

	new_tree();
	put("etc/dovecot/dovecot.conf", "!include 1.conf\na = 0\nb = 0\n");
	put("etc/dovecot/1.conf", "!include 2.conf\nc = 1\n");
	put("etc/dovecot/2.conf", "!include 3.conf\nd = 2\n");
	put("etc/dovecot/3.conf", "e = 3\n");
	fsroot_limits_default(&lim);
	lim.max_include_depth = 2;
	lim.max_settings = 3;
	run_tree(&r, &lim);
	CU_ASSERT(has_diag(&r.dl, SEV_ERROR, "raise with --max-include-depth",
	    1));
	CU_ASSERT(get(r.m, "", "e") == NULL);
	CU_ASSERT(has_diag(&r.dl, SEV_ERROR, "More than 3 settings", 3));
	CU_EXPECT_INT(r.m->dc.n_settings, 3);
	CU_EXPECT_INT(r.dl.len, 2);
	end_tree(&r);
}

int
main(void)
{
	static const struct cu_test	tests[] = {
		{ "buffer cases", t_buffers },
		{ "origins and spans", t_origins },
		{ "deep nesting", t_deep },
		{ "long line and NUL", t_long_line },
		{ "include relative to includer", t_include_relative },
		{ "glob order", t_glob_order },
		{ "include loops", t_include_loops },
		{ "include twice", t_include_twice },
		{ "include no match", t_include_nomatch },
		{ "include inside section", t_include_section },
		{ "limits", t_limits },
		{ NULL, NULL }
	};

	return cu_run("dovecot", tests);
}
