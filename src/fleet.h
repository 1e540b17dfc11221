/* SPDX-License-Identifier: MIT */
/*
 * fleet - --fleet: many host snapshots in one run.
 *
 * fleet_find_hosts() turns the PATH arguments into hosts: a PATH holding
 * etc/postfix or etc/dovecot is one snapshot (its last component names
 * the host), any other directory holds snapshots, one per subdirectory
 * (sorted by name; hidden entries and plain files are not hosts, a
 * symbolic link is a failed host: it is not followed).  Directories are
 * listed through fsroot, each PATH its own root.
 *
 * fleet_run() lints the hosts in worker processes forked after the rules
 * are loaded (they are shared copy-on-write): the parent hands out one
 * host at a time over a pipe, a worker answers with the host's record
 * (its report, as the lint callback wrote it) and its tally (counts,
 * rules, certificates).  Records are written to stdout in host order,
 * whatever -j is.  A worker that dies makes its host a failed host (the
 * signal or status is its error) and is replaced; the other hosts go on.
 * Every host's memory is freed before the next (arenas), so a worker's
 * peak is one host's; the parent keeps a few numbers per host.
 *
 * At the end the fleet summary: hosts by worst severity, the most common
 * findings with the number of hosts, the certificates that expire
 * soonest, the failed hosts; NDJSON (one {"type": "fleet"} line) or
 * text.  On a terminal, stderr shows a progress line (hosts done/total,
 * findings so far, ETA); nothing on a pipe.
 *
 * Layer 9 (the program), with main.c and cli.c: it calls main's lint
 * through a callback and forks; nothing below it knows about fleets.
 */
#ifndef MAILLINT_FLEET_H
#define MAILLINT_FLEET_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "fleet_sum.h"
#include "fsroot.h"

/* One host of the fleet. */
struct fleet_host {
	const char	*name;	/* the snapshot directory's name */
	const char	*root;	/* its path, as linted (--root) */
	const char	*error;	/* why it is not linted (a symlink), or NULL */
};

struct fleet_hosts {
	struct fleet_host	*v;
	size_t			 len;
	size_t			 cap;
	struct arena		*arena;
};

/*
 * fleet_find_hosts - the hosts of paths[0..n); -1 (a message on stderr)
 * when a PATH is not a directory or holds no snapshot
 */
int	fleet_find_hosts(char *const *paths, size_t n,
	    const struct fsroot_limits *lim, struct fleet_hosts *hs);
void	fleet_hosts_free(struct fleet_hosts *hs);

/*
 * fleet_lint_fn - lint one host: write its record to out (a text block or
 * one NDJSON line), fill the tally, return its exit status (0-3).
 */
typedef int (*fleet_lint_fn)(void *ctx, const struct fleet_host *h,
    FILE *out, struct fleet_tally *t);

struct fleet_opts {
	unsigned	 jobs;		/* workers (0: the number of cores) */
	bool		 json;		/* NDJSON summary (else text) */
	bool		 html;		/* one HTML document (records are JSON) */
	bool		 customer;	/* html: the customer report */
	bool		 progress;	/* the progress line on stderr */
};

/*
 * fleet_run - lint every host, write the records and the summary to
 * stdout.  The exit status: 3 when a host's lint failed internally (or
 * its worker died), else 2 when a host could not be read, else 1 when a
 * finding is at or above the threshold on any host, else 0.
 */
int	fleet_run(const struct fleet_opts *o, const struct fleet_hosts *hs,
	    fleet_lint_fn fn, void *ctx);
/* fleet_run's return in a worker process, once its work is done: the
 * caller frees what it holds and exits 0, writing nothing */
#define FLEET_WORKER	(-1)

#endif
