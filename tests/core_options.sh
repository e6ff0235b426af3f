#!/bin/bash
# -e, -p and the MINIT_* environment (the command line wins).
. "$(dirname "$0")/lib.sh"
need_root

"$MINIT" -e 143 -- "$PROBE" exit 143; is $? 0 "-e 143 reports 143 as 0"
"$MINIT" -e 143 -e 3 -- "$PROBE" exit 3; is $? 0 "-e is repeatable"
"$MINIT" -e 143 -- "$PROBE" exit 142; is $? 142 "other codes unchanged"
"$MINIT" -e 143 -- "$PROBE" kill 15; is $? 0 "a death by TERM (143) is remapped too"
"$MINIT" -e 256 -- true 2>/dev/null; is $? 125 "-e 256 is refused"
"$MINIT" -e 143,3 -- "$PROBE" exit 3; is $? 0 "-e 143,3: a list on the command line, as in MINIT_REMAP_EXIT"
"$MINIT" --remap-exit=143,3 -- "$PROBE" exit 143; is $? 0 "--remap-exit=143,3"
"$MINIT" -r USR1:0,INT:TERM -- "$PROBE" sigwait "$TMP/rw" & m=$!
poll 10 grep -q ready "$TMP/rw"; kill -USR1 $m; kill -INT $m; wait $m
is "$?:$(tr '\n' ' ' < "$TMP/rw")" "0:ready 15 " "-r USR1:0,INT:TERM: a list of rewrites (USR1 dropped, INT as TERM)"

MINIT_REMAP_EXIT=3,4 "$MINIT" -- "$PROBE" exit 4; is $? 0 "MINIT_REMAP_EXIT=3,4"
"$MINIT" -e ' 3, 4 ' -- "$PROBE" exit 4; is $? 0 "-e ' 3, 4 ': spaces separate too, empty items are skipped"
MINIT_REMAP_EXIT=3 "$MINIT" -e 5 -- "$PROBE" exit 3; is $? 3 "the command line's -e replaces MINIT_REMAP_EXIT"
MINIT_TIMEOUT=200ms "$MINIT" -q -- "$PROBE" sleep inf; is $? 124 "MINIT_TIMEOUT=200ms"
MINIT_TIMEOUT=200ms "$MINIT" -t 1h -- "$PROBE" exit 2; is $? 2 "-t on the command line wins over MINIT_TIMEOUT"
MINIT_GRACE=bogus "$MINIT" -- true 2>"$TMP/err"; is $? 125 "a bad MINIT_GRACE: 125"
like "$(cat "$TMP/err")" "^minit: MINIT_GRACE: .*'bogus'$" "... names the variable and the value"
MINIT_PGROUP=maybe "$MINIT" -- true 2>/dev/null; is $? 125 "MINIT_PGROUP=maybe: 125"
# MINIT_GRACE=0: the leftover gets KILL alone (it logs every signal, and
# would exit on a TERM), and is dead when minit returns.
rm -f "$TMP/g0" "$TMP/orphan"
MINIT_GRACE=0 "$MINIT" -- sh -c '"$0" sigwait "$1" & echo $! > "$2"
	while ! grep -q ready "$1" 2>/dev/null; do sleep 0.01; done; exit 0' \
	"$PROBE" "$TMP/g0" "$TMP/orphan" > "$TMP/out" 2>&1 & m=$!
poll 30 gone $m; ok $? "MINIT_GRACE=0 kills at once"; wait $m
is "$(cat "$TMP/g0" 2>/dev/null | tr '\n' ' ')" "ready " "... by KILL alone: no TERM came first"
o=$(cat "$TMP/orphan"); [ -n "$o" ] && gone "$o"; ok $? "... the leftover ($o) is dead"

