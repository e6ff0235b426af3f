/*
 * minit's command-line parser (parse_args, static in options.c) on fuzzed
 * argument vectors: the input split at NUL bytes, after argv[0].
 * options.c is compiled into this harness, which supplies minit_log and
 * replaces write(), so the message of a usage error (-1: exit 125) or of
 * -V/-h (1: exit 0) is checked instead of printed. Nothing else of minit runs: no environment is read, no
 * child is started.
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

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char *copy, *argv[66];
	int argc = 1, r;
	struct conf c;

	/* argv: "minit", then the input's NUL-separated strings */
	if ((copy = malloc(n + 1)) == NULL)
		abort();
	memcpy(copy, d, n);
	copy[n] = 0;
	argv[0] = "minit";
	for (char *p = copy; p < copy + n && argc < 65; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;

	memset(&c, 0, sizeof(c));
	pool_used = 0;	/* options.c's path pool: each input starts empty */
	c.grace_ms = 2000;
	fuzz_writes = 0;
	fuzz_len = 0;
	if ((r = parse_args(&c, argc, argv)) == 0) {
		CHECK(fuzz_writes == 0, "parsed, but wrote '%.*s'", (int)fuzz_len, fuzz_out);
		CHECK(c.argv >= argv + 1 && c.argv <= argv + argc && !argv[argc],
		    "argv %td of %d", c.argv - argv, argc);
		CHECK(c.verbose >= -1, "verbose %d", c.verbose);
		CHECK(c.grace_ms >= 0 && c.timeout_ms >= 0, "grace %lld timeout %lld",
		    c.grace_ms, c.timeout_ms);
		CHECK(c.pdeathsig >= 0 && c.pdeathsig < MINIT_NSIG, "pdeathsig %d", c.pdeathsig);
		for (int i = 0; i < MINIT_NSIG; i++)
			CHECK(c.rewrite[i] == 0 || c.rewrite[i] == 0xff ||
			    c.rewrite[i] < MINIT_NSIG, "rewrite[%d] %d", i, c.rewrite[i]);
		CHECK(!c.rewrite[SIGKILL] && !c.rewrite[SIGSTOP] && !c.rewrite[SIGCHLD],
		    "KILL, STOP or CHLD rewritten");
		CHECK(!c.hostname || (*c.hostname && strlen(c.hostname) <= 64),
		    "hostname '%s'", c.hostname);
		CHECK(!c.cgroup_parent || c.cgroup_parent[0] == '/', "cgroup parent '%s'",
		    c.cgroup_parent);
		CHECK(!c.mem || c.mem == UINT64_MAX || c.mem >= 1, "mem");
	} else {
		/* one message, one write: "minit: ...\n" for an error */
		CHECK(r == -1 || r == 1, "parse_args returned %d", r);
		CHECK(fuzz_writes == 1, "returned %d after %d writes", r, fuzz_writes);
		if (r < 0)
			CHECK(fuzz_len > 8 && fuzz_len <= 512 &&
			    !memcmp(fuzz_out, "minit: ", 7) && fuzz_out[fuzz_len - 1] == '\n',
			    "message '%.*s'", (int)fuzz_len, fuzz_out);
	}
	free(copy);
	return 0;
}
