/* SPDX-License-Identifier: MIT */
/*
 * model - raw configuration with origins.
 *
 * Strings and structs live in the model arena; the growable arrays and
 * hash tables are heap-allocated and released by model_free(), which walks
 * the services and the Dovecot section tree.  Nothing here looks at
 * defaults or versions: that is resolve's job.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "model.h"

const char *
product_name(enum product p)
{
	return p == PRODUCT_POSTFIX ? "postfix" : "dovecot";
}

struct model *
model_new(void)
{
	struct model	*m = xcalloc(1, sizeof(*m));

	m->arena = arena_new();
	m->dc.heredocs = -1;
	return m;
}

static void
free_section(struct dc_section *sec)
{
	size_t	i;

	for (i = 0; i < sec->n_children; i++)
		free_section(sec->children[i]);
	free(sec->children);
	free(sec->settings);
	hmap_free(&sec->index);
	hmap_free(&sec->child_index);
}

static void
free_service(struct pf_service *svc)
{
	free(svc->overrides);
	if (svc->ov_index != NULL) {
		hmap_free(svc->ov_index);
		free(svc->ov_index);
	}
}

void
model_free(struct model **mp)
{
	struct model	*m;
	size_t		 i;

	if (mp == NULL || *mp == NULL)
		return;
	m = *mp;
	hmap_free(&m->pf.main_index);
	for (i = 0; i < m->pf.n_services; i++)
		free_service(m->pf.services[i]);
	for (i = 0; i < m->pf.n_commented; i++)
		free_service(m->pf.commented[i]);
	free(m->pf.services);
	free(m->pf.commented);
	hmap_free(&m->pf.svc_index);
	if (m->dc.root != NULL)
		free_section(m->dc.root);
	free(m->dc.files);
	free(m->dc.empty_globs);
	hmap_free(&m->ossl.index);
	arena_free(&m->arena);
	free(m);
	*mp = NULL;
}

const char *
model_strdup(struct model *m, const char *s)
{
	return arena_strdup(m->arena, s);
}

const char *
model_strndup(struct model *m, const char *s, size_t n)
{
	return arena_strndup(m->arena, s, n);
}

void
model_setting_text(struct model *m, struct setting *s, const char *value,
    const char *raw)
{
	size_t	 vn = strlen(value), rn;
	char	*p;

	if (raw == NULL || strcmp(raw, value) == 0) {
		s->value = arena_strndup(m->arena, value, vn);
		s->flags &= ~SET_RAW_APART;
		return;
	}
	rn = strlen(raw);
	p = arena_alloc_raw(m->arena, vn + rn + 2);
	memcpy(p, value, vn + 1);
	memcpy(p + vn + 1, raw, rn + 1);
	s->value = p;
	s->flags |= SET_RAW_APART;
}

/* Append-with-growth on heap arrays whose capacity is not stored: the
 * capacity is the next power of two at or above len (at least 2), so
 * growth happens exactly when len is a power of two (or 0).  Most arrays
 * stay short: a service's -o options, a section's children. */
static void *
push(void *arr, size_t len, size_t elsize)
{
	if (len == 0)
		return xreallocarray(arr, 2, elsize);
	if (len >= 2 && (len & (len - 1)) == 0)
		return xreallocarray(arr, len * 2, elsize);
	return arr;
}

struct setting *
model_pf_set(struct model *m, struct setting *s)
{
	struct setting	*old;

	old = hmap_put(&m->pf.main_index, s->name, s);
	if (old != NULL) {
		/* Keep the first position: replace the old winner in place. */
		s->prev = old;
		s->pos = old->pos;
		return s;
	}
	s->pos = m->pf.main_index.len - 1;
	return s;
}

void
model_pf_reserve(struct model *m, size_t n)
{
	hmap_reserve(&m->pf.main_index, n);
}

const struct setting *
model_pf_get(const struct model *m, const char *name)
{
	return hmap_get(&m->pf.main_index, name);
}

void
model_pf_add_service(struct model *m, struct pf_service *svc)
{
	struct pf_service	*old;

	if (svc->scope == NULL)
		svc->scope = arena_cat(m->arena, svc->name, "/", svc->type,
		    (char *)NULL);
	if (svc->commented) {
		m->pf.commented = push(m->pf.commented, m->pf.n_commented,
		    sizeof(*m->pf.commented));
		m->pf.commented[m->pf.n_commented++] = svc;
		return;
	}
	old = hmap_put(&m->pf.svc_index, svc->scope, svc);
	if (old != NULL)
		old->superseded = true;
	m->pf.services = push(m->pf.services, m->pf.n_services,
	    sizeof(*m->pf.services));
	m->pf.services[m->pf.n_services++] = svc;
}

