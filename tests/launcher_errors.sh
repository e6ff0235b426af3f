#!/bin/bash
# Known launcher failures: one line naming what failed and why, exit 125,
# and nothing left behind (mounts, processes).
. "$(dirname "$0")/lib.sh"
need_root
command -v setpriv >/dev/null || skip_all "setpriv missing"
chmod 1777 "$TMP"
mounts=$(proc_mounts)

check() {  # check DESC REGEX CMD...: 125, one line matching REGEX
	local desc=$1 re=$2; shift 2
	"$@" >/dev/null 2>"$TMP/err"; local rc=$?
	is $rc 125 "$desc: exit 125"
	is "$(wc -l < "$TMP/err")" 1 "$desc: one line"
	like "$(cat "$TMP/err")" "$re" "$desc: says why"
}

asnobody="setpriv --reuid=65534 --regid=65534 --clear-groups --"
check "--net without privilege" '^minit: --net: .*(not permitted|--user)' \
	$asnobody "$MINIT" --net -- true
check "--pid without privilege" '^minit: --pid: .*not permitted' \
	$asnobody "$MINIT" --pid -- true

# A /proc with something mounted over part of it is not "fully visible":
# the kernel refuses a fresh proc mount from a new user namespace there,
# as it does nested in a container with a masked /proc.
check "/proc mount refused" '^minit: mount /proc: ' \
	unshare --mount --propagation private sh -c \
	'mount -t tmpfs none /proc/sys && exec "$0" --user --pid -- true' "$MINIT"

# No user namespace to be had: nest 33 of them (the kernel's depth limit)
# and ask for one more. (The sysctl user.max_user_namespaces = 0 gives the
# same ENOSPC/EUSERS path; this machine does not let us write it.)
cmd="$MINIT --user -- true"
for i in $(seq 33); do cmd="unshare --user --map-root-user $cmd"; done
$cmd >/dev/null 2>"$TMP/err"; rc=$?
is $rc 125 "user namespaces unavailable: exit 125"
like "$(cat "$TMP/err")" '^minit: --user: .*user namespace' "user namespaces unavailable: says so"

is "$(proc_mounts)" "$mounts" "no mount left behind (on the host's /proc, where minit mounts)"
done_testing
