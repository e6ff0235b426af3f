/* parse_rewrite: FROM:TO split at the first colon, FROM a signal of at
 * most 31 bytes, TO a signal or "0"; checked against sigref.h's
 * reference, not parse_signal (which would be its own oracle). */
#include "fuzz.h"
#include "sigref.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char *s = fuzz_str(d, n), *from, *colon;
	int a = -7, b = -7, wa = -7, wb = -7, r, ok;

	if (!s)
		return 0;
	r = parse_rewrite(s, &a, &b);
	colon = strchr(s, ':');
	ok = colon && colon > s && colon - s < 32;
	if (ok) {
		from = strndup(s, (size_t)(colon - s));
		ok = ref_signal(from, &wa) == 0 &&
		    (!strcmp(colon + 1, "0") ? (wb = 0, 1) : ref_signal(colon + 1, &wb) == 0);
		free(from);
	}
	CHECK((r == 0) == ok && (r == 0 || r == -EINVAL || r == -ERANGE),
	    "'%s': %d, want %s", s, r, ok ? "0" : "an error");
	if (r == 0) {
		CHECK(a == wa && b == wb, "'%s': %d:%d, want %d:%d", s, a, b, wa, wb);
		CHECK(a >= 1 && a < MINIT_NSIG && b >= 0 && b < MINIT_NSIG,
		    "'%s': %d:%d out of range", s, a, b);
	}
	free(s);
	return 0;
}
