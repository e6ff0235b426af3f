/*
 * init.c: minit's top level. Options into one struct conf, the PID-1
 * loop, the exit status. The only file that prints fatal errors and
 * exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
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

#define LOG_ERR -1	/* printed even under -q */
#define LOG_WARN 0
#define LOG_INFO 1
#define LOG_DEBUG 2

static int booting;	/* the machine's init: never exit, power off */

static void __attribute__((noreturn))
fail_exit(int status)
{
	if (booting)
		boot_finish(status);
	exit(status);
}

#define die(...) do { minit_log(LOG_ERR, __VA_ARGS__); fail_exit(EXIT_MINIT); } while (0)

/* ---- options ---------------------------------------------------------- */

enum {
	O_PID = 256, O_NET, O_UTS, O_HOSTNAME, O_IPC, O_MOUNT, O_CGROUPNS,
	O_TIME, O_USER, O_BOOT, O_CGPARENT, O_STATS, O_NNP, O_CAPDROP, O_RUNAS,
};

struct opt {
	const char *name;
	int has_arg;		/* 1: takes a value */
	int val;		/* short letter, or O_* */
};
enum { no_argument, required_argument };

static const struct opt longopts[] = {
	{ "pgroup", no_argument, 'g' },
	{ "subreaper", no_argument, 's' },
	{ "remap-exit", required_argument, 'e' },
	{ "rewrite", required_argument, 'r' },
	{ "pdeathsig", required_argument, 'p' },
	{ "grace", required_argument, 'G' },
	{ "timeout", required_argument, 't' },
	{ "verbose", no_argument, 'v' },
	{ "quiet", no_argument, 'q' },
	{ "isolate", no_argument, 'n' },
	{ "pid", no_argument, O_PID },
	{ "net", no_argument, O_NET },
	{ "uts", no_argument, O_UTS },
	{ "hostname", required_argument, O_HOSTNAME },
	{ "ipc", no_argument, O_IPC },
	{ "mount", no_argument, O_MOUNT },
	{ "cgroupns", no_argument, O_CGROUPNS },
	{ "time", no_argument, O_TIME },
	{ "user", no_argument, O_USER },
	{ "boot", no_argument, O_BOOT },
	{ "mem", required_argument, 'm' },
	{ "cpus", required_argument, 'c' },
	{ "pids", required_argument, 'P' },
	{ "cgroup-parent", required_argument, O_CGPARENT },
	{ "stats", no_argument, O_STATS },
	{ "no-new-privs", no_argument, O_NNP },
	{ "cap-drop", required_argument, O_CAPDROP },
	{ "run-as", required_argument, O_RUNAS },
	{ "version", no_argument, 'V' },
	{ "help", no_argument, 'h' },
	{ NULL, 0, 0 },
};

static const char usage[] =
    "usage: minit [OPTION]... [--] COMMAND [ARG]...\n"
    "Run COMMAND under a small init: forward signals, reap zombies, pass the exit status on.\n"
    "  -g, --pgroup            signal the command's process group\n"
    "  -e, --remap-exit CODE   report exit code CODE as 0 (repeatable)\n"
    "  -r, --rewrite FROM:TO   forward signal FROM as TO, 0 drops it (repeatable)\n"
    "  -p, --pdeathsig SIG     receive SIG when minit's parent dies\n"
    "  -G, --grace DURATION    TERM to KILL delay for what is left (default 2s)\n"
    "  -t, --timeout DURATION  TERM the command after DURATION; exit 124\n"
    "  -n, --isolate           new pid, mount, net, uts, ipc, cgroup namespaces\n"
    "      --pid --net --uts --ipc --mount --cgroupns --time --user --hostname NAME\n"
    "  -m, --mem SIZE  -c, --cpus N  -P, --pids N  --cgroup-parent PATH  --stats\n"
    "      --no-new-privs  --cap-drop LIST|all  --run-as UID[:GID]  --boot\n"
    "  -v, --verbose  -q, --quiet  -V, --version  -h, --help\n"
    "Every long option can be set as MINIT_<NAME> (MINIT_GRACE=10s). See minit(1).\n";

/* Where a value came from, for the one-line error. */
struct src {
	int env;		/* 1: environment variable */
	const char *name;	/* option or variable name */
};

static void __attribute__((noreturn))
bad(const struct src *w, const char *val, const char *why)
{
	if (w->env)
		die("%s: %s '%s'", w->name, why, val);
	die("--%s: %s '%s'", w->name, why, val);
}

