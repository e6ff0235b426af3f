/*
 * options.c: the command line and the MINIT_* environment into struct
 * conf. GNU-style options parsed here (no getopt_long: it would double
 * the size of the binary with its dependencies). A bad value is one line
 * naming the option and the value, returned as -1: init.c exits 125.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <linux/sched.h>

#include "minit.h"

/* The commit, for --version in tini's form, which dockerd parses. */
#ifndef MINIT_GIT
#define MINIT_GIT "unknown"
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* The smallest --mem: bash and ls under --pid need about 1M (v1 and v2
 * count page tables and kernel stacks too); Docker's floor is 6M. */
#define MIN_MEM (2 << 20)

enum { no_argument, required_argument, optional_argument };

/* Every long option: its name, whether it takes a value (2: only as
 * --name=VALUE), its short letter or 0, and its O_* number (the options
 * numbered 0..NOPTS-1 in this order: the switch in set_opt is then a
 * dense one, nsflag's a table of the eight namespaces in a row, and
 * the plain switches another).
 * MINIT_* apply in this order too: an option that sets a namespace comes
 * after the one that names it (MINIT_UTS=0 MINIT_HOSTNAME=x: a UTS
 * namespace). The names go into one string, the rest into 2 bytes an
 * option: no pointer, no padding per name. */
#define OPTIONS(X) \
	X("subreaper", no_argument, 's', O_SUBREAPER) \
	X("remap-exit", required_argument, 'e', O_REMAP) \
	X("rewrite", required_argument, 'r', O_REWRITE) \
	X("pdeathsig", required_argument, 'p', O_PDEATHSIG) \
	X("grace", required_argument, 'G', O_GRACE) \
	X("timeout", required_argument, 't', O_TIMEOUT) \
	X("verbose", no_argument, 'v', O_VERBOSE) \
	X("quiet", no_argument, 'q', O_QUIET) \
	X("isolate", no_argument, 'n', O_ISOLATE) \
	X("pid", no_argument, 0, O_PID) \
	X("net", no_argument, 0, O_NET) \
	X("uts", no_argument, 0, O_UTS) \
	X("ipc", no_argument, 0, O_IPC) \
	X("mount", no_argument, 0, O_MOUNT) \
	X("cgroupns", no_argument, 0, O_CGROUPNS) \
	X("time", no_argument, 0, O_TIME) \
	X("user", no_argument, 0, O_USER) \
	X("pgroup", no_argument, 'g', O_PGROUP) \
	X("boot", no_argument, 0, O_BOOT) \
	X("stats", no_argument, 0, O_STATS) \
	X("no-new-privs", no_argument, 0, O_NNP) \
	X("ro", no_argument, 0, O_RO) \
	X("seccomp", no_argument, 0, O_SECCOMP) \
	X("hostname", required_argument, 0, O_HOSTNAME) \
	X("veth", optional_argument, 0, O_VETH) \
	X("ip", required_argument, 0, O_IP) \
	X("host-ip", required_argument, 0, O_HOSTIP) \
	X("ip-pool", required_argument, 0, O_IPPOOL) \
	X("ip6", required_argument, 0, O_IP6) \
	X("netns", required_argument, 0, O_NETNS) \
	X("mem", required_argument, 'm', O_MEM) \
	X("cpus", required_argument, 'c', O_CPUS) \
	X("pids", required_argument, 'P', O_PIDS) \
	X("cgroup-parent", required_argument, 0, O_CGPARENT) \
	X("cap-drop", required_argument, 0, O_CAPDROP) \
	X("run-as", required_argument, 0, O_RUNAS) \
	X("root", required_argument, 0, O_ROOT) \
	X("workdir", required_argument, 0, O_WORKDIR) \
	X("overlay", optional_argument, 0, O_OVERLAY) \
	X("bind", required_argument, 0, O_BIND) \
	X("tmpfs", required_argument, 0, O_TMPFS) \
	X("seccomp-deny", required_argument, 0, O_SCDENY) \
	X("seccomp-allow", required_argument, 0, O_SCALLOW) \
	X("version", no_argument, 'V', O_VERSION) \
	X("help", no_argument, 'h', O_HELP)

#define OPT_ID(name, has_arg, letter, id) id,
enum { OPTIONS(OPT_ID) NOPTS };

