#!/usr/bin/env python3
"""pty.py CMD...: run CMD on a fresh pseudo-terminal and drive an
interactive shell through job control. Every step waits (bounded) for
the output it expects; prints TAP lines and exits with CMD's status."""
import os, pty, select, sys, time

pid, fd = pty.fork()
if pid == 0:
    os.environ["PS1"] = "PROMPT$ "
    os.environ["ENV"] = ""
    os.execvp(sys.argv[1], sys.argv[1:])

buf = b""
n = 0
def expect(what, desc, timeout=10):
    global buf, n
    n += 1
    end = time.time() + timeout
    while what not in buf and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                d = os.read(fd, 4096)
            except OSError:
                break
            if not d:
                break
            buf += d
    found = what in buf
    print(("ok" if found else "not ok") + " %d - %s" % (n, desc))
    if not found:
        print("#   waited for %r in %r" % (what, buf[-300:]))
    else:
        buf = buf[buf.index(what) + len(what):]
    return found

def send(s):
    os.write(fd, s)

def fg_sleep(timeout=10):
    """Wait (bounded) until `sleep` runs in the terminal's foreground
    group of our session, so the next ^Z/^C is meant for it."""
    end = time.time() + timeout
    while time.time() < end:
        for p in os.listdir("/proc"):
            if not p.isdigit():
                continue
            try:
                st = open("/proc/%s/stat" % p).read()
            except OSError:
                continue
            comm = st[st.index("(") + 1:st.rindex(")")]
            f = st[st.rindex(")") + 2:].split()
            # f[0] state, f[2] pgrp, f[3] session, f[5] tpgid
            if comm == "sleep" and int(f[3]) == pid and f[2] == f[5] and f[0] in "RS":
                return True
        time.sleep(0.01)
    return False

expect(b"PROMPT$ ", "an interactive shell prompt")
send(b"sleep 100\n")
fg_sleep()
send(b"\x1a")
expect(b"Stopped", "Ctrl-Z stops the foreground job")
send(b"jobs\n")
expect(b"sleep 100", "the shell lists it")
send(b"fg\n")
expect(b"sleep 100", "fg resumes it")
fg_sleep()
send(b"\x03")
expect(b"PROMPT$ ", "Ctrl-C ends it, the shell is back")
send(b"[ $(ps -o tpgid= -p $$) = $(ps -o pgid= -p $$) ] && echo FORE-GROUND\n")
expect(b"FORE-GROUND", "the shell owns the terminal's foreground")
send(b"exit 7\n")
_, st = os.waitpid(pid, 0)
rest = buf
try:
    while True:
        d = os.read(fd, 4096)
        if not d:
            break
        rest += d
except OSError:
    pass
n += 1
bad = b"job control" in rest or b"can't access tty" in rest
print(("not ok" if bad else "ok") + " %d - no job-control warning" % n)
code = os.waitstatus_to_exitcode(st)
n += 1
print(("ok" if code == 7 else "not ok") + " %d - exit status 7 comes back (got %d)" % (n, code))
print("1..%d" % n)
