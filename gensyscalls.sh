#!/bin/sh
# gensyscalls.sh ARCH LIST: the C header of ARCH's system-call table and
# of --seccomp's default deny-list, generated from the kernel headers the
# build uses (never typed by hand), on stdout. The Makefile runs it.
#
#   ARCH    x86_64: the multiarch <asm/unistd_64.h>;
#           aarch64: the generic <asm-generic/unistd.h> as arm64's
#           <asm/unistd.h> includes it (its __ARCH_WANT_* set below), so it
#           works on an x86_64 machine without arm64 headers.
#   LIST    seccomp.list: lines of "ERRNO NAME...".
#   gensyscalls.sh --table ARCH: just "name number" lines, sorted by name.
#
# The table is packed for a small binary: names sorted, each stored as
# the length of the prefix it shares with the one before (a nibble), the
# rest of it in nibble codes (the 14 commonest symbols one nibble, the
# others two), and one of three end symbols that says what --seccomp
# does with it (seccomp.list: allow, EPERM, ENOSYS); the numbers apart,
# 9 bits each, in name order. seccomp.c decodes it.
# Environment: KHDR (default /usr/include), HOSTCC (default cc).
set -eu
LC_ALL=C
export LC_ALL
khdr=${KHDR:-/usr/include}
cpp="${HOSTCC:-cc} -E -dM -P"

table() {  # ARCH: "name number", sorted by name
	tmp=$(mktemp -d)
	case $1 in
	x86_64)
		src=$khdr/x86_64-linux-gnu/asm/unistd_64.h
		[ -f "$src" ] || src=$khdr/asm/unistd_64.h
		$cpp "$src" >"$tmp/defs" ;;
	aarch64)
		src=$khdr/asm-generic/unistd.h
		mkdir "$tmp/asm"
		echo '#define __BITS_PER_LONG 64' >"$tmp/asm/bitsperlong.h"
		# arch/arm64/include/uapi/asm/unistd.h
		printf '#define __ARCH_WANT_%s\n' RENAMEAT NEW_STAT SET_GET_RLIMIT \
			TIME32_SYSCALLS SYS_CLONE3 MEMFD_SECRET >"$tmp/w.h"
		echo '#include <asm-generic/unistd.h>' >>"$tmp/w.h"
		$cpp -nostdinc -I"$tmp" -I"$khdr" "$tmp/w.h" >"$tmp/defs" ;;
	*)
		echo "gensyscalls.sh: unknown architecture '$1'" >&2
		rm -rf "$tmp"; exit 1 ;;
	esac
	# __NR_fcntl is __NR3264_fcntl on 64-bit generic: follow such names.
	# __NR_syscalls counts, __NR_arch_specific_syscall is a base: no calls.
	awk -v src="$src" '
	$1 == "#define" && $2 ~ /^__NR(3264)?_/ { v[$2] = $3 }
	END {
		for (k in v) {
			if (k !~ /^__NR_/ || k == "__NR_syscalls" || k == "__NR_arch_specific_syscall")
				continue
			x = v[k]
			for (i = 0; i < 8 && (x in v); i++)
				x = v[x]
			if (x !~ /^[0-9]+$/) {
				print "gensyscalls.sh: " k " is " x " in " src > "/dev/stderr"
				exit 1
			}
			n++
			print substr(k, 6), x + 0
		}
		if (n < 200) {
			print "gensyscalls.sh: only " n + 0 " system calls in " src > "/dev/stderr"
			exit 1
		}
	}' "$tmp/defs" | sort
	rm -rf "$tmp"
}

if [ "$1" = --table ]; then
	table "$2"
	exit 0
fi
arch=$1
list=$2
other=aarch64
[ "$arch" = x86_64 ] || other=x86_64
tab=$(mktemp)
oth=$(mktemp)
trap 'rm -f "$tab" "$oth"' EXIT
table "$arch" >"$tab"
# A list name absent here must exist on the other architecture, where
# its header is at hand: a typo is an error, not a silent allow.
table "$other" >"$oth" 2>/dev/null || : >"$oth"

