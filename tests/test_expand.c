/* SPDX-License-Identifier: MIT */
/*
 * test_expand - CUnit tests for version, tlsproto and pfexpand.  Values
 * marked "postconf" were observed with postconf 3.7.11 (-c DIR -xh
 * smtpd_banner, main.cf also has mydomain = example.com), "doveconf" ones
 * with doveconf 2.3.19.1 (-c FILE -h ssl_min_protocol, FILE has "ssl = no"
 * and the ssl_protocols line).  Where postconf fails ("fatal: macro
 * processing error") pfexpand keeps the reference and sets PFEXP_SYNTAX.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "ciphers.h"
#include "cu.h"
#include "pfexpand.h"
#include "strbuf.h"
#include "tlsproto.h"
#include "version.h"

#define VBAD(s)	{ s, -1, { 0, 0, 0, 0 } }

static void
t_version_parse(void)
{
	static const struct {
		const char	*in;
		int		 rc;
		struct version	 v;
	} tc[] = {
		{ "3", 0, { 3, 0, 0, 0 } }, { "03.07", 0, { 3, 7, 0, 0 } },
		{ "3.7", 0, { 3, 7, 0, 0 } }, { "3.7.11", 0, { 3, 7, 11, 0 } },
		{ "2.3.19.1", 0, { 2, 3, 19, 1 } },
		{ "4294967295", 0, { 4294967295u, 0, 0, 0 } },
		VBAD(""), VBAD("."), VBAD("3."), VBAD(".3"), VBAD("3..7"),
		VBAD("1.2.3.4.5"), VBAD("a"), VBAD("3a"), VBAD(" 3"),
		VBAD("3 "), VBAD("-3"), VBAD("+3"), VBAD("3.7.11-1"),
		VBAD("4294967296"), VBAD("2.3.99999999999"),
	};
	struct version	v;
	size_t		i;

	for (i = 0; i < sizeof(tc) / sizeof(tc[0]); i++) {
		memset(&v, 0, sizeof(v));
		CU_EXPECT_INT(version_parse(tc[i].in, &v), tc[i].rc);
		if (memcmp(&v, &tc[i].v, sizeof(v)) != 0)
			fprintf(stderr, "version \"%s\"\n", tc[i].in);
		CU_ASSERT(memcmp(&v, &tc[i].v, sizeof(v)) == 0);
	}
	CU_EXPECT_INT(version_parse(NULL, &v), -1);
}

static void
t_version_cmp(void)
{
	static const struct {
		const char	*a, *b;
		int		 want;
	} cmp[] = {
		{ "3.10", "3.9", 1 }, { "3.6", "3.6.0", 0 },
		{ "3", "3.0.0.0", 0 }, { "2.3.19", "2.3.19.1", -1 },
		{ "2.4", "2.3.21", 1 }, { "4294967295", "1", 1 },
	};
	static const struct {
		struct version	 v;
		unsigned	 size;
		const char	*want;
	} fmt[] = {
		{ { 3, 7, 0, 0 }, 32, "3.7" }, { { 3, 0, 0, 0 }, 32, "3.0" },
		{ { 2, 3, 19, 1 }, 32, "2.3.19.1" },
		{ { 1, 0, 0, 5 }, 32, "1.0.0.5" },
		{ { 2, 3, 19, 0 }, 4, "2.3" },	/* truncated */
	};
	struct version	v, w;
	char		buf[32];
	size_t		i;
	int		r;

	for (i = 0; i < sizeof(cmp) / sizeof(cmp[0]); i++) {
		CU_ASSERT_FATAL(version_parse(cmp[i].a, &v) == 0 &&
		    version_parse(cmp[i].b, &w) == 0);
		r = version_cmp(&v, &w);
		CU_EXPECT_INT((r > 0) - (r < 0), cmp[i].want);
		r = version_cmp(&w, &v);
		CU_EXPECT_INT((r > 0) - (r < 0), -cmp[i].want);
	}
	CU_ASSERT_FATAL(version_parse("3.7.11", &v) == 0);
	CU_EXPECT_INT(version_at_least(&v, "3.6"), 1);
	CU_EXPECT_INT(version_at_least(&v, "3.7.11"), 1);
	CU_EXPECT_INT(version_at_least(&v, "3.7.12"), 0);
	CU_EXPECT_INT(version_at_least(&v, "garbage"), 0);
	CU_EXPECT_STR(version_format(&v, buf, sizeof(buf)), "3.7.11");
	for (i = 0; i < sizeof(fmt) / sizeof(fmt[0]); i++)
		CU_EXPECT_STR(version_format(&fmt[i].v, buf, fmt[i].size),
		    fmt[i].want);
}

