/* SPDX-License-Identifier: MIT */
/*
 * verexpr - version expressions of rule files: ">=2.3 <2.4", every term
 * must hold.
 *
 * Layer: a leaf above version.c.
 */
#ifndef MAILLINT_VEREXPR_H
#define MAILLINT_VEREXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "version.h"

struct arena;

/* One term of a version expression: OP VERSION. */
enum ver_op {
	VOP_LT,
	VOP_LE,
	VOP_GT,
	VOP_GE,
	VOP_EQ,
	VOP_NE
};

struct ver_term {
	enum ver_op	op;
	struct version	v;
};

/* ">=2.3 <2.4": every term must hold. */
struct verexpr {
	const char	*text;		/* as written */
	struct ver_term	*t;
	size_t		 n;
};

/*
 * verexpr_parse - ">=3.6 <3.8" (at most four terms; ">= 3.6" with a blank
 * is one term) into *ve_r, in arena a; -1 on a bad expression
 */
int	verexpr_parse(struct arena *a, const char *s, struct verexpr *ve_r);
/* verexpr_match - every term holds for v (an empty expression: true) */
bool	verexpr_match(const struct verexpr *ve, const struct version *v);

#endif
