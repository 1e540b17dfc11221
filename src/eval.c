/* SPDX-License-Identifier: MIT */
/*
 * eval - apply the rules to the resolved model.
 *
 * For each rule of the active profile, in load order, visit its subjects:
 * every listener of the rule's product (filtered by select: by default
 * enabled, non-loopback ones), every explicit setting named by the rule
 * (main.cf, each winning master.cf -o, each Dovecot section and filter),
 * the product's configuration as a whole, or each certificate and DH file
 * a listener uses (certcheck's uses, given in eval_opts).  When `when` is
 * TRUE the
 * blamed setting gives the location (its origin, or the file where it
 * belongs at line 0 when a built-in default decides), the message's
 * placeholders are filled in and fix.c builds the fix.  The same rule
 * producing the same (file, line, message) twice is kept once (the first
 * listener's scope wins), and the findings are sorted at the end.
 * When a language other than English is selected (i18n.h), each finding
 * also gets its message in that language: the rule's template is
 * translated first, then its placeholders are filled in the same way.
 *
 * Pure: no I/O; everything lives in the findings arena, the effective
 * values this run looks up included (its own resolve memo: the resolved
 * model is never changed).  Regex match data and a match context
 * with a match limit are created once per run.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "certcheck.h"
#include "cipherconf.h"
#include "cond.h"
#include "eval.h"
#include "fix.h"
#include "i18n.h"
#include "model.h"
#include "placeholder.h"
#include "rules.h"
#include "strbuf.h"

#define EVAL_MATCH_LIMIT	1000000u

/* PCRE2 allocates through xmalloc, so it never reports out of memory. */
static void *
pc_malloc(PCRE2_SIZE n, void *data)
{
	(void)data;
	return xmalloc(n > 0 ? n : 1);
}

static void
pc_free(void *p, void *data)
{
	(void)data;
	free(p);
}

/*
 * One cause in main.cf can fail every listener of a master.cf with
 * thousands of them: past EVAL_MAX_PER_LOC findings of one rule at one
 * location, the rest are counted, and the last one shown says how many.
 */
#define EVAL_MAX_PER_LOC	20
/* Other listeners of one cause named in its message (all are in JSON). */
#define EVAL_MAX_ALSO		20

struct loc_count {
	size_t	shown;
	size_t	hidden;
	size_t	last;		/* index of the last finding shown */
};

/* One explicit setting in the order the settings rules visit them.  The
 * entries of one name are chained in visiting order from the first one,
 * which also remembers whether the rule that last asked wants the name. */
struct vis {
	const struct setting	*set;
	const struct pf_service	*svc;	/* its master.cf entry, or NULL */
	uint32_t		 head;	/* the first entry of its name */
	uint32_t		 next;	/* the next entry of its name, or VIS_END */
	uint32_t		 memo_rule; /* head only: the rule (ev->rule_no) last asked */
	bool			 memo_wanted;	/* head only: what it said */
};

#define VIS_END		UINT32_MAX

/* The explicit settings of one product, in visiting order, and by name:
 * a rule that names its settings literally looks them up instead of
 * scanning every setting of a large tree. */
struct vis_index {
	bool		 built;
	struct vis	*v;		/* as many as vis_build counted */
	size_t		 len;
	struct hmap	 by_name;	/* name -> first entry + 1 (uintptr_t) */
	uint32_t	*tail;		/* per entry: the last entry of its name
					 * (building only) */
};

struct ev {
	struct findings		*f;
	const struct resolved	*r;
	struct resolve_memo	*memo;	/* this run's lookups, in f->arena */
	struct hmap		 seen;	/* dedupe key -> finding index + 1 */
	struct hmap		 per_loc;	/* rule and location -> its loc_count */
	struct loc_count	**lc;	/* every loc_count, to finish them */
	size_t			 n_lc, cap_lc;
	struct strbuf		 keybuf;
	pcre2_general_context	*gctx;
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
	struct re_buf		 rebuf;
	struct vis_index	 vi[2];	/* Postfix, Dovecot */
	uint32_t		 rule_no;	/* counts the rules asking vis */
	size_t			*tmp_pos;
	size_t			 n_tmp, cap_tmp;
};

