#!/bin/bash
# The integration suites that need no namespace of minit's own, run on
# the arm64 minit under qemu-user: exit codes (core_exit), options and
# MINIT_* (core_options), bad input (bad_input), idling (core_idle),
# reaping and the end of a run (core_reap), each as a plain child and as
# PID 1 of a pid namespace (unshare, around qemu). MINIT is a two-line
# wrapper that execs qemu-aarch64-static on build-aarch64/minit, so the
# pid the suites signal is minit's; the commands minit runs are the
# host's (sh, the x86_64 probe): minit is what is under test.
#
# Where qemu-user (Debian 12: qemu 7.2) differs from a kernel, the cases
# below are left out of the count, each with its reason; every other case
# of these suites must pass. The arm64 VM (tests/aarch64/vm.sh: a real
# arm64 kernel) proves what they cover, and what no suite here can run:
# the launcher's namespaces and cgroups, signal forwarding (core_signals:
# qemu keeps host signals 32 and 33 for itself and dies of them), the
# tty (core_tty: qemu's own job control) and boot mode.
#
# Run one suite (or any script of tests/) on the arm64 minit this way:
#   make aarch64 && tests/aarch64/user.sh tests/core_exit.sh
. "$(dirname "$0")/lib.sh"
need_aarch64 minit
[ "$(id -u)" = 0 ] || { echo "1..0 # SKIP needs root (the suites do)"; exit 0; }
: "${PROBE:=$top/probe}"
[ -x "$PROBE" ] || aarch64_skip "$PROBE not built (make probe)"
TMP=$(mktemp -d /tmp/minit-aarch64-user.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
# An absolute qemu: some cases run minit with a PATH of their own.
printf '#!/bin/sh\nexec %s %s "$@"\n' "$(command -v "$QEMU_USER")" "$A/minit" > "$TMP/minit"
chmod 755 "$TMP/minit"

# What qemu-user cannot do, and what follows for the cases:
# - qemu 7.2 answers PR_SET_CHILD_SUBREAPER with EINVAL itself (a TODO
#   there; qemu 8 passes it on): as a plain child, minit warns
#   "minit: subreaper: Invalid argument" on stderr, and orphans go to the
#   host's init instead of minit. A case that compares what minit printed
#   (is: got/want, or a row of bad_input's table) and differs by that
#   line alone is counted as passed;
#   core_reap's plain-child cases are left out (its [pid1] ones run).
# - qemu-user's clone refuses the CLONE_NEW* flags (EINVAL), and has no
#   clone3: cases of a namespace mode ([--pid], [--net], ...) are left out.
subreaper_line='minit: subreaper: Invalid argument'
# suite|ERE on the case's description|why it is left out
cannot=(
	"*|^\[--[a-z]+( --[a-z]+)*\] |a namespace mode: qemu-user's clone refuses CLONE_NEW* (the arm64 VM runs --pid, --net, --user...)"
	"bad_input|^the valid options of the table run$|the table's valid options include --pid, --net: qemu-user cannot make namespaces"
	"core_reap|^\[child\] |a plain child reaps and ends orphans as a subreaper, which qemu 7.2 refuses: they are the host init's (the [pid1] cases, the same checks, run here)"
	"core_options|^\.\.\. the leftover \([0-9]*\) is dead$|-G 0 KILLs what is left as a subreaper, which qemu 7.2 refuses: the leftover is the host init's (the x86_64 suite and the arm64 VM check it)"
	"core_options|^MINIT_[A-Z]+=[01] MINIT_[A-Z]+=[01]: --isolate |--isolate: qemu-user's clone refuses CLONE_NEW* (the x86_64 suite runs it)"
	"core_options|MINIT_TMPFS|--tmpfs mounts in a mount namespace: qemu-user's clone refuses CLONE_NEW* (the x86_64 suite runs it)"
	"*|^processes left behind, killed:|the orphans of the cases above, the host init's under qemu-user (no subreaper): lib.sh found them and killed them by pid"
)
reason() {  # reason SUITE DESC: print why qemu-user cannot run this case; 1 if it can
	local c s re
	for c in "${cannot[@]}"; do
		s=${c%%|*}; re=${c#*|}; re=${re%%|*}
		[ "$s" = "$1" ] || [ "$s" = "*" ] || continue
		[[ $2 =~ $re ]] && { echo "${c##*|}"; return 0; }
	done
	return 1
}
# only_subreaper BLOCK: the diagnostic of an `is` case; 0 if got is want
# plus the subreaper warning (its own line), nothing else.
only_subreaper() {
	local g w gp="#   got:  '" wp="#   want: '" nl=$'\n'
	case $1 in *"$gp"*"$wp"*) ;; *) return 1;; esac
	g=${1#*"$gp"}; g=${g%%"'$nl$wp"*}
	w=${1#*"$wp"}; w=${w%%"'$nl"*}
	case $g in *"$subreaper_line"*) ;; *) return 1;; esac
	# the warning is a line of its own, where a test may prefix its output
	g2=${g/"$subreaper_line$nl"/}
	[ "$g2" != "$g" ] || { g2=${g%"$subreaper_line"}; g2=${g2%"$nl"}; }
	[ "$g2" = "$w" ]
}
# only_subreaper_row DESC BLOCK: a failed row of bad_input's table
# ("#   rc R: ERR"): 0 if, but for the subreaper warning, it is what the
# row wants: 125 and one line "minit: ..." naming every word of DESC.
# (The row's own check for leftovers did not run; x86_64's run does it.)
only_subreaper_row() {
	local e w nl=$'\n'
	case $2 in "#   rc 125: "*"$subreaper_line"*) ;; *) return 1;; esac
	local e0=${2#"#   rc 125: "}; e0=${e0%"$nl"}
	e=${e0/"$subreaper_line$nl"/}
	[ "$e" != "$e0" ] || { e=${e%"$subreaper_line"}; e=${e%"$nl"}; }
	case $e in "minit: "*) ;; *) return 1;; esac
	case $e in *"$nl"*) return 1;; esac
	for w in $1; do case $e in *"$w"*) ;; *) return 1;; esac; done
}

