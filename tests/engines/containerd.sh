#!/bin/bash
# containerd: a private containerd (its own root, state, socket and opt
# path under $TMP; the CRI plugin off), the Dockerfile.test tree imported
# as an OCI archive, `ctr run` with an absolute --cgroup of the test's own.
# ctr task kill TERM runs the app's trap and its status is the task's;
# USR1 reaches the app; exit codes; orphans reaped inside. The runc shim
# keeps its state in /run/containerd whatever the config: what it leaves
# there is removed.
. "$(dirname "$0")/lib.sh"
need_cmd containerd ctr containerd-shim-runc-v2 runc
need_busybox

C=$TMP/containerd
NS=$ENG			# the ctr namespace: the shim's runc state is named after it
IMG=docker.io/library/minit-eng:$$
mkdir -p "$C"
cat > "$C/config.toml" <<EOF
version = 2
root = "$C/root"
state = "$C/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.aufs",
	"io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper",
	"io.containerd.snapshotter.v1.zfs"]
[grpc]
  address = "$C/containerd.sock"
[ttrpc]
  address = ""
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$C/opt"
EOF
c() { ctr -a "$C/containerd.sock" -n "$NS" "$@"; }

# What of /run/containerd existed before us; the rest is the shim's.
pre=""
for d in /run/containerd /run/containerd/fifo /run/containerd/s /run/containerd/runc; do
	[ -d $d ] && pre="$pre $d"
done
run_leftovers() {  # what the shim left that is ours
	local d
	[ -e "/run/containerd/runc/$NS" ] && echo "/run/containerd/runc/$NS"
	for d in /run/containerd/runc /run/containerd/s /run/containerd/fifo /run/containerd; do
		case " $pre " in *" $d "*) ;; *) [ -d $d ] && echo $d;; esac
	done
}
CLEANUP='for t in $(c task ls -q 2>/dev/null); do c task kill -s SIGKILL "$t"; done
	for t in $(c task ls -q 2>/dev/null); do poll 10 c task delete "$t"; done
	for t in $(c containers ls -q 2>/dev/null); do c containers rm "$t"; done
	c images rm "$IMG" >/dev/null 2>&1
	stop_pid "$cpid"
	rm -rf "/run/containerd/runc/$NS"
	for d in /run/containerd/runc /run/containerd/s /run/containerd/fifo /run/containerd; do
		case " $pre " in *" $d "*) ;; *) rmdir $d 2>/dev/null;; esac
	done; '"$CLEANUP"

containerd --config "$C/config.toml" > "$TMP/containerd.log" 2>&1 & cpid=$!
poll 20 c version >/dev/null; ok $? "a private containerd answers on its own socket"

make_rootfs "$TMP/rootfs"
oci_archive "$TMP/rootfs" "$TMP/image.tar" "$IMG"
c images import "$TMP/image.tar" > "$TMP/import.log" 2>&1
ok $? "the Dockerfile.test tree imports as an OCI archive"

# run [--null-io] ID [ARGS...]: ctr run --rm in the foreground; the task's
# status.
run() {
	local io=""
	[ "$1" = --null-io ] && { io=$1; shift; }
	local id=$1; shift
	c run --rm $io --cgroup "$CGP/$id" --mount "type=bind,src=$X,dst=/x,options=rbind:rw" \
		"$IMG" "$id" "$@" < /dev/null > "$TMP/$id.out" 2> "$TMP/$id.err"
}

# ctr replaces the image's ENTRYPOINT with the arguments it is given, so
# the runs below name /minit; this one keeps it: /minit -- /bin/sh, which
# reads an empty stdin (ctr would keep a stdin pipe open) and exits 0.
run --null-io entry; is $? 0 "the image's ENTRYPOINT runs with no arguments"
run pid1 /minit -- sh -c "$APP_PID1"
like "$(cat "$TMP/pid1.out")" '^/minit -- sh -c ' "minit is PID 1 of the task"
is "$(c containers ls -q)" "" "ctr run --rm leaves no container"

for st in "exit 0:0" "exit 3:3" "kill 9:137" "kill 15:143"; do
	run st /minit -- /probe ${st%:*}
	is $? ${st#*:} "probe ${st%:*}: the task's status is ${st#*:}"
done

reset_marks
run trap /minit -- sh -c "$(app_trap TERM)" & rp=$!
poll 10 ready; ok $? "the app is up, its TERM trap set"
in_cgp; ok $? "the task is in a cgroup under $CGP"
c task kill -s SIGTERM trap
await $rp; is $? 42 "ctr task kill -s SIGTERM: the app's trap runs, its 42 is the task's status"
is "$(cat "$X/trap" 2>/dev/null)" trapped "the trap ran"

reset_marks
run usr1 /minit -- /probe sigwait /x/sig & rp=$!
poll 10 sig_seen ready
c task kill -s SIGUSR1 usr1
poll 10 sig_seen 10; ok $? "ctr task kill -s SIGUSR1 reaches the app"
c task kill -s SIGTERM usr1
await $rp; is $? 0 "the app's own status after TERM"

run zombies /minit -- sh -c "$APP_ZOMBIES"
is "$?:$(cat "$TMP/zombies.out")" "0:zombies left: 0" "100 orphans are reaped inside"

is "$(c task ls -q):$(c containers ls -q)" ":" "no task, no container left"
cleanup_now
ok $(gone $cpid; echo $?) "containerd stopped"
shims() {
	local f
	for f in /proc/[0-9]*/cmdline; do
		case "$(tr '\0' ' ' < "$f" 2>/dev/null)" in
		*containerd-shim*" -namespace $NS "*) echo "${f%/cmdline}";;
		esac
	done
}
no_shims() { [ -z "$(shims)" ]; }
poll 10 no_shims; ok $? "no shim of ours is left running"
is "$(run_leftovers)" "" "nothing of ours left in /run/containerd"
engine_done
