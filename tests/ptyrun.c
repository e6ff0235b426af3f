/*
 * ptyrun: run a command as a job of a fresh pseudo-terminal, the way an
 * interactive shell would, and report what a shell would see. Static, built
 * like probe.c; the tests' stand-in for `script` and an interactive shell.
 *
 *   ptyrun [-b] [-z] [-c|-d] [-w N:NAME] [-t SECS] -- CMD [ARG]...
 *
 * A "session" process (the shell) makes a new session on the pty, starts
 * CMD as a job in its own process group with the pty on stdin (stdout and
 * stderr are ptyrun's own), in the terminal's foreground, or in the
 * background with -b. It waits for the job like a shell: when the job
 * stops it takes the terminal back, and with -z runs `fg` (the terminal to
 * the job's group, SIGCONT to the group). The parent holds the master and
 * types the keys, each once the command's group holds the foreground
 * (TIOCGPGRP on the master: a group other than the job's and the shell's):
 *   -z  ^Z (with -b: wait for the command's own stop), `fg`, then:
 *   -c  ^C
 *   -d  ^D (end of input)
 *   -w N:NAME  each key only once N processes named NAME run (not
 *      stopped) in the command's group: a pipeline is all there
 * It prints, one per line:
 *   stopped            the job stopped (once per stop)
 *   status N           the job's exit status (128+N for a signal)
 *   tty job|shell|other  who holds the terminal's foreground after the job
 *                      ended: the job's group (it took the terminal back
 *                      from its command), the shell's, or another group
 *   hung               the job did not end within SECS (default 20): the
 *                      whole job is killed
 * Exit 0 once it printed those, 2 on a usage or pty error.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <termios.h>
#include <unistd.h>

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
nap(void)
{
	struct timespec ts = { 0, 5000000 };

	nanosleep(&ts, NULL);
}

/* How many processes of group pgrp named want run (not stopped). */
static int
group_scan(pid_t pgrp, const char *want)
{
	char path[64], buf[512], *b, *e;
	int fd, pg, count = 0;
	ssize_t n;
	DIR *d = opendir("/proc");
	struct dirent *de;

	while (d && (de = readdir(d)) != NULL) {
		snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
		if ((fd = open(path, O_RDONLY)) < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		/* pid (comm) state ppid pgrp ... */
		if (n <= 0 || (buf[n] = 0, b = strchr(buf, '(')) == NULL ||
		    (e = strrchr(buf, ')')) == NULL ||
		    sscanf(e + 2, "%*c %*d %d", &pg) != 1)
			continue;
		if (pg != pgrp)
			continue;
		*e = 0;
		if (e[2] != 'T' && !strcmp(b + 1, want))
			count++;
	}
	if (d)
		closedir(d);
	return count;
}

/* The session: a shell running one job. Reports on stdout; writes one
 * byte to tell the parent about `fg` ('f'). */
static int
session(const char *slave, char **argv, int bg, int fg_after_stop, int secs, int tell)
{
	pid_t job, got, shell = getpid();
	long long end = now_ms() + secs * 1000LL;
	int fd, st;

	setsid();
	if ((fd = open(slave, O_RDWR)) < 0) {
		perror(slave);
		return 2;
	}
	ioctl(fd, TIOCSCTTY, 0);
	dup2(fd, 0);
	if (fd > 0)
		close(fd);
	signal(SIGTTOU, SIG_IGN);	/* a shell takes the terminal back */
	if ((job = fork()) == 0) {
		setpgid(0, 0);
		if (!bg)
			tcsetpgrp(0, getpid());
		signal(SIGTTOU, SIG_DFL);
		close(tell);
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	setpgid(job, job);
	if (!bg)
		tcsetpgrp(0, job);
	if (write(tell, &job, sizeof(job)) < 0)
		return 2;
	for (;;) {
		got = waitpid(job, &st, WUNTRACED | WNOHANG);
		if (got == 0) {
			if (now_ms() > end) {
				printf("hung\n");
				fflush(stdout);
				kill(-job, SIGKILL);
				kill(-job, SIGCONT);
				waitpid(job, &st, 0);
				break;
			}
			nap();
			continue;
		}
		if (got < 0)
			return 2;
		if (WIFSTOPPED(st)) {
			printf("stopped\n");
			fflush(stdout);
			tcsetpgrp(0, shell);
			if (!fg_after_stop)
				continue;
			/* fg */
			tcsetpgrp(0, job);
			kill(-job, SIGCONT);
			if (write(tell, "f", 1) < 0)
				return 2;
			continue;
		}
		break;
	}
	printf("status %d\n", WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st));
	got = tcgetpgrp(0);
	printf("tty %s\n", got == job ? "job" : got == shell ? "shell" : "other");
	fflush(stdout);
	return 0;
}

/* -w N:NAME: what must run in the command's group before ^Z */
static int wait_n;
static const char *wait_name;

/* Wait (bounded) until a group other than the job's and the shell's
 * holds the terminal: minit handed it to the command's (and with -w, N
 * processes named NAME run in it). Not once the session ended (the job
 * with it). */
static int
command_has_tty(int master, pid_t job, pid_t shell, long long end)
{
	siginfo_t si;
	pid_t fg;

	while (now_ms() < end) {
		if (ioctl(master, TIOCGPGRP, &fg) == 0 && fg > 0 && fg != job &&
		    fg != shell && (!wait_name ||
		    group_scan(fg, wait_name) >= wait_n))
			return 1;
		si.si_pid = 0;
		if (waitid(P_PID, shell, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid)
			return 0;
		nap();
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int bg = 0, ctlz = 0, secs = 20, opt, master, p[2], st;
	pid_t s, job = 0;
	long long end;
	char b, key = 0;

	while ((opt = getopt(argc, argv, "+bzcdt:w:")) != -1) {
		switch (opt) {
		case 'b': bg = 1; break;
		case 'z': ctlz = 1; break;
		case 'c': key = 3; break;
		case 'd': key = 4; break;
		case 't': secs = atoi(optarg); break;
		case 'w':
			wait_n = atoi(optarg);
			wait_name = strchr(optarg, ':');
			if (!wait_name++)
				return 2;
			break;
		default: return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: ptyrun [-b] [-z] [-c|-d] [-w N:NAME] [-t SECS] -- CMD [ARG]...\n");
		return 2;
	}
	if ((master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0 ||
	    grantpt(master) < 0 || unlockpt(master) < 0 || pipe(p) < 0) {
		perror("pty");
		return 2;
	}
	if ((s = fork()) == 0) {
		close(p[0]);
		_exit(session(ptsname(master), argv + optind, bg, ctlz, secs, p[1]));
	}
	close(p[1]);
	end = now_ms() + secs * 1000LL;
	if (read(p[0], &job, sizeof(job)) == sizeof(job) && key) {
		/* In the background the command stops on its own (SIGTTIN). */
		if (ctlz && !bg && command_has_tty(master, job, s, end) &&
		    write(master, "\x1a", 1) < 0)
			return 2;
		/* after the shell saw the stop and ran fg: ^C */
		if ((!ctlz || read(p[0], &b, 1) == 1) &&
		    command_has_tty(master, job, s, end) && write(master, &key, 1) < 0)
			return 2;
	}
	/* Drain the master (the keys' echo) until the session ends. */
	fcntl(master, F_SETFL, O_NONBLOCK);
	while (waitpid(s, &st, WNOHANG) == 0) {
		char buf[256];

		while (read(master, buf, sizeof(buf)) > 0)
			;
		nap();
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 2;
}
