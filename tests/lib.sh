# tests/lib.sh: TAP helpers shared by the integration tests (sourced).
# Each test script: one behaviour, TAP on stdout; skip_all/skip_one say
# why a test cannot run here (failures under MINIT_REQUIRE_ALL=1).
set -u
: "${MINIT:=$(cd "$(dirname "$0")/.." && pwd)/minit}"
: "${PROBE:=$(cd "$(dirname "$0")/.." && pwd)/probe}"
T=0
FAILED=0
TMP=$(mktemp -d /tmp/minit-test.XXXXXX)
CLEANUP=""
# Every process the script starts carries this in its environment (the
# script's own shell does not: /proc shows the environment it was
# started with). What still carries it at the end is a leftover: it is
# killed, by pid, and fails the script; it cannot hold prove's pipe open.
export MINIT_TEST_TOKEN=$$.$(date +%s%N)
# (The folder goes on every path: a failure found here exits only after.)
trap 'trap "" TERM INT HUP; eval "$CLEANUP"; leftovers_check; san_check; rm -rf "$TMP"; [ "$FAILED" -eq 0 ] || exit 1' EXIT
# Stopped by a signal (the mutation gate at a script's first not ok,
# prove's timeout), the script ends through that EXIT trap too: bash dies
# of an untrapped TERM without it, and leaves its cgroups and temp folder.
# The EXIT trap ignores them: timeout sends its TERM twice (to the script,
# then to its process group), and the second, taken during the cleanup,
# would end the script there (tests/cleanup.sh failed 2 of 12 so).
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 130' INT

plan() { echo "1..$1"; }
# MINIT_REQUIRE_ALL=1 (.ci/run, where make deps installed everything): a
# skip for want of a tool, a controller or a mount is a failure instead.
# What SAN=1 skips by design (san_skip) stays a skip.
required() { [ "${MINIT_REQUIRE_ALL:-0}" = 1 ]; }
skip_all() {
	if required; then echo "1..1"; echo "not ok 1 - skipped: $* (MINIT_REQUIRE_ALL=1: no skipping)"; exit 1; fi
	echo "1..0 # SKIP $*"; exit 0
}
skip_one() {  # skip_one REASON: one test that cannot run here
	T=$((T + 1))
	if required; then echo "not ok $T - skipped: $* (MINIT_REQUIRE_ALL=1: no skipping)"; FAILED=$((FAILED + 1))
	else echo "ok $T # SKIP $*"; fi
}
ok() {  # ok COND-EXIT-STATUS DESCRIPTION
	T=$((T + 1))
	if [ "$1" -eq 0 ]; then echo "ok $T - $2"; else echo "not ok $T - $2"; FAILED=$((FAILED + 1)); fi
}
is() {  # is GOT WANT DESCRIPTION
	T=$((T + 1))
	if [ "$1" = "$2" ]; then echo "ok $T - $3"
	else echo "not ok $T - $3"; echo "#   got:  '$1'"; echo "#   want: '$2'"; FAILED=$((FAILED + 1)); fi
}
like() {  # like GOT REGEX DESCRIPTION
	T=$((T + 1))
	if printf '%s' "$1" | grep -Eq -- "$2"; then echo "ok $T - $3"
	else echo "not ok $T - $3"; echo "#   got:  '$1'"; echo "#   want: /$2/"; FAILED=$((FAILED + 1)); fi
}
done_testing() { echo "1..$T"; [ "$FAILED" -eq 0 ]; }

