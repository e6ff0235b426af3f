/*
 * tests/fuzz/sigref.h: a reference for signal names and numbers, written
 * from <signal.h> and the documented grammar (NAME, SIGNAME, N, RTMIN+N,
 * RTMAX-N, any case), not from parse.c. signal.c checks parse_signal
 * against it; rewrite.c and args.c use it as their oracle.
 */
#include <signal.h>
#include <strings.h>

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
static __attribute__((unused)) int
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

static __attribute__((unused)) int
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

