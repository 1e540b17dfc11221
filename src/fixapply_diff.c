/* SPDX-License-Identifier: MIT */
/*
 * fixapply_diff - the unified diff of one file's edits, built from the
 * record of what the edits did to each line (fixapply_edit.c), not by
 * matching lines: "--- a/PATH" and "+++ b/PATH" (PATH as displayed, a
 * leading '/' dropped, so that patch -p1 applies it from the root or the
 * current directory), hunks with 3 lines of context, in each run of
 * changed lines the old ones first, and the "\\ No newline at end of
 * file" marker where the old file ended without one.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fixapply_int.h"
#include "strbuf.h"
#include "xmem.h"

#define DIFF_CONTEXT	3

/* One line of the diff: ' ', '-' or '+'. */
struct dline {
	char		 op;
	const char	*s;
	size_t		 len;
	bool		 nonl;		/* "\ No newline at end of file" */
};

struct dlist {
	struct dline	*v;
	size_t		 n, cap;
};

static void
dl_push(struct dlist *d, char op, const char *s, size_t len, bool nonl)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->v = xreallocarray(d->v, d->cap, sizeof(*d->v));
	}
	d->v[d->n].op = op;
	d->v[d->n].s = s;
	d->v[d->n].len = len;
	d->v[d->n].nonl = nonl;
	d->n++;
}

static void
hunk_range(struct strbuf *out, size_t start, size_t count)
{
	if (count == 1)
		strbuf_printf(out, "%zu", start);
	else
		strbuf_printf(out, "%zu,%zu", count == 0 ? start - 1 : start,
		    count);
}

static void
emit_diff(const struct dlist *d, const char *path, struct strbuf *out)
{
	size_t	i = 0, old_no = 1, new_no = 1;
	size_t	*oldat, *newat;

	/* line numbers before each entry */
	oldat = xcalloc(d->n + 1, sizeof(*oldat));
	newat = xcalloc(d->n + 1, sizeof(*newat));
	for (i = 0; i < d->n; i++) {
		oldat[i] = old_no;
		newat[i] = new_no;
		old_no += d->v[i].op != '+';
		new_no += d->v[i].op != '-';
	}
	oldat[d->n] = old_no;
	newat[d->n] = new_no;
	strbuf_printf(out, "--- a/%s\n+++ b/%s\n", path + (path[0] == '/'),
	    path + (path[0] == '/'));
	i = 0;
	while (i < d->n) {
		size_t	first, last, start, end, k, oc = 0, nc = 0;

		while (i < d->n && d->v[i].op == ' ')
			i++;
		if (i == d->n)
			break;
		first = last = i;
		/* extend while the next change is within 2 * context */
		for (k = i + 1; k < d->n; k++) {
			if (d->v[k].op == ' ')
				continue;
			if (k - last > 2 * DIFF_CONTEXT)
				break;
			last = k;
		}
		start = first > DIFF_CONTEXT ? first - DIFF_CONTEXT : 0;
		end = last + DIFF_CONTEXT + 1 < d->n ? last + DIFF_CONTEXT + 1 : d->n;
		for (k = start; k < end; k++) {
			oc += d->v[k].op != '+';
			nc += d->v[k].op != '-';
		}
		strbuf_adds(out, "@@ -");
		hunk_range(out, oldat[start], oc);
		strbuf_adds(out, " +");
		hunk_range(out, newat[start], nc);
		strbuf_adds(out, " @@\n");
		for (k = start; k < end; k++) {
			strbuf_addc(out, d->v[k].op);
			strbuf_add(out, d->v[k].s, d->v[k].len);
			strbuf_addc(out, '\n');
			if (d->v[k].nonl)
				strbuf_adds(out, "\\ No newline at end of file\n");
		}
		i = end;
	}
	free(oldat);
	free(newat);
}

/* group_changes - in each run of changed lines, the old ones first */
static void
group_changes(struct dlist *d)
{
	struct dline	*tmp;
	size_t		 i = 0, j, k, n;

	tmp = xcalloc(d->n + 1, sizeof(*tmp));
	while (i < d->n) {
		if (d->v[i].op == ' ') {
			i++;
			continue;
		}
		for (j = i; j < d->n && d->v[j].op != ' '; j++)
			;
		n = 0;
		for (k = i; k < j; k++)
			if (d->v[k].op == '-')
				tmp[n++] = d->v[k];
		for (k = i; k < j; k++)
			if (d->v[k].op == '+')
				tmp[n++] = d->v[k];
		memcpy(d->v + i, tmp, n * sizeof(*tmp));
		i = j;
	}
	free(tmp);
}


void
fixdiff_write(const struct fapply *fa, const char *all, size_t all_len,
    const size_t *offs, size_t n_offs, struct strbuf *diff)
{
	struct dlist		 d = { NULL, 0, 0 };
	const struct ins	*in;
	size_t			 i, k = 0;

#define NEWTEXT(idx) all + offs[idx], \
	((idx) + 1 < n_offs ? offs[(idx) + 1] : all_len) - offs[idx] - 1
	for (i = 1; i <= fa->n; i++) {
		const struct line	*ln = &fa->l[i];
		bool			 nonl = fa->nonl && i == fa->n;

		if (!fixedit_line_changed(ln) && !nonl) {
			dl_push(&d, ' ', ln->s, ln->len, false);
			k++;
		} else {
			dl_push(&d, '-', ln->s, ln->len, nonl);
			if (!ln->del) {
				dl_push(&d, '+', NEWTEXT(k), false);
				k++;
			}
		}
		for (in = ln->after; in != NULL; in = in->next, k++)
			dl_push(&d, '+', NEWTEXT(k), false);
	}
	for (; k < n_offs; k++)
		dl_push(&d, '+', NEWTEXT(k), false);
#undef NEWTEXT
	group_changes(&d);
	emit_diff(&d, fa->pf->path, diff);
	free(d.v);
}
