/*
 * seccomp.c: the system-call filter of --seccomp, --seccomp-deny and
 * --seccomp-allow, as classic BPF built here (no libseccomp), and the
 * table of system-call names, generated from the kernel headers at build
 * time by gensyscalls.sh (only the build architecture's).
 *
 * The parent builds the program before the clone (seccomp_build: it may
 * fail, log and exit); the command's process installs it as its last
 * step before exec (seccomp_install: no allocation, no stdio), so minit's
 * own setup and the inner minit of --pid are never filtered, the command
 * and its children always. The filter's shape:
 *
 *   arch != this build's       -> kill the process (an i386 int 0x80 call
 *                                 would bypass a deny-list by number)
 *   nr >= 0x40000000 (x86_64)  -> ENOSYS (x32 numbers: same bypass)
 *   clone with CLONE_NEW*      -> EPERM, other clones allowed
 *   ioctl TIOCSTI, TIOCLINUX   -> EPERM (typing into the terminal)
 *   nr == N, for each rule     -> ERRNO (a binary search on nr)
 *   anything else              -> allowed
 *
 * Only the clone and ioctl rules read arguments, so the kernel (5.11 and
 * later) caches every other allowed number: no filter runs for them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>

#include "minit.h"

/* The build architecture's table; SC_TABLE names another one for the
 * unit test of both tables on one machine. */
#ifndef SC_TABLE
# if defined(__x86_64__)
#  define SC_TABLE "syscalls-x86_64.h"
# elif defined(__aarch64__)
#  define SC_TABLE "syscalls-aarch64.h"
# else
#  error "seccomp.c: no system-call table for this architecture (gensyscalls.sh)"
# endif
#endif
#include SC_TABLE

#if defined(__x86_64__)
# define SC_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
# define SC_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
# error "seccomp.c: argument offsets assume a little-endian machine"
#endif

/* One nibble of the packed names (gensyscalls.sh), high first. */
static unsigned
nib(unsigned i)
{
	return (unsigned)(sc_names[i / 2] >> (i & 1 ? 0 : 4)) & 15;
}

/* Walk the table in name order: the next name into w->name, what
 * --seccomp does with it into w->deny (0, 1 EPERM, 2 ENOSYS), its number
 * returned; -1 past the end. */
struct walk {
	unsigned pos, idx;
	int deny;
	char name[32];
};

static int
walk(struct walk *w)
{
	unsigned n, len, bit;

	if (w->idx >= SC_COUNT)
		return -1;
	len = nib(w->pos++);		/* the prefix shared with the last */
	for (;;) {
		n = nib(w->pos++);
		if (n >= 14)
			n = 14 + (n - 14) * 16 + nib(w->pos++);
		if ((unsigned char)sc_abc[n] < 3)
			break;
		w->name[len++] = sc_abc[n];
	}
	w->name[len] = 0;
	w->deny = sc_abc[n];
	bit = w->idx++ * 9;
	return (int)((sc_nums[bit / 8] | (unsigned)sc_nums[bit / 8 + 1] << 8) >> bit % 8 & 511);
}

int
seccomp_nr(const char *name, size_t len)
{
	struct walk w = { 0, 0, 0, "" };
	int nr;

	while ((nr = walk(&w)) >= 0)
		if (!strncmp(w.name, name, len) && !w.name[len])
			return nr;
	return -1;
}

const char *
seccomp_name(int nr, char buf[32])
{
	struct walk w = { 0, 0, 0, "" };
	int n;

	while ((n = walk(&w)) >= 0)
		if (n == nr)
			return memcpy(buf, w.name, sizeof(w.name));
	return NULL;
}

/* A name, or a number below SECCOMP_MAX (a call newer than the headers). */
static int
lookup(const char *s, size_t len)
{
	size_t i;
	int n = 0;

	if (!len || *s < '0' || *s > '9')
		return seccomp_nr(s, len);
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || (n = n * 10 + s[i] - '0') >= SECCOMP_MAX)
			return -1;
	}
	return n;
}