awk -v arch="$arch" -v listf="$list" -v othf="$oth" '
function nib(v) { nibs[nn++] = v }
# symbol k: one nibble below 14, else 14 or 15 and one more
function put(k) { if (k < 14) nib(k); else { nib(14 + int((k - 14) / 16)); nib((k - 14) % 16) } }
function endsym(s) { return s in deny ? (deny[s] == 1 ? E1 : E2) : E0 }
BEGIN {
	E0 = "<end>"; E1 = "<eperm>"; E2 = "<enosys>"
	while ((getline l < othf) > 0) { split(l, f, " "); other[f[1]] = 1; hasother = 1 }
}
{ name[NR] = $1; num[NR] = $2; nr[$1] = $2; if ($2 + 0 > max) max = $2 + 0 }
END {
	count = NR
	if (max >= 512) { print "gensyscalls.sh: number " max " needs more than 9 bits" > "/dev/stderr"; exit 1 }
	# the default deny-list: the end of each name says its errno
	while ((getline l < listf) > 0) {
		if (l ~ /^[ \t]*(#|$)/) continue
		nf = split(l, f, " ")
		if (f[1] != "EPERM" && f[1] != "ENOSYS") {
			print "gensyscalls.sh: " listf ": unknown errno " f[1] > "/dev/stderr"; exit 1
		}
		for (j = 2; j <= nf; j++) {
			if (f[j] in nr)
				deny[f[j]] = f[1] == "EPERM" ? 1 : 2
			else if (!(f[j] in other)) {
				print "gensyscalls.sh: " listf ": " f[j] ": no such system call" \
				    (hasother ? " here or on the other architecture" : "") > "/dev/stderr"
				exit 1
			} else
				absent = absent " " f[j]
		}
	}

	# the shared prefixes, and how often each symbol follows one
	prev = ""
	for (i = 1; i <= count; i++) {
		s = name[i]
		if (length(s) >= 32) { print "gensyscalls.sh: " s ": name too long" > "/dev/stderr"; exit 1 }
		p = 0
		while (p < 15 && p < length(s) && substr(s, p + 1, 1) == substr(prev, p + 1, 1))
			p++
		pre[i] = p
		for (j = p + 1; j <= length(s); j++)
			freq[substr(s, j, 1)]++
		freq[endsym(s)]++
		prev = s
	}
	# the alphabet, commonest first (ties by character); the three ends of
	# a name (allowed, EPERM, ENOSYS) are the characters 0, 1, 2
	ns = 0
	for (c in freq) ns++
	if (ns > 46) { print "gensyscalls.sh: " ns " symbols, the code has room for 46" > "/dev/stderr"; exit 1 }
	abc = ""
	for (k = 0; k < ns; k++) {
		best = ""
		for (c in freq)
			if (!(c in code) && (best == "" || freq[c] > freq[best] || (freq[c] == freq[best] && c < best)))
				best = c
		code[best] = k
		abc = abc (best == E0 ? "\\000" : best == E1 ? "\\001" : best == E2 ? "\\002" : best)
	}
	nn = 0
	for (i = 1; i <= count; i++) {
		s = name[i]
		nib(pre[i])
		for (j = pre[i] + 1; j <= length(s); j++) {
			put(code[substr(s, j, 1)])
		}
		put(code[endsym(s)])
	}
	if (nn % 2) nib(0)

	print "/* Generated by gensyscalls.sh from the kernel headers: do not edit. */"
	print "#define SC_ARCH_" (arch == "x86_64" ? "X86_64" : "AARCH64") " 1"
	print "#define SC_COUNT " count "\t\t/* system calls named */"
	print "/* the symbols, commonest first; \\0, \\1, \\2 end a name, which\n * --seccomp allows, denies with EPERM, with ENOSYS */"
	print "static const char sc_abc[] = \"" abc "\";"
	printf "/* %d names in %d nibbles */\n", count, nn
	printf "static const unsigned char sc_names[%d] = {", nn / 2
	for (i = 0; i < nn; i += 2)
		printf "%s0x%02x,", (i % 24 ? " " : "\n\t"), nibs[i] * 16 + nibs[i + 1]
	print "\n};"
	# 9 bits a number, least significant bit first
	nb = int((count * 9 + 7) / 8) + 1
	for (i = 0; i < nb; i++) b[i] = 0
	for (i = 1; i <= count; i++) {
		v = num[i]; pos = (i - 1) * 9
		for (j = 0; j < 9; j++) {
			if (v % 2) b[int(pos / 8)] += 2 ^ (pos % 8)
			v = int(v / 2); pos++
		}
	}
	printf "static const unsigned char sc_nums[%d] = {", nb
	for (i = 0; i < nb; i++)
		printf "%s0x%02x,", (i % 12 ? " " : "\n\t"), b[i]
	print "\n};"
	# the plain table, for the unit test to check the packed one against
	print "#ifdef SC_REFERENCE"
	print "static const struct { const char *name; int nr, deny; } sc_ref[] = {"
	for (i = 1; i <= count; i++)
		printf "\t{ \"%s\", %d, %d },\n", name[i], num[i], deny[name[i]]
	print "};"
	print "#endif"
	if (absent != "")
		print "/* absent here, of seccomp.list:" absent " */"
}' "$tab"
