/*
 * Unit tests for seccomp.c, included whole: the packed name table against
 * the generator's plain one (and, for the build's own architecture, the
 * libc's SYS_* numbers), the rule parser, and the filter's shape, run on
 * a small classic-BPF interpreter written here. syscalls_aarch64_test.c
 * includes this file with aarch64's table.
 */
#ifndef SC_TABLE
#define SC_NATIVE	/* the build's own table: the filter is tested too */
#endif
#define SC_REFERENCE
#include "seccomp.c"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/unit/tap.h"

#ifdef SC_NATIVE
#include "tests/bpf.h"

static uint32_t
verdict(int nr, uint64_t a0, uint64_t a1, uint32_t arch, int *args)
{
	return bpf_verdict((uint32_t)nr, a0, a1, arch, args);
}
#endif

static int
nr_of(const char *name)
{
	return seccomp_nr(name, strlen(name));
}

static int
ref_nr(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(sc_ref) / sizeof(sc_ref[0]); i++)
		if (strlen(sc_ref[i].name) == len && !memcmp(sc_ref[i].name, name, len))
			return sc_ref[i].nr;
	return -1;
}

static void
table(void)
{
	size_t i, bad = 0, badname = 0;
	char buf[32], in[40];

	ok(SC_COUNT == sizeof(sc_ref) / sizeof(sc_ref[0]), "packed table: as many names as the plain one", SC_TABLE);
	for (i = 0; i < sizeof(sc_ref) / sizeof(sc_ref[0]); i++) {
		const char *s = seccomp_name(sc_ref[i].nr, buf);

		if (nr_of(sc_ref[i].name) != sc_ref[i].nr)
			bad++;
		if (!s || strcmp(s, sc_ref[i].name))
			badname++;
	}
	ok(bad == 0, "every name gives its number", SC_TABLE);
	{
		struct walk w = { 0, 0, 0, "" };
		int nr;

		bad = 0;
		for (i = 0; (nr = walk(&w)) >= 0; i++)
			if (nr != sc_ref[i].nr || w.deny != sc_ref[i].deny ||
			    strcmp(w.name, sc_ref[i].name))
				bad++;
		ok(bad == 0 && i == SC_COUNT, "the walk: names, numbers, the default list's errnos", SC_TABLE);
	}
	ok(badname == 0, "every number gives its name", SC_TABLE);
	/* near misses of real names: what the plain table says */
	bad = 0;
	for (i = 0; i < sizeof(sc_ref) / sizeof(sc_ref[0]); i++) {
		size_t l = strlen(sc_ref[i].name), j;

		snprintf(in, sizeof(in), "%sx", sc_ref[i].name);
		if (nr_of(in) != ref_nr(in, strlen(in)))
			bad++;
		if (seccomp_nr(sc_ref[i].name, l - 1) != ref_nr(sc_ref[i].name, l - 1))
			bad++;
		for (j = 0; j < l; j++) {
			memcpy(in, sc_ref[i].name, l + 1);
			in[j] ^= 1;
			if (nr_of(in) != ref_nr(in, l))
				bad++;
		}
	}
	ok(bad == 0, "a letter more, less or changed: as the plain table says", "getpidx");
	ok(nr_of("") == -1 && nr_of("GETPID") == -1 && nr_of("sys_getpid") == -1,
	    "empty, upper case, sys_ prefix unknown", "GETPID");
	ok(seccomp_name(SECCOMP_MAX - 1, buf) == NULL, "an unused number has no name", "511");
#ifdef SC_NATIVE
	{
		/* the libc's numbers, another source */
		static const struct { const char *name; int nr; } libc[] = {
			{ "read", SYS_read }, { "getpid", SYS_getpid },
			{ "mount", SYS_mount }, { "clone", SYS_clone },
			{ "clone3", SYS_clone3 }, { "ioctl", SYS_ioctl },
			{ "unshare", SYS_unshare }, { "setns", SYS_setns },
			{ "ptrace", SYS_ptrace }, { "bpf", SYS_bpf },
			{ "sethostname", SYS_sethostname }, { "execve", SYS_execve },
			{ "io_uring_setup", SYS_io_uring_setup }, { "seccomp", SYS_seccomp },
			{ "mount_setattr", SYS_mount_setattr }, { "fsopen", SYS_fsopen },
			{ "kexec_file_load", SYS_kexec_file_load }, { "openat", SYS_openat },
		};
		bad = 0;
		for (i = 0; i < sizeof(libc) / sizeof(libc[0]); i++)
			if (nr_of(libc[i].name) != libc[i].nr)
				bad++;
		ok(bad == 0, "the libc's SYS_* agree", "sys/syscall.h");
	}
#endif
}

