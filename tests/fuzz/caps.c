/*
 * parse_caps against <linux/capability.h>: "all", or a comma-separated
 * list of names, each with or without CAP_, in any case; the mask has
 * the kernel's bit for each. A name list read back gives the same mask.
 */
#include "fuzz.h"

#include <strings.h>
#include <linux/capability.h>

#define C(x) { #x, CAP_##x }
static const struct { const char *name; int bit; } caps[] = {
	C(CHOWN), C(DAC_OVERRIDE), C(DAC_READ_SEARCH), C(FOWNER), C(FSETID),
	C(KILL), C(SETGID), C(SETUID), C(SETPCAP), C(LINUX_IMMUTABLE),
	C(NET_BIND_SERVICE), C(NET_BROADCAST), C(NET_ADMIN), C(NET_RAW),
	C(IPC_LOCK), C(IPC_OWNER), C(SYS_MODULE), C(SYS_RAWIO), C(SYS_CHROOT),
	C(SYS_PTRACE), C(SYS_PACCT), C(SYS_ADMIN), C(SYS_BOOT), C(SYS_NICE),
	C(SYS_RESOURCE), C(SYS_TIME), C(SYS_TTY_CONFIG), C(MKNOD), C(LEASE),
	C(AUDIT_WRITE), C(AUDIT_CONTROL), C(SETFCAP), C(MAC_OVERRIDE),
	C(MAC_ADMIN), C(SYSLOG), C(WAKE_ALARM), C(BLOCK_SUSPEND),
	C(AUDIT_READ), C(PERFMON), C(BPF), C(CHECKPOINT_RESTORE),
};
#define NCAPS (sizeof(caps) / sizeof(caps[0]))

static int
ref_cap(const char *s, size_t len, uint64_t *m)
{
	if (len > 4 && !strncasecmp(s, "CAP_", 4))
		s += 4, len -= 4;
	for (size_t i = 0; i < NCAPS; i++)
		if (strlen(caps[i].name) == len && !strncasecmp(s, caps[i].name, len)) {
			*m |= 1ULL << caps[i].bit;
			return 0;
		}
	return -EINVAL;
}

static int
ref_caps(const char *s, uint64_t *mask)
{
	uint64_t m = 0;
	const char *end;

	if (!strcasecmp(s, "all"))
		return *mask = UINT64_MAX, 0;
	for (;; s = end + 1) {
		end = strchrnul(s, ',');
		if (ref_cap(s, (size_t)(end - s), &m) < 0)
			return -EINVAL;
		if (!*end)
			break;
	}
	*mask = m;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char *s = fuzz_str(d, n), back[1024];
	uint64_t v = 42, want = 42, again = 0;
	size_t len = 0;
	int r, rr;

	if (!s)
		return 0;
	r = parse_caps(s, &v);
	rr = ref_caps(s, &want);
	CHECK(r == rr, "'%s': %d, want %d", s, r, rr);
	CHECK(r < 0 || v == want, "'%s': %#llx, want %#llx", s,
	    (unsigned long long)v, (unsigned long long)want);
	CHECK(r == 0 || v == 42, "'%s': failed but wrote %#llx", s, (unsigned long long)v);
	if (r == 0 && v != UINT64_MAX) {
		CHECK(v && v < 1ULL << NCAPS, "'%s': %#llx", s, (unsigned long long)v);
		for (size_t i = 0; i < NCAPS; i++)
			if (v >> caps[i].bit & 1)
				len += (size_t)snprintf(back + len, sizeof(back) - len,
				    "%scap_%s", len ? "," : "", caps[i].name);
		CHECK(parse_caps(back, &again) == 0 && again == v,
		    "'%s' = %#llx does not read back from '%s'", s,
		    (unsigned long long)v, back);
	}
	free(s);
	return 0;
}
