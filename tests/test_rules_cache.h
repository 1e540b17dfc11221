/* SPDX-License-Identifier: MIT */
/*
 * test_rules_cache - rules.cache (rules_cache.c), included by test_rules.c:
 * the cache gives the same rules as the YAML, is used only while it
 * matches the files, is refused whole when damaged (every truncation,
 * byte flips), and is not written for rule files with errors.
 */
#ifndef MAILLINT_TEST_RULES_CACHE_H
#define MAILLINT_TEST_RULES_CACHE_H

#include "datafile.h"
#include "rules_int.h"

/* cache_try - rules_cache_load on dir's files; *rs_r the rule set */
static int
cache_try(const char *dir, struct ruleset **rs_r, int *rc_r)
{
	struct diag_list	 dl;
	char			**names, **data, *path;
	size_t			  n, i, *len;
	int			  used;

	diag_init(&dl);
	*rs_r = rules_new();
	*rc_r = 0;
	names = datafile_list(dir, ".yaml", RULES_MAX_FILES, &n, &dl);
	CU_ASSERT_PTR_NOT_NULL_FATAL(names);
	data = xcalloc(n + 1, sizeof(*data));
	len = xcalloc(n + 1, sizeof(*len));
	for (i = 0; i < n; i++) {
		path = datafile_path(dir, names[i]);
		data[i] = datafile_read(path, RULES_MAX_FILE, NULL, "rule file",
		    NULL, &len[i], &dl);
		free(path);
	}
	used = rules_cache_load(*rs_r, dir, names, data, len, n, &dl, rc_r);
	datafile_free_list(names, n);
	datafile_free_list(data, n);
	free(len);
	diag_free(&dl);
	return used;
}

/* same_rules - a and b hold the same rules, field by field */
static void
same_rules(const struct ruleset *a, const struct ruleset *b)
{
	size_t	i;

	CU_EXPECT_INT(rules_count(a), rules_count(b));
	for (i = 0; i < rules_count(a) && i < rules_count(b); i++) {
		const struct rule	*x = rules_get(a, i), *y = rules_get(b, i);

		CU_EXPECT_STR(rule_id(x), rule_id(y));
		CU_EXPECT_STR(rule_title(x), rule_title(y));
		CU_EXPECT_STR(rule_fix_summary(x), rule_fix_summary(y));
		CU_EXPECT_STR(rule_rationale(x), rule_rationale(y));
		CU_EXPECT_STR(rule_file(x), rule_file(y));
		CU_EXPECT_INT(rule_line(x), rule_line(y));
		CU_EXPECT_INT(rule_severity(x), rule_severity(y));
		CU_EXPECT_STR(rule_profiles(x), rule_profiles(y));
	}
}

static void
t_cache(void)
{
	char			 dir[] = "/tmp/maillint-rcache-XXXXXX";
	struct diag_list	 dl;
	struct ruleset		*yaml, *cached;
	char			*cache, *cmd, *buf, *text, *y;
	size_t			 n = 0, blen, i;
	FILE			*fp;
	int			 rc;

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
	 * crash or a leak (ASan). */
	fp = fopen(cache, "rb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	buf = xmalloc(1 << 20);
	blen = fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	for (i = 0; i < blen; i += i < 512 ? 1 : 61) {
		fp = fopen(cache, "wb");
		fwrite(buf, 1, i, fp);
		fclose(fp);
		CU_ASSERT(cache_try(dir, &cached, &rc) == 0);
		rules_free(&cached);
	}
	for (i = 0; i < blen; i += 13) {
		buf[i] ^= 0x5a;
		fp = fopen(cache, "wb");
		fwrite(buf, 1, blen, fp);
		fclose(fp);
		(void)cache_try(dir, &cached, &rc);
		rules_free(&cached);
		buf[i] ^= 0x5a;
	}
	free(buf);

	/* An edited rule file makes the cache stale: the YAML is read. */
	CU_EXPECT_INT(rules_compile_dir(dir, cache, &n, &dl), 0);
	text = xasprintf("%s/obsolete.yaml", dir);
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
