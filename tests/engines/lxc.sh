#!/bin/bash
# LXC: a container whose rootfs is the Dockerfile.test tree, minit as its
# init (lxc.init.cmd), run in the foreground with lxc-start -F, in a cgroup
# of the test's own (lxc.cgroup.dir). lxc-stop sends SIGPWR to the init:
# minit forwards it, the app's PWR trap runs and its status is the
# container's. lxc-start -F returns 0 whatever the init did: the status is
# read from its log (lxc_error_set_and_log). Signals from the host reach
# the app; exit codes; orphans reaped inside.
. "$(dirname "$0")/lib.sh"
need_cmd lxc-start lxc-stop lxc-info lxc-ls
need_busybox

LP=$TMP/lxc	# the lxcpath: one folder per container, with its config
mkdir -p "$LP"
make_rootfs "$TMP/rootfs"

# lxc-start keeps a lock per container in /run/lxc/lock/<lxcpath>/.<name>,
# folders included: note the ones that are not there yet.
lock_paths() {  # lock_paths NAME...
	local n d=/run/lxc/lock$LP
	for n; do echo "$d/.$n"; done
	while [ "$d" != /run ]; do echo "$d"; d=${d%/*}; done
}
names="$ENG-pid1 $ENG-st $ENG-pwr $ENG-nopwr $ENG-usr1 $ENG-zombies"
own_paths $(lock_paths $names)
CLEANUP='for n in $(lxc-ls -P "$LP" --running -1 2>/dev/null); do lxc-stop -k -n "$n" -P "$LP"; done
	remove_own; '"$CLEANUP"

# conf NAME: the container's config, keys verified on LXC 5 with a hybrid
# cgroup layout: no network, no console or ttys, /dev made by LXC, /proc
# and a read-only /sys, $X bound as /x.
conf() {
	mkdir -p "$LP/$1"
	cat > "$LP/$1/config" <<EOF
lxc.uts.name = $1
lxc.rootfs.path = dir:$TMP/rootfs
lxc.init.cmd = /minit
lxc.net.0.type = empty
lxc.cgroup.dir = ${CGP#/}/$1
lxc.console.path = none
lxc.tty.max = 0
lxc.pty.max = 0
lxc.autodev = 1
lxc.mount.auto = proc:mixed sys:ro
lxc.mount.entry = $X x none bind,create=dir 0 0
EOF
}
# start NAME ARGS...: lxc-start -F with minit and ARGS as the init's argv
# (output in $TMP/NAME.out, log in $TMP/NAME.log).
start() {
	local n=$1; shift
	conf "$n"
	rm -f "$TMP/$n.log"
	lxc-start -n "$n" -P "$LP" -F -o "$TMP/$n.log" -l INFO -- /minit -- "$@" \
		< /dev/null > "$TMP/$n.out" 2> "$TMP/$n.err"
}
# status NAME: the init's status, from the log (no line: it exited 0).
status() {
	grep -q 'Started "/minit"' "$TMP/$1.log" || { echo "not started"; return; }
	set -- $(sed -n 's/.*lxc_error_set_and_log:.*ended on \(error\|signal\) (\([0-9]*\)).*/\1 \2/p' "$TMP/$1.log" | tail -1)
	case ${1:-} in
	error) echo "$2";;
	signal) echo $((128 + $2));;
	*) echo 0;;
	esac
}
initpid() { lxc-info -n "$1" -P "$LP" -p -H 2>/dev/null; }

start $ENG-pid1 sh -c "$APP_PID1"
like "$(cat "$TMP/$ENG-pid1.out")" '^/minit -- sh -c ' "minit is PID 1 of the container"

for c in "exit 0:0" "exit 3:3" "kill 9:137" "kill 15:143"; do
	start $ENG-st /probe ${c%:*}
	is "$(status $ENG-st)" ${c#*:} "probe ${c%:*}: the status in lxc-start's log is ${c#*:}"
done

reset_marks
start $ENG-pwr sh -c "$(app_trap PWR)" & sp=$!
poll 10 ready; ok $? "the app is up, its PWR trap set"
pid=$(initpid $ENG-pwr)
cat "/proc/$pid/cgroup" > "$X/cgroup" 2>/dev/null	# the host's view: LXC uses a cgroup namespace
in_cgp; ok $? "the container is in a cgroup under $CGP"
lxc-stop -n $ENG-pwr -P "$LP" -t 60; ok $? "lxc-stop (SIGPWR to the init, KILL after 60 s)"
await $sp
is "$(cat "$X/trap" 2>/dev/null)" trapped "minit forwards SIGPWR: the app's trap ran"
is "$(status $ENG-pwr)" 42 "the app's 42 is the container's status"

# Without a handler, SIGPWR's default action ends the app: 128+30.
reset_marks
start $ENG-nopwr sh -c 'echo ready > /x/ready; exec /probe sleep inf' & sp=$!
poll 10 ready
lxc-stop -n $ENG-nopwr -P "$LP" -t 60; await $sp
is "$(status $ENG-nopwr)" 158 "an app without a PWR handler dies of it: 158"

reset_marks
start $ENG-usr1 /probe sigwait /x/sig & sp=$!
poll 10 sig_seen ready
pid=$(initpid $ENG-usr1)
kill -USR1 "$pid"; poll 10 sig_seen 10; ok $? "USR1 to the init from the host reaches the app"
kill -TERM "$pid"; await $sp
is "$(status $ENG-usr1)" 0 "TERM: the app's own status, 0"

start $ENG-zombies sh -c "$APP_ZOMBIES"
is "$(status $ENG-zombies):$(cat "$TMP/$ENG-zombies.out")" "0:zombies left: 0" "100 orphans are reaped inside"

is "$(lxc-ls -P "$LP" --running -1)" "" "no container left running"
cleanup_now
is "$(own_left)" "" "nothing of LXC's left in /run/lxc"
engine_done
