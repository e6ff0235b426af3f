/*
 * probe: a static multi-call helper that the tests run inside minit
 * (on the host, in namespaces, in an initramfs, in a FROM-scratch image).
 *
 *   probe zombies N          leave N orphans behind, exit 0 once they exist
 *   probe sigcount SIG FILE  count SIG until TERM; write "ready" to FILE first,
 *                            print the count and exit 0
 *   probe sigwait [FILE]     print every signal's number as it arrives (to FILE
 *                            when given), exit 0 on TERM, after printing it
 *   probe alloc MB           allocate and touch MB MiB, then exit 0
 *   probe fork N             try N children that wait; print how many forked
 *   probe status             print SigBlk, SigIgn and the open fds, then exit
 *   probe pids               print pid and ppid
 *   probe sleep S            sleep S seconds (S may be "inf")
 *   probe exit N             exit with N
 *   probe kill SIG           kill itself with SIG
 *   probe storm N            make N orphans at once, let them all exit at once,
 *                            print how long until the init reaped them all
 *   probe sigecho FD         write "r" to FD, then the CLOCK_MONOTONIC ns of
 *                            each USR1's arrival (8 bytes); exit 0 on TERM
 *   probe syscall NAME|NR [ARG]...
 *                            make one system call, print its errno (0: it
 *                            worked); "absent" and exit 3 for a name this
 *                            architecture lacks. ARGs are numbers (0x..
 *                            too) or strings (a pointer to a copy in an
 *                            aligned 1 KiB buffer); the
 *                            missing ones are -1, which makes every call
 *                            of seccomp.list fail harmlessly when it does
 *                            run (a clone's are 0: the child runs on a copy
 *                            of the stack, as a fork's). A clone's child
 *                            exits at once. Runs in
 *                            a session of its own: vhangup and TIOCSTI
 *                            cannot reach the caller's terminal.
 *   probe tiocsti            push a byte into a new pty's input, print errno
 *   probe int80              i386 getpid through int 0x80 (x86_64 only, exit
 *                            3 elsewhere); print the pid
 *   probe as UID CMD...      become UID (gid UID, no groups) and exec CMD
 *                            (busybox's setpriv has no --reuid)
 * The names come from the kernel's <asm/unistd.h> through the compiler, so
 * the same test runs on x86_64 and aarch64 (qemu: build with make
 * ARCH=aarch64 and run the probe there; the names differ, not the cases).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <asm/unistd.h>

static void
writefile(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || write(fd, s, strlen(s)) < 0) {
		perror(path);
		exit(2);
	}
	close(fd);
}

/* All 64 signals but KILL/STOP, as the kernel sees them. */
static void
block_all(uint64_t *set)
{
	*set = ~0ULL & ~(1ULL << (SIGKILL - 1)) & ~(1ULL << (SIGSTOP - 1));
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, set, NULL, 8);
}

static int
waitsig(uint64_t *set)
{
	siginfo_t si;
	int s;

	do
		s = (int)syscall(SYS_rt_sigtimedwait, set, &si, NULL, 8);
	while (s < 0 && errno == EINTR);
	return s;
}

static int
zombies(int n)
{
	int i;

	/* Each child forks a grandchild and exits at once: the grandchild is
	 * an orphan the init must reap when it exits a moment later. */
	for (i = 0; i < n; i++) {
		pid_t p = fork();

		if (p < 0) {
			perror("fork");
			return 1;
		}
		if (p == 0) {
			if (fork() == 0) {
				struct timespec ts = { 0, 1000000 };
				nanosleep(&ts, NULL);
				_exit(0);
			}
			_exit(0);
		}
		while (waitpid(p, NULL, 0) < 0 && errno == EINTR)
			;
	}
	return 0;
}

static int
sigcount(int sig, const char *file)
{
	uint64_t set;
	long n = 0;
	int s;

	block_all(&set);
	writefile(file, "ready\n");
	while ((s = waitsig(&set)) > 0) {
		if (s == sig)
			n++;
		else if (s == SIGTERM)
			break;
	}
	printf("%ld\n", n);
	return 0;
}

