/* SPDX-License-Identifier: MIT */
/*
 * test_postfix - main.cf and master.cf parsers, the logical-line reader
 * and template detection.
 *
 * Parser cases are one table: each input is parsed into a fresh model and
 * the result is rendered as a compact string, compared with the wanted
 * one ("got X, want Y"):
 *   main.cf   name=value@line:col-end_line[buffer span]<prev_line T
 *   master.cf [#]name/type@line-end_line[(lines)][!][B] {override; ...}
 * (# commented, ! superseded, B opt_broken, T template, (lines) the
 * entry's physical lines when comments or commentary sit between them,
 * e.g. (2-4,7-8), the span is the
 * file text at val_off/val_len with \n and \r escaped).  Diagnostics are
 * rendered as "line:col:E|W|I" in order, plus a message substring.  The
 * fsroot wrappers get one test on a temporary directory.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cu.h"
#include "diag.h"
#include "fsroot.h"
#include "model.h"
#include "parse.h"
#include "strbuf.h"
#include "template.h"

enum kind { MAIN, MASTER };

struct tcase {
	const char	*name;
	enum kind	 kind;
	const char	*in;
	size_t		 len;		/* 0: strlen(in) */
	size_t		 max_line;	/* 0: 65536 */
	const char	*key;		/* only render this name or scope */
	const char	*want;		/* rendered model */
	const char	*diags;		/* rendered diagnostics */
	const char	*msg;		/* substring of some diagnostic */
};

#define DEB_SUBMISSION \
	"#127.0.0.1:submission inet n -   y       -       -       smtpd\n" \
	"#submission inet n       -       y       -       -       smtpd\n" \
	"#  -o syslog_name=postfix/submission\n" \
	"#  -o smtpd_tls_security_level=encrypt\n" \
	"#     Instead of specifying complex smtpd_<xxx>_restrictions here,\n" \
	"#     specify \"smtpd_<xxx>_restrictions=$mua_<xxx>_restrictions\"\n" \
	"#  -o smtpd_client_restrictions=\n" \
	"#  -o milter_macro_daemon_name=ORIGINATING\n" \
	"# Choose one: enable submissions for loopback clients only.\n" \
	"#submissions     inet  n       -       y       -       -   smtpd\n" \
	"#  -o smtpd_tls_wrappermode=yes\n" \
	"pickup    unix  n       -       y       60      1       pickup\n" \
	"#  -o not_an_override=1\n"

