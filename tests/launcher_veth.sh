#!/bin/bash
# --veth, --ip, --host-ip, --ip-pool, --ip6, --netns: the sandbox on a
# veth link to the host, its addresses and default route, its namespace
# named for `ip netns`; nothing left after exit, failure or SIGKILL.
#
# Safety: the script re-runs itself in a throwaway network and mount
# namespace (unshare --net --mount) that plays the host, with a tmpfs on
# /run there, so no interface, address or /run/netns entry ever touches
# this machine; packets go only to addresses inside it. The outer half
# checks that the machine's own `ip link` and /run/netns are unchanged.
set -u
if [ "${1:-}" != inner ]; then
	. "$(dirname "$0")/lib.sh"
	need_root
	for c in unshare ip busybox python3; do
		command -v $c >/dev/null || skip_all "$c missing"
	done
	links() { ip -o link | awk -F': ' '{print $2}' | sort | tr '\n' ' '; }
	before_links=$(links); before_ns=$(ls -A /run/netns 2>&1)
	out=$(unshare --net --mount bash "$0" inner 2>&1); rc=$?
	printf '%s\n' "$out" | grep -v '^1\.\.'
	T=$(printf '%s\n' "$out" | grep -cE '^(not )?ok ')
	FAILED=$(printf '%s\n' "$out" | grep -c '^not ok ')
	is "$rc" 0 "the throwaway half ran to its end"
	is "$(links)" "$before_links" "the machine's own interfaces are unchanged"
	is "$(ls -A /run/netns 2>&1)" "$before_ns" "the machine's /run/netns is unchanged"
	done_testing
	exit
fi

# ---- inside the throwaway namespace ------------------------------------
. "$(dirname "$0")/lib.sh"
mount -t tmpfs h15run /run || { echo "not ok 1 - tmpfs on /run"; exit 1; }
ip link set lo up
links() { ip -o link | awk -F': ' '{print $2}' | sort | tr '\n' ' '; }
base=$(links)
cat > "$TMP/tcp.py" <<'EOF'
import socket, sys, time
if sys.argv[1] == "serve":	# serve ADDR PORT MSG: one connection, MSG sent, its line echoed to stdout
    fam = socket.AF_INET6 if ":" in sys.argv[2] else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((sys.argv[2], int(sys.argv[3]))); s.listen(1)
    open(sys.argv[5], "w").close() if len(sys.argv) > 5 else None
    c, a = s.accept(); c.sendall(sys.argv[4].encode() + b"\n"); print(c.makefile().readline().strip())
else:			# get ADDR PORT MSG: retry for 10 s until the server listens
    end = time.time() + 10
    while True:
        try:
            c = socket.create_connection((sys.argv[2], int(sys.argv[3])), timeout=5); break
        except OSError:
            if time.time() > end: raise
            time.sleep(0.01)
    c.sendall(sys.argv[4].encode() + b"\n"); print(c.makefile().readline().strip())
EOF
tcp() { python3 "$TMP/tcp.py" "$@"; }
# bg NAME ARGS...: start minit in the background, its pid in $bgpid
bg() { local n=$1; shift; "$MINIT" "$@" > "$TMP/$n.out" 2>&1 & bgpid=$!; }
has_link() { ip link show "$1" >/dev/null 2>&1; }
no_link() { ! has_link "$1"; }
ns_listed() { ip netns list | grep -qw "$1"; }
up_in() { ip netns exec "$1" ip -o addr show dev eth0 | grep -q 'inet '; }

# ---- one run: addresses, route, lo, what is left -------------------------
out=$("$MINIT" -vv --veth=h15a -- sh -c 'ip -o -4 addr show dev eth0; ip route show default; ip -o link show eth0; ip -o addr show dev lo' 2>&1)
like "$out" 'inet 10\.200\.0\.2/30' "eth0 has the pool's first /30, .2 (default pool 10.200.0.0/16)"
like "$out" 'default via 10\.200\.0\.1 dev eth0' "the default route goes via the host end"
like "$out" 'eth0.*[<,]UP[,>]' "eth0 is up"
like "$out" 'inet 127\.0\.0\.1/8' "lo is up too"
like "$out" 'deleting the host end h15a' "-vv says minit deletes the host end itself"
is "$(links)" "$base" "no interface left after a normal exit"

