/*
 * tcpbench: a TCP round trip and a bulk transfer, for --veth against lo.
 *   tcpbench serve PORT N          accept N connections, one at a time:
 *                                  'r' echoes bytes, 'b' swallows them
 *   tcpbench rr ADDR PORT ROUNDS   one byte there and back ROUNDS times;
 *                                  prints the median round trip in µs
 *   tcpbench bulk ADDR PORT MIB    MIB MiB one way, until the server has
 *                                  them all; prints seconds and MiB/s
 * The client retries its connect for 10 s while the server starts.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static char buf[1 << 20];

int
main(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int one = 1, fd, c;

	if (argc < 3)
		return 2;
	if (!strcmp(argv[1], "serve")) {
		int n = argc > 3 ? atoi(argv[3]) : 1;

		sa.sin_port = htons(atoi(argv[2]));
		fd = socket(AF_INET, SOCK_STREAM, 0);
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, (void *)&sa, sizeof(sa)) < 0 || listen(fd, 4) < 0)
			return perror("tcpbench: listen"), 1;
		while (n-- > 0 && (c = accept(fd, NULL, NULL)) >= 0) {
			char m;
			ssize_t k;

			setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
			if (read(c, &m, 1) != 1)
				return 1;
			while ((k = read(c, buf, m == 'r' ? 1 : sizeof(buf))) > 0)
				if (m == 'r' && write(c, buf, 1) != 1)
					return 1;
			close(c);
		}
		return 0;
	}
	if (argc < 5)
		return 2;
	inet_pton(AF_INET, argv[2], &sa.sin_addr);
	sa.sin_port = htons(atoi(argv[3]));
	for (double end = now() + 10;;) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(fd, (void *)&sa, sizeof(sa)) == 0)
			break;
		close(fd);
		if (now() > end)
			return perror("tcpbench: connect"), 1;
		usleep(10000);
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (!strcmp(argv[1], "rr")) {
		int n = atoi(argv[4]);
		double *t = malloc(sizeof(double) * n);

		if (write(fd, "r", 1) != 1)
			return 1;
		for (int i = 0; i < n; i++) {
			double t0 = now();
			if (write(fd, "x", 1) != 1 || read(fd, buf, 1) != 1)
				return 1;
			t[i] = (now() - t0) * 1e6;
		}
		qsort(t, n, sizeof(double), cmp);
		printf("%.1f\n", t[n / 2]);
		return 0;
	}
	{
		long long left = atoll(argv[4]) << 20;
		double t0 = now(), s;

		if (write(fd, "b", 1) != 1)
			return 1;
		while (left > 0) {
			ssize_t k = write(fd, buf, left < (long long)sizeof(buf) ? (size_t)left : sizeof(buf));
			if (k <= 0)
				return 1;
			left -= k;
		}
		shutdown(fd, SHUT_WR);
		while (read(fd, buf, 1) > 0)	/* the server closes once it has it all */
			;
		s = now() - t0;
		printf("%.3f %.0f\n", s, atoll(argv[4]) / s);
	}
	return 0;
}
