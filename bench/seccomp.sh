#!/bin/bash
# bench/seccomp.sh: what --seccomp costs. A system call in a loop
# (bench/sysloop.c) under minit with and without the filter, the two
# interleaved, medians; the launch with and without (timeit); the size
# the name table adds. Appends section 11 to bench/results.md from
# run.sh; alone: BENCH_BIN=build/bench MINIT=./minit bash bench/seccomp.sh
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
: "${MINIT:=$top/minit}" "${BENCH_BIN:=$top/build/bench}" "${LROUNDS:=300}"
L=$BENCH_BIN/sysloop N=${SYSLOOP_N:-200000} R=${SYSLOOP_ROUNDS:-7}
med() { sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print "n/a"}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a != "n/a") printf "%.2f", a / b; else print "n/a" }'; }
tmp=$(mktemp -d /tmp/minit-bench-seccomp.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
for r in $(seq "$R"); do
	for c in getppid ioctl; do
		"$MINIT" -- "$L" $c "$N" >> "$tmp/$c.off"
		"$MINIT" --seccomp -- "$L" $c "$N" >> "$tmp/$c.on"
	done
done
"$BENCH_BIN/timeit" "$LROUNDS" plain "$MINIT" -- /bin/true :: seccomp "$MINIT" --seccomp -- /bin/true \
	:: deny1 "$MINIT" --seccomp-deny getppid -- /bin/true > "$tmp/launch"
v() { awk -v n="$1" '$1 == n {print $2}' "$tmp/launch"; }
gen=$top/build/gen/syscalls-$(uname -m).h
tab=$(sed -n 's/^static const [a-z ]*sc_\(names\|nums\|abc\)\[\([0-9]*\)\].*/\2/p' "$gen" 2>/dev/null | awk '{s+=$1} END {print s}')
echo "## 11. --seccomp: a filtered system call, a filtered launch"
echo
echo "sysloop: $N calls in 20 batches, median ns per call, $R runs each (medians), the two interleaved."
echo "getppid is allowed by number alone (the kernel caches it from 5.11: no BPF runs); ioctl(FIONREAD) is"
echo "one of the two calls whose arguments the filter reads, so the filter runs on each."
echo
echo "| call | without, ns | --seccomp, ns | ratio |"
echo "| --- | ---: | ---: | ---: |"
for c in getppid ioctl; do
	a=$(med < "$tmp/$c.off"); b=$(med < "$tmp/$c.on")
	echo "| $c | $a | $b | $(ratio "$b" "$a") |"
done
echo
echo "Launch, \`minit [OPTION] -- /bin/true\`, $LROUNDS rounds: plain $(v plain) µs, --seccomp $(v seccomp) µs"
echo "($(ratio "$(v seccomp)" "$(v plain)")×), --seccomp-deny getppid $(v deny1) µs ($(ratio "$(v deny1)" "$(v plain)")×)."
echo "The name table (${gen##*/}) is ${tab:-n/a} bytes of the $(stat -c %s "$MINIT")-byte binary."
echo
