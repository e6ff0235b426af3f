#!/bin/bash
# --mem, --cpus, --pids, --stats on this host's cgroups (v1, v2 or hybrid):
# an OOM kill is 137 and explained, limits are what was asked, bad values
# create nothing, and no group of a run is left.
. "$(dirname "$0")/lib.sh"
need_root
P=$CGT-cg
CLEANUP="cg_rm $P; $CLEANUP"
# Every hierarchy minit may use: v1 controller mounts and the v2 tree.
hier=$CG_HIER
[ -n "$hier" ] || skip_all "no cgroup hierarchy mounted"
# leftovers [SUB]: the run groups left under $P (or $P/SUB). Each path
# whose cleanup is checked runs under a parent of its own, checked right
# after: a later run's sweep of dead minits' groups cannot hide a leak.
leftovers() { for h in $hier; do ls -d "$h$P${1:+/$1}"/minit-* 2>/dev/null; done | wc -l; }

"$MINIT" --cgroup-parent $P/oom --mem 4M -- "$PROBE" alloc 50 2>"$TMP/err"; rc=$?
is $rc 137 "--mem 4M: a 50 MB allocation is killed, 137"
like "$(cat "$TMP/err")" "^minit: out of memory: .*probe killed \(limit 4\.0M, peak [0-9.]+[KM]\)$" "and minit says so in one line"
is "$(leftovers oom)" 0 "... no group left after the OOM kill"
"$MINIT" -vv --cgroup-parent $P --mem 64M --pids 10 -- true 2>"$TMP/err"
like "$(cat "$TMP/err")" "minit: cgroup: /.*$P/minit-[^/]+/memory\.(limit_in_bytes|max) = 67108864" "-vv: the memory limit written, with its path"
like "$(cat "$TMP/err")" "minit: cgroup: /.*$P/minit-[^/]+/pids\.max = 10" "-vv: the task limit written"
"$MINIT" --cgroup-parent $P/exit --mem 100M -- "$PROBE" alloc 50 >/dev/null 2>"$TMP/err"; rc=$?
is "$rc:$(cat "$TMP/err")" "0:" "--mem 100M lets it pass, silently"
is "$(leftovers exit)" 0 "... no group left after it exits"
"$MINIT" --cgroup-parent $P/pidoom --pid --mem 4M -- "$PROBE" alloc 50 2>"$TMP/err"; rc=$?
is $rc 137 "--pid --mem 4M: 137 through the namespace init"
like "$(cat "$TMP/err")" "out of memory" "... explained too"
is "$(leftovers pidoom)" 0 "... no group left"
# Bug 22 of issue 12: the OOM line counts what died, once each, and names
# the limit that fired. Orphans that ignore TERM die by the OOM killer
# alone; minit reaps all three (the exec'd probe and its two orphans).
"$MINIT" --cgroup-parent $P/oom3 --mem 8M -- sh -c '(trap "" TERM; exec "$0" alloc 30) & (trap "" TERM; exec "$0" alloc 30) & exec "$0" alloc 30' "$PROBE" 2>"$TMP/err"; rc=$?
like "$rc:$(cat "$TMP/err")" "^137:minit: out of memory: sh and 2 more killed \(limit 8\.0M, peak [0-9.]+[KM]\)$" "OOM: the command and its 2 orphans killed, counted once each"
is "$(leftovers oom3)" 0 "... no group left"
# What minit kills itself at the grace period's end is not the OOM's: an
# orphan that ignores TERM gets KILL, and is not counted.
"$MINIT" --cgroup-parent $P --mem 8M -G 200ms -- sh -c '(trap "" TERM; exec "$0" sleep inf) & exec "$0" alloc 50' "$PROBE" 2>"$TMP/err"; rc=$?
like "$rc:$(cat "$TMP/err")" "^137:minit: out of memory: sh killed \(limit 8\.0M" "OOM: an orphan KILLed at the grace's end is not counted"
# Victims their own parent reaps are not seen by minit: the kernel's
# count (v1: each group's own oom_kill, summed over the subtree).
v1mem=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print "v1"}' /proc/self/cgroup)
if [ -n "$v1mem" ]; then
	"$MINIT" --cgroup-parent $P --mem 8M -- sh -c '"$0" alloc 30 & "$0" alloc 30 & wait' "$PROBE" 2>"$TMP/err"; rc=$?
	like "$rc:$(cat "$TMP/err")" "^0:minit: out of memory: 2 processes under sh killed \(limit 8\.0M" "v1 OOM: two victims sh reaped: the kernel's count, 2"
