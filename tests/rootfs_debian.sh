#!/bin/bash
# --root on a real distribution: a minimal Debian bookworm made with
# mmdebstrap (tests/rootfs-lib.sh, cached in /var/cache/minit-rootfs), as
# root and as nobody with --user: apt, dpkg, perl and python3 run, and
# the host's files stay out of reach, a chroot escape included.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rootfs-lib.sh"
need_root
chmod 755 "$TMP"
if ! D=$(debian_root); then
	[ -n "${CI:-}" ] && { echo "not ok 1 - make the Debian root"; exit 1; }
	skip_all "no Debian root (mmdebstrap and deb.debian.org needed)"
fi
MARK=$TMP/host-marker-$$; echo secret > "$MARK"
BEFORE=$(awk '{print $5}' /proc/self/mountinfo | grep -F "$MINIT_ROOTFS_CACHE")
as() {
	local mode=$1; shift
	if [ "$mode" = root ]; then "$MINIT" "$@"
	else setpriv --reuid 65534 --regid 65534 --clear-groups "$MINIT" --user "$@"
	fi
}
# The escape every chroot falls to: chroot deeper, climb out of the cwd
# left behind, chroot there. pivot_root leaves nothing to climb to.
escape='mkdir "/tmp/x"; chroot "/tmp/x" or die "chroot: $!"; chdir ".." for 1..64; chroot "."; print -e $ARGV[0] ? "escaped\n" : "contained\n"'
for mode in root nobody; do
	for how in --ro --overlay; do
		m="[$mode $how]"
		out=$(as $mode --root "$D" --isolate $how --tmpfs /tmp -- apt-get --version 2>&1 | head -1)
		like "$out" "^apt 2\." "$m apt-get --version"
		out=$(as $mode --root "$D" --isolate $how -- dpkg -l 2>&1 | grep -c '^ii')
		[ "$out" -gt 50 ]; ok $? "$m dpkg -l lists the packages ($out)"
		out=$(as $mode --root "$D" --isolate $how -- perl -e 'print "perl ", 6*7, "\n"' 2>&1)
		is "$out" "perl 42" "$m perl -e"
		out=$(as $mode --root "$D" --isolate $how -- python3 -c 'import os; print(os.getpid(), os.listdir("/proc/1/root") == os.listdir("/"))' 2>&1)
		is "$out" "2 True" "$m python3 -c: PID 2, /proc/1/root is the image"
		out=$(as $mode --root "$D" --isolate $how --tmpfs /tmp -- perl -e "$escape" "$MARK" 2>&1)
		is "$out" contained "$m a chroot escape attempt stays inside"
		out=$(as $mode --root "$D" --isolate $how -- cat "$MARK" 2>&1)
		like "$out" "No such file" "$m the host's marker is not there"
		is "$(awk '{print $5}' /proc/self/mountinfo | grep -F "$MINIT_ROOTFS_CACHE")" "$BEFORE" \
		    "$m no mount left in the host's table"
	done
done
done_testing
