/* SPDX-License-Identifier: MIT */
/*
 * rules_cache - the rule files of a directory, parsed once: rules.cache.
 *
 * libyaml spends most of a stock host's run on the 30-odd KB of rule
 * YAML.  `maillint --compile-rules DIR` (run by make for the shipped
 * rules, and again by make install on the installed ones) stores the
 * parsed trees (struct rnode) of every *.yaml file of DIR together with
 * the file's name, size, modification time and text.  The trees are
 * taken from the cache only when every name matches and every file is
 * the one compiled: same size and modification time (to the nanosecond,
 * as make and git see a change), else the same text byte for byte (the
 * file is read then).  An edited rule file is read as YAML again, never
 * shadowed by a stale cache.  The trees then go through the same schema
 * checks as freshly parsed ones, so diagnostics and rules are the same
 * either way.
 *
 * Format: "MLRC", u32 byte-order mark, u32 format, str version, u32
 * files, u32 nodes, u32 child slots (what the trees need: the reader
 * takes them in two arrays, not a node at a time), then per file: str
 * name, u64 size, u64 mtime seconds, u32 nanoseconds, str text, u8
 * has-tree, node.  A node:
 * u8 kind, u8 plain, u32 line, u32 col, then a str (scalar) or u32 n and
 * n nodes (sequence) or n key-value node pairs (mapping).  u32 is in the
 * writer's byte order (a cache from another order is not used); str is a
 * u32 length, the bytes and a NUL, so that scalars point into the cache,
 * which the rule set's arena keeps.  The reader checks every bound: a
 * damaged cache is simply not used.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "datafile.h"
#include "rules_int.h"
#include "strbuf.h"

#define CACHE_MAGIC	"MLRC"
#define CACHE_FORMAT	4u
#define CACHE_BOM	0x01020304u
#define CACHE_MAX_SIZE	(64u * 1024 * 1024)

/* ---- writing ------------------------------------------------------ */

static void
put_u8(struct strbuf *b, unsigned v)
{
	strbuf_addc(b, (char)(v & 0xff));
}

static void
put_u32(struct strbuf *b, size_t v)
{
	uint32_t	u = (uint32_t)v;

	strbuf_add(b, (const char *)&u, sizeof(u));
}

static void
put_u64(struct strbuf *b, unsigned long long v)
{
	uint64_t	u = (uint64_t)v;

	strbuf_add(b, (const char *)&u, sizeof(u));
}

static void
put_str(struct strbuf *b, const char *s, size_t len)
{
	put_u32(b, len);
	strbuf_add(b, s, len);
	strbuf_addc(b, '\0');
}

/* count - the nodes of a tree and the child slots their arrays take
 * (n + 1 each: the arrays end in NULL) */
static void
count(const struct rnode *n, size_t *nodes, size_t *slots)
{
	size_t	i;

	(*nodes)++;
	if (n->kind == RN_SCALAR)
		return;
	*slots += (n->n + 1) * (n->kind == RN_MAP ? 2 : 1);
	for (i = 0; i < n->n; i++) {
		if (n->kind == RN_MAP)
			count(n->keys[i], nodes, slots);
		count(n->items[i], nodes, slots);
	}
}

static void
put_node(struct strbuf *b, const struct rnode *n)
{
	size_t	i;

	put_u8(b, n->kind);
	put_u8(b, n->plain);
	put_u32(b, n->line);
	put_u32(b, n->col);
	if (n->kind == RN_SCALAR) {
		put_str(b, n->value, strlen(n->value));
		return;
	}
	put_u32(b, n->n);
	for (i = 0; i < n->n; i++) {
		if (n->kind == RN_MAP)
			put_node(b, n->keys[i]);
		put_node(b, n->items[i]);
	}
}

int
rules_compile_dir(const char *dir, const char *out, size_t *n_rules_r,
    struct diag_list *dl)
{
	struct ruleset	 *rs = rules_new();
	struct strbuf	  b = STRBUF_INIT;
	struct datafile_stamp	  st;
	struct rnode	 *tree;
	char		**names, *path, *data;
	size_t		  n, i, len, counts, nodes = 0, slots = 0;
	int		  rc = 0;

