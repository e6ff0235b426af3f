#!/bin/bash
# tests/vm/run.sh: boot a real kernel under qemu (TCG) with minit as /init
# of an initramfs, run the cases of tests/vm/cases/ in ONE boot, and read
# their TAP back from the serial log; more short boots check the status
# line for an exit code, a signal death and a usage error, and the
# power-off.
#
# The kernel is Debian's cloud kernel, fetched with apt-get download and
# unpacked with dpkg-deb (nothing installed), cached (tests/vm/host.sh).
#
# One harness, two architectures: VM_ARCH=x86_64 (the default, from make
# test as tests/vm/run.sh) or VM_ARCH=aarch64 (tests/aarch64/vm.sh: the
# arm64 build under qemu-system-aarch64 -M virt -cpu max). Every case
# runs on both.
#
# The contract of a case, tests/vm/cases/NN-name.sh:
# - busybox sh, run by /tests/guest.sh in name order, as a child of
#   `minit` = PID 1 of the machine (boot mode: /proc, /sys, /dev, devpts,
#   /dev/shm, /run, /tmp mounted, lo up, pure cgroup v2 at /sys/fs/cgroup
#   with no other tree, root with every capability, no network).
# - In PATH (/bin): busybox's applets, `minit` (the same binary as /init)
#   and `probe` (tests/probe.c), both built for the guest's architecture.
#   Nothing else: no bash, no libc, no host tools.
# - `. /tests/lib.sh` gives ok/is/like (TAP lines without numbers: the
#   host numbers them) and poll N CMD (N tries, 10 ms apart).
# - Print TAP only for what you check; "# ..." lines are passed on as
#   diagnostics. A case must not power off, kill PID 1 or leave a process
#   or a cgroup behind: the next case runs in the same boot.
# - Architecture-neutral: no syscall or signal numbers of one
#   architecture; `uname -m` says which one runs, when a case must know.
#
# Run some cases alone (iterate on one; other helpers' probes):
#   VM_CASES="tests/vm/cases/40-cgroup-v2.sh" tests/vm/run.sh
#   make aarch64 && VM_CASES=... tests/aarch64/vm.sh
# MINIT_VM_KEEP=1 keeps the work folder (serial logs, initramfs).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
: "${MINIT:=$top/minit}" "${PROBE:=$top/probe}"
# An initramfs holds minit and the probe alone: no libc.so, no libasan.
[ -z "${MINIT_SAN:-}" ] || { echo "1..0 # SKIP under SAN=1: the initramfs needs static binaries, sanitizers need glibc's dynamic loader"; exit 0; }
. "$here/host.sh"
mkdir -p "$R/tests/cases"
if [ -n "${VM_CASES:-}" ]; then
	for c in $VM_CASES; do cp "$c" "$R/tests/cases/" || exit 1; done
else
	cp "$here"/cases/*.sh "$R/tests/cases/"
fi
cp "$here/guest.sh" "$here/lib.sh" "$here/boot-helper.sh" "$R/tests/"
vm_initrd

n=0; fail=0
# tail_log LOG WHAT: WHAT and LOG's end on stderr, which prove shows (tap
# shows a failed short boot's log, txt).
tail_log() {
	{ echo "# ${1##*/}: $2"; tail -15 "$1" | tr -d '\r' | sed 's/^/#   /'; } >&2
}
tap() {  # tap OK DESC
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; [ -z "${txt:-}" ] || tail_log "$txt" "qemu exit $rc, its end:"; fi
}

start=$(date +%s)
boot "$W/main.log" /bin/sh /tests/guest.sh; rc=$?
tap $rc "the main boot powered off by itself (qemu exit $rc)"
# The guest's TAP lines, renumbered; a case that printed none is a failure.
tr -d '\r' < "$W/main.log" > "$W/main.txt"
grep -q 'minit: exit status 0$' "$W/main.txt"; tap $? "boot: 'minit: exit status 0' on the console"
grep -q 'reboot: Power down' "$W/main.txt"; tap $? "boot: the kernel powered down"
# Each case of cases/ must run to its end and print at least one result:
# one that died half-way or printed nothing fails, it does not vanish.
declare -A results=() ended=()
case=""
while IFS= read -r l; do
	case $l in
	"=== case end "*) ended[${l#=== case end }]=1; case="";;
	"=== case "*) case=${l#=== case }; results[$case]=0;;
	"ok "*|"not ok "*)
		[ -n "$case" ] && results[$case]=$(( ${results[$case]} + 1 ))
		st=${l%% - *}; st=${st%% [0-9]*}; tap $([ "$st" = ok ]; echo $?) "vm: ${l#* - }";;
	"#"*) echo "$l";;
	esac
