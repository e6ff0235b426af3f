#!/bin/bash
# bench/run.sh: minit side by side with the inits and launchers people
# would pick instead, in ONE run on this machine; the contenders are
# interleaved round-robin, figures are medians, ratios are minit / peer.
# Writes bench/results.md. As root. `make bench` runs it; section 9 (--root)
# is bench/rootfs.sh.
#
# Peers from Debian: apt-get install tini dumb-init catatonit bubblewrap
# (util-linux's unshare is always there). A missing peer is reported as
# such, not measured.
set -u
cd "$(dirname "$0")/.."
top=$PWD
: "${MINIT:=$top/minit}" "${PROBE:=$top/probe}" "${BENCH_BIN:=$top/build/bench}"
: "${ROUNDS:=1000}" "${LROUNDS:=300}" "${STORM:=10000}" "${STORM_ROUNDS:=5}"
out=${BENCH_OUT:-$top/bench/results.md}
export MINIT PROBE BENCH_BIN
T=$BENCH_BIN/timeit
tmp=$(mktemp -d /tmp/minit-bench.XXXXXX)
cgp=/minit-bench-$$
trap 'rm -rf "$tmp"; for d in /sys/fs/cgroup/*/${cgp#/} /sys/fs/cgroup/${cgp#/}; do [ -d "$d" ] && rmdir "$d"; done 2>/dev/null' EXIT

say() { echo "bench: $*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
TINI=$(command -v tini-static || command -v tini || true)
# name -> the init's argv prefix (before the command)
declare -A INIT=( [minit]="$MINIT --" )
[ -n "$TINI" ] && INIT[tini]="$TINI -s --"
have dumb-init && INIT[dumb-init]="dumb-init"
have catatonit && INIT[catatonit]="catatonit --"
PEERS=(); for p in tini dumb-init catatonit; do [ -n "${INIT[$p]:-}" ] && PEERS+=("$p"); done
INITS=(minit "${PEERS[@]}")

med() { sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print "n/a"}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a != "n/a") printf "%.2f", a / b; else print "n/a" }'; }
# rec FIGURE PEER RATIO: one bar of the chart (bench/chart.gp).
rec() { [ "$3" = n/a ] || echo "$1|$2|$3" >> "$tmp/chart"; }
is_static() { if readelf -lW "$1" 2>/dev/null | grep -q INTERP; then echo dynamic; else echo static; fi; }

{
echo "# minit benchmarks"
echo
echo "Measured by \`make bench\` on $(date -u +%Y-%m-%d): $(uname -sr), $(nproc) CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)."
echo "cgroups: $(if [ -e /sys/fs/cgroup/cgroup.controllers ]; then echo v2; elif [ -d /sys/fs/cgroup/unified ]; then echo hybrid; else echo v1; fi). Peers: $(for p in "${PEERS[@]}"; do printf '%s ' "$p"; done)$(have bwrap && echo bwrap) unshare."
echo "Contenders interleaved round-robin in each figure; medians; ratio = minit / peer (lower is better)."
echo
} > "$out"

# 1. size ------------------------------------------------------------------
say size
{
echo "## 1. Binary size"
echo
echo "| binary | bytes | linked | minit / it |"
echo "| --- | ---: | --- | ---: |"
ms=$(stat -c %s "$MINIT")
echo "| minit | $ms | $(is_static "$MINIT") | 1.00 |"
for p in "${PEERS[@]}"; do
	f=$(command -v "${INIT[$p]%% *}")
	s=$(stat -c %s "$f")
	echo "| $p ($(basename "$f")) | $s | $(is_static "$f") | $(ratio "$ms" "$s") |"
	rec "binary size" "$p" "$(ratio "$ms" "$s")"
done
echo
} >> "$out"

# 2, 3. idle RSS and wakeups ---------------------------------------------
say "idle RSS and wakeups (5 s)"
declare -A PID
for i in "${INITS[@]}"; do
	${INIT[$i]} "$PROBE" sleep inf >/dev/null 2>&1 &
	PID[$i]=$!
