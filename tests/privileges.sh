#!/bin/bash
# Privilege options, seen from the command's /proc/self/status:
# --no-new-privs, --cap-drop, --run-as; and minit refuses to run setuid
# or setgid.
. "$(dirname "$0")/lib.sh"
need_root

field() {  # field NAME OPTIONS...: a line of the command's status
	local f=$1; shift
	"$MINIT" "$@" -- awk -v f="$f:" '$1 == f { $1 = ""; print substr($0, 2) }' /proc/self/status
}
# cap_set HEXMASK N: is capability N in the mask?
cap_set() { (( (16#$1 >> $2) & 1 )); }

is "$(field NoNewPrivs)" 0 "without the option, no_new_privs is off"
is "$(field NoNewPrivs --no-new-privs)" 1 "--no-new-privs sets it"
is "$(MINIT_NO_NEW_PRIVS=1 field NoNewPrivs)" 1 "MINIT_NO_NEW_PRIVS=1 too"

bnd=$(field CapBnd); eff=$(field CapEff)
cap_set "$bnd" 13 && cap_set "$eff" 21; ok $? "root's command has CAP_NET_RAW (13) and CAP_SYS_ADMIN (21) by default"
for f in CapBnd CapEff CapPrm; do
	m=$(field $f --cap-drop net_raw,CAP_SYS_ADMIN)
	! cap_set "$m" 13 && ! cap_set "$m" 21 && cap_set "$m" 0; ok $? "--cap-drop net_raw,CAP_SYS_ADMIN: gone from $f ($m), CAP_CHOWN kept"
done
for f in CapBnd CapEff CapPrm CapInh CapAmb; do
	is "$(field $f --cap-drop all)" 0000000000000000 "--cap-drop all: $f empty"
done
"$MINIT" --cap-drop sys_admin -- mount -t tmpfs none "$TMP" 2>/dev/null
rc=$?; umount "$TMP" 2>/dev/null; [ $rc -ne 0 ]; ok $? "without CAP_SYS_ADMIN, mount fails for real"

is "$(field Uid --run-as 1234:5678)" "1234 1234 1234 1234" "--run-as 1234:5678: every uid"
is "$(field Gid --run-as 1234:5678)" "5678 5678 5678 5678" "... every gid"
# (The caller gets groups of its own first: from none, nothing would show.)
is "$(setpriv --groups 4,27 -- bash -c "$(declare -f field); MINIT='$MINIT' field Groups")" "4 27" \
	"the caller here has groups 4 and 27"
is "$(setpriv --groups 4,27 -- bash -c "$(declare -f field); MINIT='$MINIT' field Groups --run-as 1234:5678")" "" \
	"... supplementary groups cleared"
is "$(field CapEff --run-as 1234:5678)" 0000000000000000 "... no capability left"
is "$(field Gid --run-as 4321)" "4321 4321 4321 4321" "--run-as UID: the gid defaults to the uid"
m=$(field CapBnd --run-as 1234 --cap-drop net_raw)
! cap_set "$m" 13 && cap_set "$m" 0; ok $? "--run-as with --cap-drop: the bounding set keeps the rest"
chmod 700 "$TMP"
"$MINIT" --run-as 1234 -- sh -c "touch $TMP/x" 2>/dev/null; ok $((!$?)) "--run-as is real: root's private folder is not writable"
[ ! -e "$TMP/x" ]; ok $? "... no file appeared"
# Privileges drop in the command, not in minit: it still signals it.
"$MINIT" --run-as 1234 --no-new-privs --cap-drop all -- "$PROBE" exit 7; is $? 7 "dropped privileges, status still passed on"
"$MINIT" --pid --run-as 1234 --cap-drop all -- "$PROBE" exit 8; is $? 8 "... with --pid too"

# Installed setuid or setgid, minit refuses to start (125).
# (On a nosuid /tmp, the first folder nobody can reach that allows setuid.)
chmod 755 "$TMP"; sd=""
for d in "$TMP" /var/tmp "$(dirname "$(readlink -f "$MINIT")")"; do
	[ -d "$d" ] && ! findmnt -no OPTIONS -T "$d" | grep -qw nosuid || continue
	[ "$d" = "$TMP" ] && sd=$TMP && break
	sd=$(mktemp -d "$d/minit-suid.XXXXXX") && chmod 755 "$sd" && CLEANUP="rm -rf '$sd'; $CLEANUP" && break
done
if [ -z "$sd" ] || ! setpriv --reuid=65534 --regid=65534 --clear-groups -- test -r "$sd"; then
	skip_one "no folder both reachable by nobody and not mounted nosuid"
else
	cp "$MINIT" "$sd/minit-suid"
	for mode in 4755:setuid 2755:setgid; do
		# setgid and not root: LeakSanitizer cannot ptrace the process
		# at exit, nor can ASan read ASAN_OPTIONS to be told otherwise.
		if [ $mode = 2755:setgid ] && [ -n "${MINIT_SAN:-}" ]; then
			san_skip_one "installed setgid: LeakSanitizer fails in a setgid process"
			continue
		fi
		chmod ${mode%:*} "$sd/minit-suid"
		setpriv --reuid=65534 --regid=65534 --clear-groups -- "$sd/minit-suid" -- true 2>"$TMP/err"
		is "$?:$(cat "$TMP/err")" "125:minit: refusing to run setuid, setgid or with file capabilities" "installed ${mode#*:}: 125, one line"
	done
fi
done_testing