#define V2	TLSV_SSLv2
#define V3	TLSV_SSLv3
#define T10	TLSV_TLSv1
#define T11	TLSV_TLSv1_1
#define T12	TLSV_TLSv1_2
#define T13	TLSV_TLSv1_3
#define UP_T10	(T10 | T11 | T12 | T13)	/* TLSv1 and up */
#define UP_T11	(T11 | T12 | T13)

#define OK(list, ver, mask)	{ list, ver, "", 0, mask }
#define BAD(list, ver)		{ list, ver, list, -1, 0 }

static void
t_tls_postfix(void)
{
	static const struct {
		const char	*list, *pfver, *bad;
		int		 rc;
		unsigned	 mask;
	} tc[] = {
		OK("", NULL, TLSV_ALL), OK(" , :\t\r\n", "3.7", TLSV_ALL),
		OK(">=TLSv1", "3.7", UP_T10),
		OK("!SSLv2, !SSLv3", "3.7", UP_T10),
		OK("!SSLv2,!SSLv3,!TLSv1,!TLSv1.1", NULL, T12 | T13),
		OK(">=TLSv1.2", NULL, T12 | T13),
		OK(">=tlsv1.2", NULL, T12 | T13), BAD(">=TLSv1.2", "3.5"),
		BAD("<=TLSv1.2", "3.5.20"), OK("TLSv1.2", NULL, T12),
		OK("TLSv1.2 TLSv1.3", NULL, T12 | T13),
		OK("TLSv1.2, !TLSv1.2", NULL, 0),
		OK("!TLSv1.1", NULL, V2 | V3 | T10 | T12 | T13),
		OK(">=TLSv1 !TLSv1.2", NULL, T10 | T11 | T13),
		OK("tlsv1.2", NULL, T12), BAD("TLSv1.0", NULL),
		{ "!SSLv2 bogus !SSLv3", NULL, "bogus", -1, 0 },
		BAD("!", NULL), BAD("!!SSLv3", NULL),
		OK(">=0x0303", NULL, T12 | T13), OK(">=0303", NULL, T12 | T13),
		OK(">=303", NULL, T12 | T13), OK(">=0x303", NULL, T12 | T13),
		OK("<=TLSv1.2", NULL, V2 | V3 | T10 | T11 | T12),
		OK(">=TLSv1 <=TLSv1.2", NULL, T10 | T11 | T12),
		OK(">=TLSv1.1:<=0x0302", NULL, T11),
		OK(">=TLSv1.3 <=TLSv1.2", NULL, 0),
		/* ">=" alone: strtoul("") accepts "", so no floor */
		OK(">= TLSv1.2", NULL, T12), OK(">=None", NULL, TLSV_ALL),
		OK("<=none", NULL, TLSV_ALL),
		/* OpenSSL refuses these bounds; Postfix warns and goes on */
		OK(">=0x0002", NULL, TLSV_ALL), OK(">=0x0305", NULL, TLSV_ALL),
		BAD(">=0xZZ", NULL), BAD(">=SSLv2", NULL),
		BAD(">=TLSv1.0", NULL), BAD("!0x0301", NULL),
		BAD("0x0301", NULL), BAD("=>TLSv1", NULL),
		OK(">=TLSv1.3", "3.7", T13),
		OK("!TLSv1.3", "3.4", V2 | V3 | T10 | T11 | T12),
		BAD("!TLSv1.3", "3.3.2"), BAD("TLSv1.3", "3.3"),
		/* a 3.3 include list cannot exclude TLSv1.3, unknown to it */
		OK("TLSv1.2", "3.3", T12 | T13),
		OK("!SSLv2 !SSLv3", "2.11", UP_T10),
	};
	struct version	ver;
	unsigned	mask;
	char		bad[64];
	size_t		i;

	for (i = 0; i < sizeof(tc) / sizeof(tc[0]); i++) {
		if (tc[i].pfver != NULL)
			CU_ASSERT_FATAL(version_parse(tc[i].pfver, &ver) == 0);
		mask = 0xdead;
		strcpy(bad, "junk");
		CU_EXPECT_INT(tlsproto_postfix(tc[i].list, tc[i].pfver != NULL ?
		    &ver : NULL, &mask, bad, sizeof(bad)), tc[i].rc);
		if (mask != tc[i].mask || strcmp(bad, tc[i].bad) != 0)
			fprintf(stderr, "list \"%s\": mask %#x, bad \"%s\"\n",
			    tc[i].list, mask, bad);
		CU_ASSERT(mask == tc[i].mask && strcmp(bad, tc[i].bad) == 0);
	}
	/* bad is truncated to fit; NULL bad is allowed */
	CU_EXPECT_INT(tlsproto_postfix("bogus", NULL, &mask, bad, 4), -1);
	CU_EXPECT_STR(bad, "bog");
	CU_EXPECT_INT(tlsproto_postfix("bogus", NULL, &mask, NULL, 0), -1);
	CU_EXPECT_INT(tlsproto_postfix(NULL, NULL, &mask, NULL, 0), 0);
	CU_EXPECT_INT(mask, TLSV_ALL);
	/* tlsproto_format and tlsproto_name */
	CU_EXPECT_STR(tlsproto_format(0, bad, sizeof(bad)), "");
	CU_EXPECT_STR(tlsproto_format(TLSV_ALL, bad, sizeof(bad)),
	    "SSLv2 SSLv3 TLSv1 TLSv1.1 TLSv1.2 TLSv1.3");
	CU_EXPECT_STR(tlsproto_format(T13 | T12, bad, sizeof(bad)),
	    "TLSv1.2 TLSv1.3");
	CU_EXPECT_STR(tlsproto_format(TLSV_ALL, bad, 12), "SSLv2 SSLv3");
	CU_EXPECT_STR(tlsproto_name(5), "TLSv1.3");
	CU_ASSERT(tlsproto_name(TLSV_COUNT) == NULL);
}

