/* SPDX-License-Identifier: MIT */
/*
 * rules - load rules/NAME.yaml and answer questions about the rule set.
 *
 * This is the only file that includes <yaml.h>.  A rule file is parsed
 * with libyaml's document API (yaml_parser_load), converted into a small
 * tree of struct rnode in the rule set's arena (scalars, sequences and
 * mappings with 1-based line:col from libyaml's 0-based marks), and the
 * libyaml document is deleted at once; rules_schema.c then checks that
 * tree against the schema and builds the rules.
 *
 * Rule files are the tool's own data (like the defaults tables), not host
 * configuration, so they are read with stdio rather than fsroot; they are
 * still bounded (file size, nesting depth, node count after alias
 * expansion) because --rules DIR may point anywhere.
 *
 * Diagnostics: every problem is a SEV_ERROR diagnostic at file:line:col;
 * loading carries on to report them all and returns -1 at the end.  The
 * small helpers the schema code shares (rules_error, rules_strs,
 * rules_valid_name) and the rule accessors live here too.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "arena.h"
#include "rules_int.h"

/* Conversion state for one document. */
struct conv {
	struct arena		*a;
	yaml_document_t		*doc;
	size_t			 nodes;
	const char		*file;
	struct diag_list	*dl;
};

static struct rnode *convert(struct conv *c, yaml_node_t *yn, unsigned depth);

static void
conv_error(struct conv *c, const yaml_node_t *yn, const char *what)
{
	diag_addf(c->dl, SEV_ERROR, c->file, (unsigned)yn->start_mark.line + 1,
	    (unsigned)yn->start_mark.column + 1, "%s", what);
}

/* convert_children - sequence items or mapping pairs of yn into n */
static int
convert_children(struct conv *c, yaml_node_t *yn, struct rnode *n,
    unsigned depth)
{
	yaml_node_item_t	*it;
	yaml_node_pair_t	*p;
	size_t			 i = 0;

	if (yn->type == YAML_SEQUENCE_NODE) {
		n->kind = RN_SEQ;
		n->n = (size_t)(yn->data.sequence.items.top -
		    yn->data.sequence.items.start);
		n->items = arena_array(c->a, n->n + 1, sizeof(*n->items));
		for (it = yn->data.sequence.items.start;
		    it < yn->data.sequence.items.top; it++, i++)
			if ((n->items[i] = convert(c,
			    yaml_document_get_node(c->doc, *it),
			    depth + 1)) == NULL)
				return -1;
		return 0;
	}
	n->kind = RN_MAP;
	n->n = (size_t)(yn->data.mapping.pairs.top -
	    yn->data.mapping.pairs.start);
	n->items = arena_array(c->a, n->n + 1, sizeof(*n->items));
	n->keys = arena_array(c->a, n->n + 1, sizeof(*n->keys));
	for (p = yn->data.mapping.pairs.start; p < yn->data.mapping.pairs.top;
	    p++, i++) {
		if ((n->keys[i] = convert(c, yaml_document_get_node(c->doc,
		    p->key), depth + 1)) == NULL ||
		    (n->items[i] = convert(c, yaml_document_get_node(c->doc,
		    p->value), depth + 1)) == NULL)
			return -1;
		if (n->keys[i]->kind != RN_SCALAR) {
			diag_addf(c->dl, SEV_ERROR, c->file, n->keys[i]->line,
			    n->keys[i]->col, "a mapping key must be a string");
			return -1;
		}
	}
	return 0;
}

/*
 * convert - libyaml node to rnode.  Aliases are followed (the document API
 * resolved them to node ids), so the node count bounds alias expansion.
 */
