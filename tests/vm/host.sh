# tests/vm/host.sh: the host side of the VM harness, sourced by
# tests/vm/run.sh and bench/vm.sh. Needs MINIT and PROBE set (static
# binaries of the guest's architecture); VM_ARCH picks the guest:
#   x86_64  (default) qemu-system-x86_64, linux-image-cloud-amd64,
#           cache $MINIT_VM_CACHE (/var/cache/minit-vm), the host's
#           busybox-static
#   aarch64 qemu-system-aarch64 -M virt -cpu max, linux-image-cloud-arm64,
#           cache $MINIT_VM_CACHE-aarch64 (/var/cache/minit-vm-aarch64),
#           busybox-static:arm64 (fetched into the cache like the kernel)
# Both under TCG. Sets K (the kernel), W (a work folder, removed at exit
# unless MINIT_VM_KEEP is set) and R (the initramfs root); vm_initrd packs
# R, boot boots it. Skips (TAP) and exits when a tool, the kernel or the
# busybox is missing; under MINIT_REQUIRE_ALL=1 (CI) that is a failure.
vm_skip() {
	if [ "${MINIT_REQUIRE_ALL:-0}" = 1 ]; then
		echo "1..1"; echo "not ok 1 - skipped: $* (MINIT_REQUIRE_ALL=1: no skipping)"; exit 1
	fi
	echo "1..0 # SKIP $*"; exit 0
}
: "${MINIT_VM_CACHE:=/var/cache/minit-vm}" "${VM_ARCH:=x86_64}"
case $VM_ARCH in
x86_64)
	vm_qemu=qemu-system-x86_64 vm_kpkg=linux-image-cloud-amd64 vm_console=ttyS0
	vm_cache=$MINIT_VM_CACHE vm_bbpkg= vm_elf="X86-64"
	vm_machine=(-accel tcg)
	# A loaded host can starve TCG's timer during the IO-APIC check,
	# which then panics ("IO-APIC + timer doesn't work"): skip the check.
	vm_kargs=no_timer_check;;
aarch64)
	vm_qemu=qemu-system-aarch64 vm_kpkg=linux-image-cloud-arm64:arm64 vm_console=ttyAMA0
	vm_cache=$MINIT_VM_CACHE-aarch64 vm_bbpkg=busybox-static:arm64 vm_elf="AArch64"
	# pauth-impdef: TCG's pointer authentication with a cheap hash, not
	# the architected QARMA (several times faster, same semantics).
	vm_machine=(-M virt -cpu max,pauth-impdef=on -accel tcg) vm_kargs=;;
*)
	vm_skip "VM_ARCH=$VM_ARCH: x86_64 or aarch64";;
esac
for t in $vm_qemu cpio gzip dpkg-deb; do
	command -v $t >/dev/null || vm_skip "$t not installed"
done
# The guest runs these: of its architecture, static (no loader in /).
for b in "$MINIT" "$PROBE"; do
	h=$(readelf -hlW "$b" 2>/dev/null)
	case $h in *"Machine:"*"$vm_elf"*) ;; *)
		vm_skip "$b: not a $VM_ARCH binary (make${vm_bbpkg:+ aarch64})";;
	esac
	case $h in *INTERP*) vm_skip "$b: not static";; esac
done

# fetch PKG: the .deb of PKG (a real package, not a metapackage) unpacked
# into the cache with dpkg-deb, nothing installed. Stamped by name, so a
# new kernel ABI in the archive is fetched once.
fetch() {
	local pkg=$1 deb
	[ -e "$vm_cache/.got-$pkg" ] && return 0
	mkdir -p "$vm_cache" && (cd "$vm_cache" &&
		apt-get download "$pkg" >/dev/null 2>&1 &&
		deb=$(ls -t "${pkg%%:*}"_*.deb | head -1) &&
		dpkg-deb --fsys-tarfile "$deb" | tar -x ./boot ./bin 2>/dev/null;
		rm -f "${pkg%%:*}"_*.deb) || return 1
	touch "$vm_cache/.got-$pkg"
}
kernel() {  # print the path of a cached vmlinuz, fetching it if needed
	local k dep
	k=$(ls "$vm_cache"/boot/vmlinuz-* 2>/dev/null | head -1)
	if [ -z "$k" ]; then
		dep=$(apt-cache depends "$vm_kpkg" 2>/dev/null | awk '/Depends: linux-image-/{print $2; exit}')
		[ -n "$dep" ] || return 1
		case $dep in *:*) ;; *) [ "$vm_kpkg" = "${vm_kpkg%%:*}" ] || dep=$dep:${vm_kpkg#*:};; esac
		fetch "$dep" || return 1
		k=$(ls "$vm_cache"/boot/vmlinuz-* 2>/dev/null | head -1)
	fi
	echo "$k"
}
K=$(kernel) && [ -n "$K" ] || vm_skip "could not fetch $vm_kpkg with apt-get download"
if [ -n "$vm_bbpkg" ]; then
	# Not installed: busybox-static:arm64 would replace the host's own.
	busybox=$vm_cache/bin/busybox
	[ -x "$busybox" ] || fetch "$vm_bbpkg"
	[ -x "$busybox" ] || vm_skip "could not fetch $vm_bbpkg with apt-get download"
	# Its applet list, asked of the guest's busybox under qemu-user.
	bb_list() { qemu-aarch64-static "$busybox" --list; }
	command -v qemu-aarch64-static >/dev/null ||
		vm_skip "qemu-aarch64-static (qemu-user-static) not installed"
else
	busybox=$(command -v busybox || true)
	[ -n "$busybox" ] && ! ldd "$busybox" >/dev/null 2>&1 || vm_skip "static busybox (busybox-static) not installed"
	bb_list() { "$busybox" --list; }
fi

W=$(mktemp -d /tmp/minit-vm.XXXXXX)
[ -n "${MINIT_VM_KEEP:-}" ] || trap 'rm -rf "$W"' EXIT
# The initramfs: minit as /init, busybox and its applets, the probe, the cases.
R=$W/root
mkdir -p "$R"/{bin,dev,proc,sys,tmp,run,tests}
cp "$MINIT" "$R/init"; cp "$MINIT" "$R/bin/minit"; cp "$PROBE" "$R/bin/probe"
cp "$busybox" "$R/bin/busybox"
for a in $(bb_list); do [ -e "$R/bin/$a" ] || ln -s busybox "$R/bin/$a"; done
mknod -m 600 "$R/dev/console" c 5 1

vm_initrd() {  # pack $R into $W/initrd.gz
	(cd "$R" && find . | cpio -o -H newc --quiet | gzip -1) > "$W/initrd.gz"
}

boot() {  # boot LOG ARGS...: run qemu with init's argv ARGS; its exit code
	local log=$1; shift
	timeout 600 $vm_qemu "${vm_machine[@]}" -m 768 -smp 2 -nographic -no-reboot \
		-nic none -kernel "$K" -initrd "$W/initrd.gz" \
		-append "console=$vm_console panic=-1 quiet loglevel=3 $vm_kargs -- $*" </dev/null >"$log" 2>&1
}
