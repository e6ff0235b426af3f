#!/bin/bash
# Each namespace option gives the command that namespace of its own and no
# other: its /proc/self/ns links compared with the host's, for every
# option alone and for --isolate. And --mount is private: a mount made
# inside does not reach a shared mount outside.
. "$(dirname "$0")/lib.sh"
need_root
kinds="pid net uts ipc mnt cgroup time user"
# nslinks: the command's namespaces, "kind:inode" each (pid and time as
# its children see them: the command is in them already).
nslinks() {
	local k
	for k in $kinds; do echo "$k:$(readlink /proc/self/ns/$k)"; done
}
host=$(nslinks)
# new OPTIONS...: the kinds in which the command is not in the host's namespace
new() {
	local out rc
	out=$("$MINIT" "$@" -- bash -c "kinds='$kinds'; $(declare -f nslinks); nslinks"); rc=$?
	[ $rc = 0 ] && [ -n "$out" ] || { echo "failed($rc)"; return; }
	diff <(echo "$host") <(echo "$out") | sed -n 's/^> \([a-z]*\):.*/\1/p' | tr '\n' ' ' | sed 's/ $//'
}
is "$(new)" "" "no option: every namespace is the host's"
is "$(new --pid)" "pid mnt" "--pid: pid (and mnt, for its own /proc)"
is "$(new --net)" "net" "--net: net alone"
is "$(new --uts)" "uts" "--uts: uts alone"
is "$(new --hostname x)" "uts" "--hostname: uts alone"
is "$(new --ipc)" "ipc" "--ipc: ipc alone"
is "$(new --mount)" "mnt" "--mount: mnt alone"
is "$(new --cgroupns)" "cgroup" "--cgroupns: cgroup alone"
is "$(new --time)" "time" "--time: time alone"
is "$(new --user)" "user" "--user: user alone"
is "$(new --isolate)" "pid net uts ipc mnt cgroup" "--isolate as root: all but time and user"
is "$(MINIT_IPC=1 MINIT_MOUNT=1 new)" "ipc mnt" "MINIT_IPC=1 MINIT_MOUNT=1: the same as the options"

# --mount: propagation private. A shared mount of the test's own (in a
# mount namespace of its own, so the host's table is untouched): what the
# command mounts under it inside --mount stays there.
before=$(proc_mounts)
mkdir -p "$TMP/shared"
out=$(unshare --mount --propagation private sh -c '
	mount -t tmpfs minit-ns-test "$1" && mount --make-shared "$1" && mkdir "$1/in" || exit 9
	"$2" --mount -- sh -c "mount -t tmpfs minit-ns-inner \"\$0/in\" && grep -c minit-ns-inner /proc/self/mountinfo" "$1"
	echo "outside $(grep -c minit-ns-inner /proc/self/mountinfo)"
	# the control: the same mount without --mount does propagate
	unshare --mount --propagation unchanged sh -c "mount -t tmpfs minit-ns-inner \"\$0/in\"" "$1"
	echo "control $(grep -c minit-ns-inner /proc/self/mountinfo)"' sh "$TMP/shared" "$MINIT")
is "$(echo $out)" "1 outside 0 control 1" "--mount: a mount inside does not propagate out (one without --mount does)"
is "$(proc_mounts)" "$before" "the host's /proc mounts are unchanged"
ok $(grep -q minit-ns- /proc/self/mountinfo; [ $? -ne 0 ]; echo $?) "no test mount is left on the host"
done_testing
