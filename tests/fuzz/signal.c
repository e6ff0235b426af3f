/*
 * parse_signal against <signal.h> (names, aliases, SIGRTMIN/SIGRTMAX as
 * glibc numbers them), and parse_signame: every signal's name reads back
 * as that signal, and any int at all stays within the 16-byte buffer.
 */
#include "fuzz.h"

#include <signal.h>

/* The seeds are replayed on musl too (tests/replay.c, the arm64 build),
 * which has no SIGCLD and keeps 34 for itself (SIGRTMIN 35): the
 * reference stays glibc's numbering, the one parse_signal follows. */
#ifndef __GLIBC__
#undef SIGRTMIN
#define SIGRTMIN 34
#define SIGCLD SIGCHLD
#endif

static const struct { const char *name; int sig; } names[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
	{ "ILL", SIGILL }, { "TRAP", SIGTRAP }, { "ABRT", SIGABRT },
	{ "IOT", SIGIOT }, { "BUS", SIGBUS }, { "FPE", SIGFPE },
	{ "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV },
	{ "USR2", SIGUSR2 }, { "PIPE", SIGPIPE }, { "ALRM", SIGALRM },
	{ "TERM", SIGTERM }, { "STKFLT", SIGSTKFLT }, { "CHLD", SIGCHLD },
	{ "CLD", SIGCLD }, { "CONT", SIGCONT }, { "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP }, { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },
	{ "URG", SIGURG }, { "XCPU", SIGXCPU }, { "XFSZ", SIGXFSZ },
	{ "VTALRM", SIGVTALRM }, { "PROF", SIGPROF }, { "WINCH", SIGWINCH },
	{ "IO", SIGIO }, { "POLL", SIGPOLL }, { "PWR", SIGPWR },
	{ "SYS", SIGSYS },
};

/* "+N" / "-N" after RTMIN / RTMAX: digits, at most the RT range. */
static int
rt_offset(const char *s, char sign, int *off)
{
	uint64_t v;

	if (!*s)
		return *off = 0, 0;
	if (*s++ != sign || fuzz_digits(&s, &v) != 0 || *s ||
	    v > (uint64_t)(SIGRTMAX - SIGRTMIN))
		return -EINVAL;
	*off = (int)v;
	return 0;
}

static int
ref_signal(const char *s, int *sig)
{
	uint64_t v;
	int off;

	if (fuzz_digit(*s)) {
		if (fuzz_digits(&s, &v) != 0 || *s || v == 0 || v > (uint64_t)SIGRTMAX)
			return -EINVAL;
		return *sig = (int)v, 0;
	}
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(s, names[i].name))
			return *sig = names[i].sig, 0;
	if (!strncasecmp(s, "RTMIN", 5) && rt_offset(s + 5, '+', &off) == 0)
		return *sig = SIGRTMIN + off, 0;
	if (!strncasecmp(s, "RTMAX", 5) && rt_offset(s + 5, '-', &off) == 0)
		return *sig = SIGRTMAX - off, 0;
	return -EINVAL;
}

/* parse_signame(sig) in a heap block of exactly 16 bytes. */
static void
check_name(int sig, int valid)
{
	char *buf = malloc(16), sigbuf[24];
	const char *nm;
	int back = -1;

	if (!buf)
		abort();
	nm = parse_signame(sig, buf);
	CHECK(nm && (nm != buf || memchr(buf, 0, 16)), "%d: no NUL in 16 bytes", sig);
	if (valid) {
		CHECK(parse_signal(nm, &back) == 0 && back == sig,
		    "%d: its name '%s' reads back as %d", sig, nm, back);
		if (!fuzz_digit(*nm)) {
			snprintf(sigbuf, sizeof(sigbuf), "SIG%s", nm);
			CHECK(parse_signal(sigbuf, &back) == 0 && back == sig,
			    "%d: '%s' reads back as %d", sig, sigbuf, back);
		}
	}
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static int once;
	char *s;
	int raw = 0, v = -7, want = -7, r, rr;

	if (!once++)
		for (int i = 1; i <= SIGRTMAX; i++)
			check_name(i, 1);
	if (n)
		memcpy(&raw, d, n < sizeof(raw) ? n : sizeof(raw));
	check_name(raw, raw >= 1 && raw <= SIGRTMAX);
	if ((s = fuzz_str(d, n)) == NULL)
		return 0;
	r = parse_signal(s, &v);
	rr = ref_signal(s, &want);
	CHECK(r == rr, "'%s': %d, want %d", s, r, rr);
	CHECK(r < 0 || v == want, "'%s': %d, want %d", s, v, want);
	CHECK(r == 0 || v == -7, "'%s': failed but wrote %d", s, v);
	if (r == 0)
		check_name(v, 1);
	free(s);
	return 0;
}
