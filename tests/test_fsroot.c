/* SPDX-License-Identifier: MIT */
/*
 * test_fsroot - unit tests for the confined file access module.
 *
 * main() builds a tree under a mkdtemp() directory: root/ is the --root,
 * outside/secret is a canary that must never be read, whatever the
 * symlinks inside root/ say.  Read, stat and glob cases are tables run
 * twice: with openat2(RESOLVE_IN_ROOT) and with the fallback walk, which
 * must agree.  The tree is removed at the end.
 */
#include "config.h"

#include <sys/inotify.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <sched.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cu.h"
#include "arena.h"
#include "datafile.h"
#include "fsroot.h"
#include "fsroot_int.h"
#include "strbuf.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

static char	 g_tmp[] = "/tmp/maillint-fsroot.XXXXXX";
static char	 g_root[64];		/* g_tmp/root */
static char	 g_canary[64];		/* text of g_tmp/outside/secret */

/* A file or symlink of the fixture tree. */
struct node {
	const char	*path;		/* relative to g_root */
	const char	*data;		/* file contents, or NULL */
	const char	*link;		/* symlink target, "@" = canary */
};

static const struct node nodes[] = {
	{ .path = "etc/postfix/main.cf", .data = "main\n" },
	{ .path = "etc/postfix/master.cf", .data = "master\n" },
	{ .path = "etc/passwd", .data = "inside-passwd\n" },
	{ .path = "etc/dovecot/dovecot.conf", .data = "dovecot\n" },
	{ .path = "etc/dovecot/conf.d/10-auth.conf", .data = "auth\n" },
	{ .path = "etc/dovecot/conf.d/10-ssl.conf", .data = "ssl\n" },
	{ .path = "etc/dovecot/conf.d/20-imap.conf", .data = "imap\n" },
	{ .path = "etc/dovecot/conf.d/.hidden.conf", .data = "hidden\n" },
	{ .path = "etc/dovecot/conf.d/notes.txt", .data = "notes\n" },
	{ .path = "etc/dovecot/conf.d/a.ext", .data = "a\n" },
	{ .path = "etc/dovecot/conf.d/b.ext", .data = "b\n" },
	{ .path = "etc/dovecot/conf.d/sub/x.conf", .data = "x\n" },
	{ .path = "outside/secret", .data = "decoy\n" },
	{ .path = "dev/README", .data = "no devices here\n" },
	{ .path = "big/ten", .data = "0123456789" },
	{ .path = "big/eleven", .data = "0123456789a" },
	{ .path = "links/abs_passwd", .link = "/etc/passwd" },
	{ .path = "links/abs_canary", .link = "@" },
	{ .path = "links/rel_escape",
	    .link = "../../../../../../outside/secret" },
	{ .path = "links/rel_canary", .link = "../../outside/secret" },
	{ .path = "links/etcdir", .link = "../etc" },
	{ .path = "links/absdir", .link = "/etc" },
	{ .path = "links/phys", .link = "etcdir/postfix/../passwd" },
	{ .path = "links/slash", .link = "../etc/passwd/" },
	{ .path = "links/loop1", .link = "loop2" },
	{ .path = "links/loop2", .link = "loop1" },
	{ .path = "links/self", .link = "self" },
	{ .path = "links/zero", .link = "/dev/zero" },
	{ .path = "links/dangling", .link = "nowhere" },
	{ .path = "links/fifo", .link = "../dev/fifo" },
};

