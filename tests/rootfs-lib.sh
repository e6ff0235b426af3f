# tests/rootfs-lib.sh: the root filesystems the --root tests run in (sourced).
# One place for their paths and how they are made, for any suite that wants
# to run something inside a real distribution (make rootfs builds the cache).
#   busybox_root DIR   a static busybox and its applet links in DIR
#   debian_root        print the path of a cached minimal Debian bookworm
#                      (mmdebstrap minbase + python3), building it if needed
: "${MINIT_ROOTFS_CACHE:=/var/cache/minit-rootfs}"
DEBIAN_ROOT=$MINIT_ROOTFS_CACHE/bookworm-minbase

busybox_root() {
	local d=$1 bb a
	bb=$(command -v busybox) || return 1
	mkdir -p "$d/bin" "$d/proc" "$d/dev" "$d/sys" "$d/etc" "$d/tmp" "$d/root" || return 1
	chmod 1777 "$d/tmp"
	cp "$bb" "$d/bin/busybox" || return 1
	for a in $("$bb" --list); do
		[ -e "$d/bin/$a" ] || ln -s busybox "$d/bin/$a"
	done
	echo root:x:0:0:root:/root:/bin/sh > "$d/etc/passwd"
	echo root:x:0: > "$d/etc/group"
	echo image > "$d/etc/hostname"
	printf '127.0.0.1\tlocalhost\n' > "$d/etc/hosts"
}

# The archive and suite come from apt's own sources (deb.debian.org on CI);
# the result is read-only for the tests: they use --ro or --overlay.
debian_root() {
	local tmp log
	if [ -x "$DEBIAN_ROOT/usr/bin/apt-get" ] && [ -e "$DEBIAN_ROOT/.minit-complete" ]; then
		echo "$DEBIAN_ROOT"; return 0
	fi
	command -v mmdebstrap >/dev/null || { echo "debian_root: mmdebstrap missing (make deps)" >&2; return 1; }
	mkdir -p "$MINIT_ROOTFS_CACHE" || return 1
	tmp=$(mktemp -d "$MINIT_ROOTFS_CACHE/.build.XXXXXX") || return 1
	log=$tmp.log
	# minbase: apt, dpkg, perl-base, coreutils; python3-minimal for python3.
	if ! mmdebstrap --variant=minbase --include=python3-minimal --mode=root \
		--aptopt='Acquire::Retries "3"' bookworm "$tmp/root" >"$log" 2>&1; then
		tail -20 "$log" >&2; rm -rf "$tmp" "$log"; return 1
	fi
	rm -rf "$DEBIAN_ROOT" && mv "$tmp/root" "$DEBIAN_ROOT" && rmdir "$tmp" && rm -f "$log" &&
		touch "$DEBIAN_ROOT/.minit-complete" && echo "$DEBIAN_ROOT"
}