static int
env_bool(const struct src *w, const char *v)
{
	if (!*v || !strcmp(v, "0") || !strcasecmp(v, "no") ||
	    !strcasecmp(v, "false") || !strcasecmp(v, "off"))
		return 0;
	if (!strcmp(v, "1") || !strcasecmp(v, "yes") ||
	    !strcasecmp(v, "true") || !strcasecmp(v, "on"))
		return 1;
	bad(w, v, "expected 1 or 0, got");
}

static unsigned long
nsflag(int opt)
{
	switch (opt) {
	case O_PID: return CLONE_NEWPID | CLONE_NEWNS;	/* /proc is remounted */
	case O_NET: return CLONE_NEWNET;
	case O_UTS: return CLONE_NEWUTS;
	case O_IPC: return CLONE_NEWIPC;
	case O_MOUNT: return CLONE_NEWNS;
	case O_CGROUPNS: return CLONE_NEWCGROUP;
	case O_TIME: return CLONE_NEWTIME;
	case O_USER: return CLONE_NEWUSER;
	}
	return 0;
}

/* A path component "." or "..": a cgroup parent must not climb out. */
static int
has_dots(const char *p)
{
	for (; *p; p++)
		if (p[0] == '/' && p[1] == '.' && (p[2] == '/' || p[2] == 0 ||
		    (p[2] == '.' && (p[3] == '/' || p[3] == 0))))
			return 1;
	return 0;
}

/* One value for one option, from the command line or the environment. */
static void
set_opt(struct conf *c, int opt, const char *v, const struct src *w, int on)
{
	uint64_t n;
	int a, b;

	switch (opt) {
	case 'g':
		c->pgroup = on;
		break;
	case 's':
		break;	/* automatic whenever minit is not PID 1 */
	case 'e':
		if (parse_uint(v, 255, &n) < 0)
			bad(w, v, "exit code must be 0..255, got");
		c->remap[n / 8] |= (uint8_t)(1 << (n % 8));
		break;
	case 'r':
		if (parse_rewrite(v, &a, &b) < 0)
			bad(w, v, "expected FROM:TO signals, got");
		if (a == SIGKILL || a == SIGSTOP || a == SIGCHLD)
			bad(w, v, "signal cannot be rewritten:");
		c->rewrite[a] = (uint8_t)(b ? b : 0xff);
		break;
	case 'p':
		if (parse_signal(v, &a) < 0)
			bad(w, v, "bad signal");
		c->pdeathsig = a;
		break;
	case 'G':
		if (parse_duration(v, &c->grace_ms) < 0)
			bad(w, v, "bad duration");
		break;
	case 't':
		if (parse_duration(v, &c->timeout_ms) < 0)
			bad(w, v, "bad duration");
		break;
	case 'v':
		if (w->env) {
			if (parse_uint(v, 9, &n) < 0)
				bad(w, v, "expected a level 0..9, got");
			c->verbose = (int)n;
		} else if (c->verbose >= 0)
			c->verbose++;
		break;
	case 'q':
		c->verbose = on ? -1 : 0;
		break;
	case 'n':
		if (on)
			c->nsflags |= CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET |
			    CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP |
			    (geteuid() ? CLONE_NEWUSER : 0);
		break;
	case O_HOSTNAME:
		if (!*v || strlen(v) > 64)
			bad(w, v, "hostname must be 1..64 bytes, got");
		c->hostname = v;
		c->nsflags |= CLONE_NEWUTS;
		break;
	case O_BOOT:
		c->boot = on;
		break;
	case 'm':
		if (parse_size(v, &c->mem) < 0 || c->mem == 0)
			bad(w, v, "bad size");
		break;
	case 'c':
		if (parse_cpus(v, &c->cpus_milli) < 0)
			bad(w, v, "expected a positive number of CPUs, got");
		break;
	case 'P':
		if (!strcasecmp(v, "max"))
			c->pids = UINT64_MAX;
		else if (parse_uint(v, 1U << 22, &n) < 0 || n == 0)
			bad(w, v, "expected a task count 1..4194304 or max, got");
		else
			c->pids = n;
		break;
	case O_CGPARENT:
		if (v[0] != '/' || has_dots(v) || strlen(v) > 512)
			bad(w, v, "expected an absolute path without '..', got");
		c->cgroup_parent = v;
		break;
	case O_STATS:
		c->stats = on;
		break;
	case O_NNP:
		c->no_new_privs = on;
		break;
	case O_CAPDROP:
		if (parse_caps(v, &c->cap_drop) < 0)
			bad(w, v, "unknown capability in");
		break;
	case O_RUNAS: {
		uid_t u;
		gid_t g;
		int hg;

		if (parse_ids(v, &u, &g, &hg) < 0)
			bad(w, v, "expected numeric UID[:GID], got");
		c->run_as = 1;
		c->uid = u;
		c->gid = hg ? g : (gid_t)u;
		break;
	}
	default:
		if (nsflag(opt)) {
			if (on)
				c->nsflags |= nsflag(opt);
			else
				c->nsflags &= ~nsflag(opt);
		}
	}
}

