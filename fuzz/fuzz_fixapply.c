/* SPDX-License-Identifier: MIT */
/*
 * fuzz_fixapply - libFuzzer harness for the editor behind --diff and --fix
 * (fixapply.c): the code that rewrites users' files.
 *
 * Input: one byte choosing the file (main.cf, master.cf, dovecot.conf),
 * the file's text, FUZZ_SEP, then an edit program.  The text is parsed by
 * the real parser, and each 4-byte record of the program makes one edit
 * (one finding): rewrite a setting the parser found, add a setting to the
 * file, a service or a section, revive a commented-out master.cf entry,
 * or a raw edit at any line with names and values from a table of awkward
 * ones.  Checks, aborting on failure:
 *  - applying with and without a diff gives the same text and count;
 *  - the diff is well formed (hunk counts match their lines) and, applied
 *    to the input by the strict patcher below, gives exactly the output;
 *  - no edit means the output is the input, byte for byte.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "eval.h"
#include "fixapply.h"
#include "fsroot.h"
#include "model.h"
#include "parse.h"
#include "strbuf.h"

#include "fuzz_common.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_EDITS	64
#define FUZZ_MAX_LINE	1024

static const char *const files[] = {
	"etc/postfix/main.cf", "etc/postfix/master.cf", "etc/dovecot/dovecot.conf"
};

static const char *const names[] = {
	"smtpd_tls_protocols", "smtpd_tls_security_level", "ssl",
	"ssl_min_protocol", "port", "smtpd_tls_auth_only", "x", "syslog_name",
	"a b", "n=v", "", "{", "-o"
};

static const char *const values[] = {
	">=TLSv1.2", "!SSLv2, !SSLv3, !TLSv1", "encrypt", "yes", "a b  c",
	"{ x }", "", "#c", "}", "=", "v\nw", "\t", "a,\tb", "TLSv1.2\r",
	"service x {\n  y = z\n}", "-o a=b", "$name"
};

static const char *const scopes[] = {
	"", "submission/inet", "smtps/inet", "service imap-login",
	"service imap-login/inet_listener imaps", "protocol imap", "x/y/z"
};

#define PICK(tab, b)	((tab)[(b) % (sizeof(tab) / sizeof((tab)[0]))])

/* Everything the parser found that an edit can point at. */
struct targets {
	const struct setting		*set[256];
	size_t				 n_set;
	const struct pf_service		*svc[64];
	size_t				 n_svc;
	const char			*sec[64];
	size_t				 n_sec;
};

static void
collect_dc(struct targets *t, const struct dc_section *s)
{
	size_t	i;

	if (t->n_sec < 64)
		t->sec[t->n_sec++] = s->scope;
	for (i = 0; i < s->n_settings && t->n_set < 256; i++)
		t->set[t->n_set++] = s->settings[i];
	for (i = 0; i < s->n_children; i++)
		collect_dc(t, s->children[i]);
}

static void
collect(struct targets *t, const struct model *m)
{
	size_t	i, k;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < model_pf_n_main(m) && t->n_set < 256; i++)
		t->set[t->n_set++] = model_pf_main(m, i);
	for (i = 0; i < m->pf.n_services; i++) {
		const struct pf_service	*s = m->pf.services[i];

		if (t->n_svc < 64)
			t->svc[t->n_svc++] = s;
		for (k = 0; k < s->n_overrides && t->n_set < 256; k++)
			t->set[t->n_set++] = s->overrides[k];
	}
	for (i = 0; i < m->pf.n_commented && t->n_svc < 64; i++)
		t->svc[t->n_svc++] = m->pf.commented[i];
	if (m->dc.root != NULL)
		collect_dc(t, m->dc.root);
}

