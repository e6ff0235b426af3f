#!/bin/bash
# tests/mutants/run.sh [NAME|FILE]...: the mutation gate (make mutate).
# Each mutant in tests/mutants/ plants one small bug; it is applied to a
# scratch copy of the tree, minit is rebuilt there, and the test scripts
# the mutant names are run against that build, one after another until
# one fails. A mutant is caught when a script fails (a "not ok", a
# non-zero exit, a broken plan) or runs past its bound. Any mutant that
# survives, no longer applies (stale: its text is not in its file), does
# not build, or whose scripts skip, fails the run and is named.
# Before any mutant, every named script runs once on the unmutated build
# and must pass without skipping: a failure there is the tree's, not a
# catch. The format of a mutant: tests/mutants/README.
#
# --check: parse and apply each mutant, no build, no test.
# Environment: MUTATE_J (parallel workers, default 2), MUTATE_TMP (where
# scratch copies go, default /tmp), MUTATE_KEEP=1 (keep them).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
J=${MUTATE_J:-2}
start=$(date +%s)

# ---- the mutants -------------------------------------------------------
# parse FILE: sets M_DESC M_FILE M_TESTS M_BOUND M_KIND M_OLD M_NEW, or
# prints why the file is malformed and returns 1.
parse() {
	local f=$1 line hold=0 hnew=0
	M_DESC="" M_FILE="" M_TESTS="" M_BOUND="" M_OLD="" M_NEW="" M_ENV=""
	case $f in *.patch) M_KIND=patch;; *) M_KIND=edit;; esac
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in
		"# tests:"*) [ $M_KIND = patch ] && M_TESTS="$M_TESTS ${line#"# tests:"}";;
		"# bound:"*) [ $M_KIND = patch ] && M_BOUND=${line#"# bound:"};;
		"#"*) [ -z "$M_DESC" ] && M_DESC=$(printf '%s' "${line#\#}" | sed 's/^ *//');;
		"file:"*) M_FILE=$(printf '%s' "${line#file:}" | tr -d ' \t');;
		"tests:"*) M_TESTS="$M_TESTS ${line#tests:}";;
		"bound:"*) M_BOUND=${line#bound:};;
		"env:"*) M_ENV="$M_ENV ${line#env:}";;
		"# env:"*) [ $M_KIND = patch ] && M_ENV="$M_ENV ${line#"# env:"}";;
		"old:"*) l=${line#old:}; l=${l# }; [ $hold = 1 ] && M_OLD+=$'\n'; M_OLD+=$l; hold=1;;
		"new:"*) l=${line#new:}; l=${l# }; [ $hnew = 1 ] && M_NEW+=$'\n'; M_NEW+=$l; hnew=1;;
		"") ;;
		*) [ $M_KIND = patch ] || { echo "line not understood: '$line'"; return 1; };;
		esac
	done < "$f"
	M_BOUND=$(echo $M_BOUND); M_TESTS=$(echo $M_TESTS); M_ENV=$(echo $M_ENV)
	local e
	for e in $M_ENV; do [[ $e =~ ^[A-Z_][A-Z0-9_]*= ]] || { echo "env: '$e' is not NAME=VALUE"; return 1; }; done
	[ -n "$M_DESC" ] || { echo "no '# what the bug is' line"; return 1; }
	[ -n "$M_TESTS" ] || { echo "no 'tests:' line"; return 1; }
	if [ $M_KIND = edit ]; then
		[ -n "$M_FILE" ] || { echo "no 'file:' line"; return 1; }
		[ $hold = 1 ] && [ -n "$M_OLD" ] || { echo "no 'old:' line"; return 1; }
		[ "$M_OLD" != "$M_NEW" ] || { echo "'new:' is the same as 'old:'"; return 1; }
	fi
	[ -z "$M_BOUND" ] || [[ $M_BOUND =~ ^[0-9]+$ ]] || { echo "bound: not a number of seconds"; return 1; }
	local t
	for t in $M_TESTS; do [ -f "$top/$t" ] || { echo "tests: $t: no such script"; return 1; }; done
}

