#!/bin/sh
# Runs every unit test binary (TAP each) as one TAP stream for prove.
# UNIT_WRAP runs each through a command (tests/aarch64/unit.sh: qemu-user).
dir=${UNITDIR:-build/unit}
n=0; fail=0
for t in "$dir"/*; do
	[ -x "$t" ] || continue
	out=$(${UNIT_WRAP:-} "$t" 2>&1); rc=$?
	n=$((n + 1))
	if [ $rc -eq 0 ] && ! printf '%s\n' "$out" | grep -q '^not ok'; then
		echo "ok $n - $(basename "$t") ($(printf '%s\n' "$out" | grep -c '^ok') cases)"
	else
		echo "not ok $n - $(basename "$t")"; printf '%s\n' "$out" | grep -v '^ok' | sed 's/^/# /'
		fail=1
	fi
done
echo "1..$n"
exit $fail