/* make_edit - one edit from a 4-byte record */
static void
make_edit(struct fix_edit *e, const uint8_t *r, const char *file,
    const struct targets *t)
{
	memset(e, 0, sizeof(*e));
	e->file = file;
	e->scope = "";
	e->action = FIX_SET;
	e->name = PICK(names, r[1]);
	e->value = PICK(values, r[2]);
	switch (r[0] % 6) {
	case 0:		/* rewrite a setting that was read */
		if (t->n_set > 0) {
			const struct setting	*s = t->set[r[1] % t->n_set];

			e->line = s->loc.line;
			e->end_line = s->end_line;
			e->scope = s->scope != NULL ? s->scope : "";
			e->name = r[3] & 1 ? s->name : PICK(names, r[3]);
		}
		break;
	case 1:		/* add to the file, a service or a section */
		if (r[3] & 1 && t->n_svc > 0)
			e->scope = t->svc[r[3] % t->n_svc]->scope;
		else if (r[3] & 2 && t->n_sec > 0)
			e->scope = t->sec[r[3] % t->n_sec];
		else
			e->scope = PICK(scopes, r[3]);
		break;
	case 2:		/* revive an entry */
		e->action = FIX_UNCOMMENT;
		e->name = e->value = NULL;
		if (t->n_svc > 0) {
			const struct pf_service	*s = t->svc[r[1] % t->n_svc];

			e->line = s->loc.line;
			e->end_line = s->end_line;
			e->scope = s->scope;
		} else
			e->line = r[1];
		break;
	case 3:		/* raw edit, anywhere */
		e->line = r[1] % 40;
		e->end_line = e->line + r[3] % 3;
		e->scope = PICK(scopes, r[3]);
		break;
	case 4:
		e->action = FIX_UNCOMMENT;
		e->line = r[1] % 40;
		e->end_line = e->line + r[3] % 4;
		break;
	default:	/* a whole block */
		e->name = NULL;
		e->scope = PICK(scopes, r[3]);
		break;
	}
}

/* next_line - [*p, end) up to '\n' (excluded) into *s, *n; false at end */
static int
next_line(const char **p, const char *end, const char **s, size_t *n)
{
	const char	*nl;

	if (*p >= end)
		return 0;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	*s = *p;
	*n = nl != NULL ? (size_t)(nl - *p) : (size_t)(end - *p);
	*p = nl != NULL ? nl + 1 : end;
	return 1;
}

/*
 * patch - apply the unified diff d to old into *out, strictly: context
 * and removed lines must match, hunk counts must hold.  0 or -1.
 */
static int
patch(const char *old, size_t old_len, const char *d, size_t d_len,
    struct strbuf *out)
{
	const char	*op = old, *oend = old + old_len;
	const char	*dp = d, *dend = d + d_len, *s, *os;
	size_t		 n, on, oline = 1;

	/* headers */
	if (!next_line(&dp, dend, &s, &n) || n < 6 || memcmp(s, "--- a/", 6) ||
	    !next_line(&dp, dend, &s, &n) || n < 6 || memcmp(s, "+++ b/", 6))
		return -1;
	while (next_line(&dp, dend, &s, &n)) {
		unsigned long	os_, oc = 1, ns_, nc = 1, so = 0, sn = 0;
		char		 hdr[128];

		if (n >= sizeof(hdr) || n < 4 || memcmp(s, "@@ -", 4) != 0)
			return -1;
		memcpy(hdr, s, n);
		hdr[n] = '\0';
		if (sscanf(hdr, "@@ -%lu,%lu +%lu,%lu @@", &os_, &oc, &ns_, &nc) != 4 &&
		    sscanf(hdr, "@@ -%lu +%lu,%lu @@", &os_, &ns_, &nc) != 3 &&
		    sscanf(hdr, "@@ -%lu,%lu +%lu @@", &os_, &oc, &ns_) != 3 &&
		    sscanf(hdr, "@@ -%lu +%lu @@", &os_, &ns_) != 2)
			return -1;
		(void)ns_;
		/* copy unchanged lines before the hunk */
		while (oline < (oc == 0 ? os_ + 1 : os_)) {
			if (!next_line(&op, oend, &os, &on))
				return -1;
			/* an unchanged line always ends in '\n': fixapply
			 * rewrites a last line without one */
			strbuf_add(out, os, on);
			strbuf_addc(out, '\n');
			oline++;
		}
		while (so < oc || sn < nc) {
			if (!next_line(&dp, dend, &s, &n) || n == 0)
				return -1;
			if (s[0] == '\\') {
				/* the previous old line had no newline */
				continue;
			}
			if (s[0] == '+') {
				strbuf_add(out, s + 1, n - 1);
				strbuf_addc(out, '\n');
				sn++;
				continue;
			}
			if ((s[0] != ' ' && s[0] != '-') ||
			    !next_line(&op, oend, &os, &on) ||
			    on != n - 1 || memcmp(os, s + 1, on) != 0)
				return -1;
			oline++;
			so++;
			if (s[0] == ' ') {
				strbuf_add(out, os, on);
				strbuf_addc(out, '\n');
				sn++;
			}
		}
		if (so != oc || sn != nc)
			return -1;
		/* a marker right after the hunk */
		if (dp < dend && *dp == '\\')
			(void)next_line(&dp, dend, &s, &n);
	}
	/* the rest of the old file, as it was */
	strbuf_add(out, op, (size_t)(oend - op));
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fix_edit		 edits[MAX_EDITS];
	struct finding		 fv[MAX_EDITS];
	struct findings		 fs;
	struct fsroot_limits	 lim;
	struct fsroot		*fr = NULL;
	struct model		*m;
	struct diag_list	 dl;
	struct targets		 t;
	struct fixplan		*p;
	struct strbuf		 out1 = STRBUF_INIT, out2 = STRBUF_INIT;
	struct strbuf		 diff = STRBUF_INIT, re = STRBUF_INIT;
	const char		*part[2], *file, *err;
	size_t			 len[2], i, n_edits = 0, n1 = 0, n2 = 0;
	unsigned		 kind;

