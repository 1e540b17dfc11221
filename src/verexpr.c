/* SPDX-License-Identifier: MIT */
/*
 * verexpr - version expressions (verexpr.h).
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "verexpr.h"

int
verexpr_parse(struct arena *a, const char *s, struct verexpr *ve_r)
{
	static const struct {
		const char	*tok;
		enum ver_op	 op;
	} ops[] = {
		{ ">=", VOP_GE }, { "<=", VOP_LE }, { "==", VOP_EQ },
		{ "!=", VOP_NE }, { ">", VOP_GT }, { "<", VOP_LT },
		{ "=", VOP_EQ },
	};
	const char	*p = s;
	size_t		 n, i, cap = 4;

	ve_r->text = s;
	ve_r->n = 0;
	ve_r->t = arena_array(a, cap, sizeof(*ve_r->t));
	while (*(p += strspn(p, " \t")) != '\0') {
		char	 buf[64];
		size_t	 k;

		n = strcspn(p, " \t");
		if (ve_r->n == cap)
			return -1;	/* four terms is plenty */
		for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
			if (strncmp(p, ops[i].tok, strlen(ops[i].tok)) == 0)
				break;
		k = i < sizeof(ops) / sizeof(ops[0]) ? strlen(ops[i].tok) : 0;
		ve_r->t[ve_r->n].op = k ? ops[i].op : VOP_EQ;
		/* ">= 3.6" is one term written with a space. */
		if (k == n) {
			p += n;
			p += strspn(p, " \t");
			n = strcspn(p, " \t");
			k = 0;
		}
		if (n - k == 0 || n - k >= sizeof(buf))
			return -1;
		memcpy(buf, p + k, n - k);
		buf[n - k] = '\0';
		if (version_parse(buf, &ve_r->t[ve_r->n].v) != 0)
			return -1;
		ve_r->n++;
		p += n;
	}
	return ve_r->n > 0 ? 0 : -1;
}

bool
verexpr_match(const struct verexpr *ve, const struct version *v)
{
	size_t	i;

	for (i = 0; i < ve->n; i++) {
		int	c = version_cmp(v, &ve->t[i].v);
		bool	ok = false;

		switch (ve->t[i].op) {
		case VOP_LT:
			ok = c < 0;
			break;
		case VOP_LE:
			ok = c <= 0;
			break;
		case VOP_GT:
			ok = c > 0;
			break;
		case VOP_GE:
			ok = c >= 0;
			break;
		case VOP_EQ:
			ok = c == 0;
			break;
		case VOP_NE:
			ok = c != 0;
			break;
		}
		if (!ok)
			return false;
	}
	return true;
}
