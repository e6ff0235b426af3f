/*
 * parse_duration against a reference in 128-bit arithmetic: one or more
 * NUMBER[.FRACTION]UNIT, units ms h m s, or one bare NUMBER[.FRACTION]
 * alone (seconds; "1m30" is refused), at most 9 fraction digits, each
 * part a whole number of ms, the total at most INT64_MAX / 1000 ms. The
 * result prints back as "<n>ms".
 */
#include "fuzz.h"

static int
ref_duration(const char *s, long long *ms)
{
	const unsigned __int128 max = INT64_MAX / 1000;
	unsigned __int128 total = 0;
	int first = 1;

	if (!*s)
		return -EINVAL;
	while (*s) {
		uint64_t whole, frac = 0, scale = 1, mult;
		int over = fuzz_digits(&s, &whole), places = 0;

		if (over < 0)
			return -EINVAL;
		if (over)
			return -ERANGE;
		if (*s == '.') {
			if (!fuzz_digit(*++s))
				return -EINVAL;
			for (; fuzz_digit(*s); s++) {
				if (++places > 9)
					return -EINVAL;
				frac = frac * 10 + (uint64_t)(*s - '0');
				scale *= 10;
			}
		}
		if (!strncmp(s, "ms", 2))
			mult = 1, s += 2;
		else if (*s == 'h')
			mult = 3600 * 1000, s++;
		else if (*s == 'm')
			mult = 60 * 1000, s++;
		else if (*s == 's')
			mult = 1000, s++;
		else if (!*s && first)
			mult = 1000;
		else
			return -EINVAL;
		first = 0;
		if ((unsigned __int128)whole * mult > max)
			return -ERANGE;
		if ((unsigned __int128)frac * mult % scale)
			return -EINVAL;
		total += (unsigned __int128)whole * mult +
		    (unsigned __int128)frac * mult / scale;
		if (total > max)
			return -ERANGE;
	}
	*ms = (long long)total;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char *s = fuzz_str(d, n), back[32];
	long long v = -7, want = -7, again = -7;
	int r, rr;

	if (!s)
		return 0;
	r = parse_duration(s, &v);
	rr = ref_duration(s, &want);
	CHECK(r == rr, "'%s': %d, want %d", s, r, rr);
	CHECK(r < 0 || v == want, "'%s': %lld ms, want %lld", s, v, want);
	CHECK(r == 0 || v == -7, "'%s': failed but wrote %lld", s, v);
	if (r == 0) {
		CHECK(v >= 0, "'%s': %lld ms", s, v);
		snprintf(back, sizeof(back), "%lldms", v);
		CHECK(parse_duration(back, &again) == 0 && again == v,
		    "'%s' = %lld ms does not read back from '%s'", s, v, back);
	}
	free(s);
	return 0;
}
