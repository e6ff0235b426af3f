/*
 * tests/fuzz/optref.h: options.c compiled into a harness (args.c, env.c),
 * and a reference for what each option means, written from the README
 * and --help, not from options.c: which field of struct conf an option
 * sets and how. The harness runs minit's parser and the reference on the
 * same input and compares every field.
 *
 * minit_log is supplied here and write() is replaced, so the message of
 * a usage error (-1: exit 125) or of -V/-h (1: exit 0) is checked
 * instead of printed. The value grammars (durations, sizes, signals, ...) have
 * harnesses of their own; the reference reads signals with sigref.h and
 * the rest with parse.c. An option of options.c the reference does not
 * know is left out of the comparison (the input is not judged): add it
 * to ref_opts[] and ref_set() when you add the option.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/sched.h>

#include "minit.h"

static int fuzz_writes;
static size_t fuzz_len;
static char fuzz_out[8192];

static ssize_t
fuzz_write(int fd, const void *p, size_t n)
{
	if (fd == 2 || fd == 1) {
		fuzz_writes++;
		fuzz_len = n < sizeof(fuzz_out) ? n : sizeof(fuzz_out);
		memcpy(fuzz_out, p, fuzz_len);
	}
	return (ssize_t)n;
}

/* log.c's, as the harness needs it: one write a message. */
void
minit_log(int level, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	(void)level;
	memcpy(buf, "minit: ", 7);
	va_start(ap, fmt);
	n = 7 + fmt_vbuf(buf + 7, sizeof(buf) - 8, fmt, ap);
	va_end(ap);
	buf[n++] = '\n';
	fuzz_write(2, buf, (size_t)n);
}

#define write fuzz_write
#include "options.c"
#undef write

#include "fuzz.h"
#include "sigref.h"

/* ---- the reference ---------------------------------------------------- */

/* Every option as the README lists it: long name, takes a value, letter. */
static const struct refopt {
	const char *name;
	int arg;
	char letter;
} ref_opts[] = {
	{ "pgroup", 0, 'g' }, { "subreaper", 0, 's' }, { "remap-exit", 1, 'e' },
	{ "rewrite", 1, 'r' }, { "pdeathsig", 1, 'p' }, { "grace", 1, 'G' },
	{ "timeout", 1, 't' }, { "verbose", 0, 'v' }, { "quiet", 0, 'q' },
	{ "isolate", 0, 'n' }, { "pid", 0, 0 }, { "net", 0, 0 }, { "uts", 0, 0 },
	{ "hostname", 1, 0 }, { "ipc", 0, 0 }, { "mount", 0, 0 },
	{ "cgroupns", 0, 0 }, { "time", 0, 0 }, { "user", 0, 0 }, { "boot", 0, 0 },
	{ "mem", 1, 'm' }, { "cpus", 1, 'c' }, { "pids", 1, 'P' },
	{ "cgroup-parent", 1, 0 }, { "stats", 0, 0 }, { "no-new-privs", 0, 0 },
	{ "cap-drop", 1, 0 }, { "run-as", 1, 0 }, { "version", 0, 'V' },
	{ "help", 0, 'h' },
};
#define REF_N (sizeof(ref_opts) / sizeof(ref_opts[0]))

static const struct refopt *
ref_find(const char *name)
{
	for (size_t i = 0; i < REF_N; i++)
		if (!strcmp(ref_opts[i].name, name))
			return &ref_opts[i];
	return NULL;
}

/* Once: every option of the reference is in options.c's table, with the
 * same value-taking and the same letter (a swapped letter shows here). */
static void
ref_check_table(void)
{
	static int done;

	if (done++)
		return;
	for (size_t i = 0; i < REF_N; i++) {
		const struct opt *o;

		for (o = longopts; o < longopts + NOPTS && strcmp(opt_name(o), ref_opts[i].name); o++)
			;
		CHECK(o < longopts + NOPTS, "--%s is gone from options.c", ref_opts[i].name);
		CHECK(o->has_arg == ref_opts[i].arg, "--%s: has_arg %d, want %d",
		    opt_name(o), o->has_arg, ref_opts[i].arg);
		CHECK(!ref_opts[i].letter || o->val == ref_opts[i].letter,
		    "--%s: letter %d, want '%c'", opt_name(o), o->val, ref_opts[i].letter);
	}
}

/* A path component "." or "..": not allowed in a cgroup parent. */
static int
ref_dots(const char *p)
{
	while (*p) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 1;
		p += n;
	}
	return 0;
}

