# Pure cgroup v2 (this VM mounts only the unified tree): limits, OOM
# report, CLONE_INTO_CGROUP, --stats, cleanup.
. /tests/lib.sh
P=/minit-vm-test
minit --cgroup-parent $P --mem 4M -- probe alloc 50 2>/tmp/err; rc=$?
is $rc 137 "v2 --mem 4M: 50 MB allocation killed, 137"
like "$(cat /tmp/err)" "^minit: out of memory: probe killed \(limit 4\.0M" "v2: the OOM kill is explained"
minit --cgroup-parent $P --mem 100M -- probe alloc 50 >/dev/null; is $? 0 "v2 --mem 100M: passes"
is "$(minit --cgroup-parent $P --pids 5 -- probe fork 10)" "forked 4" "v2 --pids 5: sixth fork fails"
is "$(minit --cgroup-parent $P --cpus 0.5 -- sh -c 'cat /sys/fs/cgroup$(cut -d: -f3 /proc/self/cgroup)/cpu.max')" "50000 100000" "v2 --cpus 0.5: cpu.max"
is "$(minit --cgroup-parent $P --mem 8M -- sh -c 'cat /sys/fs/cgroup$(cut -d: -f3 /proc/self/cgroup)/memory.swap.max')" 0 "v2: memory.swap.max 0"
like "$(minit -vv --cgroup-parent $P --mem 8M -- true 2>&1)" "CLONE_INTO_CGROUP" "v2: the child is born in its group (clone3 CLONE_INTO_CGROUP)"
like "$(minit --cgroup-parent $P --mem 8M -- cat /proc/self/cgroup)" "^0::$P/minit-[0-9]+$" "v2: the command runs in <parent>/minit-<pid>"
like "$(minit --cgroup-parent $P --pid --mem 4M -- probe alloc 50 2>&1)" "out of memory" "v2 --pid --mem: explained too"
like "$(minit --cgroup-parent $P --mem 64M --pids 50 --stats -- probe alloc 20 2>&1 >/dev/null)" "^minit: stats: status 0, wall .*peak memory 2[0-9]\.[0-9]M, peak tasks [0-9]+$" "v2 --stats"
minit -q --cgroup-parent $P --mem 64M -t 200ms -- probe sleep inf; is $? 124 "v2: timeout with --mem"
is "$(ls -d /sys/fs/cgroup$P/minit-* 2>/dev/null | wc -l)" 0 "v2: no run's group left"
minit --cgroup-parent $P --mem 0 -- true 2>/dev/null; is $? 125 "v2: bad size 125"
rmdir /sys/fs/cgroup$P; ok $? "the test's parent removed"
