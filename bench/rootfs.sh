#!/bin/bash
# bench/rootfs.sh: a launch into a root filesystem of its own, minit
# against bwrap and unshare, on a busybox root, /bin/true, interleaved
# (timeit). Appends section 9 to bench/results.md when run from run.sh;
# alone: BENCH_BIN=build/bench MINIT=./minit bash bench/rootfs.sh
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
: "${MINIT:=$top/minit}" "${BENCH_BIN:=$top/build/bench}" "${LROUNDS:=300}"
. "$top/tests/rootfs-lib.sh"
tmp=$(mktemp -d /tmp/minit-bench-rootfs.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
R=$tmp/root; chmod 755 "$tmp"; busybox_root "$R" || { echo "no busybox: section 9 not measured"; exit 0; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a != "") printf "%.2f", a / b; else print "n/a" }'; }
a=(minit-isolate "$MINIT" --root "$R" --isolate -- /bin/true)
command -v bwrap >/dev/null && a+=(:: bwrap bwrap --unshare-all --ro-bind "$R" / --proc /proc --dev /dev /bin/true)
a+=(:: minit-pid-mount "$MINIT" --root "$R" --pid --mount -- /bin/true)
a+=(:: unshare unshare --fork --pid --mount --mount-proc --root "$R" /bin/true)
a+=(:: chroot chroot "$R" /bin/true)
a+=(:: minit-overlay "$MINIT" --root "$R" --pid --mount --overlay -- /bin/true)
a+=(:: minit-user "$MINIT" --user --root "$R" --pid --mount -- /bin/true)
"$BENCH_BIN/timeit" "$LROUNDS" "${a[@]}" > "$tmp/t"
v() { awk -v n="$1" '$1 == n {print $2}' "$tmp/t"; }
echo "## 9. A root filesystem of its own: busybox root, /bin/true, $LROUNDS rounds"
echo
echo "minit --isolate: pid, mount, uts, ipc, net, cgroup namespaces, lo up, pivot_root, /proc with its masks,"
echo "/dev, /sys. unshare --root only chroots; chroot is the floor of any launch into R."
echo
echo "| launch | median µs | p10 µs | p90 µs | ratio |"
echo "| --- | ---: | ---: | ---: | --- |"
row() { echo "| $1 | $(v "$2") | $(awk -v n="$2" '$1 == n {print $3}' "$tmp/t") | $(awk -v n="$2" '$1 == n {print $4}' "$tmp/t") | $3 |"; }
row "\`minit --root R --isolate\`" minit-isolate "$(ratio "$(v minit-isolate)" "$(v bwrap)") × bwrap"
row "\`bwrap --unshare-all --ro-bind R / --proc /proc --dev /dev\`" bwrap ""
row "\`minit --root R --pid --mount\`" minit-pid-mount "$(ratio "$(v minit-pid-mount)" "$(v unshare)") × unshare"
row "\`unshare --fork --pid --mount --mount-proc --root R\`" unshare ""
row "\`chroot R\`" chroot ""
row "\`minit --root R --pid --mount --overlay\`" minit-overlay "+$(awk -v a="$(v minit-overlay)" -v b="$(v minit-pid-mount)" 'BEGIN {printf "%.0f", a - b}') µs for the overlay"
row "\`minit --user --root R --pid --mount\`" minit-user "+$(awk -v a="$(v minit-user)" -v b="$(v minit-pid-mount)" 'BEGIN {printf "%.0f", a - b}') µs for the user namespace"
echo
awk '$5 != 0 {print "failures: " $1 " " $5}' "$tmp/t"