/* A service's -o options are few: up to OV_SCAN_MAX they are found by a
 * scan from the last one back (the last assignment wins); past that, an
 * index is built from the array and kept up to date. */
#define OV_SCAN_MAX	8

/* ov_bit - name's bit in a service's filter of its -o names */
static uint64_t
ov_bit(const char *name)
{
	size_t	n = strlen(name);

	return (uint64_t)1 << ((n * 7 + (n > 0 ? (unsigned char)name[n - 1] :
	    0)) & 63);
}

static struct setting *
ov_scan(const struct pf_service *svc, const char *name)
{
	size_t	i;

	if ((svc->ov_filter & ov_bit(name)) == 0)
		return NULL;
	for (i = svc->n_overrides; i-- > 0;)
		if (strcmp(svc->overrides[i]->name, name) == 0)
			return svc->overrides[i];
	return NULL;
}

void
model_pf_add_override(struct model *m, struct pf_service *svc,
    struct setting *s)
{
	struct setting	*old;
	size_t		 i;

	(void)m;
	if (s->scope == NULL)
		s->scope = svc->scope;
	if (svc->ov_index == NULL && svc->n_overrides >= OV_SCAN_MAX) {
		svc->ov_index = xcalloc(1, sizeof(*svc->ov_index));
		for (i = 0; i < svc->n_overrides; i++)
			(void)hmap_put(svc->ov_index,
			    svc->overrides[i]->name, svc->overrides[i]);
	}
	if (svc->ov_index != NULL)
		old = hmap_put(svc->ov_index, s->name, s);
	else
		old = ov_scan(svc, s->name);
	svc->ov_filter |= ov_bit(s->name);
	if (old != NULL)
		s->prev = old;
	svc->overrides = push(svc->overrides, svc->n_overrides,
	    sizeof(*svc->overrides));
	svc->overrides[svc->n_overrides++] = s;
}

const struct setting *
model_pf_override(const struct pf_service *svc, const char *name)
{
	if (svc->ov_index == NULL)
		return ov_scan(svc, name);
	return hmap_get(svc->ov_index, name);
}

const struct pf_service *
model_pf_service(const struct model *m, const char *name, const char *type)
{
	char	 key[512];
	size_t	 n = strlen(name), t = strlen(type);

	if (n + t + 2 > sizeof(key))
		return NULL;
	memcpy(key, name, n);
	key[n] = '/';
	memcpy(key + n + 1, type, t + 1);
	return hmap_get(&m->pf.svc_index, key);
}

struct dc_section *
model_dc_root(struct model *m)
{
	if (m->dc.root == NULL) {
		m->dc.root = arena_alloc(m->arena, sizeof(*m->dc.root));
		m->dc.root->type = "";
		m->dc.root->name = "";
		m->dc.root->scope = "";
	}
	return m->dc.root;
}

static bool
is_filter(const char *type)
{
	return strcmp(type, "protocol") == 0 || strcmp(type, "local") == 0 ||
	    strcmp(type, "remote") == 0 || strcmp(type, "local_name") == 0;
}

/* is_list - unnamed sections of these types are separate instances */
static bool
is_list(const char *type)
{
	return strcmp(type, "passdb") == 0 || strcmp(type, "userdb") == 0;
}

struct dc_section *
model_dc_find(const struct dc_section *parent, const char *type,
    const char *name)
{
	char	 buf[512];
	size_t	 t = strlen(type), n = strlen(name);

	if (t + n + 2 > sizeof(buf))
		return NULL;
	memcpy(buf, type, t);
	buf[t] = ' ';
	memcpy(buf + t + 1, name, n + 1);
	return hmap_get(&parent->child_index, buf);
}

/* unnamed_count - how many unnamed "type" children parent has; counted in
 * the child index under "type" + " #" so repeated passdb { } stay linear. */