static void
t_tls_dovecot(void)
{
	static const struct {
		const char	*in;
		int		 rc;
		unsigned	 mask;
	} mins[] = {
		{ "ANY", 0, V3 | UP_T10 }, { "any", 0, V3 | UP_T10 },
		{ "SSLv3", 0, V3 | UP_T10 }, { "TLSv1", 0, UP_T10 },
		{ "TLSv1.1", 0, UP_T11 }, { "tlsv1.2", 0, T12 | T13 },
		{ "TLSv1.3", 0, T13 }, { "LATEST", 0, T13 },
		{ "Latest", 0, T13 },
		{ "", -1, 0 }, { "TLSv1.0", -1, 0 }, { "SSLv2", -1, 0 },
		{ " TLSv1.2", -1, 0 }, { "bogus", -1, 0 },
	}, protos[] = {
		/* 2.2: ", " separators, strcasecmp, no TLSv1.3 name; SSLv2
		 * only where the list names it (no OpenSSL of 2.2's time has
		 * it built in) */
		{ "", 0, TLSV_ALL & ~V2 }, { "!SSLv2 !SSLv3", 0, UP_T10 },
		{ "!SSLv3", 0, UP_T10 }, { "!SSLv2,!SSLv3", 0, UP_T10 },
		{ "SSLv2 TLSv1.2", 0, V2 | T12 | T13 },
		{ "TLSv1.2 TLSv1.1", 0, UP_T11 },
		{ "tlsv1.2", 0, T12 | T13 }, { "TLSv1.2 !TLSv1.2", 0, T13 },
		{ "TLSv1.3", -1, 0 }, { "SSLv3:TLSv1", -1, 0 },
		{ "!SSLv3\t!TLSv1", -1, 0 }, { "!", -1, 0 },
	};
	unsigned	mask;
	size_t		i;

	for (i = 0; i < sizeof(mins) / sizeof(mins[0]); i++) {
		CU_EXPECT_INT(tlsproto_dovecot_min(mins[i].in, &mask),
		    mins[i].rc);
		CU_EXPECT_INT(mask, mins[i].mask);
	}
	CU_EXPECT_INT(tlsproto_dovecot_min(NULL, &mask), -1);
	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
		CU_EXPECT_INT(tlsproto_dovecot_protocols(protos[i].in, &mask),
		    protos[i].rc);
		CU_EXPECT_INT(mask, protos[i].mask);
	}
}