int
seccomp_rules(uint16_t *rules, const char *spec, int allow, const char **bad,
    size_t *badlen)
{
	const char *colon = allow ? NULL : strrchr(spec, ':'), *e;
	uint64_t err = EPERM;
	int nr;

	if (colon && (parse_uint(colon + 1, 4095, &err) < 0 || err == 0))
		return -ERANGE;
	for (;; spec = e + 1) {
		for (e = spec; *e && *e != ',' && e != colon; e++)
			;
		if ((nr = lookup(spec, (size_t)(e - spec))) < 0) {
			*bad = spec;
			*badlen = (size_t)(e - spec);
			return -EINVAL;
		}
		rules[nr] = allow ? SECCOMP_ALLOW : (uint16_t)err;
		if (*e != ',')
			return 0;
	}
}

/* Every namespace but clone3's CLONE_NEWTIME, which in clone() is a bit of
 * the exit signal. */
#define NS_FLAGS (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | \
	CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)

/* The fixed parts of the program (see the top of the file). */
#define ERRNO(e)	(SECCOMP_RET_ERRNO | (e))
#define LD(off)		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (uint32_t)(off))
#define RET(k)		BPF_STMT(BPF_RET | BPF_K, (k))
#define JMP(op, k, t, f) BPF_JUMP(BPF_JMP | (op) | BPF_K, (k), (t), (f))
#define ARG_LO(n)	(offsetof(struct seccomp_data, args) + 8 * (n))
static const struct sock_filter head[] = {
	LD(offsetof(struct seccomp_data, arch)),
	JMP(BPF_JEQ, SC_AUDIT_ARCH, 1, 0),
	RET(SECCOMP_RET_KILL_PROCESS),
	LD(offsetof(struct seccomp_data, nr)),
#ifdef __x86_64__
	JMP(BPF_JGE, 0x40000000, 0, 1),		/* __X32_SYSCALL_BIT */
	RET(ERRNO(ENOSYS)),
#endif
}, clone_rule[] = {
	JMP(BPF_JEQ, SYS_clone, 0, 4),
	LD(ARG_LO(0)),
	JMP(BPF_JSET, NS_FLAGS, 0, 1),
	RET(ERRNO(EPERM)),
	RET(SECCOMP_RET_ALLOW),
}, ioctl_rule[] = {
	JMP(BPF_JEQ, SYS_ioctl, 0, 5),
	LD(ARG_LO(1)),		/* the kernel reads an unsigned int */
	JMP(BPF_JEQ, TIOCSTI, 1, 0),
	JMP(BPF_JEQ, TIOCLINUX, 0, 1),
	RET(ERRNO(EPERM)),
	RET(SECCOMP_RET_ALLOW),
};

/* The fixed parts, then the rules as a binary search tree: at most 2
 * instructions a rule, 1 a leaf of 2 to 4 rules, 2 a node above them. */
#define PROG_MAX (6 + 5 + 6 + 4 * SECCOMP_MAX)
_Static_assert(PROG_MAX <= BPF_MAXINSNS, "the filter may outgrow the kernel's limit");

static struct sock_filter prog[PROG_MAX];
static unsigned prog_len;
static int prog_nnp;

static void
put(const struct sock_filter *f, size_t size)
{
	memcpy(prog + prog_len, f, size);
	prog_len += size / sizeof(*f);
}

static void
ins(uint16_t code, uint32_t k, uint8_t jt, uint8_t jf)
{
	struct sock_filter f = { code, jt, jf, k };

	prog[prog_len++] = f;
}

/* The denied numbers, ascending, and their errnos. */
static uint16_t rule_nr[SECCOMP_MAX], rule_err[SECCOMP_MAX];

