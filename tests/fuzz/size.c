/*
 * parse_size against its grammar (digits, or '.' and 1 to 6 digits, or
 * both, the fraction only with a unit; then K M G T in any case with an
 * optional B or iB, or a lone B; or "max"; a fraction of a byte dropped), and parse_size_fmt: its
 * output stays in its 32 bytes, reads back to the value rounded down to
 * a tenth of its unit, for the parsed value and for every magnitude of
 * the input's first 8 bytes taken as a number.
 */
#include "fuzz.h"

static int
ref_size(const char *s, uint64_t *out)
{
	static const char units[] = "KMGTkmgt";
	const char *u;
	uint64_t n = 0, frac = 0, scale = 1;
	int shift = 0, over = 0, places = 0;

	if (!strcasecmp(s, "max"))
		return *out = UINT64_MAX, 0;
	if (!(*s == '.' && fuzz_digit(s[1])) && (over = fuzz_digits(&s, &n)) < 0)
		return -EINVAL;
	if (over)
		return -ERANGE;
	if (*s == '.') {
		if (!fuzz_digit(*++s))
			return -EINVAL;
		for (; fuzz_digit(*s); s++, places++) {
			frac = frac * 10 + (uint64_t)(*s - '0');
			scale *= 10;
			if (places == 6)
				return -EINVAL;
		}
	}
	if (*s && (u = strchr(units, *s)) != NULL) {
		shift = 10 * (int)((u - units) % 4 + 1);
		s++;
		if ((s[0] == 'i' || s[0] == 'I') && (s[1] == 'b' || s[1] == 'B'))
			s += 2;
		else if (*s == 'b' || *s == 'B')
			s++;
	} else if (*s == 'b' || *s == 'B')
		s++;
	if (*s || (places && !shift))
		return -EINVAL;
	if (shift && n > UINT64_MAX >> shift)
		return -ERANGE;
	*out = (uint64_t)(((unsigned __int128)n << shift) +
	    ((unsigned __int128)frac << shift) / scale);
	return 0;
}

static void
check_fmt(uint64_t v)
{
	static const char units[] = "BKMGTPE";
	char *buf = malloc(32);		/* exactly 32: ASan sees one more */
	const char *p, *u;
	uint64_t whole, tenths = 0;
	int e;

	if (!buf)
		abort();
	memset(buf, 'x', 32);
	parse_size_fmt(v, buf);
	CHECK(memchr(buf, 0, 32), "%llu: no NUL in 32 bytes", (unsigned long long)v);
	if (v == UINT64_MAX) {
		CHECK(!strcmp(buf, "max"), "UINT64_MAX: '%s'", buf);
		free(buf);
		return;
	}
	p = buf;
	CHECK(fuzz_digits(&p, &whole) == 0, "%llu: '%s'", (unsigned long long)v, buf);
	if (*p == '.') {
		CHECK(fuzz_digit(p[1]), "%llu: '%s'", (unsigned long long)v, buf);
		tenths = (uint64_t)(p[1] - '0');
		p += 2;
	}
	CHECK(*p && (u = strchr(units, *p)) != NULL && p[1] == 0,
	    "%llu: '%s': no unit at the end", (unsigned long long)v, buf);
	e = (int)(u - units);
	if (e == 0) {
		uint64_t back;

		/* plain bytes: exact, and parse_size reads it back */
		CHECK(!strchr(buf, '.') && whole == v && v < 1024,
		    "%llu: '%s'", (unsigned long long)v, buf);
		CHECK(parse_size(buf, &back) == 0 && back == v,
		    "%llu: '%s' parses back as %llu", (unsigned long long)v, buf,
		    (unsigned long long)back);
	} else {
		/* whole.tenths units is the value rounded down to a tenth */
		unsigned __int128 q = ((unsigned __int128)v * 10) >> (10 * e);

		CHECK(p[-2] == '.', "%llu: '%s': no tenths", (unsigned long long)v, buf);
		CHECK(whole >= 1 && (whole < 1024 || e == 6),
		    "%llu: '%s': not the largest unit", (unsigned long long)v, buf);
		CHECK(q == whole * 10 + tenths, "%llu: '%s', want %llu.%llu%c",
		    (unsigned long long)v, buf, (unsigned long long)(q / 10),
		    (unsigned long long)(q % 10), units[e]);
	}
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char *s = fuzz_str(d, n);
	uint64_t raw = 0, v = 42, want = 42;
	int r, rr;

	if (n)
		memcpy(&raw, d, n < 8 ? n : 8);
	for (int k = 0; k < 64; k++)
		check_fmt(raw >> k);
	check_fmt(~raw);
	if (!s)
		return 0;
	r = parse_size(s, &v);
	rr = ref_size(s, &want);
	CHECK(r == rr, "'%s': %d, want %d", s, r, rr);
	CHECK(r < 0 || v == want, "'%s': %llu, want %llu", s,
	    (unsigned long long)v, (unsigned long long)want);
	CHECK(r == 0 || v == 42, "'%s': failed but wrote %llu", s, (unsigned long long)v);
	if (r == 0)
		check_fmt(v);
	free(s);
	return 0;
}