done < <(sed -n '/=== guest begin/,/=== guest end/p' "$W/main.txt")
grep -q '=== guest end' "$W/main.txt"; tap $? "all guest cases ran to the end"
for c in "$here"/cases/*.sh; do
	c=${c##*/}
	[ "${ended[$c]:-0}" = 1 ] && [ "${results[$c]:-0}" -gt 0 ]
	tap $? "vm case $c ran to its end with ${results[$c]:-0} results"
done
[ $fail = 0 ] || { echo "# serial log:"; sed 's/^/#   /' "$W/main.txt" | tail -60; }

# short LOG ARGS...: one short boot, as boot; its log without CRs in
# txt (LOG's .txt). A qemu that ended in error before minit printed a
# line (no panic, no timeout: the guest never ran it) is tried once
# more, and says so; any other outcome is the result.
short() {
	local log=$1 rc
	boot "$@"; rc=$?
	if [ $rc != 0 ] && [ $rc != 124 ] && ! grep -q 'minit: ' "$log" && ! grep -q 'Kernel panic' "$log"; then
		tail_log "$log" "qemu exit $rc before minit printed a line; booted once more. Its log:"
		boot "$@"; rc=$?
	fi
	txt=${log%.log}.txt
	tr -d '\r' < "$log" > "$txt"
	return $rc
}

short "$W/exit3.log" /bin/probe exit 3 ; rc=$?
grep -q 'minit: exit status 3$' "$W/exit3.txt"; tap $? "boot: exit 3 prints 'minit: exit status 3'"
[ $rc = 0 ] && grep -q 'reboot: Power down' "$W/exit3.txt"; tap $? "boot: ... and powers off"
short "$W/kill.log" /bin/probe kill 9 ; rc=$?
grep -q 'minit: exit status 137$' "$W/kill.txt"; tap $? "boot: a death by KILL prints 'minit: exit status 137'"
[ $rc = 0 ] && grep -q 'reboot: Power down' "$W/kill.txt"; tap $? "boot: ... and powers off"
# Bug 6 of issue 12 in a real boot: --pid's namespace init is not the
# machine's, so the status line is the outer's alone, with the command's 8.
short "$W/pid8.log" --pid --net /bin/sh -c '"exit 8"' ; rc=$?
is_once=$(grep -c 'minit[^ ]*: exit status' "$W/pid8.txt")
[ "$is_once" = 1 ] && grep -q 'minit: exit status 8$' "$W/pid8.txt"; tap $? "boot: -- --pid --net /bin/sh -c \"exit 8\" prints 'minit: exit status 8' once ($is_once status lines)"
[ $rc = 0 ] && grep -q 'reboot: Power down' "$W/pid8.txt"; tap $? "boot: ... and powers off"
# Bug 14 of issue 12: the machine's init ends its run by signalling what
# the run left (an orphan here), never by kill(-1): that would reach the
# kernel's own helpers too (a core dump's pipe helper here).
short "$W/helper.log" /bin/sh /tests/boot-helper.sh ; rc=$?
grep -q 'boot-helper: the helper runs' "$W/helper.txt" && grep -q 'minit: exit status 0$' "$W/helper.txt"
tap $? "boot: a kernel helper runs beside the run, which ends with status 0"
! grep -q 'the kernel helper got TERM' "$W/helper.txt" && [ $rc = 0 ]; tap $? "boot: ... the end of the run signals its orphan, not the kernel's helper"
short "$W/bad.log" --no-such-option /bin/true ; rc=$?
grep -q 'minit: exit status 125$' "$W/bad.txt"; tap $? "boot: a usage error still powers off with status 125, no panic"
! grep -q 'Kernel panic' "$W/bad.txt" "$W/kill.txt" "$W/exit3.txt" "$W/pid8.txt" "$W/helper.txt" "$W/main.txt"; tap $? "no kernel panic in any boot"
echo "# 6 boots in $(( $(date +%s) - start )) s"
echo "1..$n"
exit $fail
