/*
 * parse.c: turn option values into numbers. Pure: no syscalls, no
 * globals, no allocation, so the unit tests and fuzzers link it alone.
 * Every parser takes the whole string: trailing garbage, signs, empty
 * input and overflow are errors (-EINVAL, or -ERANGE when out of range).
 */
#define _GNU_SOURCE	/* strchrnul */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>

#include "minit.h"

static int
digit(char c)
{
	return c >= '0' && c <= '9';
}

/* strncasecmp for minit's ASCII names (strcasecmp with n = SIZE_MAX),
 * without musl's locale-aware pair behind it. */
int
parse_ncase(const char *a, const char *b, size_t n)
{
	for (; n; a++, b++, n--) {
		int x = (unsigned char)*a, y = (unsigned char)*b;

		x += (unsigned)(x - 'A') < 26 ? 32 : 0;
		y += (unsigned)(y - 'A') < 26 ? 32 : 0;
		if (x != y || !x)
			return x - y;
	}
	return 0;
}

/* Leading decimal digits of *sp into *out; advances *sp. */
static int
take_digits(const char **sp, uint64_t *out)
{
	const char *s = *sp;
	uint64_t n = 0;

	if (!digit(*s))
		return -EINVAL;
	for (; digit(*s); s++) {
		if (n > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -ERANGE;
		n = n * 10 + (uint64_t)(*s - '0');
	}
	*sp = s;
	*out = n;
	return 0;
}

int
parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t n;
	int r;

	if ((r = take_digits(&s, &n)) < 0)
		return r;
	if (*s)
		return -EINVAL;
	if (n > max)
		return -ERANGE;
	*out = n;
	return 0;
}

/* A decimal at *sp: digits, or a '.' and digits, or both; at most
 * log10(maxscale) fraction digits. whole + frac / fscale. */
static int
take_decimal(const char **sp, uint64_t *whole, uint64_t *frac,
    uint64_t *fscale, uint64_t maxscale)
{
	const char *s = *sp;
	int r;

	*whole = *frac = 0;
	*fscale = 1;
	if ((*s != '.' || !digit(s[1])) && (r = take_digits(&s, whole)) < 0)
		return r;
	if (*s == '.') {
		if (!digit(*++s))
			return -EINVAL;
		for (; digit(*s); s++) {
			if (*fscale == maxscale)
				return -EINVAL;	/* more precision than anyone means */
			*frac = *frac * 10 + (uint64_t)(*s - '0');
			*fscale *= 10;
		}
	}
	*sp = s;
	return 0;
}

/* SIZE: a number + optional K, M, G, T (powers of 1024, optional "B"
 * or "iB" after it), or "max". With a unit the number may carry up to 6
 * fraction digits ("1.5G", ".5M"); the bytes below one are dropped. */
int
parse_size(const char *s, uint64_t *out)
{
	static const char units[] = "kmgt";
	const char *u;
	uint64_t n, frac, fscale;
	int r, shift = 0;

	if (!parse_ncase(s, "max", SIZE_MAX)) {
		*out = UINT64_MAX;
		return 0;
	}
	if ((r = take_decimal(&s, &n, &frac, &fscale, 1000000)) < 0)
		return r;
	/* Case folded with | 0x20: only letters turn into letters, the
	 * value's NUL into a space, which units has not (& ~0x20 would turn
	 * a space into the NUL that strchr finds at the end of units, and
	 * read "1 " as 1P). */
	if ((u = strchr(units, *s | 0x20)) != NULL) {
		shift = 10 * (int)(u - units + 1);
		s++;
		if ((*s | 0x20) == 'i' && (s[1] | 0x20) == 'b')
			s++;
	}
	if ((*s | 0x20) == 'b')
		s++;
	if (*s || (fscale > 1 && !shift))
		return -EINVAL;	/* a fraction of a byte */
	if (shift && n > (UINT64_MAX >> shift))
		return -ERANGE;
	/* frac < 10^6 and shift <= 40: the product stays below 2^60 */
	*out = (n << shift) + ((frac << shift) / fscale);
	return 0;
}

/*
 * DURATION: one or more NUMBER UNIT, units h, m, s, ms; a bare number
 * alone is seconds. A number may carry a fraction ("1.5s") as long as the
 * total is a whole number of milliseconds. Result in ms, at most ~292
 * million years, which is to say: overflow is an error, not a wrap.
 */
