#!/bin/bash
# bench/vm.sh BENCH_BIN ROUNDS: the cost of --mem on pure cgroup v2, measured
# inside a qemu guest (TCG: absolute times are slow, the ratio is what
# counts). Prints the guest's timeit lines, prefixed "v2 ".
set -u
: "${MINIT:?}" "${PROBE:?}"
bin=$1 rounds=$2
. "$(dirname "$0")/../tests/vm/host.sh" >/dev/null || exit 1
cp "$bin/timeit" "$bin/cgfloor" "$R/bin/"
cat > "$R/bench.sh" <<EOS
mkdir -p /sys/fs/cgroup/minit-bench
echo +memory > /sys/fs/cgroup/cgroup.subtree_control
echo +memory > /sys/fs/cgroup/minit-bench/cgroup.subtree_control
echo "=== bench begin"
timeit $rounds plain minit -- /bin/true :: mem minit --mem 64M --cgroup-parent /minit-bench -- /bin/true :: nop cgfloor :: cg cgfloor /sys/fs/cgroup/minit-bench/x :: cgattach cgfloor /sys/fs/cgroup/minit-bench/x attach :: cl0 cgfloor - clone /bin/true :: cl1 cgfloor /sys/fs/cgroup/minit-bench/x clone /bin/true
echo "=== bench end"
EOS
vm_initrd
boot "$W/bench.log" /bin/sh /bench.sh
tr -d '\r' < "$W/bench.log" | sed -n '/=== bench begin/,/=== bench end/p' | grep -E '^(plain|mem|nop|cg|cgattach|cl0|cl1) ' | sed 's/^/v2 /'
