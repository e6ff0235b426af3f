#!/bin/bash
# Exhaustion: a full descriptor table or a task limit before the command
# starts is one line and 125, nothing left; once it runs, minit goes on
# serving as init while its command runs into the same limits.
. "$(dirname "$0")/lib.sh"
need_root

mark=MINIT_EXHMARK=$$
marked() { grep -qsa "$mark" /proc/[0-9]*/environ; }

# The fd table: stdin, stdout, stderr and nothing more.
(ulimit -n 3; export "$mark"; exec "$MINIT" -- "$PROBE" exit 0) 2>"$TMP/err"; rc=$?
if [ -n "${MINIT_SAN:-}" ]; then
	san_skip_one "fd table full: a dynamic binary cannot open its libraries with 3 fds"
	san_skip_one "... saying what is full (the same)"
else
	is "$rc:$(wc -l < "$TMP/err")" "125:1" "fd table full: 125, one line"
	like "$(cat "$TMP/err")" "^minit: pipe: Too many open files" "... saying what is full"
fi
marked; ok $((!$?)) "... no process left"

# A task limit: a pids cgroup of the test's own, with room for one task
# (the shell that becomes minit).
pids=$(awk '$3 == "cgroup" && $4 ~ /(^|,)pids(,|$)/ {print $2; exit}' /proc/self/mounts)
[ -z "$pids" ] && [ -e /sys/fs/cgroup/cgroup.controllers ] && grep -qw pids /sys/fs/cgroup/cgroup.controllers &&
	grep -qw pids /sys/fs/cgroup/cgroup.subtree_control && pids=/sys/fs/cgroup
if [ -z "$pids" ]; then
	skip_one "no pids controller to make a task limit with"
	done_testing; exit
fi
cg=$pids$CGT-exh
CLEANUP="cg_rm $CGT-exh; $CLEANUP"
mkdir "$cg"
in_cg() {  # in_cg MAX CMD...: run CMD in the group limited to MAX tasks
	local max=$1; shift
	echo "$max" > "$cg/pids.max"
	( echo $BASHPID > "$cg/cgroup.procs" && exec "$@" )
}
in_cg 1 env "$mark" "${SAN_NOLEAK[@]}" "$MINIT" -- "$PROBE" exit 0 2>"$TMP/err"; rc=$?
is "$rc:$(wc -l < "$TMP/err")" "125:1" "fork refused (pids.max 1): 125, one line"
like "$(cat "$TMP/err")" "^minit: clone: Resource temporarily unavailable \(the task limit" "... naming the task limit"
marked; ok $((!$?)) "... no process left"
in_cg 1 env "$mark" "${SAN_NOLEAK[@]}" "$MINIT" --pid --net -- "$PROBE" exit 0 2>"$TMP/err"
is "$?:$(wc -l < "$TMP/err")" "125:1" "the same with namespaces"

# Started: the command hits the limit, minit keeps serving.
in_cg 4 env "$mark" "$MINIT" -- "$PROBE" fork 100 >"$TMP/out" 2>/dev/null; rc=$?
is "$rc" 0 "the command forks until refused; its status passes"
like "$(cat "$TMP/out")" "^forked [12]$" "... it was refused for real"
: > "$TMP/sig"
echo 4 > "$cg/pids.max"
( echo $BASHPID > "$cg/cgroup.procs" &&
  exec env "$mark" "$MINIT" -- sh -c '"$0" fork 100 >/dev/null; exec "$0" sigwait "$1"' "$PROBE" "$TMP/sig" ) &
m=$!
poll 10 grep -q ready "$TMP/sig"; ok $? "after the limit was hit, the command runs on"
kill -USR1 $m; poll 10 grep -qx 10 "$TMP/sig"; ok $? "... and minit still forwards signals"
kill -TERM $m; wait $m; is $? 0 "... and passes the status on"
# 3000 orphans under pids.max 500: unreaped zombies count against the
# limit, so without reaping the probe's forks fail after 500; with it,
# minit would have to fall 500 orphans behind.
in_cg 500 env "$mark" "$MINIT" -- "$PROBE" zombies 3000
ok $? "3000 orphans under a 500-task limit: reaped as they come"
marked; ok $((!$?)) "nothing left running"
done_testing
