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
 * plain loop, with errno set as the libc sets it. Last, minit's own
 * start-up (_start), in place of musl's.
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

/*
 * Start-up. musl's crt1.o and __libc_start_main set up thread-local
 * storage (for errno and the stack protector's canary), run
 * constructors and keep the auxiliary vector for getauxval: 1.7 KiB for
 * a program with one thread, no constructors and no TLS of its own.
 * _start hands start_c the stack the kernel built: argc, argv, NULL,
 * the environment, NULL, then the auxiliary vector's (type, value)
 * pairs up to AT_NULL. The thread pointer is never set, so nothing
 * linked may read it: errno is the int below, and the wrappers musl
 * builds with the stack protector (whose canary is thread-local on
 * x86_64) are replaced here by plain system calls. The build checks
 * the binary for any read of the thread pointer (Makefile).
 */
#ifndef __GLIBC__	/* (the valgrind build compiles this file for glibc) */
#define STR_(x) #x
#define STR(x) STR_(x)

int main(int, char **);
long __syscall_ret(unsigned long);
int __clone(int (*)(void *), void *, int, void *, ...);

static unsigned long *auxv;
static int errno_value;

int *
__errno_location(void)
{
	return &errno_value;
}
/* (the name musl's own functions call) */
int *___errno_location(void) __attribute__((const, alias("__errno_location")));

__attribute__((used, externally_visible, noreturn)) void
start_c(long *sp)
{
	char **argv = (char **)sp + 1, **e = argv + sp[0] + 1;

	environ = e;
	while (*e++)
		;
	auxv = (unsigned long *)e;
	exit(main((int)sp[0], argv));
}

unsigned long
getauxval(unsigned long type)
{
	for (unsigned long *a = auxv; *a; a += 2)
		if (*a == type)
			return a[1];
	errno = ENOENT;
	return 0;
}

/* minit passes clone no parent tid, TLS or child tid. */
int
clone(int (*fn)(void *), void *stack, int flags, void *arg, ...)
{
	return (int)__syscall_ret((unsigned long)__clone(fn, stack, flags, arg,
	    0, 0, 0));
}

/* The frame pointer and link register zero end a debugger's backtrace;
 * the stack the kernel gives is 16-byte aligned, the ABI's alignment
 * at a call is made sure of anyway. syscall() moves each argument one
 * register down; ioctl and prctl pass theirs as they came (x86_64 takes
 * the fourth argument of a system call in r10, not rcx). */
#if defined(__x86_64__)
__asm__(
	".text\n"
	".global _start\n"
	"_start:\n"
	"	xor %ebp, %ebp\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call start_c\n"
	".global syscall\n"
	"syscall:\n"
	"	mov %rdi, %rax\n"
	"	mov %rsi, %rdi\n"
	"	mov %rdx, %rsi\n"
	"	mov %rcx, %rdx\n"
	"	mov %r8, %rcx\n"
	"	mov %r9, %r8\n"
	"	mov 8(%rsp), %r9\n"
	"	jmp 1f\n"
	".global ioctl\n"
	"ioctl:\n"
	"	mov $" STR(SYS_ioctl) ", %eax\n"
	"	jmp 1f\n"
	".global prctl\n"
	"prctl:\n"
	"	mov $" STR(SYS_prctl) ", %eax\n"
	"1:	mov %rcx, %r10\n"
	"	syscall\n"
	"	mov %rax, %rdi\n"
	"	jmp __syscall_ret\n");
#elif defined(__aarch64__)
__asm__(
	".text\n"
	".global _start\n"
	"_start:\n"
	"	mov x29, #0\n"
	"	mov x30, #0\n"
	"	mov x0, sp\n"
	"	and sp, x0, #-16\n"
	"	b start_c\n"
	".global syscall\n"
	"syscall:\n"
	"	mov x8, x0\n"
	"	mov x0, x1\n"
	"	mov x1, x2\n"
	"	mov x2, x3\n"
	"	mov x3, x4\n"
	"	mov x4, x5\n"
	"	mov x5, x6\n"
	"	b 1f\n"
	".global ioctl\n"
	"ioctl:\n"
	"	mov x8, #" STR(SYS_ioctl) "\n"
	"	b 1f\n"
	".global prctl\n"
	"prctl:\n"
	"	mov x8, #" STR(SYS_prctl) "\n"
	"1:	svc #0\n"
	"	b __syscall_ret\n");
#else
#error "libc.c: _start and the system call wrappers for x86_64 and aarch64 only"
#endif
#endif /* !__GLIBC__ */
