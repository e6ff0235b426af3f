#!/bin/bash
# The command gets the caller's signal mask, ignored signals, fds, cwd and
# environment; minit adds no fd and pins no directory; SIGCHLD ignored by
# the caller does not break minit's status.
. "$(dirname "$0")/lib.sh"
need_root
command -v python3 >/dev/null || skip_all "python3 missing"

# A caller with USR1+WINCH blocked, HUP+USR2 ignored and fd 7 open.
caller='
import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1, signal.SIGWINCH})
signal.signal(signal.SIGHUP, signal.SIG_IGN); signal.signal(signal.SIGUSR2, signal.SIG_IGN)
fd = os.open("/dev/null", os.O_RDONLY); os.dup2(fd, 7); os.close(fd)
os.execvp(sys.argv[1], sys.argv[1:])
'
cd "$TMP"
direct=$(python3 -c "$caller" "$PROBE" status)
under=$(python3 -c "$caller" "$MINIT" -- "$PROBE" status)
is "$(echo "$under" | grep SigBlk)" "$(echo "$direct" | grep SigBlk)" "SigBlk is the caller's"
is "$(echo "$under" | grep SigIgn)" "$(echo "$direct" | grep SigIgn)" "SigIgn is the caller's"
is "$(echo "$under" | grep fds)" "$(echo "$direct" | grep fds)" "the fds are the caller's, no more"
like "$(echo "$direct" | grep fds)" ' 7( |$)' "(fd 7 was open in the caller)"
under=$(python3 -c "$caller" unshare --pid --fork --mount-proc "$MINIT" -- "$PROBE" status)
direct=$(python3 -c "$caller" unshare --pid --fork --mount-proc "$PROBE" status)
is "$under" "$direct" "the same as PID 1 of a namespace"

is "$("$MINIT" -- pwd)" "$TMP" "the command keeps the caller's cwd"
is "$(FOO=bar "$MINIT" -- sh -c 'echo $FOO')" bar "and its environment"
"$MINIT" -- "$PROBE" sleep inf & m=$!
poll 10 has_children $m
is "$(readlink /proc/$m/cwd)" / "minit itself sits in /"
kill -TERM $m; wait $m

# SIGCHLD ignored by the caller: minit still gets the status; the command
# sees SIGCHLD ignored, as the caller left it.
ign='
import os, signal, sys
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
os.execvp(sys.argv[1], sys.argv[1:])
'
python3 -c "$ign" "$MINIT" -- "$PROBE" exit 9; is $? 9 "SIGCHLD ignored by the caller: status still 9"
mask=$(python3 -c "$ign" "$MINIT" -- "$PROBE" status | awk '/SigIgn/{print $2}')
is $(( 0x$mask >> 16 & 1 )) 1 "the command sees SIGCHLD ignored"
done_testing
