/* SPDX-License-Identifier: MIT */
/*
 * fleet - --fleet: host discovery, the worker processes, the summary
 * (fleet.h).
 *
 * The parent talks to each worker over two pipes.  To a worker: a host's
 * index (4 bytes); closing that pipe tells it to exit.  From a worker, per
 * host: a header of three 32-bit numbers (host index, record length,
 * tally length), the record, the tally.  The tally is text, one item a
 * line: "N errors warnings infos", "R severity rule", "C days<TAB>
 * not_after<TAB>file<TAB>subject", "E message" (tabs and newlines in
 * the fields are made spaces).
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "fleet.h"
#include "hmap.h"
#include "json.h"
#include "strbuf.h"
#include "textesc.h"
#include "xmem.h"

#define FLEET_TOP_RULES	20	/* most common findings in the summary */
#define FLEET_TOP_CERTS	20	/* soonest expiring certificates */
#define FLEET_MAX_HOSTS	1000000

struct fleet_tally {
	struct strbuf	 sb;
	struct hmap	 seen;	/* rule -> worst severity + 1 (as a pointer) */
	bool		 has_error;
};

/* ---- discovery ---- */

static const char *
base_name(struct arena *a, const char *path)
{
	size_t		 n = strlen(path), s;

	while (n > 1 && path[n - 1] == '/')
		n--;
	for (s = n; s > 0 && path[s - 1] != '/'; s--)
		continue;
	return arena_strndup(a, path + s, n - s);
}

static void
add_host(struct fleet_hosts *hs, const char *name, const char *root,
    const char *error)
{
	VEC_GROW(hs->v, hs->len, hs->cap);
	hs->v[hs->len].name = name;
	hs->v[hs->len].root = root;
	hs->v[hs->len].error = error;
	hs->len++;
}

static bool
is_snapshot(struct fsroot *fr)
{
	return fsroot_is_dir(fr, "/etc/postfix") ||
	    fsroot_is_dir(fr, "/etc/dovecot");
}

int
fleet_find_hosts(char *const *paths, size_t n,
    const struct fsroot_limits *lim, struct fleet_hosts *hs)
{
	struct fsroot_limits	 l = *lim;
	size_t			 i, k, found;
	int			 rc = 0;

	memset(hs, 0, sizeof(*hs));
	hs->arena = arena_new();
	/* A fleet directory lists many hosts: the glob budget is for them. */
	if (l.max_files < FLEET_MAX_HOSTS / 50)
		l.max_files = FLEET_MAX_HOSTS / 50;
	for (i = 0; i < n && rc == 0; i++) {
		struct fsroot	*fr;
		const char	*err, **names;
		int		 m;

		if (fsroot_new(paths[i], &l, &fr, &err) != 0) {
			fprintf(stderr, "maillint: --fleet ");
			textesc_put(stderr, paths[i]);
			fprintf(stderr, ": %s\n", err);
			rc = -1;
			break;
		}
		if (is_snapshot(fr)) {
			add_host(hs, base_name(hs->arena, paths[i]),
			    arena_strdup(hs->arena, paths[i]), NULL);
			fsroot_free(&fr);
			continue;
		}
		if ((m = fsroot_glob(fr, "/", "*", &names, &err)) < 0) {
			fprintf(stderr, "maillint: --fleet ");
			textesc_put(stderr, paths[i]);
			fprintf(stderr, ": %s\n", err);
			fsroot_free(&fr);
			rc = -1;
			break;
		}
		for (k = 0, found = 0; k < (size_t)m; k++) {
			const char	*name = names[k] + 1;	/* "/name" */
			const char	*root;

			if (fsroot_link_target(fr, names[k]) != NULL) {
				found++;
				add_host(hs, arena_strdup(hs->arena, name),
				    arena_cat(hs->arena, paths[i], "/", name,
				    (char *)NULL), "a symbolic link: a fleet's "
				    "hosts are directories, links are not "
				    "followed");
				continue;
			}
			if (!fsroot_is_dir(fr, names[k]))
				continue;
			root = arena_cat(hs->arena, paths[i],
			    paths[i][strlen(paths[i]) - 1] == '/' ? "" : "/",
			    name, (char *)NULL);
			add_host(hs, arena_strdup(hs->arena, name), root, NULL);
			found++;
		}
		fsroot_free(&fr);
		if (found == 0) {
			fprintf(stderr, "maillint: --fleet ");
			textesc_put(stderr, paths[i]);
			fprintf(stderr, ": no host snapshot (neither etc/postfix "
			    "nor etc/dovecot, nor subdirectories)\n");
			rc = -1;
		}
		if (hs->len > FLEET_MAX_HOSTS) {
			fprintf(stderr, "maillint: --fleet: more than %d "
			    "hosts\n", FLEET_MAX_HOSTS);
			rc = -1;
		}
	}
	return rc;
}

