/* SPDX-License-Identifier: MIT */
/*
 * rules_yaml - one rule file's YAML text to a tree of struct rnode.
 *
 * This is the only file that includes <yaml.h>.  A rule file is parsed
 * with libyaml's document API (yaml_parser_load), converted into a small
 * tree of struct rnode in the rule set's arena (scalars, sequences and
 * mappings with 1-based line:col from libyaml's 0-based marks), and the
 * libyaml document is deleted at once; rules_schema.c then checks that
 * tree against the schema and builds the rules.  Bounded: nesting depth
 * and node count after alias expansion (RULES_MAX_DEPTH, RULES_MAX_NODES).
 *
 * Layer: the loader, below rules.c and rules_cache.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
