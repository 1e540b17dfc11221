/* SPDX-License-Identifier: MIT */
/*
 * test_core - arena, hmap, strbuf, diag, json and textesc.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "certdate.h"
#include "cu.h"
#include "diag.h"
#include "hmap.h"
#include "json.h"
#include "jsonread.h"
#include "strbuf.h"
#include "suppress.h"
#include "textesc.h"
#include "utf8.h"

static void
t_arena(void)
{
	struct arena	*a = arena_new();
	char		*big, *s;
	size_t		 i;

	s = arena_strdup(a, "hello");
	CU_EXPECT_STR(s, "hello");
	/* A request larger than a chunk gets its own chunk and small
	 * allocations keep working after it. */
	big = arena_alloc(a, 200000);
	memset(big, 'x', 200000);
	for (i = 0; i < 10000; i++)
		CU_ASSERT_PTR_NOT_NULL(arena_printf(a, "%zu", i));
	CU_EXPECT_STR(arena_printf(a, "%s-%d", "a", 7), "a-7");
	CU_EXPECT_STR(arena_strndup(a, "abcdef", 3), "abc");
	/* after an odd-sized string, an object is aligned for pointers
	 * and doubles (arena.h) */
	(void)arena_strndup(a, "abcdef", 4);
	CU_ASSERT(((uintptr_t)arena_alloc(a, 3) % _Alignof(void *)) == 0);
	(void)arena_strndup(a, "abcdef", 2);
	CU_ASSERT(((uintptr_t)arena_alloc(a, 3) % _Alignof(double)) == 0);
	CU_ASSERT(arena_bytes(a) >= 200000);
	arena_free(&a);
	CU_ASSERT_PTR_NULL(a);
	arena_free(&a);		/* NULL is fine */
}

/* Many arenas, past the 2 MiB region of chunks (arena.c): freed chunks
 * come back zeroed where arena_alloc promises it, memory stays distinct,
 * large raw buffers work from the region and beyond. */
