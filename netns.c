/*
 * netns.c: --netns NAME, the sandbox's network namespace bound at
 * /run/netns/NAME for the run, the way iproute2's `ip netns add` makes
 * one: /run/netns a shared mount (so the bind reaches mount namespaces
 * made later, as `ip netns exec` makes them), the file created O_EXCL
 * (an existing name is never reused), a bind of /proc/PID/ns/net on it.
 * The only mount code of the networking, kept apart from netsetup.c.
 *
 * /run/minit/netns-NAME holds the pid of the minit that made the bind:
 * one left by a minit killed with SIGKILL is removed by the next one.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "minit.h"

#define RUN "/run/netns"
#define OWN "/run/minit"

/* NAME's bind (/run/netns/NAME), or with own its record
 * (/run/minit/netns-NAME), into p. */
static char *
path(char p[300], const char *name, int own)
{
	fmt_buf(p, 300, "%s%s", own ? OWN "/netns-" : RUN "/", name);
	return p;
}

void
netns_release(const char *name)
{
	char p[300];

	umount2(path(p, name, 0), MNT_DETACH);
	unlink(p);
	unlink(path(p, name, 1));
}

/* The records whose minit is gone: their binds go. */
static void
sweep(void)
{
	char buf[2048], p[300];
	int fd = xopen(OWN, O_RDONLY | O_DIRECTORY);
	long n;

	if (fd < 0)
		return;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0)
		for (long off = 0; off < n; ) {
			struct dirent64 *e = (struct dirent64 *)(buf + off);
			char pid[16];
			uint64_t v;
			int f;
			ssize_t k = -1;

			off += e->d_reclen;
			if (strncmp(e->d_name, "netns-", 6))
				continue;
			if ((f = xopen(path(p, e->d_name + 6, 1), O_RDONLY)) >= 0) {
				k = read(f, pid, sizeof(pid) - 1);
				close(f);
			}
			if (k <= 0)
				continue;
			pid[k] = 0;
			if (parse_uint(pid, 1 << 22, &v) == 0 &&
			    kill((pid_t)v, 0) < 0 && errno == ESRCH)
				netns_release(e->d_name + 6);
		}
	close(fd);
}

/* Before the clone: the name is ours (the file made), or -EEXIST. */
int
netns_reserve(const char *name)
{
	char p[300], pid[16];
	int fd, done = 0;

	sweep();
	if (mkdir(RUN, 0755) < 0 && errno != EEXIST)
		return -errno;
	/* iproute2's dance: shared if it is a mount point, else bound on
	 * itself first (EINVAL), then shared. */
	while (mount("", RUN, "none", MS_SHARED | MS_REC, NULL) < 0) {
		if (errno != EINVAL || done++)
			return -errno;
		if (mount(RUN, RUN, "none", MS_BIND | MS_REC, NULL) < 0)
			return -errno;
	}
	if ((fd = xopen(path(p, name, 0), O_RDONLY | O_CREAT | O_EXCL)) < 0)
		return -errno;
	close(fd);
	mkdir(OWN, 0755);
	fmt_buf(pid, sizeof(pid), "%d", (int)getpid());
	if ((fd = xopen(path(p, name, 1), O_WRONLY | O_CREAT | O_TRUNC)) >= 0) {
		if (write(fd, pid, strlen(pid)) < 0)
			(void)0;
		close(fd);
	}
	return 0;
}

int
netns_bind(const char *name, pid_t pid)
{
	char src[64], p[300];

	fmt_buf(src, sizeof(src), "/proc/%d/ns/net", (int)pid);
	return mount(src, path(p, name, 0), "none", MS_BIND, NULL) < 0 ? -errno : 0;
}
