/*
 * spawn.c: start the command. One clone3 creates the child in its
 * namespaces and (on cgroup v2) its cgroup; the child sets the
 * namespaces up, restores what the caller gave minit, and execs.
 *
 * Parent and child talk over one close-on-exec pipe, in plain sequence:
 *   parent -> child: one byte once uid maps / v1 cgroup attach are done
 *                    (only when there is something to wait for);
 *   child -> parent: nothing when exec succeeds (the pipe closes on
 *                    exec), or {stage, errno} when a step failed.
 * So a failed exec is known for certain, and 126 is told from 127.
 *
 * Between clone and exec the child calls no stdio and nothing that
 * allocates; on failure it writes to the pipe and _exit()s.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/sched.h>

#include "minit.h"

/*
 * CHILD marks what the vfork-style child runs, on a stack of minit's
 * .bss while minit waits: ASan cannot follow a stack it did not make
 * (google/sanitizers#189), so those functions alone go uninstrumented
 * under SAN=1; the rest of this file keeps ASan. Empty otherwise.
 */
#if defined(__SANITIZE_ADDRESS__)
#define CHILD __attribute__((no_sanitize_address))
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHILD __attribute__((no_sanitize("address")))
#endif
#endif
#ifndef CHILD
#define CHILD
#endif

/* The search path without PATH, as musl's execvp. */
#define DEFAULT_PATH "/usr/local/bin:/bin:/usr/bin"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

enum {
	ST_OK, ST_EXEC = SPAWN_EXEC, ST_USERMAP, ST_MOUNTNS, ST_HOSTNAME, ST_LO, ST_PROC,
	ST_PGRP, ST_NNP, ST_CAPS, ST_SETGID, ST_SETUID, ST_CLONE = SPAWN_CLONE, ST_PIPE,
	ST_ATTACH,
	/* one a namespace, in nsflag[]'s order, then "which one is unknown" */
	ST_NS_USER, ST_NS_PID, ST_NS_NET, ST_NS_MNT, ST_NS_UTS, ST_NS_IPC,
	ST_NS_CGROUP, ST_NS_TIME, ST_NS, ST_SECCOMP,
	ST_NET,		/* + netsetup.c's step: configure eth0 */
};

/* The stages' names, in the order of the enum above. */
static const char stages[] =
	"ok\0" "exec\0" "user namespace: write id map\0"
	"mount namespace: make / private\0" "sethostname\0"
	"network namespace: bring lo up\0" "mount /proc\0"
	"terminal: tcsetpgrp\0" "--no-new-privs\0" "--cap-drop\0"
	"--run-as: setgid\0" "--run-as: setuid\0" "clone\0" "pipe\0"
	"cgroup: attach\0" "--user\0" "--pid\0" "--net\0" "--mount\0"
	"--uts\0" "--ipc\0" "--cgroupns\0" "--time\0" "namespaces\0"
	"seccomp: install the filter";

const char *
spawn_what(int stage)
{
	const char *s = stages;

	if (stage >= ST_NET)
		return net_step(stage - ST_NET);
	if (stage < 0 || stage > ST_SECCOMP)
		return "spawn";
	while (stage--)
		s += strlen(s) + 1;
	return s;
}

/*
 * The reason, with what to do where the errno alone would puzzle: the
 * first rule whose stages (lo..hi) and errnos (e1 or e2) match says it,
 * its text the rule's own in why[] below, in the same order.
 */
