/*
 * fmt_buf against the C library's snprintf: one conversion (%s %.*s %c
 * %d %u %x with l, ll, z, a width and zero padding, %%) between two runs
 * of literal text, every buffer size from 0 to 255 (an exact heap block:
 * ASan sees a byte too far). fmt_buf returns what it wrote, not what it
 * would have written; it always NUL-terminates.
 *
 * Input: [0] buffer size, [1] conversion, [2] width (bits 0-4), width
 * given (bit 5), zero padding (bit 6), [3..10] the integer argument,
 * [11] where the text splits into literal prefix and string argument,
 * the rest the text (the prefix is repeated as a suffix).
 */
#include <sys/types.h>

#include "fuzz.h"

static const char *const convs[] = {
	"s", ".*s", "c", "%", "d", "ld", "lld", "u", "lu", "llu",
	"x", "lx", "llx", "zu", "zd",
};
enum { S, PS, C, PCT, D, LD, LLD, U, LU, LLU, X, LX, LLX, ZU, ZD, NCONV };

static char *
literal(char *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((*p++ = s[i]) == '%')
			*p++ = '%';
	return p;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static char ref[16384];
	size_t len, k, tn, want;
	char *text, *buf, *fmt, *p;
	uint64_t raw;
	int conv, got, full = 0;

	if (n < 12 || (text = fuzz_str(d + 12, n - 12)) == NULL)
		return 0;
	len = d[0];
	conv = d[1] % NCONV;
	memcpy(&raw, d + 3, 8);
	tn = n - 12;
	k = d[11] % (tn + 1);

	/* prefix, the conversion, the prefix again */
	p = fmt = malloc(4 * tn + 16);
	buf = malloc(len);
	if (!fmt || !buf)
		abort();
	p = literal(p, text, k);
	*p++ = '%';
	if (conv >= D) {
		if (d[2] & 0x40)
			*p++ = '0';
		if (d[2] & 0x20)
			p += sprintf(p, "%d", d[2] & 0x1f);
	}
	p = stpcpy(p, convs[conv]);
	p = literal(p, text, k);
	*p = 0;

#define BOTH(...) do {							\
	got = fmt_buf(buf, len, fmt, __VA_ARGS__);			\
	full = snprintf(ref, sizeof(ref), fmt, __VA_ARGS__);		\
} while (0)
	switch (conv) {
	case S: BOTH(text + k); break;
	case PS: BOTH((int)(raw % 600) - 100, text + k); break;
	case C: BOTH((int)(unsigned char)raw); break;
	case PCT: BOTH(0); break;
	case D: BOTH((int)raw); break;
	case LD: BOTH((long)raw); break;
	case LLD: BOTH((long long)raw); break;
	case U: BOTH((unsigned)raw); break;
	case LU: BOTH((unsigned long)raw); break;
	case LLU: BOTH((unsigned long long)raw); break;
	case X: BOTH((unsigned)raw); break;
	case LX: BOTH((unsigned long)raw); break;
	case LLX: BOTH((unsigned long long)raw); break;
	case ZU: BOTH((size_t)raw); break;
	case ZD: BOTH((ssize_t)raw); break;
	}
	CHECK(full >= 0 && (size_t)full < sizeof(ref), "snprintf: %d", full);
	want = len ? ((size_t)full < len - 1 ? (size_t)full : len - 1) : 0;
	CHECK(got >= 0 && (size_t)got == want, "fmt '%s', size %zu: wrote %d, want %zu",
	    fmt, len, got, want);
	CHECK(len == 0 || (!memcmp(buf, ref, want) && buf[want] == 0),
	    "fmt '%s', size %zu: '%.*s', want '%.*s'", fmt, len, got, buf,
	    (int)want, ref);
	free(buf);
	free(fmt);
	free(text);
	return 0;
}