if [ $# -gt 0 ]; then
	suites=("$@")
else
	suites=(tests/core_exit.sh tests/core_options.sh tests/bad_input.sh tests/core_idle.sh tests/core_reap.sh)
fi
n=0 fail=0 left=0
for t in "${suites[@]}"; do
	s=$(basename "$t" .sh)
	[ -f "$t" ] && t=$(cd "$(dirname "$t")" && pwd)/$(basename "$t") || t=$top/tests/$s.sh
	(cd "$top" && MINIT=$TMP/minit PROBE=$PROBE bash "$t") > "$TMP/$s.log" 2>&1; rc=$?
	plan= ran=0 pend=
	mapfile -t L < "$TMP/$s.log"
	for ((i = 0; i < ${#L[@]}; i++)); do
		l=${L[i]}
		case $l in
		"ok "*"# SKIP"*|"ok "*"# skip"*)
			ran=$((ran + 1)) n=$((n + 1)); echo "ok $n # SKIP [$s] ${l#*# [Ss][Kk][Ii][Pp]}";;
		"ok "*|"not ok "*)
			ran=$((ran + 1)) d=${l#* - }
			# the case's diagnostic: the lines up to the next case
			blk=
			for ((j = i + 1; j < ${#L[@]}; j++)); do
				case ${L[j]} in "ok "*|"not ok "*|"1.."*) break;; esac
				blk+=${L[j]}$'\n'
			done
			if why=$(reason "$s" "$d"); then
				left=$((left + 1)); echo "# [$s] not counted: $d: $why"
				# lib.sh's leftover check comes after the plan line
				case $d in "processes left behind"*) ran=$((ran - 1));; esac
			elif [ "${l%% *}" = ok ]; then
				n=$((n + 1)); echo "ok $n - [$s] $d"
			elif only_subreaper "$blk" || only_subreaper_row "$d" "$blk"; then
				n=$((n + 1)); echo "ok $n - [$s] $d (but for qemu's subreaper warning line)"
			else
				n=$((n + 1)) fail=1; echo "not ok $n - [$s] $d"; printf '%s' "$blk" | sed 's/^/# /'
			fi;;
		"1.."*) plan=${l#1..}; plan=${plan%% *};;
		esac
	done
	# The suite ran to its end: its plan met, and an exit status other
	# than 0 only with a case that failed (counted or not).
	n=$((n + 1))
	if [ -n "$plan" ] && [ "$plan" = "$ran" ] && { [ $rc = 0 ] || grep -q '^not ok' "$TMP/$s.log"; }; then
		echo "ok $n - [$s] ran to its plan ($ran cases)"
	else
		fail=1; echo "not ok $n - [$s] ran to its plan (plan ${plan:-none}, ran $ran, exit $rc)"
		grep -v '^ok' "$TMP/$s.log" | tail -20 | sed 's/^/#   /'
	fi
done
echo "# $left cases left out (qemu-user cannot run them faithfully), named above"
echo "1..$n"
exit $fail