static const struct tcase cases[] = {
	/* main.cf: syntax */
	{ .name = "simple", .in = "myhostname = mx.example.com\n",
	  .want = "myhostname=mx.example.com@1:1-1[mx.example.com]" },
	{ .name = "mid-line # is value", .in = "myhostname = mx # note\n",
	  .want = "myhostname=mx # note@1:1-1[mx # note]" },
	{ .name = "blanks around = and at end", .in = "a   =   v w   \n",
	  .want = "a=v w@1:1-1[v w]" },
	{ .name = "empty value", .in = "relayhost =\nx=\n",
	  .want = "relayhost=@1:1-1[] | x=@2:1-2[]" },
	{ .name = "continuation across comment and blank",
	  .in = "mynetworks = a\n# c\n\n  b\nx = 1\n",
	  .want = "mynetworks=a  b@1:1-4[a\\n# c\\n\\n  b] | x=1@5:1-5[1]" },
	{ .name = "tab continuation, backslash not special",
	  .in = "smtpd_banner = d\\\n\tcont\n",
	  .want = "smtpd_banner=d\\\tcont@1:1-2[d\\\\n\tcont]" },
	{ .name = "first line leading whitespace dropped",
	  .in = "  lead = 1\n   more\nx = 2\n", .want = "x=2@3:1-3[2]",
	  .diags = "1:1:W", .msg = "logical line must not start with "
	  "whitespace: \"  lead = 1   more\"" },
	{ .name = "leading whitespace after a comment",
	  .in = "# c\n  y = 1\nx = 2\n", .want = "x=2@3:1-3[2]",
	  .diags = "2:1:W" },
	{ .name = "missing =", .in = "a b = c\nx = 1\n",
	  .want = "x=1@2:1-2[1]", .diags = "1:3:E",
	  .msg = "missing '=' after attribute name: \"a b = c\"" },
	{ .name = "bare word", .in = "smtpd_use_tls\n", .want = "",
	  .diags = "1:14:E", .msg = "missing '='" },
	{ .name = "empty name", .in = "= foo\n", .want = "",
	  .diags = "1:1:E", .msg = "missing attribute name" },
	{ .name = "duplicate: last wins, prev kept",
	  .in = "relayhost = a\nmyorigin = o\nrelayhost = b\n",
	  .want = "relayhost=b@3:1-3[b]<1 | myorigin=o@2:1-2[o]",
	  .diags = "3:1:W", .msg = "overriding earlier entry: relayhost=a "
	  "(line 1)" },
	{ .name = "duplicate with the same value is info",
	  .in = "biff = no\nbiff = no\n", .want = "biff=no@2:1-2[no]<1",
	  .diags = "2:1:I", .msg = "(same value)" },
	{ .name = "names: dash, case-sensitive",
	  .in = "my-host = x\nMyHostname = X\nmyhostname = y\n",
	  .want = "my-host=x@1:1-1[x] | MyHostname=X@2:1-2[X] | "
	  "myhostname=y@3:1-3[y]" },
	{ .name = "CRLF", .in = "a = 1\r\nb = x\r\n  y\r\n",
	  .want = "a=1@1:1-1[1] | b=x  y@2:1-3[x\\r\\n  y]" },
	{ .name = "NUL ends the logical line",
	  .in = "x = 1\0abc\n  more\ny = 2\n#c\0\n",
	  .len = sizeof("x = 1\0abc\n  more\ny = 2\n#c\0\n") - 1,
	  .want = "x=1@1:1-1[1] | y=2@3:1-3[2]", .diags = "1:6:W 4:3:W",
	  .msg = "text after null byte may be ignored" },
	{ .name = "no final newline", .in = "a = 1\nb = 2",
	  .want = "a=1@1:1-1[1] | b=2@2:1-2[2]" },
	{ .name = "overlong line drops its logical line", .max_line = 10,
	  .in = "a = 1\nb = 0123456789abc\n  cont\nc = 3\n",
	  .want = "a=1@1:1-1[1] | c=3@4:1-4[3]", .diags = "2:1:E",
	  .msg = "line too long (17 bytes, limit 10; raise with "
	  "--max-line-length)" },
	{ .name = "overlong continuation drops the line", .max_line = 10,
	  .in = "a = 1\n  0123456789abc\nc = 3\n",
	  .want = "c=3@3:1-3[3]", .diags = "2:1:E" },
	{ .name = "overlong comment is reported and skipped", .max_line = 8,
	  .in = "a = 1\n# 0123456789\n  2\n",
	  .want = "a=1  2@1:1-3[1\\n# 0123456789\\n  2]", .diags = "2:1:E" },
	{ .name = "comments and blanks only", .in = "# x\n\n   \n#\n",
	  .want = "" },
	/* main.cf: templates */
	{ .name = "jinja value", .in = "myhostname = {{ HOSTNAME }}\n",
	  .want = "myhostname={{ HOSTNAME }}@1:1-1[{{ HOSTNAME }}]T" },
	{ .name = "iredmail PH_", .in = "queue_directory = PH_QUEUE_DIR\n",
	  .want = "queue_directory=PH_QUEUE_DIR@1:1-1[PH_QUEUE_DIR]T" },
	{ .name = "postfix ${{...}} is not a template",
	  .in = "a = ${{$compatibility_level} <level {3.6} ? {x} : {y}}\n",
	  .want = "a=${{$compatibility_level} <level {3.6} ? {x} : {y}}@1:1-1"
	  "[${{$compatibility_level} <level {3.6} ? {x} : {y}}]" },
	{ .name = "template branches", .in = "{% if X %}\nrelayhost = a\n"
	  "{% else %}\nrelayhost = b\n{% endif %}\n",
	  .want = "relayhost=b@4:1-4[b]<2",
	  .diags = "1:1:I 3:1:I 4:1:I 5:1:I", .msg = "template line ignored" },
	{ .name = "placeholder in the name",
	  .in = "%{dovecot_enabled}virtual_transport = lmtp\n", .want = "",
	  .diags = "1:1:I" },
	{ .name = "go template line", .in = "{{ if eq .X \"y\" }}\n",
	  .want = "", .diags = "1:1:I" },
	/* master.cf */
	{ .name = "8 fields", .kind = MASTER,
	  .in = "smtp      inet  n       -       y       -       -   smtpd\n",
	  .want = "smtp/inet@1-1 {}" },
	{ .name = "fewer fields", .kind = MASTER, .in = "smtp inet n - y -\n",
	  .want = "", .diags = "1:1:E", .msg = "bad field count" },
	{ .name = "bad type", .kind = MASTER,
	  .in = "smtp inetx n - y - - smtpd\n", .want = "",
	  .diags = "1:6:E", .msg = "invalid type field \"inetx\"" },
	{ .name = "bad booleans and limits", .kind = MASTER,
	  .in = "smtp inet yes - Y 1x ? smtpd\n", .want = "",
	  .diags = "1:11:E 1:17:E 1:19:E 1:22:E",
	  .msg = "invalid private field \"yes\"" },
	{ .name = "wakeup forms", .kind = MASTER,
	  .in = "a unix - - n 1000? 1 tlsmgr\nb unix - - n -? - x\n",
	  .want = "a/unix@1-1 {} | b/unix@2-2 {}" },
	{ .name = "-o short form on continuation lines", .kind = MASTER,
	  .in = "submission inet n - y - - smtpd\n"
	  "  -o syslog_name=postfix/submission\n"
	  "  -o smtpd_tls_security_level=encrypt\n",
	  .want = "submission/inet@1-3 {syslog_name=postfix/submission@2:6-2"
	  "[postfix/submission]; smtpd_tls_security_level=encrypt@3:6-3"
	  "[encrypt]}" },
	{ .name = "-o attached and clustered", .kind = MASTER,
	  .in = "smtps inet n - y - - smtpd -osmtpd_tls_wrappermode=yes "
	  "-vo a=1\n",
	  .want = "smtps/inet@1-1 {smtpd_tls_wrappermode=yes@1:30-1[yes]; "
	  "a=1@1:60-1[1]}", .diags = "1:28:I",
	  .msg = "postconf misreads \"-osmtpd_tls_wrappermode=yes\"" },
	{ .name = "-o long form with braces", .kind = MASTER,
	  .in = "s inet n - y - - smtpd -o { smtpd_banner =  hello  world } "
	  "-o {x=1}\n",
	  .want = "s/inet@1-1 {smtpd_banner=hello  world@1:29-1[hello  world]; "
	  "x=1@1:64-1[1]}" },
	{ .name = "-o long form missing }", .kind = MASTER,
	  .in = "s inet n - y - - smtpd -o { smtpd_banner = a b\n",
	  .want = "s/inet@1-1 {smtpd_banner=a b@1:29-1[a b]}",
	  .diags = "1:27:W", .msg = "missing '}'" },
	{ .name = "-o name = value", .kind = MASTER,
	  .in = "s inet n - y - - smtpd -o smtpd_tls_security_level = encrypt "
	  "-o x=1\n", .want = "s/inet@1-1B {}", .diags = "1:27:E",
	  .msg = "-o name = value with spaces around '=' is ignored by "
	  "postconf and makes the daemon exit" },
	{ .name = "# word inside a service line", .kind = MASTER,
	  .in = "smtp inet n - y - - smtpd -o a=1 # note\n"
	  "  -o smtpd_tls_security_level=encrypt\n",
	  .want = "smtp/inet@1-2B {a=1@1:30-1[1]}", .diags = "1:34:E",
	  .msg = "'#' inside a service line is not a comment" },
	{ .name = "invalid -o values", .kind = MASTER,
	  .in = "s inet n - y - - smtpd -o nameonly -o =v -o\n",
	  .want = "s/inet@1-1 {}", .diags = "1:27:E 1:39:E 1:42:E",
	  .msg = "-o without a value" },
	{ .name = "options stop at the first non-option", .kind = MASTER,
	  .in = "s inet n - y - - smtpd stray -o a=1\n"
	  "p unix - n n - - pipe argv=/bin/x -o b=1 # x\n",
	  .want = "s/inet@1-1 {} | p/unix@2-2 {}", .diags = "1:24:W 2:42:W" },
	{ .name = "duplicate services", .kind = MASTER,
	  .in = "smtp inet n - y - - smtpd -o a=1\nsmtp inet n - y - - "
	  "postscreen\n", .want = "smtp/inet@1-1! {a=1@1:30-1[1]} | "
	  "smtp/inet@2-2 {}", .diags = "2:1:W",
	  .msg = "duplicate service \"smtp/inet\": this entry overrides the "
	  "one at line 1" },
	{ .name = "host:port and [::1]:port", .kind = MASTER,
	  .in = "127.0.0.1:10025 inet n - n - - smtpd\n"
	  "[::1]:2525 inet n - n - - smtpd -o smtpd_tls_security_level=none\n",
	  .want = "127.0.0.1:10025/inet@1-1 {} | [::1]:2525/inet@2-2 "
	  "{smtpd_tls_security_level=none@2:36-2[none]}" },
	{ .name = "debian commented submission block", .kind = MASTER,
	  .in = DEB_SUBMISSION, .key = "#submission/inet",
	  .want = "#submission/inet@2-8(2-4,7-8) {syslog_name=postfix/submission@3:7-3"
	  "[postfix/submission]; smtpd_tls_security_level=encrypt@4:7-4"
	  "[encrypt]; smtpd_client_restrictions=@7:7-7[]; "
	  "milter_macro_daemon_name=ORIGINATING@8:7-8[ORIGINATING]}" },
	{ .name = "commented blocks end at other lines", .kind = MASTER,
	  .in = DEB_SUBMISSION,
	  .want = "pickup/unix@12-12 {} | #127.0.0.1:submission/inet@1-1 {} | "
	  "#submission/inet@2-8(2-4,7-8) {syslog_name=postfix/submission@3:7-3"
	  "[postfix/submission]; smtpd_tls_security_level=encrypt@4:7-4"
	  "[encrypt]; smtpd_client_restrictions=@7:7-7[]; "
	  "milter_macro_daemon_name=ORIGINATING@8:7-8[ORIGINATING]} | "
	  "#submissions/inet@10-11 {smtpd_tls_wrappermode=yes@11:7-11"
	  "[yes]}" },
	{ .name = "comments inside an active entry", .kind = MASTER,
	  .in = "s inet n - y - - smtpd\n# note\n\n  -o a=1\n  -o b=2\n",
	  .want = "s/inet@1-5(1,4-5) {a=1@4:6-4[1]; b=2@5:6-5[2]}" },
	{ .name = "commentary is not part of a commented entry", .kind = MASTER,
	  .in = "#s inet n - y - - smtpd\n#   Prose, then -o a=1\n"
	  "#  -o b=2\n#  (see above)\n#  -o c=3\n#\n#  -o d=4\n",
	  .want = "#s/inet@1-5(1,3,5) {b=2@3:7-3[2]; c=3@5:7-5[3]}" },
	{ .name = "commented pipe with arguments", .kind = MASTER,
	  .in = "#cyrus     unix  -       n       n       -       -   pipe\n"
	  "#  user=cyrus argv=/cyrus/bin/deliver -e -r ${sender}\n"
	  "# service type  private unpriv  chroot  wakeup  maxproc\n",
	  .want = "#cyrus/unix@1-2 {}" },
	{ .name = "jinja in master.cf", .kind = MASTER,
	  .in = "s inet n - n - - smtpd\n  -o a={% if X %}{{ X }}{% endif %}\n"
	  "{# comment #}\n",
	  .want = "s/inet@1-2 {a={% if X %}{{ X }}{% endif %}@2:6-2"
	  "[{% if X %}{{ X }}{% endif %}]T}", .diags = "3:1:I" },
	{ .name = "modoboa conditional lines", .kind = MASTER,
	  .in = "%{rspamd_enabled}smtp inet n - - - - smtpd\n"
	  "%{amavis_enabled}  -o smtpd_proxy_filter=inet:[127.0.0.1]:10024\n",
	  .want = "", .diags = "1:1:I 2:1:I" },
};

