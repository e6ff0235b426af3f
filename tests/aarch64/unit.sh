#!/bin/bash
# The unit tests (tests/unit/*.c, TAP each) built for arm64 against musl,
# run under qemu-user: tests/unit.t with UNIT_WRAP.
. "$(dirname "$0")/lib.sh"
need_aarch64 unit
UNITDIR=$A/unit UNIT_WRAP=$QEMU_USER exec sh "$top/tests/unit.t"
