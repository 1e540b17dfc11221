/* SPDX-License-Identifier: MIT */
/*
 * parse_dovecot_include - the include stack of parse_dovecot.c: !include
 * and !include_try globs (inside the root, through fsroot), the files they
 * match read one after the other, nesting bounded by max_include_depth and
 * loops found by (dev, ino) of the opened files or, for a caller's buffer,
 * by path.  Messages are doveconf's.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "dovecot_line.h"
#include "fsroot.h"
#include "model.h"
#include "parse_dovecot_int.h"
#include "template.h"

/* push_str - append to a model array that model_free() frees with free() */
static void
push_str(const char ***arr, size_t *n, const char *s)
{
	if (*n == 0 || (*n >= 8 && (*n & (*n - 1)) == 0))
		*arr = xreallocarray(*arr, *n ? *n * 2 : 8, sizeof(**arr));
	(*arr)[(*n)++] = s;
}

/*
 * pending_has - is path an unread match of an include on the stack?
 * doveconf pushes all the matches of a glob at once, so an include of a
 * later sibling counts as recursive there too.  A count per path (not a
 * scan of the stack's lists): 2,000 included files cost 2,000 look-ups.
 */
static bool
pending_has(const struct pctx *c, const char *path)
{
	return (uintptr_t)hmap_get(&c->pending, path) > 0;
}

/* pending_add - path is pending once more (d = 1) or once less (d = -1) */
static void
pending_add(struct pctx *c, const char *path, int d)
{
	uintptr_t	n = (uintptr_t)hmap_get(&c->pending, path);

	(void)hmap_put(&c->pending, path, (void *)(n + (uintptr_t)(intptr_t)d));
}

/* pd_include - glob the pattern; the matches are read by pd_open_next() */
void
pd_include(struct pctx *c, struct input *in, const struct dc_line *l,
    const struct loc *loc)
{
	const char	**paths, *err;
	struct hmap	  last;
	size_t		  i, n;
	int		  r;

	if (c->fr == NULL) {
		diag_add(c->dl, SEV_ERROR, loc, "Cannot follow %s without a "
		    "file system root", l->key);
		return;
	}
	if (template_has_placeholder(l->value, strlen(l->value))) {
		diag_add(c->dl, SEV_INFO, loc, "template line ignored");
		return;
	}
	r = fsroot_glob(c->fr, in->dir, l->value, &paths, &err);
	if (r < 0)
		diag_add(c->dl, SEV_ERROR, loc, "glob(%s) failed: %s", l->value,
		    err);
	else if (r == 0 && l->type == DCL_INCLUDE)
		diag_add(c->dl, SEV_ERROR, loc, "No matches (%s)", l->value);
	else if (r == 0)
		push_str(&c->m->dc.empty_globs, &c->m->dc.n_empty_globs,
		    model_strdup(c->m, fsroot_display(c->fr,
		    fsroot_join(c->fr, in->dir, l->value))));
	if (r <= 0)
		return;
	if (c->nin > c->lim.max_include_depth) {
		diag_add(c->dl, SEV_ERROR, loc, "Includes nested deeper than "
		    "%u: %s not read (raise with --max-include-depth)",
		    c->lim.max_include_depth, l->value);
		return;
	}
	n = (size_t)r;
	in->pend = arena_array(c->m->arena, n, sizeof(*in->pend));
	in->npend = in->ipend = 0;
	/* A path matched twice (braces): the last match is read, the
	 * earlier ones are errors, as doveconf says. */
	memset(&last, 0, sizeof(last));
	for (i = 0; i < n; i++)
		(void)hmap_put(&last, paths[i], (void *)(uintptr_t)(i + 1));
	for (i = 0; i < n; i++) {
		if ((uintptr_t)hmap_get(&last, paths[i]) != i + 1 ||
		    pending_has(c, paths[i]))
			diag_add(c->dl, SEV_ERROR, loc, "Recursive include "
			    "file: %s", fsroot_display(c->fr, paths[i]));
		else {
			in->pend[in->npend] = model_strdup(c->m, paths[i]);
			pending_add(c, in->pend[in->npend++], 1);
		}
	}
	hmap_free(&last);
	in->inc = *loc;
	in->inc_pat = model_strdup(c->m, l->value);
	in->inc_try = l->type == DCL_INCLUDE_TRY;
}

/* pd_push_input - put a file (f set) or a caller's buffer on the stack */
void
pd_push_input(struct pctx *c, const char *path, const char *display,
    struct fsroot_file *f, const char *data, size_t len)
{
	struct input	*in;

	VEC_GROW(c->in, c->nin, c->capin);
	in = &c->in[c->nin++];
	memset(in, 0, sizeof(*in));
	in->path = model_strdup(c->m, path);
	in->dir = c->fr == NULL ? "/" :
	    model_strdup(c->m, fsroot_dirname(c->fr, path));
	in->display = model_strdup(c->m, display);
	if ((in->has_id = f != NULL)) {
		in->f = *f;
		data = f->data;
		len = f->len;
	}
	in->data = data;
	in->len = len;
	dcl_init(&in->lx);
	push_str(&c->m->dc.files, &c->m->dc.n_files, in->display);
}

/* pd_open_next - read the next pending match of the top file's include */
void
pd_open_next(struct pctx *c)
{
	struct input		*in = &c->in[c->nin - 1], *o;
	const char		*path = in->pend[in->ipend++], *err;
	struct fsroot_file	 f;

	pending_add(c, path, -1);

	if (fsroot_read(c->fr, NULL, path, &f, &err) < 0) {
		diag_add(c->dl, in->inc_try ? SEV_WARN : SEV_ERROR, &in->inc,
		    "Couldn't open include file %s (!include%s %s): %s",
		    fsroot_display(c->fr, path), in->inc_try ? "_try" : "",
		    in->inc_pat, err);
		return;
	}
	for (o = c->in; o < c->in + c->nin; o++) {
		if (o->has_id ? o->f.dev == f.dev && o->f.ino == f.ino :
		    strcmp(o->path, path) == 0) {
			diag_add(c->dl, SEV_ERROR, &in->inc, "Recursive "
			    "include file: %s", fsroot_display(c->fr, path));
			fsroot_file_release(&f);
			return;
		}
	}
	pd_push_input(c, path, fsroot_display(c->fr, path), &f, NULL, 0);
}

void
pd_pop_input(struct pctx *c)
{
	struct input	*in = &c->in[c->nin - 1];

	if (dcl_in_heredoc(&in->lx))
		diag_addf(c->dl, SEV_ERROR, in->display, in->line, 0,
		    "Missing heredoc terminator %s", in->lx.hd_term);
	if (dcl_pending(&in->lx))
		diag_addf(c->dl, SEV_WARN, in->display, in->line, 0, "File "
		    "ends with a '\\' continuation; its text is dropped");
	if (in->has_id)
		fsroot_file_release(&in->f);
	dcl_free(&in->lx);
	c->nin--;
}
