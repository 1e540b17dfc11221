/* SPDX-License-Identifier: MIT */
/*
 * report_html - self-contained HTML reports of a fleet (report.h).
 *
 * Input: the hosts' NDJSON records and the fleet summary, read back with
 * jsonread, so that a fleet run and a merge of records render alike.
 * Output: one HTML5 document, styles inline, charts as inline SVG, no
 * script and no external asset; every string from a configuration is
 * escaped (and C0 controls replaced), so a hostile host name cannot
 * inject markup.  Elements carry data-host / data-rule attributes for
 * tools (and the browser test, tests/html.sh).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "i18n.h"
#include "jsonread.h"
#include "report.h"
#include "utf8.h"
#include "xmem.h"

/* esc - s as HTML text (attribute-safe): & < > " ' escaped, controls and
 * invalid UTF-8 as U+FFFD */
static void
esc(FILE *out, const char *s)
{
	const unsigned char	*p = (const unsigned char *)(s != NULL ? s : "");
	unsigned		 cp;
	size_t			 k;

	while (*p != '\0') {
		switch (*p) {
		case '&': fputs("&amp;", out); p++; continue;
		case '<': fputs("&lt;", out); p++; continue;
		case '>': fputs("&gt;", out); p++; continue;
		case '"': fputs("&quot;", out); p++; continue;
		case '\'': fputs("&#39;", out); p++; continue;
		default: break;
		}
		if (*p < 0x20 && *p != '\n' && *p != '\t') {
			fputs("&#xFFFD;", out);
			p++;
			continue;
		}
		if (*p < 0x80) {
			fputc(*p++, out);
			continue;
		}
		if ((k = utf8_seq(p, 4, &cp)) == 0 || (cp >= 0x7f && cp < 0xa0)) {
			fputs("&#xFFFD;", out);
			p += k > 0 ? k : 1;
			continue;
		}
		fwrite(p, 1, k, out);
		p += k;
	}
}

static const char *
str(const struct jv *o, const char *key)
{
	const char	*s = jv_str(jv_get(o, key));

	return s != NULL ? s : "";
}

static long long
num(const struct jv *o, const char *key)
{
	return jv_int(jv_get(o, key), 0);
}

static const char css[] =
"body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;"
"margin:2em auto;max-width:70em;padding:0 1em;color:#1b1b1b;line-height:1.45}"
"h1{font-size:1.7em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}"
"h3{font-size:1.05em;margin:1em 0 .3em}"
"table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}"
"code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em}"
"pre{background:#f4f4f4;padding:.4em .6em;white-space:pre-wrap;margin:.3em 0}"
"ul.findings{list-style:none;padding:0}ul.findings li{margin:.5em 0;padding:.4em .6em;border-left:4px solid #999}"
"ul.findings li.sev-error{border-color:#b3261e}ul.findings li.sev-warning{border-color:#c77700}"
"ul.findings li.sev-info{border-color:#2d6cb5}"
".sev{display:inline-block;min-width:4.5em;font-weight:600}"
".sev-error .sev,.badge.sev-error{color:#b3261e}.sev-warning .sev,.badge.sev-warning{color:#8a5300}"
".sev-info .sev,.badge.sev-info{color:#2d6cb5}.badge{font-size:.7em;font-weight:600;margin-left:.6em}"
".loc,.path{color:#555;font-size:.9em}.fix{margin-top:.3em}.failed{color:#b3261e;font-weight:600}"
".charts{display:flex;flex-wrap:wrap;gap:2em}"
".topic{border:1px solid #ddd;border-radius:6px;padding:.2em 1em 1em;margin:1em 0}"
".topic h2{border:none;margin-top:.6em}.urgency{font-weight:600}"
".tech{background:#fafafa;border-top:1px dashed #bbb;margin-top:.8em;padding-top:.2em}"
"@media print{body{max-width:none;margin:0}section.page{break-before:page}"
"section.page:first-of-type{break-before:auto}pre{white-space:pre-wrap}}";