# ---- ping and TCP, both ways ----------------------------------------------
bg a --veth=h15a --netns h15n -- sh -c "busybox ping -c1 -W5 10.200.0.1 >/dev/null && echo ping-ok; python3 $TMP/tcp.py serve 0.0.0.0 5001 from-sandbox; python3 $TMP/tcp.py get 10.200.0.1 5002 to-host"
pa=$bgpid
poll 10 up_in h15n
ok $? "ip netns exec h15n sees eth0 with its address during the run"
like "$(ip netns list)" 'h15n' "ip netns list shows h15n"
like "$(ip netns exec h15n ip -o addr show dev eth0)" 'inet 10\.200\.0\.2/30' "ip netns exec h15n ip addr: eth0 10.200.0.2/30"
like "$(ip -o addr show dev h15a)" 'inet 10\.200\.0\.1/30' "the host end h15a has 10.200.0.1/30"
busybox ping -c1 -W5 10.200.0.2 >/dev/null
ok $? "ping host -> sandbox"
is "$(tcp get 10.200.0.2 5001 from-host)" "from-sandbox" "TCP: host side reaches a server inside"
is "$(tcp serve 10.200.0.1 5002 from-host)" "to-host" "TCP: the sandbox reaches a server on the host side"
wait $pa; rc=$?
is "$rc" 0 "the run exits 0"
like "$(cat "$TMP/a.out")" 'ping-ok' "ping sandbox -> host"
like "$(cat "$TMP/a.out")" 'from-host' "the server inside got the host's line"
ok $([ ! -e /run/netns/h15n ] && ! ns_listed h15n; echo $?) "h15n is gone from ip netns list after exit"
is "$(links)" "$base" "no interface left"

# ---- IPv6: link-local at once, no DAD wait; --ip6 -------------------------
# This namespace's new interfaces would probe for 60 s (one probe a
# second): an end that minit left with DAD on stays tentative however
# slowly this script runs.
sysctl -qw net.ipv6.conf.default.dad_transmits=60
# (An address whose "::" opens in place over its own bytes.)
bg b --veth=h15b --netns h15n6 --ip6 fd15::a:b:c:2/64 -- sh -c 'ip -6 -o addr show dev eth0; sleep 30'
pb=$bgpid
ll() { ip netns exec h15n6 ip -6 -o addr show dev eth0 scope link | grep -q fe80; }
poll 10 ll
ok $? "eth0 has an IPv6 link-local address"
a6=$(ip netns exec h15n6 ip -6 -o addr show dev eth0 scope link | awk '{print $4}' | cut -d/ -f1)
hll() { ip -6 -o addr show dev h15b scope link | grep -q fe80; }
poll 10 hll
ok $? "the host end has an IPv6 link-local address"
out6=$(ip netns exec h15n6 ip -6 addr show dev eth0; ip -6 addr show dev h15b)
ok $(printf '%s' "$out6" | grep -q tentative; [ $? -ne 0 ]; echo $?) "no address is tentative (accept_dad 0, IFA_F_NODAD)"
busybox ping -6 -c1 -W5 "$a6%h15b" >/dev/null
ok $? "ping6 to the sandbox's link-local over h15b"
like "$(ip netns exec h15n6 ip -6 -o addr show dev eth0)" 'fd15::a:b:c:2/64' "--ip6: eth0 has fd15::a:b:c:2/64"
like "$(ip -6 -o addr show dev h15b)" 'fd15::1/64' "--ip6: the host end has fd15::1/64"
like "$(ip netns exec h15n6 ip -6 route show default)" 'via fd15::1' "--ip6: IPv6 default route via the host end"
busybox ping -6 -c1 -W5 fd15::a:b:c:2 >/dev/null
ok $? "ping6 fd15::a:b:c:2 from the host side"
kill -TERM $pb; wait $pb
is "$(links)" "$base" "no interface left"

# ---- two sandboxes at once: different /30s, both reachable ----------------
bg c --veth=h15c --netns h15c -- sleep 30; pc=$bgpid
poll 10 up_in h15c
bg d --veth=h15d --netns h15d -- sleep 30; pd=$bgpid
poll 10 up_in h15d
ac=$(ip netns exec h15c ip -o -4 addr show dev eth0 | awk '{print $4}')
ad=$(ip netns exec h15d ip -o -4 addr show dev eth0 | awk '{print $4}')
is "$ac $ad" "10.200.0.2/30 10.200.0.6/30" "the second sandbox gets the next free /30"
busybox ping -c1 -W5 10.200.0.2 >/dev/null && busybox ping -c1 -W5 10.200.0.6 >/dev/null
ok $? "both are reachable from the host side"
kill -TERM $pc $pd; wait $pc $pd
is "$(links)" "$base" "no interface left after both"