static void
t_arena_pool(void)
{
	struct arena	*a[40];
	unsigned char	*p[40], *raw;
	size_t		 i, k, bad = 0;

	for (k = 0; k < 3; k++) {
		for (i = 0; i < 40; i++) {
			a[i] = arena_new();
			p[i] = arena_alloc(a[i], 60000);
			if (p[i][0] != 0 || p[i][59999] != 0)
				bad++;
			memset(p[i], (int)i + 1, 60000);
			raw = arena_alloc_raw(a[i], 100000 + i);
			memset(raw, 0xee, 100000 + i);
		}
		for (i = 0; i < 40; i++)
			if (p[i][0] != i + 1 || p[i][59999] != i + 1)
				bad++;
		for (i = 0; i < 40; i++)
			arena_free(&a[i]);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void
t_hmap(void)
{
	struct hmap	 m = HMAP_INIT;
	char		 keys[5000][8];
	int		 vals[5000];
	size_t		 i, cap;

	CU_ASSERT_PTR_NULL(hmap_get(&m, "x"));
	for (i = 0; i < 5000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%zu", i);
		vals[i] = (int)i;
		CU_ASSERT_PTR_NULL(hmap_put(&m, keys[i], &vals[i]));
	}
	CU_EXPECT_INT(m.len, 5000);
	for (i = 0; i < 5000; i++)
		CU_ASSERT(hmap_get(&m, keys[i]) == &vals[i]);
	CU_ASSERT(hmap_put(&m, "k7", &vals[0]) == &vals[7]);
	CU_ASSERT(hmap_get(&m, "k7") == &vals[0]);
	CU_EXPECT_INT(m.len, 5000);
	CU_ASSERT_PTR_NULL(hmap_get(&m, "k5000"));
	/* The entries: in the order first put, a replaced value in place. */
	for (i = 0; i < 5000; i++)
		if (m.ents[i].key != keys[i] ||
		    m.ents[i].val != (i == 7 ? &vals[0] : &vals[i]))
			break;
	CU_EXPECT_INT(i, 5000);
	CU_ASSERT(m.cap * 3 >= (m.len + 1) * 4 - 4);
	hmap_free(&m);
	CU_ASSERT_PTR_NULL(hmap_get(&m, "k1"));

	/* Reserved room: 5000 puts, no growth; keys already there stay. */
	CU_ASSERT_PTR_NULL(hmap_put(&m, "k1", &vals[1]));
	hmap_reserve(&m, 5000);
	cap = m.cap;
	CU_ASSERT(cap * 3 >= 5001 * 4);
	CU_ASSERT(hmap_get(&m, "k1") == &vals[1]);
	for (i = 2; i < 5000; i++)
		(void)hmap_put(&m, keys[i], &vals[i]);
	(void)hmap_put(&m, keys[0], &vals[0]);
	CU_EXPECT_INT(m.len, 5000);
	CU_EXPECT_INT(m.cap, cap);
	for (i = 0; i < 5000; i++)
		CU_ASSERT(hmap_get(&m, keys[i]) == &vals[i]);
	hmap_reserve(&m, 0);		/* nothing to do */
	CU_EXPECT_INT(m.len, 5000);
	hmap_free(&m);
}

static void
t_strbuf(void)
{
	struct strbuf	b = STRBUF_INIT;
	int		i;

	CU_EXPECT_STR(strbuf_cstr(&b), "");
	for (i = 0; i < 100; i++)
		strbuf_adds(&b, "ab");
	CU_EXPECT_INT(b.len, 200);
	strbuf_reset(&b);
	strbuf_printf(&b, "%d:%s", 42, "x");
	strbuf_addc(&b, '!');
	CU_EXPECT_STR(strbuf_cstr(&b), "42:x!");
	strbuf_free(&b);
}

static void
t_diag(void)
{
	struct diag_list	dl;
	struct loc		loc = { "b.cf", 3, 1 };
	size_t			i;

	diag_init(&dl);
	CU_EXPECT_INT(diag_worst(&dl), -1);
	diag_add(&dl, SEV_WARN, &loc, "w%d", 1);
	diag_addf(&dl, SEV_ERROR, "a.cf", 9, 2, "e");
	diag_addf(&dl, SEV_INFO, "b.cf", 3, 1, "second at same place");
	diag_add(&dl, SEV_INFO, NULL, "no location");
	CU_EXPECT_INT(diag_worst(&dl), SEV_ERROR);
	diag_sort(&dl);
	CU_EXPECT_STR(dl.v[0].msg, "no location");
	CU_EXPECT_STR(dl.v[1].loc.file, "a.cf");
	CU_EXPECT_STR(dl.v[2].msg, "w1");	/* stable: insertion order kept */
	CU_EXPECT_STR(dl.v[3].msg, "second at same place");
	diag_free(&dl);
	diag_init(&dl);
	dl.max = 10;
	for (i = 0; i < 25; i++)
		diag_add(&dl, SEV_ERROR, NULL, "x");
	CU_EXPECT_INT(dl.len, 10);
	CU_EXPECT_INT(dl.dropped, 15);
	diag_free(&dl);
	CU_EXPECT_INT(sev_parse("warning"), SEV_WARN);
	CU_EXPECT_INT(sev_parse("bogus"), -1);
}

/* capture - run fn writing to a memory stream, return the text */
static char *
capture_json(const char *s, size_t n)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);

	json_escape_to(f, s, n);
	fclose(f);
	return buf;
}

