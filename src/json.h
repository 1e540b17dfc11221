/* SPDX-License-Identifier: MIT */
/*
 * json - a small streaming JSON writer.
 *
 * Output is always valid JSON: strings are escaped, control characters
 * become \u00XX and bytes that are not valid UTF-8 become U+FFFD, so a
 * hostile configuration cannot break a consumer's parser.  Commas and
 * indentation are handled by the writer; callers only open, write, close.
 */
#ifndef MAILLINT_JSON_H
#define MAILLINT_JSON_H

#include <stdbool.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	32

struct json {
	FILE		*f;
	int		 depth;
	bool		 pretty;		/* newline + two-space indent */
	bool		 need_comma[JSON_MAX_DEPTH];
	bool		 after_key;		/* a key was written; value follows */
};

void	json_init(struct json *j, FILE *f, bool pretty);
void	json_obj_begin(struct json *j);
void	json_obj_end(struct json *j);
void	json_arr_begin(struct json *j);
void	json_arr_end(struct json *j);
void	json_key(struct json *j, const char *key);
void	json_str(struct json *j, const char *s);	/* NULL writes null */
void	json_strn(struct json *j, const char *s, size_t n);
void	json_int(struct json *j, long long v);
void	json_bool(struct json *j, bool v);
void	json_null(struct json *j);
/* json_kv_* - key and value in one call */
void	json_kv_str(struct json *j, const char *key, const char *s);
void	json_kv_int(struct json *j, const char *key, long long v);
void	json_kv_bool(struct json *j, const char *key, bool v);
/* json_end - finish the document (trailing newline) */
void	json_end(struct json *j);
/* json_escape_to - write s escaped (without quotes) to f; used by SARIF too */
void	json_escape_to(FILE *f, const char *s, size_t n);

struct diag_list;
/* diag_list_json - "diagnostics": [{file, line, column, severity,
 * message}...] (dl NULL: an empty list); the JSON report and --dump
 * write the same */
void	diag_list_json(struct json *j, const struct diag_list *dl);

#endif
