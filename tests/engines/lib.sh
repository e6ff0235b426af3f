# tests/engines/lib.sh: what the engine suites share (sourced; it sources
# tests/lib.sh). The image tree of Dockerfile.test, an OCI archive of it,
# the apps the scenarios run inside, and the machine rules every engine
# obeys: an absolute cgroup parent of the test's own (removed at the end),
# private state under $TMP, nothing left running.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
: "${MINIT:=$top/minit}" "${PROBE:=$top/probe}"
. "$top/tests/lib.sh"
need_root
# k8s.sh runs no image: minit and the probe straight from the host.
[ "$(basename "$0")" = k8s.sh ] || san_skip "the images are FROM scratch: no libc, no libasan for a dynamic minit"

ENG=minit-eng-$$	# containers, images and cgroups of this run
CGP=/$ENG		# the absolute cgroup parent every engine is given
X=$TMP/x		# bind-mounted as /x: the apps leave their marks there
mkdir -p "$X"

# no_engine REASON: skip the suite, with the reason; where the engines are
# required (MINIT_REQUIRE_ENGINES=1 or MINIT_REQUIRE_ALL=1, as in CI) that
# is a failure instead.
no_engine() {
	if [ "${MINIT_REQUIRE_ENGINES:-0}" = 1 ]; then
		echo "1..1"; echo "not ok 1 - $* (MINIT_REQUIRE_ENGINES=1: no skipping)"; exit 1
	fi
	skip_all "$@"
}
# need_cmd CMD...: no_engine unless all are installed.
need_cmd() {
	local c
	for c; do command -v "$c" >/dev/null 2>&1 || no_engine "$c not installed"; done
}

BUSYBOX=$(command -v busybox 2>/dev/null)
# A FROM-scratch image needs the static build (Debian's busybox-static).
need_busybox() {
	[ -n "$BUSYBOX" ] && ! ldd "$BUSYBOX" >/dev/null 2>&1 ||
		no_engine "static busybox (busybox-static) not installed"
}

# Every hierarchy an engine may create groups in: the v1 controllers and
# the v2 tree (empty on a hybrid machine, but engines still write there).
HIER=$(awk '{for (i = 1; i <= NF; i++) if ($i == "-") { if ($(i+1) ~ /^cgroup2?$/) print $5; break }}' /proc/self/mountinfo)
# Our groups, deepest first; a group whose last task is still leaving is
# busy for a moment, so try again for a bounded while.
cg_rmdir() {
	local h
	for h in $HIER; do
		[ -d "$h$CGP" ] && find "$h$CGP" -depth -type d -exec rmdir {} \; 2>/dev/null
	done
	[ "$(cg_left)" = 0 ]
}
cg_left() { local h; for h in $HIER; do [ -d "$h$CGP" ] && echo "$h$CGP"; done | wc -l; }

# Mounts an engine left under DIR (overlay, shm, netns), deepest first.
umount_under() {
	local m
	for m in $(awk -v d="$1/" 'index($5, d) == 1 {print $5}' /proc/self/mountinfo | sort -r); do
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null
	done
}
mounts_under() { awk -v d="$1/" 'index($5, d) == 1' /proc/self/mountinfo | wc -l; }

# The last step of every cleanup, after the engine's own (which the suites
# put in front of it): what the engine left is counted, then removed.
LEFT_MNT=0
sweep() {
	LEFT_MNT=$((LEFT_MNT + $(mounts_under "$TMP")))
	umount_under "$TMP"
	poll 10 cg_rmdir
}
CLEANUP='sweep'

# cleanup_now: stop and remove everything now rather than at exit (what
# the engine said goes to the TAP as comments when something failed).
cleanup_now() {
	local f
	if [ "$FAILED" -gt 0 ]; then
		for f in "$TMP"/*.err "$TMP"/*.log; do
			[ -s "$f" ] && { echo "# ${f##*/}:"; tail -n 6 "$f" | sed 's/^/#   /'; }
		done
	fi
	eval "$CLEANUP"
	CLEANUP=""
}
# engine_done: cleanup_now, check that the engine left no mount and that
# our cgroups were empty (nothing running), then print the plan.
engine_done() {
	[ -z "$CLEANUP" ] || cleanup_now
	is "$LEFT_MNT" 0 "cleanup: no mount left under the test's folder"
	is "$(cg_left)" 0 "cleanup: the cgroups under $CGP were empty and are removed"
	done_testing
}

# await PID [SECONDS]: wait for a background job, bounded; its status
# (KILLed at the bound: the suite goes on and says what failed).
await() {
	poll "${2:-30}" gone "$1" || { echo "# $1 still running after ${2:-30} s: killed"; kill -KILL "$1"; }
	wait "$1"
}