/* missing_loc - where a setting that is not written down belongs */
static struct loc
missing_loc(struct ev *ev, const struct subject_ctx *s)
{
	const struct model	*m = ev->r->model;
	struct loc		 loc = { NULL, 0, 0 };

	if (s->rule->product == PRODUCT_POSTFIX) {
		if (m->pf.main_file != NULL)
			loc.file = m->pf.main_file;
		else
			loc.file = arena_printf(ev->f->arena, "%s%smain.cf",
			    m->pf.dir != NULL ? m->pf.dir : "",
			    m->pf.dir != NULL ? "/" : "");
	} else if (s->l != NULL && s->l->loc.file != NULL)
		loc.file = s->l->loc.file;
	else
		loc.file = m->dc.conf_file;
	return loc;
}

/* blame_cert - the setting naming a certificate's file (key: its key's,
 * when one names it) */
static struct loc
blame_cert(struct ev *ev, struct subject_ctx *s, bool key)
{
	const struct cert_use	*u = s->cert;

	if (key && u->key_setting != NULL) {
		s->blame_name = u->key_setting;
		s->blame_origin = u->key_origin;
	} else {
		s->blame_name = u->setting;
		s->blame_origin = u->origin;
	}
	s->blame_value = s->blame_origin != NULL ? s->blame_origin->value :
	    u->value;
	if (s->blame_origin != NULL)
		return s->blame_origin->loc;
	return missing_loc(ev, s);
}

/* blame - choose the blamed setting; the finding's location */
static struct loc
blame(struct ev *ev, struct subject_ctx *s)
{
	const struct rule	*ru = s->rule;
	enum blame_kind		 b = ru->blame;
	const struct eff	*e = NULL;

	s->blame_name = s->blame_value = NULL;
	s->blame_origin = NULL;
	s->blame_is_listener = false;
	if (ru->subject == SUBJ_CERT)
		return blame_cert(ev, s, b == BLAME_CERT_KEY);
	if (b == BLAME_DEFAULT)
		b = ru->subject == SUBJ_LISTENER ? BLAME_LISTENER :
		    ru->subject == SUBJ_SETTING ? BLAME_SELF : BLAME_DEFAULT;
	if (b == BLAME_TLS_PROTOCOLS && (e = s->l->tls_protocols) == NULL)
		b = BLAME_LISTENER;	/* no TLS: nothing decides versions */
	if (b == BLAME_LISTENER_TLS) {
		if (s->l->tls_origin == NULL)
			b = BLAME_LISTENER;
		else if (s->l->tls_origin->scope == NULL ||
		    s->l->tls_origin->scope[0] == '\0') {
			/* A main.cf line the service inherits: the finding is
			 * there, the fix stays on the service (-o), never the
			 * main.cf line that port 25 shares. */
			s->blame_is_listener = true;
			return s->l->tls_origin->loc;
		} else {
			/* "ssl = no" in the listener: the line a fix
			 * replaces */
			s->blame_name = s->l->tls_origin->name;
			s->blame_value = s->l->tls_origin->value;
			s->blame_origin = s->l->tls_origin;
			return s->l->tls_origin->loc;
		}
	}
	switch (b) {
	case BLAME_LISTENER:
		s->blame_is_listener = true;
		if (s->l->loc.file != NULL)
			return s->l->loc;
		return missing_loc(ev, s);
	case BLAME_SELF:
		s->blame_name = s->self->name;
		s->blame_value = s->self_value;
		s->blame_origin = s->self;
		return s->self->loc;
	case BLAME_SETTING:
		e = cond_lookup(s, ru->blame_name);
		break;
	case BLAME_TLS_PROTOCOLS:
		break;
	case BLAME_CIPHERS: {
		struct arena	*tmp = arena_new();
		bool		 known = cipherconf_listener(tmp, s->memo,
				    s->l, &e) != NULL;

		arena_free(&tmp);	/* e points into the model, not tmp */
		if (!known || e == NULL) {
			s->blame_is_listener = true;
			return s->l->loc.file != NULL ? s->l->loc :
			    missing_loc(ev, s);
		}
		break;
	}
	default:
		return missing_loc(ev, s);
	}
	s->blame_name = e != NULL ? e->name : ru->blame_name;
	s->blame_value = e != NULL ? e->value : "";
	s->blame_origin = e != NULL ? e->origin : NULL;
	if (s->blame_origin != NULL)
		return s->blame_origin->loc;
	return missing_loc(ev, s);
}

