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
#include <sys/auxv.h>
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

static int booting;	/* the machine's init: never exit, power off */
static int early_sig;	/* --pdeathsig that fired before it was armed */

/* Only init.c ends minit: exit, or power off as the machine's init. */
static void __attribute__((noreturn))
minit_fail(int status)
{
	if (booting)
		boot_finish(status);
	exit(status);
}

/* setup failed: one line, exit 125 */
#define DIE(...) do { minit_log(LOG_ERR, __VA_ARGS__); minit_fail(EXIT_MINIT); } while (0)

/*
 * The terminal, judged once by the outer minit before any namespace:
 * inside a new PID namespace tcgetpgrp() and getpgrp() both say 0 (the
 * groups are not visible there), so no judgement can be made there.
 * The one rule: the terminal goes to the command's group only when minit
 * itself is in the foreground, at the start and at every continue.
 */
struct term {
	int fd;			/* minit's controlling terminal (0..2), or -1 */
	int fg;			/* minit is in its foreground */
	int stop_with;		/* a shell's job control watches: stop with the command */
	int notify;		/* --pid: the inner tells the outer "stopped" here */
};

static void
term_judge(struct term *t)
{
	pid_t fg;

	memset(t, 0, sizeof(*t));
	t->notify = -1;
	for (t->fd = 0; t->fd < 3; t->fd++)
		if ((fg = tcgetpgrp(t->fd)) > 0) {
			t->fg = fg == getpgrp();
			/* As PID 1 nobody is there to see a stop. */
			t->stop_with = getpid() != 1;
			return;
		}
	t->fd = -1;
}

/* ---- the loop --------------------------------------------------------- */