# stop_pid PID [SECONDS]: TERM a daemon we started, KILL it if it lingers.
stop_pid() {
	[ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
	kill -TERM "$1" 2>/dev/null
	poll "${2:-20}" gone "$1" || kill -KILL "$1" 2>/dev/null
	poll 5 gone "$1"
}

# own_paths PATH...: some engines create these outside our folder whatever
# their config (caches, lock files, a runtime's state root): note the ones
# that do not exist yet, in removal order (contents first), for
# remove_own to take away again: files, and folders once empty.
OWN=""
own_paths() { local p; for p; do [ -e "$p" ] || OWN="$OWN $p"; done; }
remove_own() {
	local p
	for p in $OWN; do
		if [ -d "$p" ]; then rmdir "$p" 2>/dev/null; else rm -f "$p"; fi
	done
}
own_left() { local p; for p in $OWN; do [ -e "$p" ] && echo "$p"; done; }

# make_rootfs DIR [noinit]: the Dockerfile.test tree, which is also the
# build context: /minit, /probe, /bin/busybox and a link per applet, and
# the mount points an OCI bundle needs. "noinit": the same without minit,
# for --init.
make_rootfs() {
	local d=$1 a
	mkdir -p "$d/bin" "$d/proc" "$d/sys" "$d/dev" "$d/tmp" "$d/x"
	[ "${2:-}" = noinit ] || cp "$MINIT" "$d/minit"
	cp "$PROBE" "$d/probe"
	cp "$BUSYBOX" "$d/bin/busybox"
	for a in $("$BUSYBOX" --list); do
		[ -e "$d/bin/$a" ] || ln -s busybox "$d/bin/$a"
	done
	cp "$top/Dockerfile.test" "$d/"
	if [ "${2:-}" = noinit ]; then
		# The image an --init run starts from: no init of its own.
		grep -v -e minit -e ENTRYPOINT "$top/Dockerfile.test" > "$d/Dockerfile.test"
	fi
}

# oci_archive ROOTFS OUT REF: an OCI image layout of ROOTFS as one
# uncompressed layer, with the entrypoint of Dockerfile.test, tarred for
# `ctr images import` (no registry, no builder needed).
oci_archive() {
	local root=$1 out=$2 ref=$3 o=$TMP/oci arch layer cfg man
	arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
	rm -rf "$o"; mkdir -p "$o/blobs/sha256"
	tar --sort=name --numeric-owner --owner=0 --group=0 --mtime=@0 \
		--exclude=./Dockerfile.test -C "$root" -cf "$o/layer.tar" . || return 1
	layer=$(sha256sum < "$o/layer.tar" | cut -d' ' -f1)
	mv "$o/layer.tar" "$o/blobs/sha256/$layer"
	printf '{"architecture":"%s","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Entrypoint":["/minit","--"],"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
		"$arch" "$layer" > "$o/config"
	cfg=$(sha256sum < "$o/config" | cut -d' ' -f1)
	printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%d}]}' \
		"$cfg" "$(stat -c %s "$o/config")" "$layer" "$(stat -c %s "$o/blobs/sha256/$layer")" > "$o/manifest"
	man=$(sha256sum < "$o/manifest" | cut -d' ' -f1)
	printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%d,"platform":{"architecture":"%s","os":"linux"},"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
		"$man" "$(stat -c %s "$o/manifest")" "$arch" "$ref" "${ref##*:}" > "$o/index.json"
	mv "$o/config" "$o/blobs/sha256/$cfg"
	mv "$o/manifest" "$o/blobs/sha256/$man"
	echo '{"imageLayoutVersion":"1.0.0"}' > "$o/oci-layout"
	tar -C "$o" -cf "$out" oci-layout index.json blobs && rm -rf "$o"
}

# oci_bundles RUNTIME: the rootfs in $TMP/rootfs and the runtime's default
# spec in $TMP/spec.json, for bundle to derive each run's config from.
oci_bundles() {
	make_rootfs "$TMP/rootfs"
	"$1" spec -b "$TMP" 2>/dev/null || (cd "$TMP" && "$1" spec) || return 1
	mv "$TMP/config.json" "$TMP/spec.json"
}
# bundle ID ARGS...: the bundle $TMP/b/ID running ARGS under minit, without
# a terminal, in the cgroup $CGP/ID, with /x bound to $X.
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

# ---- the apps: what runs under minit in every engine ---------------------
# Each leaves its marks in /x (the host's $X), so the host waits for a
# condition, never for a time.

# TERM (or, for LXC, PWR) runs the app's trap, which exits 42; a child of
# the app is left for minit's grace to end.
app_trap() {  # app_trap SIG
	echo 'trap "echo trapped > /x/trap; exit 42" '"$1"'
		cat /proc/self/cgroup > /x/cgroup
		/probe sleep inf & echo ready > /x/ready; wait'
}
# in_cgp: the app's cgroup, as the kernel shows it inside (no cgroup
# namespace), is under $CGP.
in_cgp() { grep -Eq "^[0-9]+:[^:]*:$CGP/" "$X/cgroup"; }
# 100 orphans; the app then waits (bounded) until no zombie is left in
# the container and says how many it saw last.
APP_ZOMBIES='/probe zombies 100 || exit 9
	i=0; while z=$(grep -l "^State:.*Z" /proc/[0-9]*/status 2>/dev/null); [ -n "$z" ] && [ $i -lt 1000 ]; do
		i=$((i + 1)); sleep 0.01
	done
	echo "zombies left: $(echo $z | wc -w)"; [ -z "$z" ]'