done
# Let each reach its wait (a benchmark, not a test: a fixed settle time).
sleep 1
cs() { awk '/ctxt_switches/ {n += $2} END {print n}' /proc/"$1"/status; }
declare -A CS0 RSS
for i in "${INITS[@]}"; do CS0[$i]=$(cs ${PID[$i]}); RSS[$i]=$(awk '/VmRSS/ {print $2}' /proc/${PID[$i]}/status); done
sleep 5
{
echo "## 2, 3. Idle: RSS and wakeups, with a sleeping child"
echo
echo "| init | VmRSS KiB | context switches in 5 s | RSS minit / it |"
echo "| --- | ---: | ---: | ---: |"
for i in "${INITS[@]}"; do
	w=$(( $(cs ${PID[$i]}) - ${CS0[$i]} ))
	echo "| $i | ${RSS[$i]} | $w | $(ratio "${RSS[minit]}" "${RSS[$i]}") |"
	[ "$i" = minit ] || rec "idle RSS" "$i" "$(ratio "${RSS[minit]}" "${RSS[$i]}")"
done
echo
} >> "$out"
for i in "${INITS[@]}"; do kill -TERM ${PID[$i]} 2>/dev/null; done
for i in "${INITS[@]}"; do wait ${PID[$i]} 2>/dev/null; done

# 4. per-launch overhead -------------------------------------------------
say "per-launch overhead ($ROUNDS rounds)"
args=(true /bin/true)
for i in "${INITS[@]}"; do args+=(:: "$i" ${INIT[$i]} /bin/true); done
"$T" "$ROUNDS" "${args[@]}" > "$tmp/launch"
base=$(awk '$1 == "true" {print $2}' "$tmp/launch")
mo=$(awk -v b="$base" '$1 == "minit" {printf "%.1f", $2 - b}' "$tmp/launch")
{
echo "## 4. Per-launch overhead: \`X -- /bin/true\` minus \`/bin/true\`, $ROUNDS rounds"
echo
echo "| init | median µs | overhead µs | minit / it |"
echo "| --- | ---: | ---: | ---: |"
echo "| /bin/true alone | $base | | |"
for i in "${INITS[@]}"; do
	o=$(awk -v b="$base" -v n="$i" '$1 == n {printf "%.1f", $2 - b}' "$tmp/launch")
	echo "| $i | $(awk -v n="$i" '$1 == n {print $2}' "$tmp/launch") | $o | $(ratio "$mo" "$o") |"
	[ "$i" = minit ] || rec "launch overhead" "$i" "$(ratio "$mo" "$o")"
done
echo
} >> "$out"

# 5. launcher --------------------------------------------------------------
say "launcher ($LROUNDS rounds each)"
launch() {  # launch NET(0|1) -> timeit lines
	local net=$1 f=pid,mount,uts,ipc mo="--pid --mount --uts --ipc" uo="--pid --mount-proc --uts --ipc" bo="--unshare-pid --unshare-uts --unshare-ipc"
	if [ "$net" = 1 ]; then f=$f,net; mo="$mo --net"; uo="$uo --net"; bo="$bo --unshare-net"; fi
	local a=(floor "$BENCH_BIN/floor" $f /bin/true)
	[ "$net" = 1 ] && a+=(:: floor+lo "$BENCH_BIN/floor" $f,lo /bin/true)
	a+=(:: floor+init "$BENCH_BIN/floor" $f,init$([ "$net" = 1 ] && echo ,lo) /bin/true)
	a+=(:: minit "$MINIT" $mo -- /bin/true :: unshare unshare --fork $uo /bin/true)
	have bwrap && a+=(:: bwrap bwrap $bo --dev-bind / / /bin/true)
	"$T" "$LROUNDS" "${a[@]}"
}
launch 0 > "$tmp/l0"; launch 1 > "$tmp/l1"
{
echo "## 5. Launcher: new pid, mount, uts, ipc namespaces (and net), run /bin/true, $LROUNDS rounds"
echo
echo "floor: bench/floor.c, one clone3 with the same flags and exec — no /proc, no init, no lo."
echo "unshare gets --mount-proc (as minit mounts /proc); bwrap brings lo up with --unshare-net, unshare does not."
echo
echo "| launcher | median µs | minit / it | with --net, median µs | minit / it |"
echo "| --- | ---: | ---: | ---: | ---: |"
m0=$(awk '$1 == "minit" {print $2}' "$tmp/l0"); m1=$(awk '$1 == "minit" {print $2}' "$tmp/l1")
for l in $(awk '$1 !~ /^floor\+/ {print $1}' "$tmp/l0"); do
	a=$(awk -v n="$l" '$1 == n {print $2}' "$tmp/l0"); b=$(awk -v n="$l" '$1 == n {print $2}' "$tmp/l1")
	echo "| $l | $a | $(ratio "$m0" "$a") | $b | $(ratio "$m1" "$b") |"
	case $l in unshare|bwrap) rec "launcher" "$l" "$(ratio "$m0" "$a")"
		rec "launcher --net" "$l" "$(ratio "$m1" "$b")";; esac