# ---- explicit addresses, env, contexts ---------------------------------------
out=$("$MINIT" --veth=h15e --ip 192.168.77.5/24 -- sh -c 'ip -o -4 addr show dev eth0; ip route show default; busybox ping -c1 -W5 192.168.77.1 >/dev/null && echo ping-ok')
like "$out" 'inet 192\.168\.77\.5/24' "--ip 192.168.77.5/24 on eth0"
like "$out" 'default via 192\.168\.77\.1 ' "the host end defaults to the subnet's first address"
like "$out" 'ping-ok' "and answers"
out=$("$MINIT" --veth=h15e --ip 10.9.0.2/24 --host-ip 10.8.0.1/24 -- sh -c 'ip route show default; busybox ping -c1 -W5 10.8.0.1 >/dev/null && echo ping-ok')
like "$out" 'default via 10\.8\.0\.1 dev eth0 onlink' "--host-ip in another subnet: the route is on-link"
like "$out" 'ping-ok' "and the host end answers (minit routes the sandbox's subnet to it)"
out=$(MINIT_VETH=h15f MINIT_IP=10.44.0.2/30 MINIT_NETNS=h15f "$MINIT" -- sh -c 'ip -o -4 addr show dev eth0; ls /run/netns')
like "$out" 'inet 10\.44\.0\.2/30' "MINIT_VETH, MINIT_IP"
like "$out" 'h15f' "MINIT_NETNS"
out=$(MINIT_VETH=1 "$MINIT" -vv -- true 2>&1)
like "$out" 'deleting the host end minit[0-9]+' "MINIT_VETH=1: a default host end name minit<pid>"
out=$("$MINIT" --pid --veth=h15g -- sh -c 'echo pid=$$; echo sockets=$(ls -l /proc/1/fd | grep -c socket:); busybox ping -c1 -W5 10.200.0.1 >/dev/null && echo ping-ok')
like "$out" 'pid=2' "--pid: the command is PID 2"
like "$out" 'sockets=0' "--pid: the sandbox's init keeps no netlink socket (none of the host's namespace)"
like "$out" 'ping-ok' "--pid: the link works"
out=$("$MINIT" --isolate --veth=h15h --hostname box -- sh -c 'hostname; busybox ping -c1 -W5 10.200.0.1 >/dev/null && echo ping-ok')
like "$out" 'box' "--isolate --hostname"
like "$out" 'ping-ok' "--isolate: the link works"
out=$(unshare --pid --fork "$MINIT" --veth=h15i -- sh -c 'busybox ping -c1 -W5 10.200.0.1 >/dev/null && echo ping-ok')
like "$out" 'ping-ok' "minit as PID 1 (unshare --pid --fork): the link works"
out=$("$MINIT" --user --veth=h15j -- sh -c 'busybox ping -c1 -W5 10.200.0.1 >/dev/null && echo ping-ok')
like "$out" 'ping-ok' "--user as root: the link works"
. "$(dirname "$0")/rootfs-lib.sh"
if busybox_root "$TMP/root"; then
	out=$("$MINIT" --pid --root "$TMP/root" --hostname h15box --veth=h15r -- sh -c 'cat /etc/hosts; ping -c1 -W5 h15box >/dev/null && echo ping-ok')
	like "$out" '10\.200\.0\.2[[:space:]]+h15box' "--root: /etc/hosts maps --hostname to the sandbox's address"
	like "$out" 'ping-ok' "--root: the hostname resolves and answers inside"
else
	ok 1 "busybox root: could not be made"
fi
is "$(links)" "$base" "no interface left after the contexts"

# ---- failures: nothing left ----------------------------------------------
out=$("$MINIT" -vv --veth=h15k --netns h15k -- /nonexistent 2>&1); rc=$?
is "$rc" 127 "a command not found: 127"
like "$out" 'deleting the host end h15k' "-vv: minit deletes the host end of a run that never started"
is "$(links)" "$base" "no interface left at once"
ok $([ ! -e /run/netns/h15k ]; echo $?) "no /run/netns entry left"
bg l --veth=h15l --netns h15l -- sleep 60; pl=$bgpid
poll 10 up_in h15l
child=$(children $pl)
kill -KILL $pl; wait $pl 2>/dev/null || :
kill -KILL $child
ok $([ -e /run/netns/h15l ] && has_link h15l; echo $?) "SIGKILL of minit: the bind is left, and pins the namespace and its link"
"$MINIT" --netns h15m -- true
ok $([ ! -e /run/netns/h15l ]; echo $?) "the next minit with --netns removes the stale bind"
is "$(ip netns list)" "" "ip netns list is empty"
poll 10 no_link h15l
ok $? "the link goes with the namespace"
nolinks() { [ "$(links)" = "$base" ]; }
poll 10 nolinks
ok $? "no interface left"

