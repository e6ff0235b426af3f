/*
 * cgfloor: the kernel's own price for a run's cgroup — mkdir, write a
 * memory limit, rmdir — with nothing else around it. Without an argument
 * it does nothing, which is the baseline to subtract. With "attach", a
 * child is also moved in by pid (what v1 needs: no CLONE_INTO_CGROUP
 * there) and reaped before the rmdir.
 *
 *   cgfloor [DIR [attach]]
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
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
