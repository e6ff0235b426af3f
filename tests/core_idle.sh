#!/bin/bash
# Idle cost: no wakeups and no CPU time while the command runs and nothing
# happens. (The two-second window is the measurement itself, not a wait
# for a condition: nothing may happen in it.)
. "$(dirname "$0")/lib.sh"
need_root
ctx() { awk '/^voluntary_ctxt_switches/{print $2}' /proc/$1/status; }
# cpu PID: utime + stime in clock ticks (fields 14 and 15 of stat, after
# the parenthesised name, which may hold spaces).
cpu() { local s; s=$(cat /proc/$1/stat) && s=${s##*) } && set -- $s && echo $(( ${12} + ${13} )); }

idle() {  # idle DESC OPTIONS...: minit with an idle child, watched for 2 s
	local desc=$1 m a b ca cb; shift
	"$MINIT" "$@" -- "$PROBE" sleep inf & m=$!
	poll 10 has_children $m; ok $? "[$desc] minit started its command"
	poll 10 grep -q do_sigtimedwait /proc/$m/wchan; ok $? "[$desc] minit sleeps in sigtimedwait"
	a=$(ctx $m); ca=$(cpu $m); sleep 2; b=$(ctx $m); cb=$(cpu $m)
	is "$((b - a))" 0 "[$desc] no wakeup in 2 s"
	is "$((cb - ca))" 0 "[$desc] no CPU time in 2 s"
	kill -TERM $m; wait $m
}
idle "an idle child"
idle "a pending --timeout and grace: one timer, no polling" -t 1h -G 1h
done_testing