/* esc - append s[0..n) with newlines, CRs and NULs made visible */
static void
esc(struct strbuf *b, const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			strbuf_adds(b, "\\n");
		else if (s[i] == '\r')
			strbuf_adds(b, "\\r");
		else if (s[i] == '\0')
			strbuf_adds(b, "\\0");
		else
			strbuf_addc(b, s[i]);
	}
}

static void
render_setting(struct strbuf *b, const struct setting *s, const char *data)
{
	strbuf_printf(b, "%s=", s->name);
	esc(b, s->value, strlen(s->value));
	strbuf_printf(b, "@%u:%u-%u[", s->loc.line, s->loc.col, s->end_line);
	esc(b, data + s->val_off, s->val_len);
	strbuf_addc(b, ']');
	if (s->prev != NULL)
		strbuf_printf(b, "<%u", s->prev->loc.line);
	if (s->flags & SET_TEMPLATE)
		strbuf_addc(b, 'T');
}

/*
 * render_lines - "(2-4,7-8)" when the entry's lines are not all of
 * loc.line..end_line (commentary or comments inside it), "(?)" when they
 * do not start at loc.line and end at end_line
 */
static void
render_lines(struct strbuf *b, const struct pf_service *svc)
{
	size_t	i, j, n = svc->n_lines;

	if (n == 0 || svc->lines[0] != svc->loc.line ||
	    svc->lines[n - 1] != svc->end_line) {
		strbuf_adds(b, "(?)");
		return;
	}
	if (svc->end_line - svc->loc.line + 1 == n)
		return;
	strbuf_addc(b, '(');
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && svc->lines[j] == svc->lines[j - 1] + 1;
		    j++)
			continue;
		strbuf_printf(b, "%s%u", i > 0 ? "," : "", svc->lines[i]);
		if (j - 1 > i)
			strbuf_printf(b, "-%u", svc->lines[j - 1]);
	}
	strbuf_addc(b, ')');
}

