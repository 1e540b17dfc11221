/* SPDX-License-Identifier: MIT */
/*
 * fleet - --fleet: the worker processes and the order of the records
 * (fleet.h); the hosts are fleet_hosts.c's, the summary fleet_sum.c's.
 *
 * The parent talks to each worker over two pipes.  To a worker: a host's
 * index (4 bytes); closing that pipe tells it to exit.  From a worker, per
 * host: a header of three 32-bit numbers (host index, record length,
 * tally length), the record, the tally (fleet_sum.h).
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
#include "i18n.h"
#include "json.h"
#include "jsonread.h"
#include "report.h"
#include "strbuf.h"
#include "textesc.h"
#include "xmem.h"

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
	struct fleet_sum		*sum;
	/* progress */
	struct timespec			 start, last;
	bool				 shown;
	bool				 worker;	/* this process is a worker */
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
		const char		*text;
		size_t			 len = 0, tlen;
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
		text = fleet_tally_text(&t, st, &tlen);
		hdr[0] = idx;
		hdr[1] = (uint32_t)len;
		hdr[2] = (uint32_t)tlen;
		if (write_full(res, hdr, sizeof(hdr)) != 0 ||
		    write_full(res, buf, len) != 0 ||
		    write_full(res, text, tlen) != 0)
			_exit(3);
		free(buf);
		fleet_tally_free(&t);
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
		/* a worker lints like a single run: its heap on huge pages
		 * (the parent's stays on small ones: it only grows by its
		 * host list, and must stay flat in the number of hosts) */
		xmem_huge_heap((size_t)30 << 20);
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
	fleet_sum_failed(f->sum, idx, h->name, why, status);
	f->done++;
}

static void
emit_ready(struct fleet *f)
{
	if (f->o->html)
		return;		/* rendered at the end (html) */
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
	fputs("\r\033[K", stderr);
	fprintf(stderr, _("maillint: %zu/%zu hosts, %zu findings, ETA %.0f s"),
	    f->done, f->hs->len, fleet_sum_findings(f->sum), eta);
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
	st = fleet_sum_host(f->sum, hdr[0], f->hs->v[hdr[0]].name, tally);
	free(tally);
	(void)st;
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
	int		 status = 0;
	void		(*old_pipe)(int);

	memset(&f, 0, sizeof(f));
	f.o = o;
	f.hs = hs;
	f.fn = fn;
	f.ctx = ctx;
	f.sum = fleet_sum_new();
	f.n_w = n_jobs(o, hs->len);
	f.w = xcalloc(f.n_w, sizeof(*f.w));
	f.rec = xcalloc(hs->len + 1, sizeof(*f.rec));
	f.rec_len = xcalloc(hs->len + 1, sizeof(*f.rec_len));
	f.rec_ready = xcalloc(hs->len + 1, sizeof(*f.rec_ready));
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
	if (o->html)
		fleet_sum_html(f.sum, stdout, (const char *const *)f.rec,
		    f.rec_len, hs->len, o->customer);
	else
		fleet_sum_write(f.sum, stdout, o->json);
	status = fleet_sum_status(f.sum);
out:
	signal(SIGPIPE, old_pipe);
	for (i = 0; i < hs->len; i++)
		free(f.rec[i]);
	free(f.rec);
	free(f.rec_len);
	free(f.rec_ready);
	free(f.w);
	free(pfd);
	free(who);
	fleet_sum_free(&f.sum);
	/* each host's status already holds the threshold */
	return f.worker ? FLEET_WORKER : status;
}