static bool
same_text(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* same_cert - two certificate subjects (or none) are the same files */
static bool
same_cert(const struct cert_use *a, const struct cert_use *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return same_text(a->file, b->file) && same_text(a->key_file,
	    b->key_file) && same_text(a->fingerprint, b->fingerprint) &&
	    same_text(a->kind, b->kind);
}

/* also_add - another listener of the same cause (capacity doubles, in the
 * findings' arena) */
static void
also_add(struct finding *fd, const struct listener *l, struct arena *a)
{
	const struct listener	**v;

	if (fd->n_also == fd->cap_also) {
		fd->cap_also = fd->cap_also ? fd->cap_also * 2 : 4;
		v = arena_array(a, fd->cap_also, sizeof(*v));
		if (fd->n_also > 0)
			memcpy(v, fd->also, fd->n_also * sizeof(*v));
		fd->also = v;
	}
	fd->also[fd->n_also++] = l;
}

/* also_message - msg, with the other listeners of its cause (the first
 * EVAL_MAX_ALSO named, the rest counted); in the selected language when
 * l10n (the listeners' names and ports are the same in every language) */
static const char *
also_message(const struct finding *fd, const char *msg, bool l10n,
    struct arena *a)
{
	struct strbuf	 sb = STRBUF_INIT, list = STRBUF_INIT;
	const char	*out;
	size_t		 i;

	for (i = 0; i < fd->n_also && i < EVAL_MAX_ALSO; i++) {
		if (i > 0)
			strbuf_adds(&list, ", ");
		strbuf_printf(&list, l10n ? _("%s (port %u)") : "%s (port %u)",
		    fd->also[i]->scope, fd->also[i]->port);
	}
	if (fd->n_also > EVAL_MAX_ALSO) {
		out = arena_strdup(a, strbuf_cstr(&list));
		strbuf_reset(&list);
		strbuf_printf(&list, l10n ? _("%s and %zu more") :
		    "%s and %zu more", out, fd->n_also - EVAL_MAX_ALSO);
	}
	strbuf_printf(&sb, l10n ? _("%s; also %s") : "%s; also %s", msg,
	    strbuf_cstr(&list));
	out = arena_strdup(a, strbuf_cstr(&sb));
	strbuf_free(&sb);
	strbuf_free(&list);
	return out;
}

/* emit - the finding for subject s, unless it repeats an earlier one */
static void	emit(struct ev *, struct subject_ctx *);

/*
 * eval_syntax - a subject syntax rule: one finding per syntax error the
 * parsers reported in its product's files, at the error's position.
 */
static void
eval_syntax(struct ev *ev, struct subject_ctx *s, const struct diag_list *dl)
{
	enum diag_kind	 kind = s->rule->product == PRODUCT_POSTFIX ?
	    DIAG_SYNTAX_POSTFIX : DIAG_SYNTAX_DOVECOT;
	struct finding	 fd;
	size_t		 i;

	for (i = 0; dl != NULL && i < dl->len; i++) {
		if (dl->v[i].kind != kind || (s->rule->when != NULL &&
		    cond_eval(s->rule->when, s) != TRI_TRUE))
			continue;
		memset(&fd, 0, sizeof(fd));
		fd.rule = s->rule;
		fd.rule_id = s->rule->id;
		fd.sev = s->rule->sev;
		fd.loc = dl->v[i].loc;
		fd.scope = "";
		fd.message = arena_printf(ev->f->arena, "%s: %s",
		    placeholder_expand(ev->f->arena, s->rule->message, s),
		    dl->v[i].msg);
		/* The parser's own words stay English (README, Languages). */
		if (i18n_active())
			fd.message_l10n = arena_printf(ev->f->arena, "%s: %s",
			    placeholder_expand_l10n(ev->f->arena,
			    s->rule->message, s), dl->v[i].msg);
		VEC_GROW(ev->f->v, ev->f->len, ev->f->cap);
		ev->f->v[ev->f->len++] = fd;
	}
}

static void
emit(struct ev *ev, struct subject_ctx *s)
{
	struct findings		*f = ev->f;
	struct finding		 fd;
	struct loc_count	*lc;
	const char		*key;

	memset(&fd, 0, sizeof(fd));
	fd.rule = s->rule;
	fd.rule_id = s->rule->id;
	fd.sev = s->rule->sev;
	fd.loc = blame(ev, s);
	strbuf_reset(&ev->keybuf);
	strbuf_printf(&ev->keybuf, "%s\001%s\001%u\001%u", fd.rule_id,
	    fd.loc.file != NULL ? fd.loc.file : "", fd.loc.line, fd.loc.col);
	if ((lc = hmap_get(&ev->per_loc, strbuf_cstr(&ev->keybuf))) == NULL) {
		lc = arena_alloc(f->arena, sizeof(*lc));
		memset(lc, 0, sizeof(*lc));
		hmap_put(&ev->per_loc, arena_strdup(f->arena,
		    strbuf_cstr(&ev->keybuf)), lc);
		VEC_GROW(ev->lc, ev->n_lc, ev->cap_lc);
		ev->lc[ev->n_lc++] = lc;
	}
	if (lc->shown >= EVAL_MAX_PER_LOC) {
		lc->hidden++;
		return;
	}
	fd.scope = s->cert != NULL ? s->cert->scope : s->l != NULL ?
	    s->l->scope : s->self != NULL && s->self->scope != NULL ?
	    s->self->scope : "";
	fd.message = placeholder_expand(f->arena, s->rule->message, s);
	if (i18n_active())
		fd.message_l10n = placeholder_expand_l10n(f->arena,
		    s->rule->message, s);
	fd.listener = s->l;
	fd.cert = s->cert;
	fix_build(&fd, s, f->arena);
	/* One cause, one finding: another listener judged the same by the
	 * same line, with the same fix (and the same certificate), joins the
	 * finding shown there. */
	if (s->l != NULL && lc->shown > 0 && f->v[lc->last].listener != NULL &&
	    same_text(f->v[lc->last].fix_text, fd.fix_text) &&
	    same_cert(f->v[lc->last].cert, fd.cert)) {
		also_add(&f->v[lc->last], s->l, f->arena);
		return;
	}
	key = arena_printf(f->arena, "%s\001%s\001%u\001%s", fd.rule_id,
	    fd.loc.file != NULL ? fd.loc.file : "", fd.loc.line, fd.message);
	if (hmap_get(&ev->seen, key) != NULL)
		return;
	hmap_put(&ev->seen, key, (void *)key);
	VEC_GROW(f->v, f->len, f->cap);
	f->v[f->len++] = fd;
	lc->shown++;
	lc->last = f->len - 1;
}

static void
eval_listeners(struct ev *ev, struct subject_ctx *s)
{
	const struct rule	*ru = s->rule;
	size_t			 i;

	for (i = 0; i < ev->r->n_listeners; i++) {
		const struct listener	*l = ev->r->listeners[i];

		if (l->product != ru->product)
			continue;
		if (ru->sel_enabled >= 0 &&
		    l->enabled != (ru->sel_enabled == 1))
			continue;
		if (ru->sel_loopback >= 0 &&
		    l->loopback != (ru->sel_loopback == 1))
			continue;
		s->l = l;
		if ((ru->select == NULL ||
		    cond_eval(ru->select, s) == TRI_TRUE) &&
		    cond_eval(ru->when, s) == TRI_TRUE)
			emit(ev, s);
	}
	s->l = NULL;
}

/* eval_certs - each certificate or DH file of the rule's product */
static void
eval_certs(struct ev *ev, struct subject_ctx *s, const struct cert_uses *u)
{
	size_t	i;

	for (i = 0; u != NULL && i < u->len; i++) {
		if (u->v[i]->product != s->rule->product)
			continue;
		s->cert = u->v[i];
		s->l = u->v[i]->l;
		if (cond_eval(s->rule->when, s) == TRI_TRUE)
			emit(ev, s);
	}
	s->cert = NULL;
	s->l = NULL;
}

static bool
name_wanted(struct ev *ev, const struct rule *ru, const char *name)
{
	size_t	i, n = strlen(name);

	for (i = 0; i < ru->n_settings; i++) {
		const struct name_pat	*p = &ru->settings[i];

		if (p->re == NULL ? strcmp(p->name, name) == 0 ||
		    (p->name[0] == '*' && p->name[1] == '\0') :
		    re_prefilter_pass(&p->pf, name, n) &&
		    cond_re_match(p->re, name, &ev->rebuf, ev->md,
		    ev->mctx) == 1)
			return true;
	}
	return false;
}

/* visit - one explicit setting the rule names (svc: its master.cf entry,
 * or NULL) */
static void
visit(struct ev *ev, struct subject_ctx *s, const struct setting *set,
    const struct pf_service *svc)
{
	const struct eff	*e = NULL;

	s->self = set;
	s->svc = svc;
	s->self_value = set->value;
	s->self_unknown = (set->flags & SET_TEMPLATE) != 0;
	/* Postfix: judge the expanded value when it is this setting's. */
	if (s->rule->product == PRODUCT_POSTFIX &&
	    (e = resolve_pf(ev->memo, svc, set->name)) != NULL &&
	    e->origin == set) {
		s->self_value = e->value;
		s->self_unknown = e->unknown;
	}
	if (cond_eval(s->rule->when, s) == TRI_TRUE)
		emit(ev, s);
	s->self = NULL;
	s->svc = NULL;
}

static void
vis_add(struct vis_index *vi, const struct setting *set,
    const struct pf_service *svc)
{
	struct vis	*e = &vi->v[vi->len];
	uintptr_t	 first;

	e->set = set;
	e->svc = svc;
	e->next = VIS_END;
	e->memo_rule = 0;
	e->memo_wanted = false;
	if ((first = (uintptr_t)hmap_get(&vi->by_name, set->name)) == 0) {
		e->head = (uint32_t)vi->len;
		vi->tail[vi->len] = (uint32_t)vi->len;
		hmap_put(&vi->by_name, set->name, (void *)(vi->len + 1));
	} else {
		e->head = (uint32_t)(first - 1);
		vi->v[vi->tail[e->head]].next = (uint32_t)vi->len;
		vi->tail[e->head] = (uint32_t)vi->len;
	}
	vi->len++;
}

static void
vis_section(struct vis_index *vi, const struct dc_section *sec)
{
	size_t	i;

	for (i = 0; i < sec->n_settings; i++)
		vis_add(vi, sec->settings[i], NULL);
	for (i = 0; i < sec->n_children; i++)
		vis_section(vi, sec->children[i]);
}

static size_t
vis_count(const struct dc_section *sec)
{
	size_t	i, n = sec->n_settings;

	for (i = 0; i < sec->n_children; i++)
		n += vis_count(sec->children[i]);
	return n;
}

/* vis_reserve - room for the n entries vis_build counted (the limits on
 * settings stop far below VIS_END) */
static void
vis_reserve(struct vis_index *vi, size_t n)
{
	if (n >= VIS_END)
		xmem_oom();
	vi->v = xreallocarray(NULL, n, sizeof(*vi->v));
	vi->tail = xreallocarray(NULL, n, sizeof(*vi->tail));
}

/* vis_build - the product's explicit settings, in the order rules see
 * them: each service's winning -o (main.cf comes first, from the model);
 * Dovecot's sections depth first */
static struct vis_index *
vis_build(struct ev *ev, enum product product)
{
	const struct model	*m = ev->r->model;
	struct vis_index	*vi = &ev->vi[product == PRODUCT_POSTFIX ? 0 : 1];
	size_t			 i, j, n;

	if (vi->built)
		return vi;
	vi->built = true;
	if (product == PRODUCT_DOVECOT) {
		if (m->dc.present && m->dc.root != NULL) {
			vis_reserve(vi, vis_count(m->dc.root));
			vis_section(vi, m->dc.root);
		}
	} else if (m->pf.present) {
		/* main.cf has one winning setting per name, found by the
		 * model's own index: only the -o options are listed here. */
		for (i = n = 0; i < m->pf.n_services; i++)
			if (!m->pf.services[i]->superseded)
				n += m->pf.services[i]->n_overrides;
		vis_reserve(vi, n);
		for (i = 0; i < m->pf.n_services; i++) {
			const struct pf_service	*svc = m->pf.services[i];

			if (svc->superseded)
				continue;
			for (j = 0; j < svc->n_overrides; j++)
				/* Only the winning -o of a name counts. */
				if (model_pf_override(svc,
				    svc->overrides[j]->name) ==
				    svc->overrides[j])
					vis_add(vi, svc->overrides[j], svc);
		}
	}
	free(vi->tail);		/* only building needs it */
	vi->tail = NULL;
	return vi;
}

static void
vis_free(struct vis_index *vi)
{
	hmap_free(&vi->by_name);
	free(vi->v);
	free(vi->tail);
}

static int
pos_cmp(const void *a, const void *b)
{
	size_t	x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* literal_names - the rule names every setting it judges literally */
static bool
literal_names(const struct rule *ru)
{
	size_t	i;

	for (i = 0; i < ru->n_settings; i++)
		if (ru->settings[i].re != NULL ||
		    strcmp(ru->settings[i].name, "*") == 0)
			return false;
	return true;
}

static void
eval_settings(struct ev *ev, struct subject_ctx *s)
{
	const struct rule	*ru = s->rule;
	const struct model	*m = ev->r->model;
	struct vis_index	*vi = vis_build(ev, ru->product);
	size_t			 i, k;

	if (!literal_names(ru)) {
		if (ru->product == PRODUCT_POSTFIX && m->pf.present)
			for (i = 0; i < model_pf_n_main(m); i++)
				if (name_wanted(ev, ru, model_pf_main(m, i)->name))
					visit(ev, s, model_pf_main(m, i), NULL);
		/* A name is asked about once per rule, however often set. */
		ev->rule_no++;
		for (i = 0; i < vi->len; i++) {
			struct vis	*h = &vi->v[vi->v[i].head];

			if (h->memo_rule != ev->rule_no) {
				h->memo_rule = ev->rule_no;
				h->memo_wanted = name_wanted(ev, ru,
				    vi->v[i].set->name);
			}
			if (h->memo_wanted)
				visit(ev, s, vi->v[i].set, vi->v[i].svc);
		}
		return;
	}
	/* main.cf: the named settings, in file order */
	if (ru->product == PRODUCT_POSTFIX && m->pf.present) {
		ev->n_tmp = 0;
		for (k = 0; k < ru->n_settings; k++) {
			const struct setting	*set = model_pf_get(m,
			    ru->settings[k].name);

			if (set == NULL)
				continue;
			VEC_GROW(ev->tmp_pos, ev->n_tmp, ev->cap_tmp);
			ev->tmp_pos[ev->n_tmp++] = set->pos;
		}
		if (ev->n_tmp > 1)
			qsort(ev->tmp_pos, ev->n_tmp, sizeof(*ev->tmp_pos),
			    pos_cmp);
		for (i = 0; i < ev->n_tmp; i++)
			visit(ev, s, model_pf_main(m, ev->tmp_pos[i]), NULL);
	}
	/* The positions of the named settings, in visiting order. */
	ev->n_tmp = 0;
	for (k = 0; k < ru->n_settings; k++) {
		uintptr_t	first = (uintptr_t)hmap_get(&vi->by_name,
		    ru->settings[k].name);

		for (i = first - 1; first != 0 && i != VIS_END;
		    i = vi->v[i].next) {
			VEC_GROW(ev->tmp_pos, ev->n_tmp, ev->cap_tmp);
			ev->tmp_pos[ev->n_tmp++] = i;
		}
	}
	if (ru->n_settings > 1 && ev->n_tmp > 1)
		qsort(ev->tmp_pos, ev->n_tmp, sizeof(*ev->tmp_pos), pos_cmp);
	for (i = 0; i < ev->n_tmp; i++)
		visit(ev, s, vi->v[ev->tmp_pos[i]].set,
		    vi->v[ev->tmp_pos[i]].svc);
}

static int
finding_cmp(const void *a, const void *b)
{
	const struct finding	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->loc.file != NULL ? x->loc.file : "",
	    y->loc.file != NULL ? y->loc.file : "")) != 0)
		return c;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	if (x->loc.col != y->loc.col)
		return x->loc.col < y->loc.col ? -1 : 1;
	if ((c = strcmp(x->rule_id, y->rule_id)) != 0)
		return c;
	if ((c = strcmp(x->scope, y->scope)) != 0)
		return c;
	return strcmp(x->message, y->message);
}