static void
render_service(struct strbuf *b, const struct pf_service *svc,
    const char *data)
{
	size_t	i;

	strbuf_printf(b, "%s%s@%u-%u", svc->commented ? "#" : "",
	    svc->scope, svc->loc.line, svc->end_line);
	render_lines(b, svc);
	strbuf_printf(b, "%s%s {", svc->superseded ? "!" : "",
	    svc->opt_broken ? "B" : "");
	for (i = 0; i < svc->n_overrides; i++) {
		if (i > 0)
			strbuf_adds(b, "; ");
		render_setting(b, svc->overrides[i], data);
	}
	strbuf_addc(b, '}');
}

static void
sep(struct strbuf *b)
{
	if (b->len > 0)
		strbuf_adds(b, " | ");
}

static void
render(struct strbuf *b, const struct model *m, const struct tcase *tc)
{
	struct strbuf	 name = STRBUF_INIT;
	size_t		 i;

	for (i = 0; i < model_pf_n_main(m); i++) {
		if (tc->key != NULL &&
		    strcmp(tc->key, model_pf_main(m, i)->name) != 0)
			continue;
		sep(b);
		render_setting(b, model_pf_main(m, i), tc->in);
	}
	for (i = 0; i < m->pf.n_services + m->pf.n_commented; i++) {
		const struct pf_service *svc = i < m->pf.n_services ?
		    m->pf.services[i] : m->pf.commented[i - m->pf.n_services];

		strbuf_reset(&name);
		strbuf_printf(&name, "%s%s", svc->commented ? "#" : "",
		    svc->scope);
		if (tc->key != NULL && strcmp(tc->key, strbuf_cstr(&name)) != 0)
			continue;
		sep(b);
		render_service(b, svc, tc->in);
	}
	strbuf_free(&name);
}