static const struct {
	const char	*in;
	size_t		 n;
	const char	*want;
} json_cases[] = {
	{ .in = "plain", .n = 5, .want = "plain" },
	{ .in = "q\"b\\", .n = 4, .want = "q\\\"b\\\\" },
	{ .in = "a\nb\tc\rd", .n = 7, .want = "a\\nb\\tc\\rd" },
	{ .in = "\x1b[31m", .n = 5, .want = "\\u001b[31m" },
	{ .in = "nul\0x", .n = 5, .want = "nul\\u0000x" },
	{ .in = "caf\xc3\xa9", .n = 5, .want = "caf\xc3\xa9" },
	{ .in = "bad\xff", .n = 4, .want = "bad\\ufffd" },
	{ .in = "\xc0\xaf", .n = 2, .want = "\\ufffd\\ufffd" },	/* overlong */
	{ .in = "\xed\xa0\x80", .n = 3, .want = "\\ufffd\\ufffd\\ufffd" }, /* surrogate */
	{ .in = "\xe2\x82", .n = 2, .want = "\\ufffd\\ufffd" },	/* truncated */
};

static void
t_json_escape(void)
{
	size_t	i;

	for (i = 0; i < sizeof(json_cases) / sizeof(json_cases[0]); i++) {
		char	*got = capture_json(json_cases[i].in, json_cases[i].n);

		CU_EXPECT_STR(got, json_cases[i].want);
		free(got);
	}
}

static void
t_json_writer(void)
{
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*f = open_memstream(&buf, &len);
	struct json	 j;

	json_init(&j, f, false);
	json_obj_begin(&j);
	json_kv_str(&j, "a", "x");
	json_key(&j, "l");
	json_arr_begin(&j);
	json_int(&j, 1);
	json_bool(&j, true);
	json_null(&j);
	json_obj_begin(&j);
	json_obj_end(&j);
	json_arr_end(&j);
	json_kv_str(&j, "n", NULL);
	json_obj_end(&j);
	fclose(f);
	CU_EXPECT_STR(buf, "{\"a\":\"x\",\"l\":[1,true,null,{}],\"n\":null}");
	free(buf);
}

static void
t_utf8(void)
{
	static const struct {
		const char	*in;
		size_t		 n;	/* bytes visible */
		size_t		 want;	/* sequence length, 0 = invalid */
		unsigned	 cp;
	} cases[] = {
		{ "A", 1, 1, 0x41 },
		{ "\xc3\xa9", 2, 2, 0xe9 },
		{ "\xe2\x82\xac", 3, 3, 0x20ac },
		{ "\xf0\x9f\x98\x80", 4, 4, 0x1f600 },
		{ "\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff },
		{ "\xc3\xa9", 1, 0, 0 },		/* cut by n */
		{ "\xe2\x82", 4, 0, 0 },		/* cut by the NUL */
		{ "\xc0\xaf", 2, 0, 0 },		/* overlong '/' */
		{ "\xe0\x80\xaf", 3, 0, 0 },	/* overlong */
		{ "\xf0\x82\x82\xac", 4, 0, 0 },	/* overlong */
		{ "\xed\xa0\x80", 3, 0, 0 },	/* surrogate */
		{ "\xf4\x90\x80\x80", 4, 0, 0 },	/* past U+10FFFF */
		{ "\xff", 1, 0, 0 },
		{ "\x80", 1, 0, 0 },		/* lone continuation */
		{ "", 0, 0, 0 },
	};
	size_t		i;
	unsigned	cp;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cp = 0;
		CU_EXPECT_INT(utf8_seq((const unsigned char *)cases[i].in,
		    cases[i].n, &cp), cases[i].want);
		if (cases[i].want != 0)
			CU_EXPECT_INT(cp, cases[i].cp);
	}
}