/*
 * Rules lo..hi-1 as a binary search on the number, so that any call
 * passes about 2 log2(rules) instructions, not all of them: the kernel
 * runs the filter on every call it cannot cache, and emulates it for
 * every number when it is installed (the cache), at each launch.
 */
static void
tree(unsigned lo, unsigned hi)
{
	unsigned mid = (lo + hi) / 2, ja;

	if (hi - lo <= 4) {
		for (; lo < hi; lo++) {
			ins(BPF_JMP | BPF_JEQ | BPF_K, rule_nr[lo], 0, 1);
			ins(BPF_RET | BPF_K, ERRNO(rule_err[lo]), 0, 0);
		}
		ins(BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
		return;
	}
	/* nr >= the middle: over the lower half, too far for jt */
	ins(BPF_JMP | BPF_JGE | BPF_K, rule_nr[mid], 0, 1);
	ja = prog_len;
	ins(BPF_JMP | BPF_JA, 0, 0, 0);
	tree(lo, mid);
	prog[ja].k = prog_len - ja - 1;
	tree(mid, hi);
}

/* seccomp needs no_new_privs or CAP_SYS_ADMIN in the command's process,
 * as it will be after --user, --cap-drop and --run-as. */
static int
lacks_sys_admin(const struct conf *c)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if ((c->cap_drop >> CAP_SYS_ADMIN & 1) || (c->run_as && c->uid))
		return 1;
	if (c->nsflags & CLONE_NEWUSER)
		return 0;	/* every capability in its own namespace */
	return syscall(SYS_capget, &h, d) < 0 ||
	    !(d[0].effective >> CAP_SYS_ADMIN & 1);
}

int
seccomp_build(const struct conf *c, int *nnp)
{
	static uint16_t act[SECCOMP_MAX];	/* errno by number, 0 = allow */
	struct walk w = { 0, 0, 0, "" };
	uint32_t kill = SECCOMP_RET_KILL_PROCESS;
	unsigned n;
	int nr, e;

	/* Without --seccomp, a quick look for any rule (8 bytes a step)
	 * spares every start the walk over all numbers below. */
	if (!c->seccomp) {
		uint64_t any = 0, v;

		for (n = 0; n < sizeof(c->sc_rules); n += sizeof(v)) {
			memcpy(&v, (const char *)c->sc_rules + n, sizeof(v));
			any |= v;
		}
		if (!any)
			return (int)(prog_len = 0);
	}
	memset(act, 0, sizeof(act));
	prog_len = 0;
	put(head, sizeof(head));
	if (c->seccomp) {
		while ((nr = walk(&w)) >= 0)
			act[nr] = (uint16_t)(w.deny == 2 ? ENOSYS : w.deny);
		/* Naming the host needs a UTS namespace of its own. */
		if (!(c->nsflags & CLONE_NEWUTS))
			act[SYS_sethostname] = act[SYS_setdomainname] = EPERM;
		if (!c->sc_rules[SYS_clone])
			put(clone_rule, sizeof(clone_rule));
		if (!c->sc_rules[SYS_ioctl])
			put(ioctl_rule, sizeof(ioctl_rule));
	}
	for (nr = n = 0; nr < SECCOMP_MAX; nr++) {
		if ((e = c->sc_rules[nr] ? c->sc_rules[nr] : act[nr]) == 0 ||
		    e == SECCOMP_ALLOW)
			continue;
		rule_nr[n] = (uint16_t)nr;
		rule_err[n++] = (uint16_t)e;
	}
	if (!c->seccomp && !n)
		return (int)(prog_len = 0);	/* nothing to deny */
	tree(0, n);
	/* Filters, and killing the whole process (4.14). */
	if (syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &kill) < 0)
		return -errno;
	prog_nnp = *nnp = !c->no_new_privs && lacks_sys_admin(c);
	return (int)prog_len;
}

int
seccomp_install(void)
{
	struct sock_fprog fp = { prog_len, prog };

	if (!prog_len)
		return 0;
	if (prog_nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp);
}
