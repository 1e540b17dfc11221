/* SPDX-License-Identifier: MIT */
/*
 * fuzz_common - helpers shared by the libFuzzer harnesses (header only:
 * each harness is one translation unit).
 *
 * fuzz_root() builds, once per process, a small host tree in a mkdtemp
 * directory for the harnesses that follow Dovecot includes: include
 * targets, a glob, an include loop, a symlink pointing out of the root, a
 * FIFO, a "<file" target.  The input under test stands for
 * /etc/dovecot/dovecot.conf inside that root, so "!include conf.d/NAME"
 * and friends reach real files, and nothing the harness reads can lie
 * outside the root.  Beside the root lies canary.conf, which symlinks in the
 * root and "../../../canary.conf" would reach if confinement failed;
 * fuzz_check_canary() aborts when a setting read from it shows up in the
 * model.  The tree is removed at exit.
 *
 * fuzz_split() cuts a pipeline input into main.cf, master.cf and
 * dovecot.conf at lines holding FUZZ_SEP, so that seeds can be built by
 * concatenating real files (see build.sh).
 */
#ifndef MAILLINT_FUZZ_COMMON_H
#define MAILLINT_FUZZ_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "fsroot.h"
#include "model.h"

#define FUZZ_SEP	"\n#--maillint-fuzz-part--\n"

#define FUZZ_CANARY	"fuzz_canary_key"

static char	fuzz_base_dir[4096];	/* mkdtemp: root/ and the canary */
static char	fuzz_root_dir[4200];	/* fuzz_base_dir/root */

/* fuzz_write - create path (relative to the root) holding text */
static inline void
fuzz_write(const char *rel, const char *text)
{
	char	 path[4200];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", fuzz_root_dir, rel);
	if ((f = fopen(path, "w")) == NULL) {
		perror(path);
		abort();
	}
	fputs(text, f);
	fclose(f);
}

static inline void
fuzz_mkdir(const char *rel)
{
	char	path[4200];

	snprintf(path, sizeof(path), "%s/%s", fuzz_root_dir, rel);
	if (mkdir(path, 0755) != 0 && errno != EEXIST) {
		perror(path);
		abort();
	}
}

static inline void
fuzz_symlink(const char *target, const char *rel)
{
	char	path[4200];

	snprintf(path, sizeof(path), "%s/%s", fuzz_root_dir, rel);
	(void)symlink(target, path);
}

/* fuzz_rm_root - remove the tree (atexit) */
static inline void
fuzz_rm_root(void)
{
	char	cmd[4300];

	if (fuzz_base_dir[0] == '\0' || getenv("FUZZ_KEEP_ROOT") != NULL)
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fuzz_base_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", fuzz_base_dir);
}

