/* SPDX-License-Identifier: MIT */
/*
 * jsonread - a small JSON reader into an arena tree (jsonread.h).
 *
 * Recursive descent, depth capped; arrays and objects are collected in a
 * heap vector and copied into the arena once complete.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "jsonread.h"
#include "strbuf.h"
#include "utf8.h"
#include "xmem.h"

struct rd {
	struct arena	*a;
	const char	*s;
	size_t		 n, i;
	const char	*err;
	size_t		 err_off;
	struct strbuf	 sb;
};

static const struct jv	*value(struct rd *r, unsigned depth);

static bool
fail(struct rd *r, const char *msg)
{
	if (r->err == NULL) {
		r->err = msg;
		r->err_off = r->i;
	}
	return false;
}

static void
blanks(struct rd *r)
{
	while (r->i < r->n && (r->s[r->i] == ' ' || r->s[r->i] == '\t' ||
	    r->s[r->i] == '\n' || r->s[r->i] == '\r'))
		r->i++;
}

static bool
literal(struct rd *r, const char *word)
{
	size_t	k = strlen(word);

	if (r->n - r->i < k || memcmp(r->s + r->i, word, k) != 0)
		return fail(r, "unknown literal");
	r->i += k;
	return true;
}

static int
hex4(struct rd *r, unsigned *out)
{
	unsigned	v = 0;
	size_t		k;

	if (r->n - r->i < 4)
		return fail(r, "cut \\u escape");
	for (k = 0; k < 4; k++) {
		char	c = r->s[r->i + k];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return fail(r, "bad \\u escape");
	}
	r->i += 4;
	*out = v;
	return true;
}

static void
put_utf8(struct strbuf *sb, unsigned cp)
{
	if (cp < 0x80)
		strbuf_addc(sb, (char)cp);
	else if (cp < 0x800) {
		strbuf_addc(sb, (char)(0xc0 | cp >> 6));
		strbuf_addc(sb, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		strbuf_addc(sb, (char)(0xe0 | cp >> 12));
		strbuf_addc(sb, (char)(0x80 | (cp >> 6 & 0x3f)));
		strbuf_addc(sb, (char)(0x80 | (cp & 0x3f)));
	} else {
		strbuf_addc(sb, (char)(0xf0 | cp >> 18));
		strbuf_addc(sb, (char)(0x80 | (cp >> 12 & 0x3f)));
		strbuf_addc(sb, (char)(0x80 | (cp >> 6 & 0x3f)));
		strbuf_addc(sb, (char)(0x80 | (cp & 0x3f)));
	}
}

/* string - the string at r->i (its opening quote), into r->sb */
static bool
string(struct rd *r)
{
	unsigned	cp, lo;
	size_t		k;

	strbuf_reset(&r->sb);
	r->i++;
	while (r->i < r->n) {
		unsigned char	c = (unsigned char)r->s[r->i];

		if (c == '"') {
			r->i++;
			return true;
		}
		if (c < 0x20)
			return fail(r, "control character in a string");
		if (c != '\\') {
			if ((k = utf8_seq((const unsigned char *)r->s + r->i,
			    r->n - r->i, &cp)) == 0)
				return fail(r, "invalid UTF-8 in a string");
			strbuf_add(&r->sb, r->s + r->i, k);
			r->i += k;
			continue;
		}
		if (++r->i >= r->n)
			break;
		switch (r->s[r->i++]) {
		case '"': strbuf_addc(&r->sb, '"'); break;
		case '\\': strbuf_addc(&r->sb, '\\'); break;
		case '/': strbuf_addc(&r->sb, '/'); break;
		case 'b': strbuf_addc(&r->sb, '\b'); break;
		case 'f': strbuf_addc(&r->sb, '\f'); break;
		case 'n': strbuf_addc(&r->sb, '\n'); break;
		case 'r': strbuf_addc(&r->sb, '\r'); break;
		case 't': strbuf_addc(&r->sb, '\t'); break;
		case 'u':
			if (!hex4(r, &cp))
				return false;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return fail(r, "lone low surrogate");
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (r->n - r->i < 6 || r->s[r->i] != '\\' ||
				    r->s[r->i + 1] != 'u')
					return fail(r, "lone high surrogate");
				r->i += 2;
				if (!hex4(r, &lo))
					return false;
				if (lo < 0xdc00 || lo > 0xdfff)
					return fail(r, "bad surrogate pair");
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
			}
			put_utf8(&r->sb, cp);
			break;
		default:
			r->i--;
			return fail(r, "bad escape");
		}
	}
	return fail(r, "unterminated string");
}

/* digits - skip one or more decimal digits; false when there is none */
static bool
digits(struct rd *r)
{
	size_t	st = r->i;

	while (r->i < r->n && r->s[r->i] >= '0' && r->s[r->i] <= '9')
		r->i++;
	return r->i > st;
}

static const struct jv *
number(struct rd *r)
{
	size_t		 st = r->i;
	struct jv	*v;
	char		 buf[64], *end;
	bool		 ok;

	if (r->i < r->n && r->s[r->i] == '-')
		r->i++;
	/* an integer part without leading zeros */
	if (r->i < r->n && r->s[r->i] == '0') {
		r->i++;
		ok = true;
	} else
		ok = digits(r);
	if (ok && r->i < r->n && r->s[r->i] == '.') {
		r->i++;
		ok = digits(r);
	}
	if (ok && r->i < r->n && (r->s[r->i] == 'e' || r->s[r->i] == 'E')) {
		r->i++;
		if (r->i < r->n && (r->s[r->i] == '+' || r->s[r->i] == '-'))
			r->i++;
		ok = digits(r);
	}
	if (!ok) {
		fail(r, "bad number");
		return NULL;
	}
	if (r->i - st >= sizeof(buf)) {
		fail(r, "number too long");
		return NULL;
	}
	memcpy(buf, r->s + st, r->i - st);
	buf[r->i - st] = '\0';
	v = arena_alloc(r->a, sizeof(*v));
	v->type = JV_NUM;
	v->num = strtod(buf, &end);
	if (!isfinite(v->num)) {
		fail(r, "number out of range");
		return NULL;
	}
	return v;
}

