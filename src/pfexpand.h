/* SPDX-License-Identifier: MIT */
/*
 * pfexpand - Postfix $parameter expansion, as postconf -x does it.
 *
 * Supports $name, ${name}, $(name), ${ name }, $$, ${name?value},
 * ${name:value}, ${name?{v1}:{v2}}, ${name:{v}} and the 3.0+ relational
 * form ${{a} OP {b} ? {t} : {f}} with OP in == != < <= > >= and the 3.6+
 * compatibility-level operators <level <=level >level >=level (numeric
 * when both sides are all digits, else lexicographic for the plain ones).
 * Recursion is bounded (a cycle is an error, like Postfix's "unreasonable
 * macro call nesting").
 *
 * Layer 4 (expansion): pfexpand, tlsproto, defaults: value readers that
 * resolve uses; they know nothing of listeners or rules.
 */
#ifndef MAILLINT_PFEXPAND_H
#define MAILLINT_PFEXPAND_H

struct strbuf;

/*
 * Look up parameter `name`: return its raw (unexpanded) value, or NULL when
 * the parameter is undefined.  The expander expands the returned text
 * recursively.
 */
typedef const char *(*pfexpand_lookup_fn)(void *ctx, const char *name);

#define PFEXP_UNDEFINED	0x01	/* a referenced parameter was undefined (expanded to "") */
#define PFEXP_LOOP	0x02	/* nesting too deep (cycle): result incomplete */
#define PFEXP_SYNTAX	0x04	/* malformed ${...}: kept literally */
#define PFEXP_LIMIT	0x08	/* work budget exhausted: result incomplete */

/*
 * pfexpand - append the expansion of `in` to out.  Returns 0, or -1 when
 * PFEXP_LOOP (or PFEXP_LIMIT: more than 2^20 expressions or 16 MiB of
 * output, e.g. "a = $b$b", "b = $c$c", ...) was hit.  *flags_r (may be
 * NULL) gets PFEXP_* bits.  PFEXP_UNDEFINED is set, as Postfix's
 * MAC_PARSE_UNDEF, only for a plain $name / ${name} use, not for the
 * ${name?...} / ${name:...} tests.  The value returned by lookup is
 * copied before it is expanded.
 */
int	pfexpand(const char *in, pfexpand_lookup_fn lookup, void *ctx,
	    struct strbuf *out, unsigned *flags_r);

#endif
