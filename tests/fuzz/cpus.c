/* parse_cpus against its grammar: digits, or '.' and 1 to 9 digits, or
 * both; at most 1000000 whole CPUs; result in 1/1000, finer digits
 * dropped; 0 is a number (options.c names the kernel's minimum). */
#include "fuzz.h"

static int
ref_cpus(const char *s, uint64_t *milli)
{
	uint64_t whole = 0, frac = 0;
	int over = 0, places = 0;

	if (!(*s == '.' && fuzz_digit(s[1])) && (over = fuzz_digits(&s, &whole)) < 0)
		return -EINVAL;
	if (over)
		return -ERANGE;
	if (*s == '.') {
		if (!fuzz_digit(*++s))
			return -EINVAL;
		for (; fuzz_digit(*s); s++, places++)
			if (places < 3)
				frac = frac * 10 + (uint64_t)(*s - '0');
		if (places > 9)
			return -EINVAL;
		for (; places < 3; places++)
			frac *= 10;
	}
	if (*s)
		return -EINVAL;
	if (whole > 1000000)
		return -ERANGE;
	*milli = whole * 1000 + frac;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char *s = fuzz_str(d, n), back[32];
	uint64_t v = 42, want = 42, again = 0;
	int r, rr;

	if (!s)
		return 0;
	r = parse_cpus(s, &v);
	rr = ref_cpus(s, &want);
	CHECK(r == rr, "'%s': %d, want %d", s, r, rr);
	CHECK(r < 0 || v == want, "'%s': %llu, want %llu", s,
	    (unsigned long long)v, (unsigned long long)want);
	CHECK(r == 0 || v == 42, "'%s': failed but wrote %llu", s, (unsigned long long)v);
	if (r == 0) {
		CHECK(v <= 1000000999, "'%s': %llu", s, (unsigned long long)v);
		snprintf(back, sizeof(back), "%llu.%03llu", (unsigned long long)(v / 1000),
		    (unsigned long long)(v % 1000));
		CHECK(parse_cpus(back, &again) == 0 && again == v,
		    "'%s' = %llu does not read back from '%s'", s,
		    (unsigned long long)v, back);
	}
	free(s);
	return 0;
}