void
fleet_hosts_free(struct fleet_hosts *hs)
{
	free(hs->v);
	arena_free(&hs->arena);
	memset(hs, 0, sizeof(*hs));
}

/* ---- the tally (worker side) ---- */

/* put_field - s with tabs and line ends made spaces */
static void
put_field(struct strbuf *sb, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		strbuf_addc(sb, *s == '\t' || *s == '\n' || *s == '\r' ?
		    ' ' : *s);
}

void
fleet_tally_counts(struct fleet_tally *t, unsigned n_error,
    unsigned n_warning, unsigned n_info)
{
	strbuf_printf(&t->sb, "N %u %u %u\n", n_error, n_warning, n_info);
}

void
fleet_tally_rule(struct fleet_tally *t, const char *rule, enum sev sev)
{
	uintptr_t	 old = (uintptr_t)hmap_get(&t->seen, rule);

	if (old == 0)
		hmap_put(&t->seen, rule, (void *)(uintptr_t)(sev + 1));
	else if (old < (uintptr_t)sev + 1)
		hmap_put(&t->seen, rule, (void *)(uintptr_t)(sev + 1));
}

void
fleet_tally_cert(struct fleet_tally *t, const char *file,
    const char *subject, const char *not_after, long long days_left)
{
	strbuf_printf(&t->sb, "C %lld\t", days_left);
	put_field(&t->sb, not_after);
	strbuf_addc(&t->sb, '\t');
	put_field(&t->sb, file);
	strbuf_addc(&t->sb, '\t');
	put_field(&t->sb, subject);
	strbuf_addc(&t->sb, '\n');
}

void
fleet_tally_error(struct fleet_tally *t, const char *msg)
{
	if (t->has_error)
		return;
	t->has_error = true;
	strbuf_adds(&t->sb, "E ");
	put_field(&t->sb, msg);
	strbuf_addc(&t->sb, '\n');
}

/* tally_rules - the rules seen, into the text (the map has no order: the
 * parent's summary sorts) */
static void
tally_rules(struct fleet_tally *t)
{
	size_t	i;

	for (i = 0; i < t->seen.cap; i++)
		if (t->seen.slots[i].key != NULL)
			strbuf_printf(&t->sb, "R %u %s\n",
			    (unsigned)((uintptr_t)t->seen.slots[i].val - 1),
			    t->seen.slots[i].key);
}

/* ---- pipes ---- */