# ---- bad input that needs the namespace: 125, one line, nothing left -------
bad() {  # bad DESC REGEX ARGS...
	local d=$1 re=$2 out rc; shift 2
	out=$("$MINIT" "$@" -- true 2>&1); rc=$?
	is "$rc" 125 "$d: exit 125"
	like "$out" "^minit: $re" "$d: says why"
	is "$(printf '%s\n' "$out" | wc -l)" 1 "$d: one line"
	is "$(links)" "$base" "$d: no interface left"
	is "$(ls /run/netns)" "$(printf '%s' "${keep_ns:-}")" "$d: no /run/netns entry left"
}
ip link add h15x type veth peer name h15xp
base=$(links)
bad "an existing HOSTIF" '--veth: h15x: an interface of that name exists' --veth=h15x
ip link del h15x; base=$(links)
touch /run/netns/h15y; keep_ns=h15y
bad "an existing --netns NAME" '--netns: /run/netns/h15y: exists' --veth=h15z --netns h15y
rm /run/netns/h15y; keep_ns=
ip addr add 10.201.0.1/30 dev lo
bad "a full pool" '--ip-pool: 10.201.0.0/30: no free /30' --veth=h15z --ip-pool 10.201.0.0/30
ip addr del 10.201.0.1/30 dev lo
# refused while parsing: run here all the same, so that a regression
# could never make a link on the machine (tests/bad_input.sh runs there)
bad "a bad address" "--ip: expected an IPv4 ADDR/PREFIX, got '10.0.0.300/24'" --veth=h15z --ip 10.0.0.300/24
bad "no prefix" "--ip: expected an IPv4 ADDR/PREFIX, got '10.0.0.2'" --veth=h15z --ip 10.0.0.2
bad "a prefix over 32" "--host-ip: prefix must be 0..32 in '10.0.0.1/33'" --veth=h15z --host-ip 10.0.0.1/33
bad "an IPv6 address for --ip" "--ip: expected an IPv4" --veth=h15z --ip fd00::1/64
bad "a bad --ip6" "--ip6: prefix must be 0..128 in 'fd00::1/129'" --veth=h15z --ip6 fd00::1/129
bad "host == sandbox" "--host-ip: the sandbox's own address" --veth=h15z --ip 10.5.0.2/24 --host-ip 10.5.0.2/24
bad "a /32 with no room for the host end" "--ip: no room for the host end in a /32" --veth=h15z --ip 10.5.0.2/32
bad "a pool narrower than /30" "--ip-pool: the pool must hold a /30, got '10.5.0.0/31'" --veth=h15z --ip-pool 10.5.0.0/31
bad "a HOSTIF too long" "--veth: expected an interface name of 1..15 bytes, got 'h15abcdefghijklm'" --veth=h15abcdefghijklm
bad "an empty HOSTIF" "--veth: expected an interface name" --veth=
bad "a HOSTIF with /" "--veth: expected an interface name" --veth=h15/a
bad "a NAME with /" "--netns: expected a name without '/', got 'h15/n'" --netns h15/n
bad "a NAME .." "--netns: expected a name without '/', got '..'" --netns ..
bad "--ip without --veth" "--ip, --host-ip, --ip-pool, --ip6: need --veth" --net --ip 10.5.0.2/24
MINIT_IP=x bad "MINIT_IP bad" "MINIT_IP: expected an IPv4 ADDR/PREFIX, got 'x'" --veth=h15z
out=$(setpriv --reuid 65534 --regid 65534 --clear-groups "$MINIT" --veth -- true 2>&1); rc=$?
is "$rc" 125 "rootless --veth: 125"
like "$out" '^minit: --veth: needs root' "rootless --veth: says it needs root"
out=$(setpriv --reuid 65534 --regid 65534 --clear-groups "$MINIT" --user --veth -- true 2>&1); rc=$?
like "$rc $out" '^125 minit: --veth: needs root' "rootless --user --veth: refused the same"
is "$(links)" "$base" "nothing left by the refusals"
done_testing