# What PID 1 is inside.
APP_PID1='cat /proc/1/cmdline | tr "\0" " "; echo'

reset_marks() { rm -f "$X"/*; }
ready() { test -s "$X/ready"; }
sig_seen() { grep -qx "$1" "$X/sig" 2>/dev/null; }

# oci_run ID ARGS...: `rt run` in the foreground, output in $TMP/ID.out
# and .err; the container's status.
oci_run() {
	local id=$1
	bundle "$@"
	rt run -b "$TMP/b/$id" "$id" > "$TMP/$id.out" 2> "$TMP/$id.err"
}

# oci_scenarios NAME: the OCI runtime suites (runc, crun), on bundles made
# by oci_bundles; the suite defines rt, its runtime's command line.
oci_scenarios() {
	local c rp

	oci_run pid1 sh -c "$APP_PID1"
	like "$(cat "$TMP/pid1.out")" '^/minit -- sh -c ' "minit is PID 1 of the container"

	for c in "exit 0:0" "exit 3:3" "kill 9:137" "kill 15:143"; do
		oci_run st /probe ${c%:*}
		is $? ${c#*:} "probe ${c%:*}: the container's status is ${c#*:}"
	done

	reset_marks
	oci_run trap sh -c "$(app_trap TERM)" & rp=$!
	poll 10 ready; ok $? "the app is up, its TERM trap set"
	in_cgp; ok $? "the container is in a cgroup under $CGP"
	rt kill trap TERM
	await $rp; is $? 42 "$1 kill TERM: the app's trap runs, its 42 is the container's status"
	is "$(cat "$X/trap" 2>/dev/null)" trapped "the trap ran"

	reset_marks
	oci_run usr1 /probe sigwait /x/sig & rp=$!
	poll 10 sig_seen ready
	rt kill usr1 USR1
	poll 10 sig_seen 10; ok $? "$1 kill USR1 reaches the app"
	rt kill usr1 TERM
	await $rp; is $? 0 "the app's own status after TERM"

	oci_run zombies sh -c "$APP_ZOMBIES"
	is "$?:$(cat "$TMP/zombies.out")" "0:zombies left: 0" "100 orphans are reaped inside"

	is "$(rt list -q)" "" "no container left"
}

# cli_scenarios NAME IMAGE PID1-REGEX [RUN-OPTION...]: the docker and podman
# suites (the same command lines); the suite defines e, its engine's
# command. The run options bind $X as /x (and give podman its cgroup
# parent; dockerd has its own).
cli_scenarios() {
	local n=$1 img=$2 re=$3 c name; shift 3

	e run --rm "$@" "$img" sh -c "$APP_PID1" > "$TMP/pid1.out" 2>> "$TMP/run.err"
	like "$(cat "$TMP/pid1.out")" "$re" "[$n] minit is PID 1"

	for c in "exit 0:0" "exit 3:3" "kill 9:137" "kill 15:143"; do
		e run --rm "$@" "$img" /probe ${c%:*} 2>> "$TMP/run.err"
		is $? ${c#*:} "[$n] probe ${c%:*}: the container's status is ${c#*:}"
	done

	reset_marks
	name=$ENG-trap
	e run -d --name $name "$@" "$img" sh -c "$(app_trap TERM)" > /dev/null 2>> "$TMP/run.err"
	poll 20 ready; ok $? "[$n] the app is up, its TERM trap set"
	in_cgp; ok $? "[$n] the container is in a cgroup under $CGP"
	# A minit that did not forward TERM would be KILLed after the 60 s: 137.
	e stop -t 60 $name > /dev/null
	is "$(e wait $name)" 42 "[$n] stop: the app's trap runs, its 42 is the container's status"
	is "$(cat "$X/trap" 2>/dev/null)" trapped "[$n] the trap ran"
	e rm $name > /dev/null

	reset_marks
	name=$ENG-usr1
	e run -d --name $name "$@" "$img" /probe sigwait /x/sig > /dev/null 2>> "$TMP/run.err"
	poll 20 sig_seen ready
	e kill -s USR1 $name > /dev/null
	poll 10 sig_seen 10; ok $? "[$n] kill -s USR1 reaches the app"
	e stop -t 60 $name > /dev/null
	is "$(e wait $name)" 0 "[$n] the app's own status after stop"
	e rm $name > /dev/null

	e run --rm "$@" "$img" sh -c "$APP_ZOMBIES" > "$TMP/zombies.out" 2>> "$TMP/run.err"
	is "$?:$(cat "$TMP/zombies.out")" "0:zombies left: 0" "[$n] 100 orphans are reaped inside"
}