static struct rnode *
convert(struct conv *c, yaml_node_t *yn, unsigned depth)
{
	struct rnode	*n;

	if (yn == NULL)
		return NULL;
	if (depth > RULES_MAX_DEPTH) {
		conv_error(c, yn, "nesting too deep");
		return NULL;
	}
	if (++c->nodes > RULES_MAX_NODES) {
		conv_error(c, yn, "too many nodes (alias expansion?)");
		return NULL;
	}
	n = arena_alloc(c->a, sizeof(*n));
	n->line = (unsigned)yn->start_mark.line + 1;
	n->col = (unsigned)yn->start_mark.column + 1;
	switch (yn->type) {
	case YAML_SCALAR_NODE:
		if (memchr(yn->data.scalar.value, '\0',
		    yn->data.scalar.length) != NULL) {
			conv_error(c, yn, "NUL byte in a string");
			return NULL;
		}
		n->kind = RN_SCALAR;
		n->value = arena_strndup(c->a,
		    (const char *)yn->data.scalar.value,
		    yn->data.scalar.length);
		n->plain = yn->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		return n;
	case YAML_SEQUENCE_NODE:
	case YAML_MAPPING_NODE:
		return convert_children(c, yn, n, depth) == 0 ? n : NULL;
	default:
		conv_error(c, yn, "unexpected YAML node");
		return NULL;
	}
}

/* parse_error - libyaml's problem text at its (0-based) mark */
static void
parse_error(const yaml_parser_t *p, const char *file, struct diag_list *dl)
{
	const yaml_mark_t	*m = p->problem != NULL ? &p->problem_mark :
	    &p->context_mark;

	diag_addf(dl, SEV_ERROR, file, (unsigned)m->line + 1,
	    (unsigned)m->column + 1, "YAML syntax error: %s%s%s",
	    p->problem != NULL ? p->problem : "cannot parse",
	    p->context != NULL ? " " : "",
	    p->context != NULL ? p->context : "");
}