# apply FILE DIR: plant the mutant (parsed already) in the copy DIR. Stale (the text is
# not there, or is there more than once) is an error, never a pass.
apply() {
	local f=$1 d=$2
	if [ $M_KIND = patch ]; then
		# -F0: the context must match exactly; an offset (code moved) is fine.
		patch --dry-run -s -p1 -F0 -N -r - -d "$d" < "$f" >/dev/null 2>&1 &&
		patch -s -p1 -F0 -N --no-backup-if-mismatch -r - -d "$d" < "$f" >/dev/null 2>&1 ||
			{ echo "stale: the patch no longer applies"; return 1; }
		return 0
	fi
	[ -f "$d/$M_FILE" ] || { echo "stale: $M_FILE: no such file"; return 1; }
	OLD=$M_OLD NEW=$M_NEW perl -0777 -e '
		my $s = <STDIN>; my $n = () = $s =~ /\Q$ENV{OLD}\E/g;
		if ($n != 1) { print STDOUT $s; print STDERR "$n\n"; exit 1 }
		$s =~ s/\Q$ENV{OLD}\E/$ENV{NEW}/; print STDOUT $s;' \
		< "$d/$M_FILE" > "$d/$M_FILE.mutant" 2> "$d/.count" || {
		rm -f "$d/$M_FILE.mutant"
		local n; n=$(cat "$d/.count")
		[ "$n" = 0 ] && echo "stale: the 'old:' text is not in $M_FILE" ||
			echo "ambiguous: the 'old:' text is in $M_FILE $n times (make it longer)"
		return 1
	}
	cat "$d/$M_FILE.mutant" > "$d/$M_FILE" && rm -f "$d/$M_FILE.mutant"
}

# The mutants to run: all, or those named on the command line.
# --check: only see that each is well-formed and applies (seconds).
check=0
[ "${1:-}" = --check ] && { check=1; shift; }
list=()
if [ $# -eq 0 ]; then
	for f in "$here"/*.mut "$here"/*.patch; do [ -e "$f" ] && list+=("$f"); done
else
	for a in "$@"; do
		for f in "$a" "$here/$a" "$here/$a.mut" "$here/$a.patch"; do
			[ -f "$f" ] && { list+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")"); continue 2; }
		done
		echo "mutate: $a: no such mutant" >&2; exit 1
	done
fi
[ ${#list[@]} -gt 0 ] || { echo "mutate: no mutants in $here" >&2; exit 1; }

bad=0
declare -A scripts=()
for f in "${list[@]}"; do
	if ! why=$(parse "$f"); then echo "MALFORMED ${f##*/}: $why"; bad=1; continue; fi
	parse "$f" >/dev/null	# again, in this shell: $(...) kept no variables
	for t in $M_TESTS; do scripts[$t]=1; done
done
[ $bad = 0 ] || exit 1

# ---- scratch copies, one per worker --------------------------------------
S=$(mktemp -d "${MUTATE_TMP:-/tmp}/minit-mutate.XXXXXX")
chmod 755 "$S"	# the tests run the builds as nobody too
cleanup() { [ "${MUTATE_KEEP:-0}" = 1 ] && echo "mutate: scratch kept in $S" || rm -rf "$S"; }
trap cleanup EXIT
mkdir -p "$S/src"
# The working tree as it is (uncommitted edits and new mutants included),
# without build output.
(cd "$top" && { git ls-files -co --exclude-standard -z 2>/dev/null ||
	find . -path ./.git -prune -o -type f -printf '%P\0'; } |
	grep -zv '^build' | xargs -0 cp --parents -t "$S/src" 2>/dev/null)
[ -f "$S/src/Makefile" ] || { echo "mutate: could not copy the tree to $S/src" >&2; exit 1; }
if [ $check = 1 ]; then
	for f in "${list[@]}"; do
		parse "$f" >/dev/null
		rm -rf "$S/c" && cp -a "$S/src" "$S/c"
		if why=$(apply "$f" "$S/c"); then echo "ok ${f##*/}: applies"
		else echo "STALE ${f##*/}: $why"; bad=1; fi
	done
	exit $bad