int
parse_duration(const char *s, long long *ms)
{
	const long long max = INT64_MAX / 1000;
	const char *start = s;
	long long total = 0;

	if (!*s)
		return -EINVAL;
	while (*s) {
		uint64_t whole, frac, fscale, mult, part;
		int r;

		if (*s == '.')
			return -EINVAL;	/* ".5s": spell the 0 */
		if ((r = take_decimal(&s, &whole, &frac, &fscale, 1000000000)) < 0)
			return r;
		if (s[0] == 'm' && s[1] == 's') {
			mult = 1;
			s += 2;
		} else if (*s == 'h') {
			mult = 3600000;
			s++;
		} else if (*s == 'm') {
			mult = 60000;
			s++;
		} else if (*s == 's') {
			mult = 1000;
			s++;
		} else if (!*s && !has_any(start, "hms")) {
			mult = 1000;	/* only a lone number: "1m30" is a typo */
		} else
			return -EINVAL;
		if (whole > (uint64_t)max / mult)
			return -ERANGE;
		part = whole * mult;
		if (frac) {
			/* frac < fscale <= 1e9 and mult <= 3.6e6: fits in 64 bits */
			if ((frac * mult) % fscale)
				return -EINVAL;	/* finer than a millisecond */
			part += frac * mult / fscale;
		}
		if (part > (uint64_t)(max - total))
			return -ERANGE;
		total += (long long)part;
	}
	*ms = total;
	return 0;
}

/* Names in one string, "" at the end: no pointer per name. Signals 1..31
 * in order, then the aliases IOT, POLL and CLD. */
static const char signames[] =
    "HUP\0INT\0QUIT\0ILL\0TRAP\0ABRT\0BUS\0FPE\0KILL\0USR1\0SEGV\0USR2\0"
    "PIPE\0ALRM\0TERM\0STKFLT\0CHLD\0CONT\0STOP\0TSTP\0TTIN\0TTOU\0URG\0"
    "XCPU\0XFSZ\0VTALRM\0PROF\0WINCH\0IO\0PWR\0SYS\0IOT\0POLL\0CLD\0";

/* The index of s[0..len) in a list of names ("a\0b\0", any case), or -1. */
int
parse_name(const char *list, const char *s, size_t len)
{
	for (int i = 0; *list; i++, list += strlen(list) + 1)
		if (strlen(list) == len && !parse_ncase(s, list, len))
			return i;
	return -1;
}

/*
 * RTMIN is 34, as glibc, util-linux kill(1) and bash number it: that is
 * what users type and what most programs in a container were built with.
 * (The kernel's first real-time signal is 32; libcs keep a few.)
 */
#define RTMIN 34
#define RTMAX 64

/* SIGNAL: a number 1..64, a name with or without SIG (any case),
 * RTMIN, RTMIN+N, RTMAX, RTMAX-N, and the aliases IOT, POLL, CLD. */
int
parse_signal(const char *s, int *sig)
{
	uint64_t n;
	int i;

	if (digit(*s)) {
		if (parse_uint(s, RTMAX, &n) < 0 || n == 0)
			return -EINVAL;
		*sig = (int)n;
		return 0;
	}
	if (!parse_ncase(s, "SIG", 3))
		s += 3;
	if ((i = parse_name(signames, s, strlen(s))) >= 0) {
		*sig = i < 31 ? i + 1 : "\6\35\21"[i - 31];	/* IOT POLL CLD */
		return 0;
	}
	if (!parse_ncase(s, "RTMIN", 5) || !parse_ncase(s, "RTMAX", 5)) {
		int max = (s[4] & ~0x20) == 'X';
		s += 5;
		n = 0;
		if (*s) {
			if (*s != (max ? '-' : '+'))
				return -EINVAL;
			if (parse_uint(s + 1, RTMAX - RTMIN, &n) < 0)
				return -EINVAL;
		}
		*sig = max ? RTMAX - (int)n : RTMIN + (int)n;
		return 0;
	}
	return -EINVAL;
}

/* For messages: "TERM", "RTMIN+2", "40". */
const char *
parse_signame(int sig, char buf[16])
{
	const char *p = signames;
	int i = 0, n;

	if (sig > 0 && sig < 32) {
		while (--sig)
			p += strlen(p) + 1;
		return p;
	}
	if (sig >= RTMIN && sig <= RTMAX) {
		memcpy(buf, "RTMIN+", 6);
		i = 6;
		n = sig - RTMIN;
	} else
		n = sig;
	if (n >= 10)
		buf[i++] = (char)('0' + n / 10);
	buf[i++] = (char)('0' + n % 10);
	buf[i] = 0;
	if (sig == RTMIN)
		buf[5] = 0;
	return buf;
}