/* members - an array (keys == false) or object at r->i */
static const struct jv *
members(struct rd *r, unsigned depth, bool keys)
{
	struct jv	*v, **vals = NULL;
	const char	**ks = NULL;
	size_t		 n = 0, cap = 0, kcap = 0;
	char		 close = keys ? '}' : ']';

	r->i++;
	blanks(r);
	if (r->i < r->n && r->s[r->i] == close)
		r->i++;
	else
		for (;;) {
			const struct jv	*m;

			blanks(r);
			if (keys) {
				if (r->i >= r->n || r->s[r->i] != '"') {
					fail(r, "expected a key");
					goto bad;
				}
				if (!string(r))
					goto bad;
				VEC_GROW(ks, n, kcap);
				ks[n] = arena_strndup(r->a, r->sb.s ? r->sb.s : "",
				    r->sb.len);
				blanks(r);
				if (r->i >= r->n || r->s[r->i] != ':') {
					fail(r, "expected ':'");
					goto bad;
				}
				r->i++;
			}
			if ((m = value(r, depth + 1)) == NULL)
				goto bad;
			VEC_GROW(vals, n, cap);
			vals[n++] = (struct jv *)m;
			blanks(r);
			if (r->i < r->n && r->s[r->i] == ',') {
				r->i++;
				continue;
			}
			if (r->i < r->n && r->s[r->i] == close) {
				r->i++;
				break;
			}
			fail(r, keys ? "expected ',' or '}'" : "expected ',' or ']'");
			goto bad;
		}
	v = arena_alloc(r->a, sizeof(*v));
	v->type = keys ? JV_OBJ : JV_ARR;
	v->len = n;
	if (n > 0) {
		v->v = arena_array(r->a, n, sizeof(*v->v));
		memcpy(v->v, vals, n * sizeof(*v->v));
		if (keys) {
			v->k = arena_array(r->a, n, sizeof(*v->k));
			memcpy(v->k, ks, n * sizeof(*v->k));
		}
	}
	free(vals);
	free(ks);
	return v;
bad:
	free(vals);
	free(ks);
	return NULL;
}

static const struct jv *
value(struct rd *r, unsigned depth)
{
	struct jv	*v;

	if (depth > JSONREAD_MAX_DEPTH) {
		fail(r, "nested too deeply");
		return NULL;
	}
	blanks(r);
	if (r->i >= r->n) {
		fail(r, "unexpected end");
		return NULL;
	}
	switch (r->s[r->i]) {
	case '{':
		return members(r, depth, true);
	case '[':
		return members(r, depth, false);
	case '"':
		if (!string(r))
			return NULL;
		v = arena_alloc(r->a, sizeof(*v));
		v->type = JV_STR;
		v->len = r->sb.len;
		v->s = arena_strndup(r->a, r->sb.s ? r->sb.s : "", r->sb.len);
		return v;
	case 't':
	case 'f': {
		bool	t = r->s[r->i] == 't';

		if (!literal(r, t ? "true" : "false"))
			return NULL;
		v = arena_alloc(r->a, sizeof(*v));
		v->type = JV_BOOL;
		v->b = t;
		return v;
	}
	case 'n':
		if (!literal(r, "null"))
			return NULL;
		v = arena_alloc(r->a, sizeof(*v));
		v->type = JV_NULL;
		return v;
	default:
		if (r->s[r->i] != '-' && (r->s[r->i] < '0' || r->s[r->i] > '9')) {
			fail(r, "unexpected character");
			return NULL;
		}
		return number(r);
	}
}

const struct jv *
jv_parse(struct arena *a, const char *text, size_t len, const char **err_r,
    size_t *off_r)
{
	struct rd		 r;
	const struct jv		*v;

	memset(&r, 0, sizeof(r));
	r.a = a;
	r.s = text;
	r.n = len;
	v = value(&r, 0);
	if (v != NULL) {
		blanks(&r);
		if (r.i < r.n) {
			fail(&r, "text after the value");
			v = NULL;
		}
	}
	strbuf_free(&r.sb);
	if (v == NULL) {
		*err_r = r.err != NULL ? r.err : "invalid JSON";
		*off_r = r.err_off;
	}
	return v;
}

const struct jv *
jv_get(const struct jv *o, const char *key)
{
	size_t	i;

	if (o == NULL || o->type != JV_OBJ)
		return NULL;
	for (i = 0; i < o->len; i++)
		if (strcmp(o->k[i], key) == 0)
			return o->v[i];
	return NULL;
}

const char *
jv_str(const struct jv *v)
{
	return v != NULL && v->type == JV_STR ? v->s : NULL;
}

long long
jv_int(const struct jv *v, long long dflt)
{
	if (v == NULL || v->type != JV_NUM || v->num != v->num ||
	    v->num > 9.0e18 || v->num < -9.0e18)
		return dflt;
	return (long long)v->num;
}

size_t
jv_n(const struct jv *v)
{
	return v != NULL && (v->type == JV_ARR || v->type == JV_OBJ) ?
	    v->len : 0;
}

const struct jv *
jv_at(const struct jv *v, size_t i)
{
	return v != NULL && v->type == JV_ARR && i < v->len ? v->v[i] : NULL;
}