struct opt {
	uint8_t has_arg;
	uint8_t val;	/* the short letter, or 0 */
};
#define OPT_NAME(name, has_arg, letter, id) name "\0"
#define OPT_INFO(name, has_arg, letter, id) { has_arg, letter },
static const char optnames[] = OPTIONS(OPT_NAME);
static const struct opt longopts[] = { OPTIONS(OPT_INFO) };

/* The name of option o: the walk is short, and only errors and the
 * environment's options ask. */
static const char *
opt_name(const struct opt *o)
{
	const char *n = optnames;

	for (const struct opt *i = longopts; i < o; i++)
		n += strlen(n) + 1;
	return n;
}

static const char usage[] =
    "usage: minit [OPTION]... [--] COMMAND [ARG]...\n"
    "Run COMMAND under a small init: forward signals, reap zombies, pass the exit status on.\n"
    "  -g, --pgroup            signal the command's process group\n"
    "  -e, --remap-exit CODE[,CODE]  report CODE as 0\n"
    "  -r, --rewrite FROM:TO   forward signal FROM as TO, 0 drops it (repeatable)\n"
    "  -p, --pdeathsig SIG     receive SIG when minit's parent dies\n"
    "  -G, --grace DURATION    TERM to KILL delay for what is left (default 2s;\n"
    "                          a second INT or TERM: KILL now)\n"
    "  -t, --timeout DURATION  TERM the command after DURATION; exit 124\n"
    "  -n, --isolate           new pid, mount, net, uts, ipc, cgroup namespaces\n"
    "      --pid --net --uts --ipc --mount --cgroupns --time --user --hostname NAME\n"
    "      --veth[=HOSTIF] --ip ADDR/N --host-ip ADDR/N --ip-pool NET/N --ip6 ADDR/N\n"
    "      --netns NAME\n"
    "  -m, --mem SIZE  -c, --cpus N  -P, --pids N (tasks of COMMAND)  --stats\n"
    "      --cgroup-parent PATH  --no-new-privs  --cap-drop LIST|all  --run-as UID[:GID]\n"
    "      --root DIR  --workdir DIR  --ro  --overlay[=UPPER]\n"
    "      --bind SRC:DST[:ro]  --tmpfs DST[:SIZE]   (repeatable, in order)\n"
    "      --seccomp  --seccomp-deny NAME[,NAME]...[:ERRNO]  --seccomp-allow NAME[,NAME]...\n"
    "  -s, --subreaper  --boot  -v, --verbose  -q, --quiet  -V, --version  -h, --help\n"
    "Every long option can be set as MINIT_<NAME> (MINIT_GRACE=10s). See minit(1).\n";

extern char **environ;

/* Where a value came from, for the one-line error. */
struct src {
	int env;		/* 1: environment variable */
	const char *name;	/* option name, or MINIT_NAME=VALUE */
	const struct opt *o;	/* or the option, when name is NULL */
};

static int
bad(const struct src *w, const char *val, const char *why)
{
	const char *n = w->name ? w->name : opt_name(w->o);

	/* (an environment variable's name ends at its '=') */
	minit_log(LOG_ERR, "%s%.*s: %s '%s'", w->env ? "" : "--",
	    (int)(strchrnul(n, '=') - n), n, why, val);
	return -1;
}

