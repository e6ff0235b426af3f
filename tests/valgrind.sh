#!/bin/bash
# valgrind memcheck over the parser unit tests and minit's main paths, on
# a dynamic glibc build (make build-vg/minit: valgrind knows little of
# static musl): exit status, death by a signal, TERM forwarded, orphans
# reaped, --timeout, usage errors, exec failures, as PID 1 of a namespace
# and with --pid. ok = memcheck reported nothing (it would also make the
# process exit 99) and the status is the one expected. Only minit and
# its forked child up to exec run under valgrind, not the command.
. "$(dirname "$0")/lib.sh"
need_root
top=$(cd "$(dirname "$0")/.." && pwd)
san_skip "valgrind runs a build of its own (build-vg/); the plain make test runs it"
command -v valgrind >/dev/null || skip_all "valgrind not installed"

env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s --no-print-directory -C "$top" \
	build-vg/minit build-vg/unit/parse_test >"$TMP/build" 2>&1
ok $? "build-vg/minit and build-vg/unit/parse_test build" ||
	{ sed 's/^/# /' "$TMP/build"; done_testing; exit; }
M=$top/build-vg/minit
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
	--suppressions=$top/tests/valgrind.supp --log-file=$TMP/vg.%p"

# check GOT WANT DESC: GOT is WANT and no process left a memcheck report.
check() {
	local errs
	errs=$(cat "$TMP"/vg.* 2>/dev/null); rm -f "$TMP"/vg.*
	T=$((T + 1))
	if [ "$1" = "$2" ] && [ -z "$errs" ]; then echo "ok $T - $3"; return; fi
	echo "not ok $T - $3"; echo "#   got: '$1', want: '$2'"
	printf '%s\n' "$errs" | sed 's/^/#   /'
	FAILED=$((FAILED + 1))
}

$VG "$top/build-vg/unit/parse_test" >"$TMP/unit"; rc=$?
grep -q '^not ok' "$TMP/unit" && rc=1
check $rc 0 "parse_test: $(grep -c '^ok' "$TMP/unit") cases"

$VG "$M" -- "$PROBE" exit 7; check $? 7 "exit status 7 passed on"
$VG "$M" -- "$PROBE" kill 10; check $? 138 "death by USR1: 138"
$VG "$M" -- /nonexistent 2>/dev/null; check $? 127 "command not found: 127"
$VG "$M" -- /etc/passwd 2>/dev/null; check $? 126 "not executable: 126"
$VG "$M" --no-such-option -- true 2>/dev/null; check $? 125 "an unknown option: 125"
$VG "$M" --mem 4X -- true 2>/dev/null; check $? 125 "a bad value: 125"
$VG "$M" -q -t 300ms -- "$PROBE" sleep inf; check $? 124 "--timeout 300ms: 124"

# TERM to minit reaches the command, which prints it and exits 0.
$VG "$M" -- "$PROBE" sigwait "$TMP/sig" & m=$!
poll 60 grep -q ready "$TMP/sig"
kill -TERM $m; wait $m; rc=$?
check "$rc:$(grep -v ready "$TMP/sig" | tr '\n' ' ')" "0:15 " "TERM forwarded to the command"

# 50 orphans: the command waits (bounded) until its init has no other
# child left, that is every orphan reaped, and says how many remain.
orphans='"$0" zombies 50 || exit 9
	i=0; while [ $i -lt 2000 ]; do
		left=$(cat /proc/$PPID/task/*/children | wc -w)
		[ "$left" = 1 ] && break; i=$((i+1)); sleep 0.01; done
	echo "left $((left - 1))"'
out=$($VG "$M" -v -- sh -c "$orphans" "$PROBE" 2>/dev/null); rc=$?
check "$rc:$out" "0:left 0" "50 orphans reaped (subreaper, -v)"

asinit() { unshare --pid --fork --mount-proc "$@"; }
out=$(asinit $VG "$M" -- sh -c "$orphans" "$PROBE"); rc=$?
check "$rc:$out" "0:left 0" "as PID 1: 50 orphans reaped"
asinit $VG "$M" -- "$PROBE" exit 3; check $? 3 "as PID 1: exit status 3 passed on"
$VG "$M" --pid -- "$PROBE" pids >"$TMP/pids"; rc=$?
check "$rc:$(cat "$TMP/pids")" "0:pid 2 ppid 1" "--pid: minit is PID 1 of a new namespace"
done_testing