	if ((names = datafile_list(dir, ".yaml", RULES_MAX_FILES, &n,
	    dl)) == NULL) {
		rules_free(&rs);
		return -1;
	}
	strbuf_add(&b, CACHE_MAGIC, 4);
	put_u32(&b, CACHE_BOM);
	put_u32(&b, CACHE_FORMAT);
	put_str(&b, PACKAGE_VERSION, strlen(PACKAGE_VERSION));
	put_u32(&b, n);
	/* the node and slot counts, filled in below */
	counts = b.len;
	put_u32(&b, 0);
	put_u32(&b, 0);
	for (i = 0; i < n && rc == 0; i++) {
		path = datafile_path(dir, names[i]);
		tree = NULL;
		/* The stamp before the text: a file changed meanwhile has
		 * a newer one, and is then compared byte for byte. */
		if (datafile_stamp(path, &st) != 0)
			memset(&st, 0, sizeof(st));
		/* Only rules that load cleanly are compiled. */
		if ((data = datafile_read(path, RULES_MAX_FILE, NULL, "rule file",
		    NULL, &len, dl)) == NULL ||
		    rules_yaml_tree(rs, path, data, len, &tree, dl) != 0 ||
		    (tree != NULL && rules_schema_file(rs, path, tree, dl) != 0))
			rc = -1;
		else {
			put_str(&b, names[i], strlen(names[i]));
			put_u64(&b, st.size);
			put_u64(&b, (unsigned long long)st.mtime_s);
			put_u32(&b, (size_t)st.mtime_ns);
			put_str(&b, data, len);
			put_u8(&b, tree != NULL);
			if (tree != NULL) {
				put_node(&b, tree);
				count(tree, &nodes, &slots);
			}
		}
		free(data);
		free(path);
	}
	if (rc == 0) {
		uint32_t	u[2] = { (uint32_t)nodes, (uint32_t)slots };

		memcpy(b.s + counts, u, sizeof(u));
		rc = datafile_write(out, b.s, b.len, dl);
	}
	if (n_rules_r != NULL)
		*n_rules_r = rules_count(rs);
	strbuf_free(&b);
	datafile_free_list(names, n);
	rules_free(&rs);
	return rc;
}

/* ---- reading ------------------------------------------------------ */

struct rd {
	const unsigned char	*p, *end;
	struct rnode		*node;		/* the next free node */
	struct rnode		*node_end;
	struct rnode		**slot;		/* the next free child slot */
	struct rnode		**slot_end;
	bool			 bad;
};

static unsigned
get_u8(struct rd *r)
{
	if (r->bad || r->p >= r->end) {
		r->bad = true;
		return 0;
	}
	return *r->p++;
}

/* get_raw - the next n bytes into out (zeros, r->bad, past the end) */
static void
get_raw(struct rd *r, void *out, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = true;
		memset(out, 0, n);
		return;
	}
	memcpy(out, r->p, n);
	r->p += n;
}

static uint32_t
get_u32(struct rd *r)
{
	uint32_t	v;

	get_raw(r, &v, sizeof(v));
	return v;
}

static unsigned long long
get_u64(struct rd *r)
{
	uint64_t	v;

	get_raw(r, &v, sizeof(v));
	return v;
}

/* get_str - a NUL-terminated string inside the cache, and its length */
static const char *
get_str(struct rd *r, size_t *len_r)
{
	size_t		 len = get_u32(r);
	const char	*s = (const char *)r->p;

	if (r->bad || (size_t)(r->end - r->p) <= len || s[len] != '\0') {
		r->bad = true;
		*len_r = 0;
		return "";
	}
	r->p += len + 1;
	*len_r = len;
	return s;
}

/* slots - k zeroed child slots from the array, or NULL (r->bad) */
static struct rnode **
slots(struct rd *r, size_t k)
{
	struct rnode	**v = r->slot;

	if ((size_t)(r->slot_end - r->slot) < k) {
		r->bad = true;
		return NULL;
	}
	r->slot += k;
	memset(v, 0, k * sizeof(*v));
	return v;
}

static struct rnode *
get_node(struct rd *r, unsigned depth)
{
	struct rnode	*n;
	size_t		 len, i, count;

	/* Each node: 1 + 1 + 4 + 4 bytes, then 4 more at least. */
	if (r->bad || depth > RULES_MAX_DEPTH || r->node == r->node_end ||
	    (size_t)(r->end - r->p) < 14) {
		r->bad = true;
		return NULL;
	}
	n = r->node++;
	n->kind = (enum rnode_kind)r->p[0];
	n->plain = r->p[1] != 0;
	memcpy(&n->line, r->p + 2, sizeof(uint32_t));
	memcpy(&n->col, r->p + 6, sizeof(uint32_t));
	r->p += 10;
	n->items = n->keys = NULL;
	n->n = 0;
	n->value = NULL;
	if (n->kind == RN_SCALAR) {
		/* A NUL inside only shortens the text, as a C string. */
		n->value = get_str(r, &len);
		return r->bad ? NULL : n;
	}
	count = get_u32(r);
	/* Each node takes at least 14 bytes: a count past that is a lie. */
	if (r->bad || (n->kind != RN_SEQ && n->kind != RN_MAP) ||
	    count > (size_t)(r->end - r->p) / 14) {
		r->bad = true;
		return NULL;
	}
	n->n = count;
	if ((n->items = slots(r, count + 1)) == NULL ||
	    (n->kind == RN_MAP && (n->keys = slots(r, count + 1)) == NULL))
		return NULL;
	for (i = 0; i < count && !r->bad; i++) {
		if (n->kind == RN_MAP &&
		    ((n->keys[i] = get_node(r, depth + 1)) == NULL ||
		    n->keys[i]->kind != RN_SCALAR)) {
			r->bad = true;
			break;
		}
		n->items[i] = get_node(r, depth + 1);
	}
	return r->bad ? NULL : n;
}

