/* parse_ip against its grammar: ADDR "/" PREFIX, ADDR what inet_pton
 * takes for the family, PREFIX decimal digits up to the family's bits
 * (anything else after the '/' is out of range); and parse_ip_peer's
 * promise: another address of the same subnet, or none only in a /32
 * or a /128. */
#include <arpa/inet.h>
#include "fuzz.h"

static int
ref_ip(const char *s, int fam, uint8_t *b, unsigned *plen)
{
	const char *sl = strchr(s, '/'), *p;
	char buf[64];
	unsigned bits = fam == AF_INET ? 32 : 128;
	uint64_t v = 0;
	int over;

	if (!sl || (size_t)(sl - s) >= 48)
		return -EINVAL;
	memcpy(buf, s, (size_t)(sl - s));
	buf[sl - s] = 0;
	if (inet_pton(fam, buf, b) != 1)
		return -EINVAL;
	p = sl + 1;
	over = fuzz_digits(&p, &v);
	if (over || *p || v > bits)
		return -ERANGE;
	*plen = (unsigned)v;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char *s = fuzz_str(d, n);

	if (!s)
		return 0;
	for (int fam = AF_INET; fam; fam = fam == AF_INET ? AF_INET6 : 0) {
		struct ipaddr a, o;
		uint8_t want[16], m1[16], m2[16];
		unsigned plen = 0, len = fam == AF_INET ? 4 : 16;
		int r = parse_ip(s, fam, &a), rr = ref_ip(s, fam, want, &plen);

		CHECK(r == rr, "'%s' family %d: %d, want %d", s, fam, r, rr);
		if (r < 0)
			continue;
		CHECK(a.len == len && a.plen == plen && !memcmp(a.b, want, len),
		    "'%s': wrong address or prefix", s);
		r = parse_ip_peer(&a, &o);
		if (r < 0) {
			CHECK(r == -ERANGE && plen == len * 8, "'%s': no peer in a /%u", s, plen);
			continue;
		}
		parse_ip_net(&a, m1);
		parse_ip_net(&o, m2);
		CHECK(o.len == a.len && o.plen == a.plen && memcmp(o.b, a.b, len) &&
		    !memcmp(m1, m2, len), "'%s': the peer is not another address of the subnet", s);
	}
	free(s);
	return 0;
}
