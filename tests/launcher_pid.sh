#!/bin/bash
# --pid: minit is PID 1 of a fresh PID namespace, the command PID 2,
# /proc shows only the sandbox, orphans are reaped inside, nothing is
# left mounted on the host.
. "$(dirname "$0")/lib.sh"
need_root
before=$(proc_mounts)

is "$("$MINIT" --pid -- sh -c 'echo $$')" 2 "the command is PID 2"
is "$("$MINIT" --pid -- "$PROBE" pids)" "pid 2 ppid 1" "its parent is PID 1"
is "$("$MINIT" --pid -- cat /proc/1/comm)" minit "PID 1 is minit"
is "$("$MINIT" --pid -- ps -e -o pid= | tr -d ' ' | tr '\n' ' ')" "1 2 " "ps shows only the sandbox"
like "$("$MINIT" --pid -- sh -c 'ls /proc | grep -c "^[0-9]"')" '^[234]$' "/proc is the namespace's own"

# 300 orphans: the shell waits (bounded) until none is a zombie.
out=$("$MINIT" --pid -- sh -c '"$0" zombies 300 || exit 9
	i=0; while [ $i -lt 500 ]; do
		z=$(ps -e -o stat= | grep -c "^Z"); [ "$z" = 0 ] && break
		i=$((i+1)); sleep 0.01; done
	echo "zombies $z"' "$PROBE")
is "$out" "zombies 0" "orphans are reaped inside the namespace"

"$MINIT" --pid -- sh -c 'exit 7'; is $? 7 "exit status passed through the namespace init"
"$MINIT" --pid -- "$PROBE" kill 10; is $? 138 "death by USR1 is 128+10 outside"
"$MINIT" --pid -- /nonexistent/cmd 2>"$TMP/err"; rc=$?
is $rc 127 "missing command inside the namespace: 127"
is "$(wc -l < "$TMP/err")" 1 "one line for it"
# -vv says what minit did: the child's pid and the namespaces made.
"$MINIT" -vv --pid --net -- true 2>"$TMP/err"
like "$(cat "$TMP/err")" "minit: child [0-9]+, namespaces --pid --net --mount" "-vv: the child's pid and its namespaces"
like "$(cat "$TMP/err")" "minit\\[ns\\]: child 2" "... and the command's pid inside, said by the namespace's init"
is "$(proc_mounts)" "$before" "no mount left on the host's /proc"
done_testing
