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

#include "minit.h"

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

int
fmt_vbuf(char *buf, size_t len, const char *f, va_list ap)
{
	struct out o = { buf, buf + (len ? len - 1 : 0) };

	for (; *f; f++) {
		int lng = 0, width = 0, prec = -1;
		char pad = ' ';

		if (*f != '%') {
			put(&o, *f);
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
		switch (*f) {
		case 's': {
			const char *s = va_arg(ap, const char *);

			for (s = s ? s : "(null)"; *s && prec--; s++)
				put(&o, *s);
			break;
		}
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 'd': {
			long long v = lng >= 2 ? va_arg(ap, long long) :
			    lng ? va_arg(ap, long) : va_arg(ap, int);

			put_num(&o, v < 0 ? 0ULL - (unsigned long long)v :
			    (unsigned long long)v, v < 0, 10, width, pad);
			break;
		}
		case 'u':
		case 'x': {
			unsigned long long v = lng >= 2 ?
			    va_arg(ap, unsigned long long) : lng ?
			    va_arg(ap, unsigned long) : va_arg(ap, unsigned);

			put_num(&o, v, 0, *f == 'x' ? 16 : 10, width, pad);
			break;
		}
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
