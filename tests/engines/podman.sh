#!/bin/bash
# podman: Dockerfile.test built with podman build; minit as its ENTRYPOINT,
# then as `podman run --init --init-path <minit>` on an image with no init.
# podman stop runs the app's TERM trap and the app's status is the
# container's; kill -s USR1 reaches it; exit codes; orphans reaped.
# Set up for this machine kind: runtime runc (crun refuses hybrid cgroups),
# cgroupfs, file events, no network, explicit ulimits (no CAP_SYS_RESOURCE
# to raise them), storage and tmp under $TMP; every container under $CGP.
. "$(dirname "$0")/lib.sh"
need_cmd podman runc conmon
need_busybox

P=$TMP/podman
mkdir -p "$P"
cat > "$P/containers.conf" <<CONF
[containers]
netns = "none"
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$P/events.log"
tmp_dir = "$P/tmp"
volume_path = "$P/volumes"
[network]
network_config_dir = "$P/networks"
CONF
cat > "$P/storage.conf" <<CONF
[storage]
driver = "overlay"
runroot = "$P/run"
graphroot = "$P/graph"
CONF
export CONTAINERS_CONF=$P/containers.conf CONTAINERS_STORAGE_CONF=$P/storage.conf
e() { podman "$@"; }
IMG=localhost/$ENG:latest NOINIT=localhost/$ENG-noinit:latest

# What podman creates outside our folder whatever its config: image copy
# caches, netavark's and the runtimes' state roots.
own_paths /var/lib/containers/cache/blob-info-cache-v1.boltdb /var/lib/containers/cache \
	/var/lib/containers /var/cache/containers/short-name-aliases.conf.lock \
	/var/cache/containers /run/containers/networks /run/containers /run/runc /run/crun
CLEANUP='e rm -f -a -t 0 > /dev/null 2>&1; e system reset -f > /dev/null 2>&1; remove_own; '"$CLEANUP"

make_rootfs "$TMP/ctx"
make_rootfs "$TMP/noinit" noinit
e build -f "$TMP/ctx/Dockerfile.test" -t "$IMG" "$TMP/ctx" > "$TMP/build.log" 2>&1
ok $? "podman build -f Dockerfile.test (FROM scratch)"
e build -f "$TMP/noinit/Dockerfile.test" -t "$NOINIT" "$TMP/noinit" >> "$TMP/build.log" 2>&1
ok $? "the same image without minit, for --init"

opts=(--cgroup-parent "$CGP" -v "$X:/x")
cli_scenarios entrypoint "$IMG" '^/minit -- sh -c ' "${opts[@]}"
cli_scenarios --init "$NOINIT" '^/run/podman-init -- sh -c ' --init --init-path "$MINIT" "${opts[@]}"
is "$(e run --rm --init --init-path "$MINIT" "${opts[@]}" "$NOINIT" /run/podman-init --version)" \
	"$("$MINIT" --version)" "--init: /run/podman-init is the built minit"

is "$(e ps -a -q)" "" "no container left"
cleanup_now
is "$(own_left)" "" "nothing of podman's left outside the test's folder"
engine_done