static void
t_tls_dovecot_convert(void)
{
	/* All verified with doveconf 2.3.19.1; NULL = "Could not find ..." */
	static const struct {
		const char	*in, *want;
	} tc[] = {
		{ "!SSLv2 !SSLv3", NULL },	/* Unrecognized 'SSLv2' */
		{ "!SSLv3", "TLSv1" }, { "TLSv1.2", "TLSv1.2" },
		{ "!SSLv3 !TLSv1 !TLSv1.1", "TLSv1.2" },
		{ "TLSv1.2 TLSv1.1", "TLSv1.1" }, { "!SSLv2", NULL },
		{ "!SSLv3 !TLSv1", "TLSv1.1" }, { "", "SSLv3" },
		{ "tlsv1.2", NULL },		/* strcmp: case matters */
		{ "TLSv1.3", NULL }, { "!SSLv3,!TLSv1", "TLSv1.1" },
		{ "!TLSv1.1", "SSLv3" },
		{ "!SSLv3 !TLSv1 !TLSv1.1 !TLSv1.2", NULL },	/* all off */
		{ "TLSv1.2 !TLSv1.2", NULL }, { "SSLv3:TLSv1", NULL },
		{ "!SSLv3\t!TLSv1", NULL },	/* tab is no separator */
		{ "TLSv1.1 !TLSv1", "TLSv1.1" }, { "ALL", NULL },
		{ "!", NULL }, { "TLSv1 TLSv1.2", "TLSv1" },
		{ "SSLv3", "SSLv3" }, { ",,!SSLv3,,", "TLSv1" },
		{ "!SSLv3 TLSv1.2", "TLSv1.2" },
	};
	const char	*got;
	size_t		 i;

	for (i = 0; i < sizeof(tc) / sizeof(tc[0]); i++) {
		got = tlsproto_dovecot_min_from_protocols(tc[i].in);
		CU_EXPECT_STR(got != NULL ? got : "(NULL)",
		    tc[i].want != NULL ? tc[i].want : "(NULL)");
	}
}

struct kv { const char *name, *value; };

/* postconf's view: mydomain set, compatibility_level at its default 0 */
static const struct kv defs_main[] = {
	{ "mydomain", "example.com" }, { "compatibility_level", "0" },
	{ NULL, NULL },
};

static const char *
kv_lookup(void *ctx, const char *name)
{
	const struct kv	*kv;

	for (kv = ctx; kv->name != NULL; kv++)
		if (strcmp(kv->name, name) == 0)
			return kv->value;
	return NULL;
}

struct xcase {
	const char	*in, *want;	/* want NULL: output not checked */
	unsigned	 flags;		/* rc is -1 with LOOP or LIMIT */
};

static void
run_xcases(const struct xcase *tc, size_t n, const struct kv *defs)
{
	struct strbuf	out = STRBUF_INIT;
	unsigned	flags;
	size_t		i;

	for (i = 0; i < n; i++) {
		strbuf_reset(&out);
		flags = 0xdead;
		CU_EXPECT_INT(pfexpand(tc[i].in, kv_lookup, (void *)defs, &out,
		    &flags), (tc[i].flags & (PFEXP_LOOP | PFEXP_LIMIT)) ? -1 :
		    0);
		if (tc[i].want != NULL)
			CU_EXPECT_STR(strbuf_cstr(&out), tc[i].want);
		if (flags != tc[i].flags)
			fprintf(stderr, "in \"%s\"\n", tc[i].in);
		CU_EXPECT_INT(flags, tc[i].flags);
	}
	strbuf_free(&out);
}

#define RELAY	"${{$compatibility_level} <level {1} ? {} : {" RELAY_ON "}}"
#define FPRINT	"${{$compatibility_level} <level {3.6} ? {md5} : {sha256}}"
#define RELAY_ON "permit_mynetworks, permit_sasl_authenticated, " \
	"defer_unauth_destination"
