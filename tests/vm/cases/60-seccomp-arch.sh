# --seccomp on this kernel and architecture (the filter's arch check and
# syscall numbers: AUDIT_ARCH_X86_64 or AUDIT_ARCH_AARCH64): the probe
# makes the call and prints its errno (0: it worked).
. /tests/lib.sh
a=$(uname -m)
is "$(minit --seccomp -- awk '$1 == "Seccomp:" {print $2}' /proc/self/status)" 2 "$a --seccomp: the command is filtered (Seccomp 2)"
is "$(probe syscall unshare 0x10000000)" 0 "$a unfiltered: unshare(CLONE_NEWUSER) works"
is "$(minit --seccomp -- probe syscall unshare 0x10000000)" 1 "$a --seccomp: unshare(CLONE_NEWUSER) is EPERM"
is "$(minit --seccomp -- probe syscall clone 0x20011)" 1 "$a --seccomp: clone(CLONE_NEWNS|SIGCHLD) is EPERM"
is "$(minit --seccomp -- probe syscall clone 0x11)" 0 "$a --seccomp: a plain clone(SIGCHLD) works"
is "$(minit --seccomp -- probe fork 3)" "forked 3" "$a --seccomp: probe fork 3 makes 3"
is "$(minit --seccomp-deny mkdirat -- probe syscall mkdirat)" 1 "$a --seccomp-deny mkdirat: EPERM"
is "$(minit --seccomp -- sh -c 'echo ok')" ok "$a --seccomp: a shell runs"
