/* SPDX-License-Identifier: MIT */
/*
 * template - recognise deploy-time placeholders in configuration text.
 *
 * Recognised: Jinja2 and Go text/template tags ({{ x }}, {% if %},
 * {# c #}), iRedMail PH_NAME, i-MSCP {UPPER_NAME}, modoboa %name,
 * %{name} and Python %(name)s.  Not placeholders: Postfix ${name} and
 * ${{$a} == {b}?...} (a "{{" right after "$"), Postfix inline tables
 * ({{a=b}}), Dovecot %u / %Lu / %{user} / %{sha256:80} / %{user | domain}
 * and "%%".  Dovecot's own %{name} variables are told apart from
 * modoboa's %{name} by a table of Dovecot variable names; anything else
 * in %{...} is a placeholder.
 *
 * This module only looks at bytes: no allocation, no diagnostics, and
 * every scan is linear in the length of the text (lines are untrusted).
 * The callers decide what a placeholder means (an unknown value, or a
 * line to ignore).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"

/* Dovecot 2.3 and 2.4 %{name} variables (sorted for bsearch). */
static const char *const dovecot_vars[] = {
	"appended", "auth_domain", "auth_user", "auth_username",
	"autoexpunged", "cert", "certificate", "client_id", "deleted",
	"delivery_time", "domain", "expunged", "fetch_body_bytes",
	"fetch_body_count", "fetch_hdr_bytes", "fetch_hdr_count", "flags",
	"from", "from_envelope", "gid", "home", "hostname", "input", "lip",
	"local_ip", "local_name", "local_port", "login_domain", "login_user",
	"login_username", "lport", "mail", "mailbox", "master_user", "md4",
	"md5", "mech", "mechanism", "message", "msgid", "orig_domain",
	"orig_user", "orig_username", "original_user", "output", "owner_domain",
	"owner_user", "owner_username", "password", "pid", "protocol",
	"real_lip", "real_local_ip", "real_local_port", "real_lport",
	"real_remote_ip", "real_remote_port", "real_rip", "real_rport",
	"remote_ip", "remote_port", "rip", "rport", "secured", "service",
	"session", "session_pid", "session_time", "sha1", "sha224", "sha256",
	"sha384", "sha512", "size", "ssl_cipher", "ssl_cipher_bits",
	"ssl_ja3", "ssl_ja3_hash", "ssl_pfs", "ssl_protocol", "ssl_security",
	"storage_id", "subject", "to_envelope", "trashed", "uid", "user",
	"username", "vsize",
};

