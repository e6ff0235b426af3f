#!/bin/bash
# Exit status: all 256 codes, deaths by signal (128+N), 126, 127, 125 —
# minit as a plain child and as PID 1 of a fresh PID namespace.
. "$(dirname "$0")/lib.sh"
need_root
asinit() { unshare --pid --fork --mount-proc "$@"; }

for mode in child pid1; do
	run=""; [ $mode = pid1 ] && run=asinit
	bad=""
	for i in $(seq 0 255); do
		$run "$MINIT" -- "$PROBE" exit $i; rc=$?
		[ $rc = $i ] || bad="$bad $i:$rc"
	done
	is "$bad" "" "[$mode] all 256 exit codes pass through"
	for s in TERM KILL INT HUP QUIT SEGV ABRT USR1; do
		n=$(kill -l $s)
		$run "$MINIT" -- "$PROBE" kill $n 2>/dev/null; rc=$?
		is $rc $((128 + n)) "[$mode] death by SIG$s is $((128 + n))"
	done
	$run "$MINIT" -- /no/such/command 2>"$TMP/err"; rc=$?
	is $rc 127 "[$mode] missing command: 127"
	like "$(cat "$TMP/err")" '^minit: exec /no/such/command: No such file' "[$mode] ... with one line saying so"
	$run "$MINIT" -- no-such-command-$$ 2>/dev/null; is $? 127 "[$mode] missing from PATH: 127"
	$run "$MINIT" -- /tmp 2>"$TMP/err"; rc=$?
	is $rc 126 "[$mode] a directory: 126"
	is "$(wc -l < "$TMP/err")" 1 "[$mode] ... one line"
	printf 'not a program' > "$TMP/noexec"; chmod 644 "$TMP/noexec"
	$run "$MINIT" -- "$TMP/noexec" 2>/dev/null; is $? 126 "[$mode] not executable: 126"
	printf '\x7fELFgarbage' > "$TMP/badelf"; chmod 755 "$TMP/badelf"
	$run "$MINIT" -- "$TMP/badelf" 2>/dev/null; is $? 126 "[$mode] not a valid executable: 126"
	$run "$MINIT" --no-such-option -- true 2>"$TMP/err"; rc=$?
	is $rc 125 "[$mode] unknown option: 125"
	like "$(cat "$TMP/err")" '^minit: --no-such-option: unknown option \(see minit --help\)$' "[$mode] ... named in one line"
	$run "$MINIT" 2>/dev/null; is $? 125 "[$mode] no command: 125"
	$run "$MINIT" -G 2>/dev/null; is $? 125 "[$mode] missing value: 125"
done
# Option parsing stops at the first non-option.
is "$("$MINIT" sh -c 'echo hi')" hi "no -- needed before the command"
is "$("$MINIT" echo -v -g)" "-v -g" "options after the command are the command's"
done_testing
