#!/bin/bash
# Signals sent to the launcher from outside reach the command inside the
# namespaces; the launcher exits with the command's status.
. "$(dirname "$0")/lib.sh"
need_root

for ns in "--pid" "--pid --net --uts --ipc --mount" "--net --mount"; do
	rm -f "$TMP/ready"
	"$MINIT" $ns -- sh -c 'trap "echo trapped > \"$0\"/trap; exit 42" TERM
		echo ready > "$0"/ready; "$1" sleep inf & wait' "$TMP" "$PROBE" &
	mpid=$!
	poll 10 test -s "$TMP/ready"
	kill -TERM $mpid; wait $mpid; rc=$?
	is $rc 42 "[$ns] TERM runs the command's trap; its status comes back"
	is "$(cat "$TMP/trap" 2>/dev/null)" trapped "[$ns] the trap ran"
	rm -f "$TMP/trap"
done

rm -f "$TMP/ready" "$TMP/sig"
"$MINIT" --pid -r USR2:HUP -- "$PROBE" sigwait "$TMP/sig" &
mpid=$!
poll 10 grep -q ready "$TMP/sig"
kill -USR1 $mpid; poll 10 grep -qx 10 "$TMP/sig"; ok $? "USR1 reaches the command"
kill -WINCH $mpid; poll 10 grep -qx 28 "$TMP/sig"; ok $? "WINCH reaches the command"
kill -s RTMIN+2 $mpid 2>/dev/null || kill -36 $mpid
poll 10 grep -qx 36 "$TMP/sig"; ok $? "RTMIN+2 reaches the command"
kill -USR2 $mpid; poll 10 grep -qx 1 "$TMP/sig"; ok $? "-r USR2:HUP rewrites inside the namespace"
kill -TERM $mpid; wait $mpid; is $? 0 "the command's own status after TERM"

"$MINIT" --pid -t 300ms -- "$PROBE" sleep inf; is $? 124 "--timeout with --pid: 124"
done_testing
