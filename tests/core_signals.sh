#!/bin/bash
# Every catchable signal sent to minit reaches the command (RTMIN+2 and
# WINCH included), as a plain child and as PID 1; 200 signals a few ms
# apart are all counted; -r rewrites and drops; -g reaches the group.
. "$(dirname "$0")/lib.sh"
need_root

# start MODE OUT CMD...: run minit in the background, stdout to OUT; set m
# to the pid of the minit that receives signals (PID 1 of the namespace in
# pid1 mode).
# The child of unshare that runs $MINIT itself (whatever its file is named).
MINIT_EXE=$(readlink -f "$MINIT")
is_minit_child() { local c=$(children $1); [ -n "$c" ] && [ "$(readlink /proc/$c/exe 2>/dev/null)" = "$MINIT_EXE" ]; }
start() {
	local mode=$1 out=$2; shift 2
	if [ $mode = pid1 ]; then
		unshare --pid --fork --mount-proc "$MINIT" "$@" > "$out" &
		local u=$!
		# unshare forks a short-lived helper first: wait for minit itself
		poll 10 is_minit_child $u || return 1
		m=$(children $u)
		bg=$u
	else
		"$MINIT" "$@" > "$out" &
		m=$!
		bg=$m
	fi
}
# finish: wait, bounded, for what start put in the background
finish() { poll 30 gone $bg || { echo "# still running: $bg"; kill -KILL $bg $m; }; wait $bg; }

for mode in child pid1; do
	: > "$TMP/sig"
	start $mode /dev/null -- "$PROBE" sigwait "$TMP/sig"; ok $? "[$mode] minit started"
	poll 10 grep -q ready "$TMP/sig"; ok $? "[$mode] the command is ready"
	missed=""
	for s in $(seq 1 64); do
		case $s in 9|19|17|15) continue;; esac   # KILL, STOP can't; CHLD is minit's; TERM ends it
		kill -$s $m 2>/dev/null || { missed="$missed $s(kill)"; continue; }
		poll 5 grep -qx $s "$TMP/sig" || missed="$missed $s"
	done
	is "$missed" "" "[$mode] signals 1..64 (but KILL, STOP, CHLD) all reach the command"
	kill -TERM $m; poll 10 grep -qx 15 "$TMP/sig"; ok $? "[$mode] TERM too"
	finish
done

# 200 real-time signals (SIGRTMIN+6 = 40) at once: the kernel queues each
# one (ordinary signals would merge), so each must be forwarded once. TERM
# ends the count only once nothing is pending at minit or at the command
# (a pending TERM would be taken before the real-time signals).
no_pending() {
	local p
	for p in "$@"; do grep -Eq '^ShdPnd:\s*0+$' /proc/$p/status && grep -Eq '^SigPnd:\s*0+$' /proc/$p/status || return 1; done
}
for mode in child pid1; do
	rm -f "$TMP/ready"
	start $mode "$TMP/count" -- "$PROBE" sigcount 40 "$TMP/ready"; ok $? "[$mode] minit started"
	poll 10 test -s "$TMP/ready"; ok $? "[$mode] the counter is ready"
	c=$(children $m)
	for i in $(seq 200); do kill -40 $m; done
	poll 30 no_pending $m $c; ok $? "[$mode] minit and the command have nothing pending"
	kill -TERM $m; finish
	is "$(cat "$TMP/count")" 200 "[$mode] 200 queued signals sent at once: all 200 counted"
done

# -r: USR1 arrives as USR2; HUP is dropped; -r TERM:0 is refused? no: allowed.
: > "$TMP/sig"
"$MINIT" -r USR1:USR2 -r HUP:0 -- "$PROBE" sigwait "$TMP/sig" & m=$!
poll 10 grep -q ready "$TMP/sig"
kill -USR1 $m; poll 5 grep -qx 12 "$TMP/sig"; ok $? "-r USR1:USR2 delivers USR2"
kill -HUP $m; kill -WINCH $m; poll 5 grep -qx 28 "$TMP/sig"; ok $? "WINCH after HUP arrives"
ok $(! grep -qx 1 "$TMP/sig"; echo $?) "-r HUP:0 drops HUP (WINCH sent after it arrived, HUP did not)"
ok $(! grep -qx 10 "$TMP/sig"; echo $?) "USR1 itself was not delivered"
kill -TERM $m; wait $m; is $? 0 "the command's status"
"$MINIT" -r KILL:TERM -- true 2>/dev/null; is $? 125 "-r KILL:... is refused"

# -g: a process in the command's group (not a direct child of minit) gets it.
for g in "" -g; do
	: > "$TMP/sig"; rm -f "$TMP/ready"
	"$MINIT" $g -- sh -c '"$0" sigwait "$1" & echo ready > "$2"; wait; wait' "$PROBE" "$TMP/sig" "$TMP/ready" & m=$!
	poll 10 grep -q ready "$TMP/sig"
	kill -USR2 $m
	if [ -n "$g" ]; then
		poll 5 grep -qx 12 "$TMP/sig"; ok $? "-g: USR2 reaches the whole group"
	else
		# sh has no trap for USR2: it dies of it; the grandchild does not get it.
		wait $m; rc=$?
		is $rc $((128 + 12)) "without -g only the child gets it"
		ok $(! grep -qx 12 "$TMP/sig"; echo $?) "without -g the grandchild does not"
	fi
	kill -TERM $m 2>/dev/null; wait $m 2>/dev/null
done
done_testing