/* 1, 0, or -1 for a bad value. */
static int
env_bool(const struct src *w, const char *v)
{
	/* "", then four words for off and four for on, any case */
	int i = *v ? parse_name("0\0no\0false\0off\0" "1\0yes\0true\0on\0", v,
	    strlen(v)) : 0;

	return i < 0 ? bad(w, v, "expected 1 or 0, got") : i >= 4;
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

/* Whether s starts with the path component "." or "..": a cgroup
 * parent must not climb out, a name must not be one. */
static int
dots(const char *s)
{
	if (*s == '.' && s[1] == '.')
		s++;
	return *s == '.' && (s[1] == '/' || !s[1]);
}

static int
has_dots(const char *p)
{
	for (; *p; p++)
		if (*p == '/' && dots(p + 1))
			return 1;
	return 0;
}
/* Paths the options keep: the cleaned and resolved forms of --root,
 * --bind, --tmpfs and their specs (the environment's lists are split in
 * a buffer that does not last). Static, so minit still allocates nothing. */
static char pool[16384];
static size_t pool_used;

static char *
pool_take(const struct src *w, const char *v, size_t n)
{
	char *p = pool + pool_used;

	if (n > sizeof(pool) - pool_used) {
		bad(w, v, "too many paths, or too long:");
		return NULL;
	}
	pool_used += n;
	return p;
}

/* NULL, its line logged, when the pool is full */
static char *
pool_copy(const struct src *w, const char *v)
{
	char *p = pool_take(w, v, strlen(v) + 1);

	return p ? strcpy(p, v) : NULL;
}

/* The switches that are one int of struct conf, on or off: --pgroup to
 * --seccomp, in a row in the table. */
static const uint16_t switches[] = {
	offsetof(struct conf, pgroup), offsetof(struct conf, boot),
	offsetof(struct conf, stats), offsetof(struct conf, no_new_privs),
	offsetof(struct conf, ro), offsetof(struct conf, seccomp),
};
_Static_assert(O_SECCOMP - O_PGROUP + 1 == sizeof(switches) / sizeof(switches[0]),
    "the switches in a row");

/* One value for one option, from the command line or the environment. */
static int
set_opt(struct conf *c, int opt, const char *v, const struct src *w, int on)
{
	uint64_t n;
	int a, b;

	switch (opt) {
	case O_REMAP:
		if (parse_uint(v, 255, &n) < 0)
			return bad(w, v, "exit code must be 0..255, got");
		c->remap[n / 8] |= (uint8_t)(1 << (n % 8));
		break;
	case O_REWRITE:
		if (parse_rewrite(v, &a, &b) < 0)
			return bad(w, v, "expected FROM:TO signals, got");
		if (a == SIGKILL || a == SIGSTOP || a == SIGCHLD)
			return bad(w, v, "signal cannot be rewritten:");
		c->rewrite[a] = (uint8_t)(b ? b : 0xff);
		break;
	case O_PDEATHSIG:
		if (parse_signal(v, &a) < 0)
			return bad(w, v, "bad signal");
		c->pdeathsig = a;
		break;
	case O_GRACE:
		if (parse_duration(v, &c->grace_ms) < 0)
			return bad(w, v, "bad duration");
		break;
	case O_TIMEOUT:
		if (parse_duration(v, &c->timeout_ms) < 0)
			return bad(w, v, "bad duration");
		break;
	case O_VERBOSE:
		if (w->env) {
			if (parse_uint(v, 9, &n) < 0)
				return bad(w, v, "expected a level 0..9, got");
			c->verbose = (int)n;
		} else	/* the command line's -v wins over MINIT_QUIET */
			c->verbose = (c->verbose < 0 ? 0 : c->verbose) + 1;
		break;
	case O_QUIET:
		/* MINIT_QUIET=0 undoes quiet, not a MINIT_VERBOSE level */
		if (on)
			c->verbose = -1;
		else if (c->verbose < 0)
			c->verbose = 0;
		break;
	case O_ISOLATE:
		if (on)
			c->nsflags |= CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET |
			    CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP |
			    (geteuid() ? CLONE_NEWUSER : 0);
		break;
	case O_HOSTNAME:
		if (!*v || strlen(v) > 64)
			return bad(w, v, "hostname must be 1..64 bytes, got");
		c->hostname = v;
		c->nsflags |= CLONE_NEWUTS;
		break;
	case O_VETH:
		/* MINIT_VETH=1: the default name, =0 none (read_env hands
		 * the value on as it is); a command line --veth without
		 * =HOSTIF has no value. */
		if (v && w->env && (!strcmp(v, "1") || !strcmp(v, "0") || !*v))
			v = *v == '1' ? "" : NULL;
		else if (!v)
			v = "";
		else if (!*v || strlen(v) > 15 || has_any(v, "/: \t\n") || dots(v))
			return bad(w, v, "expected an interface name of 1..15 bytes, got");
		c->net.veth = v;
		if (v)
			c->nsflags |= CLONE_NEWNET;
		break;
	case O_IP:
	case O_HOSTIP:
	case O_IPPOOL:
	case O_IP6: {
		struct ipaddr *ia = opt == O_IP ? &c->net.ip : opt == O_HOSTIP ?
		    &c->net.host_ip : opt == O_IPPOOL ? &c->net.pool : &c->net.ip6;
		int r = parse_ip(v, opt == O_IP6 ? AF_INET6 : AF_INET, ia);

		if (r == -ERANGE)
			return bad(w, v, opt == O_IP6 ? "prefix must be 0..128 in" :
			    "prefix must be 0..32 in");
		if (r < 0)
			return bad(w, v, opt == O_IP6 ? "expected an IPv6 ADDR/PREFIX, got" :
			    "expected an IPv4 ADDR/PREFIX, got");
		if (opt == O_IPPOOL && ia->plen > 30)
			return bad(w, v, "the pool must hold a /30, got");
		break;
	}
	case O_NETNS:
		if (!*v || strchr(v, '/') || dots(v) || strlen(v) > 200)
			return bad(w, v, "expected a name without '/', got");
		c->net.netns = v;
		c->nsflags |= CLONE_NEWNET;
		break;
	case O_MEM:
		if (parse_size(v, &c->mem) < 0)
			return bad(w, v, "bad size");
		/* Below this not even a shell starts: refused here rather than
		 * reported as an OOM kill of a command that never ran. */
		if (c->mem < MIN_MEM)
			return bad(w, v, "below the 2M minimum:");
		/* The kernel counts whole pages: say the limit it will keep. */
		if (c->mem != UINT64_MAX) {
			uint64_t pg = 4096;

			c->mem = (c->mem + pg - 1) / pg * pg;
		}
		break;
	case O_CPUS:
		if (parse_cpus(v, &c->cpus_milli) < 0)
			return bad(w, v, "expected a number of CPUs, got");
		/* CFS takes at least 1 ms of quota per period (100 ms here). */
		if (c->cpus_milli < 10)
			return bad(w, v, "below the 0.01 minimum:");
		break;
	case O_PIDS:
		if (!parse_ncase(v, "max", SIZE_MAX))
			c->pids = UINT64_MAX;
		else if (parse_uint(v, 1U << 22, &n) < 0 || n == 0)
			return bad(w, v, "expected a task count 1..4194304 or max, got");
		else
			c->pids = n;
		break;
	case O_CGPARENT:
		if (v[0] != '/' || has_dots(v) || strlen(v) > 512)
			return bad(w, v, "expected an absolute path without '..', got");
		c->cgroup_parent = v;
		break;
	case O_CAPDROP:
		if (parse_caps(v, &c->cap_drop) < 0)
			return bad(w, v, "unknown capability in");
		break;
	case O_RUNAS: {
		uid_t u;
		gid_t g;
		int hg;

		if (parse_ids(v, &u, &g, &hg) < 0)
			return bad(w, v, "expected numeric UID[:GID], got");
		c->run_as = 1;
		c->uid = u;
		c->gid = hg ? g : (gid_t)u;
		break;
	}
	case O_ROOT:
		c->root = v;	/* (argv or environ: it lasts; check_root resolves it) */
		break;
	case O_WORKDIR: {
		char *p = pool_take(w, v, strlen(v) + 2);

		if (!p)
			return -1;
		if (parse_path(v, p, strlen(v) + 2) < 0)
			return bad(w, v, "expected an absolute path without '..', got");
		c->workdir = p;
		break;
	}
	case O_OVERLAY:
		c->overlay = on;
		c->upper = on ? v : NULL;
		break;
	case O_BIND:
	case O_TMPFS: {
		struct mnt *m = &c->mnt[c->nmnt];
		size_t len = strlen(v) + 3;
		char *p;

		if (c->nmnt == MINIT_MAXMNT)
			return bad(w, v, "too many --bind and --tmpfs (32 at most):");
		/* the spec as given, then its parts */
		if (!(p = pool_take(w, v, 2 * len)))
			return -1;
		m->spec = strcpy(p, v);
		m->src = p = p + len;
		if (opt == O_BIND ? parse_bind(v, p, len, &m->dst, &m->ro) < 0 :
		    (m->src = NULL, parse_tmpfs(v, p, len, &m->size) < 0))
			return bad(w, v, opt == O_BIND ? "expected SRC:DST[:ro] with an "
			    "absolute DST other than / and no '..', got" :
			    "expected DST[:SIZE] with an absolute DST other than "
			    "/, no '..' and a size above 0, got");
		if (opt == O_TMPFS)
			m->dst = p;
		c->nmnt++;
		break;
	}
	case O_SCDENY:
	case O_SCALLOW: {
		const char *at = NULL;
		size_t len;
		char name[40];

		if (seccomp_rules(c->sc_rules, v, opt == O_SCALLOW, &at, &len) == -ERANGE)
			return bad(w, v, "errno must be 1..4095, got");
		if (at) {
			if (len >= sizeof(name))
				len = sizeof(name) - 1;
			memcpy(name, at, len);
			name[len] = 0;
			return bad(w, name, "unknown system call");
		}
		break;
	}
	default:	/* -s too: automatic whenever minit is not PID 1 */
		if (opt >= O_PGROUP && opt <= O_SECCOMP)
			*(int *)((char *)c + switches[opt - O_PGROUP]) = on;
		if (nsflag(opt)) {
			if (on)
				c->nsflags |= nsflag(opt);
			else
				c->nsflags &= ~nsflag(opt);
		}
	}
	return 0;
}

/* -e and -r take lists, "143,3" or "TERM:INT HUP:0", in either source. */
static int
set_list(struct conf *c, int opt, const char *v, const struct src *w)
{
	char buf[1024], *p = buf, *tok;

	if (strlen(v) >= sizeof(buf))
		return bad(w, v, "too long:");
	strcpy(buf, v);
	/* strtok's split, without strtok_r and its strspn and strcspn */
	for (;;) {
		while (*p == ',' || *p == ' ')
			p++;
		if (!*p)
			return 0;
		for (tok = p; *p && *p != ',' && *p != ' '; p++)
			;
		if (*p)
			*p++ = 0;
		if (set_opt(c, opt, tok, w, 1) < 0)
			return -1;
	}
}

/*
 * The option NAME (LEN bytes) names. On the command line (ENV 0): a long
 * option by exact name or unique prefix, as getopt_long; NULL, its line
 * logged, when unknown or ambiguous. In the environment (ENV 1): the
 * NAME of MINIT_NAME, the option's name in upper case with '-' as '_',
 * exactly (as getenv would compare); NULL, silently, when none.
 */
static const struct opt *
find_opt(const char *name, size_t len, int env)
{
	const struct opt *o, *hit = NULL;
	const char *on = optnames;
	int n = 0;

	for (o = longopts; *on; o++, on += strlen(on) + 1) {
		size_t i = 0;

		/* names are [a-z0-9-]: only letters change case */
		while (i < len && (!env ? on[i] : on[i] == '-' ? '_' :
		    on[i] >= 'a' ? on[i] - 32 : on[i]) == name[i])
			i++;
		if (i < len)
			continue;
		if (on[len] == 0)
			return o;
		if (env)
			continue;
		hit = o;
		n++;
	}
	if (n != 1 && !env)
		minit_log(LOG_ERR, "--%.*s: %s", (int)len, name, n ?
		    "ambiguous option" : "unknown option (see minit --help)");
	return n == 1 ? hit : NULL;
}

/* MINIT_NAME of a long option, into name[40]. */
static void
env_name(const char *opt, char *name)
{
	char *p = name + 6;

	memcpy(name, "MINIT_", 6);

	for (const char *s = opt; *s; s++)
		*p++ = *s == '-' ? '_' : *s >= 'a' ? (char)(*s - 32) : *s;
	*p = 0;
}

/* How far apart a and b are: the length of the stretch between their
 * common prefix and common suffix (1 for a letter left out, added or
 * changed, 2 for two swapped). */
static int
distance(const char *a, size_t al, const char *b)
{
	size_t bl = strlen(b), p = 0, q = 0;

	while (p < al && p < bl && a[p] == b[p])
		p++;
	while (q < al - p && q < bl - p && a[al - 1 - q] == b[bl - 1 - q])
		q++;
	return (int)((al > bl ? al : bl) - p - q);
}

/* Set by read_env when a MINIT_ variable names no option. */
static int env_unknown;

/* A MINIT_ variable no option knows, a letter or two away from one that
 * it does: warn, rather than leave the user wondering why MINIT_TIMEOT
 * did nothing. Farther names may belong to someone else's tool. */
static void
check_env_names(void)
{
	char name[40], best[40];

	for (char **e = environ; *e; e++) {
		const char *eq;
		size_t len;
		int d, bd = 3;

		if (**e != 'M' || strncmp(*e, "MINIT_", 6))
			continue;
		/* (read_env takes no name without its '=') */
		if (!(eq = strchr(*e, '=')) || (len = (size_t)(eq - *e)) >= sizeof(name) ||
		    find_opt(*e + 6, len - 6, 1))	/* known: distance 0 */
			continue;
		for (const char *n = optnames; *n; n += strlen(n) + 1) {
			env_name(n, name);
			if ((d = distance(*e, len, name)) < bd) {
				bd = d;
				strcpy(best, name);
			}
		}
		if (bd > 0 && bd < 3)
			minit_log(LOG_WARN, "%.*s: unknown variable, ignored (did you "
			    "mean %s?)", (int)len, *e, best);
	}
}

/* MINIT_<NAME> for every long option; lists split at commas for the
 * repeatable ones. Read before the command line, which wins. */
static int
read_env(struct conf *c)
{
	const char *val[NOPTS], *eq;
	const struct opt *o;
	int on, any = 0;

	/* One pass over the environment, not a getenv per option (95% of
	 * the start-up with one MINIT_ variable); the first MINIT_NAME of a
	 * name counts, as for getenv. */
	for (char **e = environ; e && *e; e++) {	/* (clearenv(): NULL) */
		if (**e != 'M' || strncmp(*e, "MINIT_", 6) || !(eq = strchr(*e, '=')))
			continue;
		if (!any++)	/* most runs have none: no cost then */
			memset(val, 0, sizeof(val));
		if (!(o = find_opt(*e + 6, (size_t)(eq - *e - 6), 1)))
			env_unknown = 1;	/* for check_env_names */
		else if (!val[o - longopts])
			val[o - longopts] = *e;
	}
	if (!any)
		return 0;
	/* Then in the table's order, whatever the environment's. */
	for (o = longopts; o < longopts + NOPTS; o++) {
		int id = (int)(o - longopts);
		const char *v = val[id];
		struct src w = { 1, v, o };

		if (!v || id == O_VERSION || id == O_HELP)
			continue;
		v = strchr(v, '=') + 1;
		if (id == O_REMAP || id == O_REWRITE || id == O_BIND || id == O_TMPFS) {
			if (set_list(c, id, v, &w) < 0)
				return -1;
			continue;
		}
		/* MINIT_OVERLAY=/path is --overlay=/path, =1 plain --overlay. */
		if (o->has_arg == optional_argument && (*v == '/' || *v == '.' ||
		    id == O_VETH)) {	/* MINIT_VETH=HOSTIF, =1, =0 */
			if (set_opt(c, id, v, &w, 1) < 0)
				return -1;
			continue;
		}
		/* Switches: MINIT_PGROUP=1 sets, =0 clears. */
		on = o->has_arg != required_argument && id != O_VERBOSE ?
		    env_bool(&w, v) : 1;
		if (on < 0 || set_opt(c, id, o->has_arg == optional_argument ?
		    NULL : v, &w, on) < 0)
			return -1;
	}
	return 0;
}

/* --help and --version: through fmt, which expands coded text. */
static int
say(const char *s)
{
	char buf[2048];

	_Static_assert(sizeof(usage) < sizeof(buf), "say() would cut --help short");
	if (write(1, buf, (size_t)fmt_buf(buf, sizeof(buf), "%s", s)) < 0)
		(void)0;
	return 1;
}

static int
usage_err(const struct opt *o, const char *why)
{
	minit_log(LOG_ERR, "--%s: %s", opt_name(o), why);
	return -1;
}

/*
 * GNU-style options: -gv clusters, -G2s and -G 2s, --grace=2s and
 * --grace 2s, unique prefixes of long names, "--" to end them. Parsing
 * stops at the first non-option, so `minit sh -c ...` works unquoted.
 */
static int
parse_args(struct conf *c, int argc, char **argv)
{
	/* The command line replaces, not extends, an environment list: the
	 * first of these options there empties the list it builds. */
	static const struct {
		uint8_t opt[2];
		uint16_t off, size;
	} lists[] = {
		{ { O_REMAP, O_REMAP }, offsetof(struct conf, remap), sizeof(c->remap) },
		{ { O_REWRITE, O_REWRITE }, offsetof(struct conf, rewrite), sizeof(c->rewrite) },
		{ { O_BIND, O_TMPFS }, offsetof(struct conf, nmnt), sizeof(c->nmnt) },
		{ { O_SCDENY, O_SCALLOW }, offsetof(struct conf, sc_rules), sizeof(c->sc_rules) },
	};
	unsigned seen = 0, k;
	int i, id;

	for (i = 1; i < argc; i++) {
		char *a = argv[i], *v = NULL;
		const struct opt *o = NULL;
		struct src w = { 0, NULL, NULL };

		if (a[0] != '-' || a[1] == 0)
			break;
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[1] == '-') {
			char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

			if (!(o = find_opt(a + 2, len, 0)))
				return -1;
			if (eq && !o->has_arg)
				return usage_err(o, "takes no value");
			if (eq)
				v = eq + 1;
		} else {
			/* a cluster: every letter a switch but perhaps the last */
			for (a++; *a; a++) {
				for (o = longopts; o < longopts + NOPTS && o->val != *a; o++)
					;
				if (o == longopts + NOPTS) {
					minit_log(LOG_ERR, "-%c: unknown option (see minit --help)", *a);
					return -1;
				}
				id = (int)(o - longopts);
				if (o->has_arg || id == O_VERSION || id == O_HELP)
					break;
				w.o = o;
				if (set_opt(c, id, NULL, &w, 1) < 0)
					return -1;
			}
			if (!*a)
				continue;
			if (a[1])	/* -G2s */
				v = a + 1;
		}
		/* --grace 2s, -G 2s */
		if (o->has_arg == required_argument && !v && !(v = argv[++i]))
			return usage_err(o, "missing value");
		w.o = o;
		id = (int)(o - longopts);
		if (id == O_VERSION)
			return say("minit version " MINIT_VERSION " - git." MINIT_GIT "\n");
		if (id == O_HELP)
			return say(usage);
		for (k = 0; k < sizeof(lists) / sizeof(lists[0]); k++)
			if ((id == lists[k].opt[0] || id == lists[k].opt[1]) &&
			    !(seen & 1 << k)) {
				seen |= 1 << k;
				memset((char *)c + lists[k].off, 0, lists[k].size);
			}
		if ((id == O_REMAP || id == O_REWRITE ? set_list(c, id, v, &w) :
		    set_opt(c, id, v, &w, 1)) < 0)
			return -1;
	}
	c->argv = argv + i;
	return 0;
}

