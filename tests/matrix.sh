#!/bin/bash
# tests/matrix.sh: where features meet. Every scenario runs in every
# context, and after every run the invariants are checked:
#   - the exit status;
#   - minit and everything it started gone within a bound (every process
#     of a run carries MATRIX_RUN=<id> in its environment: none may be left);
#   - the host's /proc mounts and this suite's cgroup parent as before;
#   - in a pty context, the terminal's foreground back with the job's group
#     (foreground) or never taken from the shell (background);
#   - no signal the command did not get from outside (sigwait records them).
# The contexts: plain, PID 1, --pid, --isolate, --user as nobody, a pty
# in the foreground and the background, a dead stderr, MINIT_*, and the
# sandbox (--root, --seccomp, --veth together) plain, under a pty and from
# MINIT_*.
# Then the named cases: one per bug of issue 12, named "bug N: ...".
#
# Adding a CONTEXT: write ctx_NAME, which runs "$MINIT" "$@" the way that
# context does and returns minit's status (a pty context sets TTYGOT to
# what ptyrun saw and TTYWANT to what it must be), and add NAME to
# CONTEXTS. A context that cannot run a scenario says so in skip_reason.
# Adding a SCENARIO: write sc_NAME CTX, which calls
#   mx CTX "DESCRIPTION" EXPECTED-STATUS [MINIT-OPTION...] -- COMMAND...
# (options as --name or --name=value: ctx_env turns them into MINIT_*),
# or mxbg for a run that is signalled from outside once READY exists
# (see sc_term), and add NAME to SCENARIOS. mx does the invariants; the
# scenario checks its own outcome after it (files in $W).
. "$(dirname "$0")/lib.sh"
need_root
: "${PTYRUN:=$(cd "$(dirname "$0")/.." && pwd)/build/ptyrun}"
[ -x "$PTYRUN" ] || skip_all "no $PTYRUN (make build/ptyrun)"
command -v unshare >/dev/null && command -v setpriv >/dev/null || skip_all "util-linux missing"

chmod 755 "$TMP"
W=$TMP/w; mkdir -m 1777 "$W"
CGP=$CGT-matrix		# our own --cgroup-parent, removed at the end
CLEANUP="cg_rm $CGP; $CLEANUP"
RUN=0
TTYGOT= TTYWANT= STOPPED=

# MATRIX_CONTEXTS, MATRIX_SCENARIOS, MATRIX_NAMED (the named cases of
# bugs 1, 2, 3/4 to run, or "none"): a part only (the mutants' env:
# lines); unset, everything runs.
CONTEXTS=${MATRIX_CONTEXTS-plain pid1 pidns isolate user ptyfg ptybg deadpipe env sandbox sandboxpty sandboxenv}
SCENARIOS=${MATRIX_SCENARIOS-exit signaled execfail orphans timeout term trap stopcont oom}
named() { [ -z "${MATRIX_NAMED+x}" ] || [[ " $MATRIX_NAMED " == *" $1 "* ]]; }