#define SYN	PFEXP_SYNTAX
#define UND	PFEXP_UNDEFINED
#define X(in, want)	{ in, want, 0 }
#define LIT(in)		{ in, in, SYN }	/* kept literally */
#define LOOP(in)	{ in, NULL, PFEXP_LOOP }

static void
t_expand_reference(void)
{
	/* postfix.md 1.1, foo_a .. foo_n, in that order; all postconf */
	static const struct xcase tc[] = {
		X("${mydomain}", "example.com"),
		X("$(mydomain)", "example.com"),
		X("$mydomain.x", "example.com.x"),
		X("${ mydomain }", "example.com"), X("${mydomain?set}", "set"),
		X("${undefined_x:empty}", "empty"),
		X("${mydomain?{yes}:{no}}", "yes"),
		X("${undefined_x?{yes}:{no}}", "no"),
		X("${mydomain?{yes}:no}", "yes"),
		X("${{$mydomain} == {example.com}?{eq}:{ne}}", "eq"),
		X("${{10} < {9}?{lt}:{ge}}", "ge"),
		X("${{abc} < {abd}?{lt}:{ge}}", "lt"),
		X("$$literal", "$literal"),
		{ "$undefined_y end", " end", UND }, X("", ""),
		X("no dollars", "no dollars"), X("a$$$$b", "a$$b"),
	};

	run_xcases(tc, sizeof(tc) / sizeof(tc[0]), defs_main);
}

static void
t_expand_relational(void)
{
	static const struct xcase tc[] = {
		{ RELAY, "", 0 },		/* level 0 (default) */
		{ FPRINT, "md5", 0 },
		X("${{3.6} <level {3.10} ? {true} : {false}}", "true"),
		X("${{3.6} < {3.10} ? {true} : {false}}", "false"),
		X("${{3.6} <level {3.6.0} ? {true} : {false}}", "false"),
		X("${{3.6} ==level {3.6.0} ? {true} : {false}}", "true"),
		X("${{1} <=level {2}}", "true"),
		X("${{3.6} >level {3}}", "true"),
		X("${{3.6} >=level {3.6}}", "true"),
		X("${{3.6} !=level {3.7}}", "true"),
		X("${{3.6.1} >level {3.6}}", "true"),
		X("${{+3} <level {4}}", "true"),
		X("${{ 3} <level {4}}", "true"),
		X("${{-1} < {4}}", "true"),	/* not all digits */
		X("${{1}=={1}}", "true"), X("${{1}=={2}}", ""),
		X("${{1}=={1}?yes}", "yes"), X("${{1}=={2}:no}", "no"),
		X("x${{1}=={1} ? a : b}", "x a : b"),
		X("${{007} == {7}?eq:ne}", "eq:ne"),
		X("${{} == {}?eq:ne}", "eq:ne"),
		X("${{ a } == {a}?eq:ne}", ""), X("x${{1}=={1}}y", "xtruey"),
		X("x${{1}<{2}?{a}:{b}}", "xa"),
		X("x${{1}   <   {2}   ?   {a}   :   {b}  }", "xa"),
		X("x${ {1} == {1} }", "xtrue"),
		X("x${{1}<{2}}{3}", "xtrue{3}"), X("x${{1}=={1}?}", "x"),
		/* postconf: fatal: macro processing error */
		LIT("${{abc} <level {1} ? {t} : {f}}"),
		LIT("${{99999999999999999999} < {1} ? {t} : {f}}"),
		LIT("${{1} = {1}?a:b}"), LIT("${{2} <xx {3}}"),
		LIT("${{2} <Level {3}}"), LIT("${{3.1024} <level {4}}"),
		LIT("${{3.} <level {4}}"), LIT("${{3.6.1.2} <level {4}}"),
		LIT("${{} <level {4}}"), LIT("x${{1}=={1}x}y"),
		LIT("${{1}=={1"), LIT("${{1}=={1}"), LIT("${{1}==}"),
		LIT("${{1}}"),
	};

	run_xcases(tc, sizeof(tc) / sizeof(tc[0]), defs_main);
}

