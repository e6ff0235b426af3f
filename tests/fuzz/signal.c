/*
 * parse_signal against <signal.h> (names, aliases, SIGRTMIN/SIGRTMAX as
 * glibc numbers them), and parse_signame: every signal's name reads back
 * as that signal, and any int at all stays within the 16-byte buffer.
 */
#include "fuzz.h"
#include "sigref.h"

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