static int
cmp_name(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static int
is_upper_word(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static int
is_lower_word(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static int
is_ident(int c)
{
	return is_lower_word(c) || (c >= 'A' && c <= 'Z');
}

/* find - offset of the two-byte closer at or after i, or n when absent */
static size_t
find(const char *s, size_t n, size_t i, char a, char b)
{
	for (; i + 1 < n; i++)
		if (s[i] == a && s[i + 1] == b)
			return i;
	return n;
}

/*
 * tag_end - end (exclusive) of a template tag opened at s[i], or 0.
 * memo[] remembers the first closer ("}}", "%}", "#}") found by an
 * earlier call at a smaller i, so that a scan over a line stays linear.
 * *skip_r is set past a {{key=value}} Postfix inline table.
 */
static size_t
tag_end(const char *s, size_t n, size_t i, size_t memo[3], size_t *skip_r)
{
	static const char	 opens[] = "{%#";
	const char		*k;
	size_t			 e, t;

	if (i + 1 >= n || s[i] != '{' || s[i + 1] == '\0' ||
	    (k = strchr(opens, s[i + 1])) == NULL)
		return 0;
	t = (size_t)(k - opens);
	if (memo[t] == SIZE_MAX || memo[t] < i + 2)
		memo[t] = find(s, n, i + 2, t == 0 ? '}' : *k, '}');
	if ((e = memo[t]) == n)
		return 0;
	/* Postfix inline tables look the same: {{key=value}}. */
	if (t == 0 && memchr(s + i + 2, '=', e - i - 2) != NULL &&
	    memchr(s + i + 2, ' ', e - i - 2) == NULL) {
		*skip_r = e + 1;
		return 0;
	}
	return e + 2;
}

static size_t	erb_end(const char *, size_t, size_t);

/* dovecot_var - true when s[0..n) is a Dovecot %{name} variable */
static int
dovecot_var(const char *s, size_t n)
{
	char	name[32];

	if (n == 0 || n >= sizeof(name))
		return 0;
	memcpy(name, s, n);
	name[n] = '\0';
	return bsearch(name, dovecot_vars,
	    sizeof(dovecot_vars) / sizeof(dovecot_vars[0]),
	    sizeof(dovecot_vars[0]), cmp_name) != NULL;
}

/* percent - placeholder starting with the '%' at s[i] */
static int
percent(const char *s, size_t n, size_t i)
{
	size_t	j;

	if (i + 1 >= n)
		return 0;
	if (s[i + 1] == '{' || s[i + 1] == '(') {
		char	close = s[i + 1] == '{' ? '}' : ')';

		for (j = i + 2; j < n && is_ident((unsigned char)s[j]); j++)
			continue;
		if (j == i + 2 || j >= n || s[j] != close)
			return 0;
		if (close == ')')
			return j + 1 < n && s[j + 1] == 's';
		return !dovecot_var(s + i + 2, j - i - 2);
	}
	/* %name: two or more lower-case word characters (Dovecot's own
	 * one-letter variables take upper-case modifiers: %Lu). */
	if (!((s[i + 1] >= 'a' && s[i + 1] <= 'z') || s[i + 1] == '_'))
		return 0;
	return i + 2 < n && is_lower_word((unsigned char)s[i + 2]);
}

/* upper_brace - i-MSCP {NAME} at s[i] */
static int
upper_brace(const char *s, size_t n, size_t i)
{
	size_t	j;

	if (i > 0 && (s[i - 1] == '$' || s[i - 1] == '?' || s[i - 1] == '%'))
		return 0;
	if (i + 1 >= n || s[i + 1] < 'A' || s[i + 1] > 'Z')
		return 0;
	for (j = i + 2; j < n && is_upper_word((unsigned char)s[j]); j++)
		continue;
	return j < n && s[j] == '}' && j - i - 1 >= 2;
}

/*
 * angle_name - a deploy-time <NAME> or <<NAME>> placeholder at s[i]:
 * upper-case word characters, at least two ("ssl_cert = <<SSL_CERT>",
 * read by Dovecot 2.3 as "<" and the file "<SSL_CERT>").
 */
static int
angle_name(const char *s, size_t n, size_t i)
{
	size_t	j;

	if (i + 1 < n && s[i + 1] == '<')
		i++;
	if (i + 1 >= n || s[i + 1] < 'A' || s[i + 1] > 'Z')
		return 0;
	for (j = i + 2; j < n && is_upper_word((unsigned char)s[j]); j++)
		continue;
	return j < n && s[j] == '>' && j - i - 1 >= 2;
}

/* ph_name - iRedMail PH_NAME at s[i], at a word start */
static int
ph_name(const char *s, size_t n, size_t i)
{
	if (i > 0 && is_ident((unsigned char)s[i - 1]))
		return 0;
	return i + 3 < n && s[i + 1] == 'H' && s[i + 2] == '_' &&
	    is_upper_word((unsigned char)s[i + 3]) && s[i + 3] != '_';
}

/*
 * first_trigger - the index of the first byte of s[i..n) that can start a
 * placeholder ('{', '%', '<', 'P'), or n: eight bytes a step, each word
 * tested for the four bytes at once (a byte equal to c leaves a zero in
 * w ^ c, and (x - 0x01..) & ~x & 0x80.. marks the lowest zero byte
 * exactly; bits above it may be false, so only the lowest is used).
 */
static size_t
first_trigger(const char *s, size_t n, size_t i)
{
	static const unsigned char	trigger[256] = {
		['{'] = 1, ['%'] = 1, ['<'] = 1, ['P'] = 1
	};
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t	one = 0x0101010101010101ULL;
	const uint64_t	high = 0x8080808080808080ULL;
	uint64_t	w, x, m;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		x = w ^ (one * '{');
		m = (x - one) & ~x;
		x = w ^ (one * '%');
		m |= (x - one) & ~x;
		x = w ^ (one * '<');
		m |= (x - one) & ~x;
		x = w ^ (one * 'P');
		m |= (x - one) & ~x;
		if ((m &= high) != 0)
			return i + (size_t)(__builtin_ctzll(m) >> 3);
	}
#endif
	for (; i < n; i++)
		if (trigger[(unsigned char)s[i]])
			break;
	return i;
}

bool
template_has_placeholder(const char *s, size_t n)
{
	size_t	i, skip, memo[3] = { SIZE_MAX, SIZE_MAX, SIZE_MAX };

	for (i = 0; (i = first_trigger(s, n, i)) < n; i++) {
		switch (s[i]) {
		case '{':
			/* ${{$a} == {b}?...} is a Postfix expression. */
			skip = i;
			if ((i == 0 || s[i - 1] != '$') &&
			    tag_end(s, n, i, memo, &skip) != 0)
				return true;
			if (upper_brace(s, n, i))
				return true;
			i = skip;
			break;
		case '%':
			if (i + 1 < n && s[i + 1] == '%') {
				i++;	/* "%%" is a literal percent */
				break;
			}
			if (percent(s, n, i))
				return true;
			break;
		case '<':
			if (erb_end(s, n, i) != 0 || angle_name(s, n, i))
				return true;
			break;
		case 'P':
			if (ph_name(s, n, i))
				return true;
			break;
		default:
			break;
		}
	}
	return false;
}

/*
 * mason_line - a Perl/Mason "%" line: '%' in the first column followed by
 * a blank or the end of the line ("% if ($ssl) {", "% }").  Mason runs it
 * as Perl; its braces are Perl's, never Dovecot's.
 */
static int
mason_line(const char *s, size_t n)
{
	return n >= 1 && s[0] == '%' &&
	    (n == 1 || s[1] == ' ' || s[1] == '\t');
}

/*
 * erb_end - end (exclusive) of an ERB / Mason tag "<% ... %>",
 * "<%= ... %>", "<%# ... %>" or Mason component call "<& ... &>" opened
 * at s[i], or 0.  A Mason block tag "<%args>" / "</%init>" is one too.
 */
static size_t
erb_end(const char *s, size_t n, size_t i)
{
	size_t	e, j;

	if (i + 1 >= n || s[i] != '<')
		return 0;
	if (s[i + 1] == '&') {
		e = find(s, n, i + 2, '&', '>');
		return e == n ? 0 : e + 2;
	}
	if (s[i + 1] == '/' && i + 2 < n && s[i + 2] == '%')
		i++;
	if (s[i + 1] != '%')
		return 0;
	/* <%args>, <%init>, </%perl>: a Mason block tag */
	for (j = i + 2; j < n && s[j] >= 'a' && s[j] <= 'z'; j++)
		continue;
	if (j > i + 2 && j < n && s[j] == '>')
		return j + 1;
	e = find(s, n, i + 2, '%', '>');
	return e == n ? 0 : e + 2;
}

/* any_tag_end - end of a Jinja/Go, ERB or Mason tag at s[i], or 0 */
static size_t
any_tag_end(const char *s, size_t n, size_t i, size_t memo[3],
    size_t *skip_r)
{
	size_t	e;

	if ((e = tag_end(s, n, i, memo, skip_r)) != 0)
		return e;
	return erb_end(s, n, i);
}

size_t
template_closing_braces(const char *s, size_t n)
{
	size_t		i, e, skip, memo[3] = { SIZE_MAX, SIZE_MAX, SIZE_MAX };
	size_t		closes = 0;
	int		tags = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')
			continue;
		if (s[i] == '}') {
			closes++;
			continue;
		}
		if ((e = any_tag_end(s, n, i, memo, &skip)) == 0)
			return 0;
		tags++;
		i = e - 1;
	}
	return tags > 0 ? closes : 0;
}

bool
template_is_directive_line(const char *s, size_t n)
{
	size_t	i = 0, e, skip, memo[3] = { SIZE_MAX, SIZE_MAX, SIZE_MAX };
	int	tags = 0;

	if (mason_line(s, n))
		return true;
	for (;;) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
		    s[i] == '\n'))
			i++;
		if (i == n)
			return tags > 0;
		if ((e = any_tag_end(s, n, i, memo, &skip)) == 0)
			return false;
		tags++;
		i = e;
	}
}

