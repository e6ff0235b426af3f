/*
 * boot.c: minit as the kernel's /init. Before the command: the few
 * mounts a shell script expects, the console on fds 0-2, lo up, a PATH.
 * After it: one status line on the console, sync, power off. A PID 1
 * that returns panics the kernel, so boot_finish() never does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>

#include "minit.h"

/* The source of each is its type's name; opts index bootopts. */
static const char *const bootopts[] = {
	NULL, "mode=0755", "gid=5,mode=0620,ptmxmode=0666", "mode=1777",
};
static const struct {
	const char *type, *dir;
	uint8_t flags, opts;
} mounts[] = {
	{ "proc", "/proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, 0 },
	{ "sysfs", "/sys", MS_NOSUID | MS_NODEV | MS_NOEXEC, 0 },
	{ "devtmpfs", "/dev", MS_NOSUID, 1 },
	{ "devpts", "/dev/pts", MS_NOSUID | MS_NOEXEC, 2 },
	{ "tmpfs", "/dev/shm", MS_NOSUID | MS_NODEV, 3 },
	{ "cgroup2", "/sys/fs/cgroup", MS_NOSUID | MS_NODEV | MS_NOEXEC, 0 },
	{ "tmpfs", "/run", MS_NOSUID | MS_NODEV, 1 },
	{ "tmpfs", "/tmp", MS_NOSUID | MS_NODEV, 3 },
};

/* fds 0-2 on the console when the kernel could not give us one (no
 * /dev/console in the initramfs): the status line must be seen. */
static void
console(void)
{
	int fd, i;

	for (i = 0; i < 3; i++)
		if (syscall(SYS_fcntl, i, F_GETFD) < 0)
			break;
	if (i == 3)
		return;
	if ((fd = open("/dev/console", O_RDWR | O_NOCTTY)) < 0)
		return;
	for (i = 0; i < 3; i++)	/* (i is closed: never fd) */
		if (syscall(SYS_fcntl, i, F_GETFD) < 0)
			syscall(SYS_dup3, fd, i, 0);
	if (fd > 2)
		close(fd);
}

/* PATH, HOME and TERM unless the kernel's command line gave them: a fixed
 * table rather than setenv, which would bring malloc into PID 1. */
static void
set_env(void)
{
	static char *env[64];
	static char *const dflt[] = {
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"HOME=/", "TERM=linux",
	};
	extern char **environ;
	size_t n = 0, i, k;

	for (i = 0; environ && environ[i] && n < 60; i++)
		env[n++] = environ[i];
	for (k = 0; k < 3; k++) {
		size_t kl = (size_t)(strchr(dflt[k], '=') - dflt[k]) + 1;

		for (i = 0; i < n && strncmp(env[i], dflt[k], kl); i++)
			;
		if (i == n)
			env[n++] = dflt[k];
	}
	env[n] = NULL;
	environ = env;
}

int
boot_prepare(const struct conf *c)
{
	unsigned i;
	int r;

	(void)c;
	for (i = 0; i < sizeof(mounts) / sizeof(mounts[0]); i++) {
		mkdir(mounts[i].dir, 0755);
		/*
		 * A cgroup2 mount there already (--boot in a container that
		 * sees the host's, whose root is above our cgroup namespace):
		 * the kernel refuses the same superblock over its own root
		 * (EBUSY), so the stale one goes first. Private before that:
		 * the unmount must not reach a peer in the host's namespace.
		 */
		while ((r = mount(mounts[i].type, mounts[i].dir, mounts[i].type,
		    mounts[i].flags, bootopts[mounts[i].opts])) < 0 && errno == EBUSY &&
		    !strcmp(mounts[i].type, "cgroup2") &&
		    mount(NULL, mounts[i].dir, NULL, MS_PRIVATE, NULL) == 0 &&
		    umount2(mounts[i].dir, MNT_DETACH) == 0)
			;
		if (r < 0)
			/* EBUSY: already there; ENODEV: not in this kernel. */
			minit_log(LOG_INFO, "boot: mount %s: %s: skipped", mounts[i].dir,
			    fmt_strerror(errno));
		if (i == 2)
			console();
	}
	console();
	if ((r = net_lo_up()) < 0)
		minit_log(LOG_INFO, "boot: lo up: %s: skipped", fmt_strerror(-r));
	set_env();
	return 0;
}

/*
 * Is minit the machine's init, PID 1 of the initial PID namespace? Not
 * knowable from getpid() (every container's init is 1), nor from /proc
 * (a container may have none). reboot(2) tells: in any other PID
 * namespace it refuses every command but the four that end that
 * namespace (EINVAL), and without CAP_SYS_BOOT it cannot power off
 * anyway (EPERM). The command asked is the one every init makes:
 * Ctrl-Alt-Del sends SIGINT to init instead of rebooting at once.
 */
int
boot_machine_init(void)
{
	return getpid() == 1 && reboot(RB_DISABLE_CAD) == 0;
}

void
boot_finish(int status)
{
	/* The one stable line a harness reads from the serial log. */
	minit_log(LOG_ERR, "exit status %d", status);
	sync();
	if (!boot_machine_init())
		_exit(status);	/* --boot in a container: just exit */
	reboot(RB_POWER_OFF);
	/* Not allowed to power off (in a container with --boot, say):
	 * never return, an exiting PID 1 would panic the kernel. */
	for (;;)
		pause();
}
