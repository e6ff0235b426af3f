#!/bin/sh
# A boot of its own (tests/vm/run.sh): at its end, the machine's init must
# signal only what its run left, never a process the kernel started (here
# a core dump's pipe helper, a child of kthreadd, as modprobe would be).
if [ "$1" = helper ]; then
	trap 'echo "boot-helper: the kernel helper got TERM" > /dev/console; exit 0' TERM
	cat > /dev/null
	echo run > /tmp/helper
	sleep 600 &
	wait
	exit 0
fi
echo "|/tests/boot-helper.sh helper" > /proc/sys/kernel/core_pattern
probe kill 11
n=0; while [ ! -e /tmp/helper ] && [ $n -lt 500 ]; do sleep 0.01; n=$((n + 1)); done
[ -e /tmp/helper ] && echo "boot-helper: the helper runs"
# An orphan of the run: minit's end of run has something left to signal.
sleep 1000 &
exit 0
