/* SPDX-License-Identifier: MIT */
/*
 * walltime - run commands alternately and report each one's median wall
 * time and peak memory: the timer of bench/run.sh.
 *
 *   walltime RUNS WARMUP LABEL CMD [ARG...] -- LABEL CMD [ARG...] ...
 *
 * Each round runs every command once, in order (alternating, so that a
 * change in the machine's load touches all of them alike); WARMUP rounds
 * come first and are not counted.  A command's standard output and error
 * go to /dev/null.  For each command one line:
 *
 *   LABEL median_ms min_ms max_ms maxrss_kb exit_status
 *
 * Wall time is measured around fork/exec/wait with CLOCK_MONOTONIC; the
 * peak resident set size is the largest ru_maxrss of its runs.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CMDS	8
#define MAX_RUNS	1000

struct cmd {
	const char	*label;
	char		**argv;
	double		 ms[MAX_RUNS];
	long		 maxrss;
	int		 status;
};

static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
run(struct cmd *c, double *ms)
{
	struct rusage	ru;
	double		t0 = now_ms();
	pid_t		pid;
	int		st, fd;

	if ((pid = fork()) < 0) {
		perror("walltime: fork");
		exit(2);
	}
	if (pid == 0) {
		if ((fd = open("/dev/null", O_RDWR)) >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(c->argv[0], c->argv);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) < 0) {
		perror("walltime: wait4");
		exit(2);
	}
	*ms = now_ms() - t0;
	if (ru.ru_maxrss > c->maxrss)
		c->maxrss = ru.ru_maxrss;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int
dcmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	struct cmd	cmds[MAX_CMDS];
	int		runs, warm, n = 0, i, r;
	double		ms;

	if (argc < 5) {
		fprintf(stderr, "usage: walltime RUNS WARMUP LABEL CMD [ARG...] "
		    "[-- LABEL CMD [ARG...]]...\n");
		return 2;
	}
	runs = atoi(argv[1]);
	warm = atoi(argv[2]);
	if (runs < 1 || runs > MAX_RUNS || warm < 0) {
		fprintf(stderr, "walltime: RUNS 1..%d, WARMUP >= 0\n", MAX_RUNS);
		return 2;
	}
	for (i = 3; i < argc && n < MAX_CMDS; ) {
		memset(&cmds[n], 0, sizeof(cmds[n]));
		cmds[n].label = argv[i++];
		cmds[n].argv = &argv[i];
		while (i < argc && strcmp(argv[i], "--") != 0)
			i++;
		if (i < argc)
			argv[i++] = NULL;
		if (cmds[n].argv[0] == NULL) {
			fprintf(stderr, "walltime: %s: no command\n",
			    cmds[n].label);
			return 2;
		}
		n++;
	}
	for (r = 0; r < warm; r++)
		for (i = 0; i < n; i++)
			(void)run(&cmds[i], &ms);
	for (r = 0; r < runs; r++)
		for (i = 0; i < n; i++)
			cmds[i].status = run(&cmds[i], &cmds[i].ms[r]);
	for (i = 0; i < n; i++) {
		qsort(cmds[i].ms, (size_t)runs, sizeof(double), dcmp);
		printf("%s %.3f %.3f %.3f %ld %d\n", cmds[i].label,
		    runs % 2 ? cmds[i].ms[runs / 2] :
		    (cmds[i].ms[runs / 2 - 1] + cmds[i].ms[runs / 2]) / 2,
		    cmds[i].ms[0], cmds[i].ms[runs - 1], cmds[i].maxrss,
		    cmds[i].status);
	}
	return 0;
}
