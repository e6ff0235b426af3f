#!/bin/bash
# bench/net.sh: --veth's price and the link's, for bench/run.sh (section 10).
# Runs itself in a throwaway network and mount namespace that plays the
# host (unshare --net --mount, a tmpfs on /run): no interface or address
# touches the machine, no packet leaves. Prints a markdown section.
#   MINIT BENCH_BIN LROUNDS (launches per contender) NET_MIB (bulk size)
set -u
if [ "${1:-}" != inner ]; then
	exec unshare --net --mount bash "$0" inner
fi
mount -t tmpfs h15bench /run
ip link set lo up
: "${LROUNDS:=300}" "${NET_MIB:=1024}" "${RR:=20000}"
T=$BENCH_BIN/timeit
tmp=$(mktemp -d /tmp/minit-netbench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkfifo "$tmp/ready" "$tmp/go"
# The classic recipe, the fastest way by hand: one ip batch per side.
cat > "$tmp/recipe.sh" <<EOS
unshare -n sh -c 'echo > $tmp/ready; read x < $tmp/go; exec /bin/true' & p=\$!
read x < $tmp/ready
ip -b - <<E
link add h15sh type veth peer name eth0 netns \$p
addr add 10.200.0.1/30 dev h15sh
link set h15sh up
E
nsenter -t \$p -n ip -b - <<E
addr add 10.200.0.2/30 dev eth0
link set eth0 up
route add default via 10.200.0.1
E
echo > $tmp/go; wait \$p; ip link del h15sh 2>/dev/null
exit 0
EOS
"$T" "$LROUNDS" floor-net "$BENCH_BIN/netfloor" net /bin/true \
	:: floor-veth "$BENCH_BIN/netfloor" veth /bin/true \
	:: minit-net "$MINIT" --net -- /bin/true \
	:: minit-veth "$MINIT" --net --veth=h15bv -- /bin/true \
	:: recipe bash "$tmp/recipe.sh" > "$tmp/launch"
g() { awk -v n="$1" '$1 == n {print $2}' "$tmp/launch"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'; }
fn=$(g floor-net) fv=$(g floor-veth) mn=$(g minit-net) mv=$(g minit-veth) rc=$(g recipe)
fd=$(awk -v a="$fv" -v b="$fn" 'BEGIN {printf "%.0f", a - b}')
md=$(awk -v a="$mv" -v b="$mn" 'BEGIN {printf "%.0f", a - b}')

# TCP: the host side to a server in the sandbox over the veth, and the
# same pair of programs over lo inside one sandbox.
"$MINIT" --veth=h15bt -- "$BENCH_BIN/tcpbench" serve 7001 2 & sp=$!
vrr=$("$BENCH_BIN/tcpbench" rr 10.200.0.2 7001 "$RR")
vbulk=$("$BENCH_BIN/tcpbench" bulk 10.200.0.2 7001 "$NET_MIB")
wait $sp
lo=$("$MINIT" --net -- sh -c "'$BENCH_BIN/tcpbench' serve 7001 2 & '$BENCH_BIN/tcpbench' rr 127.0.0.1 7001 $RR; '$BENCH_BIN/tcpbench' bulk 127.0.0.1 7001 $NET_MIB; wait")
lrr=$(echo "$lo" | sed -n 1p) lbulk=$(echo "$lo" | sed -n 2p)

echo "## 10. Networking: \`--veth\` against \`--net\`, the kernel's floor and the recipe by hand; TCP over the veth and over lo"
echo
echo "In a throwaway network namespace playing the host; $LROUNDS launches of /bin/true per contender, interleaved; medians."
echo "floor: bench/netfloor.c, one clone3 into a new network namespace, lo up, exec, wait; with veth, the netlink messages"
echo "minit sends (pair with the peer born as eth0, address and up on each end, the default route, the host end deleted), each acked."
echo "recipe: bench/net.sh, \`unshare -n\`, one \`ip -b\` batch on the host side (link add … netns PID, addr, up), one \`nsenter -n ip -b\`"
echo "inside (addr, up, default route), \`ip link del\` after."
echo
echo "| launch | median µs |"
echo "| --- | ---: |"
echo "| floor, net | $fn |"
echo "| floor, net + veth | $fv |"
echo "| minit --net | $mn |"
echo "| minit --net --veth | $mv |"
echo "| the recipe by hand | $rc |"
echo
echo "--veth's added cost: minit $md µs, the kernel's floor $fd µs, ratio $(ratio "$md" "$fd") (target ≤ 1.5)."
echo "minit --net --veth against the recipe by hand: $(ratio "$mv" "$rc") (target ≤ 0.4)."
echo
echo "| TCP, host side ↔ sandbox | over the veth | over lo inside | veth / lo |"
echo "| --- | ---: | ---: | ---: |"
echo "| round trip, 1 byte, median µs ($RR) | $vrr | $lrr | $(ratio "$vrr" "$lrr") |"
echo "| $NET_MIB MiB one way, s | ${vbulk%% *} | ${lbulk%% *} | $(ratio "${vbulk%% *}" "${lbulk%% *}") |"
echo "| $NET_MIB MiB one way, MiB/s | ${vbulk##* } | ${lbulk##* } | |"
echo
awk '$5 != 0 {print "failures: " $1 " " $5}' "$tmp/launch"
