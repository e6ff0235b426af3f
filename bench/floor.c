/*
 * floor: the least a launcher can do — one clone3 with the namespace
 * flags, exec, wait. No /proc, no init, no lo; with "lo" in the list,
 * also lo up (one ioctl), to show what that costs by itself.
 *
 * With "init" too, what the launcher must do at the least: / made
 * private, /proc mounted afresh, and one more process, so that an init
 * is PID 1 and the command PID 2.
 *
 *   floor pid,mount,uts,ipc[,net][,lo][,init] CMD [ARG]...
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	uint64_t a[11] = { 0 };	/* struct clone_args, v0..v2 */
	const char *f = argc > 1 ? argv[1] : "";
	pid_t p;
	int st;

	if (argc < 3)
		return 2;
	if (strstr(f, "pid")) a[0] |= CLONE_NEWPID;
	if (strstr(f, "mount")) a[0] |= CLONE_NEWNS;
	if (strstr(f, "uts")) a[0] |= CLONE_NEWUTS;
	if (strstr(f, "ipc")) a[0] |= CLONE_NEWIPC;
	if (strstr(f, "net")) a[0] |= CLONE_NEWNET;
	a[4] = SIGCHLD;		/* exit_signal */
	p = (pid_t)syscall(SYS_clone3, a, 88);
	if (p == 0) {
		if (strstr(f, "lo")) {
			struct ifreq ifr = { .ifr_name = "lo", .ifr_flags = IFF_UP };
			int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

			if (fd < 0 || ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
				_exit(125);
		}
		if (strstr(f, "init")) {
			pid_t c;

			if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
			    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
				_exit(125);
			if ((c = fork()) < 0)
				_exit(125);
			if (c > 0) {
				if (waitpid(c, &st, 0) < 0)
					_exit(125);
				_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
			}
		}
		execv(argv[2], argv + 2);
		_exit(127);
	}
	if (p < 0 || waitpid(p, &st, 0) < 0)
		return 125;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
