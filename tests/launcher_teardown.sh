#!/bin/bash
# When the command exits the sandbox is gone: a daemon it left (in the
# background, or setsid'ed, even one ignoring TERM) does not survive minit.
. "$(dirname "$0")/lib.sh"
need_root
mark=minit-teardown-$$-$RANDOM

# Pids (on the host) of processes carrying our mark in their environment.
marked() { grep -l "MARK=$mark" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3; }

for ns in "--pid" "--pid --net --mount" "--net" ""; do
	MARK=$mark "$MINIT" -G 200ms $ns -- sh -c '
		"$0" sleep inf &
		setsid sh -c "trap \"\" TERM; exec \"$0\" sleep inf" &
		(trap "" TERM; exec "$0" sleep inf) &
		exit 3' "$PROBE"
	rc=$?
	is $rc 3 "[${ns:-no namespaces}] the command's status"
	left=$(marked | tr '\n' ' ')
	is "$left" "" "[${ns:-no namespaces}] nothing of the sandbox is left"
	for p in $left; do kill -KILL "$p"; done
done
done_testing