static void
head(FILE *out, const char *title)
{
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n",
	    i18n_lang());
	fputs("<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<meta name=\"generator\" content=\"maillint "
	    PACKAGE_VERSION "\">\n<title>", out);
	esc(out, title);
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
}

/* ---- the admin report ---- */

static const struct {
	const char	*key;	/* the summary's "worst" member */
	const char	*label;
	const char	*color;
} worst_bars[] = {
	{ "error", N_("errors"), "#b3261e" },
	{ "warning", N_("warnings"), "#c77700" },
	{ "info", N_("notes only"), "#2d6cb5" },
	{ "clean", N_("clean"), "#2e7d32" },
	{ "failed", N_("not linted"), "#555555" },
};

/* bars - a horizontal bar chart: labels[i], values[i], colors[i] */
static void
bars(FILE *out, const char *title, const char *const *labels,
    const long long *values, const char *const *colors, size_t n)
{
	const int	 lw = 150, bw = 360, h = 26;
	long long	 max = 1;
	size_t		 i;

	for (i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	fprintf(out, "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%zu\" viewBox=\"0 0 %d %zu\" role=\"img\" "
	    "aria-label=\"", lw + bw + 70, n * (size_t)h + 10, lw + bw + 70,
	    n * (size_t)h + 10);
	esc(out, title);
	fputs("\">\n<title>", out);
	esc(out, title);
	fputs("</title>\n", out);
	for (i = 0; i < n; i++) {
		int	w = (int)((double)values[i] * bw / (double)max);

		fprintf(out, "<text x=\"%d\" y=\"%zu\" text-anchor=\"end\" "
		    "font-size=\"13\" font-family=\"sans-serif\">", lw - 8,
		    i * (size_t)h + 22);
		esc(out, labels[i]);
		fprintf(out, "</text>\n<rect x=\"%d\" y=\"%zu\" width=\"%d\" "
		    "height=\"%d\" fill=\"%s\"/>\n", lw, i * (size_t)h + 8,
		    w > 0 ? w : 1, h - 6, colors[i]);
		fprintf(out, "<text x=\"%d\" y=\"%zu\" font-size=\"13\" "
		    "font-family=\"sans-serif\">%lld</text>\n", lw + w + 6,
		    i * (size_t)h + 22, values[i]);
	}
	fputs("</svg>\n<figcaption>", out);
	esc(out, title);
	fputs("</figcaption>\n</figure>\n", out);
}

static void
overview(FILE *out, const struct jv *sum)
{
	const struct jv	*worst = jv_get(sum, "worst"), *top, *certs, *failed;
	const char	*labels[20], *colors[20];
	long long	 values[20];
	size_t		 i, n;

	fprintf(out, "<section id=\"overview\">\n<h2>%s</h2>\n<p>",
	    _("Overview"));
	fprintf(out, i18n_ntext("%lld host", "%lld hosts",
	    (unsigned long)num(sum, "hosts")), num(sum, "hosts"));
	fputs("; ", out);
	fprintf(out, _("findings: %lld errors, %lld warnings, %lld notes."),
	    num(jv_get(sum, "findings"), "error"),
	    num(jv_get(sum, "findings"), "warning"),
	    num(jv_get(sum, "findings"), "info"));
	fputs("</p>\n", out);
	fputs("<div class=\"charts\">\n", out);
	for (i = 0; i < sizeof(worst_bars) / sizeof(worst_bars[0]); i++) {
		labels[i] = _(worst_bars[i].label);
		values[i] = num(worst, worst_bars[i].key);
		colors[i] = worst_bars[i].color;
	}
	bars(out, _("Hosts by their worst finding"), labels, values, colors,
	    i);
	top = jv_get(sum, "top_findings");
	for (n = 0; n < jv_n(top) && n < 10; n++) {
		const struct jv	*t = jv_at(top, n);
		const char	*sev = str(t, "severity");

		labels[n] = str(t, "rule");
		values[n] = num(t, "hosts");
		colors[n] = strcmp(sev, "error") == 0 ? "#b3261e" :
		    strcmp(sev, "warning") == 0 ? "#c77700" : "#2d6cb5";
	}
	if (n > 0)
		bars(out, _("Most common findings (hosts)"), labels, values,
		    colors, n);
	fputs("</div>\n", out);
	certs = jv_get(sum, "expiring_certificates");
	if (jv_n(certs) > 0) {
		fprintf(out, "<h3>%s</h3>\n<table>\n<tr><th>%s</th><th>%s"
		    "</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
		    _("Certificates that expire soonest"), _("days left"),
		    _("expires"), _("host"), _("file"), _("subject"));
		for (i = 0; i < jv_n(certs); i++) {
			const struct jv	*c = jv_at(certs, i);

			fprintf(out, "<tr><td>%lld</td><td>", num(c, "days_left"));
			esc(out, str(c, "not_after"));
			fputs("</td><td>", out);
			esc(out, str(c, "host"));
			fputs("</td><td><code>", out);
			esc(out, str(c, "file"));
			fputs("</code></td><td>", out);
			esc(out, str(c, "subject"));
			fputs("</td></tr>\n", out);
		}
		fputs("</table>\n", out);
	}
	failed = jv_get(sum, "failed");
	if (jv_n(failed) > 0) {
		fprintf(out, "<h3>%s</h3>\n<ul>\n", _("Hosts not linted"));
		for (i = 0; i < jv_n(failed); i++) {
			fputs("<li><strong>", out);
			esc(out, str(jv_at(failed, i), "host"));
			fputs("</strong>: ", out);
			esc(out, str(jv_at(failed, i), "error"));
			fputs("</li>\n", out);
		}
		fputs("</ul>\n", out);
	}
	fputs("</section>\n", out);
}

static void
fix_html(FILE *out, const struct jv *f)
{
	const struct jv	*fix = jv_get(f, "fix");

	if (fix == NULL || fix->type != JV_OBJ)
		return;
	fprintf(out, "<div class=\"fix\">%s ", _("Fix:"));
	esc(out, str(fix, "text"));
	if (*str(fix, "command") != '\0') {
		fputs("<pre>", out);
		esc(out, str(fix, "command"));
		fputs("</pre>", out);
	}
	fputs("</div>", out);
}

static void
finding_li(FILE *out, const struct jv *f, bool scope)
{
	const char	*sev = str(f, "severity");
	const struct jv	*also = jv_get(f, "listeners");

	fputs("<li class=\"sev-", out);
	esc(out, sev);
	fputs("\" data-rule=\"", out);
	esc(out, str(f, "rule"));
	fputs("\"><span class=\"sev\">", out);
	esc(out, sev);
	fputs("</span> <code>", out);
	esc(out, str(f, "rule"));
	fputs("</code> <span class=\"msg\">", out);
	esc(out, jv_str(jv_get(f, "message_localized")) != NULL ?
	    str(f, "message_localized") : str(f, "message"));
	fputs("</span> <span class=\"loc\">", out);
	esc(out, str(f, "file"));
	if (num(f, "line") > 0)
		fprintf(out, ":%lld", num(f, "line"));
	if (scope && *str(f, "scope") != '\0') {
		fputs(" &middot; ", out);
		esc(out, str(f, "scope"));
	}
	fputs("</span>", out);
	if (jv_n(also) > 1)
		fprintf(out, _(" <span class=\"loc\">(%zu listeners)</span>"),
		    jv_n(also));
	fix_html(out, f);
	fputs("</li>\n", out);
}

static void
badges(FILE *out, const struct jv *h)
{
	const struct jv	*sm = jv_get(h, "summary");
	long long	 ne = num(sm, "error"), nw = num(sm, "warning");
	long long	 ni = num(sm, "info");

	if (num(h, "status") >= 2) {
		fprintf(out, "<span class=\"badge sev-error\">%s</span>",
		    _("not linted"));
		return;
	}
	if (ne > 0) {
		fputs("<span class=\"badge sev-error\">", out);
		fprintf(out, i18n_ntext("%lld error", "%lld errors",
		    (unsigned long)ne), ne);
		fputs("</span>", out);
	}
	if (nw > 0) {
		fputs("<span class=\"badge sev-warning\">", out);
		fprintf(out, i18n_ntext("%lld warning", "%lld warnings",
		    (unsigned long)nw), nw);
		fputs("</span>", out);
	}
	if (ni > 0) {
		fputs("<span class=\"badge sev-info\">", out);
		fprintf(out, i18n_ntext("%lld note", "%lld notes",
		    (unsigned long)ni), ni);
		fputs("</span>", out);
	}
	if (ne + nw + ni == 0)
		fprintf(out, "<span class=\"badge\">%s</span>", _("clean"));
}

/* host_admin - a host's findings grouped by listener (scope) */
static void
host_admin(FILE *out, const struct jv *h, size_t idx)
{
	const struct jv	*fs = jv_get(h, "findings");
	struct hmap	 seen = HMAP_INIT;
	size_t		 i, k, n = jv_n(fs);
	const char	**scopes = xcalloc(n + 1, sizeof(*scopes));
	size_t		 n_scopes = 0;

	fprintf(out, "<section class=\"host\" id=\"host-%zu\" data-host=\"",
	    idx);
	esc(out, str(h, "host"));
	fputs("\">\n<h2>", out);
	esc(out, str(h, "host"));
	badges(out, h);
	fputs("</h2>\n<p class=\"path\">", out);
	esc(out, str(h, "path"));
	fputs("</p>\n", out);
	if (jv_str(jv_get(h, "error")) != NULL) {
		fprintf(out, "<p class=\"failed\">%s ", _("Not linted:"));
		esc(out, str(h, "error"));
		fputs("</p>\n", out);
	}
	/* listeners in order of their first finding, the whole
	 * configuration ("" scope) last */
	for (i = 0; i < n; i++) {
		const char	*sc = str(jv_at(fs, i), "scope");

		if (*sc != '\0' && hmap_get(&seen, sc) == NULL) {
			hmap_put(&seen, sc, (void *)sc);
			scopes[n_scopes++] = sc;
		}
	}
	scopes[n_scopes++] = "";
	for (k = 0; k < n_scopes; k++) {
		bool	open = false;

		for (i = 0; i < n; i++) {
			const struct jv	*f = jv_at(fs, i);

			if (strcmp(str(f, "scope"), scopes[k]) != 0)
				continue;
			if (!open) {
				if (*scopes[k] != '\0') {
					fprintf(out, "<h3>%s ", _("Listener"));
					esc(out, scopes[k]);
				} else
					fprintf(out, "<h3>%s",
					    _("The whole configuration"));
				fputs("</h3>\n<ul class=\"findings\">\n", out);
				open = true;
			}
			finding_li(out, f, false);
		}
		if (open)
			fputs("</ul>\n", out);
	}
	fputs("</section>\n", out);
	hmap_free(&seen);
	free(scopes);
}

/* ---- the customer report ---- */

static int
sev_rank(const char *sev)
{
	return strcmp(sev, "error") == 0 ? 2 : strcmp(sev, "warning") == 0;
}

static void
host_customer(FILE *out, const struct jv *h, size_t idx)
{
	const struct jv			*fs = jv_get(h, "findings");
	const struct report_topic	*t, **tp;
	size_t				 i, k, n = jv_n(fs);
	int				 rank, top[64];

	fprintf(out, "<section class=\"page host\" id=\"host-%zu\" "
	    "data-host=\"", idx);
	esc(out, str(h, "host"));
	fprintf(out, "\">\n<h1>%s ", _("Mail server check:"));
	esc(out, str(h, "host"));
	fputs("</h1>\n", out);
	if (jv_str(jv_get(h, "error")) != NULL) {
		fprintf(out, "<p class=\"failed\">%s ",
		    _("We could not check this server's configuration:"));
		esc(out, str(h, "error"));
		fputs("</p>\n</section>\n", out);
		return;
	}
	fprintf(out, "<p>%s</p>\n", _("We checked how your mail server "
	    "protects mail and passwords on their way between mail programs, "
	    "the server and other mail servers. Each point below says what we "
	    "found, why it matters and what to change; the technical details "
	    "are for whoever administers the server."));
	if (n == 0) {
		fprintf(out, "<p><strong>%s</strong> %s</p>\n</section>\n",
		    _("We found nothing to change."), _("The server uses "
		    "current encryption and accepts passwords only on encrypted "
		    "connections."));
		return;
	}
	/* each finding's topic once; a topic's rank is its worst finding's */
	tp = xcalloc(n, sizeof(*tp));
	for (k = 0; k < sizeof(top) / sizeof(top[0]); k++)
		top[k] = -1;
	for (i = 0; i < n; i++) {
		tp[i] = report_topic(str(jv_at(fs, i), "rule"));
		for (k = 0; report_topic_at(k) != tp[i]; k++)
			continue;
		if (k < sizeof(top) / sizeof(top[0]) &&
		    sev_rank(str(jv_at(fs, i), "severity")) > top[k])
			top[k] = sev_rank(str(jv_at(fs, i), "severity"));
	}
	/* most urgent first, then in the table's order */
	for (rank = 2; rank >= 0; rank--)
		for (k = 0; (t = report_topic_at(k)) != NULL &&
		    k < sizeof(top) / sizeof(top[0]); k++) {
			if (top[k] != rank)
				continue;
			fprintf(out, "<section class=\"topic\" "
			    "data-topic=\"%s\">\n<h2>", t->id);
			esc(out, _(t->title));
			fprintf(out, "</h2>\n<p class=\"urgency\">%s</p>\n",
			    rank == 2 ? _("Urgent: please have this changed "
			    "soon.") : rank == 1 ? _("Important: please plan "
			    "this change.") : _("Good to know."));
			fputs("<p>", out);
			esc(out, _(t->why));
			fprintf(out, "</p>\n<p><strong>%s</strong> ",
			    _("What to change:"));
			esc(out, _(t->todo));
			fprintf(out, "</p>\n<div class=\"tech\">\n<h3>%s</h3>\n"
			    "<ul class=\"findings\">\n", _("Technical details "
			    "for your administrator"));
			for (i = 0; i < n; i++)
				if (tp[i] == t)
					finding_li(out, jv_at(fs, i), true);
			fputs("</ul>\n</div>\n</section>\n", out);
		}
	free(tp);
	fputs("</section>\n", out);
}

void
report_html(FILE *out, const struct jv *const *hosts, size_t n,
    const struct jv *summary, bool customer)
{
	size_t	i;

	if (customer) {
		head(out, i18n_ntext("Mail server check", "Mail server checks",
		    (unsigned long)n));
		for (i = 0; i < n; i++)
			host_customer(out, hosts[i], i);
		fputs("<footer><p class=\"loc\">", out);
		fprintf(out, _("Checked with maillint %s."), PACKAGE_VERSION);
		fputs("</p></footer>\n</body>\n</html>\n", out);
		return;
	}
	head(out, _("maillint fleet report"));
	fprintf(out, "<h1>%s</h1>\n", _("Mail server audit"));
	fputs("<p class=\"loc\">maillint " PACKAGE_VERSION "</p>\n", out);
	overview(out, summary);
	for (i = 0; i < n; i++)
		host_admin(out, hosts[i], i);
	fputs("</body>\n</html>\n", out);
}