/* fuzz_root - the temp host tree, created on first use */
static inline const char *
fuzz_root(void)
{
	const char	*tmp = getenv("FUZZ_TMPDIR");
	char		 path[4300];
	FILE		*f;

	if (fuzz_root_dir[0] != '\0')
		return fuzz_root_dir;
	/* tmpfs when there is one: fuzz_rules rewrites a file per input,
	 * which costs a disk flush on ext4 (auto_da_alloc). */
	if (tmp == NULL || *tmp == '\0')
		tmp = access("/dev/shm", W_OK | X_OK) == 0 ? "/dev/shm" :
		    getenv("TMPDIR");
	snprintf(fuzz_base_dir, sizeof(fuzz_base_dir), "%s/maillint-fuzz.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(fuzz_base_dir) == NULL) {
		perror("mkdtemp");
		abort();
	}
	atexit(fuzz_rm_root);
	snprintf(fuzz_root_dir, sizeof(fuzz_root_dir), "%s/root", fuzz_base_dir);
	snprintf(path, sizeof(path), "%s/canary.conf", fuzz_base_dir);
	if (mkdir(fuzz_root_dir, 0755) != 0 || (f = fopen(path, "w")) == NULL) {
		perror(path);
		abort();
	}
	fprintf(f, "%s = leaked\n", FUZZ_CANARY);
	fclose(f);
	fuzz_mkdir("etc");
	fuzz_mkdir("etc/postfix");
	fuzz_mkdir("etc/dovecot");
	fuzz_mkdir("etc/dovecot/conf.d");
	fuzz_mkdir("etc/ssl");
	fuzz_write("etc/postfix/main.cf", "myhostname = mx.example.org\n"
	    "smtpd_tls_security_level = may\n");
	fuzz_write("etc/dovecot/conf.d/10-ssl.conf", "ssl = required\n"
	    "ssl_cert = </etc/ssl/cert.pem\nssl_key = <../../ssl/key.pem\n"
	    "ssl_min_protocol = TLSv1.2\n");
	fuzz_write("etc/dovecot/conf.d/10-master.conf",
	    "service imap-login {\n  inet_listener imap {\n    port = 143\n"
	    "  }\n  inet_listener imaps {\n    port = 993\n    ssl = yes\n"
	    "  }\n}\nprotocol imap {\n  mail_max_userip_connections = 10\n}\n");
	fuzz_write("etc/dovecot/conf.d/20-auth.conf", "auth_mechanisms = plain "
	    "login\n!include_try auth-*.conf.ext\ndisable_plaintext_auth = "
	    "$disable_plaintext_auth\n");
	fuzz_write("etc/dovecot/conf.d/auth-system.conf.ext",
	    "passdb {\n  driver = pam\n}\n");
	fuzz_write("etc/dovecot/conf.d/loop.conf",
	    "!include loop.conf\n!include ../dovecot.conf\n");
	fuzz_write("etc/dovecot/conf.d/deep.conf", "!include deep.conf\n");
	fuzz_write("etc/dovecot/local.conf", "protocols = imap pop3 lmtp\n");
	fuzz_write("etc/dovecot/open.inc", "service x {\n  a = b\n");
	fuzz_write("etc/ssl/cert.pem", "-----BEGIN CERTIFICATE-----\n");
	fuzz_write("etc/ssl/key.pem", "-----BEGIN PRIVATE KEY-----\n");
	fuzz_symlink(path, "etc/dovecot/conf.d/abs-link.conf");
	fuzz_symlink("../../../../canary.conf", "etc/dovecot/conf.d/rel-link.conf");
	fuzz_symlink("../../..", "etc/dovecot/up");
	fuzz_symlink("conf.d", "etc/dovecot/dir-link");
	snprintf(path, sizeof(path), "%s/etc/dovecot/fifo.conf", fuzz_root_dir);
	(void)mkfifo(path, 0644);
	return fuzz_root_dir;
}

/*
 * fuzz_check_canary - abort when anything from outside the root was read:
 * the canary key in any file but the input itself (entry).
 */
static inline void
fuzz_check_section(const struct dc_section *sec, const char *entry)
{
	const struct setting	*s;
	size_t			 i;

	for (i = 0; i < sec->n_settings; i++)
		for (s = sec->settings[i]; s != NULL; s = s->prev) {
			if (strcmp(s->name, FUZZ_CANARY) != 0 ||
			    (s->loc.file != NULL && strcmp(s->loc.file, entry) == 0))
				continue;
			fprintf(stderr, "confinement broken: %s read from %s\n",
			    FUZZ_CANARY, sec->settings[i]->loc.file);
			abort();
		}
	for (i = 0; i < sec->n_children; i++)
		fuzz_check_section(sec->children[i], entry);
}

static inline void
fuzz_check_canary(const struct model *m, const char *entry)
{
	if (m->dc.root != NULL)
		fuzz_check_section(m->dc.root, entry);
}

/* fuzz_limits - defaults, smaller where a bigger value only costs time */
static inline void
fuzz_limits(struct fsroot_limits *lim)
{
	fsroot_limits_default(lim);
	lim->max_files = 64;
	lim->max_include_depth = 8;
	lim->max_nesting = 32;
	lim->max_settings = 10000;
}

/*
 * fuzz_split - cut data into at most n parts at FUZZ_SEP; missing parts
 * are empty.  The parts point into data (not NUL-terminated).
 */
static inline void
fuzz_split(const char *data, size_t size, const char **part, size_t *len,
    size_t n)
{
	size_t		 i, seplen = strlen(FUZZ_SEP);
	const char	*p = data, *end = data + size, *q;

	for (i = 0; i < n; i++) {
		part[i] = p;
		if (i == n - 1 || p >= end) {
			len[i] = p < end && i == n - 1 ? (size_t)(end - p) : 0;
			continue;
		}
		q = memmem(p, (size_t)(end - p), FUZZ_SEP, seplen);
		if (q == NULL) {
			len[i] = (size_t)(end - p);
			p = end;
		} else {
			len[i] = (size_t)(q - p);
			p = q + seplen;
		}
	}
}

/* fuzz_srcdir - the source tree (rules/, rules/defaults/) */
static inline const char *
fuzz_srcdir(void)
{
	const char	*env = getenv("MAILLINT_DATADIR");

	if (env != NULL && *env != '\0')
		return env;
#ifdef FUZZ_SRCDIR
	return FUZZ_SRCDIR;
#else
	return ".";
#endif
}

#endif