else
	"$MINIT" --cgroup-parent $P --mem 8M -- sh -c '"$0" alloc 30 & "$0" alloc 30 & wait' "$PROBE" 2>"$TMP/err"; rc=$?
	like "$rc:$(cat "$TMP/err")" "^137:minit: out of memory: sh and 2 more killed \(limit 8\.0M" "v2 OOM: the group killed, sh and its 2 children"
fi
# The command's own sub-group with a smaller limit: that one is named.
"$MINIT" --cgroup-parent $P/oomsub --mem 64M -- sh -c '
	g=$(awk -F: "\$2 ~ /(^|,)memory(,|$)/ || \$1 == 0 {print \$3}" /proc/self/cgroup | head -1)
	for h in '"$(echo $hier)"'; do [ -f "$h$g/memory.limit_in_bytes" ] || [ -f "$h$g/memory.max" ] && break; done
	mkdir "$h$g/small" && echo $$ > "$h$g/small/cgroup.procs" || exit 99
	if [ -f "$h$g/memory.max" ]; then echo +memory > "$h$g/cgroup.subtree_control"; echo 4M > "$h$g/small/memory.max"
	else echo 4M > "$h$g/small/memory.limit_in_bytes"; fi
	exec "$0" alloc 50' "$PROBE" 2>"$TMP/err"; rc=$?
like "$rc:$(cat "$TMP/err")" "^137:minit: out of memory: sh killed \(limit 4\.0M in small, peak [0-9.]+[KM]\)$" "OOM in the command's own sub-group: its smaller limit is named"
is "$(leftovers oomsub)" 0 "... the run's group and the sub-group removed"
# Swap is no way around it: where memsw exists it equals the limit.
"$MINIT" --cgroup-parent $P --mem 8M -- sh -c 'for h in '"$(echo $hier)"'; do
	g=$(awk -F: "\$2 ~ /(^|,)memory(,|$)/ {print \$3}" /proc/self/cgroup)
	[ -f "$h$g/memory.memsw.limit_in_bytes" ] && cat "$h$g/memory.memsw.limit_in_bytes"
	[ -f "$h$g/memory.swap.max" ] && cat "$h$g/memory.swap.max"; done; true' > "$TMP/swap"
like "$(cat "$TMP/swap")" '^(8388608|0)$' "swap limited (memsw = limit on v1, swap.max = 0 on v2)"

