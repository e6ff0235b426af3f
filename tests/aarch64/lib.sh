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
# Under MINIT_REQUIRE_ALL=1 (.ci/run) a missing tool or build fails.
aarch64_skip() {
	[ "${MINIT_REQUIRE_ALL:-0}" = 1 ] &&
		{ echo "1..1"; echo "not ok 1 - skipped: $* (MINIT_REQUIRE_ALL=1: no skipping)"; exit 1; }
	echo "1..0 # SKIP $*"; exit 0
}
need_aarch64() {
	local f
	command -v "$QEMU_USER" >/dev/null ||
		aarch64_skip "$QEMU_USER not installed (qemu-user-static; make deps)"
	for f in "$@"; do
		[ -e "$A/$f" ] || aarch64_skip "$A/$f not built: make deps (the cross compiler), then make aarch64"
	done
}