/* write_file - create base/rel (and its directories): data or a symlink */
static void
write_file(const char *base, const char *rel, const char *data,
    const char *link)
{
	char	 path[PATH_MAX], *slash;
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", base, rel);
	for (slash = strchr(path + strlen(base) + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	if (link != NULL ? symlink(link, path) < 0 :
	    (fp = fopen(path, "w")) == NULL || fputs(data, fp) < 0 ||
	    fclose(fp) != 0)
		perror(path);
}

/* make_tree - the fixture tree, canary and special files */
static int
make_tree(void)
{
	struct sockaddr_un	 sun;
	char			 secret[PATH_MAX], path[96], target[64];
	size_t			 i;
	int			 s;

	if (mkdtemp(g_tmp) == NULL)
		return -1;
	snprintf(g_root, sizeof(g_root), "%s/root", g_tmp);
	snprintf(g_canary, sizeof(g_canary), "CANARY-%ld-%s", (long)getpid(),
	    g_tmp + strlen(g_tmp) - 6);
	snprintf(secret, sizeof(secret), "%s/outside/secret", g_tmp);
	write_file(g_tmp, "outside/secret", g_canary, NULL);
	mkdir(g_root, 0755);
	for (i = 0; i < NITEMS(nodes); i++)
		write_file(g_root, nodes[i].path, nodes[i].data,
		    nodes[i].link != NULL && strcmp(nodes[i].link, "@") == 0 ?
		    secret : nodes[i].link);
	/* c0 -> ... -> c39 -> /etc/passwd is 40 links, d0..d40 is 41. */
	for (i = 0; i < 41; i++) {
		snprintf(path, sizeof(path), "chain/c%zu", i);
		snprintf(target, sizeof(target), i == 39 ? "/etc/passwd" :
		    "c%zu", i + 1);
		if (i < 40)
			write_file(g_root, path, NULL, target);
		snprintf(path, sizeof(path), "chain/d%zu", i);
		snprintf(target, sizeof(target), i == 40 ? "/etc/passwd" :
		    "d%zu", i + 1);
		write_file(g_root, path, NULL, target);
	}
	snprintf(path, sizeof(path), "%s/dev/fifo", g_root);
	if (mkfifo(path, 0644) < 0)
		return -1;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/dev/sock", g_root);
	if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    bind(s, (struct sockaddr *)&sun, sizeof(sun)) < 0)
		return -1;
	close(s);
	return 0;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static struct fsroot *
open_root(bool openat2, const struct fsroot_limits *lim)
{
	struct fsroot	*fr = NULL;
	const char	*err = NULL;

	if (fsroot_new(g_root, lim, &fr, &err) < 0) {
		fprintf(stderr, "fsroot_new %s: %s\n", g_root, err);
		return NULL;
	}
	fsroot_set_openat2(fr, openat2);
	return fr;
}

struct read_case {
	const char	*base;
	const char	*path;
	const char	*want;		/* contents, NULL for an error */
	const char	*err;		/* wanted error */
};

static const struct read_case read_cases[] = {
	{ NULL, "/etc/postfix/main.cf", "main\n", NULL },
	{ "/etc/postfix", "main.cf", "main\n", NULL },
	{ NULL, "etc/postfix/master.cf", "master\n", NULL },
	{ "/etc/postfix", "/etc/passwd", "inside-passwd\n", NULL },
	{ NULL, "/../../../etc/postfix/main.cf", "main\n", NULL },
	{ "/etc/postfix", "../../../../etc/passwd", "inside-passwd\n", NULL },
	{ NULL, "/etc/postfix/../passwd", "inside-passwd\n", NULL },
	{ NULL, "//etc/./postfix//main.cf", "main\n", NULL },
	{ NULL, "/links/abs_passwd", "inside-passwd\n", NULL },
	{ NULL, "/links/abs_canary", NULL, "no such file" },
	{ NULL, "/links/rel_escape", "decoy\n", NULL },
	{ NULL, "/links/rel_canary", "decoy\n", NULL },
	{ "/links", "etcdir/postfix/main.cf", "main\n", NULL },
	{ NULL, "/links/absdir/postfix/master.cf", "master\n", NULL },
	{ NULL, "/links/phys", "inside-passwd\n", NULL },
	{ NULL, "/links/etcdir/../etc/passwd", NULL, "no such file" },
	{ NULL, "/links/slash", NULL, "not a directory" },
	{ NULL, "/links/loop1", NULL, "symlink loop" },
	{ NULL, "/links/self", NULL, "symlink loop" },
	{ NULL, "/links/self/x", NULL, "symlink loop" },
	{ NULL, "/chain/c0", "inside-passwd\n", NULL },
	{ NULL, "/chain/d0", NULL, "symlink loop" },
	{ NULL, "/links/zero", NULL, "no such file" },
	{ NULL, "/links/dangling", NULL, "no such file" },
	{ NULL, "/dev/fifo", NULL, "not a regular file (FIFO)" },
	{ NULL, "/links/fifo", NULL, "not a regular file (FIFO)" },
	{ NULL, "/dev/sock", NULL, "not a regular file (socket)" },
	{ NULL, "/etc", NULL, "not a regular file (directory)" },
	{ NULL, "/links/etcdir", NULL, "not a regular file (directory)" },
	{ NULL, "/", NULL, "not a regular file (directory)" },
	{ NULL, "/nonexistent", NULL, "no such file" },
	{ NULL, "/etc/postfix/main.cf/x", NULL, "not a directory" },
	{ NULL, "", NULL, "empty path" },
	{ NULL, NULL, NULL, "empty path" },
};

/* run_reads - the read table in one resolver mode */
static void
run_reads(bool openat2)
{
	struct fsroot_file	 f;
	struct fsroot		*fr = open_root(openat2, NULL);
	const char		*err, *got, *want;
	char			 path[PATH_MAX];
	size_t			 i;
	int			 rc;

	CU_ASSERT_FATAL(fr != NULL);
	for (i = 0; i < NITEMS(read_cases); i++) {
		const struct read_case *c = &read_cases[i];

		err = NULL;
		rc = fsroot_read(fr, c->base, c->path, &f, &err);
		got = rc == 0 ? f.data : err;
		want = c->want != NULL ? c->want : c->err;
		if (got == NULL || strcmp(got, want) != 0)
			fprintf(stderr, "read case %zu (%s) openat2=%d\n", i,
			    c->path ? c->path : "-", openat2);
		CU_EXPECT_INT(rc, c->want != NULL ? 0 : -1);
		CU_EXPECT_STR(got, want);
		CU_ASSERT(rc != 0 || strstr(f.data, g_canary) == NULL);
		fsroot_file_release(&f);
	}
	snprintf(path, sizeof(path), "%s/big/ten", g_root);
	if (geteuid() != 0 && chmod(path, 0) == 0) {	/* root reads all */
		CU_EXPECT_INT(fsroot_read(fr, NULL, "/big/ten", &f, &err), -1);
		CU_EXPECT_STR(err, "permission denied");
		chmod(path, 0644);
	}
	if (openat2 && !fsroot_uses_openat2(fr))
		fprintf(stderr, "note: openat2 unavailable here, the "
		    "fallback resolver ran in both modes\n");
	fsroot_free(&fr);
	CU_ASSERT(fr == NULL);
}

static void t_read_openat2(void) { run_reads(true); }
static void t_read_fallback(void) { run_reads(false); }

/* t_agree - both resolvers give the same answer on every path of the tree */
static void
t_agree(void)
{
	static const char *const sfx[] = { "", "/postfix/main.cf", "/x" };
	struct fsroot	*a = open_root(true, NULL), *b = open_root(false, NULL);
	struct stat	 sa, sb;
	const char	*ea = NULL, *eb = NULL;
	char		 path[PATH_MAX];
	size_t		 i, j;
	int		 ra, rb;

	CU_ASSERT_FATAL(a != NULL && b != NULL);
	for (i = 0; i < NITEMS(nodes) * NITEMS(sfx); i++) {
		j = i % NITEMS(sfx);
		snprintf(path, sizeof(path), "/%s%s",
		    nodes[i / NITEMS(sfx)].path, sfx[j]);
		ra = fsroot_stat(a, NULL, path, &sa, &ea);
		rb = fsroot_stat(b, NULL, path, &sb, &eb);
		CU_EXPECT_INT(ra, rb);
		if (ra == 0 && rb == 0)
			CU_EXPECT_INT(sa.st_ino, sb.st_ino);
		else if (ra == rb)
			CU_EXPECT_STR(ea, eb);
	}
	fsroot_free(&a);
	fsroot_free(&b);
}

/* run_hostile - long paths and names, in one resolver mode */
static void
run_hostile(bool openat2)
{
	struct fsroot_file	 f;
	struct fsroot		*fr = open_root(openat2, NULL);
	const char		*err = NULL;
	char			*p;

	CU_ASSERT_FATAL(fr != NULL);
	p = malloc(PATH_MAX + 16);
	memset(p, 'a', PATH_MAX + 15);
	p[PATH_MAX + 15] = '\0';
	CU_EXPECT_INT(fsroot_read(fr, NULL, p, &f, &err), -1);
	CU_EXPECT_STR(err, "path too long");
	p[NAME_MAX + 5] = '\0';		/* one component too long */
	CU_EXPECT_INT(fsroot_read(fr, "/etc", p, &f, &err), -1);
	CU_EXPECT_STR(err, "path too long");
	memset(p, '/', 200);
	strcpy(p + 200, "etc/../../../../etc/passwd");
	CU_EXPECT_INT(fsroot_read(fr, NULL, p, &f, &err), 0);
	CU_EXPECT_STR(f.data, "inside-passwd\n");
	fsroot_file_release(&f);
	free(p);
	fsroot_free(&fr);
}

static void t_hostile_openat2(void) { run_hostile(true); }
static void t_hostile_fallback(void) { run_hostile(false); }

struct glob_case {
	const char	*base;
	const char	*pattern;
	int		 n;		/* matches, or -1 */
	const char	*want;		/* matches joined by " ", or error */
};

#define DV	"/etc/dovecot"
#define CD	DV "/conf.d/"

static const struct glob_case glob_cases[] = {
	{ NULL, CD "*.conf", 3,
	    CD "10-auth.conf " CD "10-ssl.conf " CD "20-imap.conf" },
	{ DV, "conf.d/*.conf", 3,
	    CD "10-auth.conf " CD "10-ssl.conf " CD "20-imap.conf" },
	{ DV, "conf.d/{20,10}-*.conf", 3,
	    CD "20-imap.conf " CD "10-auth.conf " CD "10-ssl.conf" },
	{ DV, "conf.d/{b,missing,a}.ext", 2, CD "b.ext " CD "a.ext" },
	{ DV, "conf.d/{1{0-s,0-a},2}*", 3,
	    CD "10-ssl.conf " CD "10-auth.conf " CD "20-imap.conf" },
	{ DV, "conf.d/{a,b}.ext{,}", 4,
	    CD "a.ext " CD "a.ext " CD "b.ext " CD "b.ext" },
	{ DV, "conf.d/*.nomatch", 0, "" },
	{ DV, "conf.d/.*.conf", 1, CD ".hidden.conf" },
	{ DV, "conf.d/[12]0-?[ms]*", 2, CD "10-ssl.conf " CD "20-imap.conf" },
	{ DV, "conf.d/\\*.conf", 0, "" },
	{ DV, "conf.d/{a,b", 0, "" },
	{ NULL, "/etc/*/main.cf", 1, "/etc/postfix/main.cf" },
	{ NULL, "/etc/*/*.cf", 2,
	    "/etc/postfix/main.cf /etc/postfix/master.cf" },
	{ NULL, "/etc/d?vecot/*/sub/*", 1, CD "sub/x.conf" },
	{ NULL, "/*/dovecot/conf.d/sub", 1, CD "sub" },
	{ NULL, "/links/absdir/postfix/*", 2,
	    "/links/absdir/postfix/main.cf /links/absdir/postfix/master.cf" },
	{ NULL, "/links/etcdir/p*/ma?n.cf", 1,
	    "/links/etcdir/postfix/main.cf" },
	{ NULL, "/../../*", 6, "/big /chain /dev /etc /links /outside" },
	{ NULL, "/etc/postfix/main.cf", 1, "/etc/postfix/main.cf" },
	{ NULL, "/etc/postfix/nope.cf", 0, "" },
	{ NULL, "/links/dangling", 1, "/links/dangling" },
	{ NULL, "/links/abs_canary", 1, "/links/abs_canary" },
	{ "/etc/postfix", "../../..", 1, "/" },
	{ NULL, "", -1, "empty path" },
	{ NULL, "{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}", -1,
	    "too many brace expansions: limit 1024" },
};

/* run_globs - the glob table in one resolver mode */
static void
run_globs(bool openat2)
{
	struct fsroot	 *fr = open_root(openat2, NULL);
	struct strbuf	  got = STRBUF_INIT;
	const char	**paths, *err;
	size_t		  i;
	int		  n, j;

	CU_ASSERT_FATAL(fr != NULL);
	for (i = 0; i < NITEMS(glob_cases); i++) {
		const struct glob_case *c = &glob_cases[i];

		err = NULL;
		n = fsroot_glob(fr, c->base, c->pattern, &paths, &err);
		strbuf_reset(&got);
		for (j = 0; j < n; j++)
			strbuf_printf(&got, "%s%s", j ? " " : "", paths[j]);
		if (n != c->n)
			fprintf(stderr, "glob case %zu (%s) openat2=%d\n", i,
			    c->pattern, openat2);
		CU_EXPECT_INT(n, c->n);
		CU_EXPECT_STR(n < 0 ? err : strbuf_cstr(&got), c->want);
		CU_ASSERT(paths != NULL && (n < 0 || paths[n] == NULL));
	}
	strbuf_free(&got);
	fsroot_free(&fr);
}

static void t_glob_openat2(void) { run_globs(true); }
static void t_glob_fallback(void) { run_globs(false); }

static void
t_limits(void)
{
	struct fsroot_limits	 lim;
	struct fsroot_file	 f;
	struct fsroot		*fr;
	const char		**paths, *err = NULL;

	fsroot_limits_default(&lim);
	CU_EXPECT_INT(lim.max_file_size, 8u * 1024 * 1024);
	CU_EXPECT_INT(lim.max_line_len, 64u * 1024);
	CU_EXPECT_INT(lim.max_include_depth, 32);
	CU_EXPECT_INT(lim.max_files, 2000);
	CU_EXPECT_INT(lim.max_nesting, 64);
	CU_EXPECT_INT(lim.max_settings, 100000);
	lim.max_file_size = 10;
	lim.max_files = 2;
	CU_ASSERT_FATAL((fr = open_root(true, &lim)) != NULL);
	CU_EXPECT_INT(fsroot_limits(fr)->max_files, 2);
	CU_EXPECT_INT(fsroot_read(fr, NULL, "/big/eleven", &f, &err), -1);
	CU_EXPECT_STR(err, "file too large: 11 bytes, limit 10; "
	    "raise with --max-file-size");
	CU_EXPECT_INT(fsroot_read(fr, NULL, "/big/ten", &f, &err), 0);
	CU_EXPECT_INT(f.len, 10);
	CU_EXPECT_INT(f.data[10], '\0');
	CU_EXPECT_INT(S_ISREG(f.mode), 1);
	fsroot_file_release(&f);
	CU_ASSERT(f.data == NULL);
	CU_EXPECT_INT(fsroot_read(fr, NULL, "/nonexistent", &f, &err), -1);
	CU_EXPECT_INT(fsroot_read(fr, NULL, "/etc/postfix/main.cf", &f, &err),
	    0);
	fsroot_file_release(&f);
	CU_EXPECT_INT(fsroot_read(fr, NULL, "/etc/passwd", &f, &err), -1);
	CU_EXPECT_STR(err, "too many files: limit 2; raise with --max-files");
	CU_EXPECT_INT(fsroot_glob(fr, CD, "*.conf", &paths, &err), -1);
	CU_EXPECT_STR(err, "too many glob matches: limit 2; "
	    "raise with --max-files");
	CU_EXPECT_INT(fsroot_glob(fr, CD, "*.ext", &paths, &err), 2);
	fsroot_free(&fr);
	fsroot_free(&fr);	/* NULL is fine */

	/* /proc files claim size 0: the read itself must stop at the limit. */
	if (access("/proc/self/status", R_OK) == 0) {
		CU_ASSERT_FATAL(fsroot_new(NULL, &lim, &fr, &err) == 0);
		CU_EXPECT_INT(fsroot_read(fr, NULL, "/proc/self/status", &f,
		    &err), -1);
		CU_EXPECT_STR(err, "file too large: over 10 bytes, limit 10; "
		    "raise with --max-file-size");
		fsroot_free(&fr);
	}
}

/* The run-wide budgets: bytes read (4 x --max-file-size), glob work
 * (50 x --max-files); both saturate and stay spent. */
static void
t_budgets(void)
{
	struct fsroot_limits	 lim;
	struct fsroot_file	 f;
	struct fsroot		*fr;
	const char		**paths, *err = NULL;
	int			 i, rc;

	fsroot_limits_default(&lim);
	lim.max_file_size = 10;
	CU_ASSERT_FATAL((fr = open_root(true, &lim)) != NULL);
	for (i = 0; i < FSROOT_TOTAL_SIZE_FACTOR; i++) {
		CU_EXPECT_INT(fsroot_read(fr, NULL, "/big/ten", &f, &err), 0);
		fsroot_file_release(&f);
	}
	CU_EXPECT_INT(fsroot_read(fr, NULL, "/big/ten", &f, &err), -1);
	CU_EXPECT_STR(err, "too much to read: 40 bytes read already, this "
	    "file has 10, limit 40 in all (4 times --max-file-size)");
	fsroot_free(&fr);

	fsroot_limits_default(&lim);
	lim.max_files = 1;	/* glob work bound: 50 */
	CU_ASSERT_FATAL((fr = open_root(true, &lim)) != NULL);
	for (i = 0; i < 100; i++)
		if ((rc = fsroot_glob(fr, NULL, "/etc/dovecot/conf.d/a*",
		    &paths, &err)) < 0)
			break;
	CU_ASSERT(i > 0 && i < 100);
	CU_EXPECT_STR(err, "too much globbing: more than 50 patterns, "
	    "directory entries and lookups in this run; raise with "
	    "--max-files");
	CU_EXPECT_INT(fsroot_glob(fr, NULL, "/etc/*", &paths, &err), -1);
	fsroot_free(&fr);
}

/* fsroot_link_target: why a path that does not resolve was not read */
static void
t_link_target(void)
{
	struct fsroot	*fr;
	const char	*t;
	int		 pass;

	for (pass = 0; pass < 2; pass++) {
		CU_ASSERT_FATAL((fr = open_root(pass == 0, NULL)) != NULL);
		t = fsroot_link_target(fr, "/links/dangling");
		CU_EXPECT_STR(t != NULL ? t : "(null)", "nowhere");
		t = fsroot_link_target(fr, "/links/rel_escape");
		CU_EXPECT_STR(t != NULL ? t : "(null)",
		    "../../../../../../outside/secret");
		/* through a directory symlink inside the root */
		t = fsroot_link_target(fr, "/links/etcdir/../links/zero");
		CU_ASSERT(t == NULL || strcmp(t, "/dev/zero") == 0);
		CU_ASSERT(fsroot_link_target(fr, "/etc/passwd") == NULL);
		CU_ASSERT(fsroot_link_target(fr, "/nonexistent") == NULL);
		CU_ASSERT(fsroot_link_target(fr, "/etc") == NULL);
		fsroot_free(&fr);
	}
}

static void
t_stat(void)
{
	struct fsroot	*fr;
	struct stat	 st;
	const char	*err = NULL;
	int		 pass;

	for (pass = 0; pass < 2; pass++) {
		CU_ASSERT_FATAL((fr = open_root(pass == 0, NULL)) != NULL);
		CU_EXPECT_INT(fsroot_stat(fr, "/links", "etcdir", &st, &err),
		    0);
		CU_EXPECT_INT(S_ISDIR(st.st_mode), 1);
		CU_EXPECT_INT(fsroot_stat(fr, NULL, "/dev/fifo", &st, &err), 0);
		CU_EXPECT_INT(S_ISFIFO(st.st_mode), 1);
		CU_EXPECT_INT(fsroot_stat(fr, NULL, "/links/abs_canary", &st,
		    &err), -1);
		CU_EXPECT_STR(err, "no such file");
		CU_EXPECT_INT(fsroot_stat(fr, NULL, "/links/loop1", &st, &err),
		    -1);
		CU_EXPECT_STR(err, "symlink loop");
		CU_EXPECT_INT(fsroot_is_dir(fr, "/links/absdir"), 1);
		CU_EXPECT_INT(fsroot_is_dir(fr, "/"), 1);
		CU_EXPECT_INT(fsroot_is_dir(fr, "/etc/passwd"), 0);
		CU_EXPECT_INT(fsroot_is_dir(fr, "/links/zero"), 0);
		fsroot_free(&fr);
	}
}

static void
t_paths(void)
{
	static const struct {
		const char	*base, *path, *want;
	} joins[] = {
		{ "/a/b", "../c", "/a/c" },
		{ "/a", "/x//y/./z/", "/x/y/z" },
		{ NULL, "a", "/a" },
		{ "/", "../../..", "/" },
		{ "/a/b", "", "/a/b" },
		{ "/a//b/", "c/..", "/a/b" },
		{ "/a/b", "../../../../c/../d", "/d" },
		{ "/a", "...", "/a/..." },
	};
	struct fsroot	*fr;
	const char	*err = NULL;
	size_t		 i;

	CU_ASSERT_FATAL((fr = open_root(true, NULL)) != NULL);
	for (i = 0; i < NITEMS(joins); i++)
		CU_EXPECT_STR(fsroot_join(fr, joins[i].base, joins[i].path),
		    joins[i].want);
	CU_EXPECT_STR(fsroot_dirname(fr, "/a/b"), "/a");
	CU_EXPECT_STR(fsroot_dirname(fr, "/a"), "/");
	CU_EXPECT_STR(fsroot_dirname(fr, "/"), "/");
	CU_EXPECT_STR(fsroot_display(fr, "/etc/postfix/main.cf"),
	    "etc/postfix/main.cf");
	CU_EXPECT_STR(fsroot_display(fr, "/"), ".");
	CU_EXPECT_STR(fsroot_user_path(fr, "etc/postfix"), "/etc/postfix");
	CU_EXPECT_STR(fsroot_user_path(fr, "/etc/postfix/"), "/etc/postfix");
	CU_EXPECT_STR(fsroot_user_path(fr, "../x"), "/x");
	fsroot_free(&fr);

	CU_EXPECT_INT(fsroot_new("/nonexistent-maillint", NULL, &fr, &err),
	    -1);
	CU_EXPECT_STR(err, "no such directory");
	CU_ASSERT(fr == NULL);
	CU_EXPECT_INT(fsroot_new("/etc/passwd", NULL, &fr, &err), -1);
	CU_EXPECT_STR(err, "not a directory");
	CU_EXPECT_INT(fsroot_new("", NULL, &fr, &err), -1);
	CU_EXPECT_STR(err, "empty root directory");

	/* MAILLINT_NO_OPENAT2=1 forces the fallback resolver. */
	setenv("MAILLINT_NO_OPENAT2", "1", 1);
	CU_ASSERT_FATAL(fsroot_new(g_root, NULL, &fr, &err) == 0);
	CU_EXPECT_INT(fsroot_uses_openat2(fr), 0);
	fsroot_free(&fr);
	unsetenv("MAILLINT_NO_OPENAT2");
}

/* t_noroot - no --root: paths relative to the cwd, display likewise */
static void
t_noroot(void)
{
	struct fsroot_file	 f;
	struct fsroot		*fr;
	const char		*err = NULL, *up;
	char			 old[PATH_MAX], real[PATH_MAX];
	char			 want[PATH_MAX + 32];

	CU_ASSERT_FATAL(getcwd(old, sizeof(old)) != NULL);
	CU_ASSERT_FATAL(realpath(g_root, real) != NULL);
	CU_ASSERT_FATAL(chdir(g_root) == 0);
	CU_ASSERT_FATAL(fsroot_new(NULL, NULL, &fr, &err) == 0);
	up = fsroot_user_path(fr, "etc/postfix/main.cf");
	snprintf(want, sizeof(want), "%s/etc/postfix/main.cf", real);
	CU_EXPECT_STR(up, want);
	CU_EXPECT_STR(fsroot_display(fr, up), "etc/postfix/main.cf");
	CU_EXPECT_STR(fsroot_display(fr, real), ".");
	CU_EXPECT_STR(fsroot_display(fr, "/usr/bin"), "/usr/bin");
	snprintf(want, sizeof(want), "%s-other/x", real);
	CU_EXPECT_STR(fsroot_display(fr, want), want);
	CU_EXPECT_INT(fsroot_read(fr, NULL, up, &f, &err), 0);
	CU_EXPECT_STR(f.data, "main\n");
	CU_EXPECT_STR(f.display, "etc/postfix/main.cf");
	fsroot_file_release(&f);
	CU_EXPECT_INT(fsroot_read(fr, NULL, "/dev/null", &f, &err), -1);
	CU_EXPECT_STR(err, "not a regular file (character device)");
	fsroot_free(&fr);

	CU_ASSERT_FATAL(fsroot_new(g_root, NULL, &fr, &err) == 0);
	CU_EXPECT_INT(fsroot_read(fr, NULL, fsroot_user_path(fr,
	    "etc/postfix/main.cf"), &f, &err), 0);
	CU_EXPECT_STR(f.path, "/etc/postfix/main.cf");
	CU_EXPECT_STR(f.display, "etc/postfix/main.cf");
	fsroot_file_release(&f);
	fsroot_free(&fr);
	CU_ASSERT(chdir(old) == 0);
}

/* read_at - contents of base/rel, or "" */
static const char *
read_at(const char *base, const char *rel, char *buf, size_t size)
{
	char	 path[PATH_MAX];
	FILE	*fp;
	size_t	 n = 0;

	snprintf(path, sizeof(path), "%s/%s", base, rel);
	if ((fp = fopen(path, "r")) != NULL) {
		n = fread(buf, 1, size - 1, fp);
		fclose(fp);
	}
	buf[n] = '\0';
	return buf;
}

/* no_temp_left - no ".NAME.maillint-*" file in g_root/rel */
static bool
no_temp_left(const char *rel)
{
	char		 path[PATH_MAX];
	DIR		*d;
	struct dirent	*de;
	bool		 ok = true;

	snprintf(path, sizeof(path), "%s/%s", g_root, rel);
	if ((d = opendir(path)) == NULL)
		return false;
	while ((de = readdir(d)) != NULL)
		if (strstr(de->d_name, ".maillint-") != NULL)
			ok = false;
	closedir(d);
	return ok;
}

/* fsroot_replace: atomic, backup kept, confined, refuses stale contents */
static void
t_replace(void)
{
	struct fsroot	*fr;
	struct stat	 st;
	const char	*bak, *err;
	char		 buf[256], path[PATH_MAX];
	int		 pass;

	for (pass = 0; pass < 2; pass++) {
		const char	*w = pass == 0 ? "w0" : "w1";
		char		 rel[64], rp[64], want[64];

		snprintf(rel, sizeof(rel), "%s/a.conf", w);
		write_file(g_root, rel, "old\n", NULL);
		snprintf(path, sizeof(path), "%s/%s", g_root, rel);
		CU_ASSERT(chmod(path, 0640) == 0);
		snprintf(rel, sizeof(rel), "%s/real/t.conf", w);
		write_file(g_root, rel, "t\n", NULL);
		snprintf(rel, sizeof(rel), "%s/rel.conf", w);
		write_file(g_root, rel, NULL, "real/t.conf");
		snprintf(rel, sizeof(rel), "%s/abs.conf", w);
		snprintf(want, sizeof(want), "/%s/real/t.conf", w);
		write_file(g_root, rel, NULL, want);
		CU_ASSERT_FATAL((fr = open_root(pass == 0, NULL)) != NULL);

		snprintf(rp, sizeof(rp), "/%s/a.conf", w);
		CU_EXPECT_INT(fsroot_replace(fr, rp, "old\n", 4, "new\n", 4,
		    &bak, &err), 0);
		snprintf(want, sizeof(want), "/%s/a.conf.orig", w);
		CU_EXPECT_STR(bak, want);
		snprintf(rel, sizeof(rel), "%s/a.conf", w);
		CU_EXPECT_STR(read_at(g_root, rel, buf, sizeof(buf)), "new\n");
		CU_ASSERT(stat(path, &st) == 0 && (st.st_mode & 07777) == 0640);
		snprintf(rel, sizeof(rel), "%s/a.conf.orig", w);
		CU_EXPECT_STR(read_at(g_root, rel, buf, sizeof(buf)), "old\n");
		/* a second fix keeps the first backup */
		CU_EXPECT_INT(fsroot_replace(fr, rp, "new\n", 4, "newer\n", 6,
		    &bak, &err), 0);
		snprintf(want, sizeof(want), "/%s/a.conf.orig.1", w);
		CU_EXPECT_STR(bak, want);
		CU_EXPECT_STR(read_at(g_root, rel, buf, sizeof(buf)), "old\n");
		/* the file changed since it was read: nothing written */
		CU_EXPECT_INT(fsroot_replace(fr, rp, "new\n", 4, "x\n", 2,
		    &bak, &err), -1);
		CU_ASSERT(strstr(err, "changed") != NULL);
		snprintf(rel, sizeof(rel), "%s/a.conf", w);
		CU_EXPECT_STR(read_at(g_root, rel, buf, sizeof(buf)), "newer\n");
		snprintf(rel, sizeof(rel), "%s/a.conf.orig.2", w);
		CU_EXPECT_STR(read_at(g_root, rel, buf, sizeof(buf)), "");
		/* through symlinks, relative and absolute: the target is
		 * replaced, the links stay */
		snprintf(rp, sizeof(rp), "/%s/rel.conf", w);
		CU_EXPECT_INT(fsroot_replace(fr, rp, "t\n", 2, "t2\n", 3,
		    &bak, &err), 0);
		snprintf(want, sizeof(want), "/%s/real/t.conf.orig", w);
		CU_EXPECT_STR(bak, want);
		snprintf(rp, sizeof(rp), "/%s/abs.conf", w);
		CU_EXPECT_INT(fsroot_replace(fr, rp, "t2\n", 3, "t3\n", 3,
		    &bak, &err), 0);
		snprintf(rel, sizeof(rel), "%s/real/t.conf", w);
		CU_EXPECT_STR(read_at(g_root, rel, buf, sizeof(buf)), "t3\n");
		snprintf(path, sizeof(path), "%s/%s/rel.conf", g_root, w);
		CU_ASSERT(lstat(path, &st) == 0 && S_ISLNK(st.st_mode));
		snprintf(path, sizeof(path), "%s/%s/abs.conf", g_root, w);
		CU_ASSERT(lstat(path, &st) == 0 && S_ISLNK(st.st_mode));
		/* outside the root, not regular, missing: refused */
		CU_EXPECT_INT(fsroot_replace(fr, "/links/abs_canary", g_canary,
		    strlen(g_canary), "x", 1, &bak, &err), -1);
		CU_EXPECT_INT(fsroot_replace(fr, "/links/rel_escape", g_canary,
		    strlen(g_canary), "x", 1, &bak, &err), -1);
		CU_EXPECT_INT(fsroot_replace(fr, "/dev/fifo", "", 0, "x", 1,
		    &bak, &err), -1);
		CU_EXPECT_STR(err, "not a regular file");
		CU_EXPECT_INT(fsroot_replace(fr, "/links/loop1", "", 0, "x", 1,
		    &bak, &err), -1);
		CU_ASSERT(no_temp_left(w));
		snprintf(rel, sizeof(rel), "%s/real", w);
		CU_ASSERT(no_temp_left(rel));
		fsroot_free(&fr);
	}
	CU_EXPECT_STR(read_at(g_tmp, "outside/secret", buf, sizeof(buf)),
	    g_canary);
}

/* A glob match as read after the tree changed (run_listed). */
struct listed_case {
	const char	*name;		/* in listedN/ */
	const char	*want;		/* contents, NULL for an error */
	const char	*err;		/* wanted error */
	bool		 look;		/* read with a look, openat2 or not */
};

static const struct listed_case listed_cases[] = {
	{ "a.conf", "a\n", NULL, false },
	{ "b.conf", NULL, "not a regular file (directory)", false },
	{ "c.conf", NULL, "not a regular file (FIFO)", false },
	{ "d.conf", NULL, "file too large: 11 bytes, limit 10; "
	    "raise with --max-file-size", false },
	{ "e.conf", NULL, "no such file", true },
	{ "f.conf", NULL, "not a regular file (FIFO)", true },
	{ "g.conf", NULL, "not a regular file (FIFO)", true },
	{ "h.conf", "a\n", NULL, true },
};

/* listed_tree - listedN/: files, then a FIFO and two symlinks */
static void
listed_tree(const char *dir)
{
	static const char *const files[] = { "a", "b", "c", "d", "e" };
	char	 rel[64], path[PATH_MAX];
	size_t	 i;

	for (i = 0; i < NITEMS(files); i++) {
		snprintf(rel, sizeof(rel), "%s/%s.conf", dir, files[i]);
		write_file(g_root, rel, files[i][0] == 'd' ? "0123456789" :
		    "a\n", NULL);
	}
	snprintf(path, sizeof(path), "%s/%s/f.conf", g_root, dir);
	CU_ASSERT(mkfifo(path, 0644) == 0);
	snprintf(rel, sizeof(rel), "%s/g.conf", dir);
	write_file(g_root, rel, NULL, "../dev/fifo");
	snprintf(rel, sizeof(rel), "%s/h.conf", dir);
	write_file(g_root, rel, NULL, "a.conf");
}

/* listed_change - between glob and read: b a directory, c a FIFO, d one
 * byte over the limit, e gone */
static void
listed_change(const char *dir)
{
	char	 path[PATH_MAX], rel[64];

	snprintf(path, sizeof(path), "%s/%s/b.conf", g_root, dir);
	CU_ASSERT(unlink(path) == 0 && mkdir(path, 0755) == 0);
	snprintf(path, sizeof(path), "%s/%s/c.conf", g_root, dir);
	CU_ASSERT(unlink(path) == 0 && mkfifo(path, 0644) == 0);
	snprintf(path, sizeof(path), "%s/%s/d.conf", g_root, dir);
	CU_ASSERT(unlink(path) == 0);
	snprintf(rel, sizeof(rel), "%s/d.conf", dir);
	write_file(g_root, rel, "0123456789a", NULL);
	snprintf(path, sizeof(path), "%s/%s/e.conf", g_root, dir);
	CU_ASSERT(unlink(path) == 0);
}

/*
 * run_listed - a glob match that its directory entry shows as a regular
 * file is read without a look (with openat2; the walk always looks), and
 * whatever it is by then, the answer is a look's: a FIFO or a symlink
 * matched is refused as before, a file replaced meanwhile by a directory,
 * a FIFO or a larger file is refused for what it is now.  Each answer is
 * also the one of a run that did not glob.
 */
static void
run_listed(bool openat2)
{
	struct fsroot_limits	 lim;
	struct fsroot_file	 f, f2;
	struct fsroot		*fr, *fr2;
	const char		**paths, *err, *err2, *got;
	char			 dir[16], pat[32];
	unsigned long		 looks;
	size_t			 i;
	int			 rc, rc2;

	snprintf(dir, sizeof(dir), "listed%d", openat2);
	listed_tree(dir);
	fsroot_limits_default(&lim);
	lim.max_file_size = 10;
	CU_ASSERT_FATAL((fr = open_root(openat2, &lim)) != NULL);
	snprintf(pat, sizeof(pat), "/%s/*.conf", dir);
	CU_EXPECT_INT(fsroot_glob(fr, NULL, pat, &paths, &err),
	    NITEMS(listed_cases));
	listed_change(dir);
	for (i = 0; i < NITEMS(listed_cases); i++) {
		const struct listed_case *c = &listed_cases[i];

		CU_ASSERT_FATAL(paths[i] != NULL);
		CU_ASSERT(strstr(paths[i], c->name) != NULL);
		looks = fr->fr_nlooks;
		err = err2 = NULL;
		rc = fsroot_read(fr, NULL, paths[i], &f, &err);
		got = rc == 0 ? f.data : err;
		CU_EXPECT_STR(got, c->want != NULL ? c->want : c->err);
		CU_EXPECT_INT(fr->fr_nlooks > looks,
		    c->look || !fsroot_uses_openat2(fr));
		/* the same answer without the glob */
		CU_ASSERT_FATAL((fr2 = open_root(openat2, &lim)) != NULL);
		rc2 = fsroot_read(fr2, NULL, paths[i], &f2, &err2);
		CU_EXPECT_INT(rc, rc2);
		CU_EXPECT_STR(got, rc2 == 0 ? f2.data : err2);
		fsroot_file_release(&f);
		fsroot_file_release(&f2);
		fsroot_free(&fr2);
	}
	/* A file read once is known: a stat of it needs no look. */
	looks = fr->fr_nlooks;
	CU_EXPECT_INT(fsroot_is_dir(fr, paths[0]), 0);
	CU_EXPECT_INT(fr->fr_nlooks, looks);
	fsroot_free(&fr);
}

/*
 * listed_mounted - in a child of its own mount namespace, a device node
 * of our own (dev, made as /dev/null) bind-mounted over a file that the
 * directory lists as regular: the listing cannot see it, so the read must
 * look, refuse it as a look would, and never open it (inotify would say).
 * 0 when so, 1 when not, 2 when this cannot be set up here.
 */
static int
listed_mounted(const char *dev, const char *file)
{
	struct fsroot_file	 f;
	struct fsroot		*fr;
	const char		**paths, *err = NULL;
	char			 ev[sizeof(struct inotify_event) + NAME_MAX + 1];
	int			 in;

	if (mknod(dev, S_IFCHR | 0666, makedev(1, 3)) < 0 ||
	    unshare(CLONE_NEWNS) < 0 ||
	    mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount(dev, file, "none", MS_BIND, NULL) < 0 ||
	    (in = inotify_init1(IN_NONBLOCK)) < 0 ||
	    inotify_add_watch(in, dev, IN_OPEN) < 0)
		return 2;
	if ((fr = open_root(true, NULL)) == NULL ||
	    fsroot_glob(fr, NULL, "/mounted/*.conf", &paths, &err) != 1)
		return 1;
	if (fsroot_read(fr, NULL, paths[0], &f, &err) == 0 ||
	    strcmp(err, "not a regular file (character device)") != 0) {
		fprintf(stderr, "mounted device: got \"%s\"\n", err);
		return 1;
	}
	if (read(in, ev, sizeof(ev)) > 0) {
		fprintf(stderr, "mounted device: opened\n");
		return 1;
	}
	fsroot_free(&fr);
	return 0;
}

static void
t_listed_mount(void)
{
	char	 dev[PATH_MAX], file[PATH_MAX];
	pid_t	 pid;
	int	 status = 0;

	write_file(g_root, "mounted/dev.conf", "", NULL);
	snprintf(file, sizeof(file), "%s/mounted/dev.conf", g_root);
	snprintf(dev, sizeof(dev), "%s/null", g_tmp);
	fflush(NULL);
	if ((pid = fork()) == 0)
		_exit(listed_mounted(dev, file));
	CU_ASSERT_FATAL(pid > 0 && waitpid(pid, &status, 0) == pid);
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) != 1);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 2)
		fprintf(stderr, "note: no device node or mount namespace "
		    "here, the mounted device case did not run\n");
	unlink(dev);
}