/* One FROM:TO of -r, from the reference's signals. */
static int
ref_rewrite(const char *s, int *from, int *to)
{
	const char *colon = strchr(s, ':');
	char f[32];

	if (!colon || colon == s || colon - s >= (ptrdiff_t)sizeof(f))
		return -1;
	memcpy(f, s, (size_t)(colon - s));
	f[colon - s] = 0;
	if (ref_signal(f, from) < 0)
		return -1;
	if (!strcmp(colon + 1, "0"))
		return *to = 0, 0;
	return ref_signal(colon + 1, to) < 0 ? -1 : 0;
}

/* MINIT_NAME=1/0 for a switch: 1 yes true on / 0 no false off "", any case. */
static int
ref_bool(const char *v, int *on)
{
	static const char *const yes[] = { "1", "yes", "true", "on" };
	static const char *const no[] = { "", "0", "no", "false", "off" };

	for (size_t i = 0; i < 4; i++)
		if (!strcasecmp(v, yes[i]))
			return *on = 1, 0;
	for (size_t i = 0; i < 5; i++)
		if (!strcasecmp(v, no[i]))
			return *on = 0, 0;
	return -1;
}

#define NS_ISOLATE (CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWUTS | \
	CLONE_NEWIPC | CLONE_NEWCGROUP)

/*
 * ref_set: what option NAME with value V does to R; ENV: it came from
 * MINIT_NAME (V is then also a switch's 1/0). 0, -1 for a value that
 * must be refused (exit 125), 1 for --version/--help (exit 0).
 */
static int
ref_set(struct conf *r, const char *name, const char *v, int env)
{
	uint64_t n;
	int a, b, on = 1;
	const struct refopt *o = ref_find(name);

	if (env && !o->arg && strcmp(name, "verbose") && ref_bool(v, &on) < 0)
		return -1;
	if (!strcmp(name, "pgroup"))
		r->pgroup = on;
	else if (!strcmp(name, "subreaper"))
		;
	else if (!strcmp(name, "remap-exit") || !strcmp(name, "rewrite")) {
		char buf[1024], *tok, *save;

		/* a list: "143,3", "TERM:INT HUP:0" */
		if (strlen(v) >= sizeof(buf))
			return -1;
		strcpy(buf, v);
		for (tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
			if (!strcmp(name, "remap-exit")) {
				if (parse_uint(tok, 255, &n) < 0)
					return -1;
				r->remap[n >> 3] |= (uint8_t)(1u << (n & 7));
			} else {
				if (ref_rewrite(tok, &a, &b) < 0 ||
				    a == SIGKILL || a == SIGSTOP || a == SIGCHLD)
					return -1;
				r->rewrite[a] = (uint8_t)(b ? b : 0xff);
			}
		}
	} else if (!strcmp(name, "pdeathsig")) {
		if (ref_signal(v, &a) < 0)
			return -1;
		r->pdeathsig = a;
	} else if (!strcmp(name, "grace")) {
		if (parse_duration(v, &r->grace_ms) < 0)
			return -1;
	} else if (!strcmp(name, "timeout")) {
		if (parse_duration(v, &r->timeout_ms) < 0)
			return -1;
	} else if (!strcmp(name, "verbose")) {
		if (env) {
			if (parse_uint(v, 9, &n) < 0)
				return -1;
			r->verbose = (int)n;
		} else	/* each -v one level more; a -v ends quiet */
			r->verbose = (r->verbose > 0 ? r->verbose : 0) + 1;
	} else if (!strcmp(name, "quiet")) {
		if (on)
			r->verbose = -1;
		else if (r->verbose < 0)	/* =0 undoes quiet, keeps a level */
			r->verbose = 0;
	}
	else if (!strcmp(name, "isolate")) {
		if (on)
			r->nsflags |= NS_ISOLATE | (geteuid() ? CLONE_NEWUSER : 0);
	} else if (!strcmp(name, "hostname")) {
		if (!*v || strlen(v) > 64)
			return -1;
		r->hostname = v;
		r->nsflags |= CLONE_NEWUTS;
	} else if (!strcmp(name, "boot"))
		r->boot = on;
	else if (!strcmp(name, "mem")) {
		if (parse_size(v, &r->mem) < 0 || r->mem < (2u << 20))
			return -1;
		if (r->mem != UINT64_MAX)	/* whole pages, up */
			r->mem = (r->mem + 4095) / 4096 * 4096;
	} else if (!strcmp(name, "cpus")) {
		if (parse_cpus(v, &r->cpus_milli) < 0 || r->cpus_milli < 10)
			return -1;
	} else if (!strcmp(name, "pids")) {
		if (!strcasecmp(v, "max"))
			r->pids = UINT64_MAX;
		else if (parse_uint(v, 1u << 22, &n) < 0 || n == 0)
			return -1;
		else
			r->pids = n;
	} else if (!strcmp(name, "cgroup-parent")) {
		if (v[0] != '/' || ref_dots(v) || strlen(v) > 512)
			return -1;
		r->cgroup_parent = v;
	} else if (!strcmp(name, "stats"))
		r->stats = on;
	else if (!strcmp(name, "no-new-privs"))
		r->no_new_privs = on;
	else if (!strcmp(name, "cap-drop")) {
		if (parse_caps(v, &r->cap_drop) < 0)
			return -1;
	} else if (!strcmp(name, "run-as")) {
		uid_t u;
		gid_t g;
		int hg;

		if (parse_ids(v, &u, &g, &hg) < 0)
			return -1;
		r->run_as = 1;
		r->uid = u;
		r->gid = hg ? g : (gid_t)u;
	} else if (!strcmp(name, "version") || !strcmp(name, "help"))
		return 1;
	else {
		/* a namespace switch */
		static const struct { const char *name; unsigned long f; } ns[] = {
			{ "pid", CLONE_NEWPID | CLONE_NEWNS }, { "net", CLONE_NEWNET },
			{ "uts", CLONE_NEWUTS }, { "ipc", CLONE_NEWIPC },
			{ "mount", CLONE_NEWNS }, { "cgroupns", CLONE_NEWCGROUP },
			{ "time", CLONE_NEWTIME }, { "user", CLONE_NEWUSER },
		};
		size_t i;

		for (i = 0; i < sizeof(ns) / sizeof(ns[0]) && strcmp(ns[i].name, name); i++)
			;
		CHECK(i < sizeof(ns) / sizeof(ns[0]), "--%s: no reference", name);
		if (on)
			r->nsflags |= ns[i].f;
		else
			r->nsflags &= ~ns[i].f;
	}
	return 0;
}

