/* SPDX-License-Identifier: MIT */
/*
 * report - render findings and diagnostics: text (gcc/mandoc style), JSON
 * (the stable contract of DESIGN.md section 3) and SARIF 2.1.0.
 *
 * Reporters do no filtering and no severity logic; their output is
 * byte-stable (no timestamps, sorted input) so golden files work.
 *
 * Layer 8 (output): report_*, suppress, fixapply*, lint: they read
 * findings and the rule set, and main (layer 9) wires everything.
 */
#ifndef MAILLINT_REPORT_H
#define MAILLINT_REPORT_H

#include <stdbool.h>
#include <stdio.h>

struct findings;
struct diag_list;
struct ruleset;

struct report_in {
	const struct findings	*findings;
	const struct diag_list	*diags;
	const struct ruleset	*rules;		/* every loaded rule (SARIF driver.rules) */
	const char		*profile;
	bool			 color;		/* ANSI colour (text, on a terminal) */
	size_t			 n_files;	/* configuration files read */
	size_t			 n_suppressed;	/* findings silenced inline */
	bool			 baseline;	/* --baseline was given */
	size_t			 n_baselined;	/* findings the baseline holds */
	size_t			 n_baseline_gone; /* baseline entries seen no more */
};

struct reporter {
	const char	*name;
	/* emit - findings to out; text mode writes diagnostics to err */
	void		(*emit)(FILE *out, FILE *err, const struct report_in *in);
};

extern const struct reporter report_text;
extern const struct reporter report_json;
extern const struct reporter report_sarif;
extern const struct reporter report_gcc;

/*
 * report_ciphers - --ciphers STRING: the suites the linked OpenSSL enables
 * for a cipher string, weak ones marked (format "text" or "json").  0: no
 * weak suite, 1: weak suites or none at all, -1: OpenSSL failed.
 */
int	report_ciphers(FILE *out, const char *format, const char *s);

/* One host of a fleet (--fleet): who it is and how its lint ended. */
struct cert_uses;
struct report_host {
	const char		*name;
	const char		*path;
	int			 status;	/* the exit status of its lint */
	const char		*error;		/* why it failed, or NULL */
	const struct cert_uses	*certs;		/* its certificates, or NULL */
};

/*
 * report_json_host - one NDJSON line: {"type": "host", "host", "path",
 * "status", "error", "profile", "findings", "diagnostics", "summary" (as
 * the JSON report), "certificates": [the facts of each certificate and
 * DH file a listener uses]}
 */
void	report_json_host(FILE *out, const struct report_host *h,
	    const struct report_in *in);
/*
 * report_text_host - a host's block: "NAME: N errors, N warnings, N info"
 * (or "clean", or "failed: why"), then its diagnostics (warnings and
 * errors; all of them are in the JSON) and findings as indented
 * gcc-style lines
 */
void	report_text_host(FILE *out, const struct report_host *h,
	    const struct report_in *in);

/*
 * A topic of the customer report (report_topics.c): the rules it covers
 * ("PF-TLS-00[12]|DC-AUTH-*": fnmatch patterns), a plain-language title,
 * why it matters, what to change (English msgids: _() them to show).
 */
struct report_topic {
	const char	*id;
	const char	*rules;
	const char	*title;
	const char	*why;
	const char	*todo;
};
/* report_topic - the topic of a rule (the last one, "other", when none) */
const struct report_topic *report_topic(const char *rule_id);
/* report_topic_at - topic i in the table's order, or NULL past the end */
const struct report_topic *report_topic_at(size_t i);

/*
 * report_html - one self-contained HTML document (no external assets, no
 * script) for the hosts' NDJSON records (report_json_host) and the fleet
 * summary line: for admins, an overview with SVG charts (hosts by worst
 * severity, the most common findings), the certificates that expire
 * soonest, then per host its findings grouped by listener with their
 * fixes; for customers (customer = true), per host a printable page that
 * explains each group of findings in plain language (report_topic), the
 * technical details below for the administrator.
 */
struct jv;
void	report_html(FILE *out, const struct jv *const *hosts, size_t n,
	    const struct jv *summary, bool customer);

/* report_counts (report_text.c) - "N errors, N warnings, N info" of n[] (by enum
 * sev), in the selected language: the summary line, a fleet host's line
 * and the fleet summary say it alike */
void	report_counts(FILE *out, const size_t n[3]);

/* report_find - reporter by name ("text", "json", "sarif"), or NULL */
const struct reporter *report_find(const char *name);
/* report_diag_text - one diagnostic line, shared with main */
struct diag;
void	report_diag_text(FILE *f, const struct diag *d);

#endif
