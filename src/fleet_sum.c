/* SPDX-License-Identifier: MIT */
/*
 * fleet_sum - the fleet summary (fleet_sum.h): what each host's tally
 * adds, and the summary written as NDJSON or text.
 *
 * A tally is text, one item a line: "N errors warnings infos",
 * "R severity rule", "C days<TAB>not_after<TAB>file<TAB>subject",
 * "E message", "S status" (tabs and line ends in the fields made spaces).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fleet_sum.h"
#include "hmap.h"
#include "i18n.h"
#include "json.h"
#include "jsonread.h"
#include "report.h"
#include "strbuf.h"
#include "textesc.h"
#include "xmem.h"

#define FLEET_TOP_RULES	20	/* most common findings in the summary */
#define FLEET_TOP_CERTS	20	/* soonest expiring certificates */

struct rule_count {
	const char	*rule;
	size_t		 hosts;
	unsigned	 sev;	/* the worst seen */
};

struct cert_row {
	long long	 days;
	size_t		 idx;	/* host order */
	const char	*host, *not_after, *file, *subject;
};

struct failed_row {
	size_t		 idx;	/* host order */
	const char	*host;
	const char	*error;
};

struct fleet_sum {
	size_t			 hosts;
	size_t			 worst[5];	/* clean, info, warning, error, failed */
	size_t			 findings[3];
	int			 status;
	struct hmap		 rules;		/* rule -> struct rule_count */
	struct arena		*arena;
	struct cert_row		 certs[FLEET_TOP_CERTS + 1];
	size_t			 n_certs;
	struct failed_row	*failed;
	size_t			 n_failed, cap_failed;
};

/* put_field - s with tabs and line ends made spaces */
static void
put_field(struct strbuf *sb, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		strbuf_addc(sb, *s == '\t' || *s == '\n' || *s == '\r' ?
		    ' ' : *s);
}

void
fleet_tally_counts(struct fleet_tally *t, unsigned n_error,
    unsigned n_warning, unsigned n_info)
{
	strbuf_printf(&t->sb, "N %u %u %u\n", n_error, n_warning, n_info);
}

void
fleet_tally_rule(struct fleet_tally *t, const char *rule, enum sev sev)
{
	uintptr_t	 old = (uintptr_t)hmap_get(&t->seen, rule);

	if (old == 0)
		hmap_put(&t->seen, rule, (void *)(uintptr_t)(sev + 1));
	else if (old < (uintptr_t)sev + 1)
		hmap_put(&t->seen, rule, (void *)(uintptr_t)(sev + 1));
}

void
fleet_tally_cert(struct fleet_tally *t, const char *file,
    const char *subject, const char *not_after, long long days_left)
{
	strbuf_printf(&t->sb, "C %lld\t", days_left);
	put_field(&t->sb, not_after);
	strbuf_addc(&t->sb, '\t');
	put_field(&t->sb, file);
	strbuf_addc(&t->sb, '\t');
	put_field(&t->sb, subject);
	strbuf_addc(&t->sb, '\n');
}

void
fleet_tally_error(struct fleet_tally *t, const char *msg)
{
	if (t->has_error)
		return;
	t->has_error = true;
	strbuf_adds(&t->sb, "E ");
	put_field(&t->sb, msg);
	strbuf_addc(&t->sb, '\n');
}

const char *
fleet_tally_text(struct fleet_tally *t, int status, size_t *len_r)
{
	size_t	i;

	/* the rules seen (the summary sorts them) */
	for (i = 0; i < t->seen.len; i++)
		strbuf_printf(&t->sb, "R %u %s\n",
		    (unsigned)((uintptr_t)t->seen.ents[i].val - 1),
		    t->seen.ents[i].key);
	strbuf_printf(&t->sb, "S %d\n", status);
	*len_r = t->sb.len;
	return strbuf_cstr(&t->sb);
}

