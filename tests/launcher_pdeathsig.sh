#!/bin/bash
# --pdeathsig: the sandbox goes down when the process that started minit
# dies, also when it died before the signal was armed.
. "$(dirname "$0")/lib.sh"
need_root

# A parent shell starts minit in the background and is then SIGKILLed.
sh -c '"$0" --pid -p TERM -- sh -c "trap \"echo trapped > $1/trap; exit 5\" TERM
	echo ready > $1/ready; \"$2\" sleep inf & wait" & echo $! > "$1"/mpid; wait' \
	"$MINIT" "$TMP" "$PROBE" &
parent=$!
poll 10 test -s "$TMP/ready"
mpid=$(cat "$TMP/mpid")
kill -KILL $parent; wait $parent 2>/dev/null
poll 10 test -s "$TMP/trap"; ok $? "parent death sends TERM through to the command"
poll 10 gone "$mpid"; ok $? "and minit is gone"

# Without -p, the sandbox outlives its parent (the default, for thread pools).
rm -f "$TMP/ready" "$TMP/trap"
sh -c '"$0" --pid -- sh -c "echo ready > $1/ready; exec \"$2\" sleep inf" & echo $! > "$1"/mpid; wait' \
	"$MINIT" "$TMP" "$PROBE" &
parent=$!
poll 10 test -s "$TMP/ready"
mpid=$(cat "$TMP/mpid")
kill -KILL $parent; wait $parent 2>/dev/null
ok $(alive "$mpid"; echo $?) "without -p minit keeps running after its parent died"
kill -TERM "$mpid"; poll 10 gone "$mpid"; ok $? "and stops on TERM"

done_testing
