/*
 * seccomp.c (included whole) on fuzzed rules: --seccomp-deny and
 * --seccomp-allow values parsed by seccomp_rules against a reference
 * written from the documented grammar, over the generator's plain table
 * (NAME[,NAME]...[:ERRNO], a NAME or a number below 512, ERRNO 1..4095;
 * allow takes names only); then the filter built from them run on a BPF
 * interpreter (tests/bpf.h) for every number, with and without namespace
 * flags and TIOCSTI, and from another architecture, against a model of
 * what --seccomp means (minit.1), written here.
 *
 * Input: byte 0 the switches (bit 0 --seccomp, bit 1 a new UTS
 * namespace), then lines, each a deny value, or an allow value after '+'.
 */
#define SC_REFERENCE
#include "../../seccomp.c"	/* not this file: it has the same name */
#include "fuzz.h"
#include "tests/bpf.h"

#include <signal.h>

static uint16_t got[SECCOMP_MAX], want[SECCOMP_MAX];

static int
ref_name(const char *s, size_t len)
{
	size_t i;
	int n = 0;

	if (len && s[0] >= '0' && s[0] <= '9') {
		for (i = 0; i < len; i++) {
			if (s[i] < '0' || s[i] > '9')
				return -1;
			n = n * 10 + (s[i] - '0');
			if (n >= SECCOMP_MAX)
				return -1;
		}
		return n;
	}
	for (i = 0; i < sizeof(sc_ref) / sizeof(sc_ref[0]); i++)
		if (strlen(sc_ref[i].name) == len && !memcmp(sc_ref[i].name, s, len))
			return sc_ref[i].nr;
	return -1;
}

/* The reference parser: 0, -ERANGE, or -EINVAL with the bad name. */
static int
ref_rules(uint16_t *r, const char *s, int allow, const char **bad, size_t *blen)
{
	const char *colon = NULL, *p, *e, *end;
	long err = EPERM;
	int nr;

	if (!allow)
		for (p = s; *p; p++)
			if (*p == ':')
				colon = p;
	end = colon ? colon : s + strlen(s);
	if (colon) {
		err = 0;
		if (!colon[1])
			return -ERANGE;
		for (p = colon + 1; *p; p++) {
			if (*p < '0' || *p > '9' || (err = err * 10 + (*p - '0')) > 4095)
				return -ERANGE;
		}
		if (err == 0)
			return -ERANGE;
	}
	for (p = s;; p = e + 1) {
		for (e = p; e < end && *e != ','; e++)
			;
		if ((nr = ref_name(p, (size_t)(e - p))) < 0) {
			*bad = p;
			*blen = (size_t)(e - p);
			return -EINVAL;
		}
		r[nr] = allow ? SECCOMP_ALLOW : (uint16_t)err;
		if (e == end)
			return 0;
	}
}

