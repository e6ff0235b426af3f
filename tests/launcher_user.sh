#!/bin/bash
# --user as an ordinary user: uid 0 inside, the caller's uid outside;
# combined with --pid and --net.
. "$(dirname "$0")/lib.sh"
need_root
command -v setpriv >/dev/null || skip_all "setpriv missing"
[ "$(cat /proc/sys/user/max_user_namespaces)" != 0 ] || skip_all "user namespaces disabled"
asnobody() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }
chmod 1777 "$TMP"

is "$(asnobody "$MINIT" --user --pid --net -- id -u)" 0 "uid 0 inside"
is "$(asnobody "$MINIT" --user --pid --net -- id -g)" 0 "gid 0 inside"
is "$(asnobody "$MINIT" --user --pid --net -- sh -c 'echo $$')" 2 "PID 2 inside"
like "$(asnobody "$MINIT" --user --net -- ip -o link show lo)" '[<,]UP[,>]' "lo up inside an unprivileged sandbox"
is "$(asnobody "$MINIT" -n -- hostname -F /dev/null 2>/dev/null; asnobody "$MINIT" -n --hostname u$$ -- hostname)" "u$$" "--isolate as a user implies --user"

# Seen from the host, the command runs as the caller.
setpriv --reuid=65534 --regid=65534 --clear-groups -- "$MINIT" --user --pid -- sh -c 'echo ready > "$0"/ready; exec "$1" sleep inf' "$TMP" "$PROBE" &
mpid=$!
poll 10 test -s "$TMP/ready"
cpid=$(children "$mpid")            # the namespace's init
cpid=$(children "$cpid")            # the command
is "$(awk '/^Uid:/{print $2}' /proc/$cpid/status)" 65534 "outside, the command's uid is the caller's"
kill -TERM $mpid; wait $mpid; rc=$?
is $rc 143 "TERM from outside ends it: 143"
done_testing