static void
t_expand_levels(void)
{
	/* postconf, with compatibility_level = VALUE in main.cf */
	static const struct {
		const char	*level, *relay, *fprint;
		unsigned	 flags;
	} tc[] = {
		{ "0", "", "md5", 0 }, { "1", RELAY_ON, "md5", 0 },
		{ "2", RELAY_ON, "md5", 0 }, { "3.5.9", RELAY_ON, "md5", 0 },
		{ "3.6", RELAY_ON, "sha256", 0 },
		{ "3.10", RELAY_ON, "sha256", 0 },
		/* "compatibility_level =" is not 0: postconf fails */
		{ "", RELAY, FPRINT, SYN },
	};
	struct kv	defs[] = { { "compatibility_level", NULL },
			    { NULL, NULL } };
	struct xcase	x[2] = { X(RELAY, NULL), X(FPRINT, NULL) };
	size_t		i;

	for (i = 0; i < sizeof(tc) / sizeof(tc[0]); i++) {
		defs[0].value = tc[i].level;
		x[0].want = tc[i].relay;
		x[1].want = tc[i].fprint;
		x[0].flags = x[1].flags = tc[i].flags;
		run_xcases(x, 2, defs);
	}
}

static void
t_expand_named(void)
{
	static const struct xcase tc[] = {
		X("x${mydomain? set}", "x set"), X("${mydomain?a:b}", "a:b"),
		X("${undefined_x?a:b}", ""), { "$my-host", "-host", UND },
		X("${ mydomain ? {yes} : {no} }", "yes"),
		X("${mydomain ?yes}", "yes"), X("${undefined_x : {d}}", "d"),
		X("$(mydomain?(x))", "(x)"), X("x$(mydomain?(a)b)", "x(a)b"),
		X("${mydomain?{a}:{b}}tail", "atail"),
		X("x${mydomain:{a}}", "x"), X("x${mydomain?{a}  :  {b}}", "xa"),
		X("x${mydomain?  {set}  }y", "xsety"),
		X("x${mydomain?{{nested}}}", "x{nested}"),
		X("x${mydomain?{$mydomain}}", "xexample.com"),
		X("x${mydomain?$mydomain}", "xexample.com"),
		X("x${undefined_x:$mydomain}", "xexample.com"),
		X("x${mydomain?a}b}", "xab}"),
		X("x${mydomain}}", "xexample.com}"),
		X("x${?a}", "x"), X("x${mydomain?}", "x"),
		X("x${mydomain?{a}:}", "xa"),
		X("x${mydomain:}", "x"), { "x${ }", "x", UND },
		{ "x${undefined_x}", "x", UND }, X("x${e}y", "xy"),
		X("x${e?{a}:{b}}y", "xby"), X("x$a", "xB-C"),
		/* postconf: fatal: macro processing error */
		LIT("${my domain}"), LIT("${mydomain"), LIT("x$"), LIT("x$-y"),
		LIT("x${mydomain?{a}:{b}:{c}}"), LIT("x${mydomain?{a}x}"),
		{ "x$(mydomain)y$(mydomain", "xexample.comy$(mydomain", SYN },
		LIT("x$(my(domain))"), LIT("x$(mydomain(a)b)"),
		{ "x$mydomain$", "xexample.com$", SYN },
		LIT("x${}"), LIT("x$()"), LIT("${mydomain?{a"),
		LIT("${mydomain?{a}"), LIT("$"), LIT("${"), LIT("${name?"),
		LIT("${$mydomain}"),
		{ "x${bad name} $mydomain", "x${bad name} example.com", SYN },
	};
	static const struct kv defs[] = {
		{ "mydomain", "example.com" }, { "e", "" },
		{ "a", "$b-$c" }, { "b", "B" }, { "c", "C" }, { NULL, NULL },
	};

	run_xcases(tc, sizeof(tc) / sizeof(tc[0]), defs);
}