/*
 * t_literal - a glob pattern without wildcards matches what exists; a
 * match that is not a symlink was looked at already, and is read with
 * no other look (either resolver); a symlink is looked at when read.
 */
static void
t_literal(void)
{
	static const struct {
		const char	*path, *want;
		bool		 look;
	} cases[] = {
		{ "/etc/postfix/main.cf", "main\n", false },
		{ "/links/abs_passwd", "inside-passwd\n", true },
		{ "/links/dangling", "no such file", true },
		{ "/dev/fifo", "not a regular file (FIFO)", false },
		{ "/etc", "not a regular file (directory)", false },
	};
	struct fsroot_file	 f;
	struct fsroot		*fr;
	const char		**paths, *err, *got;
	unsigned long		 looks;
	size_t			 i;
	int			 pass, rc;

	for (pass = 0; pass < 2; pass++) {
		CU_ASSERT_FATAL((fr = open_root(pass == 0, NULL)) != NULL);
		for (i = 0; i < NITEMS(cases); i++) {
			CU_EXPECT_INT(fsroot_glob(fr, NULL, cases[i].path,
			    &paths, &err), 1);
			looks = fr->fr_nlooks;
			rc = fsroot_read(fr, NULL, paths[0], &f, &err);
			got = rc == 0 ? f.data : err;
			CU_EXPECT_STR(got, cases[i].want);
			CU_EXPECT_INT(fr->fr_nlooks > looks, cases[i].look);
			fsroot_file_release(&f);
		}
		fsroot_free(&fr);
	}
}

