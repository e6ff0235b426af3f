# tests/vm/host.sh: the host side of the VM harness, sourced by
# tests/vm/run.sh and bench/vm.sh. Needs MINIT and PROBE set; sets K (the
# kernel), W (a work folder, removed at exit unless MINIT_VM_KEEP is
# set) and R (the initramfs root); vm_initrd packs R, vm_boot boots it.
# Skips (TAP) and exits when qemu, cpio or a static busybox is missing.
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

vm_initrd() {  # pack $R into $W/initrd.gz
	(cd "$R" && find . | cpio -o -H newc --quiet | gzip -1) > "$W/initrd.gz"
}

boot() {  # boot LOG ARGS...: run qemu with init's argv ARGS; its exit code
	local log=$1; shift
	timeout 600 qemu-system-x86_64 -accel tcg -m 768 -smp 2 -nographic -no-reboot \
		-nic none -kernel "$K" -initrd "$W/initrd.gz" \
		-append "console=ttyS0 panic=-1 quiet loglevel=3 -- $*" </dev/null >"$log" 2>&1
}