static void
render_diags(struct strbuf *b, const struct diag_list *dl)
{
	static const char	 code[] = { 'I', 'W', 'E' };
	size_t			 i;

	for (i = 0; i < dl->len; i++)
		strbuf_printf(b, "%s%u:%u:%c", i ? " " : "", dl->v[i].loc.line,
		    dl->v[i].loc.col, code[dl->v[i].sev]);
}

static bool
has_msg(const struct diag_list *dl, const char *msg)
{
	size_t	i;

	for (i = 0; i < dl->len; i++)
		if (strstr(dl->v[i].msg, msg) != NULL)
			return true;
	return false;
}

static void
t_parsers(void)
{
	size_t	i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tcase	*tc = &cases[i];
		struct strbuf		 got = STRBUF_INIT, dg = STRBUF_INIT;
		struct diag_list	 dl;
		struct model		*m = model_new();
		size_t			 len, ml;

		diag_init(&dl);
		len = tc->len ? tc->len : strlen(tc->in);
		ml = tc->max_line ? tc->max_line : 65536;
		if (tc->kind == MAIN)
			parse_postfix_main_buf(m, "t.cf", tc->in, len, ml, &dl);
		else
			parse_postfix_master_buf(m, "t.cf", tc->in, len, ml,
			    &dl);
		render(&got, m, tc);
		render_diags(&dg, &dl);
		if (strcmp(strbuf_cstr(&got), tc->want) != 0 ||
		    strcmp(strbuf_cstr(&dg), tc->diags ? tc->diags : "") != 0)
			fprintf(stderr, "case \"%s\":\n", tc->name);
		CU_EXPECT_STR(strbuf_cstr(&got), tc->want);
		CU_EXPECT_STR(strbuf_cstr(&dg), tc->diags ? tc->diags : "");
		if (tc->msg != NULL && !has_msg(&dl, tc->msg))
			fprintf(stderr, "case \"%s\": no diagnostic has "
			    "\"%s\"\n", tc->name, tc->msg);
		CU_ASSERT(tc->msg == NULL || has_msg(&dl, tc->msg));
		CU_ASSERT(m->pf.present);
		strbuf_free(&got);
		strbuf_free(&dg);
		diag_free(&dl);
		model_free(&m);
	}
}

