#!/bin/bash
# --net: a fresh network namespace with lo up; TCP over 127.0.0.1 and ::1
# inside; no host interface visible.
. "$(dirname "$0")/lib.sh"
need_root
command -v python3 >/dev/null || skip_all "python3 missing"

links=$("$MINIT" --net -- ip -o link show | awk -F': ' '{print $2}' | tr '\n' ' ')
is "$links" "lo " "only lo is visible"
like "$("$MINIT" --net -- ip -o link show lo)" '[<,]UP[,>]' "lo is UP"
addrs=$("$MINIT" --net -- ip -o addr show dev lo | awk '{print $4}' | tr '\n' ' ')
like "$addrs" '127\.0\.0\.1/8' "lo has 127.0.0.1"
like "$addrs" '::1/128' "lo has ::1"

echo_py='
import socket, sys, threading
fam = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
srv = socket.socket(fam, socket.SOCK_STREAM)
srv.bind((sys.argv[1], 0)); srv.listen(1)
def serve():
    c, _ = srv.accept(); c.sendall(c.recv(64)); c.close()
t = threading.Thread(target=serve); t.start()
cl = socket.create_connection((sys.argv[1], srv.getsockname()[1]), timeout=10)
cl.sendall(b"ping-" + sys.argv[1].encode()); print(cl.recv(64).decode()); t.join()
'
is "$("$MINIT" --net -- python3 -c "$echo_py" 127.0.0.1)" "ping-127.0.0.1" "TCP echo over 127.0.0.1 inside"
is "$("$MINIT" --net -- python3 -c "$echo_py" ::1)" "ping-::1" "TCP echo over ::1 inside"
host_ns=$(readlink /proc/self/ns/net)
in_ns=$("$MINIT" --net -- readlink /proc/self/ns/net); rc=$?
is $rc 0 "--net: the command ran"
like "$in_ns" '^net:\[[0-9]+\]$' "... and read its netns"
ok $([ "$host_ns" != "$in_ns" ]; echo $?) "the command's netns is not the host's"
done_testing
