/* SPDX-License-Identifier: MIT */
/*
 * template - recognise deploy-time placeholders in configuration text:
 * Jinja2 / Go templates ({{ x }}, {% if %}, {# #}), ERB and Mason tags
 * (<% %>, <%= %>, <& comp &>, <%args>, "% perl" lines), iRedMail PH_NAME,
 * i-MSCP {UPPER_NAME}, modoboa %name / %(name)s, ${VAR} shell style is
 * NOT a placeholder (Postfix uses it).  A value holding one is unknown to
 * the linter: rules must not judge it.
 */
#ifndef MAILLINT_TEMPLATE_H
#define MAILLINT_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

/* template_has_placeholder - true when s[0..n) holds a placeholder */
bool	template_has_placeholder(const char *s, size_t n);
/* template_is_directive_line - a whole line of template logic ({% ... %}, {{- if }}) */
bool	template_is_directive_line(const char *s, size_t n);
/*
 * template_closing_braces - for a line made of template tags and '}'
 * characters only ("  }{% endif %}{% endfor %}"), the number of '}'
 * outside the tags (they close Dovecot sections); 0 for any other line.
 */
size_t	template_closing_braces(const char *s, size_t n);
/*
 * template_mason_block - +1: the line opens a Mason block of Perl lines
 * ("<%args>", "<%init>"); -1: it closes one ("</%init>"); 0: neither.
 */
int	template_mason_block(const char *s, size_t n);
/*
 * template_blank_unsure - overwrite with blanks, in place, every part of
 * s[0..n) that is not surely in the rendered value: template tags, the
 * text inside {% if %} / {{ range }} / <% each do %> blocks, and words
 * touching a tag or holding a placeholder.  The words left are sure:
 * "imap sieve {% if pop %}pop3{% endif %}" leaves "imap sieve".
 */
void	template_blank_unsure(char *s, size_t n);

#endif
