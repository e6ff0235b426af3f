#!/bin/bash
# crun: the runc scenarios on the same kind of bundle. On a hybrid cgroup
# machine crun refuses to run ("cgroups in hybrid mode not supported")
# unless the empty cgroup2 tree is hidden from it: each crun call runs in
# a private mount namespace without /sys/fs/cgroup/unified.
. "$(dirname "$0")/lib.sh"
need_cmd crun jq unshare
need_busybox

R=$TMP/crun	# crun's own state, private to the test
rt() {
	unshare -m --propagation private sh -c '
		if mountpoint -q /sys/fs/cgroup/unified; then umount /sys/fs/cgroup/unified || exit 125; fi
		exec crun "$@"' crun --root "$R" "$@"
}
CLEANUP='for id in $(rt list -q 2>/dev/null); do rt delete -f "$id"; done; '"$CLEANUP"
oci_bundles crun || no_engine "crun spec failed"

oci_scenarios crun
engine_done
