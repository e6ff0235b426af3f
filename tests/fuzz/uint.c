/* parse_uint against a reference, with every maximum minit passes it. */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static const uint64_t maxes[] = {
		0, 9, 64, 255, 1U << 22, 0xfffffffeULL, UINT64_MAX - 1, UINT64_MAX,
	};
	char *s = fuzz_str(d, n);
	const char *p;
	uint64_t ref = 0;
	int over;

	if (!s)
		return 0;
	p = s;
	over = fuzz_digits(&p, &ref);
	for (size_t i = 0; i < sizeof(maxes) / sizeof(maxes[0]); i++) {
		uint64_t v = 42;
		int r = parse_uint(s, maxes[i], &v);

		/* overflow is out of range even with garbage after it */
		if (over < 0 || (!over && *p))
			CHECK(r == -EINVAL && v == 42, "'%s' max %llu: r %d", s,
			    (unsigned long long)maxes[i], r);
		else if (over || ref > maxes[i])
			CHECK(r == -ERANGE && v == 42, "'%s' max %llu: r %d", s,
			    (unsigned long long)maxes[i], r);
		else
			CHECK(r == 0 && v == ref, "'%s' max %llu: r %d v %llu", s,
			    (unsigned long long)maxes[i], r, (unsigned long long)v);
	}
	free(s);
	return 0;
}