struct tpl_case {
	const char	*in;
	bool		 placeholder;
	bool		 directive;
};

static const struct tpl_case tpl_cases[] = {
	{ .in = "{{ HOSTNAME }}", .placeholder = true, .directive = true },
	{ .in = "{{.FQDN}}", .placeholder = true, .directive = true },
	{ .in = "  {% if X %}  {# c #}", .placeholder = true,
	  .directive = true },
	{ .in = "{{- \"\\n\" }}", .placeholder = true, .directive = true },
	{ .in = "a={% if X %}y{% endif %}", .placeholder = true },
	{ .in = "PH_SSL_CERT_FILE", .placeholder = true },
	{ .in = "inet:PH_HOST:PH_PORT", .placeholder = true },
	{ .in = "NOT_PH_X" },
	{ .in = "{MTA_HOSTNAME}", .placeholder = true },
	{ .in = "user={MTA_UID}:{IMSCP_GROUP}", .placeholder = true },
	{ .in = "${mydomain} ${X}" },
	{ .in = "${{$compatibility_level} <level {3.6} ? {md5} : {sha256}}" },
	{ .in = "inline:{{a=b}}" },
	{ .in = "%hostname", .placeholder = true },
	{ .in = "proxy:%{db_driver}:/etc/x.cf", .placeholder = true },
	{ .in = "%(name)s", .placeholder = true },
	{ .in = "/var/mail/%d/%n %Lu %%hostname" },
	{ .in = "%{user} %{sha256:80} %{user | domain} %{remote_ip}" },
	{ .in = "mx # note" },
	{ .in = "{ a = b }" },
	{ .in = "<% if @tls -%>", .placeholder = true, .directive = true },
	{ .in = "x = <%= @port %>", .placeholder = true },
	{ .in = "<%# c %> <& /c.mc, a => 1 &>", .placeholder = true,
	  .directive = true },
	{ .in = "<%args>", .placeholder = true, .directive = true },
	{ .in = "% if ($ssl) {", .directive = true },
	{ .in = "% }", .directive = true },
	{ .in = "%hostname", .placeholder = true },
	{ .in = "ssl_cert = <<SSL_CERT_FILE>", .placeholder = true },
	{ .in = "relayhost = <RELAY_HOST>", .placeholder = true },
	{ .in = "x = <a> <A> <postmaster@example.org>" },
	{ .in = "}{% endif %}{% endfor %}", .placeholder = true },
};

struct brace_case {
	const char	*in;
	size_t		 closes;
	int		 mason;
};

