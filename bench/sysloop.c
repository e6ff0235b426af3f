/*
 * sysloop: the cost of one system call, as the command of minit with and
 * without --seccomp (bench/seccomp.sh).
 *
 *   sysloop getppid|ioctl N
 *
 * Makes N calls, in 20 batches, and prints the median ns per call.
 * getppid needs no argument check: from 5.11 the kernel caches the
 * filter's allow and runs no BPF for it. ioctl(FIONREAD) on a pipe is
 * one of the two calls whose arguments the filter reads: it runs.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench.h"

int
main(int argc, char **argv)
{
	long long t[20], n, i, b;
	int io, p[2], v;

	if (argc != 3 || (n = atoll(argv[2]) / 20) <= 0)
		return fprintf(stderr, "usage: sysloop getppid|ioctl N\n"), 2;
	io = !strcmp(argv[1], "ioctl");
	if (pipe(p) < 0)
		return perror("pipe"), 1;
	for (b = 0; b < 20; b++) {
		long long t0 = now_ns();

		for (i = 0; i < n; i++)
			if (io)
				syscall(SYS_ioctl, p[0], FIONREAD, &v);
			else
				syscall(SYS_getppid);
		t[b] = now_ns() - t0;
	}
	qsort(t, 20, sizeof(t[0]), cmp);
	printf("%.1f\n", (double)t[10] / (double)n);
	return 0;
}
