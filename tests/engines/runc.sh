#!/bin/bash
# runc: minit as the entrypoint of an OCI bundle whose rootfs is the
# Dockerfile.test tree. `runc kill TERM` runs the app's trap and its status
# is the container's; USR1 reaches the app; exit codes and signal deaths
# come through; orphans are reaped inside.
. "$(dirname "$0")/lib.sh"
need_cmd runc jq
need_busybox

R=$TMP/runc	# runc's own state, private to the test
rt() { runc --root "$R" "$@"; }
CLEANUP='for id in $(rt list -q 2>/dev/null); do rt delete -f "$id"; done; '"$CLEANUP"
oci_bundles runc || no_engine "runc spec failed"

oci_scenarios runc
engine_done
