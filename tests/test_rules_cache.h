/* SPDX-License-Identifier: MIT */
/*
 * test_rules_cache - rules.cache (rules_cache.c), included by test_rules.c:
 * the cache gives the same rules as the YAML, is used only while it
 * matches the files, is refused whole when damaged (every truncation,
 * byte flips), and is not written for rule files with errors.
 */
#ifndef MAILLINT_TEST_RULES_CACHE_H
#define MAILLINT_TEST_RULES_CACHE_H

#include <fcntl.h>
#include <unistd.h>

#include "datafile.h"
#include "rules_int.h"

/* cache_try - rules_cache_load on dir's files; *rs_r the rule set */
static int
cache_try(const char *dir, struct ruleset **rs_r, int *rc_r)
{
	struct diag_list	 dl;
	char			**names;
	size_t			  n;
	int			  used;

	diag_init(&dl);
	names = datafile_list(dir, ".yaml", RULES_MAX_FILES, &n, &dl);
	CU_ASSERT_PTR_NOT_NULL_FATAL(names);
	*rs_r = rules_new();
	*rc_r = 0;
	used = rules_cache_load(*rs_r, dir, names, n, &dl, rc_r);
	datafile_free_list(names, n);
	diag_free(&dl);
	return used;
}

/* same_rules - a and b hold the same rules, field by field */
static void
same_rules(const struct ruleset *a, const struct ruleset *b)
{
	struct strbuf	sx = STRBUF_INIT, sy = STRBUF_INIT;
	size_t		i;

	CU_EXPECT_INT(rules_count(a), rules_count(b));
	for (i = 0; i < rules_count(a) && i < rules_count(b); i++) {
		const struct rule	*x = rules_get(a, i), *y = rules_get(b, i);

		CU_EXPECT_STR(rule_id(x), rule_id(y));
		CU_EXPECT_STR(rule_title(x), rule_title(y));
		/* two buffers: the summaries are compared, not a buffer
		 * with itself */
		CU_EXPECT_STR(rule_fix_summary(x, &sx), rule_fix_summary(y, &sy));
		CU_EXPECT_STR(rule_rationale(x), rule_rationale(y));
		CU_EXPECT_STR(rule_file(x), rule_file(y));
		CU_EXPECT_INT(rule_line(x), rule_line(y));
		CU_EXPECT_INT(rule_severity(x), rule_severity(y));
		CU_EXPECT_STR(rule_profiles(x), rule_profiles(y));
	}
	strbuf_free(&sx);
	strbuf_free(&sy);
}

