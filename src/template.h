/* SPDX-License-Identifier: MIT */
/*
 * template - recognise deploy-time placeholders in configuration text:
 * Jinja2 / Go templates ({{ x }}, {% if %}, {# #}), iRedMail PH_NAME,
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

#endif