static int
sigwait_(const char *file)
{
	uint64_t set;
	int s, fd = 1;

	block_all(&set);
	if (file) {
		fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (fd < 0)
			return perror(file), 2;
		dprintf(fd, "ready\n");
	}
	while ((s = waitsig(&set)) > 0) {
		dprintf(fd, "%d\n", s);
		if (s == SIGTERM)
			break;
	}
	return 0;
}

static int
alloc(long mb)
{
	size_t len = (size_t)mb << 20;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return perror("mmap"), 1;
	for (size_t i = 0; i < len; i += 4096)
		p[i] = 1;
	printf("allocated %ld MiB\n", mb);
	return 0;
}

static int
forkn(int n)
{
	int i, ok = 0, p[2];

	/* Children block on a pipe, so they all exist at once. */
	if (pipe(p) < 0)
		return perror("pipe"), 2;
	for (i = 0; i < n; i++) {
		pid_t c = fork();
		char b;

		if (c < 0)
			break;
		if (c == 0) {
			close(p[1]);
			if (read(p[0], &b, 1) < 0)
				_exit(1);
			_exit(0);
		}
		ok++;
	}
	close(p[1]);
	while (wait(NULL) > 0)
		;
	printf("forked %d\n", ok);
	return 0;
}

static int
status(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "re");
	DIR *d;
	struct dirent *e;
	int self;

	if (!f)
		return perror("status"), 2;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "SigBlk:", 7) || !strncmp(line, "SigIgn:", 7))
			fputs(line, stdout);
	fclose(f);
	d = opendir("/proc/self/fd");
	if (!d)
		return perror("fd"), 2;
	self = dirfd(d);
	printf("fds:");
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && atoi(e->d_name) != self)
			printf(" %s", e->d_name);
	printf("\n");
	closedir(d);
	return 0;
}

