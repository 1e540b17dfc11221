/* SPDX-License-Identifier: MIT */
/*
 * fleet_merge - --merge FILE... (fleet_merge.h): host records read back,
 * sorted by host name, and the fleet summary computed again.
 *
 * Each line is parsed on its own (jsonread, in an arena freed after the
 * line); what is kept of a record is the line itself (a pointer into its
 * file's buffer, which lives until the end), its tally text, built with
 * the same fleet_tally_* calls a worker makes (main.c, host_record), and
 * in text mode its text block (report_text_host, as --fleet writes it).
 * Nothing here exits; every problem is a message on stderr naming the
 * file and line, and the exit status says so.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "datafile.h"
#include "diag.h"
#include "finding.h"
#include "fleet_merge.h"
#include "fleet_sum.h"
#include "hmap.h"
#include "jsonread.h"
#include "report.h"
#include "textesc.h"
#include "xmem.h"

/* One host record read back. */
struct mrec {
	char		*host;
	const char	*line;	/* the NDJSON line, in its file's buffer */
	size_t		 len;
	char		*tally;	/* fleet_sum.h's tally text */
	char		*text;	/* the text block (text mode), or NULL */
	size_t		 file;	/* index in files[] */
	size_t		 lineno;
	size_t		 seq;	/* reading order: a stable sort */
};

struct merge {
	char *const	*files;
	bool		 json;
	bool		 html;
	bool		 customer;
	struct mrec	*v;
	size_t		 len, cap;
	bool		 bad;	/* a file or a line could not be read */
};

/* complain - "maillint: FILE:LINE: msg" on stderr */
static void
complain(struct merge *m, size_t file, size_t lineno, const char *msg,
    const char *detail)
{
	fputs("maillint: ", stderr);
	textesc_put(stderr, m->files[file]);
	fprintf(stderr, ":%zu: %s", lineno, msg);
	if (detail != NULL) {
		fputs(": ", stderr);
		textesc_put(stderr, detail);
	}
	fputc('\n', stderr);
}

static bool
is_str_or_null(const struct jv *v)
{
	return v == NULL || v->type == JV_NULL || v->type == JV_STR;
}

static bool
is_count(const struct jv *v)
{
	return v != NULL && v->type == JV_NUM && v->num >= 0 &&
	    v->num <= 4294967295.0 && v->num == (double)(long long)v->num;
}

/*
 * check_record - the fields a host record needs to be merged: NULL when
 * it has them, else what is wrong (a static message)
 */
static const char *
check_record(const struct jv *o)
{
	const struct jv	*st = jv_get(o, "status");
	const struct jv	*fs = jv_get(o, "findings");
	const struct jv	*cs = jv_get(o, "certificates");
	const struct jv	*ds = jv_get(o, "diagnostics");
	size_t		 i;

	if (jv_str(jv_get(o, "host")) == NULL)
		return "a host record without \"host\" (a string)";
	if (!is_count(st) || st->num > 3)
		return "a host record without \"status\" (0 to 3)";
	if (!is_str_or_null(jv_get(o, "error")))
		return "a host record whose \"error\" is not a string";
	if (fs == NULL || fs->type != JV_ARR)
		return "a host record without \"findings\" (an array)";
	for (i = 0; i < jv_n(fs); i++) {
		const struct jv	*f = jv_at(fs, i);
		const char	*sev = jv_str(jv_get(f, "severity"));

		if (f->type != JV_OBJ || jv_str(jv_get(f, "rule")) == NULL ||
		    sev == NULL || sev_parse(sev) < 0 ||
		    !is_str_or_null(jv_get(f, "file")) ||
		    !is_str_or_null(jv_get(f, "message")))
			return "a finding without \"rule\" or \"severity\"";
	}
	if (cs != NULL && cs->type != JV_ARR)
		return "a host record whose \"certificates\" is not an array";
	for (i = 0; i < jv_n(cs); i++) {
		const struct jv	*c = jv_at(cs, i);

		if (c->type != JV_OBJ || jv_str(jv_get(c, "kind")) == NULL ||
		    jv_str(jv_get(c, "file")) == NULL ||
		    !is_str_or_null(jv_get(c, "not_after")) ||
		    !is_str_or_null(jv_get(c, "subject")))
			return "a certificate without \"kind\" or \"file\"";
	}
	if (ds != NULL && ds->type != JV_ARR)
		return "a host record whose \"diagnostics\" is not an array";
	for (i = 0; i < jv_n(ds); i++) {
		const struct jv	*d = jv_at(ds, i);
		const char	*sev = jv_str(jv_get(d, "severity"));

		if (d->type != JV_OBJ || sev == NULL || sev_parse(sev) < 0 ||
		    jv_str(jv_get(d, "message")) == NULL ||
		    !is_str_or_null(jv_get(d, "file")))
			return "a diagnostic without \"severity\" or \"message\"";
	}
	return NULL;
}

static unsigned
num_u(const struct jv *v)
{
	return is_count(v) ? (unsigned)v->num : 0;
}

