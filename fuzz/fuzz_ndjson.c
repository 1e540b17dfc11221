/* SPDX-License-Identifier: MIT */
/*
 * fuzz_ndjson - fleet records read back (--merge, --format html): the
 * input as one JSON value (jv_parse), then line by line as NDJSON; the
 * "host" objects and the last "fleet" object are rendered as both HTML
 * reports (report_html), so that every accessor and the escaping see
 * whatever the reader builds.  Seeds: `maillint --fleet --format json`
 * over the fixtures (fuzz/run.sh).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "jsonread.h"
#include "report.h"

#define MAX_HOSTS	64

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		*a = arena_new();
	const char		*p = (const char *)data, *end = p + size, *nl;
	const char		*err;
	const struct jv		*hosts[MAX_HOSTS], *sum = NULL, *v;
	size_t			 n = 0, off;
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*out;

	(void)jv_parse(a, p, size, &err, &off);
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		v = jv_parse(a, p, (size_t)(nl - p), &err, &off);
		if (v != NULL) {
			const char	*t = jv_str(jv_get(v, "type"));

			if (t != NULL && strcmp(t, "fleet") == 0)
				sum = v;
			else if (n < MAX_HOSTS)
				hosts[n++] = v;
		}
		if (nl == end)
			break;
	}
	if ((out = open_memstream(&buf, &len)) != NULL) {
		report_html(out, hosts, n, sum, false);
		report_html(out, hosts, n, sum, true);
		fclose(out);
		free(buf);
	}
	arena_free(&a);
	return 0;
}
