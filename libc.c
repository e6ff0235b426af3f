/*
 * libc.c: thin versions of libc functions whose musl versions carry code
 * minit never runs, linked into the static musl build only (the Makefile
 * adds this file there; glibc builds, SAN=1 included, use their libc's).
 * A static link takes a symbol from the first object that defines it,
 * so these replace musl's without a change at any call site.
 *
 * What each spares: pipe2 and socket fall back to pipe/socket + fcntl
 * for kernels before 2.6.27; open is a cancellation point with an
 * O_CLOEXEC fcntl fallback; nanosleep goes through clock_nanosleep's
 * cancellation; statfs zeroes and copies its struct; getenv brings
 * strchrnul and strncmp; the string functions are word-at-a-time
 * versions sized for long strings, where minit's are a few bytes
 * (none is in a loop make bench times). Each is the system call, or the
 * plain loop, with errno set as the libc sets it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* gcc would turn the loops below back into calls of themselves. */
#pragma GCC optimize("no-tree-loop-distribute-patterns")

extern char **environ;

int
pipe2(int fd[2], int flags)
{
	return (int)syscall(SYS_pipe2, fd, flags);
}

int
socket(int domain, int type, int protocol)
{
	return (int)syscall(SYS_socket, domain, type, protocol);
}

int
open(const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = flags & O_CREAT || (flags & O_TMPFILE) == O_TMPFILE ?
	    va_arg(ap, int) : 0;
	va_end(ap);
	return (int)syscall(SYS_openat, AT_FDCWD, path, flags, mode);
}

int
nanosleep(const struct timespec *req, struct timespec *rem)
{
	return (int)syscall(SYS_nanosleep, req, rem);
}

int
statfs(const char *path, struct statfs *buf)
{
	return (int)syscall(SYS_statfs, path, buf);
}

char *
getenv(const char *name)
{
	size_t l = strlen(name);
	char **e;

	for (e = environ; e && *e; e++)
		if (!strncmp(*e, name, l) && (*e)[l] == '=')
			return *e + l + 1;
	return NULL;
}

size_t
strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

/* A loop of its own, no call: gcc would turn a call of a string
 * function with its result unused back into strcpy. */
char *
strcpy(char *d, const char *s)
{
	char *r = d;

	while ((*d++ = *s++))
		;
	return r;
}

char *
strchrnul(const char *s, int c)
{
	while (*s && *s != (char)c)
		s++;
	return (char *)s;
}

/* musl's strchr calls its word-at-a-time strchrnul (238 B); this one
 * calls the loop above. */
char *
strchr(const char *s, int c)
{
	s = strchrnul(s, c);
	return *s == (char)c ? (char *)s : NULL;
}

int
isatty(int fd)
{
	struct winsize w;

	if (syscall(SYS_ioctl, fd, TIOCGWINSZ, &w) == 0)
		return 1;
	if (errno != EBADF)
		errno = ENOTTY;
	return 0;
}

pid_t
tcgetpgrp(int fd)
{
	int pgrp;

	return syscall(SYS_ioctl, fd, TIOCGPGRP, &pgrp) < 0 ? -1 : pgrp;
}

int
tcsetpgrp(int fd, pid_t pgrp)
{
	int p = pgrp;

	return (int)syscall(SYS_ioctl, fd, TIOCSPGRP, &p);
}

ssize_t
readlink(const char *restrict path, char *restrict buf, size_t len)
{
	return syscall(SYS_readlinkat, AT_FDCWD, path, buf, len);
}

/* minit registers no atexit handler, has no destructors and no stdio
 * to flush. */
_Noreturn void
exit(int code)
{
	_exit(code);
}
