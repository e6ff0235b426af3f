#!/bin/bash
# Reaping and the end of a run: 1000 orphans leave 0 zombies; after the
# command exits, what is left gets TERM (a trap runs), then KILL after the
# grace (one ignoring TERM); minit exits at once when nothing is left;
# --timeout gives 124. As a plain child (subreaper) and as PID 1.
. "$(dirname "$0")/lib.sh"
need_root
asinit() { unshare --pid --fork --mount-proc "$@"; }
# minit_of PID: minit's pid for a job started with $run (the job itself,
# or below the subshell and unshare as PID 1).
minit_of() { if [ $mode = pid1 ]; then children "$(children "$1")"; else echo "$1"; fi; }

for mode in child pid1; do
	run=""; [ $mode = pid1 ] && run=asinit
	# The command makes 1000 orphans, then waits (bounded) until its init
	# has no zombie child left, and reports what it saw.
	out=$($run "$MINIT" -- sh -c '"$0" zombies 1000 || exit 9
		init=$PPID; [ "$$" = 2 ] && init=1
		i=0; while [ $i -lt 1000 ]; do
			z=0
			for p in $(cat /proc/$init/task/*/children); do
				grep -q "^State:.*Z" /proc/$p/status 2>/dev/null && z=$((z+1))
			done
			[ $z = 0 ] && break; i=$((i+1)); sleep 0.01
		done; echo "zombies $z"' "$PROBE")
	is "$out" "zombies 0" "[$mode] 1000 orphans, 0 zombies"

	# Grace: an orphan with a TERM trap runs it and exits 0.
	rm -f "$TMP/trap"
	# (The command waits until the orphan's trap is set: no race.)
	rm -f "$TMP/ready"
	$run "$MINIT" -G 30s -- sh -c '(trap "echo ran > \"$0\"; exit 0" TERM; : > "$2"; "$1" sleep inf & wait) &
		while [ ! -e "$2" ]; do sleep 0.01; done; exit 4' "$TMP/trap" "$PROBE" "$TMP/ready"
	rc=$?
	is $rc 4 "[$mode] the command's own status after the grace"
	is "$(cat "$TMP/trap" 2>/dev/null)" ran "[$mode] the orphan's TERM trap ran"

	# One that ignores TERM is killed after the grace (minit returns, the
	# poll is the bound, not an assertion on time). As a plain child, the
	# orphan's pid must be dead when minit has returned; as PID 1 the
	# kernel kills the namespace's rest anyway, so minit returning is
	# what there is to see. Output to a file: a leftover must not hold
	# the runner's pipe.
	rm -f "$TMP/orphan"
	$run "$MINIT" -G 300ms -- sh -c '(trap "" TERM; exec "$0" sleep inf) & echo $! > "$1"; exit 5' \
		"$PROBE" "$TMP/orphan" > "$TMP/out" 2>&1 & m=$!
	poll 30 gone $m; ok $? "[$mode] an orphan ignoring TERM is killed after the grace"
	wait $m; is $? 5 "[$mode] status 5 passed on"
	if [ $mode = child ]; then
		o=$(cat "$TMP/orphan"); [ -n "$o" ] && gone "$o"; ok $? "[$mode] ... the orphan ($o) is dead"
	fi

	# A second INT or TERM during the grace (here the first after the
	# command's own exit): KILL at once, not an hour later.
	rm -f "$TMP/ready"
	$run "$MINIT" -v -G 1h -- sh -c '(trap "" TERM INT; : > "$1"; exec "$0" sleep inf) &
		while [ ! -e "$1" ]; do sleep 0.01; done; exit 5' "$PROBE" "$TMP/ready" 2>"$TMP/v" & m=$!
	poll 30 grep -q "command exited 5" "$TMP/v"
	t=$(minit_of $m)
	kill -TERM $t; poll 30 gone $m; ok $? "[$mode] TERM during a 1h grace: what is left is killed at once"
	gone $m || kill -KILL $t	# not the 1h: the next check says what failed
	wait $m; is $? 5 "[$mode] ... and the command's 5 passed on"
	like "$(cat "$TMP/v")" "TERM during the grace period: KILL now" "[$mode] ... saying so at -v"
	# -vv: the grace's start and what it signalled.
	rm -f "$TMP/ready"
	$run "$MINIT" -vv -G 50ms -- sh -c '(trap "" TERM INT; : > "$1"; exec "$0" sleep inf) &
		while [ ! -e "$1" ]; do sleep 0.01; done; exit 5' "$PROBE" "$TMP/ready" 2>"$TMP/v"
	like "$(tr '\n' ' ' < "$TMP/v")" "grace: 50 ms for what is left .*TERM to -?[0-9]+ .*KILL to -?[0-9]+" "[$mode] -vv: the grace, its TERM and its KILL"
	# The timeout's TERM is ignored: its grace of 1h runs; an INT ends it.
	$run "$MINIT" -t 100ms -G 1h -- sh -c 'trap "" TERM INT; exec "$0" sleep inf' "$PROBE" 2>"$TMP/v" & m=$!
	poll 30 grep -q "timeout:" "$TMP/v"
	t=$(minit_of $m)
	kill -INT $t; poll 30 gone $m; ok $? "[$mode] INT during a timeout's grace: KILL at once"
	gone $m || kill -KILL $t
	wait $m; is $? 124 "[$mode] ... still 124"

	# Nothing left: minit exits as the command does, even with a long grace.
	$run "$MINIT" -G 1h -- true & m=$!
	poll 30 gone $m; ok $? "[$mode] no grace wait when nothing is left"
	wait $m

	# -G 0: KILL at once, no TERM first: the leftover logs every signal it
	# gets (and would exit on a TERM), so a grace of any length shows.
	rm -f "$TMP/g0" "$TMP/orphan"
	$run "$MINIT" -G 0 -- sh -c '"$0" sigwait "$1" & echo $! > "$2"
		while ! grep -q ready "$1" 2>/dev/null; do sleep 0.01; done; exit 6' \
		"$PROBE" "$TMP/g0" "$TMP/orphan" > "$TMP/out" 2>&1 & m=$!
	poll 30 gone $m; ok $? "[$mode] -G 0 kills what is left at once"
	wait $m; is $? 6 "[$mode] ... and passes 6 on"
	is "$(cat "$TMP/g0" 2>/dev/null | tr '\n' ' ')" "ready " "[$mode] ... by KILL alone: no TERM came first"
	if [ $mode = child ]; then
		o=$(cat "$TMP/orphan"); [ -n "$o" ] && gone "$o"; ok $? "[$mode] ... the leftover ($o) is dead"
	fi

	# --timeout: TERM to the command, 124.
	$run "$MINIT" -q -t 200ms -- "$PROBE" sleep inf; is $? 124 "[$mode] --timeout: 124"
	rm -f "$TMP/trap"
	$run "$MINIT" -q -t 200ms -G 10s -- sh -c 'trap "echo term > \"$0\"; exit 0" TERM; "$1" sleep inf & wait' "$TMP/trap" "$PROBE"
	is $? 124 "[$mode] --timeout with a TERM trap: still 124"
	is "$(cat "$TMP/trap" 2>/dev/null)" term "[$mode] the command got TERM on timeout"
	$run "$MINIT" -q -t 200ms -G 200ms -- sh -c 'trap "" TERM; exec "$0" sleep inf' "$PROBE"
	is $? 124 "[$mode] --timeout, TERM ignored: KILL after the grace, 124"
	$run "$MINIT" -t 1h -- "$PROBE" exit 3; is $? 3 "[$mode] a timeout that did not expire changes nothing"
done
done_testing
