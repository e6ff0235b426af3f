#!/bin/bash
# Idle cost: no wakeups while the command runs and nothing happens.
# (The two-second window is the measurement itself, not a wait for a
# condition: nothing may happen in it.)
. "$(dirname "$0")/lib.sh"
need_root
ctx() { awk '/^voluntary_ctxt_switches/{print $2}' /proc/$1/status; }

"$MINIT" -- "$PROBE" sleep inf & m=$!
poll 10 has_children $m
poll 10 grep -q do_sigtimedwait /proc/$m/wchan
a=$(ctx $m); sleep 2; b=$(ctx $m)
is "$((b - a))" 0 "no wakeup in 2 s with an idle child"
kill -TERM $m; wait $m

"$MINIT" -t 1h -G 1h -- "$PROBE" sleep inf & m=$!
poll 10 has_children $m
poll 10 grep -q do_sigtimedwait /proc/$m/wchan
a=$(ctx $m); sleep 2; b=$(ctx $m)
is "$((b - a))" 0 "none either with a pending --timeout (one timer, no polling)"
kill -TERM $m; wait $m
done_testing