void
fleet_tally_free(struct fleet_tally *t)
{
	strbuf_free(&t->sb);
	hmap_free(&t->seen);
	memset(t, 0, sizeof(*t));
}


/* ---- the summary ---- */

struct fleet_sum *
fleet_sum_new(void)
{
	struct fleet_sum	*s = xcalloc(1, sizeof(*s));

	s->arena = arena_new();
	return s;
}

void
fleet_sum_free(struct fleet_sum **sp)
{
	if (sp == NULL || *sp == NULL)
		return;
	hmap_free(&(*sp)->rules);
	free((*sp)->failed);
	arena_free(&(*sp)->arena);
	free(*sp);
	*sp = NULL;
}

static void
add_failed(struct fleet_sum *s, size_t idx, const char *host,
    const char *error)
{
	VEC_GROW(s->failed, s->n_failed, s->cap_failed);
	s->failed[s->n_failed].idx = idx;
	s->failed[s->n_failed].host = arena_strdup(s->arena, host);
	s->failed[s->n_failed].error = arena_strdup(s->arena, error);
	s->n_failed++;
}

static void
add_cert(struct fleet_sum *s, size_t idx, const char *host, char *line)
{
	struct cert_row	 r;
	char		*tab[3];
	size_t		 i, k;

	r.days = strtoll(line, &line, 10);
	for (k = 0; k < 3; k++) {
		if ((tab[k] = strchr(line, '\t')) == NULL)
			return;
		*tab[k] = '\0';
		line = tab[k] + 1;
	}
	r.not_after = tab[0] + 1;
	r.file = tab[1] + 1;
	r.subject = tab[2] + 1;
	/* keep the FLEET_TOP_CERTS soonest, in order; ties in host order,
	 * whatever order the workers finish in */
	r.idx = idx;
	for (i = s->n_certs; i > 0 && (s->certs[i - 1].days > r.days ||
	    (s->certs[i - 1].days == r.days && s->certs[i - 1].idx > idx));
	    i--)
		continue;
	if (i >= FLEET_TOP_CERTS)
		return;
	if (s->n_certs < FLEET_TOP_CERTS)
		s->n_certs++;
	memmove(&s->certs[i + 1], &s->certs[i],
	    (s->n_certs - 1 - i) * sizeof(*s->certs));
	r.host = arena_strdup(s->arena, host);
	r.not_after = arena_strdup(s->arena, r.not_after);
	r.file = arena_strdup(s->arena, r.file);
	r.subject = arena_strdup(s->arena, r.subject);
	s->certs[i] = r;
}

static void
merge_status(struct fleet_sum *s, int st)
{
	/* 3 over 2 over 1 over 0 */
	if (st > s->status)
		s->status = st;
}

int
fleet_sum_host(struct fleet_sum *s, size_t idx, const char *host, char *t)
{
	unsigned		 n[3] = { 0, 0, 0 }, sev;
	int			 st = 3;
	const char		*error = NULL;
	char			*line, *nl, *p;
	struct rule_count	*rc;

	s->hosts++;
	for (line = t; *line != '\0'; line = nl + 1) {
		if ((nl = strchr(line, '\n')) == NULL)
			break;
		*nl = '\0';
		if (line[0] == '\0' || line[1] != ' ')
			continue;
		switch (line[0]) {
		case 'N':
			if (sscanf(line + 2, "%u %u %u", &n[2], &n[1], &n[0]) != 3)
				n[0] = n[1] = n[2] = 0;
			break;
		case 'R':
			sev = (unsigned)strtoul(line + 2, &p, 10);
			if (*p != ' ' || sev > 2)
				break;
			p++;
			if ((rc = hmap_get(&s->rules, p)) == NULL) {
				rc = arena_alloc(s->arena, sizeof(*rc));
				rc->rule = arena_strdup(s->arena, p);
				hmap_put(&s->rules, rc->rule, rc);
			}
			rc->hosts++;
			if (sev > rc->sev)
				rc->sev = sev;
			break;
		case 'C':
			add_cert(s, idx, host, line + 2);
			break;
		case 'E':
			error = line + 2;
			break;
		case 'S':
			st = atoi(line + 2);
			if (st < 0 || st > 3)
				st = 3;
			break;
		default:
			break;
		}
	}
	s->findings[0] += n[0];
	s->findings[1] += n[1];
	s->findings[2] += n[2];
	if (st >= 2) {
		s->worst[4]++;
		add_failed(s, idx, host, error != NULL ? error :
		    st == 3 ? "internal error" : "could not be read");
	} else if (n[2] > 0)
		s->worst[3]++;
	else if (n[1] > 0)
		s->worst[2]++;
	else if (n[0] > 0)
		s->worst[1]++;
	else
		s->worst[0]++;
	merge_status(s, st);
	return st;
}

