/*
 * fwdlat: signal-forward latency of an init, from kill(2) on the init to
 * the child's handler running (probe sigecho stamps CLOCK_MONOTONIC).
 *
 *   fwdlat N PROBE INIT [ARG]...    (runs INIT ARG... PROBE sigecho 3)
 *
 * Prints: median_us p10_us p90_us.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"


static int
readn(int fd, void *buf, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = read(fd, (char *)buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int n, i, p[2], st;
	long long *lat;
	char **av, c;
	pid_t pid;

	if (argc < 4)
		return fprintf(stderr, "usage: fwdlat N PROBE INIT [ARG]...\n"), 2;
	n = atoi(argv[1]);
	lat = calloc((size_t)n, sizeof(*lat));
	av = calloc((size_t)argc + 3, sizeof(*av));
	for (i = 3; i < argc; i++)
		av[i - 3] = argv[i];
	av[i - 3] = argv[2];
	av[i - 2] = "sigecho";
	av[i - 1] = "3";
	if (pipe(p) < 0)
		return 2;
	if ((pid = fork()) == 0) {
		dup2(p[1], 3);
		execvp(av[0], av);
		_exit(127);
	}
	close(p[1]);
	if (readn(p[0], &c, 1) < 0)
		return fprintf(stderr, "fwdlat: %s did not start\n", av[0]), 1;
	for (i = 0; i < n; i++) {
		struct timespec gap = { 0, 2000000 };
		long long t0, t1;

		nanosleep(&gap, NULL);	/* let the init go back to sleep */
		t0 = now_ns();
		kill(pid, SIGUSR1);
		if (readn(p[0], &t1, sizeof(t1)) < 0)
			return fprintf(stderr, "fwdlat: no echo\n"), 1;
		lat[i] = t1 - t0;
	}
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	qsort(lat, (size_t)n, sizeof(*lat), cmp);
	printf("%.1f %.1f %.1f\n", lat[n / 2] / 1e3, lat[n / 10] / 1e3, lat[n * 9 / 10] / 1e3);
	return 0;
}
