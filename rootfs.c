/*
 * rootfs.c: the command's root filesystem (--root, --ro, --overlay,
 * --bind, --tmpfs, --workdir), set up in the child, in its own mount
 * namespace, between clone and exec: no allocation, no stdio, no exit.
 * A failure is returned as a system call returns one, -1 with errno:
 * the child writes errno to minit as it is (spawn.c), no -errno round
 * trip in between.
 *
 * With --root DIR, in the order the kernel's rules impose:
 *  1. a tmpfs "stage" is mounted on DIR and pivot_root moves the host's
 *     root under it, at /o: DIR itself is /o/DIR again, uncovered. The
 *     stage holds the new root's mount point /r (and an overlay's upper
 *     layer), so nothing is ever made in DIR for minit's own needs.
 *  2. /r gets DIR (a recursive bind, or overlayfs with DIR as the lower
 *     layer), then /dev, /proc, /sys and their masks, /sys/fs/cgroup.
 *  3. --bind sources and the /etc files are cloned (open_tree) while the
 *     host is still at /o.
 *  4. pivot_root into /r, and the stage with the host under it is
 *     detached (MNT_DETACH): no path inside leads out any more.
 *  5. --bind and --tmpfs are mounted, in order, on paths resolved inside
 *     the new root (an image's symlink cannot point a mount, or a mount
 *     point made in a writable root, at the host); then --ro, --workdir.
 * Everything lives in the child's mount namespace, made private first
 * (spawn.c), so no mount reaches the host's table, whatever happens:
 * the namespace goes with its last process, minit's SIGKILL included.
 * Without --root the same options act on the host's tree, in private.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/sched.h>

#include "minit.h"

/* The new mount API (5.2, mount_setattr 5.12): the numbers from the
 * libc's headers; where older ones lack them, the numbers of the unified
 * table (since 5.1), the same on x86_64 and arm64. */
#ifdef SYS_open_tree
#define NR_open_tree SYS_open_tree
#else
#define NR_open_tree 428
#endif
#ifdef SYS_move_mount
#define NR_move_mount SYS_move_mount
#else
#define NR_move_mount 429
#endif
#ifdef SYS_mount_setattr
#define NR_mount_setattr SYS_mount_setattr
#else
#define NR_mount_setattr 442
#endif
#define OPEN_TREE_CLONE_ 1
#define MOVE_MOUNT_F_EMPTY_PATH_ 0x4
#define AT_RECURSIVE_ 0x8000
#define MOUNT_ATTR_RDONLY_ 1
#define CGROUP2_MAGIC 0x63677270

struct mount_attr_ {
	uint64_t attr_set, attr_clr, propagation, userns_fd;
};

enum {
	R_STAGE, R_ROOT, R_DEV, R_PROC, R_MASK, R_SYS, R_CGROUP, R_ETC,
	R_PIVOT, R_RO, R_WORKDIR, R_OVL_USERNS, R_MNT = 16,	/* + index */
};

/* The address /etc/hosts gives --hostname; see rootfs_hosts_addr. */
static const char *hosts_addr = "127.0.1.1";

void
rootfs_hosts_addr(const char *addr)
{
	hosts_addr = addr;
}

#define NODEV_FLAGS (MS_NOSUID | MS_NODEV | MS_NOEXEC)

/* A path of DIR's, --overlay=UPPER's or a --bind source's (resolved by
 * options.c, under PATH_MAX) with a prefix or suffix of a few bytes:
 * never cut short, and one that ends up too long the kernel refuses
 * (ENAMETOOLONG). */
#define PATHBUF (4096 + 16)

/* A mount without a type or data: a bind, a move, a remount. */
static int
mount_flags(const char *src, const char *dst, unsigned long flags)
{
	return mount(src, dst, NULL, flags, NULL);
}

/*
 * Read-only, keeping every other flag. In a user namespace a remount
 * that drops a locked flag (nosuid, nodev, noexec, atime) is refused
 * with EPERM: mount_setattr changes the one bit only, and recursively;
 * before 5.12 the flags the mount has are restated (top mount only).
 */