/*
 * CPUS: a decimal ("2", "0.5", ".5"), up to 9 fraction digits, in 1/1000
 * (finer digits dropped), at most 1000000. 0 is a number here: the
 * kernel's minimum is the caller's to name.
 */
int
parse_cpus(const char *s, uint64_t *milli)
{
	uint64_t whole, frac, fscale;
	int r;

	if ((r = take_decimal(&s, &whole, &frac, &fscale, 1000000000)) < 0)
		return r;
	if (*s)
		return -EINVAL;
	if (whole > 1000000)
		return -ERANGE;
	*milli = whole * 1000 + frac * 1000 / fscale;
	return 0;
}

/* FROM:TO, signals; TO may be 0 to drop FROM. */
int
parse_rewrite(const char *s, int *from, int *to)
{
	const char *colon = strchr(s, ':');
	char buf[32];
	size_t n;

	if (!colon || (n = (size_t)(colon - s)) == 0 || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = 0;
	if (parse_signal(buf, from) < 0)
		return -EINVAL;
	if (!strcmp(colon + 1, "0")) {
		*to = 0;
		return 0;
	}
	return parse_signal(colon + 1, to);
}

/* UID[:GID], numeric (minit reads no passwd file: it may be in a
 * scratch image), UID at most 15 bytes. uid_t -1 is not an id. */
int
parse_ids(const char *s, uid_t *uid, gid_t *gid, int *has_gid)
{
	const char *p = s;
	uint64_t n;

	if (take_digits(&p, &n) < 0 || p - s > 15 || n > 0xfffffffeULL ||
	    (*p && *p != ':'))
		return -EINVAL;
	*uid = (uid_t)n;
	if ((*has_gid = *p == ':')) {
		if (parse_uint(p + 1, 0xfffffffeULL, &n) < 0)
			return -EINVAL;
		*gid = (gid_t)n;
	}
	return 0;
}

static const char capnames[] =
    "chown\0dac_override\0dac_read_search\0fowner\0fsetid\0kill\0setgid\0"
    "setuid\0setpcap\0linux_immutable\0net_bind_service\0net_broadcast\0"
    "net_admin\0net_raw\0ipc_lock\0ipc_owner\0sys_module\0sys_rawio\0"
    "sys_chroot\0sys_ptrace\0sys_pacct\0sys_admin\0sys_boot\0sys_nice\0"
    "sys_resource\0sys_time\0sys_tty_config\0mknod\0lease\0audit_write\0"
    "audit_control\0setfcap\0mac_override\0mac_admin\0syslog\0wake_alarm\0"
    "block_suspend\0audit_read\0perfmon\0bpf\0checkpoint_restore\0";

/* LIST: "all" or comma-separated names, with or without CAP_, any case. */
int
parse_caps(const char *s, uint64_t *mask)
{
	uint64_t m = 0;

	if (!parse_ncase(s, "all", SIZE_MAX)) {
		*mask = UINT64_MAX;
		return 0;
	}
	for (;;) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		int i;

		if (len > 4 && !parse_ncase(s, "CAP_", 4)) {
			s += 4;
			len -= 4;
		}
		if ((i = parse_name(capnames, s, len)) < 0)
			return -EINVAL;
		m |= 1ULL << i;
		if (!end)
			break;
		s = end + 1;
	}
	*mask = m;
	return 0;
}

/* "4.0M", "512K", "123B": for messages about limits and peaks. */
void
parse_size_fmt(uint64_t n, char buf[32])
{
	static const char units[] = "BKMGTPE";
	uint64_t whole = n, tenths = 0;
	int u = 0, i = 0;
	char tmp[24];

	if (n == UINT64_MAX) {
		memcpy(buf, "max", 4);
		return;
	}
	while (whole >= 1024 && u < 6) {
		whole /= 1024;
		u++;
	}
	/* Tenths, rounded down, from all the bits below the unit: the last
	 * division's remainder alone drops the lower ones (412719777 would
	 * read 393.5M, not 393.6M). They are below 2^60: ten times fits. */
	if (u)
		tenths = (n & ((1ULL << (10 * u)) - 1)) * 10 >> (10 * u);
	do
		tmp[i++] = (char)('0' + whole % 10);
	while ((whole /= 10) != 0);
	n = 0;
	while (i)
		buf[n++] = tmp[--i];
	if (u) {
		buf[n++] = '.';
		buf[n++] = (char)('0' + tenths);
	}
	buf[n++] = units[u];
	buf[n] = 0;
}

