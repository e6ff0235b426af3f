#!/bin/bash
# The arm64 VM: Debian's arm64 cloud kernel under qemu-system-aarch64
# -M virt -cpu max (TCG), the arm64 minit as /init of an arm64 initramfs
# (busybox-static:arm64), the same guest cases and boots as the x86_64
# VM: tests/vm/run.sh with VM_ARCH=aarch64 (its header: the contract of
# a case, and VM_CASES to run some alone).
. "$(dirname "$0")/lib.sh"
need_aarch64 minit probe
export VM_ARCH=aarch64 MINIT=$A/minit PROBE=$A/probe
exec bash "$top/tests/vm/run.sh"
