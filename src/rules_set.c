/* SPDX-License-Identifier: MIT */
/*
 * rules_set - the rule set: its container (new, free, the compiled
 * patterns it owns) and the read-only accessors reporters, --list-rules,
 * --explain, SARIF and eval use (rules.h).
 *
 * Layer: the bottom of the loader, beside rules_check.c; the rest of the
 * loader fills the set, and everything after it only reads it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "rules_int.h"
#include "strbuf.h"

struct ruleset *
rules_new(void)
{
	struct ruleset	*rs = xcalloc(1, sizeof(*rs));

	rs->arena = arena_new();
	return rs;
}

void
rules_free(struct ruleset **rsp)
{
	struct ruleset	*rs;
	size_t		 i;

	if (rsp == NULL || *rsp == NULL)
		return;
	rs = *rsp;
	for (i = 0; i < rs->n_re; i++)
		pcre2_code_free(rs->re[i]);
	free(rs->re);
	free(rs->v);
	hmap_free(&rs->ids);
	hmap_free(&rs->re_src);
	arena_free(&rs->arena);
	free(rs);
	*rsp = NULL;
}

void
rules_add_re(struct ruleset *rs, const char *pattern, pcre2_code *re)
{
	VEC_GROW(rs->re, rs->n_re, rs->cap_re);
	rs->re[rs->n_re++] = re;
	(void)hmap_put(&rs->re_src, pattern, re);
}

pcre2_code *
rules_find_re(const struct ruleset *rs, const char *pattern)
{
	return hmap_get(&rs->re_src, pattern);
}

size_t
rules_count(const struct ruleset *rs)
{
	return rs != NULL ? rs->len : 0;
}

const struct rule *
rules_get(const struct ruleset *rs, size_t i)
{
	return rs != NULL && i < rs->len ? rs->v[i] : NULL;
}

const struct rule *
rules_find(const struct ruleset *rs, const char *id)
{
	return rs != NULL ? hmap_get(&rs->ids, id) : NULL;
}

const char *
rule_id(const struct rule *r)
{
	return r->id;
}

const char *
rule_title(const struct rule *r)
{
	return r->title;
}

enum sev
rule_severity(const struct rule *r)
{
	return r->sev;
}

const char *
rule_product(const struct rule *r)
{
	return product_name(r->product);
}

const char *
rule_subject(const struct rule *r)
{
	static const char *const names[] = { "listener", "setting", "config",
	    "certificate", "syntax" };

	return names[r->subject];
}

const char *
rule_rationale(const struct rule *r)
{
	return r->rationale;
}

size_t
rule_n_references(const struct rule *r)
{
	return r->n_refs;
}

const char *
rule_reference(const struct rule *r, size_t i)
{
	return i < r->n_refs ? r->refs[i] : NULL;
}

const char *
rule_help_uri(const struct rule *r)
{
	size_t	i;

	for (i = 0; i < r->n_refs; i++)
		if (strncmp(r->refs[i], "https://", 8) == 0 ||
		    strncmp(r->refs[i], "http://", 7) == 0)
			return r->refs[i];
	return NULL;
}

static const struct {
	const char	*name;
	unsigned	 bit;
} profiles[] = {
	{ "default", PROF_DEFAULT },
	{ "mozilla-intermediate", PROF_MOZ_INTERMEDIATE },
	{ "mozilla-modern", PROF_MOZ_MODERN },
};

bool
rules_profile_known(const char *name)
{
	size_t	i;

	for (i = 0; name != NULL && i < sizeof(profiles) /
	    sizeof(profiles[0]); i++)
		if (strcmp(name, profiles[i].name) == 0)
			return true;
	return false;
}

bool
rule_in_profile(const struct rule *r, const char *profile)
{
	size_t	i;

	if (profile == NULL)
		profile = "default";
	for (i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (strcmp(profile, profiles[i].name) == 0)
			return (r->profiles & profiles[i].bit) != 0;
	return false;
}

const char *
rule_profiles(const struct rule *r)
{
	/* Indexed by the PROF_* bit set. */
	static const char *const lists[] = {
		"", "default", "mozilla-intermediate",
		"default, mozilla-intermediate", "mozilla-modern",
		"default, mozilla-modern",
		"mozilla-intermediate, mozilla-modern",
		"default, mozilla-intermediate, mozilla-modern",
	};

	return lists[r->profiles & PROF_ALL];
}

const char *
rule_fix_summary(const struct rule *r, struct strbuf *sb)
{
	strbuf_reset(sb);
	rules_fix_summary(sb, r, false);
	return strbuf_cstr(sb);
}

const char *
rule_fix_summary_l10n(const struct rule *r, struct strbuf *sb)
{
	strbuf_reset(sb);
	rules_fix_summary(sb, r, true);
	return strbuf_cstr(sb);
}

const char *
rule_file(const struct rule *r)
{
	return r->file;
}

unsigned
rule_line(const struct rule *r)
{
	return r->line;
}