done
b=$(awk '$1 == "floor+lo" {print $2}' "$tmp/l1")
echo "| floor + lo up (one ioctl) | | | $b | $(ratio "$m1" "$b") |"
a=$(awk '$1 == "floor+init" {print $2}' "$tmp/l0"); b=$(awk '$1 == "floor+init" {print $2}' "$tmp/l1")
echo "| floor + /proc afresh + an init process (+ lo up) | $a | $(ratio "$m0" "$a") | $b | $(ratio "$m1" "$b") |"
echo
awk '$5 != 0 {print "failures: " $1 " " $5}' "$tmp/l0" "$tmp/l1"
} >> "$out"

# 6. reaping storm -----------------------------------------------------------
say "reaping storm ($STORM orphans x $STORM_ROUNDS)"
for r in $(seq "$STORM_ROUNDS"); do
	for i in "${INITS[@]}"; do
		unshare --pid --fork --mount-proc ${INIT[$i]} "$PROBE" storm "$STORM" 2>/dev/null |
			awk -v n="$i" '/^storm/ {print n, $4, $6}' >> "$tmp/storm"
	done
done
{
echo "## 6. Reaping storm: $STORM orphans released at once, the init as PID 1 of a PID namespace"
echo
echo "Time from the release until the init has no child left but the probe; $STORM_ROUNDS rounds."
echo
echo "| init | median ms | zombies left (max) | minit / it |"
echo "| --- | ---: | ---: | ---: |"
ms=$(awk '$1 == "minit" {print $2}' "$tmp/storm" | med)
for i in "${INITS[@]}"; do
	s=$(awk -v n="$i" '$1 == n {print $2}' "$tmp/storm" | med)
	z=$(awk -v n="$i" '$1 == n && $3 > m {m = $3} END {print m + 0}' "$tmp/storm")
	echo "| $i | $s | $z | $(ratio "$ms" "$s") |"
	[ "$i" = minit ] || rec "reaping storm" "$i" "$(ratio "$ms" "$s")"
done
echo
} >> "$out"

# 7. signal-forward latency ---------------------------------------------------
say "signal-forward latency"
for r in $(seq 9); do
	for i in "${INITS[@]}"; do
		echo "$i $("$BENCH_BIN/fwdlat" 200 "$PROBE" ${INIT[$i]} | awk '{print $1}')" >> "$tmp/fwd"
		echo "$i $(taskset -c 0 "$BENCH_BIN/fwdlat" 200 "$PROBE" ${INIT[$i]} | awk '{print $1}')" >> "$tmp/fwd1"
	done
done
{
echo "## 7. Signal-forward latency: kill(2) on the init to the child's handler"
echo
echo "9 rounds of 200 USR1, interleaved; the median of the round medians. On one CPU"
echo "(taskset -c 0) the init's own path counts; on two, mostly the scheduler's"
echo "placement. dumb-init puts the child in a session of its own (setsid), so"
echo "with sched_autogroup ($(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null || echo n/a) here) its child is in another task group"
echo "and preempts at once; minit and tini keep the caller's session, which"
echo "interactive job control needs."
echo
echo "| init | 2 CPUs, median µs | minit / it | 1 CPU, median µs | minit / it |"
echo "| --- | ---: | ---: | ---: | ---: |"
mf=$(awk '$1 == "minit" {print $2}' "$tmp/fwd" | med); mf1=$(awk '$1 == "minit" {print $2}' "$tmp/fwd1" | med)
for i in "${INITS[@]}"; do
	f=$(awk -v n="$i" '$1 == n {print $2}' "$tmp/fwd" | med)
	f1=$(awk -v n="$i" '$1 == n {print $2}' "$tmp/fwd1" | med)
	echo "| $i | $f | $(ratio "$mf" "$f") | $f1 | $(ratio "$mf1" "$f1") |"
	[ "$i" = minit ] || { rec "signal, 2 CPUs" "$i" "$(ratio "$mf" "$f")"
		rec "signal, 1 CPU" "$i" "$(ratio "$mf1" "$f1")"; }
done
echo
} >> "$out"