static void
rules(void)
{
	static uint16_t r[SECCOMP_MAX];
	const char *at;
	size_t len;
	int getpid_nr = nr_of("getpid"), getppid_nr = nr_of("getppid");

	memset(r, 0, sizeof(r));
	ok(seccomp_rules(r, "getpid", 0, &at, &len) == 0 && r[getpid_nr] == EPERM,
	    "a name: EPERM", "getpid");
	ok(seccomp_rules(r, "getpid,getppid:13", 0, &at, &len) == 0 &&
	    r[getpid_nr] == 13 && r[getppid_nr] == 13, "a list with an errno: each", "getpid,getppid:13");
	ok(seccomp_rules(r, "getpid", 1, &at, &len) == 0 && r[getpid_nr] == SECCOMP_ALLOW,
	    "allow", "getpid");
	ok(seccomp_rules(r, "7:4095", 0, &at, &len) == 0 && r[7] == 4095, "a number, errno 4095", "7:4095");
	ok(seccomp_rules(r, "511", 0, &at, &len) == 0 && r[511] == EPERM, "the highest number", "511");
	ok(seccomp_rules(r, "getpid,nope,x", 0, &at, &len) == -EINVAL && len == 4 &&
	    !strncmp(at, "nope", 4), "an unknown name is pointed at", "getpid,nope,x");
	ok(seccomp_rules(r, "getpid,", 0, &at, &len) == -EINVAL && len == 0, "an empty name", "getpid,");
	ok(seccomp_rules(r, ":1", 0, &at, &len) == -EINVAL && len == 0, "no name", ":1");
	ok(seccomp_rules(r, "", 0, &at, &len) == -EINVAL, "nothing", "");
	ok(seccomp_rules(r, "512", 0, &at, &len) == -EINVAL, "a number too high", "512");
	ok(seccomp_rules(r, "getpid:0", 0, &at, &len) == -ERANGE, "errno 0", "getpid:0");
	ok(seccomp_rules(r, "getpid:4096", 0, &at, &len) == -ERANGE, "errno 4096", "getpid:4096");
	ok(seccomp_rules(r, "getpid:", 0, &at, &len) == -ERANGE, "no errno", "getpid:");
	ok(seccomp_rules(r, "getpid:EPERM", 0, &at, &len) == -ERANGE,
	    "errno by name", "getpid:EPERM");
	ok(seccomp_rules(r, "ptrace:1", 1, &at, &len) == -EINVAL && len == 8, "allow takes no errno", "ptrace:1");
}

