/* Unit tests for parse.c: TAP, good and malformed input for every parser. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "minit.h"

#include "tests/unit/tap.h"

int
main(void)
{
	static const struct { const char *in; uint64_t want; } sizes[] = {
		{ "0", 0 }, { "1", 1 }, { "4M", 4ULL << 20 }, { "512K", 512ULL << 10 },
		{ "2G", 2ULL << 30 }, { "1T", 1ULL << 40 }, { "4m", 4ULL << 20 },
		{ "4MB", 4ULL << 20 }, { "4MiB", 4ULL << 20 }, { "100B", 100 },
		{ "max", UINT64_MAX }, { "MAX", UINT64_MAX },
		{ "18446744073709551615", UINT64_MAX }, { "16777215T", 16777215ULL << 40 },
		{ "1.5G", 3ULL << 29 }, { ".5M", 512ULL << 10 }, { "0.1K", 102 },
		{ "1.000001K", 1024 }, { "2.25MiB", 9ULL << 18 },
	};
	static const char *badsizes[] = {
		"", "-1", "+1", "4X", "4 M", " 4M", "4M ", "1.5", "1.5B", "M", "0x10",
		".", ".M", "1.M", "1.0000001K", "1..5M", "16777216.0T",
		"18446744073709551616", "16777216T", "4MM", "4Mi", "maxx", "4KB2", "4 ",
	};
	static const struct { const char *in; long long ms; } durs[] = {
		{ "0", 0 }, { "1", 1000 }, { "500ms", 500 }, { "10s", 10000 },
		{ "1m30s", 90000 }, { "2h", 7200000 }, { "1.5s", 1500 },
		{ "0.001s", 1 }, { "1h1m1s1ms", 3661001 }, { "0s", 0 }, { "90", 90000 },
	};
	static const char *baddurs[] = {
		"", "-1s", "1x", "s", "1.s", ".5s", "1 s", "1s ", "1.0001s",
		"99999999999999999999", "9223372036854775807h", "1..5s", "ms", "1msx",
		"1e3", "0.1ms", "1s2", "1m30", "1.5s5",
	};
	static const struct { const char *in; int sig; } sigs[] = {
		{ "TERM", 15 }, { "SIGTERM", 15 }, { "15", 15 }, { "term", 15 },
		{ "sigkill", 9 }, { "HUP", 1 }, { "WINCH", 28 }, { "RTMIN", 34 },
		{ "RTMIN+2", 36 }, { "RTMAX", 64 }, { "RTMAX-1", 63 }, { "64", 64 },
		{ "1", 1 }, { "SIGRTMIN+30", 64 }, { "IOT", 6 }, { "PWR", 30 },
		{ "POLL", 29 }, { "cld", 17 }, { "SYS", 31 }, { "STKFLT", 16 },
	};
	static const char *badsigs[] = {
		"", "0", "65", "-1", "TERMX", "SIG", "RTMIN+31", "RTMIN-1", "RTMAX+1",
		"RTMIN+", "15x", " 15", "SIGSIGTERM", "99999999999999999999",
		"TER", "I", "SIGS", "TERMTERM",
	};
	static const struct { const char *in; uint64_t m; } cpus[] = {
		{ "1", 1000 }, { "0.5", 500 }, { "2", 2000 }, { "0.001", 1 },
		{ "1.25", 1250 }, { ".5", 500 }, { "0", 0 }, { "0.0001", 0 },
		{ "0.0099", 9 }, { "1.999999999", 1999 }, { "1000000", 1000000000 },
	};
	static const char *badcpus[] = { "", "-1", "1.", ".", "1x", "abc",
		"1.0000000001", "1000001", ". 5", "0x1" };
	unsigned i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint64_t v = 1234;
		ok(parse_size(sizes[i].in, &v) == 0 && v == sizes[i].want, "size", sizes[i].in);
	}
	for (i = 0; i < sizeof(badsizes) / sizeof(badsizes[0]); i++) {
		uint64_t v = 1234;
		ok(parse_size(badsizes[i], &v) < 0 && v == 1234, "bad size", badsizes[i]);
	}
	for (i = 0; i < sizeof(durs) / sizeof(durs[0]); i++) {
		long long v = -1;
		ok(parse_duration(durs[i].in, &v) == 0 && v == durs[i].ms, "duration", durs[i].in);
	}
	for (i = 0; i < sizeof(baddurs) / sizeof(baddurs[0]); i++) {
		long long v = -1;
		ok(parse_duration(baddurs[i], &v) < 0 && v == -1, "bad duration", baddurs[i]);
	}
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		int v = -1;
		ok(parse_signal(sigs[i].in, &v) == 0 && v == sigs[i].sig, "signal", sigs[i].in);
	}
	for (i = 0; i < sizeof(badsigs) / sizeof(badsigs[0]); i++) {
		int v = -1;
		ok(parse_signal(badsigs[i], &v) < 0 && v == -1, "bad signal", badsigs[i]);
	}
	for (i = 0; i < sizeof(cpus) / sizeof(cpus[0]); i++) {
		uint64_t v = 0;
		ok(parse_cpus(cpus[i].in, &v) == 0 && v == cpus[i].m, "cpus", cpus[i].in);
	}
	for (i = 0; i < sizeof(badcpus) / sizeof(badcpus[0]); i++) {
		uint64_t v = 0;
		ok(parse_cpus(badcpus[i], &v) < 0 && v == 0, "bad cpus", badcpus[i]);
	}
	{
		uint64_t v;
		ok(parse_uint("255", 255, &v) == 0 && v == 255, "uint max", "255");
		ok(parse_uint("256", 255, &v) == -ERANGE, "uint over", "256");
		ok(parse_uint("", 255, &v) == -EINVAL, "uint empty", "");
		ok(parse_uint("1a", 255, &v) == -EINVAL, "uint garbage", "1a");
	}
	{
		int a, b;
		ok(parse_rewrite("TERM:QUIT", &a, &b) == 0 && a == 15 && b == 3, "rewrite", "TERM:QUIT");
		ok(parse_rewrite("USR1:0", &a, &b) == 0 && a == 10 && b == 0, "rewrite drop", "USR1:0");
		ok(parse_rewrite("15:RTMIN+2", &a, &b) == 0 && a == 15 && b == 36, "rewrite", "15:RTMIN+2");
		ok(parse_rewrite("TERM", &a, &b) < 0, "bad rewrite", "TERM");
		ok(parse_rewrite(":TERM", &a, &b) < 0, "bad rewrite", ":TERM");
		ok(parse_rewrite("TERM:", &a, &b) < 0, "bad rewrite", "TERM:");
		ok(parse_rewrite("TERM:FOO", &a, &b) < 0, "bad rewrite", "TERM:FOO");
	}
	{
		uid_t u;
		gid_t g;
		int hg;
		ok(parse_ids("1000:100", &u, &g, &hg) == 0 && u == 1000 && g == 100 && hg, "ids", "1000:100");
		ok(parse_ids("65534", &u, &g, &hg) == 0 && u == 65534 && !hg, "ids", "65534");
		ok(parse_ids("nobody", &u, &g, &hg) < 0, "bad ids", "nobody");
		ok(parse_ids("1:", &u, &g, &hg) < 0, "bad ids", "1:");
		ok(parse_ids("4294967295", &u, &g, &hg) < 0, "bad ids", "4294967295");
		ok(parse_ids("-1", &u, &g, &hg) < 0, "bad ids", "-1");
	}
	{
		uint64_t m;
		ok(parse_caps("all", &m) == 0 && m == UINT64_MAX, "caps", "all");
		ok(parse_caps("CAP_NET_RAW,sys_admin", &m) == 0 &&
		    m == ((1ULL << 13) | (1ULL << 21)), "caps", "CAP_NET_RAW,sys_admin");
		ok(parse_caps("chown", &m) == 0 && m == 1, "caps", "chown");
		ok(parse_caps("", &m) < 0, "bad caps", "");
		ok(parse_caps("net_raw,", &m) < 0, "bad caps", "net_raw,");
		ok(parse_caps("cap_bogus", &m) < 0, "bad caps", "cap_bogus");
		ok(parse_caps("net_ra", &m) < 0, "bad caps, a prefix", "net_ra");
		ok(parse_caps("checkpoint_restore", &m) == 0 && m == 1ULL << 40,
		    "caps, the last", "checkpoint_restore");
	}
	{
		static const struct { const char *in, *want; } paths[] = {
			{ "/", "/" }, { "//", "/" }, { "/a", "/a" }, { "/a/", "/a" },
			{ "//a//b//", "/a/b" }, { "/./a/./b/.", "/a/b" }, { "/a/.b", "/a/.b" },
			{ "/...", "/..." }, { "/a..", "/a.." }, { "/.", "/" },
		};
		static const char *badpaths[] = { "", "a", "./a", "/..", "/a/../b", "/a/..", "..", "a/b" };
		char out[64];
		const char *dst;
		uint64_t sz;
		int ro;

		for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
			ok(parse_path(paths[i].in, out, sizeof(out)) == 0 &&
			    !strcmp(out, paths[i].want), "path", paths[i].in);
		for (i = 0; i < sizeof(badpaths) / sizeof(badpaths[0]); i++)
			ok(parse_path(badpaths[i], out, sizeof(out)) < 0, "bad path", badpaths[i]);
		ok(parse_path("/abc", out, 4) == -ERANGE, "path too long", "/abc");
		ok(parse_path("/ab", out, 4) == 0 && !strcmp(out, "/ab"), "path fits", "/ab");
		ok(parse_bind("/src:/dst", out, sizeof(out), &dst, &ro) == 0 &&
		    !strcmp(out, "/src") && !strcmp(dst, "/dst") && !ro, "bind", "/src:/dst");
		ok(parse_bind("rel/src://d/./x/:ro", out, sizeof(out), &dst, &ro) == 0 &&
		    !strcmp(out, "rel/src") && !strcmp(dst, "/d/x") && ro, "bind ro", "rel/src://d/./x/:ro");
		ok(parse_bind("/s:/d:rw", out, sizeof(out), &dst, &ro) == 0 && !ro, "bind rw", "/s:/d:rw");
		ok(parse_bind("/s", out, sizeof(out), &dst, &ro) < 0, "bad bind", "/s");
		ok(parse_bind(":/d", out, sizeof(out), &dst, &ro) < 0, "bad bind", ":/d");
		ok(parse_bind("/s:", out, sizeof(out), &dst, &ro) < 0, "bad bind", "/s:");
		ok(parse_bind("/s:d", out, sizeof(out), &dst, &ro) < 0, "bad bind", "/s:d");
		ok(parse_bind("/s:/", out, sizeof(out), &dst, &ro) < 0, "bad bind", "/s:/");
		ok(parse_bind("/s:/a/../b", out, sizeof(out), &dst, &ro) < 0, "bad bind", "/s:/a/../b");
		ok(parse_bind("/s:/d:rx", out, sizeof(out), &dst, &ro) < 0, "bad bind", "/s:/d:rx");
		ok(parse_bind("/s:/d:ro:x", out, sizeof(out), &dst, &ro) < 0, "bad bind", "/s:/d:ro:x");
		/* DST ends at the ':': what follows is not part of it */
		ok(parse_bind("/s://:ro", out, sizeof(out), &dst, &ro) < 0, "bad bind", "/s://:ro");
		ok(parse_bind("/s:/x/..:rw", out, sizeof(out), &dst, &ro) < 0, "bad bind", "/s:/x/..:rw");
		ok(parse_bind("/s:/x/.:ro", out, sizeof(out), &dst, &ro) == 0 && !strcmp(dst, "/x") && ro,
		    "bind", "/s:/x/.:ro");
		ok(parse_tmpfs("/tmp", out, sizeof(out), &sz) == 0 && !strcmp(out, "/tmp") && sz == 0, "tmpfs", "/tmp");
		ok(parse_tmpfs("/t/:1M", out, sizeof(out), &sz) == 0 && !strcmp(out, "/t") &&
		    sz == 1 << 20, "tmpfs size", "/t/:1M");
		ok(parse_tmpfs("/t:0", out, sizeof(out), &sz) < 0, "bad tmpfs", "/t:0");
		ok(parse_tmpfs("/t:max", out, sizeof(out), &sz) < 0, "bad tmpfs", "/t:max");
		ok(parse_tmpfs("/t:", out, sizeof(out), &sz) < 0, "bad tmpfs", "/t:");
		ok(parse_tmpfs("/", out, sizeof(out), &sz) < 0, "bad tmpfs", "/");
		ok(parse_tmpfs("t", out, sizeof(out), &sz) < 0, "bad tmpfs", "t");
		ok(parse_tmpfs("/t:1M:2", out, sizeof(out), &sz) < 0, "bad tmpfs", "/t:1M:2");
		ok(parse_tmpfs("//:1M", out, sizeof(out), &sz) < 0, "bad tmpfs", "//:1M");
		ok(parse_tmpfs("/t/..:1M", out, sizeof(out), &sz) < 0, "bad tmpfs", "/t/..:1M");
		ok(parse_tmpfs("/t/./:1K", out, sizeof(out), &sz) == 0 && !strcmp(out, "/t") &&
		    sz == 1024, "tmpfs", "/t/./:1K");
	}
	{
		/* The masks are Docker's list: the issue names each one. */
		static const char want[] = "d/proc/acpi d/proc/asound f/proc/interrupts "
		    "f/proc/kcore f/proc/keys f/proc/latency_stats f/proc/sched_debug "
		    "d/proc/scsi f/proc/timer_list f/proc/timer_stats "
		    "d/sys/devices/virtual/powercap d/sys/firmware r/proc/bus "
		    "r/proc/fs r/proc/irq r/proc/sys r/proc/sysrq-trigger ";
		char all[1024] = "";
		const char *p;

		for (p = parse_masks; *p; p += strlen(p) + 1)
			strcat(strcat(all, p), " ");
		ok(!strcmp(all, want), "masks", all);
	}
	{
		char b[32], nb[16];
		parse_size_fmt(4 << 20, b);
		ok(!strcmp(b, "4.0M"), "size fmt", b);
		parse_size_fmt(100, b);
		ok(!strcmp(b, "100B"), "size fmt", b);
		parse_size_fmt(1536, b);
		ok(!strcmp(b, "1.5K"), "size fmt", b);
		parse_size_fmt(412719777, b);
		ok(!strcmp(b, "393.6M"), "size fmt, tenths rounded down", b);
		parse_size_fmt(UINT64_MAX - 1, b);
		ok(!strcmp(b, "15.9E"), "size fmt", b);
		ok(!strcmp(parse_signame(15, nb), "TERM"), "signame", "15");
		ok(!strcmp(parse_signame(36, nb), "RTMIN+2"), "signame", "36");
		ok(!strcmp(parse_signame(34, nb), "RTMIN"), "signame", "34");
		ok(!strcmp(parse_signame(32, nb), "32"), "signame", "32");
		for (int s = 1; s < 32; s++) {
			int back = -1;

			ok(parse_signal(parse_signame(s, nb), &back) == 0 && back == s,
			    "signame read back", parse_signame(s, nb));
		}
	}
	{
		/* ADDR/PREFIX, and the other end's default on its link */
		static const struct { const char *in, *peer; } ips[] = {
			{ "10.200.0.2/30", "10.200.0.1" }, { "10.200.0.1/30", "10.200.0.2" },
			{ "192.168.7.9/24", "192.168.7.1" }, { "10.0.0.0/31", "10.0.0.1" },
			{ "10.0.0.1/31", "10.0.0.0" }, { "10.1.255.255/16", "10.1.0.1" },
			{ "fd00::2/64", "fd00::1" }, { "fd00::1/64", "fd00::2" },
			{ "fd00::/127", "fd00::1" }, { "10.0.0.9/32", NULL },
			{ "fd00::5/128", NULL },
		};
		static const char *badips[] = {
			"", "10.0.0.1", "10.0.0.1/", "10.0.0.1/33", "10.0.0.256/8",
			"10.0.0/8", "/8", "10.0.0.1/-1", "10.0.0.1/8x", "10.0.0.1 /8",
			"fd00::1/129", "fd00:::1/64", "10.0.0.1/08x",
			/* parse.c's own inet_pton: leading zeros, a fifth part,
			 * a "::" for no group, a lone ':', five hex digits, a
			 * short or misplaced dotted quad, a stray byte */
			"01.2.3.4/8", "1.2.3.4.5/8", "1.2.3.4./8", "1..2.3/8",
			"1:2:3:4:5:6:7:8::/64", "::1:2:3:4:5:6:7:8/64", "1:/64",
			":1::/64", "12345::/64", "::1.2.3/96", "1.2.3.4::/96",
			"1:2:3:4:5:6:7:1.2.3.4/96", "fd00::g/64", "1:2:3:4:5:6:7/64",
		};
		/* good addresses, as inet_ntop writes them back */
		static const struct { const char *in, *out; } goodips[] = {
			{ "0.0.0.0/0", "0.0.0.0" }, { "255.10.0.100/8", "255.10.0.100" },
			{ "::/0", "::" }, { "1::/64", "1::" }, { "A:b:C::00d/64", "a:b:c::d" },
			{ "1:2:3:4:5:6:7:8/64", "1:2:3:4:5:6:7:8" },
			{ "1:0:3:4:5:6:7::/64", "1:0:3:4:5:6:7:0" },
			{ "::ffff:10.1.2.3/96", "::ffff:10.1.2.3" },
			{ "1:2:3:4:5:6:10.1.2.3/96", "1:2:3:4:5:6:a01:203" },
		};
		for (size_t k = 0; k < sizeof(goodips) / sizeof(goodips[0]); k++) {
			struct ipaddr a;
			char buf[64];
			int fam = strchr(goodips[k].in, ':') ? AF_INET6 : AF_INET;
			ok(parse_ip(goodips[k].in, fam, &a) == 0 &&
			    inet_ntop(fam, a.b, buf, sizeof(buf)) &&
			    !strcmp(buf, goodips[k].out), "good ip", goodips[k].in);
		}
		for (size_t k = 0; k < sizeof(ips) / sizeof(ips[0]); k++) {
			struct ipaddr a, o;
			char buf[64];
			int fam = strchr(ips[k].in, ':') ? AF_INET6 : AF_INET;
			int r = parse_ip(ips[k].in, fam, &a) == 0 &&
			    a.len == (fam == AF_INET ? 4 : 16);
			ok(r, "ip", ips[k].in);
			r = parse_ip_peer(&a, &o);
			if (!ips[k].peer) {
				ok(r == -ERANGE, "ip: no room for the peer", ips[k].in);
				continue;
			}
			ok(r == 0 && inet_ntop(fam, o.b, buf, sizeof(buf)) &&
			    !strcmp(buf, ips[k].peer) && o.plen == a.plen,
			    "ip peer", ips[k].in);
		}
		for (size_t k = 0; k < sizeof(badips) / sizeof(badips[0]); k++) {
			struct ipaddr a;
			int fam = strchr(badips[k], ':') ? AF_INET6 : AF_INET;
			ok(parse_ip(badips[k], fam, &a) < 0, "bad ip", badips[k]);
		}
		{
			struct ipaddr a;
			ok(parse_ip("fd00::1/64", AF_INET, &a) < 0, "bad ip: v6 as v4", "fd00::1/64");
			ok(parse_ip("10.0.0.1/8", AF_INET6, &a) < 0, "bad ip: v4 as v6", "10.0.0.1/8");
		}
	}
	return done();
}
