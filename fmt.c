/*
 * fmt.c: the little formatting minit needs, in place of snprintf.
 * musl's printf family pulls in floating point and wide characters,
 * about a third of the binary; minit prints strings and integers only.
 * Conversions: %s %.*s %c %d %u %x with l, ll, z and a zero-padded
 * width (%03lld), and %%. Always NUL-terminates; returns the length written.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "minit.h"

/* The build's message dictionary (msgpack.pl): absent when fmt.c is
 * compiled as it is, as the fuzz and valgrind builds do. */
#if __has_include("msgdict.h")
#include "msgdict.h"
#endif

struct out {
	char *p, *end;
};

static void
put(struct out *o, char ch)
{
	if (o->p < o->end)
		*o->p++ = ch;
}

static void
put_num(struct out *o, unsigned long long v, int neg, unsigned base,
    int width, char pad)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		width--;
	if (neg && pad == '0')
		put(o, '-');
	for (; width > n; width--)
		put(o, pad);
	if (neg && pad != '0')
		put(o, '-');
	while (n)
		put(o, tmp[--n]);
}

#ifdef MSG_DICT
/* The bounds of the binary's read-only data (the linker's): minit's own
 * literals lie between them, a user's path or command never does. */
extern const char etext[], edata[];

/* One symbol of coded message text: a character, or a pair from the
 * dictionary, each half a symbol again. prec counts the characters
 * still to print; below 0, no limit. */
static void
put_sym(struct out *o, unsigned char c, int *prec)
{
	if (c >= 0x80) {
		put_sym(o, msg_dict[c - 0x80][0], prec);
		put_sym(o, msg_dict[c - 0x80][1], prec);
	} else if (*prec) {
		(*prec)--;
		put(o, (char)c);
	}
}
#endif

int
fmt_vbuf(char *buf, size_t len, const char *f, va_list ap)
{
	struct out o = { buf, buf + (len ? len - 1 : 0) };

	for (; *f; f++) {
		int lng = 0, width = 0, prec = -1;
		char pad = ' ';

		if (*f != '%') {
#ifdef MSG_DICT
			put_sym(&o, (unsigned char)*f, &prec);
#else
			put(&o, *f);
#endif
			continue;
		}
		f++;
		if (*f == '0')
			pad = '0';
		while (*f >= '0' && *f <= '9')
			width = width * 10 + (*f++ - '0');
		if (f[0] == '.' && f[1] == '*') {
			prec = va_arg(ap, int);
			f += 2;
		}
		for (; *f == 'l' || *f == 'z'; f++)
			lng += *f == 'z' ? 2 : 1;
		/* Every argument minit passes is an int, a long, a long long
		 * or a pointer, each a 64-bit register or stack slot on the
		 * LP64 machines minit runs on: one fetch, then an int is cut
		 * to its 32 bits. */
		_Static_assert(sizeof(long) == 8 && sizeof(void *) == 8,
		    "fmt.c fetches each argument as 64 bits");
		unsigned long long v = *f == '%' || !*f ? 0 :
		    va_arg(ap, unsigned long);

		if (!lng && *f != 's')
			v = *f == 'd' ? (unsigned long long)(long long)(int)v :
			    (unsigned)v;
		switch (*f) {
		case 's': {
			const char *s = (const char *)v;

			s = s ? s : "(null)";
#ifdef MSG_DICT
			if (s >= etext && s < edata) {
				for (; *s && prec; s++)
					put_sym(&o, (unsigned char)*s, &prec);
				break;
			}
#endif
			for (; *s && prec--; s++)
				put(&o, *s);
			break;
		}
		case 'c':
			put(&o, (char)v);
			break;
		case 'd':
			put_num(&o, (long long)v < 0 ? 0ULL - v : v,
			    (long long)v < 0, 10, width, pad);
			break;
		case 'u':
		case 'x':
			put_num(&o, v, 0, *f == 'x' ? 16 : 10, width, pad);
			break;
		case '%':
			put(&o, '%');
			break;
		case 0:
			f--;
			break;
		}
	}
	if (len)
		*o.p = 0;
	return (int)(o.p - buf);
}

