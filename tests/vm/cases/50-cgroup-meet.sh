# Pure cgroup v2 where runs meet: minits in different PID namespaces under
# one parent, a container whose cgroup namespace root holds its init, a
# parent that holds processes, a delegated subtree for a non-root user
# after a root run, a command that makes groups of its own.
. /tests/lib.sh
CG=/sys/fs/cgroup
P=/h12b-meet
mkdir -p /tmp/h12b

# Bug 9, scaled to TCG: plain runs beside a loop of minits that are PID 2
# of their own PID namespace (their sweeps used to judge the plain runs'
# pids from inside it).
N=150
( while [ ! -e /tmp/h12b/stop ]; do minit --pid -- minit --mem 16M --cgroup-parent $P -- true || echo x; done > /tmp/h12b/nsfail 2>&1 ) &
loop=$!
fails=0; i=0
while [ $i -lt $N ]; do
	minit --mem 16M --cgroup-parent $P -- true 2>>/tmp/h12b/plainerr || fails=$((fails + 1))
	i=$((i + 1))
done
touch /tmp/h12b/stop; wait $loop
is "$fails:$(head -2 /tmp/h12b/plainerr)" "0:" "v2: $N plain --mem runs beside a PID-namespaced loop: 0 failures"
is "$(head -2 /tmp/h12b/nsfail)" "" "v2: the PID-namespaced runs failed none either"
like "$(minit --pid -- minit --mem 16M --cgroup-parent $P -- cat /proc/self/cgroup)" "^0::$P/minit-2-[0-9]+$" "v2: a PID-namespaced run's group names its PID namespace"
is "$(ls -d $CG$P/minit-* 2>/dev/null | wc -l)" 0 "v2: no group left"

# Bug 11: the command makes groups of its own (as systemd does: itself
# into a leaf, a worker into a nested group); all go, depth first.
out=$(minit --mem 16M --cgroup-parent $P -- sh -c 'g=/sys/fs/cgroup$(cut -d: -f3 /proc/self/cgroup)
	mkdir -p $g/init $g/a/b && echo $$ > $g/init/cgroup.procs && echo "+memory" > $g/cgroup.subtree_control &&
	echo "+memory" > $g/a/cgroup.subtree_control && { sleep 1000 & echo $! > $g/a/b/cgroup.procs; } && echo made' 2>&1)
is "$out" made "v2: a command that made nested groups and left a process in one: no message"
is "$(ls -d $CG$P/minit-* 2>/dev/null | wc -l)" 0 "v2: its group is removed, nested groups and all"

# --cgroupns on v2: born inside, the command sees its group as /.
is "$(minit --cgroupns --mem 16M --cgroup-parent $P -- cat /proc/self/cgroup)" "0::/" "v2 --cgroupns --mem: the command's group is /"

# Bug 19: a parent that holds processes is refused, and left as found.
B=$CG/h12b-busy
mkdir $B; sleep 1000 & s=$!; echo $s > $B/cgroup.procs
minit --cgroup-parent /h12b-busy --pids 5 -- true 2>/tmp/h12b/err; rc=$?
like "$rc:$(cat /tmp/h12b/err)" "^125:minit: --pids: $B holds processes" "v2: --pids under a parent holding processes: 125, said so"
is "$(cat $B/cgroup.type):$(cat $B/cgroup.subtree_control)" "domain:" "v2: that parent is left a domain, nothing enabled"
minit --cgroup-parent /h12b-busy2 --pids 5 --cpus 1 -- true; is $? 0 "v2: a sibling parent still takes a run"
kill $s; wait $s 2>/dev/null
rmdir $B $CG/h12b-busy2

# Bug 18: a container's init in its cgroup namespace root (Docker, Podman
# with --cgroupns=private): an outer minit makes the container (its group,
# a cgroup namespace rooted there, cgroup2 mounted afresh); the init
# inside is alone in the root, so it moves itself into a leaf before it
# enables memory (and back at its end: checked in the delegated case).
ctr() { minit --cgroupns --mount --mem 256M --cgroup-parent /h12b-ctr -- sh -c 'umount -l /sys/fs/cgroup && mount -t cgroup2 none /sys/fs/cgroup && exec "$@"' sh "$@"; }
out=$(ctr minit --mem 8M -- cat /proc/self/cgroup 2>&1); rc=$?
like "$rc $out" "^0 0::/minit/minit-[0-9]+$" "v2 container: --mem with the init alone in the namespace root"
out=$(ctr minit --mem 8M --cgroup-parent /sub -- cat /proc/self/cgroup 2>&1); rc=$?
like "$rc $out" "^0 0::/sub/minit-[0-9]+$" "v2 container: ... and with --cgroup-parent"
out=$(ctr minit --mem 4M -- probe alloc 50 2>&1); rc=$?
like "$rc $out" "^137 minit: out of memory: probe killed" "v2 container: an OOM kill is 137, explained"
rmdir $CG/h12b-ctr

# Bug 20/21: a delegated subtree for a non-root user, after a root run
# made a root-owned /minit: the user's run falls back to its own group.
minit --mem 8M -- true
D=$CG/h12b-user
mkdir $D; chown 65534:65534 $D $D/cgroup.procs $D/cgroup.subtree_control $D/cgroup.threads
mkdir $D/minit-leaf-99999; chown 65534 $D/minit-leaf-99999
user() { sh -c 'echo $$ > "$0"/cgroup.procs; exec probe as 65534 "$@"' "$D" "$@"; }
like "$(user minit --mem 8M -- cat /proc/self/cgroup 2>&1)" "^0::/h12b-user/minit-[0-9]+$" "v2 delegated: a non-root run after a root run uses its own group"
is "$(ls -d $D/minit-* 2>/dev/null | wc -l):$(cat $D/cgroup.subtree_control)" "0:" "v2 delegated: no group and no leaf left (a stale one swept), the group's controllers as found"
# The same user with only its subtree mounted at /sys/fs/cgroup (mount
# root /h12b-user): its own group is found through the mount's root.
out=$(sh -c 'echo $$ > "$0"/cgroup.procs; exec unshare -m sh -c "mount --bind \"\$0\" /sys/fs/cgroup && exec probe as 65534 minit --mem 8M -- cat /proc/self/cgroup" "$0"' "$D" 2>&1)
like "$out" "^0::/h12b-user/minit/minit-[0-9]+$" "v2: a cgroup2 mount of a subtree (mount root not /): the run's group where it should be"
rmdir $D/minit 2>/dev/null
is "$(ls -d $D/minit* 2>/dev/null | wc -l):$(cat $D/cgroup.subtree_control)" "0:" "v2: ... and nothing left in it"
rmdir $D

# Bug 23: the host's cgroup2 mount seen from inside a cgroup namespace
# (mount root /..): minit makes nothing outside the namespace.
out=$(minit --cgroupns --mem 64M --cgroup-parent /h12b-ns -- minit --mem 8M --cgroup-parent /h12b-esc -- true 2>&1); rc=$?
ok $([ $rc = 125 ] && [ ! -e $CG/h12b-esc ]; echo $?) "v2: a cgroup2 mount above the cgroup namespace is not used (125, nothing made outside)"
rmdir $CG/h12b-ns $CG/h12b-esc 2>/dev/null
rmdir $CG$P; ok $? "the test's parent removed"
