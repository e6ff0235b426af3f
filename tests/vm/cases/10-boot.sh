# Boot mode itself: the minimal system is there, minit is PID 1.
. /tests/lib.sh
for m in /proc:proc /sys:sysfs /dev:devtmpfs /dev/pts:devpts /dev/shm:tmpfs /sys/fs/cgroup:cgroup2 /run:tmpfs /tmp:tmpfs; do
	d=${m%%:*}; t=${m#*:}
	got=$(awk -v d="$d" '$2 == d {print $3}' /proc/mounts | tail -1)
	is "$got" "$t" "$d is mounted ($t)"
done
is "$(cat /proc/1/comm)" init "PID 1 is minit (/init)"
is "$(readlink /proc/1/exe)" /init "... running /init"
like "$(ip link show lo 2>&1)" "UP" "lo is up"
like "$PATH" "/usr/bin" "PATH is set"
is "$HOME" / "HOME is /"
[ -t 0 ] || [ -c /dev/console ]; ok $? "the console is there"
/bin/minit -- sh -c 'exit 3'; is $? 3 "a nested minit (not PID 1) passes 3 on"
# oom_score_adj: with CAP_SYS_RESOURCE (here) a nested minit lowers its
# own, and its command gets the caller's value back.
echo 200 > /proc/self/oom_score_adj
got=$(/bin/minit -- sh -c 'echo $(cat /proc/self/oom_score_adj) $(cat /proc/$PPID/oom_score_adj)')
is "$got" "200 -999" "minit is an unlikely OOM victim (-999); the command keeps the caller's 200"
is "$(/bin/minit --pid -- cat /proc/1/oom_score_adj)" -999 "... the namespace's init (--pid) too"
