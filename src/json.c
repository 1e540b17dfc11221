/* SPDX-License-Identifier: MIT */
/*
 * json - streaming JSON writer with strict escaping.
 *
 * UTF-8 validation follows RFC 3629: overlong forms, surrogates and code
 * points above U+10FFFF are invalid and replaced by U+FFFD, one
 * replacement per offending byte.
 */
#include "config.h"

#include <string.h>

#include "diag.h"
#include "json.h"
#include "utf8.h"

void
json_init(struct json *j, FILE *f, bool pretty)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
	j->pretty = pretty;
}

static void
indent(struct json *j)
{
	int	i;

	if (!j->pretty)
		return;
	fputc('\n', j->f);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

/* before_value - comma and indentation before a value or a key */
static void
before_value(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth > 0) {
		if (j->need_comma[j->depth])
			fputc(',', j->f);
		indent(j);
	}
	if (j->depth < JSON_MAX_DEPTH)
		j->need_comma[j->depth] = true;
}

static void
open_(struct json *j, char c)
{
	before_value(j);
	fputc(c, j->f);
	if (j->depth + 1 < JSON_MAX_DEPTH) {
		j->depth++;
		j->need_comma[j->depth] = false;
	}
}

static void
close_(struct json *j, char c)
{
	bool	had = j->need_comma[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (had)
		indent(j);
	fputc(c, j->f);
}

void
json_obj_begin(struct json *j)
{
	open_(j, '{');
}

void
json_obj_end(struct json *j)
{
	close_(j, '}');
}

void
json_arr_begin(struct json *j)
{
	open_(j, '[');
}

void
json_arr_end(struct json *j)
{
	close_(j, ']');
}

void
json_escape_to(FILE *f, const char *str, size_t n)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, l;
	unsigned		 cp;

	while (i < n) {
		unsigned char	c = s[i];
		size_t		run = i;

		/* Plain printable ASCII goes out in one write. */
		while (run < n && s[run] >= 0x20 && s[run] < 0x7f &&
		    s[run] != '"' && s[run] != '\\')
			run++;
		if (run > i) {
			fwrite(s + i, 1, run - i, f);
			i = run;
			continue;
		}
		switch (c) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				fprintf(f, "\\u%04x", c);
				break;
			}
			l = utf8_seq(s + i, n - i, &cp);
			if (l == 0) {
				fputs("\\ufffd", f);
				break;
			}
			fwrite(s + i, 1, l, f);
			i += l;
			continue;
		}
		i++;
	}
}

void
json_key(struct json *j, const char *key)
{
	before_value(j);
	fputc('"', j->f);
	json_escape_to(j->f, key, strlen(key));
	fputs(j->pretty ? "\": " : "\":", j->f);
	j->after_key = true;
}

void
json_strn(struct json *j, const char *s, size_t n)
{
	before_value(j);
	fputc('"', j->f);
	json_escape_to(j->f, s, n);
	fputc('"', j->f);
}

void
json_str(struct json *j, const char *s)
{
	if (s == NULL)
		json_null(j);
	else
		json_strn(j, s, strlen(s));
}

void
json_int(struct json *j, long long v)
{
	before_value(j);
	fprintf(j->f, "%lld", v);
}

void
json_bool(struct json *j, bool v)
{
	before_value(j);
	fputs(v ? "true" : "false", j->f);
}

void
json_null(struct json *j)
{
	before_value(j);
	fputs("null", j->f);
}

void
json_kv_str(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_str(j, s);
}

void
json_kv_int(struct json *j, const char *key, long long v)
{
	json_key(j, key);
	json_int(j, v);
}

void
json_kv_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

void
json_end(struct json *j)
{
	fputc('\n', j->f);
}

void
diag_list_json(struct json *j, const struct diag_list *dl)
{
	size_t	i;

	json_key(j, "diagnostics");
	json_arr_begin(j);
	for (i = 0; dl != NULL && i < dl->len; i++) {
		const struct diag	*d = &dl->v[i];

		json_obj_begin(j);
		json_kv_str(j, "file", d->loc.file);
		json_kv_int(j, "line", d->loc.line);
		json_kv_int(j, "column", d->loc.col);
		json_kv_str(j, "severity", sev_name(d->sev));
		json_kv_str(j, "message", d->msg);
		json_obj_end(j);
	}
	json_arr_end(j);
}