fi
# The arm64 build too when a named script tests it (tests/aarch64/).
arm=; for t in "${!scripts[@]}"; do case $t in tests/aarch64/*) arm=aarch64;; esac; done
build() { make -C "$1" -s minit probe build/ptyrun units $arm > "$1/.build.log" 2>&1; }
build "$S/src" || { echo "mutate: the unmutated tree does not build:" >&2; cat "$S/src/.build.log" >&2; exit 1; }
for w in $(seq 1 "$J"); do cp -a "$S/src" "$S/w$w"; done
echo "# built in $(( $(date +%s) - start )) s"

# sweep_groups CGT: the cgroups of a script (lib.sh's CGT, given to it as
# TEST_CGT), which a script ended by the TERM or KILL below may not have
# removed (its EXIT trap cut short): what is still inside killed, by pid,
# and the groups removed, deepest first, in every hierarchy.
sweep_groups() {
	local h d p i dirs IFS=$'\n'
	for h in $(awk '$3 == "cgroup" || $3 == "cgroup2" {print $2}' /proc/mounts | sort -u); do
		for i in $(seq 1 50); do
			dirs=$(find "$h$1" "$h$1"-* -depth -type d 2>/dev/null)
			[ -n "$dirs" ] || break
			[ $i = 50 ] && { echo "mutate: cannot remove ${dirs//$'\n'/ }" >&2; break; }
			for d in $dirs; do
				[ -f "$d/freezer.state" ] && echo THAWED > "$d/freezer.state" 2>/dev/null
				[ -f "$d/cgroup.freeze" ] && echo 0 > "$d/cgroup.freeze" 2>/dev/null
				while read -r p; do kill -9 "$p" 2>/dev/null; done < "$d/cgroup.procs"
				rmdir "$d" 2>/dev/null
			done
			sleep 0.1
		done
	done
}

# run_script DIR SCRIPT BOUND LOG [EARLY [ENV]]: run one test script on the
# build in DIR (with the mutant's NAME=VALUE words ENV); prints its
# verdict: pass, skip, fail:<why>, or hang.
# Every process the script starts carries a token in its environment;
# whatever is left when it ends (an orphan a broken minit let live, a
# process in a namespace of its own) is found by it and killed, by pid.
# Output goes to a file: a leftover holding it open stalls nothing.
run_script() {
	local d=$1 t=$2 bound=$3 log=$4 early=${5:-0} rc tok="minit-mutate-$BASHPID-$(date +%s%N)" pid
	local cgt=/minit-test-m$BASHPID
	(cd "$d" && exec env -u MINIT_REQUIRE_ALL -u MINIT_REQUIRE_ENGINES MINIT_MUTATE_TOKEN=$tok TEST_CGT=$cgt \
		MINIT="$d/minit" PROBE="$d/probe" PTYRUN="$d/build/ptyrun" UNITDIR="$d/build/unit" ${6:-} \
		timeout -k 5 "$bound" "./$t" > "$log" 2>&1 < /dev/null) & pid=$!
	# EARLY: a mutant is caught at its first "not ok"; the rest of the
	# script is not needed (timeout passes the TERM on to its group).
	while [ "$early" = 1 ] && kill -0 $pid 2>/dev/null; do
		grep -q '^not ok' "$log" 2>/dev/null && { kill -TERM $pid 2>/dev/null; break; }
		sleep 0.2
	done
	wait $pid; rc=$?
	local i p pids
	for i in 1 2 3 4 5; do
		pids=$(grep -lsaF "MINIT_MUTATE_TOKEN=$tok" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3)
		[ -n "$pids" ] || break
		kill -9 $pids 2>/dev/null; sleep 0.2
	done
	sweep_groups $cgt
	local plan n
	plan=$(grep -E '^1\.\.[0-9]+' "$log" | tail -1)
	n=$(grep -cE '^(not )?ok( |$)' "$log")
	if grep -q '^not ok' "$log"; then echo "fail:$(grep -m1 '^not ok' "$log" | cut -c1-100)"
	elif [ $rc = 124 ] || [ $rc = 137 ]; then echo hang
	elif grep -q '^1\.\.0 *# *SKIP' "$log"; then echo skip
	elif [ $rc != 0 ]; then echo "fail:exit $rc"
	elif [ "${plan#1..}" != "${plan}" ] && [ "${plan%% *}" != "1..$n" ]; then echo "fail:plan $plan, ran $n"
	elif [ -z "$plan" ]; then echo "fail:no plan"
	else echo pass
	fi
}

# A queue of jobs over J workers: each takes the next number under a lock.
echo 0 > "$S/next"
take() { flock "$S/next" sh -c 'n=$(cat "$1"); echo $((n + 1)) > "$1"; echo $n' _ "$S/next"; }

# ---- baseline: every named script passes on the unmutated build ----------
base=("${!scripts[@]}")
mkdir -p "$S/base"
baseline_worker() {
	local w=$1 n t s t0
	while n=$(take); [ "$n" -lt ${#base[@]} ]; do
		t=${base[$n]}; t0=$(date +%s)
		s=$(run_script "$S/w$w" "$t" 900 "$S/base/${t//\//_}.log")
		# Once more on a failure: a flaky script is reported, and then
		# passes, or it fails the gate here, before any mutant.
		if [ "$s" != pass ] && [ "$s" != skip ]; then
			cp "$S/base/${t//\//_}.log" "$S/base/${t//\//_}.log1"; t0=$(date +%s)
			s=$(run_script "$S/w$w" "$t" 900 "$S/base/${t//\//_}.log")
			[ "$s" != pass ] || echo "# FLAKY $t: failed once on the unmutated build, passed again: $(grep -m1 '^not ok' "$S/base/${t//\//_}.log1")"
		fi
		echo "$(( $(date +%s) - t0 )) $s" > "$S/base/${t//\//_}.verdict"
	done
}
for w in $(seq 1 "$J"); do baseline_worker $w & done; wait
declare -A took=()
for t in "${base[@]}"; do
	read -r secs s < "$S/base/${t//\//_}.verdict"
	took[$t]=$secs
	case $s in
	pass) ;;
	skip) echo "BASELINE $t skips on the unmutated build: $(grep -m1 '^1\.\.0' "$S/base/${t//\//_}.log")"; bad=1;;
	*) echo "BASELINE $t fails on the unmutated build ($s):"; grep -v '^ok' "$S/base/${t//\//_}.log" | head -20 | sed 's/^/#   /'; bad=1;;
	esac
done
[ $bad = 0 ] || { echo "mutate: fix the tree first (no mutant was run)"; exit 1; }
echo "# baseline: ${#base[@]} scripts pass in $(( $(date +%s) - start )) s"

# ---- the mutants -----------------------------------------------------------
echo 0 > "$S/next"
mkdir -p "$S/out"
mutant_worker() {
	local w=$1 d="$S/w$w" n f name t s why bound out
	while n=$(take); [ "$n" -lt ${#list[@]} ]; do
		f=${list[$n]}; name=${f##*/}; name=${name%.*}
		out="$S/out/$n.v"
		parse "$f" >/dev/null
		if ! why=$(apply "$f" "$d"); then
			echo "STALE $name: $why" > "$out"; cat "$out"; continue
		fi
		if ! build "$d"; then
			echo "BROKEN $name: the mutant does not build: $(grep -m1 -i 'error' "$d/.build.log")" > "$out"
		else
			s=survived
			for t in $M_TESTS; do
				bound=${M_BOUND:-$(( ${took[$t]} * 2 + 20 ))}
				s=$(run_script "$d" "$t" "$bound" "$out.log" 1 "$M_ENV")
				case $s in
				pass) s=survived;;
				skip) s="skipped in $t"; break;;
				hang) s="caught by $t (ran past ${bound} s)"; break;;
				fail:*) s="caught by $t (${s#fail:})"; break;;
				esac
			done
			case $s in
			caught*) echo "ok $name: $s" > "$out";;
			skipped*) echo "SKIPPED $name: $s: not judged" > "$out";;
			*) echo "SURVIVED $name: $M_DESC (tests: $M_TESTS)" > "$out";;
			esac
		fi
		# Undo: the mutated file back from the unmutated copy, with a new
		# mtime, so the next build recompiles it.
		if [ $M_KIND = edit ]; then cat "$S/src/$M_FILE" > "$d/$M_FILE"
		else patch -s -p1 -R -F0 --no-backup-if-mismatch -r - -d "$d" < "$f" >/dev/null 2>&1 ||
			{ rm -rf "$d" && cp -a "$S/src" "$d"; }
		fi
		cat "$out"
	done
}
for w in $(seq 1 "$J"); do mutant_worker $w & done; wait

caught=0; fail=0
for n in $(seq 0 $(( ${#list[@]} - 1 ))); do
	if [ -f "$S/out/$n.v" ] && grep -q '^ok ' "$S/out/$n.v"; then caught=$((caught + 1))
	else fail=$((fail + 1)); [ -f "$S/out/$n.v" ] || echo "LOST ${list[$n]##*/}: no verdict" > "$S/out/$n.v"; fi
done
echo "# mutate: $caught of ${#list[@]} mutants caught in $(( $(date +%s) - start )) s ($J workers)"
if [ $fail != 0 ]; then
	echo "mutate: FAILED: $fail mutant(s) not caught:"
	cat "$S"/out/*.v | grep -v '^ok ' | sed 's/^/  /'
	exit 1
fi
