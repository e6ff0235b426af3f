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