/*
 * template_mason_block - +1 when the line opens a Mason block whose Perl
 * body follows on the next lines ("<%args>", "<%init>", "<%doc>" ...
 * with no "</%" later on the line), -1 when it closes one ("</%args>"),
 * 0 otherwise.
 */
int
template_mason_block(const char *s, size_t n)
{
	size_t	i = 0, j;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i + 2 < n && s[i] == '<' && s[i + 1] == '/' && s[i + 2] == '%')
		return erb_end(s, n, i) != 0 ? -1 : 0;
	if (i + 1 >= n || s[i] != '<' || s[i + 1] != '%')
		return 0;
	for (j = i + 2; j < n && s[j] >= 'a' && s[j] <= 'z'; j++)
		continue;
	if (j == i + 2 || j >= n || s[j] != '>')
		return 0;
	for (; j + 2 < n; j++)
		if (s[j] == '<' && s[j + 1] == '/' && s[j + 2] == '%')
			return 0;
	return 1;
}

/*
 * block_step - +1 when the tag s[a..e) opens a template block (Jinja
 * "{% if", "{% for"; Go "{{ if", "{{ range", "{{ with"; ERB "<% if",
 * "<% ... do"), -1 when it ends one ("{% endif %}", "{{ end }}",
 * "<% end %>"), 0 otherwise ("{% else %}" stays inside).
 */
