#!/bin/bash
# The suite's own hygiene: a test script stopped early, the way the
# mutation gate and a timeout stop one (TERM to its process group), still
# removes its cgroups. lib.sh's EXIT trap runs its CLEANUP, where cg_rm
# kills by pid what is still inside (a run in its grace period, a command
# that ignores TERM) and removes the groups deepest first; a group of the
# script's own that nothing removed fails it at exit, and is removed.
# The child scripts here name their groups below this script's own group
# (TEST_CGT), so that whatever they leave is still ours to remove.
. "$(dirname "$0")/lib.sh"
need_root
[ -n "$CG_HIER" ] || skip_all "no cgroup hierarchy mounted"
LIB=$(cd "$(dirname "$0")" && pwd)/lib.sh
mem=$(awk '{for (i = 1; i <= NF; i++) if ($i == "-") { if ($(i+1) == "cgroup" && $(i+3) ~ /(^|,)memory(,|$)/) print $5; break }}' /proc/self/mountinfo | head -1)
mark=MINIT_CLEANUPMARK=$$
# (-q: with -l, a process gone meanwhile makes grep exit 2, match or not)
marked() { grep -qsaF "$mark" /proc/[0-9]*/environ; }
groups_of() { local h; for h in $CG_HIER; do ls -d "$h$CGT/$1"* 2>/dev/null; done; }

# child NAME: run $TMP/NAME.sh as a test script of its own (lib.sh and
# its trap), its groups named $CGT/NAME..., in the background under
# timeout (its own process group, which a TERM to timeout reaches whole).
CLEANUP="cg_rm $CGT; $CLEANUP"
child() {
	mkdir "$TMP/$1"
	env "$mark" TEST_CGT="$CGT/$1" LIB="$LIB" OUT="$TMP/$1" MEM="$mem" MINIT="$MINIT" PROBE="$PROBE" \
		timeout -k 20 120 bash "$TMP/$1.sh" > "$TMP/$1.out" 2>&1 < /dev/null &
}

# 1. Stopped while a run is in its grace period: the command ignores
# TERM (minit would wait 30 s for it) from inside a sub-group it made
# (v1 memory), so the groups are busy when the trap comes to them.
cat > "$TMP/stopped.sh" <<'EOF'
. "$LIB"
P=$CGT-run
CLEANUP="cg_rm $P; $CLEANUP"
"$MINIT" --cgroup-parent $P --mem 64M --pids 50 -G 30s -- sh -c '
	g=$(awk -F: "\$2 ~ /(^|,)memory(,|$)/ {print \$3}" /proc/self/cgroup)
	[ -z "$1" ] || [ -z "$g" ] || { mkdir -p "$1$g/a/b" && echo $$ > "$1$g/a/b/cgroup.procs"; } || exit 9
	trap "" TERM; echo up > "$0/up"; exec "$2" sleep inf' "$OUT" "$MEM" "$PROBE" &
wait
EOF
child stopped; t=$!
poll 30 test -s "$TMP/stopped/up"; ok $? "a child script's run started"
kill -TERM $t; wait $t
out=$(cat "$TMP/stopped.out")
like "$out" "not ok [0-9]+ - processes left in the script's cgroups, killed:.* [0-9]+\(probe\)" \
	"stopped by TERM: its trap killed the command, which ignores TERM, by pid"
is "$(groups_of stopped)" "" "... and removed its groups, the command's sub-groups too"
is "$(printf '%s\n' "$out" | grep -c 'cgroups left behind\|cg_rm: still there')" 0 "... at once, in its CLEANUP"
marked; ok $((!$?)) "... and no process of it is left"
[ -z "$(groups_of stopped)" ] || printf '%s\n' "$out" | sed 's/^/#   /'

# 2. A group of the script's own that its CLEANUP does not remove: a
# failure at exit, naming it, and removed all the same.
cat > "$TMP/forgot.sh" <<'EOF'
. "$LIB"
for h in $CG_HIER; do mkdir -p "$h$CGT-forgot" && break; done
mkdir "$h$CGT-forgot/deeper"
ok $? "made a group, and one below it, and never removed them"
done_testing
EOF
child forgot; t=$!
wait $t; rc=$?
out=$(cat "$TMP/forgot.out")
is "$rc:$(printf '%s\n' "$out" | grep '^not ok')" "1:not ok 2 - cgroups left behind, removed: $CGT/forgot-forgot" \
	"a group left at exit fails the script that made it, by name"
is "$(groups_of forgot)" "" "... and is removed, with what is below it"

# 3. cg_rm touches the script's own groups alone: another prefix, a
# longer pid, .. are refused before anything is done.
for n in /minit "${CGT}0" "$CGT/../x" "$CGT-a/../../b" /sys/fs/cgroup; do
	out=$(T=0; cg_rm "$n"; echo "rc=$?")
	is "$out" "not ok 1 - cg_rm $n: only the script's own groups ($CGT...)"$'\n'"rc=1" "cg_rm $n: refused"
done
done_testing