# 8. --mem ---------------------------------------------------------------------
say "--mem on this host"
mcg=$(awk '$3 == "cgroup" && $4 ~ /(^|,)memory(,|$)/ {print $2; exit}' /proc/self/mounts)
[ -z "$mcg" ] && mcg=/sys/fs/cgroup
mkdir -p "$mcg$cgp"
"$T" "$LROUNDS" plain "$MINIT" -- /bin/true :: mem "$MINIT" --mem 64M --cgroup-parent "$cgp" -- /bin/true \
	:: nop "$BENCH_BIN/cgfloor" :: cg "$BENCH_BIN/cgfloor" "$mcg$cgp/x" :: cgattach "$BENCH_BIN/cgfloor" "$mcg$cgp/x" attach > "$tmp/mem"
if [ -z "${BENCH_NO_VM:-}" ]; then
	say "--mem on cgroup v2 (qemu, TCG)"
	bash bench/vm.sh "$BENCH_BIN" 100 > "$tmp/memv2" 2>/dev/null
fi
row() {  # row LABEL FILE PREFIX-FIELD
	local f=$2 o=$3 p m n c a
	p=$(awk -v o="$o" '$o == "plain" {print $(o+1)}' "$f"); m=$(awk -v o="$o" '$o == "mem" {print $(o+1)}' "$f")
	n=$(awk -v o="$o" '$o == "nop" {print $(o+1)}' "$f"); c=$(awk -v o="$o" '$o == "cg" {print $(o+1)}' "$f")
	a=$(awk -v o="$o" '$o == "cgattach" {print $(o+1)}' "$f")
	c0=$(awk -v o="$o" '$o == "cl0" {print $(o+1)}' "$f"); c1=$(awk -v o="$o" '$o == "cl1" {print $(o+1)}' "$f")
	echo "| $1 | $p | $m | $(ratio "$m" "$p") | $(awk -v m="$m" -v p="$p" 'BEGIN {printf "%.0f", m - p}') | $(awk -v c="$c" -v n="$n" 'BEGIN {printf "%.0f", c - n}') | $(awk -v c="$a" -v n="$n" 'BEGIN {printf "%.0f", c - n}') | $([ -n "$c1" ] && ratio "$c1" "$c0" || echo n/a) |"
}
{
echo "## 8. A launch with \`--mem 64M\`: the cgroup's cost"
echo
echo "The kernel's own price, from bench/cgfloor.c: mkdir, write memory.max (v1: limit_in_bytes), rmdir;"
echo "and the same with a forked child moved in by pid, which is what v1 needs (no CLONE_INTO_CGROUP there)."
echo
echo "The last column is the kernel's floor for the ratio itself: bench/cgfloor.c starting /bin/true by clone3 into a"
echo "fresh limited group (mkdir, memory.max, CLONE_INTO_CGROUP, rmdir) against the same clone3 without a group."
echo
echo "| host | without, µs | with --mem, µs | with / without | minit's added µs | kernel: mkdir + limit + rmdir, µs | kernel: + attach a child, µs | kernel floor of with / without |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
row "this machine ($(if [ -d /sys/fs/cgroup/memory ]; then echo "v1 memory controller"; else echo v2; fi))" "$tmp/mem" 1
if [ -s "$tmp/memv2" ]; then
	row "qemu guest (TCG), pure v2, CLONE_INTO_CGROUP" "$tmp/memv2" 2
else
	echo "| qemu guest, pure v2 | not measured | | | | | | |"
fi
echo
awk '$5 != 0 {print "failures: " $1 " " $5}' "$tmp/mem"
} >> "$out"
rmdir "$mcg$cgp" 2>/dev/null

# 9. --root ---------------------------------------------------------------------
say "--root ($LROUNDS rounds)"
LROUNDS=$LROUNDS bash bench/rootfs.sh >> "$out"

# 10. networking --------------------------------------------------------------
say "networking: --veth, TCP over the veth and lo ($LROUNDS rounds)"
LROUNDS=$LROUNDS bash bench/net.sh >> "$out" || say "bench/net.sh failed"

# 11. seccomp ------------------------------------------------------------------
say "--seccomp: a filtered system call, a filtered launch"
LROUNDS=$LROUNDS bash bench/seccomp.sh >> "$out" || say "bench/seccomp.sh failed"

# The headline ratios as a chart next to results.md (bench/chart.sh).
chart=${out%.md}.svg
if have gnuplot && [ -s "$tmp/chart" ]; then
	bash bench/chart.sh "$tmp/chart" "$chart" "$(date -u +%Y-%m-%d), $(uname -r), $(nproc) CPUs" &&
		say "wrote $chart" || say "gnuplot failed: no chart"
else
	say "no gnuplot (apt-get install gnuplot-nox): no chart"
fi
say "wrote $out"
cat "$out"