static const struct brace_case brace_cases[] = {
	{ .in = "  }{% endif %}{% endfor %}", .closes = 1 },
	{ .in = "}} {# two #}", .closes = 2 },
	{ .in = "  }<% end -%>", .closes = 1 },
	{ .in = "  }" },
	{ .in = "{% endif %}" },
	{ .in = "} x = 1 {% endif %}" },
	{ .in = "<%init>", .mason = 1 },
	{ .in = "</%init>", .mason = -1 },
	{ .in = "<%args>$a => 1</%args>" },
	{ .in = "<% $x %>" },
};

struct sure_case {
	const char	*in;
	const char	*want;	/* the sure words, one blank apart */
};

static const struct sure_case sure_cases[] = {
	{ "imap sieve {% if pop %}pop3{% endif %}", "imap sieve" },
	{ "imap {{ extra }} lmtp", "imap lmtp" },
	{ "imap{{ x }} pop3", "pop3" },
	{ "{% for p in ps %}{{ p }} {% endfor %}imap", "imap" },
	{ "{% if a %}x{% else %}y{% endif %} z", "z" },
	{ "{{ if .Pop }}pop3{{ end }} imap", "imap" },
	{ "<% if @pop %>pop3 <% end %>imap, lmtp", "imap lmtp" },
	{ "<% @p.each do |x| %><%= x %> <% end %>sieve", "sieve" },
	{ "PH_PROTOCOLS imap %proto", "imap" },
	{ "imap pop3", "imap pop3" },
	{ "{% endif %} imap", "imap" },
};

/* t_template_sure - the words surely in a partly templated value */
static void
t_template_sure(void)
{
	size_t	i;

	for (i = 0; i < sizeof(sure_cases) / sizeof(sure_cases[0]); i++) {
		char	buf[128], got[128], *w, *save;

		snprintf(buf, sizeof(buf), "%s", sure_cases[i].in);
		template_blank_unsure(buf, strlen(buf));
		got[0] = '\0';
		for (w = strtok_r(buf, " \t,", &save); w != NULL;
		    w = strtok_r(NULL, " \t,", &save))
			snprintf(got + strlen(got), sizeof(got) - strlen(got),
			    "%s%s", got[0] != '\0' ? " " : "", w);
		if (strcmp(got, sure_cases[i].want) != 0)
			fprintf(stderr, "sure \"%s\": got \"%s\", want \"%s\"\n",
			    sure_cases[i].in, got, sure_cases[i].want);
		CU_EXPECT_STR(got, sure_cases[i].want);
	}
}

/* t_template_braces - '}' outside template tags; Mason Perl blocks */
static void
t_template_braces(void)
{
	size_t	i;

	for (i = 0; i < sizeof(brace_cases) / sizeof(brace_cases[0]); i++) {
		const struct brace_case	*tc = &brace_cases[i];
		size_t			 n = strlen(tc->in);

		if (template_closing_braces(tc->in, n) != tc->closes ||
		    template_mason_block(tc->in, n) != tc->mason)
			fprintf(stderr, "brace case \"%s\"\n", tc->in);
		CU_EXPECT_INT(template_closing_braces(tc->in, n), tc->closes);
		CU_EXPECT_INT(template_mason_block(tc->in, n), tc->mason);
	}
}

static void
t_template(void)
{
	size_t	i;

	for (i = 0; i < sizeof(tpl_cases) / sizeof(tpl_cases[0]); i++) {
		const struct tpl_case	*tc = &tpl_cases[i];
		size_t			 n = strlen(tc->in);

		if (template_has_placeholder(tc->in, n) != tc->placeholder ||
		    template_is_directive_line(tc->in, n) != tc->directive)
			fprintf(stderr, "template case \"%s\"\n", tc->in);
		CU_EXPECT_INT(template_has_placeholder(tc->in, n),
		    tc->placeholder);
		CU_EXPECT_INT(template_is_directive_line(tc->in, n),
		    tc->directive);
	}
}