static int
write_full(int fd, const void *p, size_t n)
{
	const char	*c = p;
	ssize_t		 w;

	while (n > 0) {
		if ((w = write(fd, c, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* read_full - 1 when n bytes were read, 0 at end of file first, -1 */
static int
read_full(int fd, void *p, size_t n)
{
	char	*c = p;
	ssize_t	 r;
	size_t	 got = 0;

	while (got < n) {
		if ((r = read(fd, c + got, n - got)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			return got == 0 ? 0 : -1;
		got += (size_t)r;
	}
	return 1;
}

/* ---- workers ---- */

struct worker {
	pid_t		 pid;
	int		 cmd;	/* parent writes host indexes */
	int		 res;	/* parent reads frames */
	long		 host;	/* the host it works on, or -1 */
	bool		 alive;
};

struct fleet {
	const struct fleet_opts		*o;
	const struct fleet_hosts	*hs;
	fleet_lint_fn			 fn;
	void				*ctx;
	struct worker			*w;
	unsigned			 n_w;
	size_t				 next;		/* next host to hand out */
	size_t				 done;
	size_t				 emitted;	/* records written, in order */
	char				**rec;		/* finished, not yet written */
	size_t				*rec_len;
	bool				*rec_ready;
	/* the summary */
	size_t				 worst[5];	/* clean, info, warning, error, failed */
	size_t				 findings[3];
	int				 status;
	struct hmap			 rules;		/* rule -> struct rule_count */
	struct arena			*arena;
	struct cert_row			*certs;
	size_t				 n_certs;
	struct failed_row		*failed;
	size_t				 n_failed, cap_failed;
	/* progress */
	struct timespec			 start, last;
	bool				 shown;
	bool				 worker;	/* this process is a worker */
};

struct rule_count {
	const char	*rule;
	size_t		 hosts;
	unsigned	 sev;	/* the worst seen */
};

struct cert_row {
	long long	 days;
	const char	*host, *not_after, *file, *subject;
};

struct failed_row {
	size_t		 idx;	/* host order */
	const char	*host;
	const char	*error;
};

/* worker_main - lint the hosts the parent names until it closes the pipe */
static int
worker_main(struct fleet *f, int cmd, int res)
{
	const char	*crash_host = getenv("MAILLINT_TEST_FLEET_ABORT");
	uint32_t	 idx, hdr[3];

	while (read_full(cmd, &idx, sizeof(idx)) == 1) {
		struct fleet_tally	 t;
		char			*buf = NULL;
		size_t			 len = 0;
		FILE			*out;
		int			 st;

		if (idx >= f->hs->len)
			_exit(3);
		memset(&t, 0, sizeof(t));
		if ((out = open_memstream(&buf, &len)) == NULL)
			_exit(3);
		/* The test suite's way to make a worker die on one host
		 * (tests/fleet.sh): the others must go on. */
		if (crash_host != NULL &&
		    strcmp(crash_host, f->hs->v[idx].name) == 0)
			abort();
		st = f->fn(f->ctx, &f->hs->v[idx], out, &t);
		if (fclose(out) != 0)
			_exit(3);
		tally_rules(&t);
		strbuf_printf(&t.sb, "S %d\n", st);
		hdr[0] = idx;
		hdr[1] = (uint32_t)len;
		hdr[2] = (uint32_t)t.sb.len;
		if (write_full(res, hdr, sizeof(hdr)) != 0 ||
		    write_full(res, buf, len) != 0 ||
		    write_full(res, strbuf_cstr(&t.sb), t.sb.len) != 0)
			_exit(3);
		free(buf);
		strbuf_free(&t.sb);
		hmap_free(&t.seen);
	}
	return 0;
}

/* spawn - start worker k: 0 in the parent, -1 when it could not, 1 in
 * the worker once its work is done (it unwinds and exits normally, so
 * that what it inherited is freed like the parent's) */
static int
spawn(struct fleet *f, unsigned k)
{
	int	cmd[2], res[2];
	pid_t	pid;
	unsigned i;

	if (pipe(cmd) != 0)
		return -1;
	if (pipe(res) != 0) {
		close(cmd[0]);
		close(cmd[1]);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0) {
		close(cmd[0]);
		close(cmd[1]);
		close(res[0]);
		close(res[1]);
		return -1;
	}
	if (pid == 0) {
		/* The other workers' pipes are the parent's business: a
		 * copy held here would keep them from seeing the end. */
		for (i = 0; i < f->n_w; i++)
			if (f->w[i].alive && i != k) {
				if (f->w[i].cmd >= 0)
					close(f->w[i].cmd);
				close(f->w[i].res);
				f->w[i].alive = false;
			}
		close(cmd[1]);
		close(res[0]);
		signal(SIGPIPE, SIG_DFL);
		worker_main(f, cmd[0], res[1]);
		close(cmd[0]);
		close(res[1]);
		f->w[k].alive = false;
		f->worker = true;
		return 1;
	}
	close(cmd[0]);
	close(res[1]);
	f->w[k].pid = pid;
	f->w[k].cmd = cmd[1];
	f->w[k].res = res[0];
	f->w[k].host = -1;
	f->w[k].alive = true;
	return 0;
}

/* hand_out - the next host to worker k, or tell it to stop */
static void
hand_out(struct fleet *f, unsigned k)
{
	uint32_t	idx;

	/* hosts failed up front (a symlink) are not handed out */
	while (f->next < f->hs->len && f->hs->v[f->next].error != NULL)
		f->next++;
	if (f->next >= f->hs->len) {
		close(f->w[k].cmd);
		f->w[k].cmd = -1;
		f->w[k].host = -1;
		return;
	}
	idx = (uint32_t)f->next++;
	f->w[k].host = (long)idx;
	if (write_full(f->w[k].cmd, &idx, sizeof(idx)) != 0) {
		/* it died: its result pipe says so next */
		close(f->w[k].cmd);
		f->w[k].cmd = -1;
	}
}

/* ---- the summary (parent side) ---- */

static void
add_failed(struct fleet *f, size_t idx, const char *error)
{
	VEC_GROW(f->failed, f->n_failed, f->cap_failed);
	f->failed[f->n_failed].idx = idx;
	f->failed[f->n_failed].host = f->hs->v[idx].name;
	f->failed[f->n_failed].error = arena_strdup(f->arena, error);
	f->n_failed++;
}

static void
add_cert(struct fleet *f, const char *host, char *line)
{
	struct cert_row	 r;
	char		*tab[3];
	size_t		 i, k;

	r.days = strtoll(line, &line, 10);
	for (k = 0; k < 3; k++) {
		if ((tab[k] = strchr(line, '\t')) == NULL)
			return;
		*tab[k] = '\0';
		line = tab[k] + 1;
	}
	r.host = host;
	r.not_after = tab[0] + 1;
	r.file = tab[1] + 1;
	r.subject = tab[2] + 1;
	/* keep the FLEET_TOP_CERTS soonest, in order (ties: host order) */
	for (i = f->n_certs; i > 0 && f->certs[i - 1].days > r.days; i--)
		continue;
	if (i >= FLEET_TOP_CERTS)
		return;
	if (f->n_certs < FLEET_TOP_CERTS)
		f->n_certs++;
	memmove(&f->certs[i + 1], &f->certs[i],
	    (f->n_certs - 1 - i) * sizeof(*f->certs));
	r.not_after = arena_strdup(f->arena, r.not_after);
	r.file = arena_strdup(f->arena, r.file);
	r.subject = arena_strdup(f->arena, r.subject);
	f->certs[i] = r;
}

/* take_tally - one host's tally into the summary; its exit status */
static int
take_tally(struct fleet *f, const struct fleet_host *h, char *t)
{
	unsigned	 n[3] = { 0, 0, 0 }, sev;
	int		 st = 3;
	const char	*error = NULL;
	char		*line, *nl;
	struct rule_count *rc;

	for (line = t; *line != '\0'; line = nl + 1) {
		if ((nl = strchr(line, '\n')) == NULL)
			break;
		*nl = '\0';
		if (line[0] == '\0' || line[1] != ' ')
			continue;
		switch (line[0]) {
		case 'N':
			sscanf(line + 2, "%u %u %u", &n[2], &n[1], &n[0]);
			break;
		case 'R':
			sev = (unsigned)strtoul(line + 2, &line, 10);
			if (*line != ' ' || sev > 2)
				break;
			line++;
			if ((rc = hmap_get(&f->rules, line)) == NULL) {
				rc = arena_alloc(f->arena, sizeof(*rc));
				rc->rule = arena_strdup(f->arena, line);
				hmap_put(&f->rules, rc->rule, rc);
			}
			rc->hosts++;
			if (sev > rc->sev)
				rc->sev = sev;
			break;
		case 'C':
			add_cert(f, h->name, line + 2);
			break;
		case 'E':
			error = line + 2;
			break;
		case 'S':
			st = atoi(line + 2);
			break;
		default:
			break;
		}
	}
	f->findings[0] += n[0];
	f->findings[1] += n[1];
	f->findings[2] += n[2];
	if (st >= 2) {
		f->worst[4]++;
		add_failed(f, (size_t)(h - f->hs->v), error != NULL ? error :
		    st == 3 ? "internal error" : "could not be read");
	} else if (n[2] > 0)
		f->worst[3]++;
	else if (n[1] > 0)
		f->worst[2]++;
	else if (n[0] > 0)
		f->worst[1]++;
	else
		f->worst[0]++;
	return st;
}

static void
merge_status(struct fleet *f, int st)
{
	/* 3 over 2 over 1 over 0 */
	if (st > f->status)
		f->status = st;
}

/* a failed host's record when the worker could not write one */
static void
failed_record(struct fleet *f, size_t idx, const char *why, int status)
{
	const struct fleet_host	*h = &f->hs->v[idx];
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*out = open_memstream(&buf, &len);
	struct json		 j;

	if (out == NULL)
		return;
	if (f->o->json) {
		json_init(&j, out, false);
		json_obj_begin(&j);
		json_kv_str(&j, "type", "host");
		json_kv_str(&j, "host", h->name);
		json_kv_str(&j, "path", h->root);
		json_kv_int(&j, "status", status);
		json_kv_str(&j, "error", why);
		json_key(&j, "findings");
		json_arr_begin(&j);
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	} else {
		textesc_put(out, h->name);
		fputs(": failed: ", out);
		textesc_put(out, why);
		fputc('\n', out);
	}
	fclose(out);
	f->rec[idx] = buf;
	f->rec_len[idx] = len;
	f->rec_ready[idx] = true;
	f->worst[4]++;
	add_failed(f, idx, why);
	merge_status(f, status);
	f->done++;
}

static void
emit_ready(struct fleet *f)
{
	while (f->emitted < f->hs->len && f->rec_ready[f->emitted]) {
		fwrite(f->rec[f->emitted], 1, f->rec_len[f->emitted], stdout);
		free(f->rec[f->emitted]);
		f->rec[f->emitted] = NULL;
		f->emitted++;
	}
}

static double
seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void
progress(struct fleet *f, bool last)
{
	struct timespec	 now;
	double		 el, eta;

	if (!f->o->progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	/* at once, then ten times a second at most */
	if (!last && f->shown && seconds(&f->last, &now) < 0.1)
		return;
	f->shown = true;
	f->last = now;
	if (last) {
		fputs("\r\033[K", stderr);
		return;
	}
	el = seconds(&f->start, &now);
	eta = f->done > 0 ? el / (double)f->done *
	    (double)(f->hs->len - f->done) : 0;
	fprintf(stderr, "\r\033[Kmaillint: %zu/%zu hosts, %zu findings, "
	    "ETA %.0f s", f->done, f->hs->len, f->findings[0] +
	    f->findings[1] + f->findings[2], eta);
}

/* collect - one frame from worker k; false when the worker is gone */
static bool
collect(struct fleet *f, unsigned k)
{
	struct worker	*w = &f->w[k];
	uint32_t	 hdr[3];
	char		*rec = NULL, *tally = NULL;
	int		 st, r;

	r = read_full(w->res, hdr, sizeof(hdr));
	if (r == 1 && (hdr[0] != (uint32_t)w->host || hdr[1] > (1u << 30) ||
	    hdr[2] > (1u << 30)))
		r = -1;
	if (r == 1) {
		rec = xmalloc((size_t)hdr[1] + 1);
		tally = xmalloc((size_t)hdr[2] + 1);
		if (read_full(w->res, rec, hdr[1]) != 1 && hdr[1] > 0)
			r = -1;
		else if (read_full(w->res, tally, hdr[2]) != 1 && hdr[2] > 0)
			r = -1;
	}
	if (r != 1) {
		free(rec);
		free(tally);
		return false;
	}
	tally[hdr[2]] = '\0';
	st = take_tally(f, &f->hs->v[hdr[0]], tally);
	free(tally);
	merge_status(f, st);
	f->rec[hdr[0]] = rec;
	f->rec_len[hdr[0]] = hdr[1];
	f->rec_ready[hdr[0]] = true;
	f->done++;
	hand_out(f, k);
	return true;
}

/* reap - worker k is gone: its host (if any) failed; true to replace it */
static bool
reap(struct fleet *f, unsigned k)
{
	struct worker	*w = &f->w[k];
	char		 why[128];
	int		 ws = 0;

	if (w->cmd >= 0)
		close(w->cmd);
	close(w->res);
	w->alive = false;
	while (waitpid(w->pid, &ws, 0) < 0 && errno == EINTR)
		continue;
	if (w->host < 0)
		return false;
	if (WIFSIGNALED(ws))
		snprintf(why, sizeof(why), "the lint of this host stopped "
		    "(signal %d); the other hosts went on", WTERMSIG(ws));
	else
		snprintf(why, sizeof(why), "the lint of this host stopped "
		    "(exit %d); the other hosts went on",
		    WIFEXITED(ws) ? WEXITSTATUS(ws) : -1);
	failed_record(f, (size_t)w->host, why, 3);
	w->host = -1;
	return f->next < f->hs->len;
}

static int
cmp_rules(const void *a, const void *b)
{
	const struct rule_count	*x = *(const struct rule_count *const *)a;
	const struct rule_count	*y = *(const struct rule_count *const *)b;

	if (x->hosts != y->hosts)
		return x->hosts > y->hosts ? -1 : 1;
	if (x->sev != y->sev)
		return x->sev > y->sev ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

static int
cmp_failed(const void *a, const void *b)
{
	const struct failed_row	*x = a, *y = b;

	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static const char *const worst_names[5] = {
	"clean", "info", "warning", "error", "failed"
};

static void
summary_json(struct fleet *f, struct rule_count **top, size_t n_top)
{
	struct json	j;
	size_t		i;

	json_init(&j, stdout, false);
	json_obj_begin(&j);
	json_kv_str(&j, "type", "fleet");
	json_kv_str(&j, "tool", "maillint");
	json_kv_str(&j, "version", PACKAGE_VERSION);
	json_kv_int(&j, "hosts", (long long)f->hs->len);
	json_key(&j, "worst");
	json_obj_begin(&j);
	for (i = 5; i-- > 0;)
		json_kv_int(&j, worst_names[i], (long long)f->worst[i]);
	json_obj_end(&j);
	json_key(&j, "findings");
	json_obj_begin(&j);
	json_kv_int(&j, "error", (long long)f->findings[2]);
	json_kv_int(&j, "warning", (long long)f->findings[1]);
	json_kv_int(&j, "info", (long long)f->findings[0]);
	json_obj_end(&j);
	json_key(&j, "top_findings");
	json_arr_begin(&j);
	for (i = 0; i < n_top; i++) {
		json_obj_begin(&j);
		json_kv_str(&j, "rule", top[i]->rule);
		json_kv_str(&j, "severity", sev_name((enum sev)top[i]->sev));
		json_kv_int(&j, "hosts", (long long)top[i]->hosts);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "expiring_certificates");
	json_arr_begin(&j);
	for (i = 0; i < f->n_certs; i++) {
		json_obj_begin(&j);
		json_kv_str(&j, "host", f->certs[i].host);
		json_kv_str(&j, "file", f->certs[i].file);
		json_kv_str(&j, "subject", f->certs[i].subject);
		json_kv_str(&j, "not_after", f->certs[i].not_after);
		json_kv_int(&j, "days_left", f->certs[i].days);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "failed");
	json_arr_begin(&j);
	for (i = 0; i < f->n_failed; i++) {
		json_obj_begin(&j);
		json_kv_str(&j, "host", f->failed[i].host);
		json_kv_str(&j, "error", f->failed[i].error);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_kv_int(&j, "status", f->status);
	json_obj_end(&j);
	json_end(&j);
}

static void
summary_text(struct fleet *f, struct rule_count **top, size_t n_top)
{
	size_t	i;

	printf("\nmaillint fleet: %zu host%s: %zu with errors, %zu with "
	    "warnings, %zu with info only, %zu clean, %zu failed\n",
	    f->hs->len, f->hs->len == 1 ? "" : "s", f->worst[3], f->worst[2],
	    f->worst[1], f->worst[0], f->worst[4]);
	printf("findings: %zu error%s, %zu warning%s, %zu info\n",
	    f->findings[2], f->findings[2] == 1 ? "" : "s", f->findings[1],
	    f->findings[1] == 1 ? "" : "s", f->findings[0]);
	if (n_top > 0) {
		printf("most common findings (hosts):\n");
		for (i = 0; i < n_top; i++)
			printf("  %6zu  %-7s  %s\n", top[i]->hosts,
			    sev_name((enum sev)top[i]->sev), top[i]->rule);
	}
	if (f->n_certs > 0) {
		printf("certificates expiring soonest:\n");
		for (i = 0; i < f->n_certs; i++) {
			printf("  %6lld days  %s  ", f->certs[i].days,
			    f->certs[i].not_after);
			textesc_put(stdout, f->certs[i].host);
			fputs("  ", stdout);
			textesc_put(stdout, f->certs[i].file);
			fputs("  ", stdout);
			textesc_put(stdout, f->certs[i].subject);
			fputc('\n', stdout);
		}
	}
	if (f->n_failed > 0) {
		printf("failed hosts:\n");
		for (i = 0; i < f->n_failed; i++) {
			fputs("  ", stdout);
			textesc_put(stdout, f->failed[i].host);
			fputs(": ", stdout);
			textesc_put(stdout, f->failed[i].error);
			fputc('\n', stdout);
		}
	}
}

static void
summary(struct fleet *f)
{
	struct rule_count	**all;
	size_t			  i, n = 0;

	all = xreallocarray(NULL, f->rules.len + 1, sizeof(*all));
	for (i = 0; i < f->rules.cap; i++)
		if (f->rules.slots[i].key != NULL)
			all[n++] = f->rules.slots[i].val;
	qsort(all, n, sizeof(*all), cmp_rules);
	if (f->n_failed > 1)
		qsort(f->failed, f->n_failed, sizeof(*f->failed), cmp_failed);
	if (n > FLEET_TOP_RULES)
		n = FLEET_TOP_RULES;
	if (f->o->json)
		summary_json(f, all, n);
	else
		summary_text(f, all, n);
	free(all);
}

static unsigned
n_jobs(const struct fleet_opts *o, size_t n_hosts)
{
	long		 c = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned	 j = o->jobs > 0 ? o->jobs : c > 0 ? (unsigned)c : 1;

	if (j > n_hosts)
		j = (unsigned)n_hosts;
	return j > 0 ? j : 1;
}

int
fleet_run(const struct fleet_opts *o, const struct fleet_hosts *hs,
    fleet_lint_fn fn, void *ctx)
{
	struct fleet	 f;
	struct pollfd	*pfd;
	unsigned	*who;
	unsigned	 k, np;
	size_t		 i;
	void		(*old_pipe)(int);

	memset(&f, 0, sizeof(f));
	f.o = o;
	f.hs = hs;
	f.fn = fn;
	f.ctx = ctx;
	f.arena = arena_new();
	f.n_w = n_jobs(o, hs->len);
	f.w = xcalloc(f.n_w, sizeof(*f.w));
	f.rec = xcalloc(hs->len + 1, sizeof(*f.rec));
	f.rec_len = xcalloc(hs->len + 1, sizeof(*f.rec_len));
	f.rec_ready = xcalloc(hs->len + 1, sizeof(*f.rec_ready));
	f.certs = xcalloc(FLEET_TOP_CERTS + 1, sizeof(*f.certs));
	pfd = xcalloc(f.n_w, sizeof(*pfd));
	who = xcalloc(f.n_w, sizeof(*who));
	clock_gettime(CLOCK_MONOTONIC, &f.start);
	f.last = f.start;
	old_pipe = signal(SIGPIPE, SIG_IGN);
	/* Hosts that are not linted at all (a symlink) fail up front. */
	for (i = 0; i < hs->len; i++)
		if (hs->v[i].error != NULL)
			failed_record(&f, i, hs->v[i].error, 2);
	for (k = 0; k < f.n_w; k++) {
		int	r = spawn(&f, k);

		if (r == 1)
			goto out;
		if (r != 0) {
			fprintf(stderr, "maillint: --fleet: cannot start a "
			    "worker: %s\n", strerror(errno));
			break;
		}
	}
	for (k = 0; k < f.n_w; k++)
		if (f.w[k].alive)
			hand_out(&f, k);
	while (f.done < hs->len) {
		for (np = 0, k = 0; k < f.n_w; k++)
			if (f.w[k].alive) {
				pfd[np].fd = f.w[k].res;
				pfd[np].events = POLLIN;
				pfd[np].revents = 0;
				who[np++] = k;
			}
		if (np == 0) {
			/* no worker could be started (or restarted) */
			for (; f.next < hs->len; f.next++)
				if (hs->v[f.next].error == NULL)
					failed_record(&f, f.next, "no worker "
					    "process could be started", 3);
			break;
		}
		if (poll(pfd, np, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < np; i++) {
			if (pfd[i].revents == 0)
				continue;
			k = who[i];
			if (!collect(&f, k) && reap(&f, k)) {
				int	r = spawn(&f, k);

				if (r == 1)
					goto out;
				if (r == 0)
					hand_out(&f, k);
			}
		}
		emit_ready(&f);
		progress(&f, false);
	}
	emit_ready(&f);
	progress(&f, true);
	for (k = 0; k < f.n_w; k++)
		if (f.w[k].alive) {
			if (f.w[k].cmd >= 0)
				close(f.w[k].cmd);
			close(f.w[k].res);
			while (waitpid(f.w[k].pid, NULL, 0) < 0 &&
			    errno == EINTR)
				continue;
		}
	summary(&f);
out:
	signal(SIGPIPE, old_pipe);
	for (i = 0; i < hs->len; i++)
		free(f.rec[i]);
	free(f.rec);
	free(f.rec_len);
	free(f.rec_ready);
	free(f.certs);
	free(f.failed);
	free(f.w);
	free(pfd);
	free(who);
	hmap_free(&f.rules);
	arena_free(&f.arena);
	if (f.worker)
		return FLEET_WORKER;
	/* each host's status already holds the threshold */
	return f.status;
}
