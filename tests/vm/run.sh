#!/bin/bash
# tests/vm/run.sh: boot a real kernel under qemu (TCG) with minit as /init
# of an initramfs, run the cases of tests/vm/cases/ in ONE boot, and read
# their TAP back from the serial log; two more short boots check the
# status line for an exit code and a signal death, and the power-off.
#
# The kernel is Debian's cloud kernel, fetched with apt-get download and
# unpacked with dpkg-deb (nothing installed), cached in $MINIT_VM_CACHE.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
: "${MINIT:=$top/minit}" "${PROBE:=$top/probe}"
: "${MINIT_VM_CACHE:=/var/cache/minit-vm}"
for t in qemu-system-x86_64 cpio gzip; do
	command -v $t >/dev/null || { echo "1..0 # SKIP $t not installed"; exit 0; }
done
busybox=$(command -v busybox || true)
[ -n "$busybox" ] && ! ldd "$busybox" >/dev/null 2>&1 || { echo "1..0 # SKIP static busybox (busybox-static) not installed"; exit 0; }

kernel() {  # print the path of a cached vmlinuz, fetching it if needed
	local k dep
	k=$(ls "$MINIT_VM_CACHE"/boot/vmlinuz-* 2>/dev/null | head -1)
	if [ -z "$k" ]; then
		mkdir -p "$MINIT_VM_CACHE" && cd "$MINIT_VM_CACHE" || return 1
		dep=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-/{print $2; exit}')
		[ -n "$dep" ] || return 1
		apt-get download "$dep" >/dev/null 2>&1 || return 1
		dpkg-deb --fsys-tarfile "$dep"_*.deb | tar -x ./boot || return 1
		rm -f "$dep"_*.deb
		k=$(ls "$MINIT_VM_CACHE"/boot/vmlinuz-* 2>/dev/null | head -1)
	fi
	echo "$k"
}
K=$(kernel) && [ -n "$K" ] || { echo "1..0 # SKIP could not fetch linux-image-cloud-amd64 with apt-get download"; exit 0; }

W=$(mktemp -d /tmp/minit-vm.XXXXXX)
[ -n "${MINIT_VM_KEEP:-}" ] || trap 'rm -rf "$W"' EXIT
# The initramfs: minit as /init, busybox and its applets, the probe, the cases.
R=$W/root
mkdir -p "$R"/{bin,dev,proc,sys,tmp,run,tests}
cp "$MINIT" "$R/init"; cp "$MINIT" "$R/bin/minit"; cp "$PROBE" "$R/bin/probe"
cp "$busybox" "$R/bin/busybox"
for a in $("$busybox" --list); do [ -e "$R/bin/$a" ] || ln -s busybox "$R/bin/$a"; done
mknod -m 600 "$R/dev/console" c 5 1
cp -r "$here/cases" "$R/tests/"
cp "$here/guest.sh" "$here/lib.sh" "$R/tests/"
(cd "$R" && find . | cpio -o -H newc --quiet | gzip -1) > "$W/initrd.gz"

boot() {  # boot LOG ARGS...: run qemu with init's argv ARGS; its exit code
	local log=$1; shift
	timeout 600 qemu-system-x86_64 -accel tcg -m 768 -smp 2 -nographic -no-reboot \
		-nic none -kernel "$K" -initrd "$W/initrd.gz" \
		-append "console=ttyS0 panic=-1 quiet loglevel=3 -- $*" </dev/null >"$log" 2>&1
}

n=0; fail=0
tap() {  # tap OK DESC
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}

start=$(date +%s)
boot "$W/main.log" /bin/sh /tests/guest.sh; rc=$?
tap $rc "the main boot powered off by itself (qemu exit $rc)"
# The guest's TAP lines, renumbered; a case that printed none is a failure.
tr -d '\r' < "$W/main.log" > "$W/main.txt"
grep -q 'minit: exit status 0$' "$W/main.txt"; tap $? "boot: 'minit: exit status 0' on the console"
grep -q 'reboot: Power down' "$W/main.txt"; tap $? "boot: the kernel powered down"
while IFS= read -r l; do
	case $l in
	"ok "*|"not ok "*)
		st=${l%% - *}; st=${st%% [0-9]*}; tap $([ "$st" = ok ]; echo $?) "vm: ${l#* - }";;
	"#"*) echo "$l";;
	esac
done < <(sed -n '/=== guest begin/,/=== guest end/p' "$W/main.txt")
grep -q '=== guest end' "$W/main.txt"; tap $? "all guest cases ran to the end"
[ $fail = 0 ] || { echo "# serial log:"; sed 's/^/#   /' "$W/main.txt" | tail -60; }

boot "$W/exit3.log" /bin/probe exit 3 ; rc=$?
tr -d '\r' < "$W/exit3.log" > "$W/exit3.txt"
grep -q 'minit: exit status 3$' "$W/exit3.txt"; tap $? "boot: exit 3 prints 'minit: exit status 3'"
[ $rc = 0 ] && grep -q 'reboot: Power down' "$W/exit3.txt"; tap $? "boot: ... and powers off"
boot "$W/kill.log" /bin/probe kill 9 ; rc=$?
tr -d '\r' < "$W/kill.log" > "$W/kill.txt"
grep -q 'minit: exit status 137$' "$W/kill.txt"; tap $? "boot: a death by KILL prints 'minit: exit status 137'"
[ $rc = 0 ] && grep -q 'reboot: Power down' "$W/kill.txt"; tap $? "boot: ... and powers off"
boot "$W/bad.log" --no-such-option /bin/true ; rc=$?
tr -d '\r' < "$W/bad.log" > "$W/bad.txt"
grep -q 'minit: exit status 125$' "$W/bad.txt"; tap $? "boot: a usage error still powers off with status 125, no panic"
! grep -q 'Kernel panic' "$W/bad.txt" "$W/kill.txt" "$W/exit3.txt" "$W/main.txt"; tap $? "no kernel panic in any boot"
echo "# 4 boots in $(( $(date +%s) - start )) s"
echo "1..$n"
exit $fail
