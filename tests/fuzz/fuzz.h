/*
 * tests/fuzz/fuzz.h: shared by the libFuzzer harnesses, one per parser
 * (tests/fuzz/<name>.c, seeds in tests/fuzz/corpus/<name>/). Each checks
 * more than "no crash": a reference that says which strings are valid and
 * what they mean, written from the option's documented grammar, not
 * copied from parse.c; round trips where there is a formatter.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "minit.h"

/*
 * The input as a C string in a heap block of exactly its length + 1, so
 * that ASan sees a read past the NUL. NULL when the input holds a NUL:
 * as a C string it would be a shorter input the fuzzer also tries.
 */
static __attribute__((unused)) char *
fuzz_str(const uint8_t *d, size_t n)
{
	char *s;

	if (memchr(d, 0, n))
		return NULL;
	if ((s = malloc(n + 1)) == NULL)
		abort();
	memcpy(s, d, n);
	s[n] = 0;
	return s;
}

/* A broken invariant is a crash to libFuzzer: it saves the input. */
#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "\ninvariant broken: %s\n  ", #cond);	\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		abort();						\
	}								\
} while (0)

static __attribute__((unused)) int
fuzz_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Leading digits of *sp into *v; -1 if there are none, 1 on overflow
 * (the digits are consumed either way). */
static __attribute__((unused)) int
fuzz_digits(const char **sp, uint64_t *v)
{
	const char *s = *sp;
	unsigned __int128 n = 0;
	int over = 0;

	if (!fuzz_digit(*s))
		return -1;
	for (; fuzz_digit(*s); s++) {
		n = n * 10 + (unsigned)(*s - '0');
		if (n > UINT64_MAX) {
			over = 1;
			n = UINT64_MAX;
		}
	}
	*sp = s;
	*v = (uint64_t)n;
	return over;
}