static void
t_expand_loops(void)
{
	static const struct kv defs[] = {
		{ "a", "${b}" }, { "b", "${a}" }, { "s", "$s" },
		{ "r", "${{$r} == {x}}" }, { "q", "${{1}=={1}?{$q}}" },
		{ NULL, NULL },
	};
	static const struct xcase tc[] = {
		/* postconf: "unreasonable macro call nesting"; $r segfaults */
		LOOP("${a}"), LOOP("x$s"), LOOP("$r"), LOOP("$q"),
	};
	static char	names[102][8], vals[102][8];
	struct kv	chain[103];
	struct strbuf	out = STRBUF_INIT;
	unsigned	flags, i, n;

	run_xcases(tc, sizeof(tc) / sizeof(tc[0]), defs);
	/* postconf: 100 chained $pN references work, 101 are too deep */
	for (n = 100; n <= 101; n++) {
		for (i = 0; i < n; i++) {
			snprintf(names[i], sizeof(names[i]), "p%u", i + 1);
			snprintf(vals[i], sizeof(vals[i]), "$p%u", i + 2);
			chain[i] = (struct kv){ names[i],
			    i + 1 < n ? vals[i] : "end" };
		}
		chain[n] = (struct kv){ NULL, NULL };
		strbuf_reset(&out);
		CU_EXPECT_INT(pfexpand("$p1", kv_lookup, chain, &out, &flags),
		    n == 100 ? 0 : -1);
		CU_EXPECT_INT(flags, n == 100 ? 0 : PFEXP_LOOP);
		CU_EXPECT_STR(strbuf_cstr(&out), n == 100 ? "end" : "");
	}
	strbuf_free(&out);
}

/* A lookup that reuses one static buffer, like a careless callback. */
static const char *
static_lookup(void *ctx, const char *name)
{
	static const char *const v[] = { "[$b|$c]", "bbbbbbbb", "cccccccc" };
	static char	buf[32];

	(void)ctx;
	if (strlen(name) != 1 || *name < 'a' || *name > 'c')
		return NULL;
	strcpy(buf, v[*name - 'a']);	/* b, c overwrite the rest of a's */
	return buf;
}

static void
t_expand_limits(void)
{
	static char	names[40][8], vals[40][16];
	struct kv	laughs[41];
	struct strbuf	out = STRBUF_INIT, big = STRBUF_INIT;
	unsigned	flags, i;

	CU_EXPECT_INT(pfexpand("<$a>", static_lookup, NULL, &out, &flags), 0);
	CU_EXPECT_STR(strbuf_cstr(&out), "<[bbbbbbbb|cccccccc]>");
	/* lookup may be NULL: everything undefined; in may be NULL */
	strbuf_reset(&out);
	CU_EXPECT_INT(pfexpand("x$a", NULL, NULL, &out, &flags), 0);
	CU_EXPECT_STR(strbuf_cstr(&out), "x");
	CU_EXPECT_INT(flags, UND);
	CU_EXPECT_INT(pfexpand(NULL, NULL, NULL, &out, NULL), 0);
	/* l0 = $l1$l1, ...: 2^10 copies of 64 KiB hit the output budget */
	for (i = 0; i < 40; i++) {
		snprintf(names[i], sizeof(names[i]), "l%u", i);
		snprintf(vals[i], sizeof(vals[i]), "$l%u$l%u", i + 1, i + 1);
		laughs[i] = (struct kv){ names[i], vals[i] };
	}
	for (i = 0; i < 65536; i++)
		strbuf_addc(&big, 'x');
	laughs[10].value = strbuf_cstr(&big);
	laughs[40] = (struct kv){ NULL, NULL };
	strbuf_reset(&out);
	CU_EXPECT_INT(pfexpand("$l0", kv_lookup, laughs, &out, &flags), -1);
	CU_EXPECT_INT(flags, PFEXP_LIMIT);
	/* with 2^39 empty leaves the step budget stops it */
	laughs[10].value = vals[10];
	laughs[39].value = "";
	strbuf_reset(&out);
	CU_EXPECT_INT(pfexpand("$l0", kv_lookup, laughs, &out, &flags), -1);
	CU_EXPECT_INT(flags, PFEXP_LIMIT);
	/* a long input is fine: 200k references, 2.4 MB of output */
	for (strbuf_reset(&big), i = 0; i < 200000; i++)
		strbuf_adds(&big, "$mydomain-");
	strbuf_reset(&out);
	CU_EXPECT_INT(pfexpand(strbuf_cstr(&big), kv_lookup, (void *)defs_main,
	    &out, &flags), 0);
	CU_EXPECT_INT(out.len, 200000 * strlen("example.com-"));
	strbuf_free(&big);
	strbuf_free(&out);
}

