# Signal forwarding with this architecture's numbers and sigset: every
# catchable signal, the real-time ones included, reaches the command, from
# a nested minit (a subreaper) and through a namespace's init (--pid).
# (Under qemu-user the arm64 minit cannot be tested so: qemu keeps host
# signals 32 and 33 for itself.)
. /tests/lib.sh
for mode in "" --pid; do
	f=/tmp/sig.$$; : > $f
	minit $mode -- probe sigwait $f & m=$!
	poll 1000 grep -q ready $f; ok $? "probe ready${mode:+ ($mode)}"
	missed=
	for s in $(seq 1 64); do
		case $s in 9|15|17|19) continue;; esac	# KILL, STOP can't; CHLD is minit's; TERM ends it
		kill -$s $m 2>/dev/null || { missed="$missed $s(kill)"; continue; }
		poll 500 grep -qx $s $f || missed="$missed $s"
	done
	is "$missed" "" "signals 1..64 but KILL, STOP, CHLD reach the command${mode:+ ($mode)}"
	kill -TERM $m; wait $m; is $? 0 "TERM reaches it too, and its 0 is passed on${mode:+ ($mode)}"
	rm -f $f
done