void
fleet_sum_failed(struct fleet_sum *s, size_t idx, const char *host,
    const char *why, int status)
{
	s->hosts++;
	s->worst[4]++;
	add_failed(s, idx, host, why);
	merge_status(s, status);
}

size_t
fleet_sum_findings(const struct fleet_sum *s)
{
	return s->findings[0] + s->findings[1] + s->findings[2];
}

int
fleet_sum_status(const struct fleet_sum *s)
{
	return s->status;
}

static int
cmp_rules(const void *a, const void *b)
{
	const struct rule_count	*x = *(const struct rule_count *const *)a;
	const struct rule_count	*y = *(const struct rule_count *const *)b;

	if (x->hosts != y->hosts)
		return x->hosts > y->hosts ? -1 : 1;
	if (x->sev != y->sev)
		return x->sev > y->sev ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

static int
cmp_failed(const void *a, const void *b)
{
	const struct failed_row	*x = a, *y = b;

	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static const char *const worst_names[5] = {
	"clean", "info", "warning", "error", "failed"
};

static void
summary_json(FILE *out, struct fleet_sum *f, struct rule_count **top,
    size_t n_top)
{
	struct json	j;
	size_t		i;

	json_init(&j, out, false);
	json_obj_begin(&j);
	json_kv_str(&j, "type", "fleet");
	json_kv_str(&j, "tool", "maillint");
	json_kv_str(&j, "version", PACKAGE_VERSION);
	json_kv_int(&j, "hosts", (long long)f->hosts);
	json_key(&j, "worst");
	json_obj_begin(&j);
	for (i = 5; i-- > 0;)
		json_kv_int(&j, worst_names[i], (long long)f->worst[i]);
	json_obj_end(&j);
	json_key(&j, "findings");
	json_obj_begin(&j);
	json_kv_int(&j, "error", (long long)f->findings[2]);
	json_kv_int(&j, "warning", (long long)f->findings[1]);
	json_kv_int(&j, "info", (long long)f->findings[0]);
	json_obj_end(&j);
	json_key(&j, "top_findings");
	json_arr_begin(&j);
	for (i = 0; i < n_top; i++) {
		json_obj_begin(&j);
		json_kv_str(&j, "rule", top[i]->rule);
		json_kv_str(&j, "severity", sev_name((enum sev)top[i]->sev));
		json_kv_int(&j, "hosts", (long long)top[i]->hosts);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "expiring_certificates");
	json_arr_begin(&j);
	for (i = 0; i < f->n_certs; i++) {
		json_obj_begin(&j);
		json_kv_str(&j, "host", f->certs[i].host);
		json_kv_str(&j, "file", f->certs[i].file);
		json_kv_str(&j, "subject", f->certs[i].subject);
		json_kv_str(&j, "not_after", f->certs[i].not_after);
		json_kv_int(&j, "days_left", f->certs[i].days);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "failed");
	json_arr_begin(&j);
	for (i = 0; i < f->n_failed; i++) {
		json_obj_begin(&j);
		json_kv_str(&j, "host", f->failed[i].host);
		json_kv_str(&j, "error", f->failed[i].error);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_kv_int(&j, "status", f->status);
	json_obj_end(&j);
	json_end(&j);
}

static void
summary_text(FILE *out, struct fleet_sum *f, struct rule_count **top,
    size_t n_top)
{
	size_t	i;

	fputs("\n", out);
	fprintf(out, i18n_ntext("maillint fleet: %zu host", "maillint fleet: "
	    "%zu hosts", f->hosts), f->hosts);
	fprintf(out, _(": %zu with errors, %zu with warnings, %zu with info "
	    "only, %zu clean, %zu failed\n"), f->worst[3], f->worst[2],
	    f->worst[1], f->worst[0], f->worst[4]);
	fputs(_("findings: "), out);
	report_counts(out, f->findings);
	fputc('\n', out);
	if (n_top > 0) {
		fprintf(out, "%s\n", _("most common findings (hosts):"));
		for (i = 0; i < n_top; i++)
			fprintf(out, "  %6zu  %-7s  %s\n", top[i]->hosts,
			    sev_name((enum sev)top[i]->sev), top[i]->rule);
	}
	if (f->n_certs > 0) {
		fprintf(out, "%s\n", _("certificates expiring soonest:"));
		for (i = 0; i < f->n_certs; i++) {
			fputs("  ", out);
			fprintf(out, _("%6lld days"), f->certs[i].days);
			fprintf(out, "  %s  ", f->certs[i].not_after);
			textesc_put(out, f->certs[i].host);
			fputs("  ", out);
			textesc_put(out, f->certs[i].file);
			fputs("  ", out);
			textesc_put(out, f->certs[i].subject);
			fputc('\n', out);
		}
	}
	if (f->n_failed > 0) {
		fprintf(out, "%s\n", _("failed hosts:"));
		for (i = 0; i < f->n_failed; i++) {
			fputs("  ", out);
			textesc_put(out, f->failed[i].host);
			fputs(": ", out);
			textesc_put(out, f->failed[i].error);
			fputc('\n', out);
		}
	}
}

void
fleet_sum_write(struct fleet_sum *f, FILE *out, bool json)
{
	struct rule_count	**all;
	size_t			  i, n = 0;

	all = xreallocarray(NULL, f->rules.len + 1, sizeof(*all));
	for (i = 0; i < f->rules.len; i++)
		all[n++] = f->rules.ents[i].val;
	qsort(all, n, sizeof(*all), cmp_rules);
	if (f->n_failed > 1)
		qsort(f->failed, f->n_failed, sizeof(*f->failed), cmp_failed);
	if (n > FLEET_TOP_RULES)
		n = FLEET_TOP_RULES;
	if (json)
		summary_json(out, f, all, n);
	else
		summary_text(out, f, all, n);
	free(all);
}

void
fleet_sum_html(struct fleet_sum *s, FILE *out, const char *const *recs,
    const size_t *lens, size_t n, bool customer)
{
	struct arena		*a = arena_new();
	const struct jv		**hosts, *sum;
	char			*buf = NULL;
	const char		*err;
	size_t			 len = 0, i, k = 0, off;
	FILE			*m = open_memstream(&buf, &len);

	if (m == NULL) {
		arena_free(&a);
		return;
	}
	fleet_sum_write(s, m, true);
	fclose(m);
	sum = jv_parse(a, buf, len, &err, &off);
	hosts = xcalloc(n + 1, sizeof(*hosts));
	for (i = 0; i < n; i++)
		if (recs[i] != NULL &&
		    (hosts[k] = jv_parse(a, recs[i], lens[i], &err, &off)) != NULL)
			k++;
	report_html(out, hosts, k, sum, customer);
	free(hosts);
	free(buf);
	arena_free(&a);
}
