/*
 * init.c: minit's top level. main (options from options.c into one
 * struct conf), the PID-1 loop, the exit status. Fatal errors end here,
 * in minit_fail: exit, or power off when minit is the machine's init.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/sched.h>

#include "minit.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static int verbosity;

void
minit_log(int level, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	if (level > verbosity)
		return;
	memcpy(buf, "minit: ", 7);
	va_start(ap, fmt);
	n = fmt_vbuf(buf + 7, sizeof(buf) - 8, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	n += 7;
	if (n > (int)sizeof(buf) - 1)
		n = (int)sizeof(buf) - 1;
	buf[n++] = '\n';
	/* One write, so lines from minit and the command do not interleave. */
	if (write(2, buf, (size_t)n) < 0)
		(void)0;
}


static int booting;	/* the machine's init: never exit, power off */

void
minit_fail(int status)
{
	if (booting)
		boot_finish(status);
	exit(status);
}

/* ---- the loop --------------------------------------------------------- */

struct run {
	const struct conf *c;
	pid_t child;		/* the command, or the namespace's init */
	int alive;		/* the child has not been reaped */
	int stopped;
	int status;		/* its wait status, once reaped */
	int pid1;		/* kill(-1) reaches everything but us */
	int relay;		/* the child is minit as PID 1 of a namespace */
	int tty;
	int own_pgrp;
	int timed_out;
	int phase;		/* 0 running, 1 TERM sent to the rest, 2 KILL */
	long long timeout_at, grace_at;	/* monotonic ms; 0 = none */
};

static long long
now_ms(void)
{
	struct timespec ts;

	/* raw: the vDSO lookup costs more bytes than this rare call saves */
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Pids already sent SIGTERM in this grace period, so that a re-scan TERMs
 * only the newcomers: a trap must not run twice. Only as a subreaper;
 * as PID 1, kill(-1) reaches every descendant at once. Past the table's
 * size a newcomer is signalled every time rather than never.
 */
static pid_t termed[1024];
static size_t ntermed;

static int
first_term(pid_t pid)
{
	size_t i;

	for (i = 0; i < ntermed; i++)
		if (termed[i] == pid)
			return 0;
	if (ntermed < sizeof(termed) / sizeof(termed[0]))
		termed[ntermed++] = pid;
	return 1;
}

/* kill, said at -vv: what the grace period signalled, and whom. */
static void
sig_to(pid_t pid, int sig)
{
	char nb[16];

	minit_log(LOG_DEBUG, "%s to %d", parse_signame(sig, nb), (int)pid);
	kill(pid, sig);
}

static void
signal_one(pid_t pid, int sig)
{
	if (sig != SIGTERM || first_term(pid))
		sig_to(pid, sig);
}

/* Signal what is left besides the main child: everything in the PID
 * namespace when we are its init; otherwise our direct children (orphans
 * reparented to the subreaper) and the command's process group. Called
 * again on every wake of the grace period, for descendants that were
 * reparented to us since. */
static void
kill_rest(struct run *r, int sig)
{
	char path[64], buf[4096];
	long pid = 0;
	int fd, have = 0;
	ssize_t n;

	if (r->pid1) {
		sig_to(-1, sig);	/* -1: every process in the namespace */
		return;
	}
	if (r->own_pgrp && (sig != SIGTERM || first_term(-r->child)))
		sig_to(-r->child, sig);
	fmt_buf(path, sizeof(path), "/proc/self/task/%d/children", (int)getpid());
	if ((fd = xopen(path, O_RDONLY | O_CLOEXEC)) < 0) {
		minit_log(LOG_INFO, "%s: %s: cannot find orphans", path, strerror(errno));
		return;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] >= '0' && buf[i] <= '9') {
				pid = pid * 10 + (buf[i] - '0');
				have = 1;
			} else if (have) {
				signal_one((pid_t)pid, sig);
				pid = 0;
				have = 0;
			}
		}
	}
	if (have)
		signal_one((pid_t)pid, sig);
	close(fd);
}

static void
send_child(struct run *r, int sig)
{
	/* -g: the whole group; fall back to the child alone if it has not
	 * made its group yet. */
	if (r->c->pgroup && !r->relay && kill(-r->child, sig) == 0)
		return;
	if (kill(r->child, sig) < 0 && errno != ESRCH)
		minit_log(LOG_WARN, "kill %d: %s", (int)r->child, strerror(errno));
}