# poll TIMEOUT_S CMD...: run CMD every 10 ms until it succeeds; 1 if it never does.
poll() {
	local end=$(( $(date +%s%N) / 1000000 + $1 * 1000 )); shift
	while ! "$@" 2>/dev/null; do
		[ $(( $(date +%s%N) / 1000000 )) -ge $end ] && return 1
		sleep 0.01
	done
}
# make test SAN=1 (Makefile): sanitizers write reports under MINIT_SANLOG
# instead of stderr. One left there fails the script that caused it,
# even when no test looked at the reporting process's status. The files
# are moved aside, not removed: the Makefile fails the run on them too.
san_check() {
	local f
	[ -n "${MINIT_SANLOG:-}" ] && [ -d "$MINIT_SANLOG" ] || return 0
	for f in "$MINIT_SANLOG"/report*; do
		[ -e "$f" ] || continue
		echo "not ok $((T += 1)) - sanitizer report ${f##*/}"; sed 's/^/#   /' "$f" >&2
		mkdir -p "$MINIT_SANLOG/seen" && mv "$f" "$MINIT_SANLOG/seen/"
		FAILED=$((FAILED + 1))
	done
}
# ---- the script's cgroups ---------------------------------------------
# CGT: every cgroup the script makes, or names as minit's --cgroup-parent,
# is CGT itself, CGT-WHAT or below them, in any hierarchy: cg_rm removes
# nothing else, and one of them still there at exit fails the script that
# made it ($$ is in the name). Register its removal as soon as the name is
# chosen, before anything can create it: CLEANUP="cg_rm $CGT-what; $CLEANUP"
# (a script stopped early, by the mutation gate or a timeout, then still
# removes it).
CGT=${TEST_CGT:-/minit-test-$$}	# (TEST_CGT: tests/cleanup.sh's child scripts)
unset TEST_CGT
# The mount point of every hierarchy: the v1 controllers, the v2 tree.
CG_HIER=$(awk '{for (i = 1; i <= NF; i++) if ($i == "-") { if ($(i+1) ~ /^cgroup2?$/) print $5; break }}' /proc/self/mountinfo | sort -u)
# cg_rm NAME...: remove the groups NAME (absolute group paths under CGT,
# like --cgroup-parent takes) from every hierarchy, with all below them.
# What is still inside is killed, by pid from cgroup.procs (a process
# that outlived the test: it fails the script); the groups then go
# deepest first, again every 10 ms while the killed ones finish exiting,
# for up to 10 s. Nothing sleeps when the first pass removes all. 1 if
# something is still there (said in a comment).
cg_rm() {
	local n
	for n; do
		case $n/ in "$CGT"/*|"$CGT"-*) ;; *) n=;; esac
		case $n/ in */../*|*/./*|*//*) n=;; esac
		if [ -z "$n" ]; then
			echo "not ok $((T += 1)) - cg_rm $*: only the script's own groups ($CGT...)"
			FAILED=$((FAILED + 1)); return 1
		fi
	done
	CG_KILLED=""
	cg_rm_pass "$@" 2>/dev/null || poll 10 cg_rm_pass "$@"
	local rc=$?
	if [ -n "$CG_KILLED" ]; then
		echo "not ok $((T += 1)) - processes left in the script's cgroups, killed:$CG_KILLED"
		FAILED=$((FAILED + 1))
	fi
	[ $rc = 0 ] || echo "# cg_rm: still there after 10 s:" $(cg_find "$@")
	return $rc
}
cg_rm_pass() {  # one try: kill by pid, rmdir children first; 0 when all are gone
	local h n d p k st comm dirs busy left=0 IFS=$'\n'
	for h in $CG_HIER; do
		for n; do
			[ -d "$h$n" ] || continue
			dirs=$(find "$h$n" -depth -type d 2>/dev/null)
			for d in $dirs; do
				# (killed, a frozen task waits for the thaw to die)
				[ -f "$d/freezer.state" ] && echo THAWED > "$d/freezer.state"
				[ -f "$d/cgroup.freeze" ] && echo 0 > "$d/cgroup.freeze"
				busy=
				while read -r p; do
					# the script itself, sitting in a group of its own
					[ "$p" = $$ ] || [ "$p" = "$BASHPID" ] && { busy=self; continue; }
					busy=${busy:-1}
					[ "$p" = 0 ] && continue
					# (named first, with read, not cat: no fork per process)
					case " $CG_KILLED " in *" $p("*) ;; *)
						comm=; read -r comm < /proc/"$p"/comm
						st=; while read -r k st && [ "$k" != State: ]; do :; done < /proc/"$p"/status
						[ "${st%% *}" = Z ] || CG_KILLED="$CG_KILLED $p($comm)";;
					esac
					kill -KILL "$p" 2>/dev/null
				done < "$d/cgroup.procs"
				# v2: also what our PID namespace cannot see (pid 0)
				[ "$busy" = 1 ] && [ -f "$d/cgroup.kill" ] && echo 1 > "$d/cgroup.kill"
			done
			rmdir $dirs 2>/dev/null
			[ -d "$h$n" ] && left=1
		done
	done
	return $left
}
# cg_find NAME...: the groups of those names in any hierarchy
cg_find() { local h n; for h in $CG_HIER; do for n; do [ -d "$h$n" ] && echo "$h$n"; done; done; }
# cg_mine: every group of the script's (CGT and CGT-*, in any hierarchy)
# in CG_MINE (no fork: every script ends with it)
cg_mine() {
	local h d
	CG_MINE=
	for h in $CG_HIER; do
		for d in "$h$CGT" "$h$CGT"-*; do
			[ -d "$d" ] || continue
			case " $CG_MINE " in *" ${d#$h} "*) ;; *) CG_MINE="$CG_MINE ${d#$h}";; esac
		done
	done
}

# leftovers_check: at exit, kill (by pid) what the script started and
# left running, and count it as a failure; the same for the script's
# cgroups (what its CLEANUP did not remove), which are removed.
leftovers_check() {
	local pids p f i left=""
	for i in 1 2 3 4 5; do
		pids=""	# (no cut or sed here: it would carry the token itself)
		for f in $(env -u MINIT_TEST_TOKEN grep -lsaF "MINIT_TEST_TOKEN=$MINIT_TEST_TOKEN" /proc/[0-9]*/environ); do
			p=${f#/proc/}; pids="$pids ${p%/environ}"
		done
		[ -n "$pids" ] || break
		for p in $pids; do left="$left $p($(cat /proc/$p/comm 2>/dev/null))"; done
		kill -KILL $pids 2>/dev/null; sleep 0.1
	done
	if [ -n "$left" ]; then
		echo "not ok $((T += 1)) - processes left behind, killed:$(echo "$left" | tr ' ' '\n' | sort -u | tr '\n' ' ')"
		FAILED=$((FAILED + 1))
	fi
	cg_mine
	[ -z "$CG_MINE" ] && return
	echo "not ok $((T += 1)) - cgroups left behind, removed:$CG_MINE"
	FAILED=$((FAILED + 1))
	cg_rm $CG_MINE
}
# san_skip REASON: skip the whole script under SAN=1; san_skip_one REASON:
# count one test as skipped there. Only for what the sanitizers change
# by design (a static binary, memory use), never to hide a report.
san_skip() { [ -z "${MINIT_SAN:-}" ] || { echo "1..0 # SKIP under SAN=1: $*"; exit 0; }; }
san_skip_one() { T=$((T + 1)); echo "ok $T # SKIP under SAN=1: $*"; }
# env "${SAN_NOLEAK[@]}" CMD: LeakSanitizer off for CMD alone, where the
# test takes away what it needs at exit (a second task for its tracer
# thread). Empty without SAN=1.
SAN_NOLEAK=()
[ -z "${MINIT_SAN:-}" ] || SAN_NOLEAK=("ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0")
need_root() { [ "$(id -u)" = 0 ] || skip_all "needs root"; }
alive() { kill -0 "$1" 2>/dev/null && ! grep -q '^State:.*Z' /proc/"$1"/status 2>/dev/null; }
gone() { ! alive "$1"; }
# children PID: the pids whose parent is PID
children() { echo $(cat /proc/"$1"/task/*/children 2>/dev/null); }
# has_children PID: for poll, which runs its command anew each time (a
# "$(children PID)" argument would be computed once, before the first try).
has_children() { [ -n "$(children "$1")" ]; }
zombies_of() { local n=0 p; for p in $(children "$1"); do grep -q '^State:.*Z' /proc/$p/status 2>/dev/null && n=$((n+1)); done; echo $n; }
# proc_mounts: how many mounts sit on the host's /proc, the one mount minit
# makes (in a new namespace). Other mounts are left out: an engine or a
# desktop may mount things meanwhile.
proc_mounts() { awk '$5 == "/proc"' /proc/self/mountinfo | wc -l; }
