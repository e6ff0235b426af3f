/*
 * timeit: wall time of whole commands, the contenders interleaved
 * round-robin so that a noisy machine hurts them all alike.
 *
 *   timeit ROUNDS NAME CMD [ARG]... [:: NAME CMD [ARG]...]...
 *
 * Prints, per contender: NAME median_us p10_us p90_us failures.
 * A run whose exit status is not 0 counts as a failure.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define MAXC 16


int
main(int argc, char **argv)
{
	char *name[MAXC], **cmd[MAXC];
	long long *t[MAXC];
	int n = 0, rounds, i, r, fails[MAXC] = { 0 };

	if (argc < 4)
		return fprintf(stderr, "usage: timeit ROUNDS NAME CMD... [:: NAME CMD...]...\n"), 2;
	rounds = atoi(argv[1]);
	for (i = 2; i < argc && n < MAXC; ) {
		name[n] = argv[i];
		cmd[n] = argv + i + 1;
		while (i < argc && strcmp(argv[i], "::"))
			i++;
		if (i < argc)
			argv[i++] = NULL;
		t[n] = calloc((size_t)rounds, sizeof(long long));
		n++;
	}
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < n; i++) {
			long long t0 = now_ns();
			int st;
			pid_t p = fork();

			if (p == 0) {
				execvp(cmd[i][0], cmd[i]);
				_exit(127);
			}
			waitpid(p, &st, 0);
			t[i][r] = now_ns() - t0;
			if (!WIFEXITED(st) || WEXITSTATUS(st))
				fails[i]++;
		}
	}
	for (i = 0; i < n; i++) {
		qsort(t[i], (size_t)rounds, sizeof(long long), cmp);
		printf("%s %.1f %.1f %.1f %d\n", name[i], t[i][rounds / 2] / 1e3,
		    t[i][rounds / 10] / 1e3, t[i][rounds * 9 / 10] / 1e3, fails[i]);
	}
	return 0;
}