int
rules_yaml_tree(struct ruleset *rs, const char *file, const char *data,
    size_t len, struct rnode **tree_r, struct diag_list *dl)
{
	yaml_parser_t	 parser;
	yaml_document_t	 doc, next;
	yaml_node_t	*root;
	struct rnode	*tree = NULL;
	struct conv	 c;
	int		 rc = 0;

	*tree_r = NULL;
	if (!yaml_parser_initialize(&parser)) {
		diag_addf(dl, SEV_ERROR, file, 0, 0,
		    "cannot initialise libyaml");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	if (!yaml_parser_load(&parser, &doc)) {
		parse_error(&parser, file, dl);
		yaml_parser_delete(&parser);
		return -1;
	}
	if ((root = yaml_document_get_root_node(&doc)) != NULL) {
		memset(&c, 0, sizeof(c));
		c.a = rs->arena;
		c.doc = &doc;
		c.file = file;
		c.dl = dl;
		if ((tree = convert(&c, root, 0)) == NULL)
			rc = -1;
		/* One document per file: a second one is a mistake. */
		if (rc == 0 && !yaml_parser_load(&parser, &next)) {
			parse_error(&parser, file, dl);
			rc = -1;
		} else if (rc == 0) {
			root = yaml_document_get_root_node(&next);
			if (root != NULL) {
				diag_addf(dl, SEV_ERROR, file,
				    (unsigned)root->start_mark.line + 1,
				    (unsigned)root->start_mark.column + 1,
				    "only one YAML document per rule file");
				rc = -1;
			}
			yaml_document_delete(&next);
		}
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (rc == 0)
		*tree_r = tree;
	return rc;
}

int
rules_load_buffer(struct ruleset *rs, const char *display, const char *data,
    size_t len, struct diag_list *dl)
{
	const char	*file = arena_strdup(rs->arena, display);
	struct rnode	*tree;

	if (rules_yaml_tree(rs, file, data, len, &tree, dl) != 0)
		return -1;
	return tree != NULL ? rules_schema_file(rs, file, tree, dl) : 0;
}

char *
rules_read_file(const char *path, size_t *len_r, struct diag_list *dl)
{
	FILE		*fp;
	struct stat	 st;
	char		*buf;
	size_t		 got;
	int		 fd;

	/* O_NONBLOCK: a FIFO named x.yaml must not hang the run. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
		diag_addf(dl, SEV_ERROR, path, 0, 0,
		    "cannot open rule file: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > (off_t)RULES_MAX_FILE ||
	    (fp = fdopen(fd, "rb")) == NULL) {
		diag_addf(dl, SEV_ERROR, path, 0, 0, "not a regular file of at "
		    "most %u bytes", RULES_MAX_FILE);
		close(fd);
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	got = fread(buf, 1, (size_t)st.st_size, fp);
	if (ferror(fp)) {
		diag_addf(dl, SEV_ERROR, path, 0, 0,
		    "cannot read rule file: %s", strerror(errno));
		free(buf);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	buf[got] = '\0';
	*len_r = got;
	return buf;
}

int
rules_load_file(struct ruleset *rs, const char *path, struct diag_list *dl)
{
	char	*buf;
	size_t	 len;
	int	 rc;

	if ((buf = rules_read_file(path, &len, dl)) == NULL)
		return -1;
	rc = rules_load_buffer(rs, path, buf, len, dl);
	free(buf);
	return rc;
}

/* Helpers shared by rules_schema.c and rules_load_cond.c. */

void
rules_error(struct rules_ld *ld, const struct rnode *at, const char *fmt, ...)
{
	va_list	 ap;
	char	 buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	diag_addf(ld->dl, SEV_ERROR, ld->file, at != NULL ? at->line : 0,
	    at != NULL ? at->col : 0, "%s", buf);
	ld->errors++;
}

const char **
rules_strs(struct rules_ld *ld, const struct rnode *n, size_t *n_r)
{
	const char	**v;
	size_t		  i;

	if (n->kind == RN_SCALAR) {
		v = arena_array(ld->a, 2, sizeof(*v));
		v[0] = n->value;
		*n_r = 1;
		return v;
	}
	v = arena_array(ld->a, n->n + 1, sizeof(*v));
	for (i = 0; i < n->n; i++)
		v[i] = n->items[i]->value;
	*n_r = n->n;
	return v;
}

bool
rules_valid_name(const char *s)
{
	return s[0] != '\0' && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == strlen(s);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
is_rule_file(const char *name)
{
	size_t	n = strlen(name);

	return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".yaml") == 0;
}

char **
rules_dir_list(const char *dir, size_t *n_r, struct diag_list *dl)
{
	DIR		 *d;
	struct dirent	 *de;
	char		**names = NULL;
	size_t		  n = 0, cap = 0;

	if ((d = opendir(dir)) == NULL) {
		diag_addf(dl, SEV_ERROR, dir, 0, 0, "cannot read rules "
		    "directory: %s", strerror(errno));
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		if (!is_rule_file(de->d_name))
			continue;
		VEC_GROW(names, n, cap);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
	VEC_GROW(names, n, cap);
	names[n] = NULL;
	*n_r = n;
	return names;
}

char *
rules_dir_path(const char *dir, const char *name)
{
	size_t	 len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	return xasprintf("%.*s/%s", (int)len, dir, name);
}

void
rules_free_strv(char **v, size_t n)
{
	size_t	i;

	for (i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

int
rules_load_dir(struct ruleset *rs, const char *dir, struct diag_list *dl)
{
	char	**names, **paths, **data;
	size_t	  n, i, *len;
	int	  rc = 0;

	if ((names = rules_dir_list(dir, &n, dl)) == NULL)
		return -1;
	paths = xcalloc(n + 1, sizeof(*paths));
	data = xcalloc(n + 1, sizeof(*data));
	len = xcalloc(n + 1, sizeof(*len));
	for (i = 0; i < n; i++) {
		paths[i] = rules_dir_path(dir, names[i]);
		if ((data[i] = rules_read_file(paths[i], &len[i], dl)) == NULL)
			rc = -1;
	}
	/* The compiled cache stands for YAML files it matches exactly. */
	if (rc != 0 || rules_cache_load(rs, dir, names, data, len, n, dl,
	    &rc) == 0)
		for (i = 0; i < n; i++)
			if (data[i] != NULL && rules_load_buffer(rs, paths[i],
			    data[i], len[i], dl) != 0)
				rc = -1;
	rules_free_strv(names, n);
	rules_free_strv(paths, n);
	rules_free_strv(data, n);
	free(len);
	return rc;
}

struct ruleset *
rules_new(void)
{
	struct ruleset	*rs = xcalloc(1, sizeof(*rs));

	rs->arena = arena_new();
	return rs;
}

void
rules_free(struct ruleset **rsp)
{
	struct ruleset	*rs;
	size_t		 i;

	if (rsp == NULL || *rsp == NULL)
		return;
	rs = *rsp;
	for (i = 0; i < rs->n_re; i++)
		pcre2_code_free(rs->re[i]);
	free(rs->re);
	free(rs->v);
	hmap_free(&rs->ids);
	arena_free(&rs->arena);
	free(rs);
	*rsp = NULL;
}

void
rules_add_re(struct ruleset *rs, pcre2_code *re)
{
	VEC_GROW(rs->re, rs->n_re, rs->cap_re);
	rs->re[rs->n_re++] = re;
}

size_t
rules_count(const struct ruleset *rs)
{
	return rs != NULL ? rs->len : 0;
}

const struct rule *
rules_get(const struct ruleset *rs, size_t i)
{
	return rs != NULL && i < rs->len ? rs->v[i] : NULL;
}

const struct rule *
rules_find(const struct ruleset *rs, const char *id)
{
	return rs != NULL ? hmap_get(&rs->ids, id) : NULL;
}

const char *
rule_id(const struct rule *r)
{
	return r->id;
}

const char *
rule_title(const struct rule *r)
{
	return r->title;
}

enum sev
rule_severity(const struct rule *r)
{
	return r->sev;
}

const char *
rule_product(const struct rule *r)
{
	return product_name(r->product);
}

const char *
rule_subject(const struct rule *r)
{
	static const char *const names[] = { "listener", "setting", "config" };

	return names[r->subject];
}

const char *
rule_rationale(const struct rule *r)
{
	return r->rationale;
}

size_t
rule_n_references(const struct rule *r)
{
	return r->n_refs;
}

const char *
rule_reference(const struct rule *r, size_t i)
{
	return i < r->n_refs ? r->refs[i] : NULL;
}

const char *
rule_help_uri(const struct rule *r)
{
	size_t	i;

	for (i = 0; i < r->n_refs; i++)
		if (strncmp(r->refs[i], "https://", 8) == 0 ||
		    strncmp(r->refs[i], "http://", 7) == 0)
			return r->refs[i];
	return NULL;
}

static const struct {
	const char	*name;
	unsigned	 bit;
} profiles[] = {
	{ "default", PROF_DEFAULT },
	{ "mozilla-intermediate", PROF_MOZ_INTERMEDIATE },
	{ "mozilla-modern", PROF_MOZ_MODERN },
};

bool
rules_profile_known(const char *name)
{
	size_t	i;

	for (i = 0; name != NULL && i < sizeof(profiles) /
	    sizeof(profiles[0]); i++)
		if (strcmp(name, profiles[i].name) == 0)
			return true;
	return false;
}

bool
rule_in_profile(const struct rule *r, const char *profile)
{
	size_t	i;

	if (profile == NULL)
		profile = "default";
	for (i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (strcmp(profile, profiles[i].name) == 0)
			return (r->profiles & profiles[i].bit) != 0;
	return false;
}

const char *
rule_profiles(const struct rule *r)
{
	/* Indexed by the PROF_* bit set. */
	static const char *const lists[] = {
		"", "default", "mozilla-intermediate",
		"default, mozilla-intermediate", "mozilla-modern",
		"default, mozilla-modern",
		"mozilla-intermediate, mozilla-modern",
		"default, mozilla-intermediate, mozilla-modern",
	};

	return lists[r->profiles & PROF_ALL];
}

const char *
rule_fix_summary(const struct rule *r)
{
	return r->fix_summary;
}

const char *
rule_file(const struct rule *r)
{
	return r->file;
}

unsigned
rule_line(const struct rule *r)
{
	return r->line;
}