static void
t_textesc(void)
{
	static const struct {
		const char	*in, *want, *want_lines;
	} cases[] = {
		{ "ok text", "ok text", NULL },
		{ "\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07", NULL },
		{ "tab\tkept", "tab\tkept", NULL },
		{ "nl\nx", "nl\\x0ax", "nl\nx" },
		{ "a\n\x1b[2J\n", "a\\x0a\\x1b[2J\\x0a", "a\n\\x1b[2J\n" },
		{ "\xc2\x9b" "31m", "\\xc2\\x9b31m", NULL },		/* C1 CSI */
		{ "\xe2\x80\xae" "rev", "\\xe2\\x80\\xaerev", NULL },	/* bidi override */
		{ "caf\xc3\xa9", "caf\xc3\xa9", NULL },
		{ "\xff", "\\xff", NULL },
	};
	size_t	i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char	*buf = NULL;
		size_t	 len = 0;
		FILE	*f = open_memstream(&buf, &len);

		textesc_put(f, cases[i].in);
		fclose(f);
		CU_EXPECT_STR(buf, cases[i].want);
		free(buf);
		/* Our own multi-line text: line feeds kept, the rest escaped. */
		buf = NULL;
		f = open_memstream(&buf, &len);
		textesc_put_lines(f, cases[i].in);
		fclose(f);
		CU_EXPECT_STR(buf, cases[i].want_lines != NULL ?
		    cases[i].want_lines : cases[i].want);
		free(buf);
	}
}

/* A problem as suppress_problems() reports it, for the tests. */
struct sup_seen {
	char	text[8][200];
	size_t	n;
};

static void
seen_problem(void *ctx, enum sup_problem what, const char *file,
    unsigned line, const char *message, const char *message_l10n)
{
	struct sup_seen	*sn = ctx;

	(void)message_l10n;
	if (sn->n < 8)
		snprintf(sn->text[sn->n++], sizeof(sn->text[0]), "%d %s:%u %s",
		    (int)what, file, line, message);
}

/* reason=, until=, and what suppress_problems() says of each directive */
static void
t_suppress_until(void)
{
	static const char main_cf[] =
	    "# maillint: disable=PF-TLS-003 reason=\"legacy MTA\" until=2026-06-30\n"
	    "smtpd_tls_protocols = !SSLv2\n"
	    "# maillint: disable=PF-TLS-012 until=2027-01-31\n"
	    "smtpd_tls_mandatory_protocols = !SSLv2\n"
	    "# maillint: disable=PF-AUTH-001 reason=\"no AUTH here\"\n"
	    "smtpd_sasl_auth_enable = no\n"
	    "# maillint: disable=PF-X-001 until=tomorrow\n"
	    "x = 1\n";
	struct suppress		*s = suppress_new();
	struct diag_list	 dl;
	struct sup_seen		 sn;
	certtime_t		 june = certdate_from_civil(2026, 6, 30, 23, 0, 0);
	certtime_t		 july = certdate_from_civil(2026, 7, 1, 0, 0, 0);

	diag_init(&dl);
	memset(&sn, 0, sizeof(sn));
	suppress_scan(s, "main.cf", main_cf, sizeof(main_cf) - 1, &dl);
	CU_EXPECT_INT(suppress_count(s), 4);
	CU_EXPECT_INT(dl.len, 1);	/* until=tomorrow */
	CU_ASSERT(suppress_match(s, "main.cf", 2, "PF-TLS-003", june));
	CU_ASSERT(!suppress_match(s, "main.cf", 2, "PF-TLS-003", july));
	CU_ASSERT(suppress_match(s, "main.cf", 4, "PF-TLS-012", july));
	/* as of July: the first expired (and was hit), the third silenced
	 * nothing, the fourth too; strict: the second and fourth give no
	 * reason */
	suppress_problems(s, july, true, seen_problem, &sn);
	CU_EXPECT_INT(sn.n, 5);
	CU_EXPECT_STR(sn.text[0], "1 main.cf:1 the suppression of PF-TLS-003 "
	    "expired on 2026-06-30: its findings are reported again");
	CU_EXPECT_STR(sn.text[1], "2 main.cf:3 the suppression of PF-TLS-012 "
	    "gives no reason (add reason=\"...\")");
	CU_EXPECT_STR(sn.text[2], "0 main.cf:5 the suppression of PF-AUTH-001 "
	    "silences nothing: remove it");
	CU_EXPECT_STR(sn.text[3], "0 main.cf:7 the suppression of PF-X-001 "
	    "silences nothing: remove it");
	CU_EXPECT_STR(sn.text[4], "2 main.cf:7 the suppression of PF-X-001 "
	    "gives no reason (add reason=\"...\")");
	memset(&sn, 0, sizeof(sn));
	suppress_problems(s, july, false, seen_problem, &sn);
	CU_EXPECT_INT(sn.n, 3);
	suppress_free(&s);
	diag_free(&dl);
}