/* PATH resolved (symlinks, relative to the caller's directory) into the
 * pool, by the kernel: what it opened, read back from /proc (realpath
 * would bring malloc along). DIR: it must be a directory. NULL, its
 * line logged, on failure. */
static const char *
resolve(const char *opt, const char *spec, const char *path, int dir)
{
	struct src w = { 0, opt, NULL };
	char buf[4096], link[40];
	ssize_t n;
	int fd;

	if ((fd = xopen(path, O_PATH | (dir ? O_DIRECTORY : 0))) < 0) {
		minit_log(LOG_ERR, "--%s %s: %s: %s", opt, spec, path, fmt_strerror(errno));
		return NULL;
	}
	fmt_buf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0 || buf[0] != '/') {
		minit_log(LOG_ERR, "--%s %s: cannot resolve (is /proc mounted?)", opt, spec);
		return NULL;
	}
	buf[n] = 0;
	return pool_copy(&w, buf);
}

/*
 * The root filesystem's options, checked against the filesystem before
 * anything is created, so that bad input leaves nothing behind. What can
 * only be known inside (a symlink in the image) the child reports.
 * 0, or -1 with its line logged.
 */
#define NO(...) do { minit_log(LOG_ERR, __VA_ARGS__); return -1; } while (0)
static int
check_root(struct conf *c)
{
	char buf[8192];
	int i;

	if (!c->root && !c->nmnt && !c->ro && !c->workdir && !c->overlay)
		return 0;
	c->nsflags |= CLONE_NEWNS;
	if (c->overlay && !c->root)
		NO("--overlay: needs --root (the lower layer)");
	if (c->overlay && c->ro)
		NO("--ro: conflicts with --overlay (a writable layer over a read-only root)");
	if (c->root) {
		if (!(c->root = resolve("root", c->root, c->root, 1)))
			return -1;
		if (!strcmp(c->root, "/"))
			NO("--root /: the host's root is not a sandbox root");
		/* A fresh /proc belongs to the PID namespace's owner. */
		if ((c->nsflags & CLONE_NEWUSER) && !(c->nsflags & CLONE_NEWPID))
			NO("--root: with --user it needs --pid (for a /proc the user namespace owns)");
	}
	if (c->upper) {
		if (!(c->upper = resolve("overlay", c->upper, c->upper, 1)))
			return -1;
		if (!strncmp(c->upper, c->root, strlen(c->root)) &&
		    (c->upper[strlen(c->root)] == '/' || !c->upper[strlen(c->root)]))
			NO("--overlay=%s: inside --root %s", c->upper, c->root);
	}
	/* overlayfs takes its layers in a comma- and colon-separated list. */
	if (c->overlay && (has_any(c->root, ",:") || (c->upper && has_any(c->upper, ",:"))))
		NO("--overlay: a path with ',' or ':' cannot be an overlay layer");
	for (i = 0; i < c->nmnt; i++) {
		struct mnt *m = &c->mnt[i];
		const char *opt = m->src ? "bind" : "tmpfs";

		if (m->src && !(m->src = resolve(opt, m->spec, m->src, 0)))
			return -1;
		/* The host's tree is never written to; a read-only root can
		 * get no new mount point; a writable one gets it (README). */
		if (c->root && !c->ro)
			continue;
		fmt_buf(buf, sizeof(buf), "%s%s", c->root ? c->root : "", m->dst);
		if (access(buf, F_OK) < 0)
			NO("--%s %s: %s: %s", opt, m->spec, m->dst, c->root ?
			    "no such mount point in the read-only root" :
			    "no such mount point (without --root the host's tree is not written to)");
	}
	return 0;
}