struct findings *
eval_run(const struct ruleset *rs, const struct resolved *r,
    const struct eval_opts *o)
{
	struct ev		 ev;
	struct subject_ctx	 s;
	const char		*profile = o != NULL && o->profile != NULL ?
	    o->profile : "default";
	size_t			 i;
	const struct model	*m = r->model;

	memset(&ev, 0, sizeof(ev));
	ev.f = xcalloc(1, sizeof(*ev.f));
	ev.f->arena = arena_new();
	ev.r = r;
	ev.memo = resolve_memo_new(r, ev.f->arena);
	ev.gctx = pcre2_general_context_create(pc_malloc, pc_free, NULL);
	ev.md = pcre2_match_data_create(1, ev.gctx);
	ev.mctx = pcre2_match_context_create(ev.gctx);
	pcre2_set_match_limit(ev.mctx, EVAL_MATCH_LIMIT);
	for (i = 0; i < rules_count(rs); i++) {
		const struct rule	*ru = rules_get(rs, i);

		if (!rule_in_profile(ru, profile))
			continue;
		memset(&s, 0, sizeof(s));
		s.r = r;
		s.memo = ev.memo;
		s.arena = ev.f->arena;
		s.rule = ru;
		s.md = ev.md;
		s.mctx = ev.mctx;
		s.rebuf = &ev.rebuf;
		if (ru->subject == SUBJ_SYNTAX)
			eval_syntax(&ev, &s, o != NULL ? o->diags : NULL);
		else if (ru->subject == SUBJ_LISTENER)
			eval_listeners(&ev, &s);
		else if (ru->subject == SUBJ_SETTING)
			eval_settings(&ev, &s);
		else if (ru->subject == SUBJ_CERT)
			eval_certs(&ev, &s, o != NULL ? o->certs : NULL);
		else if ((ru->product == PRODUCT_POSTFIX ? m->pf.present :
		    m->dc.present) && cond_eval(ru->when, &s) == TRI_TRUE)
			emit(&ev, &s);
	}
	for (i = 0; i < ev.f->len; i++) {
		struct finding	*fd = &ev.f->v[i];

		if (fd->n_also == 0)
			continue;
		fd->message = also_message(fd, fd->message, false, ev.f->arena);
		if (fd->message_l10n != NULL)
			fd->message_l10n = also_message(fd, fd->message_l10n,
			    true, ev.f->arena);
	}
	for (i = 0; i < ev.n_lc; i++)
		if (ev.lc[i]->hidden > 0) {
			struct finding	*fd = &ev.f->v[ev.lc[i]->last];

			fd->message = arena_printf(ev.f->arena, "%s (and %zu "
			    "more like it, not shown)", fd->message,
			    ev.lc[i]->hidden);
			if (fd->message_l10n != NULL)
				fd->message_l10n = arena_printf(ev.f->arena,
				    _("%s (and %zu more like it, not shown)"),
				    fd->message_l10n, ev.lc[i]->hidden);
		}
	resolve_memo_free(&ev.memo);
	hmap_free(&ev.seen);
	hmap_free(&ev.per_loc);
	free(ev.lc);
	strbuf_free(&ev.keybuf);
	pcre2_match_data_free(ev.md);
	pcre2_match_context_free(ev.mctx);
	pcre2_general_context_free(ev.gctx);
	free(ev.rebuf.p);
	vis_free(&ev.vi[0]);
	vis_free(&ev.vi[1]);
	free(ev.tmp_pos);
	if (ev.f->len > 1)
		qsort(ev.f->v, ev.f->len, sizeof(*ev.f->v), finding_cmp);
	return ev.f;
}