static void
t_suppress(void)
{
	static const char main_cf[] =
	    "# maillint: disable-file=DC-TLS-004 reason here\n"
	    "a = 1\n"
	    "# maillint: disable=PF-TLS-003,PF-AUTH-001 port 25 stays open\n"
	    "\n"
	    "# another comment\n"
	    "smtpd_tls_protocols = !SSLv2\n"
	    "  # maillint: disable=all\n"
	    "x = y\n"
	    "# maillint: frobnicate\n"
	    "# maillint: disable=\n"
	    "z = 1\n"
	    "# maillint: disable=PF-X-001\n";
	struct suppress		*s = suppress_new();
	struct diag_list	 dl;

	diag_init(&dl);
	suppress_scan(s, "main.cf", main_cf, sizeof(main_cf) - 1, &dl);
	CU_EXPECT_INT(suppress_count(s), 3);
	CU_ASSERT(suppress_match(s, "main.cf", 6, "PF-TLS-003", 0));
	CU_ASSERT(suppress_match(s, "main.cf", 6, "pf-auth-001", 0));
	CU_ASSERT(!suppress_match(s, "main.cf", 6, "PF-TLS-002", 0));
	CU_ASSERT(!suppress_match(s, "main.cf", 2, "PF-TLS-003", 0));
	CU_ASSERT(suppress_match(s, "main.cf", 8, "ANY-RULE", 0));
	CU_ASSERT(suppress_match(s, "main.cf", 0, "DC-TLS-004", 0));
	CU_ASSERT(suppress_match(s, "main.cf", 11, "DC-TLS-004", 0));
	CU_ASSERT(!suppress_match(s, "other.cf", 6, "PF-TLS-003", 0));
	CU_ASSERT(!suppress_match(s, "main.cf", 0, "PF-TLS-003", 0));
	CU_EXPECT_INT(dl.len, 2);	/* unknown directive, no ids */
	CU_EXPECT_INT(dl.v[0].loc.line, 9);
	suppress_free(&s);
	CU_ASSERT_PTR_NULL(s);
	diag_free(&dl);
}

