/* SPDX-License-Identifier: MIT */
/*
 * report_ciphers - `maillint --ciphers STRING`: the suites that the linked
 * OpenSSL enables for a cipher string (TLS 1.2 and older), the weak ones
 * marked, in text or JSON (report.h).
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "ciphers.h"
#include "json.h"
#include "report.h"
#include "strbuf.h"

static void
json_weak(struct json *j, unsigned weak)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*p, *e;

	ciphers_weak_names(&sb, weak);
	json_arr_begin(j);
	for (p = strbuf_cstr(&sb); *p != '\0'; p = *e != '\0' ? e + 2 : e) {
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		json_strn(j, p, (size_t)(e - p));
	}
	json_arr_end(j);
	strbuf_free(&sb);
}

int
report_ciphers(FILE *out, const char *format, const char *s)
{
	struct arena		*a = arena_new();
	struct cipher_eval	 ev;
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	size_t			 i;

	if (ciphers_eval(a, s, &ev) != 0) {
		arena_free(&a);
		return -1;
	}
	if (strcmp(format, "json") == 0) {
		json_init(&j, out, true);
		json_obj_begin(&j);
		json_kv_str(&j, "library", ciphers_library());
		json_kv_str(&j, "string", s);
		json_kv_bool(&j, "rejected", ev.rejected);
		json_key(&j, "weak");
		json_weak(&j, ev.weak);
		json_key(&j, "suites");
		json_arr_begin(&j);
		for (i = 0; i < ev.n; i++) {
			json_obj_begin(&j);
			json_kv_str(&j, "name", ev.suites[i].name);
			json_key(&j, "weak");
			json_weak(&j, ev.suites[i].weak);
			json_kv_bool(&j, "legacy", ev.suites[i].legacy);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	} else {
		fprintf(out, "# %s, security level 0, TLS 1.2 and older suites\n",
		    ciphers_library());
		for (i = 0; i < ev.n; i++) {
			fprintf(out, "%s", ev.suites[i].name);
			if (ev.suites[i].weak != 0) {
				strbuf_free(&sb);
				ciphers_weak_names(&sb, ev.suites[i].weak);
				fprintf(out, "  weak: %s", strbuf_cstr(&sb));
			}
			if (ev.suites[i].legacy)
				fprintf(out, "  (unknown to this OpenSSL; "
				    "older ones enable it)");
			fputc('\n', out);
		}
		if (ev.rejected)
			fprintf(out, "# no suite: OpenSSL rejects the string, "
			    "TLS handshakes fail\n");
		else
			fprintf(out, "# %zu suites, %zu weak\n", ev.n, ev.n_weak);
	}
	strbuf_free(&sb);
	arena_free(&a);
	return ev.n_weak > 0 || ev.rejected ? 1 : 0;
}