/* Random strings over the syntax alphabet: must not crash or leak. */
static void
t_expand_fuzz(void)
{
	static const char alpha[] = "${}()?:=<>!l$ {ab}_-mydomain";
	uint32_t	 seed = 12345;
	struct strbuf	 out = STRBUF_INIT;
	char		 in[64];
	unsigned long	 it;
	size_t		 len, j;
	unsigned	 flags;
	int		 ok = 1;

	for (it = 0; it < 20000; it++) {
		seed = seed * 1103515245u + 12345u;
		len = (seed >> 16) % sizeof(in);
		for (j = 0; j < len; j++) {
			seed = seed * 1103515245u + 12345u;
			in[j] = alpha[(seed >> 16) % (sizeof(alpha) - 1)];
		}
		in[len] = '\0';
		strbuf_reset(&out);
		if (pfexpand(in, kv_lookup, (void *)defs_main, &out,
		    &flags) != 0 || (flags & ~(UND | SYN)) != 0)
			ok = 0;
	}
	CU_ASSERT(ok);
	strbuf_free(&out);
}

/* ciphers_eval: what OpenSSL makes of a string, and the legacy table */
static void
t_ciphers(void)
{
	static const struct {
		const char	*in;
		unsigned	 broken;	/* CW_* of the judged suites */
		int		 legacy;	/* legacy names expected */
		int		 rejected;
	} cases[] = {
		{ "HIGH:!aNULL:!MD5", 0, 0, 0 },
		{ "ALL:!aNULL:RC4:3DES", CW_RC4 | CW_3DES, 2, 0 },
		{ "RC4-SHA", CW_RC4, 1, 0 },
		{ "RC4-MD5:!MD5", 0, 0, 1 },
		{ "EXP-RC4-MD5", CW_EXPORT | CW_RC4 | CW_MD5, 1, 0 },
		{ "ALL:!RC4:RC4-SHA", 0, 0, 0 },
		{ "ALL:-RC4:RC4-SHA", CW_RC4, 1, 0 },
		{ "eNULL", CW_NULL | CW_MD5, 0, 0 },
		{ "aNULL:!eNULL", 0, 0, 0 },
		{ "+RC4:HIGH", 0, 0, 0 },
		{ "bogus-name", 0, 0, 1 },
		{ "", 0, 0, 1 },
	};
	struct arena		*a = arena_new();
	struct cipher_eval	 ev;
	size_t			 i, j;
	int			 legacy;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_EXPECT_INT(ciphers_eval(a, cases[i].in, &ev), 0);
		CU_EXPECT_INT(ev.broken & ~(unsigned)CW_ANULL, cases[i].broken);
		for (legacy = 0, j = 0; j < ev.n; j++)
			legacy += ev.suites[j].legacy;
		CU_EXPECT_INT(legacy, cases[i].legacy);
		CU_EXPECT_INT(ev.rejected, cases[i].rejected);
	}
	/* aNULL alone is weak but not broken (Postfix uses it on purpose) */
	CU_EXPECT_INT(ciphers_eval(a, "aNULL:!eNULL", &ev), 0);
	CU_ASSERT(ev.n > 0 && (ev.weak & CW_ANULL) != 0 && ev.n_broken == 0);
	/* the same string again: the kept result */
	CU_EXPECT_INT(ciphers_eval(a, "aNULL:!eNULL", &ev), 0);
	CU_ASSERT(ev.n > 0 && ev.n_broken == 0);
	ciphers_reset();
	arena_free(&a);
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "version_parse", t_version_parse },
		{ "version_cmp_format", t_version_cmp },
		{ "tls_postfix_format", t_tls_postfix },
		{ "tls_dovecot", t_tls_dovecot },
		{ "tls_dovecot_convert", t_tls_dovecot_convert },
		{ "expand_reference", t_expand_reference },
		{ "expand_relational", t_expand_relational },
		{ "expand_levels", t_expand_levels },
		{ "expand_named", t_expand_named },
		{ "expand_loops", t_expand_loops },
		{ "expand_limits", t_expand_limits },
		{ "expand_fuzz", t_expand_fuzz },
		{ "ciphers", t_ciphers }, { NULL, NULL },
	};

	return cu_run("expand", tests);
}
