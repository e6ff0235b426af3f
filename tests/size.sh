#!/bin/bash
# The size budget of issues 14 to 17: the static, stripped binary with
# every feature (the init, the launcher, the root filesystem, veth,
# seccomp) in 48 KiB, on x86_64 and on arm64. make prints each size;
# this fails the run that goes over.
. "$(dirname "$0")/lib.sh"
san_skip "the SAN build is glibc's, dynamic"
budget=49152
top=$(cd "$(dirname "$0")/.." && pwd)

within() {  # within FILE ARCH
	local size
	size=$(stat -c %s "$1")
	ok $([ "$size" -le $budget ]; echo $?) "$2: $size B, within $budget B"
	ok $(readelf -lW "$1" | grep -q INTERP; [ $? -ne 0 ]; echo $?) "$2: static"
	ok $(readelf -SW "$1" 2>&1 | grep -q symtab; [ $? -ne 0 ]; echo $?) "$2: stripped"
}
within "$MINIT" x86_64
if [ -e "$top/build-aarch64/minit" ]; then
	within "$top/build-aarch64/minit" arm64
elif required; then
	ok 1 "arm64: build-aarch64/minit not built (make aarch64)"
fi
done_testing