/*
 * A mount point inside the root, s up to end: absolute, cleaned into out
 * ("//", "/./" and a trailing "/" dropped, "/" alone kept). ".." is
 * refused, not resolved: a path that climbs is a mistake or an escape
 * attempt. ROOT 0: "/" is refused too (--root says what / is).
 */
static int
clean_path(const char *s, const char *end, char *out, size_t len, int root)
{
	size_t o = 0;

	if (*s != '/')	/* (*end is ':' or NUL) */
		return -EINVAL;
	while (s < end) {
		const char *e;
		size_t n;

		while (*s == '/')	/* (*end is not one) */
			s++;
		for (e = s; e < end && *e != '/'; e++)
			;
		n = (size_t)(e - s);
		if (n == 2 && s[0] == '.' && s[1] == '.')
			return -EINVAL;
		if (n && !(n == 1 && *s == '.')) {
			/* too long: still looked through for "..", which wins */
			if (o + n + 2 <= len) {
				out[o] = '/';
				memcpy(out + o + 1, s, n);
			}
			o += n + 1;
		}
		s = e;
	}
	if (!o && !root)
		return -EINVAL;
	if (!o && len >= 2)
		out[o++] = '/';
	else if (!o || o + 1 > len)
		return -ERANGE;
	out[o] = 0;
	return 0;
}

int
parse_path(const char *s, char *out, size_t len)
{
	return clean_path(s, s + strlen(s), out, len, 1);
}

/* --bind SRC:DST[:ro|:rw]: out gets "SRC\0DST\0", DST cleaned and not
 * "/" (--root says what / is); *dst points at it. */
int
parse_bind(const char *s, char *out, size_t len, const char **dst, int *ro)
{
	const char *c1 = strchr(s, ':'), *c2;
	size_t sl;
	int r;

	if (!c1 || c1 == s)
		return -EINVAL;
	c2 = strchrnul(c1 + 1, ':');
	*ro = *c2 && !strcmp(c2 + 1, "ro");
	if (*c2 && !*ro && strcmp(c2 + 1, "rw"))
		return -EINVAL;
	sl = (size_t)(c1 - s);
	if (sl + 1 >= len)
		return -ERANGE;
	if ((r = clean_path(c1 + 1, c2, out + sl + 1, len - sl - 1, 0)) < 0)
		return r;
	memcpy(out, s, sl);
	out[sl] = 0;
	*dst = out + sl + 1;
	return 0;
}

/* --tmpfs DST[:SIZE]: DST cleaned into out, not "/"; SIZE > 0 in bytes,
 * 0 when absent (the kernel's default, half of RAM). */
int
parse_tmpfs(const char *s, char *out, size_t len, uint64_t *size)
{
	const char *c = strchrnul(s, ':');
	uint64_t n = 0;
	int r = 0;

	if (*c && ((r = parse_size(c + 1, &n)) < 0 || n == 0 || n == UINT64_MAX))
		return r < 0 ? r : -EINVAL;
	if ((r = clean_path(s, c, out, len, 0)) < 0)
		return r;
	*size = n;
	return 0;
}

/*
 * What the command must not see or change under /proc and /sys, as
 * Docker, runc and crun hide it: one letter, then the path. f: a file,
 * /dev/null bound over it; d: a directory, an empty read-only tmpfs over
 * it; r: read-only. A path the kernel does not have is skipped.
 */
const char parse_masks[] =
    "d/proc/acpi\0d/proc/asound\0f/proc/interrupts\0f/proc/kcore\0"
    "f/proc/keys\0f/proc/latency_stats\0f/proc/sched_debug\0d/proc/scsi\0"
    "f/proc/timer_list\0f/proc/timer_stats\0d/sys/devices/virtual/powercap\0"
    "d/sys/firmware\0r/proc/bus\0r/proc/fs\0r/proc/irq\0r/proc/sys\0"
    "r/proc/sysrq-trigger\0";

/*
 * The address parsers of inet_pton (glibc's grammar, which the fuzzer
 * checks against), without musl's inet_pton (0.8 KiB). Dotted quad:
 * exactly four decimal parts of 0..255, no leading zeros. 0 or -1.
 */
