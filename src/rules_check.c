/* SPDX-License-Identifier: MIT */
/*
 * rules_check - the generic schema check the loader's tables share, and
 * its small helpers: rules_check_map() (unknown, duplicate and missing
 * keys, value types, at the node's line:col), rules_error(), rules_strs(),
 * rules_valid_name().
 *
 * Layer: the bottom of the loader; rules_schema.c (rules, fixes) and
 * rules_load_cond.c (conditions) build on it.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "rules_int.h"

void
rules_error(struct rules_ld *ld, const struct rnode *at, const char *fmt, ...)
{
	va_list	 ap;
	char	 buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	diag_addf(ld->dl, SEV_ERROR, ld->file, at != NULL ? at->line : 0,
	    at != NULL ? at->col : 0, "%s", buf);
	ld->errors++;
}

const char **
rules_strs(struct rules_ld *ld, const struct rnode *n, size_t *n_r)
{
	const char	**v;
	size_t		  i;

	if (n->kind == RN_SCALAR) {
		v = arena_array(ld->a, 2, sizeof(*v));
		v[0] = n->value;
		*n_r = 1;
		return v;
	}
	v = arena_array(ld->a, n->n + 1, sizeof(*v));
	for (i = 0; i < n->n; i++)
		v[i] = n->items[i]->value;
	*n_r = n->n;
	return v;
}

bool
rules_valid_name(const char *s)
{
	const char	*p;

	/* [A-Za-z0-9_.-]+, by ranges: strspn builds a table each call */
	for (p = s; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' ||
		    *p == '-'))
			return false;
	return p != s;
}

static const char *const ftype_names[] = {
	[FT_STR] = "a string",
	[FT_BOOL] = "true or false",
	[FT_BOOLANY] = "true, false or any",
	[FT_INT] = "an integer",
	[FT_STRS] = "a string or a list of strings",
	[FT_INTS] = "an integer or a list of integers",
	[FT_STRSEQ] = "a list of strings",
	[FT_SEQ] = "a list",
	[FT_MAP] = "a mapping",
	[FT_STRMAP] = "a mapping of strings",
};

static bool
is_int(const struct rnode *n)
{
	const char	*p;

	if (n->kind != RN_SCALAR || !n->plain)
		return false;
	p = n->value[0] == '-' ? n->value + 1 : n->value;
	if (*p == '\0' || strlen(p) > 18)
		return false;
	return strspn(p, "0123456789") == strlen(p);
}

static bool
is_bool(const struct rnode *n, bool allow_any)
{
	if (n->kind != RN_SCALAR || !n->plain)
		return false;
	return strcmp(n->value, "true") == 0 ||
	    strcmp(n->value, "false") == 0 ||
	    (allow_any && strcmp(n->value, "any") == 0);
}

static bool
all_items(const struct rnode *n, bool (*ok)(const struct rnode *))
{
	size_t	i;

	for (i = 0; i < n->n; i++)
		if (!ok(n->items[i]))
			return false;
	return true;
}

static bool
is_scalar(const struct rnode *n)
{
	return n->kind == RN_SCALAR;
}

/* type_ok - does n have type t? */
static bool
type_ok(const struct rnode *n, enum ftype t)
{
	switch (t) {
	case FT_STR:
		return n->kind == RN_SCALAR;
	case FT_BOOL:
		return is_bool(n, false);
	case FT_BOOLANY:
		return is_bool(n, true);
	case FT_INT:
		return is_int(n);
	case FT_STRS:
		return n->kind == RN_SCALAR ||
		    (n->kind == RN_SEQ && all_items(n, is_scalar));
	case FT_INTS:
		return is_int(n) || (n->kind == RN_SEQ && all_items(n, is_int));
	case FT_STRSEQ:
		return n->kind == RN_SEQ && all_items(n, is_scalar);
	case FT_SEQ:
		return n->kind == RN_SEQ;
	case FT_MAP:
		return n->kind == RN_MAP;
	case FT_STRMAP:
		return n->kind == RN_MAP && all_items(n, is_scalar);
	}
	return false;
}

/* bad_item - the first item of a list that breaks the list's type, or n */
static const struct rnode *
bad_item(const struct rnode *n, enum ftype t)
{
	size_t	i;

	if (n->kind != RN_SEQ && n->kind != RN_MAP)
		return n;
	if (n->kind == RN_MAP && t != FT_STRMAP)
		return n;
	if (n->kind == RN_SEQ && (t == FT_MAP || t == FT_STRMAP ||
	    t == FT_STR || t == FT_INT || t == FT_BOOL || t == FT_BOOLANY))
		return n;
	for (i = 0; i < n->n; i++)
		if (!(t == FT_INTS ? is_int(n->items[i]) :
		    n->items[i]->kind == RN_SCALAR))
			return n->items[i];
	return n;
}

unsigned
rules_check_map(struct rules_ld *ld, const struct rnode *n,
    const struct field *f, size_t nf, void *out, const char *what)
{
	unsigned		 before = ld->errors;
	size_t			 i, j;
	const struct rnode	**slot;

	if (n->kind != RN_MAP) {
		rules_error(ld, n, "%s must be a mapping", what);
		return ld->errors - before;
	}
	for (i = 0; i < n->n; i++) {
		const struct rnode	*k = n->keys[i], *v = n->items[i];

		/* the first byte first: most keys differ there */
		for (j = 0; j < nf; j++)
			if (k->value[0] == f[j].key[0] &&
			    strcmp(k->value, f[j].key) == 0)
				break;
		if (j == nf) {
			rules_error(ld, k, "unknown key \"%s\" in %s", k->value,
			    what);
			continue;
		}
		slot = (const struct rnode **)(void *)((char *)out + f[j].off);
		if (*slot != NULL) {
			rules_error(ld, k, "duplicate key \"%s\" in %s",
			    k->value, what);
			continue;
		}
		if (!type_ok(v, f[j].type)) {
			rules_error(ld, bad_item(v, f[j].type),
			    "\"%s\" must be %s", k->value,
			    ftype_names[f[j].type]);
			continue;
		}
		*slot = v;
	}
	for (j = 0; j < nf; j++) {
		slot = (const struct rnode **)(void *)((char *)out + f[j].off);
		if (f[j].required && *slot == NULL) {
			/* A present key with a bad value: reported. */
			for (i = 0; i < n->n; i++)
				if (strcmp(n->keys[i]->value, f[j].key) == 0)
					break;
			if (i == n->n)
				rules_error(ld, n, "%s: missing required "
				    "key \"%s\"", what, f[j].key);
		}
	}
	return ld->errors - before;
}