is "$("$MINIT" --cgroup-parent $P/pids --pids 5 -- "$PROBE" fork 10 2>"$TMP/err")" "forked 4" "--pids 5: the sixth task cannot fork"
is "$(leftovers pids)" 0 "... no group left after the task limit was hit"
like "$(cat "$TMP/err")" '^minit: task limit: [0-9]+ forks? refused under .*probe \(limit 5\)$' "... and minit says so in one line, from pids.events"
"$MINIT" --cgroup-parent $P --pids 5 -- "$PROBE" fork 3 >/dev/null 2>"$TMP/err"; is "$(cat "$TMP/err")" "" "under the limit: silent"
# --pids N is N tasks for the command: with --pid minit counts its own
# namespace init on top.
is "$("$MINIT" --cgroup-parent $P --pid --pids 5 -- "$PROBE" fork 10 2>/dev/null)" "forked 4" "--pid --pids 5: the same five tasks for the command"
"$MINIT" --cgroup-parent $P --pid --pids 1 -- true; is $? 0 "--pid --pids 1: the command alone runs"
quota=$("$MINIT" --cgroup-parent $P --cpus 0.5 -- sh -c '
	v1=$(awk -F: "\$2 ~ /(^|,)cpu(,|$)/ {print \$3}" /proc/self/cgroup)
	for h in '"$(echo $hier)"'; do
		[ -f "$h$v1/cpu.cfs_quota_us" ] && { cat "$h$v1/cpu.cfs_period_us" "$h$v1/cpu.cfs_quota_us" | tr "\n" " "; exit; }
	done
	v2=$(awk -F: "\$1 == 0 {print \$3}" /proc/self/cgroup)
	for h in '"$(echo $hier)"'; do [ -f "$h$v2/cpu.max" ] && cat "$h$v2/cpu.max"; done')
like "$quota" '^(100000 50000 |50000 100000)$' "--cpus 0.5: quota is half the period"
# Docker's spelling, --cpus=.5, and the kernel's smallest quota, 0.01.
memlim() {  # memlim ARGS...: the memory limit file minit wrote for ARGS
	"$MINIT" --cgroup-parent $P "$@" -- sh -c '
	g=$(awk -F: "\$2 ~ /(^|,)memory(,|$)/ || \$1 == 0 {print \$3}" /proc/self/cgroup | head -1)
	for h in '"$(echo $hier)"'; do
		for f in memory.limit_in_bytes memory.max; do [ -f "$h$g/$f" ] && cat "$h$g/$f"; done
	done; true'
}
quota=$("$MINIT" --cgroup-parent $P --cpus=.5 -- sh -c 'cat /sys/fs/cgroup/cpu*/$(awk -F: "\$2 ~ /(^|,)cpu(,|$)/ {print \$3}" /proc/self/cgroup)/cpu.cfs_quota_us 2>/dev/null ||
	cat /sys/fs/cgroup/$(awk -F: "\$1 == 0 {print \$3}" /proc/self/cgroup)/cpu.max' | head -1)
like "$quota" '^(50000|50000 100000)$' "--cpus=.5: accepted, half the period"
"$MINIT" --cgroup-parent $P --cpus 0.01 -- true; is $? 0 "--cpus 0.01: the kernel's minimum, accepted"
is "$(memlim --mem 1.5G)" 1610612736 "--mem 1.5G: a decimal size"
is "$(memlim --mem 10000001)" 10002432 "--mem 10000001: rounded up to whole pages"
is "$(memlim --mem 2M)" 2097152 "--mem 2M: the minimum is accepted"
"$MINIT" --cgroup-parent $P --mem 2M -- sh -c 'ls / > /dev/null'; is $? 0 "... and runs a shell and ls"
if [ -n "${MINIT_SAN:-}" ]; then san_skip_one "the namespace's init is the ASan minit: more than 2M"
else "$MINIT" --cgroup-parent $P --mem 2M --pid -- sh -c 'ls / > /dev/null'; is $? 0 "... under --pid too"; fi

"$MINIT" --cgroup-parent $P --mem 64M --pids 50 --stats -- "$PROBE" alloc 20 >/dev/null 2>"$TMP/err"
like "$(cat "$TMP/err")" '^minit: stats: status 0, wall [0-9]+\.[0-9]{3}s, user [0-9]+\.[0-9]{3}s, sys [0-9]+\.[0-9]{3}s, peak memory '"$([ -n "${MINIT_SAN:-}" ] && echo '[0-9]+' || echo '2[0-9]')"'\.[0-9]M, peak tasks [0-9]+$' "--stats: one line, peak memory about 20M (ASan's probe: more)"
"$MINIT" --cgroup-parent $P/stats --stats -- "$PROBE" alloc 10 >/dev/null 2>"$TMP/err"
# (under SAN=1 the probe's LeakSanitizer starts a tracer task at exit)
like "$(cat "$TMP/err")" "^minit: stats: status 0, .*peak memory [0-9.]+[KM], peak tasks $([ -n "${MINIT_SAN:-}" ] && echo '[12]' || echo 1)\$" "--stats alone: peak memory from getrusage, peak tasks from a pids group of its own"
is "$(leftovers stats)" 0 "... that group is removed too"
"$MINIT" --cgroup-parent $P --stats --pid -- sh -c '"$0" fork 3 > /dev/null' "$PROBE" 2>"$TMP/err"
like "$(cat "$TMP/err")" '^minit: stats: status 0, .*peak tasks 5$' "--stats --pid: sh, the probe and 3 children; the namespace's minit not counted"
nobody() { setpriv --reuid 65534 --regid 65534 --clear-groups "$@"; }
nobody "$MINIT" --stats -- true 2>"$TMP/err"
like "$(cat "$TMP/err")" '^minit: stats: status 0, .*, peak tasks n/a$' "--stats, not root: no group, no failure"
nobody "$MINIT" --cgroup-parent $P-nobody --mem 64M -- true 2>"$TMP/err"
like "$?:$(cat "$TMP/err")" "^125:minit: --mem: cannot create /.*$P-nobody: Permission denied \\(not root: run as root, or give --cgroup-parent a group delegated to you\\)$" \
	"--mem, not root: 125, one line saying what to do"

is "$(leftovers)" 0 "no run's group is left"
before=$(for h in $hier; do ls -d "$h$P"/* 2>/dev/null; done | wc -l)
for bad in "--mem 0" "--mem -1" "--mem 4X" "--mem 1K" "--mem 1.5" "--pids 0" "--pids -3" "--pids 5x" \
	"--cpus 0" "--cpus -1" "--cpus abc" "--cpus 0.001" "--cgroup-parent relative" "--cgroup-parent /a/../b"; do
	"$MINIT" --cgroup-parent $P/bad $bad -- true 2>"$TMP/err"; rc=$?
	is "$rc:$(wc -l < "$TMP/err")" "125:1" "$bad: 125, one line"
done
ok $(for h in $hier; do [ -e "$h$P/bad" ] && echo x; done | grep -q x; [ $? -ne 0 ]; echo $?) "bad values create no cgroup"

# A group left by a minit killed with SIGKILL is swept by the next run.
"$MINIT" --cgroup-parent $P --mem 64M -- "$PROBE" sleep inf & m=$!
poll 10 has_children $m
c=$(children $m)
kill -KILL $m; wait $m 2>/dev/null; kill -KILL $c; poll 10 gone $c
is "$(leftovers)" 1 "a SIGKILLed minit leaves its group"
"$MINIT" --cgroup-parent $P --mem 64M -- true
is "$(leftovers)" 0 "the next run removes it"

# Cleanup on the other paths: timeout, a signal to minit.
"$MINIT" -q --cgroup-parent $P/timeout --mem 64M -t 200ms -- "$PROBE" sleep inf; is $? 124 "timeout with --mem: 124"
is "$(leftovers timeout)" 0 "no group left after a timeout"
"$MINIT" --cgroup-parent $P/term --mem 64M -- "$PROBE" sleep inf & m=$!
poll 10 has_children $m; ok $? "TERM to minit: its command started"
kill -TERM $m; wait $m
is "$(leftovers term)" 0 "no group left after a TERM"

# A process in the run's v1 groups that is not the command's descendant
# (moved there from outside; no children list leads to it): minit kills
# it by the group's cgroup.procs at the end, and the groups go. (v2's
# cgroup.kill would do it alone, so only the v1 hierarchies get it.)
v1=$(awk '{for (i = 1; i <= NF; i++) if ($i == "-") { if ($(i+1) == "cgroup") print $5; break }}' /proc/self/mountinfo)
if [ -n "$v1" ]; then
	"$MINIT" --cgroup-parent $P/foreign --mem 64M --pids 50 -- sh -c '
		echo up > "$0"; i=0
		while [ ! -e "$1" ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i + 1)); done' \
		"$TMP/up" "$TMP/go" & m=$!
	poll 10 test -s "$TMP/up"
	sh -c '"$0" sleep inf > /dev/null & echo $! > "$1"' "$PROBE" "$TMP/fpid"	# not ours to reap
	f=$(cat "$TMP/fpid")
	# Gone before the groups are removed, whatever the checks found.
	CLEANUP="kill -KILL $f 2>/dev/null; poll 10 gone $f; $CLEANUP"
	n=0
	for h in $v1; do
		for g in "$h$P"/foreign/minit-*; do
			[ -f "$g/cgroup.procs" ] && echo "$f" > "$g/cgroup.procs" && n=$((n + 1))
		done
	done
	ok $([ $n -gt 0 ]; echo $?) "a foreign process joins the run's v1 groups ($n)"
	touch "$TMP/go"; wait $m; rc=$?
	is $rc 0 "... the command's status"
	poll 10 gone $f; ok $? "... minit killed it at the end"
	is "$(leftovers foreign)" 0 "... and no group is left"
else
	skip_one "no cgroup v1 hierarchy here"
fi
done_testing