#ifdef SC_NATIVE
static void
filter(void)
{
	static struct conf c;
	int nnp, args, nr, bad = 0, badargs = 0, len;
	uint32_t v, eperm = SECCOMP_RET_ERRNO | EPERM, allow = SECCOMP_RET_ALLOW;
	int clone_nr = nr_of("clone"), ioctl_nr = nr_of("ioctl"), mount_nr = nr_of("mount");
	int host_nr = nr_of("sethostname"), getpid_nr = nr_of("getpid");
	const char *s;
	char buf[32];

	memset(&c, 0, sizeof(c));
	ok(seccomp_build(&c, &nnp) == 0, "no option, no filter", "");
	c.seccomp = 1;
	if ((len = seccomp_build(&c, &nnp)) < 0) {
		printf("ok %d # SKIP seccomp unavailable here: %s\n", ++n, strerror(-len));
		return;
	}
	ok(len > 20 && len < 300, "--seccomp: a filter of a few hundred instructions at most", "");
	/* every number: the default list's errno, args never read but for
	 * the calls that need them (the kernel caches the rest) */
	for (nr = 0; nr < SECCOMP_MAX; nr++) {
		uint32_t want = allow;
		size_t i;

		for (i = 0; i < sizeof(sc_ref) / sizeof(sc_ref[0]); i++)
			if (sc_ref[i].nr == nr && sc_ref[i].deny)
				want = SECCOMP_RET_ERRNO | (sc_ref[i].deny == 1 ? EPERM : ENOSYS);
		if (nr == host_nr || nr == nr_of("setdomainname"))
			want = eperm;
		v = verdict(nr, 0, 0, SC_AUDIT_ARCH, &args);
		if (nr != clone_nr && nr != ioctl_nr && v != want)
			bad++;
		if (args && nr != clone_nr && nr != ioctl_nr)
			badargs++;
	}
	ok(bad == 0, "every number: the default list's verdict", "seccomp.list");
	{
		unsigned most = 0;

		for (nr = 0; nr < SECCOMP_MAX; nr++) {
			verdict(nr, 0, 0, SC_AUDIT_ARCH, &args);
			if (bpf_steps > most)
				most = bpf_steps;
		}
		ok(most <= 30, "a binary search: no call passes more than 30 instructions", "");
	}
	ok(badargs == 0, "only clone and ioctl read arguments", "cache");
	ok(verdict(mount_nr, 0, 0, SC_AUDIT_ARCH, NULL) == eperm, "mount: EPERM", "mount");
	ok(verdict(nr_of("clone3"), 0, 0, SC_AUDIT_ARCH, NULL) == (SECCOMP_RET_ERRNO | ENOSYS),
	    "clone3: ENOSYS, libcs fall back", "clone3");
	ok(verdict(nr_of("fsopen"), 0, 0, SC_AUDIT_ARCH, NULL) == (SECCOMP_RET_ERRNO | ENOSYS),
	    "fsopen: ENOSYS", "fsopen");
	ok(verdict(getpid_nr, 0, 0, SC_AUDIT_ARCH, NULL) == allow, "getpid allowed", "getpid");
	ok(verdict(getpid_nr, 0, 0, AUDIT_ARCH_I386, NULL) == SECCOMP_RET_KILL_PROCESS,
	    "another arch: kill", "i386");
	ok(verdict(getpid_nr, 0, 0, AUDIT_ARCH_ARM, NULL) == SECCOMP_RET_KILL_PROCESS,
	    "another arch: kill", "arm");
#ifdef __x86_64__
	ok(verdict(0x40000000 | getpid_nr, 0, 0, SC_AUDIT_ARCH, NULL) == (SECCOMP_RET_ERRNO | ENOSYS),
	    "x32 numbers: ENOSYS", "0x40000027");
	ok(verdict(0xffffffff, 0, 0, SC_AUDIT_ARCH, NULL) == (SECCOMP_RET_ERRNO | ENOSYS),
	    "nr -1: ENOSYS", "-1");
#endif
	{
		static const uint32_t ns[] = { CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS,
		    CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET };
		unsigned i;

		bad = 0;
		for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
			if (verdict(clone_nr, ns[i] | SIGCHLD, 0, SC_AUDIT_ARCH, NULL) != eperm)
				bad++;
		ok(bad == 0, "clone with any namespace flag: EPERM", "CLONE_NEW*");
	}
	ok(verdict(clone_nr, SIGCHLD, 0, SC_AUDIT_ARCH, NULL) == allow, "a plain clone: allowed", "SIGCHLD");
	ok(verdict(clone_nr, CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
	    CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |
	    CLONE_CHILD_CLEARTID, 0, SC_AUDIT_ARCH, NULL) == allow, "a thread: allowed", "pthread_create");
	ok(verdict(ioctl_nr, 0, TIOCSTI, SC_AUDIT_ARCH, NULL) == eperm, "ioctl TIOCSTI: EPERM", "TIOCSTI");
	ok(verdict(ioctl_nr, 0, TIOCSTI | 1ULL << 32, SC_AUDIT_ARCH, NULL) == eperm,
	    "... high bits, which the kernel drops, change nothing", "TIOCSTI|1<<32");
	ok(verdict(ioctl_nr, 0, TIOCLINUX, SC_AUDIT_ARCH, NULL) == eperm, "ioctl TIOCLINUX: EPERM", "TIOCLINUX");
	ok(verdict(ioctl_nr, 0, TCGETS, SC_AUDIT_ARCH, NULL) == allow, "ioctl TCGETS: allowed", "TCGETS");
	ok(verdict(host_nr, 0, 0, SC_AUDIT_ARCH, NULL) == eperm, "sethostname: EPERM", "sethostname");
	c.nsflags = CLONE_NEWUTS;
	seccomp_build(&c, &nnp);
	ok(verdict(host_nr, 0, 0, SC_AUDIT_ARCH, NULL) == allow, "... allowed in a new UTS namespace", "--uts");
	c.nsflags = 0;

	/* rules over the default */
	c.sc_rules[getpid_nr] = 13;
	c.sc_rules[mount_nr] = SECCOMP_ALLOW;
	c.sc_rules[clone_nr] = SECCOMP_ALLOW;
	c.sc_rules[ioctl_nr] = 5;
	seccomp_build(&c, &nnp);
	ok(verdict(getpid_nr, 0, 0, SC_AUDIT_ARCH, NULL) == (SECCOMP_RET_ERRNO | 13), "deny getpid:13", "getpid:13");
	ok(verdict(mount_nr, 0, 0, SC_AUDIT_ARCH, NULL) == allow, "allow mount", "mount");
	ok(verdict(clone_nr, CLONE_NEWNS, 0, SC_AUDIT_ARCH, NULL) == allow, "allow clone: flags too", "clone");
	ok(verdict(ioctl_nr, 0, TCGETS, SC_AUDIT_ARCH, NULL) == (SECCOMP_RET_ERRNO | 5),
	    "deny ioctl:5: every ioctl", "ioctl:5");
	ok(verdict(nr_of("ptrace"), 0, 0, SC_AUDIT_ARCH, NULL) == eperm, "the rest of the list stays", "ptrace");
	/* rules alone */
	c.seccomp = 0;
	seccomp_build(&c, &nnp);
	bad = 0;
	for (nr = 0; nr < SECCOMP_MAX; nr++) {
		v = verdict(nr, CLONE_NEWNS, TIOCSTI, SC_AUDIT_ARCH, NULL);
		if (v != (nr == getpid_nr ? SECCOMP_RET_ERRNO | 13 : nr == ioctl_nr ?
		    SECCOMP_RET_ERRNO | 5 : allow))
			bad++;
	}
	ok(bad == 0, "--seccomp-deny alone: only its calls", "getpid:13,ioctl:5");
	ok(verdict(getpid_nr, 0, 0, AUDIT_ARCH_I386, NULL) == SECCOMP_RET_KILL_PROCESS,
	    "... the arch check still first", "i386");
	/* the largest filter: every number denied */
	for (nr = 0; nr < SECCOMP_MAX; nr++)
		c.sc_rules[nr] = 1;
	c.seccomp = 1;
	len = seccomp_build(&c, &nnp);
	ok(len > 0 && len <= BPF_MAXINSNS && verdict(SECCOMP_MAX - 1, 0, 0, SC_AUDIT_ARCH, NULL) == eperm,
	    "every number denied: within the kernel's 4096 instructions", "all");
	/* no_new_privs when the command will lack CAP_SYS_ADMIN */
	memset(c.sc_rules, 0, sizeof(c.sc_rules));
	c.run_as = 1;
	c.uid = 1000;
	seccomp_build(&c, &nnp);
	ok(nnp == 1, "--run-as 1000: no_new_privs", "");
	c.no_new_privs = 1;
	seccomp_build(&c, &nnp);
	ok(nnp == 0, "... unless --no-new-privs sets it already", "");
	c.no_new_privs = 0;
	c.run_as = 0;
	c.nsflags = CLONE_NEWUSER;
	seccomp_build(&c, &nnp);
	ok(nnp == 0, "--user: CAP_SYS_ADMIN in its namespace", "");
	c.cap_drop = 1ULL << CAP_SYS_ADMIN;
	seccomp_build(&c, &nnp);
	ok(nnp == 1, "--cap-drop sys_admin: no_new_privs", "");
	s = seccomp_name(mount_nr, buf);
	ok(s && !strcmp(s, "mount"), "seccomp_name", "mount");
}
#endif

int
main(void)
{
	table();
	rules();
#ifdef SC_NATIVE
	filter();
#endif
	return done();
}