static int
block_step(const char *s, size_t a, size_t e)
{
	static const char *const opens[] = { "if", "for", "range", "with",
	    "unless", "macro", "block", "filter", "call", "case", "while" };
	size_t	i = a + 2, j, k;

	while (i < e && (s[i] == '-' || s[i] == '+' || s[i] == '=' ||
	    s[i] == ' ' || s[i] == '\t'))
		i++;
	for (j = i; j < e && is_lower_word((unsigned char)s[j]); j++)
		continue;
	if (j - i >= 3 && strncmp(s + i, "end", 3) == 0)
		return -1;
	for (k = 0; k < sizeof(opens) / sizeof(opens[0]); k++)
		if (j - i == strlen(opens[k]) &&
		    strncmp(s + i, opens[k], j - i) == 0)
			return 1;
	/* Ruby "<% @list.each do |x| %>" */
	for (k = e - 2; k > i + 2; k--)
		if (s[k - 1] == '|' || (s[k - 2] == 'd' && s[k - 1] == 'o' &&
		    s[k - 3] == ' '))
			return s[a] == '<' ? 1 : 0;
	return 0;
}

/* output_tag - the tag s[a..e) renders text (not logic, not a comment) */
static int
output_tag(const char *s, size_t a, size_t e)
{
	size_t	i = a + 2;

	if (s[a] == '<')
		return s[a + 1] == '&' || s[a + 2] == '=';
	if (s[a + 1] != '{')
		return 0;
	while (i < e && (s[i] == '-' || s[i] == ' ' || s[i] == '\t'))
		i++;
	return !(e - i >= 4 && strncmp(s + i, "else", 4) == 0);
}

void
template_blank_unsure(char *s, size_t n)
{
	size_t	i, e, w, skip, memo[3] = { SIZE_MAX, SIZE_MAX, SIZE_MAX };
	long	depth = 0;
	size_t	start = 0;
	bool	tagged = false;
	int	step;

	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == ' ' || s[i] == '\t' || s[i] == ',') {
			/* A word touching a tag or holding a placeholder is
			 * only partly known. */
			if (i > start && (tagged ||
			    template_has_placeholder(s + start, i - start)))
				memset(s + start, ' ', i - start);
			start = i + 1;
			tagged = false;
			continue;
		}
		skip = i;
		if ((e = any_tag_end(s, n, i, memo, &skip)) == 0) {
			if (depth > 0)
				s[i] = ' ';
			continue;
		}
		step = block_step(s, i, e);
		depth += step;
		if (depth < 0)
			depth = 0;
		/* Only an output tag ({{ x }}, <%= x %>, <& c &>) glues
		 * unknown text onto the word it touches. */
		if (step == 0 && output_tag(s, i, e)) {
			tagged = true;
			if (i > start)
				memset(s + start, ' ', i - start);
		}
		for (w = i; w < e; w++)
			s[w] = ' ';
		i = e - 1;
	}
}