/* same_file - is dir/name the file compiled: the stamp, else the text? */
static bool
same_file(const char *dir, const char *name, unsigned long long size,
    long long mtime_s, long mtime_ns, const char *text, size_t len)
{
	struct datafile_stamp	 st;
	struct diag_list	 dl;
	char			*path = datafile_path(dir, name), *data;
	size_t			 dlen;
	bool			 same;

	if (datafile_stamp(path, &st) == 0 && st.size == size &&
	    st.mtime_s == mtime_s && st.mtime_ns == mtime_ns &&
	    size == len) {
		free(path);
		return true;
	}
	/* Touched, copied or installed: the text decides.  A file that
	 * cannot be read is not the one compiled (rules_load_dir says
	 * why when it reads the YAML). */
	diag_init(&dl);
	data = datafile_read(path, RULES_MAX_FILE, NULL, "rule file", NULL,
	    &dlen, &dl);
	same = data != NULL && dlen == len && memcmp(data, text, len) == 0;
	free(data);
	diag_free(&dl);
	free(path);
	return same;
}

int
rules_cache_load(struct ruleset *rs, const char *dir, char *const *names,
    size_t n, struct diag_list *dl, int *rc_r)
{
	unsigned long long	 size, mtime_s;
	unsigned		 mtime_ns;
	struct rnode	**trees, *nodes_v = NULL, **slots_v = NULL;
	struct rd	  r;
	const char	 *s;
	char		 *path, *buf;
	size_t		  blen, slen, i, nodes, nslots;
	int		  ok;
	bool		  missing;

	/* Absent: read the YAML; there but unreadable (a FIFO, a
	 * directory, too large): an error, so that it gets fixed. */
	path = datafile_path(dir, RULES_CACHE_NAME);
	buf = datafile_read(path, CACHE_MAX_SIZE, rs->arena, "rules cache",
	    &missing, &blen, dl);
	free(path);
	if (buf == NULL) {
		if (missing)
			return 0;
		*rc_r = -1;
		return 1;
	}
	memset(&r, 0, sizeof(r));
	r.p = (const unsigned char *)buf;
	r.end = r.p + blen;
	trees = xcalloc(n + 1, sizeof(*trees));
	ok = blen >= 4 && memcmp(buf, CACHE_MAGIC, 4) == 0;
	if (ok)
		r.p += 4;
	ok = ok && get_u32(&r) == CACHE_BOM && get_u32(&r) == CACHE_FORMAT;
	s = get_str(&r, &slen);
	ok = ok && slen == strlen(PACKAGE_VERSION) &&
	    memcmp(s, PACKAGE_VERSION, slen) == 0 && get_u32(&r) == n;
	nodes = get_u32(&r);
	nslots = get_u32(&r);
	/* A node takes 14 bytes of the cache at least; a container
	 * takes a slot per child, and one (two for a mapping) more. */
	ok = ok && !r.bad && nodes <= RULES_MAX_NODES &&
	    nodes <= blen / 14 && nslots <= 3 * nodes;
	/* The trees only feed the schema checks: scratch memory.  Their
	 * scalars point into buf, which the rules keep. */
	if (ok) {
		r.node = nodes_v = xmalloc((nodes + 1) * sizeof(*nodes_v));
		r.node_end = r.node + nodes;
		r.slot = slots_v = xmalloc((nslots + 1) * sizeof(*slots_v));
		r.slot_end = r.slot + nslots;
	}
	for (i = 0; ok && i < n; i++) {
		s = get_str(&r, &slen);
		ok = slen == strlen(names[i]) && memcmp(s, names[i], slen) == 0;
		size = get_u64(&r);
		mtime_s = get_u64(&r);
		mtime_ns = get_u32(&r);
		s = get_str(&r, &slen);
		ok = ok && !r.bad && same_file(dir, names[i], size,
		    (long long)mtime_s, (long)mtime_ns, s, slen);
		if (ok && get_u8(&r) != 0)
			ok = (trees[i] = get_node(&r, 0)) != NULL;
		ok = ok && !r.bad;
	}
	ok = ok && r.p == r.end;
	if (ok) {
		*rc_r = 0;
		for (i = 0; i < n; i++) {
			char	*file = datafile_path(dir, names[i]);

			if (trees[i] != NULL && rules_schema_file(rs,
			    arena_strdup(rs->arena, file), trees[i], dl) != 0)
				*rc_r = -1;
			free(file);
		}
	}
	free(trees);
	free(nodes_v);
	free(slots_v);
	return ok ? 1 : 0;
}
