/*
 * log.c: minit's one-line messages on stderr, "minit: <what>: <why>".
 * A leaf beside fmt.c: every file may log, none calls up into init.c.
 * Only init.c decides to exit.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "minit.h"

int log_level;			/* print LOG_* up to this; -1 with -q */
const char *log_who = "minit";	/* "minit[ns]" in a namespace's init,
				 * but for errors */
static int log_dead;		/* stderr's reader is gone */

void
minit_log(int level, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	if (level > log_level || log_dead)
		return;
	/* An error is the run's one line, "minit: <what>: <why>", from
	 * whichever minit; the rest says which one speaks. */
	n = fmt_buf(buf, sizeof(buf) - 1, "%s: ", level == LOG_ERR ? "minit" : log_who);
	va_start(ap, fmt);
	n += fmt_vbuf(buf + n, sizeof(buf) - 1 - (size_t)n, fmt, ap);
	va_end(ap);
	buf[n++] = '\n';
	/* One write, so lines from minit and the command do not interleave.
	 * A dead pipe stays dead: stop writing rather than raise a SIGPIPE
	 * (blocked, so queued, and never forwarded: see init.c) per line. */
	if (write(2, buf, (size_t)n) < 0 && errno == EPIPE)
		log_dead = 1;
}