int
fmt_buf(char *buf, size_t len, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = fmt_vbuf(buf, len, f, ap);
	va_end(ap);
	return n;
}

/*
 * strerror's text for the errnos minit can meet (musl's wording, so the
 * messages read the same in every build), in place of musl's table of
 * every errno (2 KiB): an entry is the errno as one byte, then its text.
 * Any other errno prints as "error N".
 */
static const char errtab[] =
	"\001Operation not permitted\0"	/* EPERM */
	"\002No such file or directory\0"	/* ENOENT */
	"\003No such process\0"	/* ESRCH */
	"\004Interrupted system call\0"	/* EINTR */
	"\005I/O error\0"	/* EIO */
	"\006No such device or address\0"	/* ENXIO */
	"\007Argument list too long\0"	/* E2BIG */
	"\010Exec format error\0"	/* ENOEXEC */
	"\011Bad file descriptor\0"	/* EBADF */
	"\012No child process\0"	/* ECHILD */
	"\013Resource temporarily unavailable\0"	/* EAGAIN */
	"\014Out of memory\0"	/* ENOMEM */
	"\015Permission denied\0"	/* EACCES */
	"\016Bad address\0"	/* EFAULT */
	"\020Resource busy\0"	/* EBUSY */
	"\021File exists\0"	/* EEXIST */
	"\022Cross-device link\0"	/* EXDEV */
	"\023No such device\0"	/* ENODEV */
	"\024Not a directory\0"	/* ENOTDIR */
	"\025Is a directory\0"	/* EISDIR */
	"\026Invalid argument\0"	/* EINVAL */
	"\027Too many open files in system\0"	/* ENFILE */
	"\030No file descriptors available\0"	/* EMFILE */
	"\031Not a tty\0"	/* ENOTTY */
	"\032Text file busy\0"	/* ETXTBSY */
	"\033File too large\0"	/* EFBIG */
	"\034No space left on device\0"	/* ENOSPC */
	"\036Read-only file system\0"	/* EROFS */
	"\037Too many links\0"	/* EMLINK */
	"\040Broken pipe\0"	/* EPIPE */
	"\042Result not representable\0"	/* ERANGE */
	"\044Filename too long\0"	/* ENAMETOOLONG */
	"\046Function not implemented\0"	/* ENOSYS */
	"\047Directory not empty\0"	/* ENOTEMPTY */
	"\050Symbolic link loop\0"	/* ELOOP */
	"\113Value too large for data type\0"	/* EOVERFLOW */
	"\130Not a socket\0"	/* ENOTSOCK */
	"\132Message too large\0"	/* EMSGSIZE */
	"\135Protocol not supported\0"	/* EPROTONOSUPPORT */
	"\137Not supported\0"	/* EOPNOTSUPP */
	"\141Address family not supported by protocol\0"	/* EAFNOSUPPORT */
	"\142Address in use\0"	/* EADDRINUSE */
	"\143Address not available\0"	/* EADDRNOTAVAIL */
	"\144Network is down\0"	/* ENETDOWN */
	"\145Network unreachable\0"	/* ENETUNREACH */
	"\151No buffer space available\0"	/* ENOBUFS */
	"\156Operation timed out\0"	/* ETIMEDOUT */
	"\157Connection refused\0"	/* ECONNREFUSED */
	"\164Stale file handle\0"	/* ESTALE */
	"\172Quota exceeded\0"	/* EDQUOT */;

const char *
fmt_strerror(int err)
{
	static char other[20];
	const char *p;

	for (p = errtab; p < errtab + sizeof(errtab) - 1; p += strlen(p) + 1)
		if ((unsigned char)*p++ == err)
			return p;
	fmt_buf(other, sizeof(other), "error %d", err);
	return other;
}