/* MINIT_<NAME> for every long option; lists split at commas for the
 * repeatable ones. Read before the command line, which wins. */
static void
read_env(struct conf *c)
{
	const struct opt *o;

	for (o = longopts; o->name; o++) {
		char name[40], *p, *v;
		struct src w = { 1, name };

		if (o->val == 'V' || o->val == 'h')
			continue;
		p = stpcpy(name, "MINIT_");
		for (const char *s = o->name; *s; s++)
			*p++ = *s == '-' ? '_' : (char)(*s & ~0x20);
		*p = 0;
		if ((v = getenv(name)) == NULL)
			continue;
		if (o->val == 'e' || o->val == 'r') {
			char buf[1024], *tok, *save;

			if (strlen(v) >= sizeof(buf))
				bad(&w, v, "too long:");
			strcpy(buf, v);
			for (tok = strtok_r(buf, ", ", &save); tok;
			    tok = strtok_r(NULL, ", ", &save))
				set_opt(c, o->val, tok, &w, 1);
			continue;
		}
		/* Switches: MINIT_PGROUP=1 sets, =0 clears. */
		set_opt(c, o->val, v, &w, o->has_arg == no_argument &&
		    o->val != 'v' ? env_bool(&w, v) : 1);
	}
}

static void
say(const char *s)
{
	if (write(1, s, strlen(s)) < 0)
		(void)0;
	fail_exit(0);
}

/* A long option by exact name or unique prefix, as getopt_long. */
static const struct opt *
find_long(const char *name, size_t len)
{
	const struct opt *o, *hit = NULL;
	int n = 0;

	for (o = longopts; o->name; o++) {
		if (strncmp(o->name, name, len))
			continue;
		if (o->name[len] == 0)
			return o;
		hit = o;
		n++;
	}
	if (n > 1)
		die("--%.*s: ambiguous option", (int)len, name);
	return n ? hit : NULL;
}

/*
 * GNU-style options: -gv clusters, -G2s and -G 2s, --grace=2s and
 * --grace 2s, unique prefixes of long names, "--" to end them. Parsing
 * stops at the first non-option, so `minit sh -c ...` works unquoted.
 */
static void
parse_args(struct conf *c, int argc, char **argv)
{
	int i, seen_e = 0, seen_r = 0;

	for (i = 1; i < argc; i++) {
		char *a = argv[i], *v = NULL;
		const struct opt *o = NULL;
		struct src w = { 0, NULL };

		if (a[0] != '-' || a[1] == 0)
			break;
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[1] == '-') {
			char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

			if (!(o = find_long(a + 2, len)))
				die("--%.*s: unknown option", (int)len, a + 2);
			if (eq && !o->has_arg)
				die("--%s: takes no value", o->name);
			if (eq)
				v = eq + 1;
			else if (o->has_arg && (v = argv[++i]) == NULL)
				die("--%s: missing value", o->name);
			w.name = o->name;
		} else {
			/* a cluster: every letter a switch but perhaps the last */
			for (a++; *a; a++) {
				for (o = longopts; o->name && o->val != *a; o++)
					;
				if (!o->name)
					die("-%c: unknown option", *a);
				if (o->has_arg)
					break;
				if (o->val == 'V' || o->val == 'h')
					break;
				w.name = o->name;
				set_opt(c, o->val, NULL, &w, 1);
			}
			if (!*a)
				continue;
			if (o->has_arg && !*(v = a + 1) && (v = argv[++i]) == NULL)
				die("-%c: missing value", *a);
			w.name = o->name;
		}
		if (o->val == 'V')
			say("minit " MINIT_VERSION "\n");
		if (o->val == 'h')
			say(usage);
		/* The command line replaces, not extends, an environment list. */
		if (o->val == 'e' && !seen_e++)
			memset(c->remap, 0, sizeof(c->remap));
		if (o->val == 'r' && !seen_r++)
			memset(c->rewrite, 0, sizeof(c->rewrite));
		set_opt(c, o->val, v, &w, 1);
	}
	c->argv = argv + i;
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

