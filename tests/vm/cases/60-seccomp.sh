# --seccomp on a real kernel of each architecture (the probe's names come
# from that architecture's headers): the denied calls and their errnos,
# clone with namespace flags refused while a fork works, TIOCSTI refused,
# the filter in the command only, and (x86_64) an i386 int 0x80 call
# killed with SIGSYS.
. /tests/lib.sh
is "$(minit --seccomp -- awk '/^Seccomp:/ {print $2}' /proc/self/status)" 2 "--seccomp: Seccomp 2 in the command"
bad=
for c in mount umount2 pivot_root chroot unshare setns reboot kexec_load init_module \
	bpf perf_event_open ptrace keyctl add_key userfaultfd io_uring_setup swapon acct \
	settimeofday mbind sethostname; do
	got=$(minit --seccomp -- probe syscall $c)
	[ "$got" = 1 ] || bad="$bad $c:$got"
done
for c in clone3 fsopen open_tree move_mount mount_setattr; do
	got=$(minit --seccomp -- probe syscall $c)
	[ "$got" = 38 ] || bad="$bad $c:$got"
done
is "$bad" "" "--seccomp: the listed calls get EPERM, clone3 and the new mount API ENOSYS"
is "$(probe syscall clone 0x20011)" 0 "unfiltered, clone(CLONE_NEWNS|SIGCHLD) works"
is "$(minit --seccomp -- probe syscall clone 0x20011)" 1 "--seccomp: clone(CLONE_NEWNS|SIGCHLD) is EPERM"
is "$(minit --seccomp -- probe syscall unshare 0x10000000)" 1 "... unshare(CLONE_NEWUSER) is EPERM"
is "$(minit --seccomp -- probe syscall clone 0x11)" 0 "... a plain clone (a fork) works"
is "$(minit --seccomp -- probe syscall getpid)" 0 "... getpid works"
is "$(probe tiocsti)" 0 "unfiltered, TIOCSTI pushes a byte into a pty"
is "$(minit --seccomp -- probe tiocsti)" 1 "--seccomp: TIOCSTI is EPERM"
is "$(minit --seccomp --uts -- probe syscall sethostname vm 2)" 0 "--seccomp --uts: sethostname allowed"
is "$(minit --seccomp-deny getppid:13 -- probe syscall getppid)" 13 "--seccomp-deny getppid:13"
out=$(minit --pid --seccomp -- sh -c 'grep ^Seccomp: /proc/1/status /proc/self/status' | sed 's/.*://')
is "$(echo $out)" "0 2" "--pid: the namespace's minit unfiltered, the command filtered"
if [ "$(uname -m)" = x86_64 ]; then
	probe int80 >/dev/null; ok $? "unfiltered, an i386 int 0x80 getpid works"
	minit --seccomp -- probe int80 >/dev/null 2>&1
	is $? 159 "--seccomp: an i386 int 0x80 call is killed (SIGSYS, 159)"
	is "$(minit --seccomp -- probe syscall 0x40000027)" 38 "--seccomp: x32 getpid is ENOSYS"
fi