/* What --seccomp and the rules mean for one call (minit.1). */
static uint32_t
model(int seccomp, int uts, uint32_t nr, uint64_t a0, uint64_t a1, uint32_t arch)
{
	uint32_t eperm = SECCOMP_RET_ERRNO | EPERM;
	int r, i, any = seccomp;

	for (i = 0; i < SECCOMP_MAX; i++)
		if (want[i] && want[i] != SECCOMP_ALLOW)
			any = 1;
	if (!any)
		return SECCOMP_RET_ALLOW;	/* no filter at all */
	if (arch != SC_AUDIT_ARCH)
		return SECCOMP_RET_KILL_PROCESS;
#ifdef __x86_64__
	if (nr >= 0x40000000)
		return SECCOMP_RET_ERRNO | ENOSYS;
#endif
	r = nr < SECCOMP_MAX ? want[nr] : 0;
	if (r == SECCOMP_ALLOW)
		return SECCOMP_RET_ALLOW;
	if (r)
		return SECCOMP_RET_ERRNO | (uint32_t)r;
	if (!seccomp)
		return SECCOMP_RET_ALLOW;
	if (nr == SYS_clone)
		return (uint32_t)a0 & (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS |
		    CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET) ?
		    eperm : SECCOMP_RET_ALLOW;
	if (nr == SYS_ioctl)
		return (uint32_t)a1 == TIOCSTI || (uint32_t)a1 == TIOCLINUX ?
		    eperm : SECCOMP_RET_ALLOW;
	if ((nr == SYS_sethostname || nr == SYS_setdomainname) && !uts)
		return eperm;
	for (i = 0; i < (int)(sizeof(sc_ref) / sizeof(sc_ref[0])); i++)
		if ((uint32_t)sc_ref[i].nr == nr && sc_ref[i].deny)
			return SECCOMP_RET_ERRNO | (sc_ref[i].deny == 1 ? EPERM : ENOSYS);
	return SECCOMP_RET_ALLOW;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static struct conf c;
	static const struct { uint64_t a0, a1; } args[] = {
		{ 0, 0 }, { SIGCHLD, 0x5401 }, { CLONE_NEWNS | SIGCHLD, TIOCSTI },
		{ CLONE_NEWUSER, TIOCLINUX | 1ULL << 32 }, { 1ULL << 32 | CLONE_NEWNET, ~0ULL },
	};
	char *s, *line, *next;
	int flags, r, rr, nnp, len, argsread;
	unsigned i, k;

	if (n < 1 || !(s = fuzz_str(d + 1, n - 1)))
		return 0;
	flags = d[0];
	memset(got, 0, sizeof(got));
	memset(want, 0, sizeof(want));
	for (line = s; line; line = next) {
		const char *at = NULL, *rat = NULL;
		size_t alen = 0, rlen = 0;
		int allow = *line == '+';

		if ((next = strchr(line, '\n')) != NULL)
			*next++ = 0;
		r = seccomp_rules(got, line + allow, allow, &at, &alen);
		rr = ref_rules(want, line + allow, allow, &rat, &rlen);
		CHECK(r == rr, "'%s' (allow %d): %d, want %d", line, allow, r, rr);
		CHECK(r != -EINVAL || (at == rat && alen == rlen),
		    "'%s': bad name at +%zd len %zu, want +%zd len %zu", line,
		    at - line, alen, rat - line, rlen);
		CHECK(!memcmp(got, want, sizeof(got)), "'%s': rules differ", line);
		if (r < 0) {
			free(s);
			return 0;
		}
	}
	memset(&c, 0, sizeof(c));
	memcpy(c.sc_rules, got, sizeof(got));
	c.seccomp = flags & 1;
	c.nsflags = flags & 2 ? CLONE_NEWUTS : 0;
	len = seccomp_build(&c, &nnp);
	if (len < 0) {		/* no seccomp here: nothing to run */
		free(s);
		return 0;
	}
	CHECK(len <= BPF_MAXINSNS, "%d instructions", len);
	for (i = 0; i < SECCOMP_MAX + 2; i++) {
		uint32_t nr = i < SECCOMP_MAX ? i : i == SECCOMP_MAX ? 0x40000027 : 0xffffffff;

		for (k = 0; k < sizeof(args) / sizeof(args[0]); k++) {
			uint32_t v = bpf_verdict(nr, args[k].a0, args[k].a1, SC_AUDIT_ARCH, &argsread);
			uint32_t m = model(c.seccomp, flags & 2, nr, args[k].a0, args[k].a1, SC_AUDIT_ARCH);

			CHECK(v == m, "nr %u args %#llx %#llx: %#x, want %#x", nr,
			    (unsigned long long)args[k].a0, (unsigned long long)args[k].a1, v, m);
			/* the kernel caches what needs no argument */
			CHECK(!argsread || nr == SYS_clone || nr == SYS_ioctl,
			    "nr %u: reads an argument", nr);
		}
		CHECK(bpf_verdict(nr, 0, 0, AUDIT_ARCH_I386, &argsread) ==
		    model(c.seccomp, flags & 2, nr, 0, 0, AUDIT_ARCH_I386), "nr %u: i386", nr);
	}
	free(s);
	return 0;
}