static void
start_grace(struct run *r)
{
	if (r->phase)
		return;
	if (r->c->grace_ms == 0) {
		r->phase = 2;
		kill_rest(r, SIGKILL);
		return;
	}
	r->phase = 1;
	minit_log(LOG_DEBUG, "grace: %lld ms for what is left", r->c->grace_ms);
	if (!r->grace_at)	/* a timeout's grace is already running */
		r->grace_at = now_ms() + r->c->grace_ms;
	kill_rest(r, SIGTERM);
}

static void
on_timeout(struct run *r)
{
	minit_log(LOG_WARN, "timeout: %lld ms passed, sending TERM",
	    r->c->timeout_ms);
	r->timed_out = 1;
	r->timeout_at = 0;
	send_child(r, SIGTERM);
	if (r->stopped)
		send_child(r, SIGCONT);
	if (r->c->grace_ms == 0) {
		send_child(r, SIGKILL);
		start_grace(r);
	} else
		r->grace_at = now_ms() + r->c->grace_ms;
}

/* The main child stopped (^Z, or a job-control signal we forwarded):
 * do what a shell's job would, stop too so that our own parent sees it
 * and gets the terminal back. As PID 1 nobody is there to notice. */
static void
on_child_stopped(struct run *r)
{
	r->stopped = 1;
	if (r->pid1 || r->relay)
		return;
	minit_log(LOG_INFO, "command stopped: stopping too");
	kill(getpid(), SIGSTOP);
}

static void
reap(struct run *r)
{
	int st;
	pid_t pid;

	for (;;) {
		pid = waitpid(-1, &st, WNOHANG | WUNTRACED);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid <= 0)
			return;
		if (pid != r->child) {
			minit_log(LOG_DEBUG, "reaped %d", (int)pid);
			continue;
		}
		if (WIFSTOPPED(st)) {
			on_child_stopped(r);
			continue;
		}
		r->alive = 0;
		r->status = st;
		if (WIFSIGNALED(st))
			minit_log(LOG_INFO, "command killed by signal %d",
			    WTERMSIG(st));
		else
			minit_log(LOG_INFO, "command exited %d", WEXITSTATUS(st));
	}
}

static int
any_left(void)
{
	siginfo_t si;

	return waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) == 0 ||
	    errno != ECHILD;
}

static void
forward(struct run *r, int sig)
{
	char nb[16];

	if (!r->relay && r->c->rewrite[sig]) {
		int to = r->c->rewrite[sig] == 0xff ? 0 : r->c->rewrite[sig];

		minit_log(LOG_DEBUG, "rewrite %s -> %d", parse_signame(sig, nb), to);
		if (!to)
			return;
		sig = to;
	}
	/* INT or TERM while a grace period runs: a second Ctrl-C, or a
	 * second docker stop. The user means now: KILL at once, as when
	 * the grace ends. */
	if (r->grace_at && (sig == SIGINT || sig == SIGTERM)) {
		minit_log(LOG_INFO, "%s during the grace period: KILL now",
		    parse_signame(sig, nb));
		r->grace_at = 1;	/* long past: the loop kills on its next turn */
		return;
	}
	if (!r->alive) {
		/* Late TERM/INT: the rest is already on its way out. */
		return;
	}
	if (verbosity >= LOG_DEBUG)
		minit_log(LOG_DEBUG, "forward %s", parse_signame(sig, nb));
	if (sig == SIGCONT) {
		r->stopped = 0;
		/* Back in the foreground after ^Z and fg: give the command
		 * the terminal again. */
		if (r->tty && r->own_pgrp && tcgetpgrp(0) == getpgrp())
			tcsetpgrp(0, r->child);
	}
	send_child(r, sig);
}

/* Invariant, from here on: minit never bails out. A PID-1 death takes
 * the whole container with it, so every failure is logged and the loop
 * goes on until the command and everything it left are gone. */