static int
ro_remount(const char *path, int rec)
{
	struct mount_attr_ a = { MOUNT_ATTR_RDONLY_, 0, 0, 0 };
	struct statfs sf;
	unsigned long fl;

	if (syscall(NR_mount_setattr, AT_FDCWD, path, rec ? AT_RECURSIVE_ : 0,
	    &a, sizeof(a)) == 0)
		return 0;
	if (errno != ENOSYS || statfs(path, &sf) < 0)
		return -1;
	fl = sf.f_flags & (ST_NOSUID | ST_NODEV | ST_NOEXEC | ST_NOATIME | ST_NODIRATIME);
	if (sf.f_flags & ST_RELATIME)
		fl |= MS_RELATIME;
	return mount_flags(NULL, path, MS_REMOUNT | MS_BIND | MS_RDONLY | fl);
}

/* A directory that may be there already. */
static int
mkdir_ok(const char *path, mode_t mode)
{
	return mkdir(path, mode) < 0 && errno != EEXIST ? -1 : 0;
}

/* A missing mount point and its parents: a directory, or an empty file
 * for a file to be bound over it. */
static int
mkpoint(const char *path, int dir)
{
	char p[4096], *s;
	size_t n = strlen(path);
	int r;

	if (access(path, F_OK) == 0)
		return 0;
	if (n >= sizeof(p)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(p, path, n + 1);
	for (s = p + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = 0;
		r = mkdir_ok(p, 0755);
		*s = '/';
		if (r < 0)
			return -1;
	}
	if (dir)
		return mkdir_ok(p, 0755);
	return mknod(p, S_IFREG | 0644, 0) < 0 && errno != EEXIST ? -1 : 0;
}

/* A mount on a directory made first where it is missing. */
static int
mkmnt(const char *src, const char *dst, const char *type, unsigned long fl,
    const void *data)
{
	return mkpoint(dst, 1) < 0 ? -1 : mount(src, dst, type, fl, data);
}

/*
 * /dev: a tmpfs with the six nodes programs expect, a private devpts,
 * /dev/shm, the fd links, /dev/console when minit's stdin is a terminal
 * and /dev/mqueue with a new IPC namespace. Nodes by mknod where that is
 * allowed, else (a user namespace) the host's nodes bound over files.
 */
static int
dev_setup(unsigned long ns)
{
	static const char nodes[] = "null\0zero\0full\0random\0urandom\0tty\0";
	static const unsigned char nums[][2] = {
		{ 1, 3 }, { 1, 5 }, { 1, 7 }, { 1, 8 }, { 1, 9 }, { 5, 0 },
	};
	static const char links[] = "fd\0/proc/self/fd\0stdin\0/proc/self/fd/0\0"
	    "stdout\0/proc/self/fd/1\0stderr\0/proc/self/fd/2\0ptmx\0pts/ptmx\0";
	const char *n, *l;
	char h[64];
	ssize_t len;
	int i, r, bind = 0;

	/* In /r/dev from here: the names below are relative to it (and
	 * build_root's next paths are absolute). */
	if ((r = mkmnt("tmpfs", "/r/dev", "tmpfs", MS_NOSUID | MS_NOEXEC,
	    "mode=755,size=64k")) < 0)
		return r;
	if (chdir("/r/dev") < 0)
		return -1;
	for (n = nodes, i = 0; *n; n += strlen(n) + 1, i++) {
		if (!bind && mknod(n, S_IFCHR | 0666,
		    makedev(nums[i][0], nums[i][1])) == 0)
			continue;
		if (errno != EPERM)
			return -1;
		bind = 1;
		fmt_buf(h, sizeof(h), "/o/dev/%s", n);
		if (mknod(n, S_IFREG | 0666, 0) < 0 ||
		    mount_flags(h, n, MS_BIND) < 0)
			return -1;
	}
	for (n = links; *n; n += strlen(n) + 1) {
		l = n;
		n += strlen(n) + 1;
		if (symlink(n, l) < 0)
			return -1;
	}
	/* (the tmpfs mounts give shm its mode 1777) */
	if ((r = mkmnt("devpts", "pts", "devpts", MS_NOSUID | MS_NOEXEC,
	    "newinstance,ptmxmode=0666,mode=0620")) < 0 ||
	    (r = mkmnt("shm", "shm", "tmpfs", NODEV_FLAGS,
	    "mode=1777,size=65536k")) < 0)
		return r;
	/* The terminal by its path in this namespace: the fd's own mount may
	 * be another namespace's (the kernel's /dev/console of an initramfs,
	 * a pts from docker exec), which a bind refuses. Best effort: a
	 * terminal that cannot be found here leaves no /dev/console. */
	if (isatty(0) && (len = readlink("/o/proc/self/fd/0", h + 2,
	    sizeof(h) - 3)) > 0 && h[2] == '/') {
		h[2 + len] = 0;
		h[0] = '/';
		h[1] = 'o';
		if (mknod("console", S_IFREG | 0600, 0) < 0)
			return -1;
		if (mount_flags(h, "console", MS_BIND) < 0)
			unlink("console");
	}
	if (ns & CLONE_NEWIPC)
		return mkmnt("mqueue", "mqueue", "mqueue", NODEV_FLAGS, NULL);
	return 0;
}

/* The masks of parse_masks (/proc, /sys), by their paths in /r. */
static int
masks(void)
{
	const char *p, *path;
	int r;

	if (chdir("/r") < 0)
		return -1;
	for (p = parse_masks; *p; p += strlen(p) + 1) {
		path = p + 2;		/* "proc/kcore" */
		if (*p == 'f')
			r = mount_flags("dev/null", path, MS_BIND);
		else if (*p == 'd')
			r = mount("tmpfs", path, "tmpfs", MS_RDONLY | NODEV_FLAGS,
			    "size=0k,mode=555");
		else if ((r = mount_flags(path, path, MS_BIND | MS_REC)) == 0)
			r = ro_remount(path, 1);
		if (r < 0 && errno != ENOENT)
			return -1;
	}
	return 0;
}

/*
 * /sys/fs/cgroup showing the run's own group, read-only: a cgroup
 * namespace rooted at the group minit put us in (the parent attached us
 * before letting us go), then cgroup2 itself on v2, or on v1 a tmpfs with
 * each hierarchy of /proc/self/cgroup mounted in it by its own name.
 */
static int
cgroup_view(void)
{
	struct statfs sf;
	char buf[1024], *l, *e;
	ssize_t n;
	int fd, r;

	if (unshare(CLONE_NEWCGROUP) < 0 || statfs("/o/sys/fs/cgroup", &sf) < 0)
		return -1;
	if (sf.f_type == CGROUP2_MAGIC)
		return mount("cgroup2", "/r/sys/fs/cgroup", "cgroup2",
		    MS_RDONLY | NODEV_FLAGS, NULL);
	if ((r = mount("tmpfs", "/r/sys/fs/cgroup", "tmpfs", NODEV_FLAGS,
	    "mode=755,size=64k")) < 0)
		return r;
	/* In the tmpfs from here: each hierarchy by its name. */
	if (chdir("/r/sys/fs/cgroup") < 0 ||
	    (fd = xopen("/r/proc/self/cgroup", O_RDONLY)) < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	/* "ID:controllers:/path", one hierarchy a line; "0::/" is v2's */
	for (l = buf; (e = strchr(l, '\n')) != NULL; l = e + 1) {
		char *c = strchr(l, ':'), *ce;

		*e = 0;
		if (!c || !(ce = strchr(++c, ':')) || ce == c ||
		    !strncmp(c, "name=", 5))
			continue;
		*ce = 0;
		if ((r = mkmnt("cgroup", c, "cgroup", MS_RDONLY | NODEV_FLAGS, c)) < 0)
			return r;
		/* cpu and cpuacct -> cpu,cpuacct, as on the hosts that
		 * mount them together (a lone one is the directory itself:
		 * EEXIST) */
		for (l = c; *l; l = ce + (*ce != 0)) {
			char lk[128];

			ce = strchrnul(l, ',');
			fmt_buf(lk, sizeof(lk), "%.*s", (int)(ce - l), l);
			if (symlink(c, lk) < 0 && errno != EEXIST)
				return -1;
		}
	}
	return ro_remount("/r/sys/fs/cgroup", 0);
}

/* The root: DIR bound, or overlayfs with DIR as the lower layer and the
 * writes in UPPER/upper (UPPER/work beside it), UPPER the stage's tmpfs
 * without --upper. */
static int
root_mount(const struct conf *c, unsigned long ns)
{
	char lower[PATHBUF], up[PATHBUF], work[PATHBUF], opts[12800];
	const char *u = c->upper ? "/o" : "";

	fmt_buf(lower, sizeof(lower), "/o%s", c->root);
	if (!c->overlay)
		return mount_flags(lower, "/r", MS_BIND | MS_REC);
	fmt_buf(up, sizeof(up), "%s%s/upper", u, c->upper ? c->upper : "");
	fmt_buf(work, sizeof(work), "%s%s/work", u, c->upper ? c->upper : "");
	if (mkdir_ok(up, 0755) < 0 || mkdir_ok(work, 0700) < 0)
		return -1;
	/* In a user namespace overlayfs keeps its metadata in user.*
	 * xattrs (trusted.* needs the host's root): userxattr, 5.11. */
	fmt_buf(opts, sizeof(opts), "lowerdir=%s,upperdir=%s,workdir=%s%s",
	    lower, up, work, ns & CLONE_NEWUSER ? ",userxattr" : "");
	return mount("overlay", "/r", "overlay", 0, opts);
}

/* /etc/hostname and /etc/hosts for --hostname, written in the stage's
 * own /etc and cloned for binding inside at the same paths (the image's
 * own files are not touched). */
static const char etc_names[] = "/etc/hostname\0/etc/hosts";

static int
etc_files(const struct conf *c, int fds[2])
{
	const char *n = etc_names;
	char buf[256];
	int i, fd;

	for (i = 0; i < 2; i++, n += strlen(n) + 1) {
		if (i == 0)
			fmt_buf(buf, sizeof(buf), "%s\n", c->hostname);
		else
			fmt_buf(buf, sizeof(buf), "127.0.0.1\tlocalhost\n"
			    "::1\tlocalhost ip6-localhost ip6-loopback\n"
			    "%s\t%s\n", hosts_addr, c->hostname);
		fd = (int)syscall(SYS_openat, AT_FDCWD, n,
		    O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		if (fd < 0)
			return -1;
		if (write(fd, buf, strlen(buf)) < 0) {
			close(fd);
			return -1;
		}
		close(fd);
		fds[i] = (int)syscall(NR_open_tree, AT_FDCWD, n,
		    OPEN_TREE_CLONE_ | O_CLOEXEC);
		if (fds[i] < 0)
			return -1;
	}
	return 0;
}

/* An fd from open_tree onto path, making the mount point where the
 * root is writable. path is inside the final root: an image's symlink
 * resolves there too. */
static int
place(int fd, const char *path, int make)
{
	struct stat st;
	int r;

	if (make) {
		/* fstat's libc wrapper is large: the raw call on the fd */
		if (syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH) < 0)
			return -1;
		if ((r = mkpoint(path, S_ISDIR(st.st_mode))) < 0)
			return r;
	}
	if (syscall(NR_move_mount, fd, "", AT_FDCWD, path,
	    MOVE_MOUNT_F_EMPTY_PATH_) < 0)
		return -1;
	return 0;
}

/* The stage: a tmpfs on DIR, the host's root moved under it at /o. */
static int
stage(const struct conf *c, const char *old)
{
	int r = mount("minit", c->root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=755");

	if (r == 0 && (mkdir(old, 0700) < 0 || syscall(SYS_pivot_root, c->root, old) < 0))
		r = -1;
	return r;
}

/* Steps 1 to 4 of the comment at the top; fds[] gets the clones. */
static int
build_root(const struct conf *c, unsigned long ns, int *step, int *fds, int *etc)
{
	char p[PATHBUF], q[PATHBUF];
	int i, r;

	*step = R_STAGE;
	fmt_buf(p, sizeof(p), "%s/o", c->root);
	/* In an initramfs / is the rootfs, which pivot_root cannot leave
	 * (EINVAL): a recursive bind of it, moved over / as switch_root does,
	 * is a mount that can. The chroot into it is a step, not the
	 * sandbox: the pivots replace the root. */
	if ((r = stage(c, p)) < 0 && errno == EINVAL) {
		if (umount2(c->root, MNT_DETACH) < 0 ||
		    mount_flags("/", c->root, MS_BIND | MS_REC) < 0 ||
		    chdir(c->root) < 0 || mount_flags(c->root, "/", MS_MOVE) < 0 ||
		    chroot(".") < 0)
			return -1;
		r = stage(c, p);
	}
	if (r < 0 || chdir("/") < 0 || mkdir("/r", 0755) < 0 || mkdir("/etc", 0755) < 0)
		return -1;
	*step = R_ROOT;
	if ((r = root_mount(c, ns)) < 0)
		return errno == EINVAL && c->overlay && (ns & CLONE_NEWUSER) ?
		    (*step = R_OVL_USERNS, r) : r;
	*step = R_DEV;
	if ((r = dev_setup(ns)) < 0)
		return r;
	*step = R_PROC;
	if ((r = mkmnt("proc", "/r/proc", "proc", NODEV_FLAGS, NULL)) < 0)
		return r;
	/* A fresh sysfs shows the network namespace it is mounted in: only
	 * a new one may be shown; else the host's, read-only. */
	*step = R_SYS;
	if (ns & CLONE_NEWNET)
		r = mkmnt("sysfs", "/r/sys", "sysfs", MS_RDONLY | NODEV_FLAGS, NULL);
	else if ((r = mkmnt("/o/sys", "/r/sys", NULL, MS_BIND | MS_REC, NULL)) == 0)
		r = ro_remount("/r/sys", 1);
	if (r < 0)
		return r;
	*step = R_MASK;
	if ((r = masks()) < 0)
		return r;
	*step = R_CGROUP;
	if ((c->mem || c->cpus_milli || c->pids) && (r = cgroup_view()) < 0)
		return r;
	for (i = 0; i < c->nmnt; i++) {
		if (!c->mnt[i].src)
			continue;
		*step = R_MNT + i;
		fmt_buf(q, sizeof(q), "/o%s", c->mnt[i].src);
		fds[i] = (int)syscall(NR_open_tree, AT_FDCWD, q,
		    OPEN_TREE_CLONE_ | O_CLOEXEC | AT_RECURSIVE_);
		if (fds[i] < 0)
			return -1;
	}
	*step = R_ETC;
	if (c->hostname && (r = etc_files(c, etc)) < 0)
		return r;
	/* pivot_root(".", "."): the stage ends up on top of the new root
	 * and is detached at once, with the host's tree under it. */
	*step = R_PIVOT;
	if (chdir("/r") < 0 || syscall(SYS_pivot_root, ".", ".") < 0 ||
	    umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
		return -1;
	return 0;
}

int
rootfs_setup(const struct conf *c, unsigned long ns, int *step)
{
	/* the --bind clones, then the two /etc files': all closed at the
	 * end (with --pid this process stays, as the sandbox's init) */
	int fds[MINIT_MAXMNT + 2], *etc = fds + MINIT_MAXMNT;
	const char *n;
	mode_t um;
	int i, r = 0, make = c->root && !c->ro;

	if (!c->root && !c->nmnt && !c->ro && !c->workdir)
		return 0;
	for (i = 0; i < MINIT_MAXMNT + 2; i++)
		fds[i] = -1;
	um = umask(0);
	if (c->root && (r = build_root(c, ns, step, fds, etc)) < 0)
		goto out;
	/* Without --root: the host's whole tree read-only, before the
	 * mounts asked for, which keep their own mode. */
	*step = R_RO;
	if (!c->root && c->ro && (r = ro_remount("/", 1)) < 0)
		goto out;
	*step = R_ETC;
	/* A read-only image without the file goes without (no mount point
	 * can be made there). */
	for (i = 0, n = etc_names; i < 2 && etc[i] >= 0; i++, n += strlen(n) + 1)
		if ((make || access(n, F_OK) == 0) &&
		    (r = place(etc[i], n, make)) < 0)
			goto out;
	for (i = 0; i < c->nmnt; i++) {
		const struct mnt *m = &c->mnt[i];
		char opts[40];

		*step = R_MNT + i;
		if (!m->src) {
			fmt_buf(opts, sizeof(opts), "size=%llu",
			    (unsigned long long)m->size);
			if ((r = (make ? mkmnt : mount)("tmpfs", m->dst, "tmpfs",
			    MS_NOSUID | MS_NODEV, m->size ? opts : NULL)) < 0)
				goto out;
			continue;
		}
		if (!c->root && (fds[i] = (int)syscall(NR_open_tree, AT_FDCWD,
		    m->src, OPEN_TREE_CLONE_ | O_CLOEXEC | AT_RECURSIVE_)) < 0) {
			r = -1;
			goto out;
		}
		if ((r = place(fds[i], m->dst, make)) < 0 ||
		    (m->ro && (r = ro_remount(m->dst, 1)) < 0))
			goto out;
	}
	/* Last, once the mount points are made: the root's own mount only,
	 * /dev, /proc, --tmpfs and --bind keep theirs (docker --read-only). */
	*step = R_RO;
	if (c->root && c->ro && (r = ro_remount("/", 0)) < 0)
		goto out;
	*step = R_WORKDIR;
	if (c->workdir && chdir(c->workdir) < 0)
		r = -1;
out:
	for (i = 0; i < MINIT_MAXMNT + 2; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	umask(um);
	return r;
}

/* What failed, for the one-line message: "--bind /a:/b: mount". */
const char *
rootfs_what(const struct conf *c, int step, char *buf, size_t len)
{
	/* By step, in the order of the enum; "" where a branch below says */
	static const char what[] =
	    "stage the new root (tmpfs on it, pivot_root)\0" "\0" "/dev\0"
	    "mount /proc\0" "mask /proc and /sys\0" "mount /sys\0"
	    "/sys/fs/cgroup\0" "--hostname: /etc/hostname, /etc/hosts\0"
	    "pivot_root\0" "\0" "\0" "mount overlayfs in a user namespace "
	    "(needs Linux 5.11 for userxattr)";
	const char *f = "--root %s: %s", *a = c->root ? c->root : "/", *b = what;
	int i;

	/* One format and its two arguments, picked by step. */
	if (step >= R_MNT && step < R_MNT + c->nmnt) {
		f = "--%s %s";
		a = c->mnt[step - R_MNT].src ? "bind" : "tmpfs";
		b = c->mnt[step - R_MNT].spec;
	} else if (step == R_RO)
		f = "--ro: read-only remount";
	else if (step == R_WORKDIR) {
		f = "--workdir %s";
		a = c->workdir;
	} else if (step == R_ROOT)
		b = c->overlay ? "mount overlayfs" : "bind";
	else if (step >= 0 && step <= R_OVL_USERNS)
		for (i = 0; i < step; i++)
			b += strlen(b) + 1;
	else
		f = "root filesystem";
	fmt_buf(buf, len, f, a, b);
	return buf;
}