static int
ref_str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Every field of struct conf: minit's M against the reference's R. */
static void
ref_compare(const struct conf *m, const struct conf *r, const char *what)
{
#define FIELD(f, fmt) CHECK(m->f == r->f, "%s: " #f " " fmt ", want " fmt, \
	what, m->f, r->f)
	FIELD(pgroup, "%d");
	FIELD(verbose, "%d");
	FIELD(boot, "%d");
	FIELD(pdeathsig, "%d");
	FIELD(grace_ms, "%lld");
	FIELD(timeout_ms, "%lld");
	FIELD(nsflags, "%#lx");
	FIELD(mem, "%" PRIu64);
	FIELD(cpus_milli, "%" PRIu64);
	FIELD(pids, "%" PRIu64);
	FIELD(stats, "%d");
	FIELD(no_new_privs, "%d");
	FIELD(cap_drop, "%#" PRIx64);
	FIELD(run_as, "%d");
	FIELD(uid, "%u");
	FIELD(gid, "%u");
#undef FIELD
	for (int i = 0; i < 256; i++)
		CHECK(!(m->remap[i >> 3] & (1 << (i & 7))) == !(r->remap[i >> 3] & (1 << (i & 7))),
		    "%s: remap of %d: %d, want %d", what, i,
		    !!(m->remap[i >> 3] & (1 << (i & 7))), !!(r->remap[i >> 3] & (1 << (i & 7))));
	for (int i = 0; i < MINIT_NSIG; i++)
		CHECK(m->rewrite[i] == r->rewrite[i], "%s: rewrite[%d] %d, want %d",
		    what, i, m->rewrite[i], r->rewrite[i]);
	CHECK(ref_str_eq(m->hostname, r->hostname), "%s: hostname '%s', want '%s'",
	    what, m->hostname ? m->hostname : "(null)", r->hostname ? r->hostname : "(null)");
	CHECK(ref_str_eq(m->cgroup_parent, r->cgroup_parent), "%s: cgroup parent '%s', want '%s'",
	    what, m->cgroup_parent ? m->cgroup_parent : "(null)",
	    r->cgroup_parent ? r->cgroup_parent : "(null)");
}

/* How a parse that returned RC ended: 0 parsed, 1 exit 0 (-V, -h), 2
 * exit 125 (refused). */
static int
minit_outcome(int rc)
{
	if (rc == 0) {
		CHECK(fuzz_writes == 0, "parsed, but wrote '%.*s'", (int)fuzz_len, fuzz_out);
		return 0;
	}
	/* one message, one write: "minit: ...\n" for an error */
	CHECK(rc == -1 || rc == 1, "returned %d", rc);
	CHECK(fuzz_writes == 1, "returned %d after %d writes", rc, fuzz_writes);
	if (rc < 0)
		CHECK(fuzz_len > 8 && fuzz_len <= 512 &&
		    !memcmp(fuzz_out, "minit: ", 7) && fuzz_out[fuzz_len - 1] == '\n',
		    "message '%.*s'", (int)fuzz_len, fuzz_out);
	return rc == 1 ? 1 : 2;
}