static int
supervise(struct run *r)
{
	uint64_t all = ~0ULL;
	siginfo_t si;
	int sig = SIGCHLD;

	if (r->c->timeout_ms && !r->relay)
		r->timeout_at = now_ms() + r->c->timeout_ms;
	for (;;) {
		struct timespec ts, *tp = NULL;
		long long now, at = 0;

		/* Every exit, stop or orphan's death queues a SIGCHLD (blocked,
		 * so never discarded): reaping after it, or after a timer, sees
		 * all of them; after a forwarded signal there is nothing to
		 * reap, and the child runs sooner. */
		if (sig == SIGCHLD || sig < 0)
			reap(r);
		if (!r->alive) {
			if (!any_left())
				break;
			if (!r->phase)
				start_grace(r);
			else if (!r->pid1 || r->phase == 2)
				/* descendants reparented to us since */
				kill_rest(r, r->phase == 2 ? SIGKILL : SIGTERM);
		}
		if (r->alive && r->timeout_at)
			at = r->timeout_at;
		if (r->grace_at && (!at || r->grace_at < at))
			at = r->grace_at;
		if (at) {
			now = now_ms();
			if (at <= now) {
				if (at == r->timeout_at)
					on_timeout(r);
				else {
					r->grace_at = 0;
					r->phase = 2;
					minit_log(LOG_INFO, "grace over: KILL");
					if (r->alive)
						send_child(r, SIGKILL);
					kill_rest(r, SIGKILL);
				}
				continue;
			}
			ts.tv_sec = (at - now) / 1000;
			ts.tv_nsec = ((at - now) % 1000) * 1000000;
			tp = &ts;
		}
		/* No timer unless a timeout or grace is pending: idle minit
		 * never wakes. */
		sig = (int)syscall(SYS_rt_sigtimedwait, &all, &si, tp,
		    sizeof(uint64_t));
		if (sig < 0) {
			if (errno != EAGAIN && errno != EINTR)
				minit_log(LOG_WARN, "sigtimedwait: %s", strerror(errno));
			continue;
		}
		if (sig == SIGCHLD)
			continue;
		forward(r, sig);
	}
	if (r->timed_out)
		return EXIT_TIMEOUT;
	if (WIFSIGNALED(r->status))
		return 128 + WTERMSIG(r->status);
	return WEXITSTATUS(r->status);
}

static int
remap(const struct conf *c, int code)
{
	if (code < 256 && (c->remap[code / 8] & (1 << (code % 8))))
		return 0;
	return code;
}

/* ---- setup ------------------------------------------------------------ */

static const char *
errstr(int e)
{
	return strerror(e);
}

static void
report_spawn_failure(const struct conf *c, const struct spawn *s)
{
	char why[300];

	if (s->stage == SPAWN_EXEC)
		minit_log(LOG_ERR, "exec %s: %s%s%s", c->argv[0],
		    spawn_exec_why(c->argv[0], s->err, why, sizeof(why)),
		    c->root ? " in --root " : "", c->root ? c->root : "");
	else if (s->stage >= SPAWN_ROOTFS)
		minit_log(LOG_ERR, "%s: %s", rootfs_what(c, s->stage - SPAWN_ROOTFS,
		    why, sizeof(why)), errstr(s->err));
	else
		minit_log(LOG_ERR, "%s: %s", spawn_what(s->stage),
		    spawn_why(s->stage, s->err));
}

int boot_prepare(const struct conf *c);
void boot_finish(int status) __attribute__((noreturn));

static void
secs(char *buf, size_t len, long long us)
{
	fmt_buf(buf, len, "%lld.%03llds", us / 1000000, us % 1000000 / 1000);
}

/* --stats: CPU from getrusage (every descendant minit reaped counts);
 * peaks from the cgroup where it keeps them. */
static void
print_stats(struct cgroup *cg, int status, long long wall_ms)
{
	long long mem = -1, tasks = -1;
	char w[32], u[32], s[32], m[32], t[24];
	struct rusage ru;

	getrusage(RUSAGE_CHILDREN, &ru);
	if (cg)
		cgroup_peaks(cg, &mem, &tasks);
	if (mem < 0)
		mem = (long long)ru.ru_maxrss * 1024;	/* the largest process */
	secs(w, sizeof(w), wall_ms * 1000);
	secs(u, sizeof(u), (long long)ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec);
	secs(s, sizeof(s), (long long)ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec);
	parse_size_fmt((uint64_t)mem, m);
	if (tasks >= 0)
		fmt_buf(t, sizeof(t), "%lld", tasks);
	else
		strcpy(t, "n/a");
	minit_log(LOG_ERR, "stats: status %d, wall %s, user %s, sys %s, "
	    "peak memory %s, peak tasks %s", status, w, u, s, m, t);
}

/* ---- --veth, --netns: before the clone, while the child waits, after -- */

