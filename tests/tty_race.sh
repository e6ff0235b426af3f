#!/bin/bash
# A ^Z at the earliest moment, many times over: ptyrun types it as soon as
# the command's group holds the terminal, which races the command's exec
# (the child stops before it; minit must not sit waiting for the exec)
# and, under --pid/--isolate, the inner init's report of the stop (made
# before the outer is back from the clone). One run proves little: each
# context runs N times, and every run must stop, resume with fg and end
# with ^C (130), the terminal back with the job's group. Then the same
# with the window made wide, so that the first case is caught every time.
. "$(dirname "$0")/lib.sh"
need_root
: "${PTYRUN:=$(cd "$(dirname "$0")/.." && pwd)/build/ptyrun}"
[ -x "$PTYRUN" ] || skip_all "no $PTYRUN (make build/ptyrun)"
N=${TTY_RACE_N:-20}; [ -z "${MINIT_SAN:-}" ] || N=${TTY_RACE_N:-10}
for o in "" --pid --isolate; do
	good=0
	for i in $(seq "$N"); do
		out=$("$PTYRUN" -t 20 -z -c -- "$MINIT" $o -- "$PROBE" sleep 100 2>/dev/null | tr '\n' ' ')
		[ "$out" = "stopped status 130 tty job " ] && good=$((good + 1)) || echo "# ${o:-plain}: $out"
	done
	is "$good" "$N" "$N ^Z at the hand-over${o:+ with $o}: each stops the job, fg and ^C end it"
done
# The window made wide: the command found at the end of a PATH of 13,000
# missing folders keeps the child between the hand-over and its exec for
# a good part of a second, so the ^Z lands there every time.
LONGPATH=$(seq -f "/n/%05g" 1 13000 | tr '\n' ':')$(dirname "$PROBE")
for o in "" --pid --isolate; do
	out=$(PATH=$LONGPATH "$PTYRUN" -t 20 -z -c -- "$MINIT" $o -- "${PROBE##*/}" sleep 100 2>/dev/null | tr '\n' ' ')
	is "$out" "stopped status 130 tty job " "a ^Z before the command's exec (a slow PATH search) stops the job${o:+ with $o}"
done
done_testing