static void t_listed_openat2(void) { run_listed(true); }
static void t_listed_fallback(void) { run_listed(false); }

/*
 * t_seen - a run looks at a path once: a later stat or read gets the same
 * answer, a failed look included, however many other paths came between,
 * until fsroot_seen_forget() (which fsroot_replace() calls).
 */
static void
t_seen(void)
{
	struct fsroot_file	 f;
	struct fsroot		*fr;
	struct stat		 st;
	const char		*err, *bak;
	char			 rel[64], path[PATH_MAX];
	unsigned long		 looks;
	int			 pass, i;

	for (pass = 0; pass < 2; pass++) {
		CU_ASSERT_FATAL((fr = open_root(pass == 0, NULL)) != NULL);
		snprintf(rel, sizeof(rel), "/seen%d/new.conf", pass);
		CU_EXPECT_INT(fsroot_stat(fr, NULL, rel, &st, &err), -1);
		CU_EXPECT_STR(err, "no such file");
		write_file(g_root, rel + 1, "new\n", NULL);
		looks = fr->fr_nlooks;
		for (i = 0; i < 8; i++)	/* more than the old ring of 4 */
			(void)fsroot_stat(fr, NULL, nodes[i].path, &st, &err);
		CU_EXPECT_INT(fr->fr_nlooks, looks + 8);
		err = NULL;
		CU_EXPECT_INT(fsroot_stat(fr, NULL, rel, &st, &err), -1);
		CU_EXPECT_STR(err, "no such file");
		CU_EXPECT_INT(fsroot_read(fr, NULL, rel, &f, &err), -1);
		CU_EXPECT_STR(err, "no such file");
		CU_EXPECT_INT(fr->fr_nlooks, looks + 8);
		fsroot_seen_forget(fr);
		CU_EXPECT_INT(fsroot_stat(fr, NULL, rel, &st, &err), 0);
		CU_EXPECT_INT(fsroot_read(fr, NULL, rel, &f, &err), 0);
		CU_EXPECT_STR(f.data, "new\n");
		fsroot_file_release(&f);
		CU_EXPECT_INT(fr->fr_nlooks, looks + 9);

		/* --fix writes a file: every answer is forgotten */
		snprintf(rel, sizeof(rel), "/seen%d/later.conf", pass);
		CU_EXPECT_INT(fsroot_is_dir(fr, rel), 0);
		CU_EXPECT_INT(fsroot_stat(fr, NULL, rel, &st, &err), -1);
		write_file(g_root, rel + 1, "later\n", NULL);
		CU_EXPECT_INT(fsroot_stat(fr, NULL, rel, &st, &err), -1);
		snprintf(rel, sizeof(rel), "/seen%d/new.conf", pass);
		CU_EXPECT_INT(fsroot_replace(fr, rel, "new\n", 4, "x\n", 2,
		    &bak, &err), 0);
		snprintf(rel, sizeof(rel), "/seen%d/later.conf", pass);
		CU_EXPECT_INT(fsroot_stat(fr, NULL, rel, &st, &err), 0);
		CU_EXPECT_INT(S_ISREG(st.st_mode), 1);
		/* and a file that went away is still there until forgotten */
		snprintf(path, sizeof(path), "%s%s", g_root, rel);
		CU_ASSERT(unlink(path) == 0);
		CU_EXPECT_INT(fsroot_stat(fr, NULL, rel, &st, &err), 0);
		fsroot_seen_forget(fr);
		CU_EXPECT_INT(fsroot_stat(fr, NULL, rel, &st, &err), -1);
		CU_EXPECT_STR(err, "no such file");
		fsroot_free(&fr);
	}
}

