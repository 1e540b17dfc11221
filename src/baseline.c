/* SPDX-License-Identifier: MIT */
/*
 * baseline - write and apply a baseline of findings (baseline.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "baseline.h"
#include "datafile.h"
#include "diag.h"
#include "finding.h"
#include "hmap.h"
#include "strbuf.h"

#define BASELINE_HEADER	"# maillint baseline v1: fingerprint, rule, file, message"
#define BASELINE_MAX	(64u * 1024 * 1024)

/* put_field - s with tabs and newlines as blanks (the format's separators) */
static void
put_field(struct strbuf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		strbuf_addc(b, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static int
line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
baseline_write(const char *path, const struct findings *fs,
    struct diag_list *dl)
{
	struct strbuf	  b = STRBUF_INIT, line = STRBUF_INIT;
	char		**v, fp[FINDING_FP_LEN];
	size_t		  i, n = fs != NULL ? fs->len : 0;
	int		  rc;

	v = xcalloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		const struct finding	*f = &fs->v[i];

		strbuf_reset(&line);
		strbuf_printf(&line, "%s\t", finding_fingerprint(f, fp));
		put_field(&line, f->rule_id);
		strbuf_addc(&line, '\t');
		put_field(&line, f->loc.file);
		strbuf_addc(&line, '\t');
		put_field(&line, f->message);
		v[i] = xstrdup(strbuf_cstr(&line));
	}
	qsort(v, n, sizeof(*v), line_cmp);
	strbuf_adds(&b, BASELINE_HEADER "\n");
	for (i = 0; i < n; i++) {
		strbuf_adds(&b, v[i]);
		strbuf_addc(&b, '\n');
		free(v[i]);
	}
	free(v);
	rc = datafile_write(path, b.s != NULL ? b.s : "", b.len, dl);
	strbuf_free(&b);
	strbuf_free(&line);
	return rc;
}

/* is_fp - 16 lowercase hex digits */
static bool
is_fp(const char *s, size_t n)
{
	return n == FINDING_FP_LEN - 1 &&
	    strspn(s, "0123456789abcdef") >= n;
}

int
baseline_apply(const char *path, struct findings *fs, size_t *dropped_r,
    size_t *gone_r, struct diag_list *dl)
{
	struct arena	*a = arena_new();
	struct hmap	 left = HMAP_INIT;	/* fingerprint -> count (uintptr_t) */
	char		*buf, *p, *eol, fp[FINDING_FP_LEN];
	size_t		 len, i, k = 0, total = 0;
	unsigned	 lineno = 0;
	bool		 missing;

	*dropped_r = *gone_r = 0;
	if ((buf = datafile_read(path, BASELINE_MAX, a, "baseline", &missing,
	    &len, dl)) == NULL) {
		if (missing)
			diag_addf(dl, SEV_ERROR, path, 0, 0, "no such baseline "
			    "file (make one with --write-baseline)");
		arena_free(&a);
		return -1;
	}
	if (strncmp(buf, BASELINE_HEADER, strlen(BASELINE_HEADER)) != 0) {
		diag_addf(dl, SEV_ERROR, path, 1, 1, "not a maillint baseline "
		    "(it starts with \"" BASELINE_HEADER "\")");
		arena_free(&a);
		return -1;
	}
	for (p = buf; p < buf + len; p = eol + 1) {
		size_t	 n;
		char	*key;

		lineno++;
		if ((eol = memchr(p, '\n', (size_t)(buf + len - p))) == NULL)
			eol = buf + len;
		*eol = '\0';
		if (*p == '#' || *p == '\0')
			continue;
		n = strcspn(p, "\t");
		if (!is_fp(p, n)) {
			diag_addf(dl, SEV_WARN, path, lineno, 1, "not a baseline "
			    "entry (16 hex digits, a tab, ...): ignored");
			continue;
		}
		p[n] = '\0';
		key = p;
		hmap_put(&left, key, (void *)((uintptr_t)hmap_get(&left, key) + 1));
		total++;
	}
	for (i = 0; fs != NULL && i < fs->len; i++) {
		uintptr_t	c = (uintptr_t)hmap_get(&left,
		    finding_fingerprint(&fs->v[i], fp));

		if (c > 0) {
			/* the key string lives in buf: put finds it again */
			hmap_put(&left, fp, (void *)(c - 1));
			(*dropped_r)++;
			continue;
		}
		fs->v[k++] = fs->v[i];
	}
	if (fs != NULL)
		fs->len = k;
	*gone_r = total - *dropped_r;
	hmap_free(&left);
	arena_free(&a);
	return 0;
}
