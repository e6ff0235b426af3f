#!/bin/bash
# docker: a private dockerd for the test (its own data, exec root, socket,
# pidfile and config under $TMP; no iptables, no bridge, no ip_forward
# change; cgroupfs under our $CGP; --init-path = the built minit), stopped
# by its pid at the end. Dockerfile.test built with docker build; minit as
# its ENTRYPOINT, then as `docker run --init` on an image with no init.
# docker stop runs the app's TERM trap and the app's status is the
# container's; kill -s USR1 reaches it; exit codes; orphans reaped.
. "$(dirname "$0")/lib.sh"
# /usr/bin/docker: the Debian client that goes with dockerd (another one
# may come first on PATH).
[ -x /usr/bin/docker ] || no_engine "/usr/bin/docker (docker.io) not installed"
need_cmd dockerd containerd runc
need_busybox

D=$TMP/docker
mkdir -p "$D"
echo '{}' > "$D/daemon.json"	# not /etc/docker/daemon.json
export DOCKER_HOST=unix://$D/docker.sock DOCKER_CONFIG=$D/client DOCKER_BUILDKIT=0
e() { /usr/bin/docker "$@"; }
IMG=$ENG:latest NOINIT=$ENG-noinit:latest

# What dockerd and its containerd create outside our folder whatever the
# flags: the trust key, containerd's opt and shim folders, plugin sockets.
own_paths /etc/docker/key.json /etc/docker /opt/containerd/lib /opt/containerd/bin \
	/opt/containerd /run/containerd/s /run/containerd/fifo /run/containerd \
	/run/docker/plugins /run/docker
CLEANUP='[ -S "$D/docker.sock" ] && { e rm -f $(e ps -a -q) > /dev/null 2>&1
		e rmi -f "$IMG" "$NOINIT" > /dev/null 2>&1; }
	stop_pid "$dpid" 30; remove_own; '"$CLEANUP"

# dockerd INIT: start the private daemon with INIT as --init-path.
start_dockerd() {
	dockerd --config-file "$D/daemon.json" --data-root "$D/data" --exec-root "$D/exec" \
		-H "$DOCKER_HOST" --pidfile "$D/docker.pid" \
		--iptables=false --ip-masq=false --ip-forward=false --bridge=none \
		--storage-driver=overlay2 --containerd-namespace "$ENG" \
		--containerd-plugins-namespace "$ENG-plugins" \
		--cgroup-parent "$CGP" --exec-opt native.cgroupdriver=cgroupfs \
		--init-path "$1" >> "$TMP/dockerd.log" 2>&1 & dpid=$!
	poll 30 e version > /dev/null
}
start_dockerd "$MINIT"; ok $? "a private dockerd answers on its own socket"

make_rootfs "$TMP/ctx"
make_rootfs "$TMP/noinit" noinit
e build -f "$TMP/ctx/Dockerfile.test" -t "$IMG" "$TMP/ctx" > "$TMP/build.log" 2>&1
ok $? "docker build -f Dockerfile.test (FROM scratch)"
e build -f "$TMP/noinit/Dockerfile.test" -t "$NOINIT" "$TMP/noinit" >> "$TMP/build.log" 2>&1
ok $? "the same image without minit, for --init"

# The cgroup parent is the daemon's (--cgroup-parent), not the run's.
opts=(--network none -v "$X:/x")
cli_scenarios entrypoint "$IMG" '^/minit -- sh -c ' "${opts[@]}"
cli_scenarios --init "$NOINIT" '^/sbin/docker-init -- sh -c ' --init "${opts[@]}"
# The very binary just built, by its checksum: a version string comes
# from the same source as any stale build's.
sum=$(sha256sum < "$MINIT" | cut -d' ' -f1)
is "$(e run --rm "${opts[@]}" "$IMG" sha256sum /minit | cut -d' ' -f1)" "$sum" \
	"the image's /minit is the built minit (sha256)"
is "$(e run --rm --init "${opts[@]}" "$NOINIT" sha256sum /sbin/docker-init | cut -d' ' -f1)" "$sum" \
	"--init: /sbin/docker-init is the built minit (dockerd --init-path, sha256)"
is "$(e run --rm --init "${opts[@]}" "$NOINIT" /sbin/docker-init --version)" \
	"$("$MINIT" --version)" "... and says minit's version"
# dockerd parses the init's --version as tini's ("NAME version X - git.HASH"):
# the commit shows in docker info, and the daemon logs no parse failure.
is "$(e info --format '{{.InitCommit.ID}}')" "$("$MINIT" --version | sed -n 's/.* - git\.//p')" \
	"docker info: the init version is minit's commit"
grep -q "failed to parse .*version\|unknown output format" "$TMP/dockerd.log"; ok $((!$?)) "... dockerd logged no parse failure"

# The packaged minit (make deb; .ci/run installs it): the same daemon and
# data, restarted with --init-path /usr/bin/minit, runs it as
# `docker run --init`. Only this case uses the installed binary.
if dpkg-query -W -f '${Status}' minit 2>/dev/null | grep -q " installed$" && [ -x /usr/bin/minit ]; then
	stop_pid "$dpid" 30
	start_dockerd /usr/bin/minit; ok $? "dockerd restarted with --init-path /usr/bin/minit (the minit package)"
	is "$(e run --rm --init "${opts[@]}" "$NOINIT" /sbin/docker-init --version)" \
		"$(/usr/bin/minit --version)" "[package] /sbin/docker-init is the installed /usr/bin/minit"
	cli_scenarios package "$NOINIT" '^/sbin/docker-init -- sh -c ' --init "${opts[@]}"
	like "$(e info --format '{{.InitCommit.ID}}')" '^([0-9a-f]{7,}|unknown)$' "[package] docker info shows its commit"
elif [ "${MINIT_REQUIRE_ENGINES:-0}" = 1 ]; then
	ok 1 "the minit package is installed (make deb; apt install ./build-deb/minit_*.deb)"
else
	T=$((T + 1)); echo "ok $T # SKIP the minit package is not installed (make deb)"
fi

is "$(e ps -a -q)" "" "no container left"
cleanup_now
ok $(gone $dpid; echo $?) "dockerd stopped"
is "$(own_left)" "" "nothing of docker's left outside the test's folder"
engine_done