/* jsonread: valid and invalid texts, and the writer's output read back */
static void
t_jsonread(void)
{
	static const struct {
		const char	*in;
		const char	*err;	/* NULL: valid */
	} cases[] = {
		{ " {\"a\": [1, -2.5e3, true, false, null, \"x\"]} ", NULL },
		{ "\"\\u00e9\\ud83d\\ude00\\n\"", NULL },
		{ "[]", NULL }, { "{}", NULL }, { "0", NULL },
		{ "", "unexpected end" },
		{ "[1,]", "unexpected character" },
		{ "[1,", "unexpected end" },
		{ "{\"a\" 1}", "expected ':'" },
		{ "[1 2]", "expected ',' or ']'" },
		{ "01", "text after the value" },
		{ "\"a\x01\"", "control character in a string" },
		{ "\"\\ud800\"", "lone high surrogate" },
		{ "\"\\udc00\"", "lone low surrogate" },
		{ "\"\xc3\x28\"", "invalid UTF-8 in a string" },
		{ "\"abc", "unterminated string" },
		{ "tru", "unknown literal" },
		{ "1e999", "number out of range" },
		{ "-", "bad number" },
		{ "\"\\q\"", "bad escape" },
	};
	struct arena		*a = arena_new();
	const struct jv		*v;
	const char		*err;
	size_t			 i, off;
	char			 deep[2 * JSONREAD_MAX_DEPTH + 8];
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*f;
	struct json		 j;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err = NULL;
		v = jv_parse(a, cases[i].in, strlen(cases[i].in), &err, &off);
		if (cases[i].err == NULL) {
			CU_ASSERT(v != NULL);
		} else {
			CU_ASSERT(v == NULL);
			CU_EXPECT_STR(err != NULL ? err : "", cases[i].err);
		}
	}
	v = jv_parse(a, cases[0].in, strlen(cases[0].in), &err, &off);
	CU_ASSERT_FATAL(v != NULL);
	CU_EXPECT_INT(jv_n(jv_get(v, "a")), 6);
	CU_EXPECT_INT(jv_int(jv_at(jv_get(v, "a"), 1), 0), -2500);
	CU_ASSERT(jv_at(jv_get(v, "a"), 2)->b);
	CU_ASSERT(!jv_at(jv_get(v, "a"), 3)->b);
	CU_EXPECT_STR(jv_str(jv_at(jv_get(v, "a"), 5)), "x");
	CU_ASSERT(jv_get(v, "b") == NULL && jv_at(v, 0) == NULL);
	v = jv_parse(a, cases[1].in, strlen(cases[1].in), &err, &off);
	CU_ASSERT_FATAL(v != NULL);
	CU_EXPECT_STR(jv_str(v), "\xc3\xa9\xf0\x9f\x98\x80\n");
	/* nesting: the cap, and one past it */
	memset(deep, '[', JSONREAD_MAX_DEPTH + 1);
	memset(deep + JSONREAD_MAX_DEPTH + 1, ']', JSONREAD_MAX_DEPTH + 1);
	CU_ASSERT(jv_parse(a, deep, 2 * JSONREAD_MAX_DEPTH + 2, &err, &off) !=
	    NULL);
	memset(deep, '[', JSONREAD_MAX_DEPTH + 2);
	memset(deep + JSONREAD_MAX_DEPTH + 2, ']', JSONREAD_MAX_DEPTH + 2);
	CU_ASSERT(jv_parse(a, deep, 2 * JSONREAD_MAX_DEPTH + 4, &err, &off) ==
	    NULL);
	CU_EXPECT_STR(err, "nested too deeply");
	/* what the writer writes (control bytes, bad UTF-8) reads back */
	f = open_memstream(&buf, &len);
	CU_ASSERT_FATAL(f != NULL);
	json_init(&j, f, false);
	json_obj_begin(&j);
	json_kv_str(&j, "k\x01", "tab\there \x1b[31m \xff end");
	json_kv_int(&j, "n", -42);
	json_obj_end(&j);
	json_end(&j);
	fclose(f);
	v = jv_parse(a, buf, len, &err, &off);
	CU_ASSERT_FATAL(v != NULL);
	CU_EXPECT_STR(jv_str(jv_get(v, "k\x01")),
	    "tab\there \x1b[31m \xef\xbf\xbd end");
	CU_EXPECT_INT(jv_int(jv_get(v, "n"), 0), -42);
	free(buf);
	arena_free(&a);
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "arena", t_arena },
		{ "arena: the region of chunks", t_arena_pool },
		{ "hmap", t_hmap },
		{ "strbuf", t_strbuf },
		{ "diag", t_diag },
		{ "json escaping", t_json_escape },
		{ "json writer", t_json_writer },
		{ "json reader", t_jsonread },
		{ "utf8", t_utf8 },
		{ "terminal escaping", t_textesc },
		{ "inline suppressions", t_suppress },
		{ "suppressions: reason, until, problems", t_suppress_until },
		{ NULL, NULL }
	};

	return cu_run("core", tests);
}