static const struct { uint8_t lo, hi, e1, e2; } why_rules[] = {
	{ ST_NS_USER, ST_NS_USER, EPERM, EPERM },
	{ ST_NS_USER, ST_NS, EPERM, EPERM },
	{ ST_NS_USER, ST_NS_USER, ENOSPC, EUSERS },
	{ ST_NS_USER, ST_NS, ENOSPC, EUSERS },
	{ ST_NS_USER, ST_NS, EINVAL, EINVAL },
	{ ST_USERMAP, ST_USERMAP, EPERM, EPERM },
	{ ST_PROC, ST_PROC, EPERM, EACCES },
	{ ST_CLONE, ST_CLONE, EAGAIN, EAGAIN },
	{ ST_CLONE, ST_CLONE, ENOMEM, ENOMEM },
	{ ST_PIPE, ST_PIPE, EMFILE, ENFILE },
};
static const char why[] =
	"Operation not permitted (user namespaces restricted: "
	"kernel.unprivileged_userns_clone or an AppArmor/seccomp policy)\0"
	"Operation not permitted (needs root, or add --user)\0"
	"no user namespace available (sysctl user.max_user_namespaces "
	"is 0, or nesting is 32 deep)\0"
	"namespace limit reached (sysctl user.max_*_namespaces)\0"
	"not supported by this kernel\0"
	"Operation not permitted (user namespaces restricted by "
	"policy, e.g. AppArmor)\0"
	"Permission denied (/proc is masked or partly covered, "
	"as nested in a container; run without --pid or with "
	"an unmasked /proc)\0"
	"Resource temporarily unavailable (the task limit is "
	"reached: a pids cgroup, RLIMIT_NPROC or kernel.threads-max)\0"
	"Cannot allocate memory (the memory limit is reached)\0"
	"Too many open files (the descriptor table is full: "
	"raise ulimit -n)";

const char *
spawn_why(int stage, int err)
{
	const char *w = why;
	size_t i;

	for (i = 0; i < sizeof(why_rules) / sizeof(why_rules[0]);
	    i++, w += strlen(w) + 1)
		if (stage >= why_rules[i].lo && stage <= why_rules[i].hi &&
		    (err == why_rules[i].e1 || err == why_rules[i].e2))
			return w;
	return fmt_strerror(err);
}

/* What the caller gave minit, for the command to get back unchanged. */
static uint64_t caller_mask;
static int caller_chld_ign;

/* Raw rt_sigprocmask with a kernel-sized set: libcs refuse to touch the
 * signals they reserve (32..34), and minit must own every signal. */
static int
mask_set(int how, const uint64_t *set, uint64_t *old)
{
	return (int)syscall(SYS_rt_sigprocmask, how, set, old, sizeof(uint64_t));
}

/* SIGCHLD's disposition set through the raw rt_sigaction: only SIG_DFL
 * and SIG_IGN ever are, which need no restorer. Returns the old one. */
struct ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

CHILD static void *
chld_disposition(void (*handler)(int))
{
	struct ksigaction set = { (void *)handler, 0, NULL, 0 }, old = set;

	syscall(SYS_rt_sigaction, SIGCHLD, &set, &old, sizeof(uint64_t));
	return old.handler;
}

/* The caller's oom_score_adj, restored in the command when minit lowered
 * its own; "" when unchanged. */
static char caller_oom[16];
static int write_file(const char *path, const char *buf);

/*
 * Make minit an unlikely OOM victim, so that in a full cgroup the kernel
 * picks the workload, not the init whose death would take the whole
 * container. Lowering needs CAP_SYS_RESOURCE: without it, nothing
 * changes. The command gets the caller's value back (raising is free).
 */