/* diag_has - some diagnostic of dl contains text */
static bool
diag_has(const struct diag_list *dl, const char *text)
{
	size_t	i;

	for (i = 0; i < dl->len; i++)
		if (strstr(dl->v[i].msg, text) != NULL)
			return true;
	return false;
}

/* The data-file reader: regular files only, bounded, never blocking. */
static void
t_datafile(void)
{
	struct diag_list	 dl;
	struct arena		*a = arena_new();
	struct stat		 st;
	char			 dir[128], path[PATH_MAX], *buf, **v;
	size_t			 len, n;
	bool			 missing = false;

	diag_init(&dl);
	snprintf(dir, sizeof(dir), "%s/data", g_tmp);
	CU_ASSERT_FATAL(mkdir(dir, 0755) == 0);
	write_file(dir, "b.yaml", "bee\n", NULL);
	write_file(dir, "a.yaml", "ay", NULL);
	write_file(dir, ".hidden.yaml", "no", NULL);
	write_file(dir, "c.txt", "no", NULL);
	snprintf(path, sizeof(path), "%s/fifo.yaml", dir);
	CU_ASSERT_FATAL(mkfifo(path, 0644) == 0);

	/* A regular file, whole and NUL-terminated, malloc'ed or in an arena. */
	snprintf(path, sizeof(path), "%s/b.yaml", dir);
	buf = datafile_read(path, 100, NULL, "rule file", NULL, &len, &dl);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	CU_EXPECT_INT(len, 4);
	CU_EXPECT_STR(buf, "bee\n");
	free(buf);
	buf = datafile_read(path, 100, a, "rule file", NULL, &len, &dl);
	CU_EXPECT_STR(buf, "bee\n");
	CU_EXPECT_INT(dl.len, 0);
	/* Over the cap. */
	CU_ASSERT_PTR_NULL(datafile_read(path, 3, NULL, "rule file", NULL,
	    &len, &dl));
	CU_ASSERT(diag_has(&dl, "file too large: 4 bytes, limit 3"));
	/* A FIFO: refused at once, never opened for a blocking read. */
	snprintf(path, sizeof(path), "%s/fifo.yaml", dir);
	CU_ASSERT_PTR_NULL(datafile_read(path, 100, NULL, "rule file", NULL,
	    &len, &dl));
	CU_ASSERT(diag_has(&dl, "cannot read rule file: not a regular file "
	    "(FIFO)"));
	CU_ASSERT_PTR_NULL(datafile_read(path, 100, NULL, "rules cache",
	    &missing, &len, &dl));
	CU_ASSERT(!missing);
	/* A directory. */
	CU_ASSERT_PTR_NULL(datafile_read(dir, 100, NULL, "rules cache", NULL,
	    &len, &dl));
	CU_ASSERT(diag_has(&dl, "cannot read rules cache: not a regular file "
	    "(directory)"));
	/* Missing: quiet only when asked. */
	n = dl.len;
	snprintf(path, sizeof(path), "%s/none", dir);
	CU_ASSERT_PTR_NULL(datafile_read(path, 100, NULL, "rules cache",
	    &missing, &len, &dl));
	CU_ASSERT(missing);
	CU_EXPECT_INT(dl.len, n);
	CU_ASSERT_PTR_NULL(datafile_read(path, 100, NULL, "rules cache", NULL,
	    &len, &dl));
	CU_EXPECT_INT(dl.len, n + 1);

	/* Listing: by suffix, sorted, dot files skipped, bounded. */
	v = datafile_list(dir, ".yaml", 10, &n, &dl);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_EXPECT_INT(n, 3);
	CU_EXPECT_STR(v[0], "a.yaml");
	CU_EXPECT_STR(v[1], "b.yaml");
	CU_EXPECT_STR(v[2], "fifo.yaml");
	CU_ASSERT_PTR_NULL(v[3]);
	datafile_free_list(v, n);
	v = datafile_list(dir, ".yaml", 2, &n, &dl);
	CU_EXPECT_INT(n, 2);
	CU_ASSERT(diag_has(&dl, "more than 2 *.yaml files"));
	datafile_free_list(v, n);
	CU_ASSERT_PTR_NULL(datafile_list(path, ".yaml", 10, &n, &dl));
	CU_ASSERT(datafile_is_dir(dir));
	CU_ASSERT(!datafile_is_dir(path));

	/* Atomic write: replaced, readable by all, no temporary file left. */
	snprintf(path, sizeof(path), "%s/a.yaml", dir);
	CU_EXPECT_INT(datafile_write(path, "new", 3, &dl), 0);
	buf = datafile_read(path, 100, NULL, "rule file", NULL, &len, &dl);
	CU_EXPECT_STR(buf, "new");
	free(buf);
	CU_ASSERT(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
	v = datafile_list(dir, "", 100, &n, &dl);
	CU_EXPECT_INT(n, 4);	/* a.yaml b.yaml c.txt fifo.yaml: no temp */
	datafile_free_list(v, n);
	/* A directory that is not there: an error, nothing left behind. */
	snprintf(path, sizeof(path), "%s/no/such/x", dir);
	CU_EXPECT_INT(datafile_write(path, "x", 1, &dl), -1);
	CU_ASSERT(diag_has(&dl, "cannot write"));
	buf = datafile_path("/a//", "b");
	CU_EXPECT_STR(buf, "/a/b");
	free(buf);
	arena_free(&a);
	diag_free(&dl);
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "read (openat2)", t_read_openat2 },
		{ "read (fallback)", t_read_fallback },
		{ "resolvers agree", t_agree },
		{ "hostile paths (openat2)", t_hostile_openat2 },
		{ "hostile paths (fallback)", t_hostile_fallback },
		{ "glob (openat2)", t_glob_openat2 },
		{ "glob (fallback)", t_glob_fallback },
		{ "limits", t_limits },
		{ "run budgets", t_budgets },
		{ "link targets", t_link_target },
		{ "stat", t_stat },
		{ "paths, display, fsroot_new", t_paths },
		{ "no root", t_noroot },
		{ "replace (--fix)", t_replace },
		{ "glob matches read (openat2)", t_listed_openat2 },
		{ "glob matches read (fallback)", t_listed_fallback },
		{ "glob match with a device mounted", t_listed_mount },
		{ "literal glob matches read", t_literal },
		{ "looks remembered, forgotten", t_seen },
		{ "data files", t_datafile },
		{ NULL, NULL },
	};
	int	 rc;

	alarm(60);	/* a FIFO opened in blocking mode would hang */
	if (make_tree() < 0) {
		perror("test tree");
		return 3;
	}
	rc = cu_run("fsroot", tests);
	nftw(g_tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}