struct run {
	const struct conf *c;
	pid_t self;
	pid_t child;		/* the command, or the namespace's init */
	pid_t grp;		/* kill() target for the command's group: -child
				 * (its own), 0 (the inner's, which it shares),
				 * or child (it has none) */
	pid_t handto;		/* group given the terminal when minit is in the
				 * foreground; 0: never */
	int alive;		/* the child has not been reaped */
	int stopped;
	int status;		/* its wait status, once reaped */
	int pid1;		/* kill(-1) reaches everything but us */
	int relay;		/* the child is minit as PID 1 of a namespace */
	int inner;		/* we are that init */
	int tty, stop_with, notify;	/* struct term */
	int timed_out;
	int killed;		/* reaped dead by a KILL minit did not send */
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
 * Pids and groups already sent SIGTERM in this grace period, so that a
 * re-scan TERMs only the newcomers: a trap must not run twice. Only as a
 * subreaper; as PID 1, kill(-1) reaches every descendant at once. Past
 * the table's size a newcomer is signalled every time rather than never.
 */
static pid_t termed[1024];
static size_t ntermed;

static int
was_termed(pid_t pid)
{
	size_t i;

	for (i = 0; i < ntermed; i++)
		if (termed[i] == pid)
			return 1;
	return 0;
}

static int
first_term(pid_t pid)
{
	if (was_termed(pid))
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
signal_one(struct run *r, pid_t pid, int sig)
{
	if (sig == SIGTERM) {
		/* A member of the command's group had its TERM with the
		 * group, also when it came to us only later. */
		if (r->grp != r->child && was_termed(r->grp) &&
		    getpgid(pid) == (r->grp ? -r->grp : getpgrp()))
			return;
		if (!first_term(pid))
			return;
	}
	sig_to(pid, sig);
}

/* Signal what is left besides the main child: everything in the PID
 * namespace when we are its init; otherwise our direct children (orphans
 * reparented to the subreaper) and the command's process group. Called
 * again on every wake of the grace period, for descendants that were
 * reparented to us since. */
static int
proc_is_ours(void)
{
	char b[4];

	return readlink("/proc/self", b, sizeof(b)) == 1 && b[0] == '1';
}

struct sigto {
	struct run *r;
	int sig;
};

static void
signal_each(pid_t pid, void *arg)
{
	struct sigto *st = arg;

	signal_one(st->r, pid, st->sig);
}

static void
kill_rest(struct run *r, int sig)
{
	char dir[40];
	struct sigto st = { r, sig };
	int e;

	/* -1: every process in the namespace; but for a TERM the command's
	 * group had already, the others one by one (a trap runs once). They
	 * are found in /proc only when it is the namespace's own (its pids
	 * are ours); with another namespace's /proc the rest waits for the
	 * grace period's KILL rather than give the group a second TERM. */
	if (r->pid1 && !(sig == SIGTERM && r->grp != r->child &&
	    was_termed(r->grp))) {
		sig_to(-1, sig);
		return;
	}
	if (r->pid1 && !proc_is_ours())
		return;
	if (r->grp < 0 && (sig != SIGTERM || first_term(r->grp)))
		sig_to(r->grp, sig);
	fmt_buf(dir, sizeof(dir), "/proc/self/task/%d", (int)r->self);
	if ((e = cgroup_each_pid(dir, "children", signal_each, &st)) < 0)
		minit_log(LOG_INFO, "%s/children: %s: cannot find orphans", dir,
		    fmt_strerror(-e));
}

static void
send_child(struct run *r, int sig)
{
	/* -g, and job control's signals when the command has a group: the
	 * whole group (fg resumes a pipeline, not its leader alone); the
	 * child alone if it has not made its group yet. */
	int jc = sig == SIGCONT || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;

	if (r->grp != r->child && (r->c->pgroup || jc) && kill(r->grp, sig) == 0) {
		if (sig == SIGTERM)
			first_term(r->grp);
		return;
	}
	if (kill(r->child, sig) < 0 && errno != ESRCH)
		minit_log(LOG_WARN, "kill %d: %s", (int)r->child, fmt_strerror(errno));
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

/* The main child stopped (^Z, a read from the terminal in the background,
 * a job-control signal we forwarded): when a shell's job control watches
 * us, do what its job would and stop too, so that the shell sees it and
 * takes the terminal back. Without a terminal nobody would continue us.
 * The namespace's init cannot stop (the kernel ignores its own stop
 * signals): it tells the outer minit, which stops instead. */
static void
on_child_stopped(struct run *r)
{
	r->stopped = 1;
	if (!r->stop_with)
		return;
	if (r->inner) {
		if (write(r->notify, "S", 1) < 0)
			(void)0;	/* the outer is gone: we die with it */
		return;
	}
	minit_log(LOG_INFO, "command stopped: stopping too");
	kill(r->self, SIGSTOP);
}

static void
reap(struct run *r)
{
	int st;
	pid_t pid;

	for (;;) {
		pid = waitpid(-1, &st, WNOHANG | WUNTRACED | WCONTINUED);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid <= 0)
			return;
		/* The OOM report's count (cgroup_report): from our own KILL
		 * on, a KILL is no longer news. */
		if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL && r->phase < 2)
			r->killed++;
		if (pid != r->child) {
			if (!WIFSTOPPED(st) && !WIFCONTINUED(st))
				minit_log(LOG_DEBUG, "reaped %d", (int)pid);
			continue;
		}
		if (WIFSTOPPED(st)) {
			on_child_stopped(r);
			continue;
		}
		if (WIFCONTINUED(st)) {
			r->stopped = 0;
			continue;
		}
		r->alive = 0;
		r->stopped = 0;
		r->timeout_at = 0;
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
	if (log_level >= LOG_DEBUG)
		minit_log(LOG_DEBUG, "forward %s", parse_signame(sig, nb));
	if (sig == SIGCONT) {
		r->stopped = 0;
		/* fg after ^Z: the terminal goes back to the command's group,
		 * by the one rule (struct term). */
		if (r->handto && tcgetpgrp(r->tty) == getpgrp())
			tcsetpgrp(r->tty, r->handto);
	}
	send_child(r, sig);
	/* A stopped command cannot act on it: continue it, as --timeout
	 * does. (A relay's inner minit does this itself.) */
	if (r->stopped && !r->relay && (sig == SIGTERM || sig == SIGINT ||
	    sig == SIGHUP || sig == SIGQUIT))
		send_child(r, SIGCONT);
}

/*
 * Signals that are not the command's, never forwarded: what minit raised
 * itself (a failed write's SIGPIPE, a kill(0) that reached its own
 * group), and what the kernel raised for minit (a terminal's key for a
 * group the command is in, which got it already; a resource limit). The
 * kernel's one signal meant for the command: the hang-up of a terminal
 * whose session minit leads.
 */
static int
not_the_commands(const struct run *r, int sig, const siginfo_t *si)
{
	if (si->si_code > 0)
		return !(sig == SIGHUP && getsid(0) == r->self);
	return si->si_pid == r->self;
}

/* The outer minit of --pid with a shell watching: the inner said its
 * command stopped. */
static void
on_notify(struct run *r)
{
	char b;

	/* one byte, 'S', per stop */
	while (read(r->notify, &b, 1) > 0)
		on_child_stopped(r);
}

/* Invariant, from here on: minit never bails out. A PID-1 death takes
 * the whole container with it, so every failure is logged and the loop
 * goes on until the command and everything it left are gone. */
static int
supervise(struct run *r)
{
	/* Dequeued first after any other signal: rt_sigtimedwait hands out
	 * the lowest number first, and a flood of USR1 (10) or PIPE (13)
	 * must not starve TERM (15) or CHLD (17). */
	uint64_t all = ~0ULL, first = 1ULL << (SIGCHLD - 1) |
	    1ULL << (SIGTERM - 1) | 1ULL << (SIGINT - 1) | 1ULL << (SIGIO - 1);
	struct timespec zero = { 0, 0 };
	siginfo_t si;
	int sig = SIGCHLD;

	if (r->c->timeout_ms && !r->relay)
		r->timeout_at = now_ms() + r->c->timeout_ms;
	if (early_sig && !r->inner)
		forward(r, early_sig);
	for (;;) {
		struct timespec ts, *tp = NULL;
		long long now, at = 0;
		int timeout_due = 0;

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
		/* The two timers by kind, not by value: a timeout is due only
		 * while the command lives (reap clears it). */
		if (r->alive && r->timeout_at) {
			at = r->timeout_at;
			timeout_due = 1;
		}
		if (r->grace_at && (!at || r->grace_at < at)) {
			at = r->grace_at;
			timeout_due = 0;
		}
		if (at) {
			now = now_ms();
			if (at <= now) {
				if (timeout_due)
					on_timeout(r);
				else {
					r->grace_at = 0;
					r->phase = 2;
					minit_log(LOG_INFO, "grace over: KILL");
					if (r->alive)
						send_child(r, SIGKILL);
					kill_rest(r, SIGKILL);
				}
				sig = -1;
				continue;
			}
			ts.tv_sec = (at - now) / 1000;
			ts.tv_nsec = ((at - now) % 1000) * 1000000;
			tp = &ts;
		}
		/* No timer unless a timeout or grace is pending: idle minit
		 * never wakes. */
		if (sig == SIGCHLD || sig < 0 || (sig = (int)syscall(SYS_rt_sigtimedwait,
		    &first, &si, &zero, sizeof(uint64_t))) < 0)
			sig = (int)syscall(SYS_rt_sigtimedwait, &all, &si, tp,
			    sizeof(uint64_t));
		if (sig < 0) {
			if (errno != EAGAIN && errno != EINTR)
				minit_log(LOG_WARN, "sigtimedwait: %s", fmt_strerror(errno));
			continue;
		}
		if (sig == SIGCHLD)
			continue;
		if (sig == SIGIO && si.si_code == POLL_IN && si.si_fd == r->notify &&
		    !r->inner)
			on_notify(r);
		else if (!not_the_commands(r, sig, &si))
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

/* The one line for a failed spawn; the exit status it makes. */
static int
report_spawn_failure(const struct conf *c, const struct spawn *s)
{
	char buf[300];
	const char *what, *why;
	int exec = s->stage == SPAWN_EXEC;

	if (exec) {
		what = c->argv[0];
		why = spawn_exec_why(what, s->err, buf, sizeof(buf));
	} else if (s->stage >= SPAWN_ROOTFS) {
		what = rootfs_what(c, s->stage - SPAWN_ROOTFS, buf, sizeof(buf));
		why = fmt_strerror(s->err);
	} else {
		what = spawn_what(s->stage);
		why = spawn_why(s->stage, s->err);
	}
	minit_log(LOG_ERR, "%s%s: %s%s%s", exec ? "exec " : "", what, why,
	    exec && c->root ? " in --root " : "", exec && c->root ? c->root : "");
	return exec ? spawn_exec_status(s->err) : EXIT_MINIT;
}

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

static int run(struct conf *c, const struct term *t, int inner);

/*
 * Become the init of the new PID namespace: the child of a CLONE_NEWPID
 * spawn runs this and never returns. A role, set up here and only here:
 * it keeps what is the command's (argv, signal options, grace, timeout,
 * privileges, everything applied in the command's process) and the
 * verbosity, and drops every duty of the outer minit. No namespaces,
 * cgroup, root filesystem or --stats (the outer made them and reports;
 * --root stays for messages), no boot duties (the outer powers off), no
 * --pdeathsig (spawn.c armed SIGKILL: the inner dies with the outer, and
 * the namespace with it), and no judgement of the terminal: the outer
 * made it, where the process groups are visible. A new option that is
 * an outer duty is cleared here.
 */
static void __attribute__((noreturn))
ns_init(struct conf *c, const struct term *ot, int notify)
{
	/* The terminal as the outer judged it (none: fd -1, the rest 0). */
	struct term t = *ot;

	/* The conf is ours to change: the clone copied the outer's memory. */
	c->boot = 0;
	c->pdeathsig = 0;
	c->nsflags = 0;
	c->hostname = NULL;
	c->mem = c->cpus_milli = c->pids = 0;
	c->cgroup_parent = NULL;
	c->stats = 0;
	c->nmnt = 0;
	c->workdir = NULL;
	c->ro = c->overlay = 0;
	booting = 0;
	log_who = "minit[ns]";
	/* A group of our own, which the command shares when there is a
	 * terminal: the outer can name it (it cannot see the command) to
	 * hand the terminal over, and signals for the outer's job reach the
	 * outer alone, which forwards them once. */
	setpgid(0, 0);
	t.notify = notify;
	minit_fail(run(c, &t, 1));
}

/* The outer's end of the inner's "stopped" pipe: SIGIO on every write,
 * with si_fd, so that the one rt_sigtimedwait sees it. */
static int
notify_async(int fd)
{
	/* raw: musl's fcntl() brings its F_GETOWN_EX and F_DUPFD code */
	return syscall(SYS_fcntl, fd, F_SETOWN, getpid()) < 0 ||
	    syscall(SYS_fcntl, fd, F_SETSIG, SIGIO) < 0 ||
	    syscall(SYS_fcntl, fd, F_SETFL, O_ASYNC | O_NONBLOCK) < 0 ? -1 : 0;
}

/* ---- --veth, --netns: before the clone, while the child waits, after -- */

static char *
ip4(char buf[16], const uint8_t *b)
{
	fmt_buf(buf, 16, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
	return buf;
}

/* What can be refused is refused before anything is made. */
static int
net_before(struct conf *c)
{
	/* --root's /etc/hosts maps --hostname to the sandbox's address */
	static char a[16];
	struct netconf *n = &c->net;
	int e;

	if (n->veth && (e = net_prepare(n)) < 0) {
		if (e == -EEXIST)
			minit_log(LOG_ERR, "--veth: %s: an interface of that name "
			    "exists", n->veth);
		else if (e == -ENOSPC)
			minit_log(LOG_ERR, "--ip-pool: %s/%u: no free /30 here",
			    ip4(a, n->pool.b), n->pool.plen);
		else
			minit_log(LOG_ERR, "--veth: list interfaces: %s", fmt_strerror(-e));
		return -1;
	}
	if (n->veth)
		rootfs_hosts_addr(ip4(a, n->ip.b));
	if (n->netns && (e = netns_reserve(n->netns)) < 0) {
		minit_log(LOG_ERR, "--netns: /run/netns/%s: %s", n->netns,
		    e == -EEXIST ? "exists (a name is never reused)" : fmt_strerror(-e));
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
run(struct conf *c, const struct term *t, int inner)
{
	struct run r;
	struct spawn s;
	struct cgroup *cg = NULL;
	unsigned long ns = inner ? 0 : c->nsflags;
	int cgfd = -1, rc, status = EXIT_MINIT, pgrp, nfd[2] = { -1, -1 };
	long long t0 = now_ms();
	char what[256];
	struct prep p = { c, NULL, -1, 0 };
	int net = !inner && (c->net.veth || c->net.netns);

	memset(&r, 0, sizeof(r));
	r.c = c;
	r.self = getpid();
	/* kill(-1) only as the init of a namespace of our own: the
	 * machine's init would reach the kernel's helpers (modprobe, a core
	 * dump's pipe), which are not the run's. */
	r.pid1 = r.self == 1 && !booting;
	r.relay = (ns & CLONE_NEWPID) != 0;
	r.inner = inner;
	r.tty = t->fd;
	r.stop_with = t->stop_with;
	r.notify = t->notify;
	/* Who leads a process group: the namespace's init always; else the
	 * command, with -g or a terminal (in its foreground or not, so that
	 * fg can hand it over later); the inner's command shares the
	 * inner's group when there is a terminal (the outer names that). */
	pgrp = r.relay || (inner ? c->pgroup && t->fd < 0 : c->pgroup || t->fd >= 0);

	if (net && net_before(c) < 0)
		return status;
	if (!inner && (c->mem || c->cpus_milli || c->pids || c->stats)) {
		/* --stats: a pids group with no limit counts the peak of
		 * tasks, where minit may make one; not worth failing for. */
		uint64_t pids = !c->pids && c->stats ? UINT64_MAX : c->pids;

		rc = cgroup_create(c, pids, &cg, what, sizeof(what));
		if (rc < 0 && pids != c->pids)
			rc = c->mem || c->cpus_milli ?
			    cgroup_create(c, c->pids, &cg, what, sizeof(what)) : 0;
		if (rc < 0) {
			minit_log(LOG_ERR, "%s: %s%s", what,
			    fmt_strerror(-rc), geteuid() && (rc == -EACCES || rc == -EPERM) ?
			    " (not root: run as root, or give --cgroup-parent a "
			    "group delegated to you)" : "");
			goto out;
		}
		if (cg)
			cgfd = cgroup_clone_fd(cg);
	}
	if (cgfd >= 0)
		minit_log(LOG_DEBUG, "cgroup: clone3 CLONE_INTO_CGROUP");
	/* Asynchronous before the clone: a stop the inner reports before
	 * the outer is back from spawn_child still raises SIGIO. */
	if (r.relay && t->stop_with && pipe2(nfd, O_CLOEXEC) == 0 &&
	    notify_async(nfd[0]) < 0) {
		close(nfd[0]);
		close(nfd[1]);
		nfd[0] = nfd[1] = -1;
	}
	/* Once more when clone3 is filtered (seccomp): then p.cg, attach
	 * while the child waits. */
	p.cg = cgfd < 0 ? cg : NULL;
	while ((rc = spawn_child(c, ns, p.cg ? -1 : cgfd, p.cg || net ? prepare : NULL,
	    &p, pgrp, !r.relay && t->fg ? t->fd : -1, &s)) < 0 && !p.cg &&
	    s.stage == SPAWN_CLONE && s.err == ENOSYS && cgfd >= 0)
		p.cg = cg;
	if (rc == 1) {
		if (nfd[0] >= 0)
			close(nfd[0]);
		ns_init(c, t, nfd[1]);
	}
	if (nfd[1] >= 0)
		close(nfd[1]);
	if (rc < 0) {
		if (p.failed && p.step == NETNS_STEP)
			minit_log(LOG_ERR, "--netns: bind /run/netns/%s: %s",
			    c->net.netns, fmt_strerror(s.err));
		else if (p.failed)
			minit_log(LOG_ERR, "--veth: %s: %s%s%s%s", net_step(p.step),
			    fmt_strerror(s.err), net_kmsg[0] ? " (" : "", net_kmsg,
			    net_kmsg[0] ? ")" : "");
		else
			status = report_spawn_failure(c, &s);
		/* the failed child's group had the terminal */
		if (!r.relay && t->fg && tcgetpgrp(t->fd) != getpgrp())
			tcsetpgrp(t->fd, getpgrp());
		goto out;
	}
	if (nfd[0] >= 0)
		r.notify = nfd[0];
	/* Pin no directory: the command has its own working directory now. */
	if (chdir("/") < 0)
		(void)0;
	r.child = s.pid;
	r.alive = 1;
	r.grp = inner && t->fd >= 0 ? 0 : pgrp && !r.relay ? -s.pid : s.pid;
	if (!inner && pgrp && t->fd >= 0)
		r.handto = s.pid;
	status = supervise(&r);
	/* It stopped before its exec, and the exec then failed. */
	if (spawn_late(&s))
		status = report_spawn_failure(c, &s);
	if (!r.relay)
		status = remap(c, status);
	/* Take the terminal back from the group we gave it to; never from
	 * anyone else (the shell, if minit was put in the background). */
	if (r.handto && tcgetpgrp(r.tty) == r.handto)
		tcsetpgrp(r.tty, getpgrp());
	if (c->stats)
		print_stats(cg, status, now_ms() - t0);
	if (cg)
		cgroup_report(cg, c, WIFSIGNALED(r.status) &&
		    WTERMSIG(r.status) == SIGKILL ? 1 : status == 128 + SIGKILL,
		    r.relay ? -1 : r.killed);
	rc = 0;
out:
	/* rc < 0: the run failed, and leaves nothing it made either */
	if (cg)
		cgroup_destroy(cg, rc < 0);
	if (net)
		net_after(c);
	return status;
}

int
main(int argc, char **argv)
{
	static struct conf c;	/* (zero, as the kernel loads it) */
	struct term t;
	int status, n, nnp = 0;
	pid_t ppid;

	/* First, before anything can arrive: block every signal. As PID 1
	 * a signal with no handler is dropped, not queued. */
	spawn_save_caller();
	ppid = getppid();	/* --pdeathsig compares with it */
	c.grace_ms = 2000;
	/* The kernel's init: PID 1 of the machine, before anyone mounted
	 * /proc. Known before the options, so that even a usage error powers
	 * off cleanly. A container's PID 1 without /proc is not it. */
	booting = getpid() == 1 && access("/proc/self", F_OK) < 0 &&
	    boot_machine_init();
	/* Installed setuid, setgid or with file capabilities, minit would
	 * hand its privileges to any command. */
	if (getauxval(AT_SECURE))
		DIE("refusing to run setuid, setgid or with file capabilities");
	if ((status = options_parse(&c, argc, argv)) != 0)
		minit_fail(status < 0 ? EXIT_MINIT : 0);
	log_level = c.verbose;
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
		    "not supported by this kernel" : fmt_strerror(-n));
	if (n > 0)
		minit_log(LOG_INFO, "seccomp: %d instructions%s", n, nnp ?
		    "; no_new_privs set (minit lacks CAP_SYS_ADMIN)" : "");

	if (getpid() != 1) {
		/* Orphans come to us, not to the machine's init: reaped in a
		 * shared-PID pod too. */
		if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
			minit_log(LOG_WARN, "subreaper: %s", fmt_strerror(errno));
		else
			minit_log(LOG_INFO, "not PID 1: became a child subreaper");
	}
	if (c.pdeathsig) {
		if (prctl(PR_SET_PDEATHSIG, c.pdeathsig, 0, 0, 0) < 0)
			DIE("--pdeathsig: %s", fmt_strerror(errno));
		/* The parent may have died before the signal was armed:
		 * compare with the parent minit started under. */
		if (getppid() != ppid)
			early_sig = c.pdeathsig;
	}
	term_judge(&t);
	status = run(&c, &t, 0);
	minit_fail(status);
}
