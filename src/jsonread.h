/* SPDX-License-Identifier: MIT */
/*
 * jsonread - a small JSON reader (RFC 8259) into a tree in an arena, for
 * maillint's own NDJSON (--fleet records read back: merging, HTML).
 *
 * The input is untrusted: nesting is capped (JSONREAD_MAX_DEPTH), strings
 * are decoded (escapes, \uXXXX with surrogate pairs) to UTF-8 and checked
 * to be UTF-8, numbers are read as doubles, and an error names the byte
 * offset.  Duplicate object keys are kept; jv_get() returns the first.
 *
 * Layer 0 (core), beside json.c, the writer.
 */
#ifndef MAILLINT_JSONREAD_H
#define MAILLINT_JSONREAD_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

#define JSONREAD_MAX_DEPTH	64

enum jv_type { JV_NULL, JV_BOOL, JV_NUM, JV_STR, JV_ARR, JV_OBJ };

struct jv {
	enum jv_type	 type;
	bool		 b;	/* JV_BOOL */
	double		 num;	/* JV_NUM */
	const char	*s;	/* JV_STR: NUL-terminated (may hold NULs: len) */
	size_t		 len;	/* JV_STR: bytes; JV_ARR, JV_OBJ: members */
	struct jv	**v;	/* JV_ARR, JV_OBJ: the values */
	const char	**k;	/* JV_OBJ: the keys */
};

/*
 * jv_parse - the JSON value text[0..len) (surrounding blanks allowed), or
 * NULL with *err_r (a static message) and *off_r (where) set
 */
const struct jv	*jv_parse(struct arena *a, const char *text, size_t len,
		    const char **err_r, size_t *off_r);
/* jv_get - the member key of an object, or NULL (not an object, absent) */
const struct jv	*jv_get(const struct jv *o, const char *key);
/* jv_str - the string, or NULL when v is not one */
const char	*jv_str(const struct jv *v);
/* jv_int - the number as an integer, or dflt when v is not a number */
long long	 jv_int(const struct jv *v, long long dflt);
/* jv_n - members of an array or object (0 for anything else) */
size_t		 jv_n(const struct jv *v);
/* jv_at - member i of an array, or NULL */
const struct jv	*jv_at(const struct jv *v, size_t i);

#endif
