/*
 * cgfloor: the kernel's own price for a run's cgroup — mkdir, write a
 * memory limit, rmdir — with nothing else around it. Without an argument
 * it does nothing, which is the baseline to subtract. With "attach", a
 * child is also moved in by pid (what v1 needs: no CLONE_INTO_CGROUP
 * there) and reaped before the rmdir.
 *
 *   cgfloor [DIR [attach]]
 *   cgfloor DIR|- clone CMD [ARG]...
 *
 * "clone" is the floor of a v2 launch with a limit: the group made and
 * limited, CMD started inside it by clone3 CLONE_INTO_CGROUP, waited
 * for, the group removed. With "-" for DIR, no group: the baseline.
 */
#include <fcntl.h>
#include <stdio.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char path[4096];
	int fd;

	if (argc < 2)
		return 0;
	if (argc > 3 && !strcmp(argv[2], "clone")) {
		uint64_t a[11] = { 0 };
		int dfd = -1, st;
		pid_t c;

		if (strcmp(argv[1], "-")) {
			if (mkdir(argv[1], 0755) < 0)
				return perror(argv[1]), 1;
			snprintf(path, sizeof(path), "%s/memory.max", argv[1]);
			if ((fd = open(path, O_WRONLY)) < 0 || write(fd, "67108864", 8) != 8)
				return perror(path), 1;
			close(fd);
			if ((dfd = open(argv[1], O_RDONLY | O_DIRECTORY)) < 0)
				return perror(argv[1]), 1;
			a[0] = 0x200000000ULL;	/* CLONE_INTO_CGROUP */
			a[10] = (uint64_t)dfd;
		}
		a[4] = SIGCHLD;
		if ((c = (pid_t)syscall(SYS_clone3, a, sizeof(a))) == 0) {
			execv(argv[3], argv + 3);
			_exit(127);
		}
		if (c < 0 || waitpid(c, &st, 0) < 0)
			return 1;
		if (dfd >= 0 && (close(dfd), rmdir(argv[1]) < 0))
			return perror(argv[1]), 1;
		return 0;
	}
	if (mkdir(argv[1], 0755) < 0)
		return perror(argv[1]), 1;
	snprintf(path, sizeof(path), "%s/memory.max", argv[1]);
	if ((fd = open(path, O_WRONLY)) < 0) {	/* v1 */
		snprintf(path, sizeof(path), "%s/memory.limit_in_bytes", argv[1]);
		fd = open(path, O_WRONLY);
	}
	if (fd < 0 || write(fd, "67108864", 8) != 8)
		return perror(path), 1;
	close(fd);
	if (argc > 2 && !strcmp(argv[2], "attach")) {
		char pid[16];
		int n, p[2];
		pid_t c;

		if (pipe(p) < 0 || (c = fork()) < 0)
			return 1;
		if (c == 0) {
			char b;

			close(p[1]);
			_exit(read(p[0], &b, 1) < 0);
		}
		close(p[0]);
		snprintf(path, sizeof(path), "%s/cgroup.procs", argv[1]);
		n = snprintf(pid, sizeof(pid), "%d", (int)c);
		if ((fd = open(path, O_WRONLY)) < 0 || write(fd, pid, (size_t)n) != n)
			return perror(path), 1;
		close(fd);
		close(p[1]);
		waitpid(c, NULL, 0);
	}
	if (rmdir(argv[1]) < 0)
		return perror(argv[1]), 1;
	return 0;
}