/* write_file - dir/name with the given text */
static void
write_file(const char *dir, const char *name, const char *text)
{
	char	 path[512];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

static void
t_files(void)
{
	char			 dir[] = "/tmp/test_postfix.XXXXXX", path[600];
	struct fsroot_limits	 lim;
	struct fsroot		*fr = NULL;
	struct diag_list	 dl;
	struct model		*m = model_new();
	const char		*err = NULL;

	diag_init(&dl);
	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	write_file(dir, "main.cf", "a = 1\nb = 2\nc = 3\n");
	write_file(dir, "master.cf",
	    "smtp inet n - y - - smtpd -o d=4 -o e=5\n");
	fsroot_limits_default(&lim);
	/* 3 in main.cf, then the service and one -o: 5 (services count) */
	lim.max_settings = 5;
	CU_ASSERT_FATAL(fsroot_new(dir, &lim, &fr, &err) == 0);
	CU_EXPECT_INT(parse_postfix_main(m, fr, "/main.cf", &dl), 0);
	CU_EXPECT_INT(parse_postfix_master(m, fr, "/master.cf", &dl), 0);
	CU_EXPECT_INT(parse_postfix_master(m, fr, "/nonexistent.cf", &dl), -1);
	CU_EXPECT_INT(model_pf_n_main(m), 3);
	CU_EXPECT_INT(m->pf.n_services, 1);
	CU_EXPECT_INT(m->pf.n_services ? m->pf.services[0]->n_overrides : 9, 1);
	CU_EXPECT_STR(m->pf.main_file, "main.cf");
	CU_EXPECT_INT(dl.len, 2);
	CU_ASSERT(dl.len > 0 && strstr(dl.v[0].msg, "too many settings"));
	CU_EXPECT_INT(dl.len > 1 ? dl.v[1].sev : 0, SEV_ERROR);
	fsroot_free(&fr);
	diag_free(&dl);
	model_free(&m);
	snprintf(path, sizeof(path), "%s/main.cf", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/master.cf", dir);
	unlink(path);
	rmdir(dir);
}

/* -o look-ups: a scan with a filter up to 8 options, an index past them;
 * the last assignment of a name wins and knows the one it overrides */
static void
t_overrides(void)
{
	static const unsigned	 counts[] = { 1, 3, 8, 9, 20 };
	size_t			 k;

	for (k = 0; k < sizeof(counts) / sizeof(counts[0]); k++) {
		struct strbuf		 in = STRBUF_INIT;
		struct diag_list	 dl;
		struct model		*m = model_new();
		const struct pf_service	*svc;
		const struct setting	*s;
		unsigned		 i, n = counts[k];
		char			 name[32];

		diag_init(&dl);
		strbuf_adds(&in, "smtp inet n - y - - smtpd\n");
		for (i = 0; i < n; i++) {
			char	line[64];

			snprintf(line, sizeof(line), "  -o opt_%u=v%u\n", i, i);
			strbuf_adds(&in, line);
		}
		/* the first name again, last: it wins */
		strbuf_adds(&in, "  -o opt_0=last\n");
		parse_postfix_master_buf(m, "t.cf", strbuf_cstr(&in), in.len,
		    65536, &dl);
		svc = model_pf_service(m, "smtp", "inet");
		CU_ASSERT_FATAL(svc != NULL);
		CU_EXPECT_INT(svc->n_overrides, n + 1);
		for (i = 0; i < n; i++) {
			snprintf(name, sizeof(name), "opt_%u", i);
			s = model_pf_override(svc, name);
			CU_ASSERT_FATAL(s != NULL);
			if (i == 0) {
				CU_EXPECT_STR(s->value, "last");
				CU_ASSERT(s->prev != NULL &&
				    strcmp(s->prev->value, "v0") == 0);
			} else {
				snprintf(name, sizeof(name), "v%u", i);
				CU_EXPECT_STR(s->value, name);
				CU_ASSERT(s->prev == NULL);
			}
		}
		CU_ASSERT(model_pf_override(svc, "opt_") == NULL);
		CU_ASSERT(model_pf_override(svc, "opt_999") == NULL);
		CU_ASSERT(model_pf_override(svc, "") == NULL);
		strbuf_free(&in);
		diag_free(&dl);
		model_free(&m);
	}
}

int
main(void)
{
	static const struct cu_test	tests[] = {
		{ "main.cf and master.cf parsers", t_parsers },
		{ "template detection", t_template },
		{ "template braces and Mason blocks", t_template_braces },
		{ "sure words of templated values", t_template_sure },
		{ "file wrappers and limits", t_files },
		{ "-o look-ups, scanned and indexed", t_overrides },
		{ NULL, NULL }
	};

	return cu_run("postfix", tests);
}
