#!/bin/bash
# Bad input, table-driven: every malformed invocation exits 125 with ONE
# line that names the option and the bad value, and leaves nothing
# behind: no cgroup directory, no mount, no process.
. "$(dirname "$0")/lib.sh"
need_root

cg=$CGT-bad
# Removed however the script ends (the mutation gate stops it at its
# first failure, when a planted bug may have made the group).
CLEANUP="cg_rm $cg; $CLEANUP"
mark=MINIT_BADMARK=$$
# Valid options after the bad one: had minit gone on past the bad value,
# it would have made a cgroup, namespaces and a mount.
# (Under SAN=1 the namespace's init is the ASan minit: more than 4M.)
more=(--cgroup-parent "$cg" --mem "$([ -n "${MINIT_SAN:-}" ] && echo 64M || echo 4M)" \
	--pids 10 --pid --net --mount -- "$PROBE" exit 0)
mounts_before=$(proc_mounts)
long=$(printf 'h%.0s' $(seq 65))

# One case per line: NAME|VALUE|ARGS (ARGS split on spaces; '' = empty
# argument). NAME and VALUE must both appear in the one line printed.
cases="
--mem|''|--mem ''
--mem|-1|--mem -1
--mem|99999999999999999999T|--mem 99999999999999999999T
--mem|16777216T|--mem 16777216T
--mem|1.5|--mem 1.5
--mem|.5B|--mem .5B
--mem|1.0000001G|--mem 1.0000001G
--mem|2M minimum: '1K'|--mem 1K
--mem|2M minimum: '2047K'|--mem 2047K
--cpus|0.01 minimum: '0.001'|--cpus 0.001
--cpus|0.01 minimum: '0.0001'|--cpus 0.0001
--cpus|1.|--cpus 1.
--remap-exit|256|-e 3,256
--rewrite|BAD|-r TERM:USR1,BAD
--mem|4Mx|--mem 4Mx
--mem|0|-m 0
--mem|4Q|-m4Q
--cpus|0|--cpus 0
--cpus|-1|--cpus -1
--cpus|abc|--cpus abc
--cpus|1.5.5|-c 1.5.5
--cpus|99999999999999999999|--cpus 99999999999999999999
--pids|0|--pids 0
--pids|-5|--pids -5
--pids|1.5|--pids 1.5
--pids|10x|-P 10x
--pids|99999999|--pids 99999999
--grace|-1s|--grace -1s
--grace|''|--grace ''
--grace|10x|-G 10x
--grace|1s2|--grace=1s2
--timeout|99999999999999999h|--timeout 99999999999999999h
--timeout|abc|-t abc
--timeout|5d|-t 5d
--pdeathsig|0|--pdeathsig 0
--pdeathsig|65|--pdeathsig 65
--pdeathsig|FOO|-p FOO
--pdeathsig|RTMIN+99|--pdeathsig RTMIN+99
--pdeathsig|9x|--pdeathsig 9x
--rewrite|TERM|--rewrite TERM
--rewrite|TERM:FOO|-r TERM:FOO
--veth|eth/|--veth=eth/
--rewrite|KILL:TERM|--rewrite KILL:TERM
--remap-exit|256|--remap-exit 256
--remap-exit|-1|-e -1
--remap-exit|1.0|--remap-exit 1.0
--hostname|''|--hostname ''
--hostname|$long|--hostname $long
--cgroup-parent|relative|--cgroup-parent relative
--cgroup-parent|/a/../b|--cgroup-parent /a/../b
--cgroup-parent|/..|--cgroup-parent /..
--cgroup-parent|/minit/.|--cgroup-parent=/minit/.
--cap-drop|nope|--cap-drop nope
--cap-drop|net_raw,|--cap-drop net_raw,
--run-as|abc|--run-as abc
--run-as|1:x|--run-as 1:x
--run-as|4294967296|--run-as 4294967296
--nope|unknown option (see minit --help)|--nope
-Z|-Z: unknown option (see minit --help)|-Z
--quiet|quiet|--quiet=1
--boot|PID 1|--boot
--run-as|1000:1000|--user --run-as 1000
--seccomp-deny|nosuchcall|--seccomp-deny getpid,nosuchcall
--seccomp-deny|''|--seccomp-deny ''
--seccomp-deny|''|--seccomp-deny getpid,
--seccomp-deny|getpid:0|--seccomp-deny getpid:0
--seccomp-deny|mount:4096|--seccomp --seccomp-deny mount:4096
--seccomp-deny|x:EPERM|--seccomp-deny x:EPERM
--seccomp-deny|512|--seccomp-deny 512
--seccomp-allow|ptrace:1|--seccomp --seccomp-allow ptrace:1
--seccomp-allow|getpid2|--seccomp-allow getpid2
"