static size_t
unnamed_count(struct dc_section *parent, const char *type)
{
	char	 buf[256];
	size_t	*cnt;

	snprintf(buf, sizeof(buf), "\001%s", type);
	cnt = hmap_get(&parent->child_index, buf);
	return cnt != NULL ? *cnt : 0;
}

static void
unnamed_bump(struct model *m, struct dc_section *parent, const char *type)
{
	char	 buf[256];
	size_t	*cnt;

	snprintf(buf, sizeof(buf), "\001%s", type);
	cnt = hmap_get(&parent->child_index, buf);
	if (cnt == NULL) {
		cnt = arena_alloc(m->arena, sizeof(*cnt));
		hmap_put(&parent->child_index, arena_strdup(m->arena, buf), cnt);
	}
	(*cnt)++;
}

struct dc_section *
model_dc_section(struct model *m, struct dc_section *parent,
    const char *type, const char *name, const struct loc *loc)
{
	struct dc_section	*sec;
	bool			 filter = is_filter(type);

	if (name == NULL)
		name = "";
	/* Dovecot merges a repeated "type name" into the first, and repeated
	 * unnamed struct sections (plugin { }, dict { }) too; only unnamed
	 * list sections (passdb { }, userdb { }) are separate instances. */
	if ((name[0] != '\0' || filter || !is_list(type)) &&
	    (sec = model_dc_find(parent, type, name)) != NULL)
		return sec;
	sec = arena_alloc(m->arena, sizeof(*sec));
	sec->type = arena_strdup(m->arena, type);
	sec->name = arena_strdup(m->arena, name);
	sec->filter = filter;
	sec->parent = parent;
	if (name[0] == '\0') {
		/* Unnamed: number list instances so scopes stay distinct. */
		const char	*num = "";

		if (!filter && is_list(type)) {
			size_t	n = unnamed_count(parent, type);

			if (n > 0)
				num = arena_printf(m->arena, " #%zu", n + 1);
			unnamed_bump(m, parent, type);
		}
		sec->scope = parent->scope[0] == '\0' ?
		    arena_cat(m->arena, type, num, (char *)NULL) :
		    arena_cat(m->arena, parent->scope, "/", type, num,
		    (char *)NULL);
	} else if (parent->scope[0] == '\0')
		sec->scope = arena_cat(m->arena, type, " ", name, (char *)NULL);
	else
		sec->scope = arena_cat(m->arena, parent->scope, "/", type,
		    " ", name, (char *)NULL);
	if (loc != NULL)
		sec->loc = *loc;
	if (name[0] != '\0' || filter || !is_list(type))
		hmap_put(&parent->child_index,
		    arena_cat(m->arena, sec->type, " ", sec->name,
		    (char *)NULL), sec);
	parent->children = push(parent->children, parent->n_children,
	    sizeof(*parent->children));
	parent->children[parent->n_children++] = sec;
	return sec;
}

struct setting *
model_dc_set(struct model *m, struct dc_section *sec, struct setting *s)
{
	struct setting	*old;

	if (s->scope == NULL)
		s->scope = sec->scope;
	old = hmap_put(&sec->index, s->name, s);
	s->seq = ++m->dc.n_settings;
	if (m->dc.first == NULL)
		m->dc.first = s;
	if (old != NULL) {
		s->prev = old;
		s->pos = old->pos;
		sec->settings[s->pos] = s;
		return s;
	}
	sec->settings = push(sec->settings, sec->n_settings,
	    sizeof(*sec->settings));
	s->pos = sec->n_settings;
	sec->settings[sec->n_settings++] = s;
	return s;
}

const struct setting *
model_dc_get(const struct dc_section *sec, const char *key)
{
	return hmap_get(&sec->index, key);
}

size_t
model_pf_count(const struct model *m)
{
	size_t	n = model_pf_n_main(m) + m->pf.n_services + m->pf.n_commented, i;

	for (i = 0; i < m->pf.n_services; i++)
		n += m->pf.services[i]->n_overrides;
	for (i = 0; i < m->pf.n_commented; i++)
		n += m->pf.commented[i]->n_overrides;
	return n;
}

const struct setting *
model_ossl_get(const struct model *m, const char *section, const char *name)
{
	char		 key[256];
	int		 n;

	n = snprintf(key, sizeof(key), "%s\001%s", section, name);
	if (n < 0 || (size_t)n >= sizeof(key))
		return NULL;
	return hmap_get(&m->ossl.index, key);
}
