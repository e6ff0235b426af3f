#!/bin/bash
# Kubernetes semantics without a cluster: a pod with shareProcessNamespace
# has the pause process as PID 1 and each container's entrypoint joins its
# PID namespace from outside (the runtime's shim is the parent). Here the
# pause is a probe that never reaps, in a PID namespace of its own, and
# minit joins it with nsenter: minit is NOT PID 1, and becomes a child
# subreaper by itself. Orphans are reaped by minit (none reach the pause);
# TERM to minit (what the kubelet sends) runs the app's trap, then the
# grace ends what the app left, KILL last; the status is passed on; the
# pause and the other containers' processes are not touched.
. "$(dirname "$0")/lib.sh"
need_cmd unshare nsenter

# The pod: unshare stays outside as the pod's parent; its child is PID 1.
unshare --pid --fork --mount-proc "$PROBE" sleep inf 2> "$TMP/unshare.err" & upid=$!
CLEANUP='[ -n "${pause:-}" ] && kill -KILL $pause; await $upid 10; '"$CLEANUP"
poll 10 has_children $upid
pause=$(children $upid)
ok $([ -n "$pause" ]; echo $?) "the pod's pause is up (host pid $pause)"
# "${in_pod[@]}" CMD...: a container process of the pod (its PID and mount
# namespaces); nsenter stays outside as its parent, as a shim would.
in_pod=(nsenter -t "$pause" -p -m --)
# The pod's processes, as host pids.
pod_pids() {
	local p ns
	ns=$(readlink /proc/$pause/ns/pid)
	for p in /proc/[0-9]*; do
		[ "$(readlink $p/ns/pid 2>/dev/null)" = "$ns" ] && echo ${p#/proc/}
	done
}
# host_pid NSPID: the host's pid of the pod's process NSPID.
host_pid() {
	local p
	for p in $(pod_pids); do
		[ "$(awk '/^NSpid:/ {print $NF}' /proc/$p/status 2>/dev/null)" = "$1" ] && echo $p
	done
}

out=$("${in_pod[@]}" "$MINIT" -v -- sh -c 'echo "app $$"; tr "\0" " " < /proc/1/cmdline; echo' 2>"$TMP/v.err")
like "$out" "^app [0-9]+"$'\n'"$PROBE sleep inf" "minit runs in the pod, the pause is PID 1"
like "$(echo "$out" | head -1)" '^app ([3-9]|[1-9][0-9]+)$' "minit is not PID 1 (nor its app PID 2)"
like "$(cat "$TMP/v.err")" 'not PID 1: became a child subreaper' "minit says it became a child subreaper"

for c in "exit 0:0" "exit 3:3" "kill 9:137" "kill 15:143"; do
	"${in_pod[@]}" "$MINIT" -- "$PROBE" ${c%:*}
	is $? ${c#*:} "probe ${c%:*}: the status is ${c#*:}"
done

# 100 orphans: reparented to minit, the subreaper, which reaps them. Had
# they reached the pause, which never reaps, they would stay zombies.
out=$("${in_pod[@]}" "$MINIT" -- sh -c "${APP_ZOMBIES//\/probe/$PROBE}")
is "$?:$out" "0:zombies left: 0" "100 orphans are reaped by minit, not left to the pause"
is "$(zombies_of $pause):$(children $pause)" "0:" "the pause got no orphan"

# Another container of the pod: must outlive minit's grace.
"${in_pod[@]}" "$PROBE" sleep inf & sib=$!
poll 10 has_children $sib; sibling=$(children $sib)
CLEANUP='kill -KILL ${sibling:-} 2>/dev/null; wait $sib 2>/dev/null; '"$CLEANUP"

# TERM to minit: the app's trap exits 42; what the app left is TERMed (a
# polite orphan's trap runs), then KILLed after the grace (one that
# ignores TERM).
cat > "$TMP/app.sh" <<'EOF'
# app.sh X PROBE
trap "echo trapped > $1/trap; exit 42" TERM
setsid sh -c 'trap "echo polite > $0/polite; exit 0" TERM; "$1" sleep inf & : > "$0/p1"; wait' "$1" "$2" &
sh -c 'trap "" TERM; echo $$ > "$0/p2.t"; mv "$0/p2.t" "$0/p2"; exec "$1" sleep inf' "$1" "$2" &
while [ ! -e "$1/p1" ] || [ ! -e "$1/p2" ]; do sleep 0.01; done
echo ready > "$1/ready"
wait
EOF
reset_marks
"${in_pod[@]}" "$MINIT" -v -G 1s -- sh "$TMP/app.sh" "$X" "$PROBE" 2> "$TMP/grace.err" & npid=$!
poll 10 ready; ok $? "the app is up with its trap, a polite and a stubborn child"
stub=$(host_pid "$(cat "$X/p2")")
like "$stub" '^[0-9]+$' "the stubborn one (ignoring TERM) found: pid $stub"
m=$(children $npid)
kill -TERM $m
await $npid 30; is $? 42 "TERM: the app's trap runs, its 42 is minit's status"
is "$(cat "$X/trap" 2>/dev/null)" trapped "the app's trap ran"
is "$(cat "$X/polite" 2>/dev/null)" polite "the grace TERMed the polite orphan, its trap ran"
like "$(cat "$TMP/grace.err")" 'grace over: KILL' "minit says the grace ran out"
gone "${stub:-none}"; ok $? "... and the stubborn one is dead: KILLed, since it ignored TERM"
is "$(pod_pids | sort -n | tr '\n' ' ')" "$(printf '%s\n' $pause $sibling | sort -n | tr '\n' ' ')" \
	"nothing of minit's is left; the pause and the other container live on"

cleanup_now
ok $(gone $pause; echo $?) "the pod is gone"
engine_done