# ---- contexts ----------------------------------------------------------
ctx_plain() { "$MINIT" "$@"; }
ctx_pid1() { unshare --pid --fork --mount-proc "$MINIT" "$@"; }
ctx_pidns() { "$MINIT" --pid "$@"; }
ctx_isolate() { "$MINIT" --isolate "$@"; }
ctx_user() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$MINIT" --user --pid "$@"; }
pty_run() {  # pty_run WANT PTYRUN-OPTIONS... -- MINIT-ARGS
	local want=$1 out; shift
	out=$("$PTYRUN" -t 20 "$@")
	TTYWANT=$want; TTYGOT=$(printf '%s\n' "$out" | sed -n 's/^tty //p')
	STOPPED=$(printf '%s\n' "$out" | grep -c '^stopped')
	return "$(printf '%s\n' "$out" | sed -n 's/^status //p' | grep . || echo 99)"
}
ctx_ptyfg() { pty_run job -- "$MINIT" "$@"; }
ctx_ptybg() { pty_run shell -b -- "$MINIT" "$@"; }
# stderr a pipe whose reader is gone before minit starts; -v so it writes
ctx_deadpipe() {
	local w rc
	exec {w}> >(exec true)
	poll 5 gone $!
	"$MINIT" -v "$@" 2>&$w; rc=$?
	exec {w}>&-
	return $rc
}
# MINIT_* for every option before -- (a repeated option's values joined
# by spaces, as MINIT_BIND takes them); ENVPRE runs before minit
ctx_env() {
	local -A vars=(); local a n list=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		a=${1#--}; n=${a%%=*}; n=MINIT_$(printf '%s' "${n//-/_}" | tr a-z A-Z)
		case $a in *=*) a=${a#*=};; *) a=1;; esac
		vars[$n]=${vars[$n]:+${vars[$n]} }$a
		shift
	done
	for n in "${!vars[@]}"; do list+=("$n=${vars[$n]}"); done
	env "${list[@]}" ${ENVPRE:-} "$MINIT" "$@"
}
# The sandbox: the busybox root (overlay: the image is never written) with
# the probe and the run's folder bound in, every namespace, the default
# seccomp filter and a veth link to a throwaway network namespace that
# plays the host (unshare --net: no packet reaches this machine's links).
. "$(dirname "$0")/rootfs-lib.sh"
SBROOT=$TMP/sbroot
busybox_root "$SBROOT" || skip_all "busybox-static missing (make deps)"
# The host's /usr read-only beside busybox: SAN=1's probe is dynamic.
ln -s usr/lib "$SBROOT/lib"; ln -s usr/lib64 "$SBROOT/lib64"; mkdir "$SBROOT/usr"
SANDBOX=(--isolate --root="$SBROOT" --overlay --bind=/usr:/usr:ro --bind="$W:$W" --bind="$PROBE:$PROBE" --seccomp --veth)
# SAN=1: LeakSanitizer cannot work under the filter (no ptrace): off for
# the sandbox's runs (ASan's other checks stay).
SBENV=ASAN_OPTIONS=${ASAN_OPTIONS:-}; SBENV=${SBENV//detect_leaks=1/detect_leaks=0}
ctx_sandbox() { env "$SBENV" unshare --net "$MINIT" "${SANDBOX[@]}" "$@"; }
ctx_sandboxpty() { pty_run job -- env "$SBENV" unshare --net "$MINIT" "${SANDBOX[@]}" "$@"; }
ctx_sandboxenv() { ENVPRE="env $SBENV unshare --net" ctx_env "${SANDBOX[@]}" "$@"; }
# nobody must reach minit and the probe (a scratch copy under a 0700 dir may not)
NOBODY_OK=$(setpriv --reuid=65534 --regid=65534 --clear-groups -- sh -c '[ -x "$0" ] && [ -x "$1" ] && echo 1' "$MINIT" "$PROBE")
skip_reason() {  # skip_reason CTX SCENARIO: why it cannot run there, or nothing
	[ "$1" = user ] && [ -z "$NOBODY_OK" ] && { echo "nobody cannot reach $MINIT or $PROBE"; return; }
	case $1:$2 in
	user:oom) echo "a nobody's cgroup needs a delegated parent";;
	ptyfg:stopcont|ptybg:stopcont|sandboxpty:stopcont) echo "under a shell's job control minit stops with the command: the pty cases";;
	esac
}

# ---- the runner and its invariants -------------------------------------
# Every process of a run: this shell sits in a tracking cgroup of its
# own (v1 pids or v2), which everything it starts inherits whatever
# namespace or session it makes: reading it is instant. Without one,
# the MATRIX_RUN=<id> in every run's environment is looked for.
TRACK=
for d in /sys/fs/cgroup/pids /sys/fs/cgroup; do
	[ -e $d/cgroup.procs ] || continue
	[ $d = /sys/fs/cgroup ] && [ ! -e $d/cgroup.controllers ] && continue
	ORIG=$d$(awk -F: -v v=$([ $d = /sys/fs/cgroup ] && echo "" || echo pids) '$2 == v {print $3}' /proc/self/cgroup)
	# This shell out first: cg_rm kills what is left inside, and rmdir
	# cannot remove a group it runs in.
	CLEANUP="echo $$ 2>/dev/null > '$ORIG/cgroup.procs'; cg_rm $CGT-track; $CLEANUP"
	mkdir "$d$CGT-track" 2>/dev/null && echo $$ > "$d$CGT-track/cgroup.procs" 2>/dev/null && {
		TRACK=$d$CGT-track
		break
	}
	cg_rm $CGT-track