	if (size < 1)
		return 0;
	kind = data[0] % 3;
	file = files[kind];
	fuzz_split((const char *)data + 1, size - 1, part, len, 2);
	m = model_new();
	diag_init(&dl);
	if (kind == 0) {
		m->pf.main_file = file;
		parse_postfix_main_buf(m, file, part[0], len[0], FUZZ_MAX_LINE, &dl);
	} else if (kind == 1) {
		m->pf.master_file = file;
		parse_postfix_master_buf(m, file, part[0], len[0], FUZZ_MAX_LINE,
		    &dl);
	} else {
		fuzz_limits(&lim);
		if (fsroot_new(fuzz_root(), &lim, &fr, &err) != 0)
			abort();
		parse_dovecot_buf(m, fr, "/etc/dovecot/dovecot.conf", part[0],
		    len[0], &dl);
		fuzz_check_canary(m, file);
	}
	collect(&t, m);
	for (i = 0; i + 4 <= len[1] && n_edits < MAX_EDITS; i += 4) {
		make_edit(&edits[n_edits], (const uint8_t *)part[1] + i, file, &t);
		memset(&fv[n_edits], 0, sizeof(fv[n_edits]));
		fv[n_edits].rule_id = "FUZZ";
		fv[n_edits].sev = SEV_ERROR;
		fv[n_edits].fix_text = "fix";
		fv[n_edits].edits = &edits[n_edits];
		fv[n_edits].n_edits = 1;
		n_edits++;
	}
	memset(&fs, 0, sizeof(fs));
	fs.v = fv;
	fs.len = fs.cap = n_edits;
	p = fixplan_new(&fs, m, SEV_INFO);
	for (i = 0; i < fixplan_n_files(p); i++) {
		if (strcmp(fixplan_file(p, i), file) != 0)
			continue;
		n1 = fixplan_apply(p, i, part[0], len[0], &out1, &diff, &dl);
		n2 = fixplan_apply(p, i, part[0], len[0], &out2, NULL, &dl);
	}
	if (n1 != n2 || out1.len != out2.len ||
	    (out1.len > 0 && memcmp(out1.s, out2.s, out1.len) != 0)) {
		fprintf(stderr, "fuzz_fixapply: output differs with a diff\n");
		abort();
	}
	if (n1 == 0 && fixplan_n_files(p) > 0 && (out1.len != len[0] ||
	    (len[0] > 0 && memcmp(out1.s, part[0], len[0]) != 0))) {
		fprintf(stderr, "fuzz_fixapply: no edit, but the text changed\n");
		abort();
	}
	if (n1 > 0) {
		if (patch(part[0], len[0], diff.s, diff.len, &re) != 0 ||
		    re.len != out1.len || memcmp(re.s, out1.s, out1.len) != 0) {
			fprintf(stderr, "fuzz_fixapply: the diff does not give "
			    "the output\n--- diff:\n%.*s\n", (int)diff.len,
			    diff.s);
			abort();
		}
	}
	fixplan_free(&p);
	strbuf_free(&out1);
	strbuf_free(&out2);
	strbuf_free(&diff);
	strbuf_free(&re);
	model_free(&m);
	fsroot_free(&fr);
	diag_free(&dl);
	return 0;
}