/* What can be refused is refused before anything is made. */
static int
net_before(struct conf *c)
{
	struct netconf *n = &c->net;
	int e;

	if (n->veth && (e = net_prepare(n)) < 0) {
		const uint8_t *p = n->pool.b;

		if (e == -EEXIST)
			minit_log(LOG_ERR, "--veth: %s: an interface of that name "
			    "exists", n->veth);
		else if (e == -ENOSPC)
			minit_log(LOG_ERR, "--ip-pool: %u.%u.%u.%u/%u: no free /30 "
			    "(every one is in use here)", p[0], p[1], p[2], p[3],
			    n->pool.plen);
		else
			minit_log(LOG_ERR, "--veth: list interfaces: %s", errstr(-e));
		return -1;
	}
	if (n->veth) {
		/* --root's /etc/hosts maps --hostname to the sandbox's address */
		static char a[16];
		const uint8_t *b = n->ip.b;

		fmt_buf(a, sizeof(a), "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
		rootfs_hosts_addr(a);
	}
	if (n->netns && (e = netns_reserve(n->netns)) < 0) {
		minit_log(LOG_ERR, "--netns: /run/netns/%s: %s", n->netns,
		    e == -EEXIST ? "exists (a name is never reused)" : errstr(-e));
		return -1;
	}
	return 0;
}

/* The parent's part of the child's setup, while the child waits. */
struct prep {
	struct conf *c;
	struct cgroup *cg;	/* attach to it (v1, or no clone3) */
	int step;		/* what failed: NETNS_STEP, or netsetup's */
	int failed;
};
#define NETNS_STEP 100

static int
prepare(pid_t pid, void *arg)
{
	struct prep *p = arg;
	struct netconf *n = &p->c->net;
	int e = 0;

	if (p->cg && (e = cgroup_attach(pid, p->cg)) < 0)
		return e;
	p->step = NETNS_STEP;
	if ((n->veth && (e = net_veth_host(n, pid, &p->step)) < 0) ||
	    (n->netns && (p->step = NETNS_STEP,
	    (e = netns_bind(n->netns, pid)) < 0)))
		p->failed = 1;
	return e;
}

/* After the run, or a failure: the host end goes now, not whenever the
 * kernel gets to the namespace's cleanup, so its name is free again. */
static void
net_after(const struct conf *c)
{
	const struct netconf *n = &c->net;

	if (n->netns)
		netns_release(n->netns);
	if (n->hostidx) {
		minit_log(LOG_DEBUG, "--veth: deleting the host end %s", n->veth);
		net_link_del(n->hostidx);
	}
}

/* Start the command and supervise it. Returns the exit status. */
static int
run(struct conf *c, int inner)
{
	struct run r;
	struct spawn s;
	struct cgroup *cg = NULL;
	unsigned long ns = inner ? 0 : c->nsflags;
	int cgfd = -1, rc, status;
	long long t0 = now_ms();
	char what[256];
	struct prep p = { c, NULL, -1, 0 };
	int net = !inner && (c->net.veth || c->net.netns);

	memset(&r, 0, sizeof(r));
	r.c = c;
	r.pid1 = getpid() == 1;
	r.tty = isatty(0) && tcgetpgrp(0) == getpgrp();
	r.own_pgrp = c->pgroup || r.tty;
	r.relay = (ns & CLONE_NEWPID) != 0;

	if (net && net_before(c) < 0)
		return EXIT_MINIT;
	if (!inner && (c->mem || c->cpus_milli || c->pids || c->stats)) {
		/* --stats: a pids group with no limit counts the peak of
		 * tasks, where minit may make one; not worth failing for. */
		struct conf sc = *c;

		if (!c->pids && c->stats)
			sc.pids = UINT64_MAX;
		what[0] = 0;
		rc = cgroup_create(&sc, &cg, what, sizeof(what));
		if (rc < 0 && sc.pids != c->pids)
			rc = c->mem || c->cpus_milli ?
			    cgroup_create(c, &cg, what, sizeof(what)) : 0;
		if (rc < 0) {
			minit_log(LOG_ERR, "%s: %s%s", what[0] ? what : "cgroup",
			    errstr(-rc), geteuid() && (rc == -EACCES || rc == -EPERM) ?
			    " (not root: run as root, or give --cgroup-parent a "
			    "group delegated to you)" : "");
			if (net)
				net_after(c);
			return EXIT_MINIT;
		}
		if (cg)
			cgfd = cgroup_clone_fd(cg);
	}
	if (cgfd >= 0)
		minit_log(LOG_DEBUG, "cgroup: the child is born inside (clone3 CLONE_INTO_CGROUP)");
	p.cg = cgfd < 0 ? cg : NULL;
	rc = spawn_child(c, ns, cgfd, p.cg || net ? prepare : NULL, &p, r.tty, &s);
	if (rc < 0 && s.stage == SPAWN_CLONE && s.err == ENOSYS && cgfd >= 0) {
		/* clone3 filtered (seccomp): attach while the child waits. */
		p.cg = cg;
		rc = spawn_child(c, ns, -1, prepare, &p, r.tty, &s);
	}
	if (rc == 1)
		return run(c, 1);	/* we are PID 1 of the new namespace */
	if (rc < 0) {
		if (p.failed && p.step == NETNS_STEP)
			minit_log(LOG_ERR, "--netns: bind /run/netns/%s: %s",
			    c->net.netns, errstr(s.err));
		else if (p.failed)
			minit_log(LOG_ERR, "--veth: %s: %s%s%s%s", net_step(p.step),
			    errstr(s.err), net_kmsg[0] ? " (" : "", net_kmsg,
			    net_kmsg[0] ? ")" : "");
		else
			report_spawn_failure(c, &s);
		if (net)
			net_after(c);
		if (cg)
			cgroup_destroy(cg, 1);
		return s.stage == SPAWN_EXEC ? spawn_exec_status(s.err) :
		    EXIT_MINIT;
	}
	/* Pin no directory: the command has its own working directory now. */
	if (chdir("/") < 0)
		(void)0;
	r.child = s.pid;
	r.alive = 1;
	status = supervise(&r);
	if (!r.relay)
		status = remap(c, status);
	if (r.tty && tcgetpgrp(0) != getpgrp() && !inner)
		tcsetpgrp(0, getpgrp());
	if (c->stats && !inner)
		print_stats(cg, status, now_ms() - t0);
	if (cg) {
		cgroup_report(cg, c, WIFSIGNALED(r.status) &&
		    WTERMSIG(r.status) == SIGKILL ? 1 : status == 128 + SIGKILL);
		cgroup_destroy(cg, 0);
	}
	if (net)
		net_after(c);
	return status;
}

int
main(int argc, char **argv)
{
	struct conf c;
	int status, n, nnp;
	pid_t ppid;

	ppid = getppid();	/* first: --pdeathsig compares with it */
	memset(&c, 0, sizeof(c));
	c.grace_ms = 2000;
	/* The kernel's init: PID 1 before anyone mounted /proc. Known before
	 * the options, so that even a usage error powers off cleanly. */
	booting = getpid() == 1 && access("/proc/self", F_OK) < 0;
	/* Installed setuid, minit would hand its privileges to any command. */
	if (getuid() != geteuid() || getgid() != getegid())
		DIE("refusing to run setuid or setgid");
	options_parse(&c, argc, argv);
	verbosity = c.verbose;
	if (c.boot)		/* options_parse made sure we are PID 1 */
		booting = 1;
	if (booting) {
		c.boot = 1;
		boot_prepare(&c);
	}
	if (!c.argv[0])
		DIE("missing command (usage: minit [OPTION]... [--] COMMAND [ARG]...)");
	if ((c.nsflags & CLONE_NEWUSER) == 0 && c.nsflags && geteuid() != 0)
		minit_log(LOG_INFO, "not root: namespaces may need --user");
	/* Built here, before anything is created: a kernel without seccomp
	 * is a setup failure with nothing to undo. */
	if ((n = seccomp_build(&c, &nnp)) < 0)
		DIE("seccomp: %s", n == -ENOSYS || n == -EINVAL ?
		    "not supported by this kernel" : strerror(-n));
	if (n > 0)
		minit_log(LOG_INFO, "seccomp: %d instructions%s", n, nnp ?
		    "; no_new_privs set (minit lacks CAP_SYS_ADMIN)" : "");

	spawn_save_caller();
	if (getpid() != 1) {
		/* Orphans come to us, not to the machine's init: reaped in a
		 * shared-PID pod too. */
		if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
			minit_log(LOG_WARN, "subreaper: %s", strerror(errno));
		else
			minit_log(LOG_INFO, "not PID 1: became a child subreaper");
	}
	if (c.pdeathsig) {
		if (prctl(PR_SET_PDEATHSIG, c.pdeathsig, 0, 0, 0) < 0)
			DIE("--pdeathsig: %s", strerror(errno));
		/* The parent may have died before the signal was armed:
		 * compare with the parent minit started under. */
		if (getppid() != ppid)
			kill(getpid(), c.pdeathsig);
	}
	status = run(&c, 0);
	if (booting)
		boot_finish(status);
	return status;
}
