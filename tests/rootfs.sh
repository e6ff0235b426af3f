#!/bin/bash
# --root DIR and its friends (--ro, --overlay, --bind, --tmpfs, --workdir):
# a busybox root made here, as root and again as nobody with --user. What
# the command finds inside, that the host stays out of reach, and after
# every case that the host's mount table has nothing of it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rootfs-lib.sh"
need_root


chmod 755 "$TMP"
R=$TMP/root; busybox_root "$R" || skip_all "no busybox"
# /dev/console is the device stdin is
printf '#!/bin/sh\n[ -c /dev/console ] && [ "$(stat -c %%t:%%T /dev/console)" = "$(stat -L -c %%t:%%T /proc/self/fd/0)" ] && echo console\n' > "$R/bin/console-check"
chmod 755 "$R/bin/console-check"
# nobody's own copy, as an unpacked image of a rootless user is
U=$TMP/uroot; cp -a "$R" "$U" && chown -R 65534:65534 "$U"
MARK=$TMP/host-marker-$$; echo secret > "$MARK"
SRC=$TMP/src; mkdir "$SRC" && echo from-host > "$SRC/file" && chown -R 65534:65534 "$SRC"
cg=$CGT-rootfs
CLEANUP="cg_rm $cg; $CLEANUP"

# The host's mounts, without the ids that another process's mounts shift.
host_mounts() { awk '{print $4, $5, $9, $10}' /proc/self/mountinfo | sort; }
BEFORE=$(host_mounts)
no_leak() {  # no_leak CASE: the host's table is as it was
	local now; now=$(host_mounts)
	# only what mentions our trees: other helpers mount things meanwhile
	if [ "$(grep -F -e "$TMP" -e "$MINIT_ROOTFS_CACHE" <<< "$now")" != \
	    "$(grep -F -e "$TMP" -e "$MINIT_ROOTFS_CACHE" <<< "$BEFORE")" ]; then
		ok 1 "$1: no mount left in the host's table"
		diff <(echo "$BEFORE") <(echo "$now") | sed 's/^/#   /'
	fi
}

# in MODE ARGS... -- CMD: run minit as root or as nobody (--user added)
as() {
	local mode=$1; shift
	if [ "$mode" = root ]; then "$MINIT" "$@"
	else setpriv --reuid 65534 --regid 65534 --clear-groups "$MINIT" --user "$@"
	fi
}
sum_tree() { (cd "$1" && find . -printf '%p %m %U %s %l\n' | sort && find . -type f -exec md5sum {} + | sort) | md5sum; }

