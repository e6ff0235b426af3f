#!/bin/bash
# The fuzz harnesses' invariants (tests/fuzz/<name>.c) on arm64: each
# harness built with tests/replay.c instead of libFuzzer, for arm64
# against musl, replays its seed corpus (tests/fuzz/corpus/<name>/) under
# qemu-user. A broken invariant aborts the harness: not ok.
. "$(dirname "$0")/lib.sh"
need_aarch64 replay
n=0 fail=0
for c in "$top"/tests/fuzz/*.c; do
	name=$(basename "$c" .c)
	n=$((n + 1))
	seeds=$(ls "$top/tests/fuzz/corpus/$name" 2>/dev/null | wc -l)
	if [ ! -x "$A/replay/$name" ]; then
		echo "not ok $n - $name: $A/replay/$name not built"; fail=1; continue
	fi
	out=$("$QEMU_USER" "$A/replay/$name" "$top/tests/fuzz/corpus/$name" 2>&1); rc=$?
	if [ $rc = 0 ] && [ "$out" = "replayed $seeds inputs" ] && [ "$seeds" -gt 0 ]; then
		echo "ok $n - $name: $seeds seeds, every invariant holds on arm64"
	else
		echo "not ok $n - $name: exit $rc over $seeds seeds"; printf '%s\n' "$out" | tail -20 | sed 's/^/# /'
		fail=1
	fi
done
echo "1..$n"
exit $fail