static int
pton4(const char *s, uint8_t *out)
{
	int parts = 0, v = -1;

	for (;; s++) {
		if (digit(*s)) {
			/* a part is "0" or starts with 1..9 */
			if (v == 0 || (v = (v < 0 ? 0 : v * 10) + (*s - '0')) > 255)
				return -1;
			continue;
		}
		if (v < 0 || parts == 4 || (*s != '.' && *s))
			return -1;
		out[parts++] = (uint8_t)v;
		v = -1;
		if (!*s)
			return parts == 4 ? 0 : -1;
	}
}

static int
xdigit(char c)
{
	return digit(c) ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ?
	    (c | 0x20) - 'a' + 10 : -1;
}

/* Eight groups of 1..4 hex digits; "::" once for one or more zero
 * groups; the last two groups may be a dotted quad. 0 or -1. */
static int
pton6(const char *s, uint8_t *out)
{
	uint8_t b[16] = { 0 };
	const char *tok = s;
	int n = 0, gap = -1, digits = 0, v = 0;

	if (*s == ':' && *++s != ':')
		return -1;	/* a leading ':' only as "::" */
	for (; *s; s++) {
		int x = xdigit(*s);

		if (x >= 0) {
			if (digits++ == 4)
				return -1;
			v = v << 4 | x;
		} else if (*s == ':') {
			tok = s + 1;
			if (!digits) {
				if (gap >= 0)
					return -1;
				gap = n;
				continue;
			}
			if (!s[1] || n == 16)
				return -1;
			b[n++] = (uint8_t)(v >> 8);
			b[n++] = (uint8_t)v;
			digits = v = 0;
		} else if (*s == '.' && n <= 12 && !pton4(tok, b + n)) {
			n += 4;
			digits = 0;
			break;
		} else
			return -1;
	}
	if (digits) {
		if (n == 16)
			return -1;
		b[n++] = (uint8_t)(v >> 8);
		b[n++] = (uint8_t)v;
	}
	if (gap >= 0) {
		if (n == 16)
			return -1;	/* "::" stands for at least one group */
		memmove(b + 16 - (n - gap), b + gap, (size_t)(n - gap));
		memset(b + gap, 0, (size_t)(16 - n));
		n = 16;
	}
	if (n != 16)
		return -1;
	memcpy(out, b, 16);
	return 0;
}

/*
 * "ADDR/PREFIX" of family AF_INET or AF_INET6 (ip(8)'s form; the prefix
 * is required). The address in network order in a->b, the family's
 * width in a->len (4 or 16).
 */
int
parse_ip(const char *s, int family, struct ipaddr *a)
{
	char buf[48];
	const char *sl = strchr(s, '/');
	uint64_t n;
	size_t l;

	if (!sl || (l = (size_t)(sl - s)) >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, l);
	buf[l] = 0;
	a->len = family == AF_INET ? 4 : 16;
	if ((family == AF_INET ? pton4(buf, a->b) : pton6(buf, a->b)) < 0)
		return -EINVAL;
	if (parse_uint(sl + 1, a->len * 8U, &n) < 0)
		return -ERANGE;
	a->plen = (uint8_t)n;
	return 0;
}

/* a's address with the bits past its prefix cleared */
void
parse_ip_net(const struct ipaddr *a, uint8_t *out)
{
	for (int i = 0; i < a->len; i++) {
		int keep = a->plen - i * 8;
		out[i] = a->b[i] & (keep >= 8 ? 0xff : keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep)));
	}
}

/*
 * The other end's default on a's link: the first host address of a's
 * subnet that is not a itself (on a /31 or /127 the subnet's first
 * address is a host too). -ERANGE when there is no room (/32, /128).
 * The subnet's address plus 0, 1 or 2: its host bits are 0, so the last
 * byte takes it without a carry wherever there is room for it.
 */
int
parse_ip_peer(const struct ipaddr *a, struct ipaddr *o)
{
	int host = a->len * 8 - a->plen, k = host > 1;

	*o = *a;
	parse_ip_net(a, o->b);
	o->b[a->len - 1] += (uint8_t)k;
	if (!memcmp(o->b, a->b, a->len)) {
		o->b[a->len - 1]++;
		k++;
	}
	return k < 1 << (host < 2 ? host : 2) ? 0 : -ERANGE;
}