static long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Live or zombie children of PID (as /proc lists them), but SELF. */
static long
count_children(pid_t pid, pid_t self)
{
	static char buf[1 << 20];
	char path[64];
	long n = 0, len = 0, r;
	int fd, in = 0;
	pid_t cur = 0;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid, (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	while (len < (long)sizeof(buf) && (r = read(fd, buf + len, sizeof(buf) - (size_t)len)) > 0)
		len += r;
	close(fd);
	for (long i = 0; i < len; i++) {
		if (buf[i] >= '0' && buf[i] <= '9') {
			cur = cur * 10 + (buf[i] - '0');
			in = 1;
		} else if (in) {
			n += cur != self;
			cur = 0;
			in = 0;
		}
	}
	return n;
}

/* N orphans of the init at once, released at once: the reaping storm. */
static int
storm(int n)
{
	int p[2], i;
	pid_t mid, init = getppid();
	long left = 0;
	long long t0, t1, deadline;

	if (pipe(p) < 0)
		return perror("pipe"), 2;
	if ((mid = fork()) == 0) {
		for (i = 0; i < n; i++) {
			pid_t c = fork();
			char b;

			if (c < 0) {
				perror("fork");
				_exit(1);
			}
			if (c == 0) {
				close(p[1]);
				while (read(p[0], &b, 1) < 0 && errno == EINTR)
					;
				_exit(0);
			}
		}
		_exit(0);	/* the N are orphans now */
	}
	if (mid < 0)
		return perror("fork"), 2;
	close(p[0]);
	if (waitpid(mid, &i, 0) < 0 || !WIFEXITED(i) || WEXITSTATUS(i))
		return fprintf(stderr, "storm: could not make %d orphans\n", n), 2;
	t0 = now_ns();
	close(p[1]);	/* all N exit together */
	deadline = t0 + 120 * 1000000000LL;
	while ((left = count_children(init, getpid())) > 0 && now_ns() < deadline) {
		struct timespec ts = { 0, 1000000 };

		nanosleep(&ts, NULL);
	}
	t1 = now_ns();
	printf("storm %d reaped_ms %.1f left %ld\n", n, (t1 - t0) / 1e6, left);
	return left != 0;
}

static int echo_fd = -1;

static void
on_usr1(int sig)
{
	long long t = now_ns();

	(void)sig;
	if (write(echo_fd, &t, sizeof(t)) < 0)
		_exit(3);
}

static int
sigecho(int fd)
{
	struct sigaction sa;
	sigset_t none;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGTERM, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	echo_fd = fd;
	if (write(fd, "r", 1) != 1)
		return 2;
	for (;;)
		pause();
}

/* x86_64's own calls, absent from the generic table of aarch64 */
#ifndef __x86_64__
#define __NR_create_module -1
#define __NR_query_module -1
#define __NR_iopl -1
#define __NR_ioperm -1
#define __NR_uselib -1
#define __NR_ustat -1
#define __NR_sysfs -1
#define __NR__sysctl -1
#define __NR_get_kernel_syms -1
#define __NR_afs_syscall -1
#define __NR_tuxcall -1
#define __NR_security -1
#define __NR_getpmsg -1
#define __NR_putpmsg -1
#define __NR_vserver -1
#define __NR_epoll_ctl_old -1
#define __NR_epoll_wait_old -1
#define __NR_fork -1
#define __NR_getpgrp -1
#endif
#define C(n) { #n, __NR_##n },
static const struct { const char *name; long nr; } calls[] = {
	/* seccomp.list */
	C(mount) C(umount2) C(pivot_root) C(chroot) C(unshare) C(setns)
	C(open_tree) C(move_mount) C(fsopen) C(fsconfig) C(fsmount) C(fspick)
	C(mount_setattr) C(clone3) C(init_module) C(finit_module)
	C(delete_module) C(create_module) C(query_module) C(kexec_load)
	C(kexec_file_load) C(reboot) C(add_key) C(request_key) C(keyctl) C(bpf)
	C(perf_event_open) C(userfaultfd) C(io_uring_setup) C(io_uring_enter)
	C(io_uring_register) C(kcmp) C(pidfd_getfd) C(process_madvise)
	C(fanotify_init) C(lookup_dcookie) C(syslog) C(open_by_handle_at)
	C(ptrace) C(settimeofday) C(clock_settime) C(iopl) C(ioperm) C(swapon)
	C(swapoff) C(acct) C(quotactl) C(quotactl_fd) C(vhangup) C(mbind)
	C(set_mempolicy) C(set_mempolicy_home_node) C(migrate_pages)
	C(move_pages) C(uselib) C(ustat) C(sysfs) C(_sysctl) C(nfsservctl)
	C(get_kernel_syms) C(afs_syscall) C(tuxcall) C(security) C(getpmsg)
	C(putpmsg) C(vserver) C(epoll_ctl_old) C(epoll_wait_old)
	/* seccomp.c's rules, and common calls */
	C(clone) C(ioctl) C(sethostname) C(setdomainname) C(fork) C(getpid)
	C(getppid) C(getpgrp) C(read) C(write) C(openat) C(close) C(futex)
	C(mmap) C(munmap) C(socket) C(execve) C(uname) C(seccomp) C(prctl)
	C(personality) C(mkdirat) C(chdir) C(getuid) C(setuid) C(mprotect)
};

static int
sys(int argc, char **argv)
{
	long nr = -1, a[6] = { -1, -1, -1, -1, -1, -1 }, r;
	pid_t me = getpid();
	char *end;
	size_t i;
	int j;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (!strcmp(calls[i].name, argv[0]))
			nr = calls[i].nr;
	if (i == sizeof(calls) / sizeof(calls[0]) && nr < 0) {
		nr = strtol(argv[0], &end, 0);
		if (*end || end == argv[0]) {
			fprintf(stderr, "probe: unknown system call %s\n", argv[0]);
			return 2;
		}
	}
	if (nr == -1) {
		printf("absent\n");
		return 3;
	}
	if (nr == __NR_clone)	/* the child runs on a copy of this stack */
		a[1] = a[2] = a[3] = a[4] = 0;
	static long buf[6][128];	/* aligned, and room for a struct */

	for (j = 1; j < argc && j <= 6; j++) {
		a[j - 1] = strtol(argv[j], &end, 0);
		if (*end || end == argv[j]) {
			strncpy((char *)buf[j - 1], argv[j], sizeof(buf[0]) - 1);
			a[j - 1] = (long)buf[j - 1];
		}
	}
	setsid();
	r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (r == 0 && getpid() != me)
		_exit(0);	/* the child of a clone or fork */
	if (r > 0 && getpid() == me && (nr == __NR_clone || nr == __NR_fork))
		waitpid((pid_t)r, NULL, 0);
	printf("%d\n", r < 0 ? errno : 0);
	return 0;
}

/* TIOCSTI on a pty of our own: 0 when a byte was pushed, else errno. */
static int
tiocsti(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY), s;
	char c = 'x';

	if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0 ||
	    (s = open(ptsname(m), O_RDWR | O_NOCTTY)) < 0) {
		perror("probe: pty");
		return 2;
	}
	printf("%d\n", ioctl(s, TIOCSTI, &c) < 0 ? errno : 0);
	return 0;
}

