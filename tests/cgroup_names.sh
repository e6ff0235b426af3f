#!/bin/bash
# The run's group where minits meet: names unique across PID namespaces,
# a stale sweep that never removes a live run's group (the review's
# reproduction: 600 runs beside a PID-namespaced loop), groups the command
# made inside its own removed depth first, mountinfo paths with escapes
# and a mountinfo of more than 64 KiB, --cgroupns on v1 showing "/".
. "$(dirname "$0")/lib.sh"
need_root
P=$CGT-names
CLEANUP="cg_rm $P; $CLEANUP"
mem=$(awk '{for (i = 1; i <= NF; i++) if ($i == "-") { if ($(i+1) == "cgroup" && $(i+3) ~ /(^|,)memory(,|$)/) print $5; break }}' /proc/self/mountinfo | head -1)
v2=$(awk '{for (i = 1; i <= NF; i++) if ($i == "-") { if ($(i+1) == "cgroup2") print $5; break }}' /proc/self/mountinfo | head -1)
# This script runs where memory is a v1 hierarchy (make test, hybrid);
# tests/vm/cases/50-cgroup-meet.sh runs the v2 side in the VM.
[ -n "$mem" ] || skip_all "no cgroup v1 memory hierarchy (the VM suite covers v2)"
G=$mem$P
groups() { ls -d "$G"/minit-* 2>/dev/null | wc -l; }

# Bug 9: every minit that is PID 1 of a namespace has pid 1.
mkdir -p "$TMP/go"
for i in 1 2; do
	unshare --pid --fork "$MINIT" --mem 16M --cgroup-parent $P -- sh -c "readlink /proc/self/ns/pid > $TMP/ns$i; cat /proc/self/cgroup > $TMP/cg$i; while [ ! -e $TMP/go/now ]; do sleep 0.01; done" 2>"$TMP/err$i" &
done
poll 10 eval '[ -s $TMP/cg1 ] && [ -s $TMP/cg2 ]'
touch "$TMP/go/now"; wait
is "$(cat "$TMP/err1" "$TMP/err2")" "" "two PID-namespaced minits under one parent at once: no error"
c1=$(grep memory "$TMP/cg1"); c2=$(grep memory "$TMP/cg2")
# Exactly minit-1-<inode>: a clash would also be survived by the -2
# suffix make_group appends, so a looser match would not see names lose
# the namespace.
n1=$(sed 's/[^0-9]//g' "$TMP/ns1"); n2=$(sed 's/[^0-9]//g' "$TMP/ns2")
is "${c1#*:memory:}" "$P/minit-1-$n1" "a PID-namespaced run's group is named by pid and PID namespace (1)"
is "${c2#*:memory:}" "$P/minit-1-$n2" "... (2)"
ok $([ -n "$c1" ] && [ "$c1" != "$c2" ]; echo $?) "... so the two differ"
like "$("$MINIT" --mem 16M --cgroup-parent $P -- cat /proc/self/cgroup | grep memory)" ":$P/minit-[0-9]+$" "in the initial PID namespace: minit-<pid>"
is "$(groups)" 0 "no group left"

# The review's reproduction: plain runs beside a PID-namespaced loop under
# one parent; the namespaced minits' sweeps used to remove the plain runs'
# groups between mkdir and attach (34 of 600 failed).
N=${H12B_STRESS:-600}
[ -z "${MINIT_SAN:-}" ] || N=${H12B_STRESS:-50}	# ASan's start-up is ~10x: memory checks, not the race (600 plain runs)
( while [ ! -e "$TMP/stop" ]; do unshare --pid --fork "$MINIT" --mem 16M --cgroup-parent $P -- true || echo x; done > "$TMP/nsfail" 2>&1 ) &
loop=$!
fails=0
for i in $(seq "$N"); do
	"$MINIT" --mem 16M --cgroup-parent $P -- true 2>>"$TMP/plainerr" || fails=$((fails + 1))
done
touch "$TMP/stop"; wait $loop
is "$fails" 0 "$N plain --mem runs beside a PID-namespaced loop: 0 failures"
is "$(head -3 "$TMP/plainerr")" "" "... and no message"
is "$(head -3 "$TMP/nsfail")" "" "the PID-namespaced loop failed none either"
is "$(groups)" 0 "no group left after the stress"