# MINIT_PGROUP=1 puts the command in its own group and signals the group.
: > "$TMP/sig"
MINIT_PGROUP=1 "$MINIT" -- sh -c '"$0" sigwait "$1" & wait; wait' "$PROBE" "$TMP/sig" & m=$!
poll 10 grep -q ready "$TMP/sig"
kill -USR1 $m; poll 5 grep -qx 10 "$TMP/sig"; ok $? "MINIT_PGROUP=1: the group gets USR1"
kill -TERM $m 2>/dev/null; wait $m
MINIT_PGROUP=0 "$MINIT" -- sh -c 'ps -o pgid= -p $$ | tr -d " "; ps -o pgid= -p $PPID | tr -d " "' > "$TMP/pg"
is "$(sort -u "$TMP/pg" | wc -l)" 1 "MINIT_PGROUP=0: the command stays in minit's group"
MINIT_PGROUP=1 "$MINIT" -- sh -c 'ps -o pgid= -p $$ | tr -d " "; ps -o pgid= -p $PPID | tr -d " "' > "$TMP/pg"
is "$(sort -u "$TMP/pg" | wc -l)" 2 "MINIT_PGROUP=1: its own group"

MINIT_VERBOSE=1 "$MINIT" -- true 2>"$TMP/err"
like "$(cat "$TMP/err")" 'subreaper' "MINIT_VERBOSE=1 says it became a subreaper"
"$MINIT" -- true 2>"$TMP/err"; is "$(cat "$TMP/err")" "" "silent by default"
"$MINIT" -vv -- true 2>"$TMP/err"; ! grep -q oom_score_adj "$TMP/err"; ok $? "-vv: no oom_score_adj noise (that is -vvv)"
"$MINIT" -s -- true 2>"$TMP/err"; is "$?:$(cat "$TMP/err")" "0:" "-s is accepted silently"

# -p: minit gets SIG when its parent dies, and forwards it.
sh -c '"$0" -p USR1 -- "$1" sigwait "$2" & echo $! > "$3"; wait' "$MINIT" "$PROBE" "$TMP/sig2" "$TMP/mpid" & parent=$!
poll 10 grep -q ready "$TMP/sig2"
kill -KILL $parent; wait $parent 2>/dev/null
poll 10 grep -qx 10 "$TMP/sig2"; ok $? "-p USR1: the parent's death arrives as USR1 at the command"
kill -TERM "$(cat "$TMP/mpid")"; poll 10 gone "$(cat "$TMP/mpid")"
"$MINIT" -p NOSUCH -- true 2>/dev/null; is $? 125 "-p NOSUCH: 125"
# tini's form, which dockerd parses for `docker info` (tests/engines/docker.sh).
like "$("$MINIT" -V)" '^minit version 0\.1\.0 - git\.([0-9a-f]{7,}|unknown)$' "-V: NAME version X.Y.Z - git.HASH"
"$MINIT" -h | grep -q '^  -s, --subreaper'; ok $? "-h lists -s"
"$MINIT" -h | grep -q '^usage: minit'; ok $? "-h prints the usage"
# The build stores the text coded (msgpack.pl): it comes out as written
# in options.c, byte for byte.
usage=$(perl -0ne '/usage\[\] =\s*((?:"(?:\\.|[^"\\])*"\s*)+);/ or die; for ($1 =~ /"((?:\\.|[^"\\])*)"/g) {
	s/\\(.)/$1 eq "n" ? "\n" : $1 eq "t" ? "\t" : $1/ge; print }' "$(dirname "$0")/../options.c")