done
leftovers() {
	local l p
	if [ -n "$TRACK" ]; then
		read -r -d '' l < "$TRACK/cgroup.procs"
		for p in $l; do [ "$p" = $$ ] || [ "$p" = "$BASHPID" ] || echo $p; done
	else
		grep -l -a "MATRIX_RUN=$1\b" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3 | grep -v "^$$\$"
	fi
}
no_leftovers() { [ -z "$(leftovers "$1")" ]; }
# in bash alone: forks are what makes a run slow on a loaded machine
cg_children() { local d; for d in /sys/fs/cgroup/*"$CGP"/*/ /sys/fs/cgroup/unified"$CGP"/*/; do [ -d "$d" ] && echo "$d"; done; }
proc_mounts() { local a b c d mp rest n=0; while read -r a b c d mp rest; do [ "$mp" = /proc ] && n=$((n + 1)); done < /proc/self/mountinfo; echo $n; }

# the outermost minit of run ID
minit_of() {
	local p pp
	for p in $(leftovers "$1"); do
		[ "$(cat /proc/$p/comm 2>/dev/null)" = minit ] || continue
		pp=$(awk '/^PPid:/{print $2}' /proc/$p/status 2>/dev/null)
		[ "$(cat /proc/$pp/comm 2>/dev/null)" = minit ] || { echo $p; return; }
	done
	return 1
}

# invariants after run ID in CTX: NAME for the messages
invariants() {
	local ctx=$1 id=$2 name=$3 rc=$4 want=$5
	is "$rc" "$want" "$name: exit status"
	no_leftovers "$id" || poll 10 no_leftovers "$id"; ok $? "$name: minit and all it started are gone"
	is "$(proc_mounts)" "$MOUNTS0" "$name: the host's /proc mounts as before"
	is "$(cg_children)" "" "$name: no group left under the cgroup parent"
	case $ctx in pty*|*pty) is "$TTYGOT" "$TTYWANT" "$name: the terminal's foreground with the $TTYWANT";; esac
	case $ctx in sandbox*) is "$(host_mounts)" "$HOSTMOUNTS0" "$name: the host's mount table as before";; esac
}

# mx CTX DESC STATUS ARGS...: one run, then the invariants
mx() {
	local ctx=$1 desc=$2 want=$3 rc; shift 3
	RUN=$((RUN + 1)); local id=$$.$RUN
	# not in a subshell: a pty context leaves TTYGOT and STOPPED here
	export MATRIX_RUN=$id
	ctx_$ctx "$@" >"$W/out" 2>"$W/err" </dev/null; rc=$?
	export -n MATRIX_RUN
	invariants "$ctx" "$id" "[$ctx] $desc" "$rc" "$want"
}

# mxbg CTX DESC STATUS READY ACTION ARGS...: start the run, wait for the
# file READY, run ACTION with the outermost minit's pid, then the invariants
mxbg() {
	local ctx=$1 desc=$2 want=$3 ready=$4 action=$5 rc m; shift 5
	RUN=$((RUN + 1)); local id=$$.$RUN; RUNID=$id
	rm -f "$ready"
	( export MATRIX_RUN=$id; exec </dev/null; ctx_$ctx "$@"; echo $? > "$W/rc" ) >"$W/out" 2>"$W/err" &
	local bg=$!
	if poll 10 test -s "$ready" && m=$(minit_of "$id"); then
		$action "$m"
	else
		echo "# [$ctx] $desc: never ready"
	fi
	poll 20 gone $bg || kill -KILL $bg
	wait $bg 2>/dev/null
	rc=$(cat "$W/rc" 2>/dev/null || echo hung)
	invariants "$ctx" "$id" "[$ctx] $desc" "$rc" "$want"
}

# ---- scenarios ---------------------------------------------------------
sc_exit() { mx $1 "exit 7" 7 -- "$PROBE" exit 7; }
sc_signaled() { mx $1 "death by USR1: 138" 138 -- "$PROBE" kill 10; }
sc_execfail() { mx $1 "exec failure: 127" 127 -- /nonexistent/cmd; }
sc_orphans() { mx $1 "20 orphans reaped" 0 -- "$PROBE" zombies 20; }
sc_timeout() { mx $1 "--timeout: 124" 124 --timeout=300ms -- "$PROBE" sleep 10; }
term() { kill -TERM "$1"; }
sc_term() {
	mxbg $1 "a forwarded TERM" 0 "$W/sig" term -- "$PROBE" sigwait "$W/sig"
	is "$(tr '\n' ' ' < "$W/sig")" "ready 15 " "[$1] the command got TERM, and nothing else"
}
# bug 14: with -g, the grace period TERMs the group and the members one
# by one; a member reparented later must not see TERM twice. (stderr to
# /dev/null: dash says "Terminated" there, and a dead pipe would kill it.)
sc_trap() {
	rm -f "$W/trap"
	mxbg $1 "bug 14: -g, a trap in a group member" 143 "$W/ready" term \
		--pgroup --grace=300ms -- sh -c 'exec 2>/dev/null; sh -c "trap \"echo T >> $0/trap\" TERM
			echo r > $0/ready; while :; do sleep 0.05; done" "$0" & wait' "$W"
	is "$(cat "$W/trap" 2>/dev/null | tr '\n' ' ')" "T " "[$1] bug 14: the trap ran once"
}
# bug 5: without a terminal a stopped command does not stop minit; CONT
# continues it, and a TERM while it is stopped ends the run.
one_stopped() {  # a process of the run, not minit, is stopped
	local p
	for p in $(leftovers "$RUNID"); do
		[ "$p" != "$1" ] && grep -q '^State:.*T' /proc/$p/status 2>/dev/null && return 0
	done
	return 1
}
stopped_then() {
	poll 10 one_stopped "$1"
	grep -q '^State:.*T' /proc/"$1"/status; ok $((!$?)) "bug 5: minit itself not stopped"
	kill -$SIG "$1"
}
sc_stopcont() {
	SIG=CONT mxbg $1 "bug 5: stop, CONT" 6 "$W/ready" stopped_then \
		-- sh -c 'echo $$ > "$0"/ready; kill -STOP $$; exit 6' "$W"
	SIG=TERM mxbg $1 "bug 5: stop, TERM" 143 "$W/ready" stopped_then \
		-- sh -c 'echo $$ > "$0"/ready; kill -STOP $$; exit 6' "$W"
}
sc_oom() { mx $1 "an OOM kill: 137" 137 --mem=16M --cgroup-parent=$CGP -- "$PROBE" alloc 64; }

MOUNTS0=$(proc_mounts)
# The host's mount points, but for those other scripts' engines may add
# and remove meanwhile (the mutation gate runs two scripts at once):
# another test's folder, docker's, containerd's and ip netns' own.
host_mounts() {
	cut -d' ' -f5 /proc/self/mountinfo | awk -v own="$TMP" '
		index($0, "/tmp/minit-test.") == 1 && index($0, own) != 1 { next }
		/^\/(run\/docker|run\/containerd|run\/netns|var\/lib\/docker|var\/lib\/containers)(\/|$)/ { next }
		{ print }' | md5sum
}
HOSTMOUNTS0=$(host_mounts)
for c in $CONTEXTS; do
	for s in $SCENARIOS; do
		why=$(skip_reason $c $s)
		if [ -n "$why" ]; then T=$((T + 1)); echo "ok $T # SKIP [$c] $s: $why"; continue; fi
		sc_$s $c
	done
done

# ---- named cases: one per bug of issue 12 --------------------------------
# bug 1: a dead stderr, -vv: minit neither spins nor SIGPIPEs the command
named 1 && mx deadpipe "bug 1: -vv to a dead pipe, the command's own status" 5 -vv -- sh -c 'sleep 0.2; exit 5'

# bug 2: --pid/--isolate in the background never take the terminal
named 2 && for o in --pid --isolate; do
	mx ptybg "bug 2: $o in the background" 3 $o -- sh -c 'exit 3'
done
# bug 3: ^Z under --pid/--isolate stops minit's job, fg resumes it, ^C ends it
# bug 4: fg resumes the whole pipeline, not its leader alone
ctx_ptyz() { pty_run job -z -c -- "$MINIT" "$@"; }
ctx_ptyzd() { pty_run job -z -d -w 2:cat -- "$MINIT" "$@"; }	# ^Z once both cats run
ctx_ptybgz() { pty_run job -b -z -d -- "$MINIT" "$@"; }
named 3 && for o in "" --pid --isolate; do
	# A ^Z right after the hand-over, before the command's exec (the
	# child stops there; minit must not wait for the exec meanwhile), and
	# one the inner init reports before the outer is back from the clone.
	mx ptyz "bug 3: ^Z, fg, ^C${o:+ with $o}" 130 $o -- "$PROBE" sleep 100
	is "$STOPPED" 1 "bug 3: ... the shell saw the job stop${o:+ with $o}"
	mx ptyzd "bug 4: ^Z, fg, ^D to a pipeline${o:+ with $o}" 4 $o -- sh -c 'cat | cat; exit 4'
	mx ptybgz "bug 2/3: a background read stops the job, fg hands the terminal over${o:+ with $o}" 0 $o -- cat
done

# bug 6: boot mode with --pid: the inner is not the machine's init
out=$(unshare --pid --fork --mount --net --propagation private "$MINIT" --boot --pid -- sh -c 'exit 8' 2>&1); rc=$?
is "$rc:$(printf '%s\n' "$out" | grep -c 'exit status')" "8:1" "bug 6: --boot --pid: status 8, one status line"
# bug 7: PID 1 of a container without /proc is not the kernel's init
if [ -n "${MINIT_SAN:-}" ]; then
	san_skip_one "bug 7: LeakSanitizer needs /proc, which this case takes away"
else
	out=$(unshare --pid --fork --mount --propagation private sh -c 'umount -l /proc; exec "$0" -- sh -c "exit 3"' "$MINIT" 2>&1); rc=$?
	is "$rc:$out" "3:" "bug 7: PID 1 without /proc exits with the status, no boot"
fi
# bug 8: MINIT_MOUNT=0 cannot take the mount namespace from --pid/--isolate
for v in MINIT_PID MINIT_ISOLATE; do
	out=$(unshare --mount --propagation private sh -c 'a=$(awk "\$5 == \"/proc\"" /proc/self/mountinfo | wc -l)
		env '$v'=1 MINIT_MOUNT=0 "$0" -- true; echo "$? $a $(awk "\$5 == \"/proc\"" /proc/self/mountinfo | wc -l)"' "$MINIT")
	set -- $out
	is "$1:$2" "0:$3" "bug 8: $v=1 MINIT_MOUNT=0 mounts nothing on this /proc"
done
# bug 10: the inner init dies with the launcher, and the namespace with it
RUN=$((RUN + 1)); id=$$.$RUN
( export MATRIX_RUN=$id; exec "$MINIT" --pid -- "$PROBE" sleep inf ) &
outer=$!
poll 10 has_children $outer
inner=$(children $outer)
poll 10 has_children "$inner"
kill -KILL $outer; wait $outer 2>/dev/null
poll 10 no_leftovers $id; ok $? "bug 10: kill -9 of the launcher: the inner init and the command are gone"
# bug 13: a timeout must never fire after the command exited
pids=()
for g in 780 784 788 792 796 800; do
	( "$MINIT" -t 1000ms -G ${g}ms -- sh -c 'trap "" TERM; sleep 3 & exec sleep 0.2'; echo $? > "$W/t$g" ) &
	pids+=($!)
done
wait "${pids[@]}"
is "$(cat "$W"/t7* "$W"/t8* | sort -u | tr '\n' ' ')" "0 " "bug 13: the command's status, never a stale 124"
# bug 14 as PID 1 with another namespace's /proc (unshare without
# --mount-proc): the rest cannot be found apart from the group there, and
# the group's members get no second TERM (they get the grace's KILL). The
# command ends a while after its TERM, so that a second TERM would not
# merge with the first one still pending.
ctx_pid1host() { unshare --pid --fork "$MINIT" "$@"; }
rm -f "$W/trap"
mxbg pid1host "bug 14: PID 1, another namespace's /proc, -g, a trap in a group member" 0 "$W/ready" term \
	--pgroup --grace=300ms -- sh -c 'exec 2>/dev/null; trap "sleep 0.3; exit 0" TERM; sh -c "trap \"echo T >> $0/trap\" TERM
		echo r > $0/ready; while :; do sleep 0.05; done" "$0" & wait' "$W"
is "$(cat "$W/trap" 2>/dev/null | tr '\n' ' ')" "T " "[pid1host] bug 14: the trap ran once"
# bug 15: file capabilities are refused like setuid
if [ -n "${MINIT_SAN:-}" ]; then
	san_skip_one "bug 15: a sanitized binary with file capabilities runs in secure mode (no ASAN_OPTIONS, no LeakSanitizer)"
elif ! command -v setcap >/dev/null; then
	skip_one "bug 15: setcap missing (libcap2-bin)"
else
	cp "$MINIT" "$TMP/minit-caps" && setcap cap_setuid,cap_setgid+ep "$TMP/minit-caps"
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups -- "$TMP/minit-caps" --run-as 0:0 -- id -u 2>&1); rc=$?
	is "$rc:$out" "125:minit: refusing to run setuid, setgid or with file capabilities" "bug 15: file capabilities refused"
fi
# bug 16: verbosity from the environment
like "$(MINIT_VERBOSE=2 MINIT_QUIET=0 "$MINIT" -- true 2>&1)" "minit: " "bug 16: MINIT_QUIET=0 keeps MINIT_VERBOSE=2"
like "$(MINIT_QUIET=1 "$MINIT" -vv -- true 2>&1)" "minit: " "bug 16: -vv on the command line wins over MINIT_QUIET=1"
# 17: --cap-drop X lowers X alone in the ambient set
out=$(setpriv --inh-caps +net_raw,+chown --ambient-caps +net_raw,+chown -- "$MINIT" --cap-drop chown -- sh -c 'grep CapAmb /proc/self/status' 2>&1)
is "$out" "CapAmb:	0000000000002000" "17: --cap-drop chown keeps net_raw ambient"

done_testing