# The sweep judges by the lock, not by a pid: a SIGKILLed minit's group
# goes, with the groups its command made inside it.
"$MINIT" --mem 16M --cgroup-parent $P -- sh -c 'g=$(awk -F: "\$2 ~ /(^|,)memory(,|$)/ {print \$3}" /proc/self/cgroup); mkdir -p '"$mem"'$g/a/b; exec sleep 1000' & m=$!
poll 10 eval '[ -d "$G"/minit-$m/a/b ]'
c=$(children $m); kill -KILL $m; wait $m 2>/dev/null; kill -KILL $c; poll 10 gone $c
is "$(groups)" 1 "a SIGKILLed minit leaves its group (with sub-groups)"
"$MINIT" --mem 16M --cgroup-parent $P -- true
is "$(groups)" 0 "the next run sweeps it, depth first"
# A live run's group in another PID namespace survives a sweep.
unshare --pid --fork "$MINIT" --mem 16M --cgroup-parent $P -- sleep 1000 & u=$!
poll 10 eval '[ "$(groups)" = 1 ]'
"$MINIT" --mem 16M --cgroup-parent $P -- true
is "$(groups)" 1 "a sweep keeps the group of a live minit in another PID namespace"
kill -TERM $(children $u); wait $u
is "$(groups)" 0 "... which removes it at its end"

# Bug 11: sub-groups the command made (systemd, a CI runner, another minit).
out=$("$MINIT" --mem 16M --cgroup-parent $P -- sh -c 'g=$(awk -F: "\$2 ~ /(^|,)memory(,|$)/ {print \$3}" /proc/self/cgroup)
	mkdir -p '"$mem"'$g/sub/deeper '"$mem"'$g/other
	sleep 1000 & echo $! > '"$mem"'$g/sub/deeper/cgroup.procs; echo started' 2>&1)
is "$out" "started" "a command leaving a process in a sub-group of its own: no message"
is "$(groups)" 0 "its group is removed, sub-groups and all"
# What cannot go is said: a mount point cannot be removed (in a mount
# namespace of the test's own).
out=$(unshare --mount sh -c 'mount --make-rprivate /; "$0" --mem 16M --cgroup-parent '$P' -- sh -c "g=\$(awk -F: \"\\\$2 ~ /(^|,)memory(,|\$)/ {print \\\$3}\" /proc/self/cgroup); mkdir '"$mem"'\$g/pinned && mount -t tmpfs t '"$mem"'\$g/pinned"' "$MINIT" 2>&1)
like "$out" "^minit: cgroup: $G/minit-[0-9]+ left: " "a group that cannot be removed is reported as left, not removed"
cg_rm $P; mkdir -p "$G"

# Bug 21: a failed run leaves no parent it made.
"$MINIT" --mem 16M --cgroup-parent $P/made/here -- /nonexistent 2>/dev/null; rc=$?
is "$rc:$(ls -d "$G/made" 2>/dev/null)" "127:" "a failed run (127) removes the parents it made for --cgroup-parent"

# Bug 12: mountinfo escapes; a mountinfo larger than 64 KiB. In a mount
# namespace of the test's own, the memory hierarchy is mounted again at
# a path with a space, tab and backslash, after 1000 other mounts, and its
# usual mount point is gone.
mkdir -p "$TMP/m" "$TMP/a b	c\\d"
out=$(unshare --mount sh -c '
	mount --make-rprivate /
	umount -l "$1"
	i=0; while [ $i -lt 1000 ]; do mkdir -p "$3/m/$i"; mount -t tmpfs -o size=4k "m$i" "$3/m/$i" || exit 1; i=$((i+1)); done
	mount -t cgroup -o memory cgroup "$3/a b	c\\d" || exit 1
	echo "$(wc -c < /proc/self/mountinfo) bytes"
	"$2" --mem 16M --cgroup-parent '$P' -- sh -c "grep memory /proc/self/cgroup; ls -d \"\$0\"'$P'/minit-*" "$3/a b	c\\d"
	' sh "$mem" "$MINIT" "$TMP" 2>&1)
ok $([ "${out%% bytes*}" -gt 65536 ]; echo $?) "mountinfo of more than 64 KiB (${out%% bytes*} bytes)"
g=$(printf '%s\n' "$out" | sed -n 2p); g=${g#*:memory:}
like "$g" "^$P/minit-[0-9]+$" "a hierarchy mounted at a path with escapes is found..."
is "$(printf '%s\n' "$out" | sed -n 3p)" "$TMP/a b	c\\d$g" "... and used"
is "$(ls "$TMP" | grep -c 040)" 0 "no plain directory made at the escaped path"
is "$(groups)" 0 "no group left"

# --cgroupns with limits on v1: the command sees its own group as /.
is "$("$MINIT" --cgroupns --mem 16M --cgroup-parent $P -- cat /proc/self/cgroup | grep -vc ':/$')" 0 "--cgroupns --mem: every hierarchy shows / inside"
is "$("$MINIT" --cgroupns --pid --mem 16M --cgroup-parent $P -- grep memory /proc/self/cgroup | cut -d: -f3)" / "--cgroupns --pid --mem: / too"
is "$(groups)" 0 "no group left"
done_testing
