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
	is "$(cat "$TMP/err")" "minit: exec /tmp: is a directory" "[$mode] ... one line: is a directory"
	mkdir -p "$TMP/bin/adir"
	$run env PATH=$TMP/bin "$MINIT" -- adir 2>"$TMP/err"; is "$?:$(cat "$TMP/err")" \
		"126:minit: exec adir: is a directory" "[$mode] a directory found on PATH: 126, is a directory"
	# POSIX execvp: a text file the kernel cannot execute runs with /bin/sh.
	printf 'echo "script $# $1"\nexit 7\n' > "$TMP/bin/noshebang"; chmod 755 "$TMP/bin/noshebang"
	is "$($run "$MINIT" -- "$TMP/bin/noshebang" 'a b')" "script 1 a b" "[$mode] a script without #! runs with /bin/sh, its arguments intact"
	$run "$MINIT" -- "$TMP/bin/noshebang" > /dev/null; is $? 7 "[$mode] ... and its status passes"
	is "$($run env PATH=$TMP/bin:/usr/bin:/bin "$MINIT" -- noshebang x)" "script 1 x" "[$mode] ... found on PATH too"
	printf '#!/no/such/interp-%s -e\necho hi\n' $$ > "$TMP/bin/badinterp"; chmod 755 "$TMP/bin/badinterp"
	$run "$MINIT" -- "$TMP/bin/badinterp" 2>"$TMP/err"; is "$?:$(cat "$TMP/err")" \
		"127:minit: exec $TMP/bin/badinterp: interpreter /no/such/interp-$$: not found" "[$mode] a missing #! interpreter is named: 127"
	$run env PATH=$TMP/bin "$MINIT" -- badinterp 2>"$TMP/err"; is "$?:$(cat "$TMP/err")" \
		"127:minit: exec badinterp: interpreter /no/such/interp-$$: not found" "[$mode] ... found on PATH too"
	printf 'not a program' > "$TMP/noexec"; chmod 644 "$TMP/noexec"
	$run "$MINIT" -- "$TMP/noexec" 2>/dev/null; is $? 126 "[$mode] not executable: 126"
	printf '\x7fELFgarbage' > "$TMP/badelf"; chmod 755 "$TMP/badelf"
	$run "$MINIT" -- "$TMP/badelf" 2>"$TMP/err"; is "$?:$(cat "$TMP/err")" \
		"126:minit: exec $TMP/badelf: Exec format error" "[$mode] not a valid executable: 126"
	printf 'garbage\0\1\2\n' > "$TMP/binary"; chmod 755 "$TMP/binary"
	$run "$MINIT" -- "$TMP/binary" 2>/dev/null; is $? 126 "[$mode] binary, no ELF: 126, not run by sh"
	$run "$MINIT" --no-such-option -- true 2>"$TMP/err"; rc=$?
	is $rc 125 "[$mode] unknown option: 125"
	like "$(cat "$TMP/err")" '^minit: --no-such-option: unknown option \(see minit --help\)$' "[$mode] ... named in one line"
	$run "$MINIT" 2>/dev/null; is $? 125 "[$mode] no command: 125"
	$run "$MINIT" -G 2>/dev/null; is $? 125 "[$mode] missing value: 125"
done
# The launcher's paths to exec (a clone, not the vfork of the plain case):
# the /bin/sh fallback and the messages are the same.
for ns in --pid --net; do
	is "$("$MINIT" $ns -- "$TMP/bin/noshebang" 'a b')" "script 1 a b" "[$ns] a script without #! runs with /bin/sh"
	"$MINIT" $ns -- "$TMP/bin/badinterp" 2>"$TMP/err"; is "$?:$(cat "$TMP/err")" \
		"127:minit: exec $TMP/bin/badinterp: interpreter /no/such/interp-$$: not found" "[$ns] a missing interpreter is named"
	"$MINIT" $ns -- /tmp 2>"$TMP/err"; is "$?:$(cat "$TMP/err")" "126:minit: exec /tmp: is a directory" "[$ns] is a directory"
done
# Option parsing stops at the first non-option.
is "$("$MINIT" sh -c 'echo hi')" hi "no -- needed before the command"
is "$("$MINIT" echo -v -g)" "-v -g" "options after the command are the command's"
done_testing
