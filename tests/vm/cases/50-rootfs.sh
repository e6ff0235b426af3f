# --root in the VM: from an initramfs (the rootfs, which pivot_root
# cannot leave by itself), and on pure cgroup v2 the run's own group at
# /sys/fs/cgroup, read-only, in a cgroup namespace.
. /tests/lib.sh
P=/minit-vm-root
R=/tmp/vmroot
mkdir -p $R/bin $R/proc $R/dev $R/sys $R/etc $R/tmp
cp /bin/busybox $R/bin/busybox
for a in sh cat ls echo; do ln -s busybox $R/bin/$a; done
echo marker > /host-marker
is "$(minit --root $R --pid -- /bin/ls /)" "$(ls $R)" "vm --root from the initramfs: ls / is the image's"
is "$(minit --root $R --pid -- /bin/sh -c 'cat /host-marker; cd /; cd ..; ls' 2>/dev/null)" "$(ls $R)" "vm --root: the initramfs is out of reach"
out=$(minit --root $R --isolate --mem 64M --pids 20 --cgroup-parent $P -- /bin/sh -c \
    'cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max /proc/self/cgroup; echo 1 > /sys/fs/cgroup/memory.max' 2>&1 | tr '\n' ' ')
like "$out" "^67108864 21 0::/ .*Read-only" "vm v2 --root --mem: memory.max and pids.max inside, /proc/self/cgroup is /, read-only"
is "$(grep -c " $R" /proc/self/mountinfo)" 0 "vm --root: no mount left"
rmdir /sys/fs/cgroup$P; ok $? "the test's parent removed"