[ ${#usage} -gt 1000 ]; ok $? "options.c's usage text, read by the test (${#usage} bytes)"
is "$("$MINIT" --help)" "$usage" "--help is that text, byte for byte"

# GNU getopt_long forms, parsed by minit itself.
"$MINIT" --remap-exit=7 -- "$PROBE" exit 7; is $? 0 "--remap-exit=7"
"$MINIT" --remap-exit 7 "$PROBE" exit 7; is $? 0 "--remap-exit 7, no '--': parsing stops at the command"
"$MINIT" --remap 7 -- "$PROBE" exit 7; is $? 0 "a unique prefix of a long option"
"$MINIT" -e7 -- "$PROBE" exit 7; is $? 0 "-e7: the value glued to the letter"
"$MINIT" -qe 7 -- "$PROBE" exit 7; is $? 0 "-qe 7: a cluster ending in an option with a value"
"$MINIT" -qgs -- "$PROBE" exit 3; is $? 3 "-qgs: a cluster of switches"
"$MINIT" --p -- true 2>"$TMP/err"; is "$?:$(cat "$TMP/err")" "125:minit: --p: ambiguous option" "an ambiguous prefix: 125, one line"
"$MINIT" --quiet=1 -- true 2>"$TMP/err"; is "$?:$(cat "$TMP/err")" "125:minit: --quiet: takes no value" "a value for a switch: 125"
"$MINIT" --grace 2>"$TMP/err"; is "$?:$(cat "$TMP/err")" "125:minit: --grace: missing value" "a missing value: 125"
"$MINIT" -x -- true 2>"$TMP/err"; is "$?:$(cat "$TMP/err")" "125:minit: -x: unknown option (see minit --help)" "an unknown letter: 125, pointing to --help"
# A MINIT_ variable a typo away from a known one: a warning naming it.
MINIT_TIMEOT=1s "$MINIT" -- true 2>"$TMP/err"; is "$?:$(cat "$TMP/err")" \
	"0:minit: MINIT_TIMEOT: unknown variable, ignored (did you mean MINIT_TIMEOUT?)" "MINIT_TIMEOT: a warning naming MINIT_TIMEOUT"
# A switch takes 1 or 0, yes/no, true/false, on/off in any case, or ""
# (off): MINIT_QUIET's words seen by whether the typo's warning is printed.
for w in 1 on YES True; do
	is "$(MINIT_QUIET=$w MINIT_TIMEOT=1s "$MINIT" -- true 2>&1)" "" "MINIT_QUIET=$w: quiet"
done
for w in 0 off NO False ""; do
	like "$(MINIT_QUIET=$w MINIT_TIMEOT=1s "$MINIT" -- true 2>&1)" "did you mean MINIT_TIMEOUT" \
		"MINIT_QUIET='$w': not quiet"
done
MINIT_PGRUOP=1 MINIT_GRCAE=1 "$MINIT" -q -- true 2>"$TMP/err"; is "$?:$(cat "$TMP/err")" "0:" "... not under -q"
# (a parent of the script's own: the default, /minit, would stay behind)
CLEANUP="cg_rm $CGT-opt; $CLEANUP"
MINIT_PIDS=5 MINIT_CGROUP_PARENT=$CGT-opt MINIT_FOO_BAR=1 MINIT_SOMETHING_ELSE=x "$MINIT" -- true 2>"$TMP/err"
is "$(cat "$TMP/err")" "" "known names and far ones: silent"
# The environment is read in one pass: several variables at once, each
# applied; in the options' order (minit.1), whatever the environment's.
pg='ps -o pgid= -p $$ | tr -d " "; ps -o pgid= -p $PPID | tr -d " "; exit 7'
MINIT_PGROUP=1 MINIT_REMAP_EXIT=7 MINIT_VERBOSE=1 "$MINIT" -- sh -c "$pg" > "$TMP/pg" 2>"$TMP/err"
is "$?:$(sort -u "$TMP/pg" | wc -l)" "0:2" "MINIT_PGROUP, MINIT_REMAP_EXIT, MINIT_VERBOSE at once: its own group, 7 as 0"
like "$(cat "$TMP/err")" 'subreaper' "... and verbose"
for order in "MINIT_QUIET=1 MINIT_VERBOSE=2" "MINIT_VERBOSE=2 MINIT_QUIET=1"; do
	is "$(env -i PATH="$PATH" $order "$MINIT" -- true 2>&1)" "" "$order: quiet (read after verbose)"
done
host_ns="$(readlink /proc/self/ns/net) $(readlink /proc/self/ns/uts)"
for order in "MINIT_ISOLATE=1 MINIT_NET=0" "MINIT_NET=0 MINIT_ISOLATE=1"; do
	got=$(env -i PATH="$PATH" $order "$MINIT" -- sh -c 'echo $(readlink /proc/self/ns/net /proc/self/ns/uts)')
	is "${got% *}:$([ "${got#* }" != "${host_ns#* }" ] && echo own)" "${host_ns% *}:own" \
		"$order: --isolate but the host's network (MINIT_NET=0 read after MINIT_ISOLATE)"
done
# A repeatable option's list, and the command line's replacing it.
mkdir "$TMP/a" "$TMP/b" "$TMP/c"
mounted() { awk -v t="$TMP/" 'index($5, t) == 1 { print substr($5, length(t) + 1) }' "$TMP/mi" | sort | tr '\n' ' '; }
MINIT_TMPFS="$TMP/a,$TMP/b:1M" "$MINIT" -- cat /proc/self/mountinfo > "$TMP/mi"
is "$(mounted)" "a b " "MINIT_TMPFS=A,B:1M: both mounted"
MINIT_TMPFS="$TMP/a,$TMP/b" "$MINIT" --tmpfs "$TMP/c" -- cat /proc/self/mountinfo > "$TMP/mi"
is "$(mounted)" "c " "the command line's --tmpfs replaces MINIT_TMPFS"
# A name is the option's whole name, upper case, '-' as '_', digits kept.
MINIT_REMAP=7 "$MINIT" -- "$PROBE" exit 7; is $? 7 "MINIT_REMAP: no prefix of MINIT_REMAP_EXIT (that is the command line's)"
MINIT_pgroup=1 "$MINIT" -- sh -c "$pg" > "$TMP/pg" 2>"$TMP/err"
is "$?:$(sort -u "$TMP/pg" | wc -l):$(cat "$TMP/err")" "7:1:" "MINIT_pgroup: not MINIT_PGROUP, ignored silently"
MINIT_IP6=bogus "$MINIT" -- true 2>"$TMP/err"; is "$?:$(cat "$TMP/err")" \
	"125:minit: MINIT_IP6: expected an IPv6 ADDR/PREFIX, got 'bogus'" "MINIT_IP6 is --ip6 (a digit in the name)"
MINIT_IP6=fd00::2/64 "$MINIT" -- true 2>"$TMP/err"; is "$?:$(cat "$TMP/err")" \
	"125:minit: --ip, --host-ip, --ip-pool, --ip6: need --veth" "MINIT_IP6 without --veth: refused"
MINIT_GRACE= "$MINIT" -- true 2>"$TMP/err"; is "$?:$(cat "$TMP/err")" "125:minit: MINIT_GRACE: bad duration ''" \
	"MINIT_GRACE set but empty: a bad duration"
# The command is searched in PATH itself, not in a longer name that
# starts with it and comes first (libc.c's getenv).
env -i PATHX=/nonexistent PATH="$PATH" "$MINIT" -- true 2>"$TMP/err"
is "$?:$(cat "$TMP/err")" "0:" "PATH, not PATHX before it, is searched"
MINIT_FOO_BAR=1 MINIT_TIMEOT=1s MINIT_PGROUP=1 MINIT_GRACE=1s "$MINIT" -- true 2>"$TMP/err"; is "$?:$(cat "$TMP/err")" \
	"0:minit: MINIT_TIMEOT: unknown variable, ignored (did you mean MINIT_TIMEOUT?)" "a typo among known and far names: one warning, for it"
"$MINIT" -- "$PROBE" exit 5 --grace; is $? 5 "options after the command are the command's"
"$MINIT" - 2>/dev/null; is $? 127 "a lone '-' is a command name"
done_testing
