/* parse_ids: UID[:GID], decimal, each at most 4294967294 ((uid_t)-1 is
 * not an id), the UID part at most 15 bytes; read back from "%u:%u". */
#include "fuzz.h"

static int
ref_id(const char *s, size_t len, uint64_t *v)
{
	const char *p = s;

	return fuzz_digits(&p, v) == 0 && (size_t)(p - s) == len &&
	    *v <= 0xfffffffeULL ? 0 : -EINVAL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char *s = fuzz_str(d, n), back[32];
	const char *colon;
	uid_t u = 7, u2 = 7;
	gid_t g = 7, g2 = 7;
	int hg = 7, hg2 = 7, r, ok;
	uint64_t wu = 0, wg = 0;
	size_t ulen;

	if (!s)
		return 0;
	r = parse_ids(s, &u, &g, &hg);
	colon = strchr(s, ':');
	ulen = colon ? (size_t)(colon - s) : strlen(s);
	ok = ulen >= 1 && ulen <= 15 && ref_id(s, ulen, &wu) == 0 &&
	    (!colon || ref_id(colon + 1, strlen(colon + 1), &wg) == 0);
	CHECK((r == 0) == ok && (r == 0 || r == -EINVAL), "'%s': %d, want %s", s, r,
	    ok ? "0" : "-EINVAL");
	if (r == 0) {
		CHECK(u == wu && hg == !!colon && (!colon || g == wg),
		    "'%s': %u:%u (%d)", s, (unsigned)u, (unsigned)g, hg);
		if (hg)
			snprintf(back, sizeof(back), "%u:%u", (unsigned)u, (unsigned)g);
		else
			snprintf(back, sizeof(back), "%u", (unsigned)u);
		CHECK(parse_ids(back, &u2, &g2, &hg2) == 0 && u2 == u && hg2 == hg &&
		    (!hg || g2 == g), "'%s' does not read back from '%s'", s, back);
	}
	free(s);
	return 0;
}