run_case() {  # run_case NAME VALUE ARGS...: one table row
	local name=$1 value=$2 err rc; shift 2
	env "$mark" "$MINIT" "$@" 2>"$TMP/err" >/dev/null; rc=$?
	err=$(cat "$TMP/err")
	T=$((T + 1))
	if [ $rc -eq 125 ] && [ "$(wc -l < "$TMP/err")" -eq 1 ] &&
	    [[ $err == "minit: "* ]] && [[ $err == *"$name"* ]] &&
	    { [ -z "$value" ] || [[ $err == *"$value"* ]]; } &&
	    ! leftovers; then
		echo "ok $T - $name $value: 125, one line"
	else
		echo "not ok $T - $name $value"; echo "#   rc $rc: $err"
		FAILED=$((FAILED + 1))
	fi
}

# Anything of a case still there: a process carrying the mark in its
# environment, a cgroup directory, a mount.
leftovers() {
	grep -qsa "$mark" /proc/[0-9]*/environ && return 0
	[ -n "$(cg_find "$cg")" ] && return 0
	[ "$(proc_mounts)" != "$mounts_before" ]
}

while IFS='|' read -r name value args; do
	[ -n "$name" ] || continue
	[ "$value" = "''" ] && value=""
	eval "set -- $args"
	run_case "$name" "$value" "$@" "${more[@]}"
done <<< "$cases"

# Missing values and missing commands cannot take the valid tail.
run_case "--mem" "missing value" --pid --mem
run_case "missing command" "" --cgroup-parent "$cg" --mem 4M --pid
run_case "missing command" "" --cgroup-parent "$cg" --mem 4M --pid --
# A --cgroup-parent that fits the option but not with the mount point is refused, not cut short
# (a shorter path would be another group).
x=$(printf 'x%.0s' $(seq 200))
run_case "--cgroup-parent" "too long" --cgroup-parent "$cg/$x/$x/${x:0:60}" --mem 4M -- "$PROBE" exit 0
# Environment variables name themselves.
export MINIT_CGROUP_PARENT=$cg MINIT_MEM=4M MINIT_PID=1
MINIT_GRACE=x run_case MINIT_GRACE x -- "$PROBE" exit 0
MINIT_MEM=1.5 run_case MINIT_MEM 1.5 -- "$PROBE" exit 0
MINIT_MEM=1M run_case MINIT_MEM "2M minimum: '1M'" -- "$PROBE" exit 0
MINIT_CPUS=.005 run_case MINIT_CPUS "0.01 minimum: '.005'" -- "$PROBE" exit 0
MINIT_PGROUP=maybe run_case MINIT_PGROUP maybe -- "$PROBE" exit 0
MINIT_PIDS=0 run_case MINIT_PIDS 0 -- "$PROBE" exit 0
MINIT_REWRITE=TERM:USR1,BAD run_case MINIT_REWRITE BAD -- "$PROBE" exit 0
MINIT_SECCOMP_DENY=mount,nope run_case MINIT_SECCOMP_DENY nope -- "$PROBE" exit 0
unset MINIT_CGROUP_PARENT MINIT_MEM MINIT_PID
# A kernel without seccomp, as a filter of minit's own makes it look to
# the inner minit (which gets the valid tail, the outer one nothing).
run_case "seccomp" "not supported" --seccomp-deny seccomp:38 -- "$MINIT" --seccomp "${more[@]}"