/*
 * record_tally - the tally a worker would have made of this host: the
 * findings counted, each rule once at its worst severity, each
 * certificate file once, the error, the status (main.c, host_record)
 */
static char *
record_tally(const struct jv *o, int status)
{
	struct fleet_tally	 t;
	struct hmap		 seen = HMAP_INIT;
	const struct jv		*fs = jv_get(o, "findings");
	const struct jv		*cs = jv_get(o, "certificates");
	const char		*error = jv_str(jv_get(o, "error")), *text;
	unsigned		 n[3] = { 0, 0, 0 };
	size_t			 i, len;
	char			*r;

	memset(&t, 0, sizeof(t));
	for (i = 0; i < jv_n(fs); i++) {
		const struct jv	*f = jv_at(fs, i);
		int		 sev = sev_parse(jv_str(jv_get(f, "severity")));

		n[sev]++;
		fleet_tally_rule(&t, jv_str(jv_get(f, "rule")), (enum sev)sev);
	}
	fleet_tally_counts(&t, n[SEV_ERROR], n[SEV_WARN], n[SEV_INFO]);
	for (i = 0; i < jv_n(cs); i++) {
		const struct jv	*c = jv_at(cs, i);
		const char	*file = jv_str(jv_get(c, "file"));
		const char	*not_after = jv_str(jv_get(c, "not_after"));

		if (strcmp(jv_str(jv_get(c, "kind")), "certificate") != 0 ||
		    not_after == NULL || hmap_get(&seen, file) != NULL)
			continue;
		hmap_put(&seen, file, (void *)c);
		fleet_tally_cert(&t, file, jv_str(jv_get(c, "subject")),
		    not_after, jv_int(jv_get(c, "days_left"), 0));
	}
	hmap_free(&seen);
	if (error != NULL)
		fleet_tally_error(&t, error);
	text = fleet_tally_text(&t, status, &len);
	r = xstrndup(text, len);
	fleet_tally_free(&t);
	return r;
}

/* record_text - the host's block as --fleet --format text writes it */
static char *
record_text(const struct jv *o, int status)
{
	const struct jv		*fs = jv_get(o, "findings");
	const struct jv		*ds = jv_get(o, "diagnostics");
	struct findings		 f;
	struct diag_list	 dl;
	struct report_host	 rh;
	struct report_in	 in;
	char			*buf = NULL;
	size_t			 i, len = 0;
	FILE			*out;

	memset(&f, 0, sizeof(f));
	f.len = jv_n(fs);
	f.v = xcalloc(f.len + 1, sizeof(*f.v));
	for (i = 0; i < f.len; i++) {
		const struct jv	*x = jv_at(fs, i);

		f.v[i].rule_id = jv_str(jv_get(x, "rule"));
		f.v[i].sev = (enum sev)sev_parse(jv_str(jv_get(x,
		    "severity")));
		f.v[i].loc.file = jv_str(jv_get(x, "file"));
		f.v[i].loc.line = num_u(jv_get(x, "line"));
		f.v[i].loc.col = num_u(jv_get(x, "column"));
		f.v[i].message = jv_str(jv_get(x, "message"));
		if (f.v[i].message == NULL)
			f.v[i].message = "";
	}
	diag_init(&dl);
	dl.max = jv_n(ds) + 1;
	for (i = 0; i < jv_n(ds); i++) {
		const struct jv	*x = jv_at(ds, i);

		diag_addf(&dl, (enum sev)sev_parse(jv_str(jv_get(x,
		    "severity"))), jv_str(jv_get(x, "file")),
		    num_u(jv_get(x, "line")), num_u(jv_get(x, "column")), "%s",
		    jv_str(jv_get(x, "message")));
	}
	memset(&rh, 0, sizeof(rh));
	rh.name = jv_str(jv_get(o, "host"));
	rh.path = jv_str(jv_get(o, "path"));
	rh.status = status;
	rh.error = jv_str(jv_get(o, "error"));
	memset(&in, 0, sizeof(in));
	in.findings = &f;
	in.diags = &dl;
	in.profile = jv_str(jv_get(o, "profile"));
	if ((out = open_memstream(&buf, &len)) != NULL) {
		report_text_host(out, &rh, &in);
		if (fclose(out) != 0) {
			free(buf);
			buf = NULL;
		}
	}
	free(f.v);
	diag_free(&dl);
	return buf != NULL ? buf : xstrdup("");
}