/* The other end's address where one was given; the pool's default. */
static int
net_options(struct netconf *n)
{
	static const struct ipaddr dflt = { { 10, 200 }, 4, 16 };

	if (!n->veth) {
		if (n->ip.len || n->host_ip.len || n->pool.len || n->ip6.len)
			NO("--ip, --host-ip, --ip-pool, --ip6: need --veth");
		return 0;
	}
	if (geteuid() != 0)
		NO("--veth: needs root (CAP_NET_ADMIN where minit runs); as a "
		    "user, use --net alone");
	if (!n->pool.len)
		n->pool = dflt;
	if (n->ip.len && !n->host_ip.len && parse_ip_peer(&n->ip, &n->host_ip) < 0)
		NO("--ip: no room for the host end in a /%d: give --host-ip too",
		    n->ip.plen);
	if (n->host_ip.len && !n->ip.len && parse_ip_peer(&n->host_ip, &n->ip) < 0)
		NO("--host-ip: no room for the sandbox in a /%d: give --ip too",
		    n->host_ip.plen);
	if (n->ip.len && !memcmp(n->ip.b, n->host_ip.b, 4))
		NO("--host-ip: the sandbox's own address (--ip)");
	if (n->ip6.len && parse_ip_peer(&n->ip6, &n->host_ip6) < 0)
		NO("--ip6: no room for the host end in a /%d", n->ip6.plen);
	return 0;
}

/* The environment first, then the command line, which wins. */
int
options_parse(struct conf *c, int argc, char **argv)
{
	int r;

	if (read_env(c) < 0 || (r = parse_args(c, argc, argv)) < 0)
		return -1;
	if (r)
		return r;
	if (c->verbose >= 0 && env_unknown)
		check_env_names();
	/* A new /proc needs its own mount namespace, or it lands on the
	 * host's: MINIT_MOUNT=0 cannot take it away from --pid. */
	if (c->nsflags & CLONE_NEWPID)
		c->nsflags |= CLONE_NEWNS;
	/* Options that cannot go together, whichever source gave them. */
	if (c->boot && getpid() != 1) {
		minit_log(LOG_ERR, "--boot: minit is not PID 1 (boot mode is for the kernel's init)");
		return -1;
	}
	/* Only 0 is mapped in the user namespace minit makes. */
	if ((c->nsflags & CLONE_NEWUSER) && c->run_as && (c->uid || c->gid)) {
		minit_log(LOG_ERR, "--run-as: %u:%u conflicts with --user: only 0 is mapped inside",
		    (unsigned)c->uid, (unsigned)c->gid);
		return -1;
	}
	if (check_root(c) < 0)
		return -1;
	return net_options(&c->net);
}