/* The i386 getpid (20) from a 64-bit process: another audit arch. */
static int
int80(void)
{
#ifdef __x86_64__
	long r = 20;

	__asm__ volatile ("int $0x80" : "+a"(r) : : "memory");
	printf("%ld\n", r);
	return 0;
#else
	printf("absent\n");
	return 3;
#endif
}

int
main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	const char *a = argc > 2 ? argv[2] : "0";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(cmd, "zombies"))
		return zombies(atoi(a));
	if (!strcmp(cmd, "sigcount") && argc > 3)
		return sigcount(atoi(a), argv[3]);
	if (!strcmp(cmd, "sigwait"))
		return sigwait_(argc > 2 ? argv[2] : NULL);
	if (!strcmp(cmd, "alloc"))
		return alloc(atol(a));
	if (!strcmp(cmd, "fork"))
		return forkn(atoi(a));
	if (!strcmp(cmd, "status"))
		return status();
	if (!strcmp(cmd, "pids"))
		return printf("pid %d ppid %d\n", (int)getpid(), (int)getppid()) < 0;
	if (!strcmp(cmd, "sleep")) {
		if (!strcmp(a, "inf"))
			for (;;)
				pause();
		sleep((unsigned)atoi(a));
		return 0;
	}
	if (!strcmp(cmd, "exit"))
		return atoi(a);
	if (!strcmp(cmd, "storm"))
		return storm(atoi(a));
	if (!strcmp(cmd, "sigecho"))
		return sigecho(atoi(a));
	if (!strcmp(cmd, "syscall") && argc > 2)
		return sys(argc - 2, argv + 2);
	if (!strcmp(cmd, "tiocsti"))
		return tiocsti();
	if (!strcmp(cmd, "int80"))
		return int80();
	if (!strcmp(cmd, "as") && argc > 3) {
		gid_t g = (gid_t)atoi(a);

		if (setgroups(0, NULL) < 0 || setgid(g) < 0 || setuid((uid_t)atoi(a)) < 0)
			return perror("as"), 2;
		execvp(argv[3], argv + 3);
		return perror(argv[3]), 127;
	}
	if (!strcmp(cmd, "kill")) {
		signal(atoi(a), SIG_DFL);
		kill(getpid(), atoi(a));
		return 99;
	}
	fprintf(stderr, "usage: probe zombies|sigcount|sigwait|alloc|fork|status|pids|sleep|exit|kill|storm|sigecho|syscall|tiocsti|int80 ...\n");
	return 2;
}