/* merge_line - one line of file k: a record kept, a line skipped, or bad */
static void
merge_line(struct merge *m, size_t k, size_t lineno, const char *line,
    size_t len)
{
	struct arena	*a;
	const struct jv	*o;
	const char	*err, *type;
	size_t		 off;
	char		 at[64];
	struct mrec	*r;
	int		 status;

	if (len > FLEET_MERGE_MAX_LINE) {
		snprintf(at, sizeof(at), "more than %zu bytes",
		    FLEET_MERGE_MAX_LINE);
		complain(m, k, lineno, "line too long", at);
		m->bad = true;
		return;
	}
	a = arena_new();
	if ((o = jv_parse(a, line, len, &err, &off)) == NULL) {
		snprintf(at, sizeof(at), "%s at byte %zu", err, off + 1);
		complain(m, k, lineno, "not JSON", at);
		m->bad = true;
	} else if (o->type != JV_OBJ ||
	    (type = jv_str(jv_get(o, "type"))) == NULL) {
		complain(m, k, lineno, "not a --fleet record (an object with "
		    "\"type\")", NULL);
		m->bad = true;
	} else if (strcmp(type, "fleet") == 0)
		;	/* the summary is computed again */
	else if (strcmp(type, "host") != 0)
		complain(m, k, lineno, "warning: not a host record, ignored: "
		    "type", type);
	else if ((err = check_record(o)) != NULL) {
		complain(m, k, lineno, err, NULL);
		m->bad = true;
	} else {
		status = (int)jv_int(jv_get(o, "status"), 3);
		VEC_GROW(m->v, m->len, m->cap);
		r = &m->v[m->len];
		r->host = xstrdup(jv_str(jv_get(o, "host")));
		r->line = line;
		r->len = len;
		r->tally = record_tally(o, status);
		r->text = m->json || m->html ? NULL : record_text(o, status);
		r->file = k;
		r->lineno = lineno;
		r->seq = m->len++;
	}
	arena_free(&a);
}

/* merge_file - every line of file k (its buffer, kept until the end) */
static void
merge_file(struct merge *m, size_t k, const char *data, size_t len)
{
	const char	*p = data, *end = data + len, *nl;
	size_t		 lineno = 0, n;

	while (p < end) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (strspn(p, " \t") < n)
			merge_line(m, k, lineno, p, n);
		p = nl + 1;
	}
}

static int
cmp_rec(const void *a, const void *b)
{
	const struct mrec	*x = a, *y = b;
	int			 c = strcmp(x->host, y->host);

	if (c != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* write_all - the records in host order, then the summary */
static int
write_all(struct merge *m)
{
	struct fleet_sum	*sum = fleet_sum_new();
	size_t			 i;
	int			 status;

	qsort(m->v, m->len, sizeof(*m->v), cmp_rec);
	for (i = 0; i < m->len; i++) {
		const struct mrec	*r = &m->v[i];

		if (i > 0 && strcmp(r->host, m->v[i - 1].host) == 0) {
			fputs("maillint: --merge: warning: host \"", stderr);
			textesc_put(stderr, r->host);
			fputs("\" twice: ", stderr);
			textesc_put(stderr, m->files[m->v[i - 1].file]);
			fprintf(stderr, ":%zu and ", m->v[i - 1].lineno);
			textesc_put(stderr, m->files[r->file]);
			fprintf(stderr, ":%zu; both kept\n", r->lineno);
		}
		if (m->html)
			;	/* rendered below, with the summary */
		else if (m->json) {
			fwrite(r->line, 1, r->len, stdout);
			fputc('\n', stdout);
		} else
			fputs(r->text, stdout);
		fleet_sum_host(sum, i, r->host, r->tally);
	}
	if (m->html) {
		const char	**recs = xcalloc(m->len + 1, sizeof(*recs));
		size_t		 *lens = xcalloc(m->len + 1, sizeof(*lens));

		for (i = 0; i < m->len; i++) {
			recs[i] = m->v[i].line;
			lens[i] = m->v[i].len;
		}
		fleet_sum_html(sum, stdout, recs, lens, m->len, m->customer);
		free(recs);
		free(lens);
	} else
		fleet_sum_write(sum, stdout, m->json);
	status = fleet_sum_status(sum);
	fleet_sum_free(&sum);
	return status;
}

int
fleet_merge(char *const *files, size_t n, bool json, bool html,
    bool customer)
{
	struct merge	 m;
	char		**data = xcalloc(n + 1, sizeof(*data));
	size_t		 k, len;
	int		 status;

	memset(&m, 0, sizeof(m));
	m.files = files;
	m.json = json && !html;
	m.html = html;
	m.customer = customer;
	for (k = 0; k < n; k++) {
		struct diag_list	dl;

		diag_init(&dl);
		data[k] = datafile_read(files[k], FLEET_MERGE_MAX_FILE, NULL,
		    "fleet record file", NULL, &len, &dl);
		for (size_t i = 0; i < dl.len; i++)
			report_diag_text(stderr, &dl.v[i]);
		diag_free(&dl);
		if (data[k] == NULL) {
			m.bad = true;
			continue;
		}
		merge_file(&m, k, data[k], len);
	}
	status = write_all(&m);
	if (m.bad && status < 2)
		status = 2;
	for (k = 0; k < m.len; k++) {
		free(m.v[k].host);
		free(m.v[k].tally);
		free(m.v[k].text);
	}
	free(m.v);
	for (k = 0; k < n; k++)
		free(data[k]);
	free(data);
	return status;
}