static void
t_cache(void)
{
	char			 dir[] = "/tmp/maillint-rcache-XXXXXX";
	struct diag_list	 dl;
	struct ruleset		*yaml, *cached;
	char			*cache, *cmd, *buf, *text, *y;
	size_t			 n = 0, blen, i, k;
	FILE			*fp;
	int			 rc, fd;
	struct timespec		 old[2] = { { 0, 0 }, { 946684800, 0 } };

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	/* The repository's rules, copied: YAML and cache agree. */
	cmd = xasprintf("cp '%s'/rules/*.yaml '%s'", SRCDATADIR, dir);
	CU_EXPECT_INT(system(cmd), 0);
	free(cmd);
	diag_init(&dl);
	yaml = rules_new();
	CU_EXPECT_INT(rules_load_dir(yaml, dir, &dl), 0);
	cache = xasprintf("%s/%s", dir, RULES_CACHE_NAME);
	CU_EXPECT_INT(rules_compile_dir(dir, cache, &n, &dl), 0);
	CU_EXPECT_INT(n, rules_count(yaml));
	CU_EXPECT_INT(dl.len, 0);
	CU_EXPECT_INT(cache_try(dir, &cached, &rc), 1);
	CU_EXPECT_INT(rc, 0);
	same_rules(yaml, cached);
	rules_free(&cached);
	/* rules_load_dir takes it too, with the same result. */
	cached = rules_new();
	CU_EXPECT_INT(rules_load_dir(cached, dir, &dl), 0);
	same_rules(yaml, cached);
	rules_free(&cached);
	rules_free(&yaml);

	/* Truncations (every one in the first 512 bytes) and a byte flip
	 * every 13 bytes: refused, or used if the flip hit a string, never a
	 * crash or a leak (ASan).  The rule files are read once; the cache
	 * file is cut shorter step by step (longest first) and then patched
	 * in place, one byte at a time. */
	fp = fopen(cache, "rb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	buf = xmalloc(1 << 20);
	blen = fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	fd = open(cache, O_RDWR);
	CU_ASSERT_FATAL(fd >= 0);
	for (k = blen; k > 0; k--) {
		i = k - 1;
		if (i >= 512 && (i - 512) % 61 != 0)
			continue;
		CU_ASSERT_FATAL(ftruncate(fd, (off_t)i) == 0);
		CU_ASSERT(cache_try(dir, &cached, &rc) == 0);
		rules_free(&cached);
	}
	CU_ASSERT_FATAL(pwrite(fd, buf, blen, 0) == (ssize_t)blen);
	for (i = 0; i < blen; i += 13) {
		char	c = (char)(buf[i] ^ 0x5a);

		CU_ASSERT_FATAL(pwrite(fd, &c, 1, (off_t)i) == 1);
		(void)cache_try(dir, &cached, &rc);
		rules_free(&cached);
		CU_ASSERT_FATAL(pwrite(fd, &buf[i], 1, (off_t)i) == 1);
	}
	close(fd);
	free(buf);

	/* A rule file with another time (copied, installed, touched) but
	 * the same text: the cache is used, the text compared. */
	CU_EXPECT_INT(rules_compile_dir(dir, cache, &n, &dl), 0);
	text = xasprintf("%s/obsolete.yaml", dir);
	old[0].tv_nsec = UTIME_OMIT;
	CU_EXPECT_INT(utimensat(AT_FDCWD, text, old, 0), 0);
	CU_EXPECT_INT(cache_try(dir, &cached, &rc), 1);
	rules_free(&cached);
	/* The same size, another text: the cache is stale. */
	fp = fopen(text, "r+");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	CU_EXPECT_INT(fseek(fp, 1, SEEK_SET), 0);
	fputs("#", fp);		/* "# Obsolete" becomes "##Obsolete" */
	fclose(fp);
	CU_EXPECT_INT(cache_try(dir, &cached, &rc), 0);
	rules_free(&cached);

	/* An edited rule file makes the cache stale: the YAML is read. */
	CU_EXPECT_INT(rules_compile_dir(dir, cache, &n, &dl), 0);
	fp = fopen(text, "a");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs("# edited\n", fp);
	fclose(fp);
	free(text);
	CU_EXPECT_INT(cache_try(dir, &cached, &rc), 0);
	rules_free(&cached);
	cached = rules_new();
	CU_EXPECT_INT(rules_load_dir(cached, dir, &dl), 0);
	CU_EXPECT_INT(rules_count(cached), n);
	rules_free(&cached);
	CU_EXPECT_INT(dl.len, 0);

	/* A rule with an error: diagnostics, no cache written. */
	CU_EXPECT_INT(unlink(cache), 0);
	y = rule_yaml("postfix", "config", NULL, "{no_such_fact: 1}", "m",
	    NULL);
	write_file(dir, "bad.yaml", y);
	free(y);
	CU_EXPECT_INT(rules_compile_dir(dir, cache, &n, &dl), -1);
	CU_ASSERT(dl.len > 0);
	CU_EXPECT_INT(access(cache, F_OK), -1);
	diag_free(&dl);
	free(cache);
	cmd = xasprintf("rm -rf '%s'", dir);
	CU_EXPECT_INT(system(cmd), 0);
	free(cmd);
}

#endif
