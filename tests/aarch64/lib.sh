# tests/aarch64/lib.sh: sourced by the arm64 scripts of tests/aarch64/.
# They test the cross build of `make aarch64` (build-aarch64/, or
# $MINIT_AARCH64_DIR): minit, probe, unit/ and replay/, arm64 static
# binaries run under qemu — qemu-user (qemu-aarch64-static, called
# directly: no binfmt_misc registration is needed or used) or the arm64
# VM (tests/vm/run.sh with VM_ARCH=aarch64). make test builds them first
# (`make aarch64`) when the cross compiler is installed (make deps).
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
A=${MINIT_AARCH64_DIR:-$top/build-aarch64}
QEMU_USER=${QEMU_USER:-qemu-aarch64-static}
# need_aarch64 FILE...: skip the whole script, with what to do, unless
# qemu-user and these arm64 binaries are there.
need_aarch64() {
	local f
	command -v "$QEMU_USER" >/dev/null ||
		{ echo "1..0 # SKIP $QEMU_USER not installed (qemu-user-static; make deps)"; exit 0; }
	for f in "$@"; do
		[ -e "$A/$f" ] ||
			{ echo "1..0 # SKIP $A/$f not built: make deps (the cross compiler), then make aarch64"; exit 0; }
	done
}