static void
signal_one(pid_t pid, int sig)
{
	if (sig != SIGTERM || first_term(pid))
		kill(pid, sig);
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
		kill(-1, sig);
		return;
	}
	if (r->own_pgrp && (sig != SIGTERM || first_term(-r->child)))
		kill(-r->child, sig);
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
	if (s->stage == SPAWN_EXEC)
		minit_log(LOG_ERR, "exec %s: %s", c->argv[0], errstr(s->err));
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

/* Start the command and supervise it. Returns the exit status. */
static int
run(const struct conf *c, int inner)
{
	struct run r;
	struct spawn s;
	struct cgroup *cg = NULL;
	unsigned long ns = inner ? 0 : c->nsflags;
	int cgfd = -1, rc, status;
	long long t0 = now_ms();
	char what[256];

	memset(&r, 0, sizeof(r));
	r.c = c;
	r.pid1 = getpid() == 1;
	r.tty = isatty(0) && tcgetpgrp(0) == getpgrp();
	r.own_pgrp = c->pgroup || r.tty;
	r.relay = (ns & CLONE_NEWPID) != 0;

	if (!inner && (c->mem || c->cpus_milli || c->pids)) {
		what[0] = 0;
		rc = cgroup_create(c, &cg, what, sizeof(what));
		if (rc < 0) {
			minit_log(LOG_ERR, "%s: %s", what[0] ? what : "cgroup",
			    errstr(-rc));
			return EXIT_MINIT;
		}
		cgfd = cgroup_clone_fd(cg);
	}
	if (cgfd >= 0)
		minit_log(LOG_DEBUG, "cgroup: the child is born inside (clone3 CLONE_INTO_CGROUP)");
	rc = spawn_child(c, ns, cgfd, cg && cgfd < 0 ? cgroup_attach : NULL,
	    cg, r.tty, &s);
	if (rc < 0 && s.stage == SPAWN_CLONE && s.err == ENOSYS && cgfd >= 0)
		/* clone3 filtered (seccomp): attach while the child waits. */
		rc = spawn_child(c, ns, -1, cgroup_attach, cg, r.tty, &s);
	if (rc == 1)
		return run(c, 1);	/* we are PID 1 of the new namespace */
	if (rc < 0) {
		report_spawn_failure(c, &s);
		if (cg)
			cgroup_destroy(cg);
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
		cgroup_destroy(cg);
	}
	return status;
}

int
main(int argc, char **argv)
{
	struct conf c;
	int status;
	pid_t ppid;

	ppid = getppid();	/* first: --pdeathsig compares with it */
	memset(&c, 0, sizeof(c));
	c.grace_ms = 2000;
	/* The kernel's init: PID 1 before anyone mounted /proc. Known before
	 * the options, so that even a usage error powers off cleanly. */
	booting = getpid() == 1 && access("/proc/self", F_OK) < 0;
	/* Installed setuid, minit would hand its privileges to any command. */
	if (getuid() != geteuid() || getgid() != getegid())
		die("refusing to run setuid or setgid");
	read_env(&c);
	parse_args(&c, argc, argv);
	verbosity = c.verbose;
	if (c.boot && getpid() == 1)
		booting = 1;
	if (booting) {
		c.boot = 1;
		boot_prepare(&c);
	}
	if (!c.argv[0])
		die("missing command (usage: minit [OPTION]... [--] COMMAND [ARG]...)");
	if (c.boot && !booting)
		die("--boot: minit is not PID 1 (boot mode is for the kernel's init)");
	/* Only 0 is mapped in the user namespace minit makes. */
	if ((c.nsflags & CLONE_NEWUSER) && c.run_as && (c.uid || c.gid))
		die("--run-as: %u:%u conflicts with --user: only 0 is mapped inside",
		    (unsigned)c.uid, (unsigned)c.gid);
	if ((c.nsflags & CLONE_NEWUSER) == 0 && c.nsflags && geteuid() != 0)
		minit_log(LOG_INFO, "not root: namespaces may need --user");

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
			die("--pdeathsig: %s", strerror(errno));
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