# --root and its mounts: paths that do not exist or are of the wrong
# kind, mount specs that do not parse, options that need --root.
mkdir -p "$TMP/r/bin" && : > "$TMP/file"
run_case --root "$TMP/none" --root "$TMP/none" "${more[@]}"
run_case --root "Not a directory" --root "$TMP/file" "${more[@]}"
run_case --root "not a sandbox root" --root / "${more[@]}"
run_case --bind "$TMP/none:/x" --root "$TMP/r" --bind "$TMP/none:/x" "${more[@]}"
run_case --bind "/tmp:/../x" --root "$TMP/r" --bind /tmp:/../x "${more[@]}"
run_case --bind "/tmp" --root "$TMP/r" --bind /tmp "${more[@]}"
run_case --bind "/tmp:rel" --root "$TMP/r" --bind /tmp:rel "${more[@]}"
run_case --bind "/tmp:/x:rx" --root "$TMP/r" --bind /tmp:/x:rx "${more[@]}"
run_case --bind ":/x" --root "$TMP/r" --bind :/x "${more[@]}"
run_case --bind "/tmp:/" --root "$TMP/r" --bind /tmp:/ "${more[@]}"
run_case --tmpfs "/x:0" --root "$TMP/r" --tmpfs /x:0 "${more[@]}"
run_case --tmpfs "/x:1Q" --root "$TMP/r" --tmpfs /x:1Q "${more[@]}"
run_case --tmpfs "rel" --root "$TMP/r" --tmpfs rel "${more[@]}"
run_case --tmpfs "/a/../b" --root "$TMP/r" --tmpfs /a/../b "${more[@]}"
run_case --tmpfs "/nonexist" --root "$TMP/r" --ro --tmpfs /nonexist "${more[@]}"
run_case --tmpfs "/nonexist" --tmpfs /nonexist/x "${more[@]}"
run_case --workdir "rel" --root "$TMP/r" --workdir rel "${more[@]}"
run_case --overlay "needs --root" --overlay "${more[@]}"
run_case --overlay "$TMP/none" --root "$TMP/r" --overlay="$TMP/none" "${more[@]}"
run_case --overlay "inside --root" --root "$TMP/r" --overlay="$TMP/r/bin" "${more[@]}"
run_case --ro "conflicts with --overlay" --root "$TMP/r" --ro --overlay "${more[@]}"
run_case --root "needs --pid" --root "$TMP/r" --user -- "$PROBE" exit 0
MINIT_BIND=/tmp:/x,/none:/y run_case --bind /none:/y --root "$TMP/r" "${more[@]}"
MINIT_TMPFS=/x:1M,/y:zz run_case MINIT_TMPFS /y:zz --root "$TMP/r" "${more[@]}"

[ "$T" -ge 40 ]; ok $? "at least 40 malformed invocations ($T)"
# The reason is the system's own words for the errno (fmt.c's table).
is "$("$MINIT" --root "$TMP/none" -- true 2>&1)" "minit: --root $TMP/none: $TMP/none: No such file or directory" \
	"ENOENT in words"
is "$("$MINIT" --bind "$TMP/file/x:/tmp" -- true 2>&1)" "minit: --bind $TMP/file/x:/tmp: $TMP/file/x: Not a directory" \
	"ENOTDIR in words"
# A user's bytes print as they are, 0x80 and up included: the build codes
# minit's own messages with those bytes (msgpack.pl), and fmt.c expands
# only its own literals.
hi=$'\x81\xfe\xc3\xa9'
is "$("$MINIT" --mem "1$hi" -- true 2>&1)" "minit: --mem: bad size '1$hi'" "a value's bytes above 0x7f, as they are"
is "$("$MINIT" -- "$TMP/$hi" 2>&1)" "minit: exec $TMP/$hi: No such file or directory" "... and a path's"
chmod 644 "$TMP/file"
is "$("$MINIT" -- "$TMP/file" 2>&1; echo $?)" "minit: exec $TMP/file: Permission denied"$'\n'126 "EACCES in words"
# The tail alone is valid: the table's failures came from the bad value.
"$MINIT" "${more[@]}"; is $? 0 "the valid options of the table run"
[ -z "$(for h in $CG_HIER; do ls -d "$h$cg"/minit-* 2>/dev/null; done)" ]; ok $? "... and remove their own cgroup"
done_testing