for mode in root nobody; do
	if [ $mode = root ]; then D=$R; else D=$U; fi
	m="[$mode]"
	out=$(as $mode --root "$D" --pid -- /bin/ls / 2>&1); is "$out" "$(ls "$D")" "$m ls / is the image's"; no_leak "$m ls"
	out=$(as $mode --root "$D" --pid -- /bin/cat /proc/1/cmdline 2>&1 | tr '\0' ' ')
	like "$out" "^$MINIT --" "$m /proc/1/cmdline is minit"; no_leak "$m cmdline"
	out=$(as $mode --root "$D" --pid -- /bin/sh -c "cat $MARK; cd /; cd ../../..; ls; ls /proc/1/root/; cat /proc/1/root$MARK" 2>/dev/null)
	is "$out" "$(ls "$D"; ls "$D")" "$m the host's marker is unreachable by path, by .. from /, through /proc/1/root"
	no_leak "$m escape"
	out=$(as $mode --root "$D" --pid -- /bin/cat /proc/self/mountinfo 2>&1 | awk '{print $5}' | grep -Ev '^/(dev|proc|sys)?(/|$)')
	is "$out" "" "$m mountinfo inside: /, /dev, /proc, /sys and nothing of the host"
	out=$(as $mode --root "$D" --isolate -- /bin/sh -c 'cat /proc/keys /proc/timer_list; ls -A /proc/acpi; ls -A /sys/firmware; echo $(ls /dev)' 2>&1)
	is "$out" "fd full mqueue null ptmx pts random shm stderr stdin stdout tty urandom zero" \
	    "$m masked files read empty, masked dirs are empty, /dev holds exactly the listed entries"
	no_leak "$m masks"
	out=$(as $mode --root "$D" --isolate -- /bin/sh -c 'echo 1 > /proc/sys/kernel/ns_last_pid; echo x > /sys/kernel/uevent_helper; touch /sys/x' 2>&1)
	is "$(grep -c 'Read-only file system' <<< "$out")" 3 "$m /proc/sys and /sys refuse writes"
	out=$(as $mode --root "$D" --pid -- /bin/sh -c 'touch /sys/x' 2>&1)
	like "$out" "Read-only file system" "$m /sys without --net: the host's, read-only"
	out=$(as $mode --root "$D" --pid -- /bin/sh -c 'ls /dev/pts; : > /dev/null && head -c 4 /dev/zero | wc -c; test -c /dev/urandom && echo c' 2>&1)
	is "$out" "$(printf 'ptmx\n4\nc')" "$m a private devpts, working nodes"
	# Kernels before 5.12 have no mount_setattr: the remount restates the
	# locked flags instead (ENOSYS made here by minit's own seccomp). The
	# bind source is a nosuid,nodev,noexec tmpfs, whose flags a user
	# namespace locks, mounted in a namespace of the test's own.
	mkdir -p "$TMP/locked"
	out=$(unshare --mount --propagation private sh -c 'mount -t tmpfs -o nosuid,nodev,noexec,mode=755 l "$1" && shift && exec "$@"' sh "$TMP/locked" \
	    "$MINIT" --seccomp-deny mount_setattr:38 -- $( [ $mode = root ] || echo setpriv --reuid 65534 --regid 65534 --clear-groups ) \
	    "$MINIT" $( [ $mode = root ] || echo --user ) --root "$D" --pid --ro --bind "$TMP/locked:/tmp:ro" -- \
	    /bin/sh -c 'touch /x; touch /tmp/y; echo 1 > /proc/sys/kernel/ns_last_pid; grep " /tmp " /proc/self/mountinfo' 2>&1)
	is "$(grep -c 'Read-only file system' <<< "$out")" 3 "$m without mount_setattr: --ro, --bind :ro and /proc/sys read-only all the same"
	like "$out" " /tmp ro,nosuid,nodev,noexec" "$m ... the bind keeping its nosuid, nodev, noexec"
	no_leak "$m no mount_setattr"
	# on a terminal (script(1) gives one): /dev/console is it
	pre=""; [ $mode = root ] || pre="setpriv --reuid 65534 --regid 65534 --clear-groups"
	out=$(script -qec "$pre $MINIT $([ $mode = root ] || echo --user) --root $D --pid -- /bin/console-check" /dev/null 2>&1 | tr -d '\r')
	is "$out" console "$m stdin a terminal: /dev/console is that terminal"
	out=$(as $mode --root "$D" --pid --ro -- /bin/sh -c 'touch /x' 2>&1)
	like "$out" "Read-only file system" "$m --ro gives EROFS"; no_leak "$m --ro"
	out=$(as $mode --root "$D" --pid --ro -- /bin/sh -c 'touch /dev/shm/x /proc/self/comm && echo ok' 2>&1)
	is "$out" ok "$m --ro: /dev/shm and /proc keep their own mode"

	before=$(sum_tree "$D")
	out=$(as $mode --root "$D" --pid --overlay -- /bin/sh -c 'echo new > /etc/new; echo changed >> /etc/passwd; rm /bin/ls; cat /etc/new; test -e /bin/ls || echo gone' 2>&1)
	is "$out" "$(printf 'new\ngone')" "$m --overlay: writes are visible inside"
	is "$(sum_tree "$D")" "$before" "$m --overlay: DIR is byte for byte unchanged"; no_leak "$m --overlay"
	UP=$TMP/upper-$mode; mkdir "$UP"; [ $mode = root ] || chown 65534 "$UP"
	as $mode --root "$D" --pid --overlay="$UP" -- /bin/sh -c 'echo kept > /etc/kept'
	is "$(cat "$UP/upper/etc/kept" 2>&1)" kept "$m --overlay=UPPER keeps the changes in UPPER/upper"
	out=$(as $mode --root "$D" --pid --overlay="$UP" -- /bin/cat /etc/kept 2>&1)
	is "$out" kept "$m ... and a second run sees them"
	is "$(sum_tree "$D")" "$before" "$m --overlay=UPPER: DIR unchanged"; no_leak "$m --overlay=UPPER"

	out=$(as $mode --root "$D" --pid --bind "$SRC:/mnt/ro:ro" --bind "$SRC:/mnt/rw" -- /bin/sh -c 'cat /mnt/ro/file; echo a > /mnt/ro/x; echo b > /mnt/rw/y && echo wrote' 2>&1 | tr '\n' ' ')
	like "$out" "from-host.*Read-only file system.*wrote" "$m --bind :ro refuses writes, plain --bind allows them"
	is "$(cat "$SRC/y" 2>&1)" b "$m ... and the write reaches SRC"; rm -f "$SRC/y"; no_leak "$m --bind"
	out=$(as $mode --root "$D" --pid --tmpfs /t:1M -- /bin/sh -c 'dd if=/dev/zero of=/t/f bs=1024 count=2048 2>&1 | grep -o "No space left"; wc -c < /t/f' 2>&1)
	is "$out" "$(printf 'No space left\n1048576')" "$m --tmpfs DST:1M fills at 1M"; no_leak "$m --tmpfs"
	out=$(as $mode --root "$D" --pid --tmpfs /tmp --bind "$SRC:/tmp/in" -- /bin/cat /tmp/in/file 2>&1)
	is "$out" from-host "$m --bind and --tmpfs apply in order (a bind inside a tmpfs)"
	out=$(as $mode --root "$D" --pid --ro --workdir /etc -- /bin/pwd 2>&1); is "$out" /etc "$m --workdir"
	out=$(as $mode --root "$D" --pid -- /bin/nope 2>&1); rc=$?
	is "$rc" 127 "$m a command missing inside the root: 127"
	like "$out" "^minit: exec /bin/nope: No such file or directory in --root $D$" "$m ... one line naming the root"
	for how in --ro --overlay; do
		out=$(as $mode --root "$D" --pid --hostname box $how -- /bin/sh -c 'cat /etc/hostname; grep box /etc/hosts; hostname
		    f=$(ls -l /proc/1/fd); [ $(echo "$f" | grep -c "^l") -ge 3 ] && echo "init fds: $(echo "$f" | grep -c " /etc/") to /etc"' 2>&1)
		is "$out" "$(printf 'box\n127.0.1.1\tbox\nbox\ninit fds: 0 to /etc')" \
		    "$m --hostname $how: /etc/hostname and /etc/hosts, and the sandbox's init keeps no fd of theirs"
	done
	is "$(cat "$D/etc/hostname")" image "$m ... bound over the image's, which stays as it was"
	out=$(env MINIT_ROOT="$D" MINIT_PID=1 MINIT_RO=1 MINIT_TMPFS=/tmp,/root:1M MINIT_WORKDIR=/root \
	    $( [ $mode = root ] || echo setpriv --reuid 65534 --regid 65534 --clear-groups ) \
	    "$MINIT" $( [ $mode = root ] || echo --user ) -- /bin/sh -c 'pwd; touch /x' 2>&1)
	like "$(tr '\n' ' ' <<< "$out")" "^/root .*Read-only" "$m MINIT_ROOT, MINIT_RO, MINIT_TMPFS, MINIT_WORKDIR"
	no_leak "$m MINIT_*"

	# minit SIGKILLed with the sandbox up: its mounts were never in the
	# host's table; the namespace's init, orphaned, is ended here.
	if [ $mode = root ]; then "$MINIT" --root "$D" --pid -- /bin/sleep 1000 >/dev/null 2>&1 & mp=$!
	else setpriv --reuid 65534 --regid 65534 --clear-groups "$MINIT" --user --root "$D" --pid -- /bin/sleep 1000 >/dev/null 2>&1 & mp=$!
	fi
	poll 10 has_children $mp
	ok $? "$m minit started the sandbox"
	inner=$(children $mp)
	kill -9 $mp; wait $mp 2>/dev/null
	no_leak "$m SIGKILL of minit"
	# the namespace's init: its PID namespace ends with it
	[ -n "$inner" ] && kill -9 $inner 2>/dev/null
	poll 10 gone "$inner"; ok $? "$m ... and the sandbox is gone once its init is"

	# Without --root: the host's tree in a private mount namespace.
	out=$(as $mode --pid --tmpfs /tmp -- /bin/sh -c "ls /tmp | wc -l; echo x > /tmp/h14-$$" 2>&1)
	is "$out" 0 "$m --tmpfs /tmp without --root: an empty /tmp"
	ok $([ ! -e /tmp/h14-$$ ]; echo $?) "$m ... which the host does not see"
	out=$(as $mode --ro --mount -- /bin/sh -c "touch $TMP/x" 2>&1)
	like "$out" "Read-only file system" "$m --ro without --root: the host's whole tree read-only"
	no_leak "$m host tree"
done

# As PID 1 of a container, and with limits (v1 here: the run's own
# hierarchies mounted read-only in a cgroup namespace; v2 is checked in the
# VM). pids.max is N + 1: the namespace's init counts on top of --pids N.
out=$(unshare --pid --fork "$MINIT" --root "$R" --pid -- /bin/cat /proc/1/cmdline | tr '\0' ' ')
like "$out" "^$MINIT --" "minit as PID 1 (unshare --pid --fork) makes the root too"
# Without --isolate (no cgroup namespace asked for) the view is the
# run's group all the same.
for ns in --isolate --pid; do
	if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
		out=$("$MINIT" --root "$R" $ns --mem 64M --pids 20 --cgroup-parent "$cg" -- /bin/sh -c \
		    'cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max /proc/self/cgroup; echo 1 > /sys/fs/cgroup/memory.max' 2>&1 | tr '\n' ' ')
		like "$out" "^67108864 21 0::/ .*Read-only" "$ns --mem inside: memory.max, /proc/self/cgroup is /"
	else
		out=$("$MINIT" --root "$R" $ns --mem 64M --pids 20 --cgroup-parent "$cg" -- /bin/sh -c \
		    'cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max; grep -cv :/$ /proc/self/cgroup; echo 1 > /sys/fs/cgroup/memory/memory.limit_in_bytes' 2>&1 | tr '\n' ' ')
		like "$out" "^67108864 21 0 /bin/sh: can't create .*Read-only" "$ns --mem inside: memory.limit_in_bytes, pids.max, /proc/self/cgroup all /, read-only"
	fi
done
no_leak "limits"
done_testing
