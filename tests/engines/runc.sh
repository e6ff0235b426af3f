#!/bin/bash
# runc: minit as the entrypoint of an OCI bundle whose rootfs is the
# Dockerfile.test tree. `runc kill TERM` runs the app's trap and its status
# is the container's; USR1 reaches the app; exit codes and signal deaths
# come through; orphans are reaped inside.
. "$(dirname "$0")/lib.sh"
need_cmd runc jq
need_busybox

R=$TMP/runc	# runc's own state, private to the test
CLEANUP='for id in $(runc --root "$R" list -q 2>/dev/null); do runc --root "$R" delete -f "$id"; done; '"$CLEANUP"
make_rootfs "$TMP/rootfs"
runc spec -b "$TMP" && mv "$TMP/config.json" "$TMP/spec.json" || skip_all "runc spec failed"

# bundle ID ARGS...: a bundle running ARGS under minit, in cgroup $CGP/ID,
# with /x bound to $X.
bundle() {
	local id=$1 a; shift
	mkdir -p "$TMP/b/$id"
	# (jq --args would take an argument like -c for its own option.)
	for a in /minit -- "$@"; do jq -n --arg a "$a" '$a'; done | jq -s . > "$TMP/b/$id/args"
	jq --arg root "$TMP/rootfs" --arg cg "$CGP/$id" --arg x "$X" \
		--slurpfile args "$TMP/b/$id/args" '
		.process.terminal = false
		| .process.args = $args[0]
		| .root.path = $root
		| .linux.cgroupsPath = $cg
		| .mounts += [{destination: "/x", type: "bind", source: $x, options: ["rbind", "rw"]}]' \
		"$TMP/spec.json" > "$TMP/b/$id/config.json"
}
# run ID ARGS...: runc run in the foreground; the container's status.
run() {
	local id=$1
	bundle "$@"
	runc --root "$R" run -b "$TMP/b/$id" "$id" > "$TMP/$id.out" 2> "$TMP/$id.err"
}

run pid1 sh -c "$APP_PID1"
like "$(cat "$TMP/pid1.out")" '^/minit -- sh -c ' "minit is PID 1 of the container"

for c in "exit 0:0" "exit 3:3" "kill 9:137" "kill 15:143"; do
	run st /probe ${c%:*}
	is $? ${c#*:} "probe ${c%:*}: the container's status is ${c#*:}"
done

reset_marks
run trap sh -c "$(app_trap TERM)" & rp=$!
poll 10 ready; ok $? "the app is up, its TERM trap set"
runc --root "$R" kill trap TERM
await $rp; is $? 42 "runc kill TERM: the app's trap runs, its 42 is the container's status"
is "$(cat "$X/trap" 2>/dev/null)" trapped "the trap ran"

reset_marks
run usr1 /probe sigwait /x/sig & rp=$!
poll 10 sig_seen ready
runc --root "$R" kill usr1 USR1
poll 10 sig_seen 10; ok $? "runc kill USR1 reaches the app"
runc --root "$R" kill usr1 TERM
await $rp; is $? 0 "the app's own status after TERM"

run zombies sh -c "$APP_ZOMBIES"
is "$?:$(cat "$TMP/zombies.out")" "0:zombies left: 0" "100 orphans are reaped inside"

is "$(runc --root "$R" list -q)" "" "no container left"
engine_done