static void
protect_from_oom(void)
{
	ssize_t n;
	int r, fd = xopen("/proc/self/oom_score_adj", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	n = read(fd, caller_oom, sizeof(caller_oom) - 1);
	close(fd);
	if (n > 0 && (r = write_file("/proc/self/oom_score_adj", "-999")) < 0) {
		caller_oom[0] = 0;	/* nothing to give back */
		if (log_level >= LOG_TRACE)	/* (no strerror for nothing) */
			minit_log(LOG_TRACE, "oom_score_adj: %s: left as it is",
			    fmt_strerror(-r));
	}
}

void
spawn_save_caller(void)
{
	uint64_t all = ~0ULL;

	mask_set(SIG_BLOCK, &all, &caller_mask);
	/* With SIGCHLD ignored the kernel reaps for us and minit would never
	 * see the exit status: take the default (what an exec leaves is the
	 * default or SIG_IGN, no handler), give the child SIG_IGN back. */
	if (chld_disposition(SIG_DFL) == (void *)SIG_IGN)
		caller_chld_ign = 1;
}

struct msg {
	int stage;
	int err;
};

/* The pipe's write end in the child, where fail() reports (set by the
 * parent before the clone; the vfork-style child only reads it). */
static int report_fd;

CHILD static void __attribute__((noreturn))
fail(int stage)
{
	struct msg m = { stage, errno };

	/* A short write here leaves the parent reading 0 bytes: it then sees
	 * the child die with 125 and still reports the failure. */
	if (write(report_fd, &m, sizeof(m)) < 0)
		(void)0;
	_exit(EXIT_MINIT);
}

CHILD static int
write_file(const char *path, const char *buf)
{
	int fd = xopen(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int e;

	if (fd < 0)
		return -errno;
	n = write(fd, buf, strlen(buf));
	e = errno;
	close(fd);
	if (n < 0)
		return -e;
	return 0;
}

/* Map the caller's ids to 0 inside the child's new user namespace.
 * Unprivileged writers must deny setgroups before writing gid_map; it
 * may not exist on old kernels. */
static int
write_idmaps(pid_t pid)
{
	static const char files[] = "setgroups\0gid_map\0uid_map";
	const char *f = files;
	char path[64], buf[64] = "deny";
	int i, r;

	for (i = 0; i < 3; i++, f += strlen(f) + 1) {
		fmt_buf(path, sizeof(path), "/proc/%d/%s", (int)pid, f);
		if (i)
			fmt_buf(buf, sizeof(buf), "0 %u 1\n",
			    (unsigned)(i == 1 ? getegid() : geteuid()));
		if ((r = write_file(path, buf)) < 0 && (i || r != -ENOENT))
			return r;
	}
	return 0;
}

CHILD static int
bset_drop(uint64_t mask)
{
	int i;

	for (i = 0; i < 64; i++) {
		if (!(mask & (1ULL << i)))
			continue;
		/* EINVAL: the kernel does not know this capability: done. */
		if (prctl(PR_CAPBSET_DROP, i, 0, 0, 0) < 0 && errno != EINVAL)
			return -1;
	}
	return 0;
}

/* Permitted, effective, inheritable and ambient. */
CHILD static int
sets_drop(uint64_t mask)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	int i;

	/* No PR_CAP_AMBIENT_CLEAR_ALL: capset lowers the ambient set to
	 * permitted & inheritable itself, so exactly the dropped ones go. */
	if (syscall(SYS_capget, &h, d) < 0)
		return -1;
	for (i = 0; i < 2; i++) {
		uint32_t keep = ~(uint32_t)(mask >> (32 * i));
		d[i].effective &= keep;
		d[i].permitted &= keep;
		d[i].inheritable &= keep;
	}
	return (int)syscall(SYS_capset, &h, d);
}

/*
 * execve, and for a text file the kernel cannot execute (ENOEXEC: a
 * script without "#!") /bin/sh on it, as POSIX execvp does and tini,
 * dumb-init and env(1) with it. No allocation (the vfork-style child shares
 * minit's memory): sh's argv is the command's one slot to the left,
 * argv[-1], which is always there (minit's own arguments came first);
 * the parent puts both slots back after a vfork (spawn_child).
 */
/* Binary, as bash judges it: ELF, or a NUL in the first line. A binary
 * the kernel refused (another architecture) is no script for sh. */
CHILD static int
binary(const char *file)
{
	char b[80];
	int fd = xopen(file, O_RDONLY);
	ssize_t n = fd < 0 ? 0 : read(fd, b, sizeof(b)), i;

	if (fd >= 0)
		close(fd);
	for (i = 0; i < n && b[i] != '\n'; i++)
		if (!b[i])
			return 1;
	return n >= 4 && !memcmp(b, "\177ELF", 4);
}

CHILD static int
try_exec(const char *file, char **argv)
{
	extern char **environ;
	char *a = argv[-1], *b = argv[0];

	execve(file, argv, environ);
	if (errno == ENOEXEC && !binary(file)) {
		argv[-1] = (char *)"/bin/sh";
		argv[0] = (char *)file;
		execve("/bin/sh", argv - 1, environ);
		argv[-1] = a;
		argv[0] = b;
		errno = ENOEXEC;	/* no shell: the file's own reason */
	}
	return errno;
}

/*
 * The candidate for cmd from the PATH entry at p, into buf (PATH_MAX):
 * "dir/cmd", or "cmd" for an empty entry; "" when it does not fit.
 * Returns the entry's end (':' or the final NUL). The child's search and
 * the parent's account of it (spawn_exec_why) walk PATH alike with it.
 */
CHILD static const char *
path_join(char *buf, const char *p, const char *cmd)
{
	const char *e = strchrnul(p, ':');
	size_t dl = (size_t)(e - p), nl = strlen(cmd);

	*buf = 0;
	if (dl + nl + 2 <= 4096) {
		memcpy(buf, p, dl);
		buf[dl] = '/';
		memcpy(buf + dl + (dl > 0), cmd, nl + 1);
	}
	return e;
}

/*
 * execvp, done here: a libc's execvp may or may not run /bin/sh on a file
 * it cannot execute (glibc does, musl does not), and then 126 would
 * depend on the build. The PATH search follows POSIX: skip ENOENT and
 * ENOTDIR, remember EACCES, stop at any other error. Returns the errno to
 * report.
 */
CHILD static int
exec_path(char **argv)
{
	const char *p = getenv("PATH"), *e;
	char buf[4096];
	int seen_eacces = 0, err;

	if (strchr(argv[0], '/') || !*argv[0])
		return *argv[0] ? try_exec(argv[0], argv) : ENOENT;
	for (p = p ? p : DEFAULT_PATH; ; p = e + 1) {
		e = path_join(buf, p, argv[0]);
		if (*buf) {
			if ((err = try_exec(buf, argv)) == EACCES)
				seen_eacces = 1;
			else if (err != ENOENT && err != ENOTDIR)
				return err;
		}
		if (!*e)
			break;
	}
	return seen_eacces ? EACCES : ENOENT;
}

/* The command's side: hand back the caller's state, drop privileges, exec. */
CHILD static void __attribute__((noreturn))
child_exec(const struct conf *c, int own_pgrp, int tty)
{
	if (own_pgrp)
		setpgid(0, 0);
	/* The terminal goes to the command's group before it runs, when
	 * init.c judged minit in the foreground (SIGTTOU is still blocked). */
	if (tty >= 0 && tcsetpgrp(tty, getpgrp()) < 0)
		fail(ST_PGRP);
	if (caller_chld_ign)
		chld_disposition(SIG_IGN);
	if (caller_oom[0])
		write_file("/proc/self/oom_score_adj", caller_oom);
	/* The bounding set first, while CAP_SETPCAP is there; the process's
	 * own sets last, after set*id has used CAP_SETUID and CAP_SETGID
	 * (a uid change away from 0 clears them anyway, as setpriv). Raw
	 * set*id: the child is single-threaded, and the libc wrappers bring
	 * their every-thread machinery along. */
	if (c->cap_drop && bset_drop(c->cap_drop) < 0)
		fail(ST_CAPS);
	if (c->run_as) {
		if (syscall(SYS_setgroups, 0, NULL) < 0 && errno != EPERM)
			fail(ST_SETGID);
		if (syscall(SYS_setresgid, c->gid, c->gid, c->gid) < 0)
			fail(ST_SETGID);
		if (syscall(SYS_setresuid, c->uid, c->uid, c->uid) < 0)
			fail(ST_SETUID);
	}
	if (c->cap_drop && sets_drop(c->cap_drop) < 0)
		fail(ST_CAPS);
	if (c->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		fail(ST_NNP);
	/* Last: the filter binds what follows, exec included. */
	if (seccomp_install() < 0)
		fail(ST_SECCOMP);
	mask_set(SIG_SETMASK, &caller_mask, NULL);
	errno = exec_path(c->argv);
	fail(ST_EXEC);
}

/* Inside fresh namespaces: the steps each one needs before the command. */
static void
child_ns_setup(const struct conf *c, unsigned long ns)
{
	if (ns & CLONE_NEWNS) {
		/* Mounts made inside must not propagate back to the host. */
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
			fail(ST_MOUNTNS);
	}
	if ((ns & CLONE_NEWUTS) && c->hostname &&
	    sethostname(c->hostname, strlen(c->hostname)) < 0)
		fail(ST_HOSTNAME);
	if (ns & CLONE_NEWNET) {
		int st, r = net_lo_up();
		if (r < 0) {
			errno = -r;
			fail(ST_LO);
		}
		/* The parent made eth0 here before it let us go on. */
		if (c->net.veth && (r = net_eth0_setup(&c->net, &st)) < 0) {
			errno = -r;
			fail(ST_NET + st);
		}
	}
	/* --root and its friends, in rootfs.c; the new root has a /proc
	 * of its own. */
	if (ns & CLONE_NEWNS) {
		int step;

		if (rootfs_setup(c, ns, &step) < 0)
			fail(SPAWN_ROOTFS + step);
	}
	if ((ns & CLONE_NEWPID) && !c->root) {
		/* The child is PID 1 of the new namespace; the /proc it mounts
		 * shows that namespace only. */
		if (mount("proc", "/proc", "proc",
		    MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
			fail(ST_PROC);
	}
}

struct clone_args_ {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack,
	    stack_size, tls, set_tid, set_tid_size, cgroup;
};
/* All u64, the same on every architecture: the kernel's third version. */
_Static_assert(sizeof(struct clone_args_) == CLONE_ARGS_SIZE_VER2,
    "struct clone_args_ is not the kernel's CLONE_ARGS_SIZE_VER2");

static pid_t
do_clone(unsigned long ns, int cgfd)
{
	struct clone_args_ a;
	pid_t pid;

	memset(&a, 0, sizeof(a));
	a.flags = ns;
	a.exit_signal = SIGCHLD;
	if (cgfd >= 0) {
		a.flags |= CLONE_INTO_CGROUP;
		a.cgroup = (uint64_t)cgfd;
	}
	pid = (pid_t)syscall(SYS_clone3, &a, sizeof(a));
	if (pid < 0 && errno == ENOSYS && cgfd < 0) {
		/* clone3 filtered (Docker's default seccomp answers ENOSYS):
		 * the classic clone takes the same namespace flags but time. */
		if (ns & CLONE_NEWTIME) {
			if (unshare(CLONE_NEWTIME) < 0)
				return -1;
			ns &= ~(unsigned long)CLONE_NEWTIME;
		}
		pid = (pid_t)syscall(SYS_clone, ns | SIGCHLD, 0, 0, 0, 0);
	}
	return pid;
}

/* Wait for a child of ours that has ended or is about to. */
static void
reap(pid_t pid, int *st)
{
	while (waitpid(pid, st, 0) < 0 && errno == EINTR)
		;
}

/* Each namespace flag; the stage that names it is ST_NS_USER + index. */
static const uint32_t nsflag[] = {
	CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWNS,
	CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWCGROUP, CLONE_NEWTIME,
};
_Static_assert(ST_NS_USER + sizeof(nsflag) / sizeof(nsflag[0]) == ST_NS,
    "a stage for each of nsflag[]");

/* Which flag the kernel refused, tried one at a time with unshare in a
 * throwaway child; only on the error path, so the cost does not matter. */
static int
which_ns(unsigned long ns)
{
	unsigned i;

	for (i = 0; i < sizeof(nsflag) / sizeof(nsflag[0]); i++) {
		pid_t p;
		int st;
		unsigned long f = nsflag[i];

		if (!(ns & f))
			continue;
		/* Other namespaces are allowed once inside a user namespace. */
		if (f != CLONE_NEWUSER)
			f |= ns & CLONE_NEWUSER;
		if ((p = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0)) == 0)
			_exit(unshare((int)f) < 0 ? 1 : 0);
		if (p < 0)
			break;
		reap(p, &st);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			return ST_NS_USER + (int)i;
	}
	return ST_NS;
}

/* The plain case, the container's ENTRYPOINT: a vfork-style clone that
 * shares minit's memory until exec, so no page table is copied. minit is
 * suspended meanwhile, and the child only writes its own stack, errno
 * and the pipe. */
struct vfork_arg {
	const struct conf *c;
	int own_pgrp, tty;
};

CHILD static int
vfork_child(void *p)
{
	struct vfork_arg *a = p;

	child_exec(a->c, a->own_pgrp, a->tty);
}

static pid_t
vfork_exec(const struct conf *c, int own_pgrp, int tty)
{
	static char stack[32768] __attribute__((aligned(16)));
	struct vfork_arg a = { c, own_pgrp, tty };

	return clone(vfork_child, stack + sizeof(stack),
	    CLONE_VM | CLONE_VFORK | SIGCHLD, &a);
}

int
spawn_child(const struct conf *c, unsigned long ns, int cgfd,
    int (*attach)(pid_t, void *), void *arg, int own_pgrp, int tty,
    struct spawn *s)
{
	static int oom_done;
	int p[2], g[2] = { -1, -1 }, wait_go;
	unsigned long cgns;
	struct msg m;
	ssize_t n;
	pid_t pid;
	char b = 0;

	if (!oom_done++)
		protect_from_oom();
	wait_go = (ns & CLONE_NEWUSER) || attach;
	/* Attached after the clone (v1), the child must make its cgroup
	 * namespace only once inside its group: else its root would be
	 * minit's group, and its own shown as /../../x/minit-N. */
	cgns = attach ? ns & CLONE_NEWCGROUP : 0;
	ns &= ~cgns;
	s->pid = -1;
	s->stage = ST_OK;
	s->err = 0;
	s->execfd = -1;
	if (pipe2(p, O_CLOEXEC) < 0 || (wait_go && pipe2(g, O_CLOEXEC) < 0)) {
		s->stage = ST_PIPE;
		s->err = errno;
		return -1;
	}
	report_fd = p[1];
	/* Not with a terminal: a ^Z between its hand-over and the exec would
	 * stop the child, and with it minit, which waits for the exec. */
	if (!ns && cgfd < 0 && !wait_go && tty < 0) {
		char *a = c->argv[-1], *a0 = c->argv[0];

		pid = vfork_exec(c, own_pgrp, tty);
		c->argv[-1] = a;	/* try_exec's /bin/sh may have used them */
		c->argv[0] = a0;
	} else
		pid = do_clone(ns, cgfd);
	if (pid == 0) {
		close(p[0]);
		if (wait_go) {
			close(g[1]);
			if (read(g[0], &b, 1) != 1)
				_exit(EXIT_MINIT);	/* the parent gave up */
			close(g[0]);
		}
		if (cgns && unshare(CLONE_NEWCGROUP) < 0)
			fail(ST_NS_CGROUP);
		child_ns_setup(c, ns);
		if (ns & CLONE_NEWPID) {
			struct pollfd pf = { p[1], 0, 0 };

			/* minit as PID 1 of the namespace: it dies with the
			 * outer minit, and the namespace with it. Armed here,
			 * where the outer is still blocked reading the pipe: if
			 * the read end is gone, the outer died before. */
			if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 ||
			    poll(&pf, 1, 0) != 0)
				_exit(EXIT_MINIT);
			close(p[1]);
			return 1;	/* the caller becomes its init */
		}
		child_exec(c, own_pgrp, tty);
	}
	close(p[1]);
	if (wait_go)
		close(g[0]);
	if (pid < 0) {
		s->err = errno;
		s->stage = ST_CLONE;
		if (ns && (errno == EPERM || errno == EINVAL || errno == ENOSPC ||
		    errno == EUSERS))
			s->stage = which_ns(ns);
		close(p[0]);
		if (wait_go)
			close(g[1]);
		return -1;
	}
	s->pid = pid;
	if (c->verbose >= LOG_DEBUG) {
		char made[128], *e = made;
		size_t i;

		*e = 0;		/* 8 names of at most 11 bytes: no overflow */
		for (i = 0; i < sizeof(nsflag) / sizeof(nsflag[0]); i++)
			if (ns & nsflag[i])
				e += fmt_buf(e, 16, " %s", spawn_what(ST_NS_USER + (int)i));
		minit_log(LOG_DEBUG, "child %d%s%s", (int)pid,
		    *made ? ", namespaces" : "", made);
	}
	if (own_pgrp)
		setpgid(pid, pid);	/* the child does too: whoever is first */
	if (wait_go) {
		int r = 0;

		if (ns & CLONE_NEWUSER) {
			r = write_idmaps(pid);
			s->stage = ST_USERMAP;
		}
		if (r == 0 && attach) {
			r = attach(pid, arg);
			s->stage = ST_ATTACH;
		}
		if (r < 0) {
			s->err = -r;
			close(g[1]);		/* the child reads EOF and exits */
			close(p[0]);
			reap(pid, NULL);
			return -1;
		}
		s->stage = ST_OK;
		if (write(g[1], &b, 1) != 1)
			(void)0;	/* the child died already: its status says so */
		close(g[1]);
	}
	/* The exec closes the pipe; a failure writes to it first. With a
	 * terminal a ^Z may stop the child before its exec: a shell must see
	 * that stop (supervise does), so stop waiting; the pipe is read when
	 * the child has ended (spawn_late). */
	while (tty >= 0) {
		struct pollfd pf = { p[0], POLLIN, 0 };
		siginfo_t si;

		if (poll(&pf, 1, 10) != 0)
			break;
		si.si_pid = 0;
		if (waitid(P_PID, (id_t)pid, &si, WSTOPPED | WNOHANG | WNOWAIT) == 0 &&
		    si.si_pid == pid) {
			s->execfd = p[0];
			return 0;
		}
	}
	do
		n = read(p[0], &m, sizeof(m));
	while (n < 0 && errno == EINTR);
	close(p[0]);
	if (n == (ssize_t)sizeof(m)) {
		s->stage = m.stage;
		s->err = m.err;
		/* The child has _exit()ed; reap it here so that no zombie and
		 * no stray SIGCHLD status confuse the caller. */
		reap(pid, NULL);
		return -1;
	}
	return 0;
}

/* The child that stopped before its exec has ended: 1 if what it wrote
 * says its exec (or a step before it) failed, with s->stage and s->err. */
int
spawn_late(struct spawn *s)
{
	struct msg m;
	ssize_t n;

	if (s->execfd < 0)
		return 0;
	n = read(s->execfd, &m, sizeof(m));
	close(s->execfd);
	s->execfd = -1;
	if (n != (ssize_t)sizeof(m))
		return 0;
	s->stage = m.stage;
	s->err = m.err;
	return 1;
}

/* The exit status for a failed exec: 127 not found, 126 anything else. */
int
spawn_exec_status(int err)
{
	return (err == ENOENT || err == ENOTDIR) ? EXIT_NOTFOUND : EXIT_NOEXEC;
}

/*
 * A failed exec in words, found from the parent's side (phase 2: the
 * child only sent an errno): the file the search met first, a directory
 * ("Permission denied" would send the user to chmod), or a script whose
 * "#!" interpreter is missing (the kernel's ENOENT names neither).
 */
const char *
spawn_exec_why(const char *cmd, int err, char *buf, size_t len)
{
	const char *p = getenv("PATH"), *e;
	char path[4096];
	ssize_t n = 0;
	int fd;

	/* A command with a slash: itself (an empty entry, the only one). */
	for (p = strchr(cmd, '/') ? "" : p ? p : DEFAULT_PATH; ; p = e + 1) {
		e = path_join(path, p, cmd);
		if (access(path, F_OK) == 0 || !*e)
			break;
	}
	if ((fd = xopen(path, O_RDONLY)) < 0)
		return fmt_strerror(err);
	if (err == ENOENT)
		n = read(fd, path, 255);
	close(fd);
	if (err == EACCES && (fd = xopen(path, O_RDONLY | O_DIRECTORY)) >= 0) {
		close(fd);
		return "is a directory";
	}
	if (n > 2 && path[0] == '#' && path[1] == '!') {
		char *q;

		path[n] = 0;
		for (p = path + 2; *p == ' ' || *p == '\t'; p++)
			;
		for (q = (char *)p; (unsigned char)*q > ' '; q++)
			;	/* to a blank, the newline or the end */
		*q = 0;
		fmt_buf(buf, len, "interpreter %s: not found", p);
		return buf;
	}
	return fmt_strerror(err);
}
