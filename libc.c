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
#include <string.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* gcc would turn the loops below back into calls of themselves. A
 * wrapper's call of syscall() is its last: a jump, not a frame. */
#pragma GCC optimize("no-tree-loop-distribute-patterns")

extern char **environ;

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

int
strncmp(const char *a, const char *b, size_t n)
{
	for (; n && *a && *a == *b; n--)
		a++, b++;
	return n ? *(const unsigned char *)a - *(const unsigned char *)b : 0;
}

int
strcmp(const char *a, const char *b)
{
	return strncmp(a, b, (size_t)-1 / 2);
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

char *
strrchr(const char *s, int c)
{
	const char *r = NULL;

	do
		if (*s == (char)c)
			r = s;
	while (*s++);
	return (char *)r;
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
/* musl's are written for long copies (arm64's memcpy, memmove and
 * memset: 1 KiB); minit's are a struct or a path at a time. */
void *
memmove(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	if (p < q)
		while (n--)
			*p++ = *q++;
	else
		while (n--)
			p[n] = q[n];
	return d;
}
void *memcpy(void *restrict, const void *restrict, size_t)
    __attribute__((alias("memmove")));

void *
memset(void *d, int c, size_t n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

#define STR_(x) #x
#define STR(x) STR_(x)

int main(int, char **);
long __syscall_ret(unsigned long);
int __clone(int (*)(void *), void *, int, void *, ...);

static unsigned long *auxv;
static int errno_value __attribute__((used));	/* (the assembly's too) */

int *
__errno_location(void)
{
	return &errno_value;
}

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

/*
 * The functions that are one system call with the C function's
 * arguments as they come: musl's carry a cancellation point, a frame or
 * an errno tail each (16 to 60 B); here each is its number and a jump
 * to the one system call below (7 or 8 B). Those whose system call
 * takes other arguments are C above.
 */
/* A close interrupted has closed the descriptor all the same. */
int
close(int fd)
{
	int r = (int)syscall(SYS_close, fd);

	return r < 0 && errno == EINTR ? 0 : r;
}

#ifdef __aarch64__	/* arm64 has ppoll only */
int
poll(struct pollfd *fds, nfds_t n, int ms)
{
	struct timespec t = { ms / 1000, ms % 1000 * 1000000L };

	return (int)syscall(SYS_ppoll, fds, n, ms < 0 ? NULL : &t, 0, 0);
}
#endif

/*
 * The functions that are one system call with the C function's
 * arguments as they come: each is its number and a jump to the one
 * system call at the end (7 or 8 B; musl's carry a cancellation point,
 * a frame, an errno tail or a fallback for old kernels: 16 to 124 B).
 * After them, those whose call takes other arguments: arm64 has only
 * the *at calls (AT_FDCWD first), waitpid is wait4 without rusage,
 * waitid takes one, reboot two magic numbers. open passes a mode the
 * kernel reads only with O_CREAT or O_TMPFILE.
 */
#define SYSCALLS(X) X(read) X(write) X(ioctl) X(prctl) X(execve) \
	X(chdir) X(chroot) X(sethostname) X(unshare) X(mount) X(umount2) \
	X(kill) X(setpgid) X(getpgid) X(getsid) X(getrusage) X(flock) \
	X(setsockopt) X(sendto) X(recvfrom) X(umask) X(sync) X(getpid) \
	X(getppid) X(geteuid) X(getegid) X(pipe2) X(socket) X(nanosleep) \
	X(statfs)
#define X86_SYSCALLS(X) X(open) X(readlink) X(mkdir) X(mknod) X(access) \
	X(symlink) X(unlink) X(rmdir) X(getpgrp) X(pause) X(poll)
#define FN(f) ".global " #f "\n" #f ":\n"

/* The frame pointer and link register zero end a debugger's backtrace;
 * the stack the kernel gives is 16-byte aligned, the ABI's alignment
 * at a call is made sure of anyway. syscall() moves each argument one
 * register down (x86_64 takes the fourth argument of a system call in
 * r10, not rcx). */
#if defined(__x86_64__)
#define STUB(f) FN(f) "	mov $" STR(SYS_##f) ", %eax\n	jmp 1f\n"
__asm__(
	".text\n"
	FN(_start)
	"	xor %ebp, %ebp\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call start_c\n"
	FN(syscall)
	"	mov %rdi, %rax\n"
	"	mov %rsi, %rdi\n"
	"	mov %rdx, %rsi\n"
	"	mov %rcx, %rdx\n"
	"	mov %r8, %rcx\n"
	"	mov %r9, %r8\n"
	"	mov 8(%rsp), %r9\n"
	"	jmp 1f\n"
	SYSCALLS(STUB) X86_SYSCALLS(STUB)
	FN(waitpid)
	"	xor %ecx, %ecx\n"
	"	mov $" STR(SYS_wait4) ", %eax\n"
	"	jmp 1f\n"
	FN(waitid)
	"	xor %r8d, %r8d\n"
	"	mov $" STR(SYS_waitid) ", %eax\n"
	"	jmp 1f\n"
	FN(reboot)
	"	mov %edi, %edx\n"
	"	mov $0x28121969, %esi\n"
	"	mov $0xfee1dead, %edi\n"
	"	mov $" STR(SYS_reboot) ", %eax\n"
	"1:	mov %rcx, %r10\n"
	"	syscall\n"
	"	mov %rax, %rdi\n"
	/* The kernel's -4095..-1 is -1 and errno. */
	FN(__syscall_ret)
	"	mov %rdi, %rax\n"
	"	cmp $-4095, %rax\n"
	"	jae 2f\n"
	"	ret\n"
	"2:	neg %eax\n"
	"	mov %eax, errno_value(%rip)\n"
	"	or $-1, %rax\n"
	"	ret\n");
#elif defined(__aarch64__)
#define STUB(f) FN(f) "	mov x8, #" STR(SYS_##f) "\n	b 1f\n"
#define AT(f, at) FN(f) "	mov x8, #" STR(SYS_##at) "\n	b 2f\n"
__asm__(
	".text\n"
	FN(_start)
	"	mov x29, #0\n"
	"	mov x30, #0\n"
	"	mov x0, sp\n"
	"	and sp, x0, #-16\n"
	"	b start_c\n"
	FN(syscall)
	"	mov x8, x0\n"
	"	mov x0, x1\n"
	"	mov x1, x2\n"
	"	mov x2, x3\n"
	"	mov x3, x4\n"
	"	mov x4, x5\n"
	"	mov x5, x6\n"
	"	b 1f\n"
	SYSCALLS(STUB)
	AT(open, openat) AT(readlink, readlinkat) AT(mkdir, mkdirat)
	AT(mknod, mknodat) AT(access, faccessat)
	FN(unlink)
	"	mov x1, #0\n"
	"	b 3f\n"
	FN(rmdir)
	"	mov x1, #" STR(AT_REMOVEDIR) "\n"
	"3:	mov x8, #" STR(SYS_unlinkat) "\n"
	"2:	mov x3, x2\n"
	"	mov x2, x1\n"
	"	mov x1, x0\n"
	"	mov x0, #" STR(AT_FDCWD) "\n"
	"	b 1f\n"
	FN(symlink)
	"	mov x2, x1\n"
	"	mov x1, #" STR(AT_FDCWD) "\n"
	"	mov x8, #" STR(SYS_symlinkat) "\n"
	"	b 1f\n"
	FN(getpgrp)
	"	mov x0, #0\n"
	"	mov x8, #" STR(SYS_getpgid) "\n"
	"	b 1f\n"
	FN(pause)
	"	mov x0, #0\n"
	"	mov x1, #0\n"
	"	mov x2, #0\n"
	"	mov x3, #0\n"
	"	mov x8, #" STR(SYS_ppoll) "\n"
	"	b 1f\n"
	FN(waitpid)
	"	mov x3, #0\n"
	"	mov x8, #" STR(SYS_wait4) "\n"
	"	b 1f\n"
	FN(waitid)
	"	mov x4, #0\n"
	"	mov x8, #" STR(SYS_waitid) "\n"
	"	b 1f\n"
	FN(reboot)
	"	mov x2, x0\n"
	"	mov x0, #0xdead\n"
	"	movk x0, #0xfee1, lsl #16\n"
	"	mov x1, #0x1969\n"
	"	movk x1, #0x2812, lsl #16\n"
	"	mov x8, #" STR(SYS_reboot) "\n"
	"1:	svc #0\n"
	FN(__syscall_ret)
	"	cmn x0, #4095\n"
	"	b.cs 2f\n"
	"	ret\n"
	"2:	neg w0, w0\n"
	"	adr x1, errno_value\n"
	"	str w0, [x1]\n"
	"	mov x0, #-1\n"
	"	ret\n");
#else
#error "libc.c: _start and the system call wrappers for x86_64 and aarch64 only"
#endif
#endif /* !__GLIBC__ */
