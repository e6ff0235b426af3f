/*
 * cgroup.c: the run's own cgroup. Find where each controller lives (a v1
 * hierarchy of its own, or the v2 tree), make <parent>/minit-<pid> in
 * each hierarchy needed, write the limits, hand spawn.c a v2 directory fd
 * for CLONE_INTO_CGROUP or attach the child while it waits, read the
 * counters at the end, and remove the group.
 *
 * minit writes only into groups it created, with two exceptions the
 * kernel's rules force on v2: enabling a controller in the
 * cgroup.subtree_control of the ancestors of its group, and moving
 * itself into a leaf when its own group is the only writable parent.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "minit.h"

#define CG_PATH 512

enum { C_MEM, C_CPU, C_PIDS, NCTL };
/* The names in place, 8 bytes each: no table of pointers to them. */
static const char ctlname[NCTL][8] = { "memory", "cpu", "pids" };
static const char ctlopt[NCTL][8] = { "--mem", "--cpus", "--pids" };

/*
 * What a limit writes, in order, in a v1 or a v2 group (L_V1, L_V2):
 * FILE=VALUE, VALUE a format for the limit's number. L_OPT: best effort.
 * Swap is no way around the limit (memory.swap.max is absent without
 * swap accounting), and an OOM kills the whole group rather than leave
 * half a tree. The writes' texts are a list apart, in the same order
 * (no 8-byte pointer per line).
 */
enum { L_V1 = 1, L_V2 = 2, L_OPT = 4 };
static const struct limit {
	uint8_t ctl, how;
} limits[] = {
	{ C_MEM, L_V2 }, { C_MEM, L_V2 | L_OPT }, { C_MEM, L_V2 | L_OPT },
	{ C_MEM, L_V1 }, { C_MEM, L_V1 | L_OPT },
	{ C_CPU, L_V2 }, { C_CPU, L_V1 }, { C_CPU, L_V1 },
	{ C_PIDS, L_V1 | L_V2 },
};
static const char limit_sets[] =
	"memory.max=%s\0" "memory.swap.max=0\0" "memory.oom.group=1\0"
	"memory.limit_in_bytes=%s\0" "memory.memsw.limit_in_bytes=%s\0"
	"cpu.max=%s 100000\0" "cpu.cfs_period_us=100000\0" "cpu.cfs_quota_us=%s\0"
	"pids.max=%s";

struct hier {
	char dir[CG_PATH];	/* the run's group in this hierarchy */
	const char *mnt;	/* where the hierarchy is mounted */
	int v2;
	int fd;			/* locked: made by us, remove at the end */
	int pmade;		/* length of the part of dir's parent that existed */
};

struct cgroup {
	struct hier h[NCTL + 1];	/* at most one per controller + v2 */
	int nh;
	struct hier *hc[NCTL];		/* controller -> its h, or NULL */
	int v2fd;			/* for CLONE_INTO_CGROUP, or -1 */
	uint64_t mem, pids;
	int inner;			/* 1: --pid, the namespace's minit is a task too */
	char own[CG_PATH];		/* our own v2 group, "" unknown */
	char leaf[CG_PATH];		/* where minit moved itself, "" none */
	int leaffd;
	int own_on;			/* controllers enabled in own (bits) */
	char name[48];			/* minit-PID[-NS], the run's group */
	char *what;			/* cgroup_create's failure, in words */
	size_t wlen;
};

static struct cgroup the_cg;

/* A path into a CG_PATH buffer, cut short if it must. */
static void
cg_cpy(char *dst, const char *src)
{
	fmt_buf(dst, CG_PATH, "%s", src);
}

/* dir/file opened, or -errno */
static int
open_in(const char *dir, const char *file, int flags)
{
	char path[CG_PATH + 64];

	int fd;

	fmt_buf(path, sizeof(path), "%s/%s", dir, file);
	return (fd = xopen(path, flags)) < 0 ? -errno : fd;
}

static int
write_str(const char *dir, const char *file, const char *val)
{
	ssize_t n;
	int fd, e;

	if ((fd = open_in(dir, file, O_WRONLY)) < 0)
		return fd;
	n = write(fd, val, strlen(val));
	e = errno;
	close(fd);
	if (n < 0)
		return -e;
	minit_log(LOG_DEBUG, "cgroup: %s/%s = %s", dir, file, val);
	return 0;
}

/* Move pid into the group at dir. */
static int
move_to(const char *dir, pid_t pid)
{
	char val[16];

	fmt_buf(val, sizeof(val), "%d", (int)pid);
	return write_str(dir, "cgroup.procs", val);
}

/* Enable (+) or disable (-) ctl for the children of the v2 group at dir. */
static int
subtree(const char *dir, char sign, int ctl)
{
	char val[16];

	fmt_buf(val, sizeof(val), "%c%s", sign, ctlname[ctl]);
	return write_str(dir, "cgroup.subtree_control", val);
}

static ssize_t
read_str(const char *dir, const char *file, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	if ((fd = open_in(dir, file, O_RDONLY)) < 0)
		return fd;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	return n;
}

/* The decimal number at s (strtoll without the locale and the bases). */
static long long
num(const char *s)
{
	long long v = 0;
	int neg = *s == '-';

	for (s += neg; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	return neg ? -v : v;
}

/* w in list as a whole word (between two of seps, or at an end):
 * where, or NULL. */
static const char *
has_word(const char *list, const char *w, const char *seps)
{
	size_t wl = strlen(w);
	const char *p;

	for (p = list; *p; p++)
		if ((p == list || strchr(seps, p[-1])) && !strncmp(p, w, wl) &&
		    (p[wl] == 0 || strchr(seps, p[wl])))
			return p;
	return NULL;
}

/* The number after "key " in a flat-keyed file, or -1. A key is never
 * a number, so the word found is a key. */
static long long
read_key(const char *dir, const char *file, const char *key)
{
	char buf[2048];
	const char *p;
	size_t kl = strlen(key);

	if (read_str(dir, file, buf, sizeof(buf)) < 0 ||
	    !(p = has_word(buf, key, " \n")) || p[kl] != ' ')
		return -1;
	return num(p + kl + 1);
}

static long long
read_num(const char *dir, const char *file)
{
	char buf[64];

	if (read_str(dir, file, buf, sizeof(buf)) < 0)
		return -1;
	return num(buf);
}

/* Does the v2 group at dir offer ctl to its children? */
static int
offers(const char *dir, int ctl)
{
	char buf[512];

	return *dir && read_str(dir, "cgroup.controllers", buf, sizeof(buf)) >= 0 &&
	    has_word(buf, ctlname[ctl], " \n");
}

/* A mountinfo path field: the kernel writes space, tab, newline and
 * backslash as \ooo. */
static void
unescape(char *s)
{
	char *d = s;

	for (; *s; s++, d++) {
		*d = *s;
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*d = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 3;
		}
	}
	*d = 0;
}

static char v2[CG_PATH];	/* the v2 mount point, "" none */
static char v2root[CG_PATH];	/* the v2 mount's root, as mountinfo shows it */

/* Ends the space-separated field at s; the next one, "" at the end. */
static char *
cut(char *s)
{
	s = strchrnul(s, ' ');
	if (*s)
		*s++ = 0;
	return s;
}

/* id parent maj:min root mountpoint opts... - fstype source superopts */
static void
mount_line(char *line, char v1[NCTL][CG_PATH])
{
	char *f[5], *sep, *fs, *opts;
	int i;

	for (sep = line; strncmp(sep, " - ", 3); sep++)
		if (!*sep)
			return;
	*sep = 0;
	for (i = 0; i < 5; i++) {
		f[i] = line;
		line = cut(line);
	}
	fs = sep + 3;
	opts = cut(cut(fs));	/* past the source */
	unescape(f[3]);
	unescape(f[4]);
	/* A mount of the tree above our cgroup namespace: what minit would
	 * make there is outside the namespace. */
	if (!*f[4] || !strncmp(f[3], "/..", 3) || strlen(f[4]) >= CG_PATH / 2)
		return;
	if (!strcmp(fs, "cgroup2")) {	/* the last: a later one covers */
		cg_cpy(v2, f[4]);
		cg_cpy(v2root, f[3]);
	} else if (!strcmp(fs, "cgroup"))
		for (i = 0; i < NCTL; i++)
			if (!v1[i][0] && has_word(opts, ctlname[i], ","))
				cg_cpy(v1[i], f[4]);
}

/*
 * Where each controller is mounted: a v1 hierarchy whose options name it,
 * else the v2 tree when its cgroup.controllers lists it. From
 * /proc/self/mountinfo, so no path is assumed; read line by line, as a
 * host with thousands of mounts has a mountinfo of megabytes.
 */
static int
find_mounts(char v1[NCTL][CG_PATH])
{
	static char mi[16384];	/* static: PID 1's stack stays small */
	char *line, *nl;
	size_t have = 0;
	ssize_t r;
	int i, skip = 0, fd = xopen("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	for (i = 0; i < NCTL; i++)
		v1[i][0] = 0;
	v2[0] = 0;
	do {
		if ((r = read(fd, mi + have, sizeof(mi) - 1 - have)) < 0) {
			r = -errno;
			close(fd);
			return (int)r;
		}
		have += (size_t)r;
		mi[have] = 0;
		for (line = mi; (nl = strchr(line, '\n')) || (!r && *line); line = nl + 1) {
			if (!nl)
				nl = line + strlen(line) - 1;
			*nl = 0;
			if (!skip)
				mount_line(line, v1);
			skip = 0;
		}
		have -= (size_t)(line - mi);
		memmove(mi, line, have);
		if (have == sizeof(mi) - 1)	/* a line longer than all: drop it */
			have = 0, skip = 1;
	} while (r > 0);
	close(fd);
	return 0;
}

/*
 * fn for each pid in the list at dir/file, however long: a cgroup.procs (one
 * a line), a task's children (apart by spaces). -errno when it cannot be
 * opened.
 */
int
cgroup_each_pid(const char *dir, const char *file, void (*fn)(pid_t, void *), void *arg)
{
	char buf[256];
	long pid = 0;
	int fd, have = 0;
	ssize_t n, i;

	if ((fd = open_in(dir, file, O_RDONLY)) < 0)
		return fd;
	/* A number cut in two by the read goes on in the next. */
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i++)
			if (buf[i] >= '0' && buf[i] <= '9') {
				pid = pid * 10 + (buf[i] - '0');
				have = 1;
			} else if (have) {
				fn((pid_t)pid, arg);
				pid = have = 0;
			}
	if (have)
		fn((pid_t)pid, arg);
	close(fd);
	return 0;
}

static void
kill_one(pid_t pid, void *arg)
{
	if (pid > 0)	/* 0: not visible from our PID namespace */
		kill(pid, SIGKILL);
}

enum { SWEEP, EMPTY, KILL, FIRED };

/* rm_tree FIRED: the OOM's traces in a run's subtree (cgroup_report). */
static long long fired_lim, v1_kills;
static char fired_dir[CG_PATH];
static int fired_v2;

/*
 * Did this group's own limit fire? v2: its local "oom" event (counted in
 * the group whose limit was hit, not the victim's). v1 has no such event:
 * a failed charge is counted in the counter that refused it (failcnt), and
 * oom_kill is the victim's group's alone, not its ancestors': summed here.
 * Of the groups that fired, the tightest limit is named.
 */
static void
fired_check(const char *dir)
{
	long long lim = fired_v2 ? 0 : read_key(dir, "memory.oom_control", "oom_kill");

	if (lim > 0)
		v1_kills += lim;
	if (fired_v2 ? read_key(dir, "memory.events.local", "oom") <= 0 :
	    read_num(dir, "memory.failcnt") <= 0)
		return;
	lim = read_num(dir, fired_v2 ? "memory.max" : "memory.limit_in_bytes");
	if (lim > 0 && (fired_lim <= 0 || lim < fired_lim)) {
		fired_lim = lim;
		cg_cpy(fired_dir, dir);
	}
}

/*
 * Remove the group at path and every group below it, depth first (a
 * command may make its own: systemd, a CI runner, another minit). KILL
 * kills what is inside first; EMPTY removes only empty groups. 0 when
 * path is gone.
 *
 * SWEEP: remove below path the groups that minits killed with SIGKILL
 * left behind. A group is in use while its minit holds the lock on it
 * (make_group): the kernel drops it when that minit dies, however and in
 * whatever PID namespace. A pid in the name would prove nothing here:
 * minits in other PID namespaces have the same pids.
 */
static int
rm_tree(char *path, int how, int depth)
{
	char buf[1024];
	size_t l = strlen(path);
	long n, off;
	int fd, g;

	if (how == FIRED)
		fired_check(path);
	else if (how != SWEEP) {
		if (rmdir(path) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY)
			return -1;
	}
	if (depth > 32 || (fd = xopen(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	/* getdents64 rather than opendir: no allocation in PID 1. */
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0)
		for (off = 0; off < n; ) {
			struct dirent64 *e = (struct dirent64 *)(buf + off);
			const char *p = e->d_name + 6;

			off += e->d_reclen;
			if (e->d_type != DT_DIR || e->d_name[0] == '.' ||
			    l + strlen(e->d_name) + 2 > CG_PATH)
				continue;
			path[l] = '/';
			strcpy(path + l + 1, e->d_name);
			if (how != SWEEP)
				rm_tree(path, how, depth + 1);
			else if (!strncmp(e->d_name, "minit-", 6) &&
			    ((*p >= '1' && *p <= '9') || !strncmp(p, "leaf-", 5)) &&
			    (g = xopen(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
				if (flock(g, LOCK_EX | LOCK_NB) == 0)
					rm_tree(path, EMPTY, 1);
				close(g);
			}
			path[l] = 0;
		}
	close(fd);
	if (how == KILL)
		cgroup_each_pid(path, "cgroup.procs", kill_one, NULL);
	return how == SWEEP || how == FIRED ? 0 : rmdir(path);
}

/*
 * mkdir dir and lock it for the run's life (rm_tree SWEEP). The name is
 * unique across PID namespaces; should it be taken all the same (a
 * stale group that still holds processes), -2, -3... is appended.
 * Returns the locked directory fd.
 */
static int
make_group(char *dir)
{
	size_t l = strlen(dir);
	int t, k = 1, fd;

	for (t = 0; t < 16; t++) {
		if (k > 1)
			fmt_buf(dir + l, CG_PATH - l, "-%d", k);
		if (mkdir(dir, 0755) < 0) {
			if (errno != EEXIST)
				return -errno;
			k++;
			continue;
		}
		if ((fd = xopen(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
			/* Another minit's sweep may have removed it between
			 * the mkdir and the lock: then make it again. */
			if (flock(fd, LOCK_EX | LOCK_NB) == 0 &&
			    syscall(SYS_faccessat, fd, "cgroup.procs", F_OK) == 0)
				return fd;
			close(fd);
		}
	}
	return -EEXIST;
}

/* mkdir -p, the missing parents first. *made (0 on the first call) is
 * the length of the part that existed: the first mkdir that succeeds is
 * the topmost new directory's. */
static int
mkdirs(char *path, int *made)
{
	char *sl = strrchr(path, '/');
	int r;

	/* Mostly the parent is there already: one syscall. */
	if (mkdir(path, 0755) == 0) {
		if (!*made)
			*made = (int)(sl - path);
		return 0;
	}
	if (errno == EEXIST)
		return 0;
	if (errno != ENOENT || sl == path)
		return -errno;
	*sl = 0;
	r = mkdirs(path, made);
	*sl = '/';
	if (r == 0 && mkdir(path, 0755) < 0 && errno != EEXIST)
		r = -errno;
	return r;
}

/* Our own v2 group as a path under the mount at mnt: /proc/self/cgroup
 * says where it is from our cgroup namespace's root, the mount's root
 * field where the mount starts. */
static int
own_v2_group(const char *mnt, char *out)
{
	char buf[4096], *p;
	size_t rl = strcmp(v2root, "/") ? strlen(v2root) : 0;

	if (read_str("/proc/self", "cgroup", buf, sizeof(buf)) <= 0)
		return -1;
	for (p = buf; strncmp(p, "0::", 3); p = strchr(p, '\n') + 1)
		if (!strchr(p, '\n'))
			return -1;
	p += 3;
	*strchrnul(p, '\n') = 0;
	if (strncmp(p, v2root, rl) || (p[rl] && p[rl] != '/'))
		return -1;	/* not below the mount's root */
	p += rl;
	fmt_buf(out, CG_PATH, "%s%s", mnt, strcmp(p, "/") ? p : "");
	return 0;
}

/*
 * v2: enable ctl in the subtree_control of every ancestor of dir, from
 * the mount point down: a controller is usable only where all above
 * delegate it.
 */
static int
v2_enable(struct cgroup *cg, const char *dir, int ctl)
{
	char path[CG_PATH], buf[512], val[32];
	const char *fmt, *at = path;
	size_t i;
	int r, busy;

	cg_cpy(path, dir);
	for (i = strlen(v2); path[i]; i++) {
		if (path[i] != '/')
			continue;
		path[i] = 0;
		/* Mostly enabled already: one read. */
		if (read_str(path, "cgroup.subtree_control", buf, sizeof(buf)) >= 0 &&
		    !has_word(buf, ctlname[ctl], " \n")) {
			/*
			 * No internal processes: a group that holds processes
			 * may not hand controllers down. The kernel refuses
			 * memory (EBUSY) but takes pids and cpu, after which
			 * the group is a thread root and every new child
			 * "domain invalid", for good. So look first; only the
			 * real root (no cgroup.type) is exempt. When the
			 * processes are minit alone (a container's PID 1 in
			 * its namespace's root), minit moves to a leaf.
			 */
			busy = read_str(path, "cgroup.type", val, sizeof(val)) >= 0 &&
			    read_str(path, "cgroup.procs", val, 2) > 0;
			if (busy && !strcmp(path, cg->own) && !cg->leaf[0]) {
				fmt_buf(cg->leaf, CG_PATH, "%s/minit-leaf-%s", path, cg->name + 6);
				fmt = "%s: cannot move minit into %s";
				at = cg->leaf;
				if ((r = cg->leaffd = make_group(cg->leaf)) < 0 ||
				    (r = move_to(cg->leaf, getpid())) < 0)
					goto fail;
				at = path;
				busy = read_str(path, "cgroup.procs", val, 2) > 0;
			}
			fmt = "%s: %s holds processes (cgroup v2: no controllers below them)";
			r = -EBUSY;
			if (busy)
				goto fail;
			fmt = "%s: %s/cgroup.subtree_control: cannot enable %s%s";
			if ((r = subtree(path, '+', ctl)) < 0) {
				/* cgroup.controllers only to explain a refusal. */
				if (!offers(path, ctl))
					r = -ENOENT;
				goto fail;
			}
			if (!strcmp(path, cg->own))
				cg->own_on |= 1 << ctl;
		}
		path[i] = '/';
	}
	return 0;
fail:
	fmt_buf(cg->what, cg->wlen, fmt, ctlopt[ctl], at, ctlname[ctl],
	    r == -ENOENT ? " (not in its cgroup.controllers)" : "");
	return r;
}

static void
remove_all(struct cgroup *cg, int failed)
{
	int i, tries;

	for (i = cg->nh - 1; i >= 0; i--) {
		struct hier *h = &cg->h[i];

		/* v2 kills the whole tree in one write. */
		if (h->v2 && h->fd >= 0)
			write_str(h->dir, "cgroup.kill", "1");
		/* Bounded: what is left is killed, then it drains. */
		for (tries = 0; h->fd >= 0 && rm_tree(h->dir, KILL, 0) < 0 && tries < 500; tries++) {
			struct timespec ts = { 0, 2000000 };

			nanosleep(&ts, NULL);
		}
		if (tries == 500)
			minit_log(LOG_WARN, "cgroup: %s left: it would not empty", h->dir);
		else if (tries)
			minit_log(LOG_DEBUG, "cgroup: %s was busy, removed after %d tries", h->dir, tries);
		/* A failed run leaves no parent it made either, nor one
		 * that moved into a leaf (a container's init at its end). */
		while ((failed || cg->leaf[0]) && h->pmade && (int)strlen(h->dir) > h->pmade) {
			*strrchr(h->dir, '/') = 0;
			if ((int)strlen(h->dir) > h->pmade && rmdir(h->dir) < 0)
				break;
		}
		if (h->fd >= 0)
			close(h->fd);
		h->fd = -1;
	}
	cg->v2fd = -1;
	/* Out of the leaf, and our group as found: the controllers we
	 * enabled there off again. */
	if (cg->leaf[0]) {
		for (i = 0; i < NCTL; i++)
			if (cg->own_on & 1 << i)
				subtree(cg->own, '-', i);
		if (move_to(cg->own, getpid()) == 0)
			rmdir(cg->leaf);
		if (cg->leaffd >= 0)
			close(cg->leaffd);
		cg->leaf[0] = 0;
	}
}

int
cgroup_create(const struct conf *c, uint64_t pids, struct cgroup **out, char *what,
    size_t wlen)
{
	static char v1[NCTL][CG_PATH];
	struct cgroup *cg = &the_cg;
	const char *parent = c->cgroup_parent ? c->cgroup_parent : "/minit";
	char *name = cg->name, val[64], num[24], *eq, parentdir[CG_PATH];
	char ns[32];
	uint64_t lim[NCTL];
	/* what failed: fmt with opt, x, y */
	const char *fmt = "cgroup: /proc/self/mountinfo", *opt = "", *x = "", *y = "";
	const char *set;
	size_t k;
	int i, r;

	memset(cg, 0, sizeof(*cg));
	cg->what = what;
	cg->wlen = wlen;
	cg->v2fd = cg->leaffd = -1;
	cg->mem = c->mem;
	cg->pids = pids;
	cg->inner = (c->nsflags & CLONE_NEWPID) != 0;
	/* Those asked for: not 0. --pids N counts the command's tasks: with
	 * --pid, minit as the namespace's init comes on top. */
	lim[C_MEM] = c->mem;
	lim[C_CPU] = c->cpus_milli * 100;
	lim[C_PIDS] = pids && pids != UINT64_MAX ? pids + (unsigned)cg->inner : pids;
	if ((r = find_mounts(v1)) < 0)
		goto fail;
	/* Unique whatever the PID namespace: every minit that is PID 1 has
	 * pid 1, so outside the initial one the namespace's inode joins. */
	r = (int)readlink("/proc/self/ns/pid", ns, sizeof(ns) - 1);
	ns[r > 6 ? r - 1 : 4] = 0;	/* "pid:[N]" -> "-N", or "" */
	ns[4] = ns[4] && strcmp(ns + 4, "[4026531836") ? '-' : 0;
	fmt_buf(name, sizeof(cg->name), "minit-%d%s", (int)getpid(), ns + 4);

	for (i = 0; i < NCTL; i++) {
		const char *mnt;
		int v2ctl;
		struct hier *h;

		if (!lim[i])
			continue;
		opt = ctlopt[i];
		mnt = (v2ctl = !v1[i][0]) ? v2 : v1[i];
		if (v2ctl && !offers(v2, i)) {
			fmt = "%s: no cgroup v1 hierarchy nor v2 (%s) offers the %s controller";
			x = v2[0] ? v2 : "not mounted";
			y = ctlname[i];
			r = -ENOENT;
			goto fail;
		}
		if (v2ctl && !cg->own[0])
			own_v2_group(v2, cg->own);
		/* One group per hierarchy, shared by its controllers. */
		for (h = cg->h; h < cg->h + cg->nh; h++)
			if (!strcmp(h->mnt, mnt) && h->v2 == v2ctl)
				break;
		if (h == cg->h + cg->nh) {	/* a group of its own here */
			h->mnt = mnt;
			h->v2 = v2ctl;
			h->fd = -1;
			/* Refused, not cut short: a shorter path is another group. */
			if (fmt_buf(parentdir, sizeof(parentdir), "%s%s", mnt,
			    strcmp(parent, "/") ? parent : "") + sizeof(cg->name) + 16 > CG_PATH) {
				fmt = "%s: %s%s";
				opt = "--cgroup-parent";
				x = mnt;
				y = parent;
				r = -ENAMETOOLONG;
				goto fail;
			}
			/* Writable, not only there: a root-owned /minit does not
			 * take a rootless run's group. */
			if ((r = mkdirs(parentdir, &h->pmade)) == 0 && access(parentdir, W_OK) < 0)
				r = -errno;
			fmt = "%s: cannot create %s";
			x = parentdir;
			if (r < 0) {
				/* A delegated, rootless v2 subtree: use our own group. */
				if (!v2ctl || c->cgroup_parent || (r != -EACCES && r != -EPERM &&
				    r != -EROFS) || !cg->own[0])
					goto fail;
				cg_cpy(parentdir, cg->own);
			}
			rm_tree(parentdir, SWEEP, 0);
			fmt_buf(h->dir, sizeof(h->dir), "%s/%s", parentdir, name);
			cg->nh++;
		}
		cg->hc[i] = h;
		/* Controllers first: a new group is born with them. */
		fmt = NULL;	/* v2_enable says what failed */
		if (v2ctl && (r = v2_enable(cg, h->dir, i)) < 0)
			goto fail;
		fmt = "%s: cannot create %s";
		x = h->dir;
		if (h->fd < 0 && (h->fd = r = make_group(h->dir)) < 0)
			goto fail;
	}

	for (k = 0, set = limit_sets; k < sizeof(limits) / sizeof(limits[0]);
	    k++, set += strlen(set) + 1) {
		const struct limit *l = &limits[k];
		struct hier *h;

		if (!(h = cg->hc[i = l->ctl]) || !(l->how & (h->v2 ? L_V2 : L_V1)))
			continue;
		fmt_buf(num, sizeof(num), "%llu", (unsigned long long)lim[i]);
		fmt_buf(val, sizeof(val), set, lim[i] != UINT64_MAX ? num :
		    h->v2 || i == C_PIDS ? "max" : "-1");
		*(eq = strchr(val, '=')) = 0;
		if ((r = write_str(h->dir, val, eq + 1)) < 0 && !(l->how & L_OPT)) {
			fmt = "%s: write %s in %s";
			opt = ctlopt[i];
			x = val;
			y = h->dir;
			goto fail;
		}
	}
	/* All on v2: the child is born inside (clone3 CLONE_INTO_CGROUP). */
	if (cg->nh == 1 && cg->h[0].v2)
		cg->v2fd = cg->h[0].fd;
	*out = cg;
	return 0;
fail:
	if (fmt)
		fmt_buf(what, wlen, fmt, opt, x, y);
	remove_all(cg, 1);
	return r;
}

int
cgroup_clone_fd(const struct cgroup *cg)
{
	return cg->v2fd;
}

/* Called while the child waits on its pipe: it runs no instruction of
 * the command before it is in every hierarchy. */
int
cgroup_attach(pid_t pid, void *arg)
{
	struct cgroup *cg = arg;
	int i, r;

	for (i = 0; i < cg->nh; i++)
		if ((r = move_to(cg->h[i].dir, pid)) < 0)
			return r;
	return 0;
}

/*
 * The OOM and task-limit lines: read before the group goes, so nothing
 * is lost. A fork refused by pids.max is otherwise only the command's
 * own "Resource temporarily unavailable", if it says anything.
 *
 * How many died: reaped is what minit itself reaped dead by SIGKILL
 * before it sent any KILL of its own (the command, and orphans it was
 * given); a victim reaped by its own parent is not seen there. When minit
 * saw none (or, -1, cannot see: the namespace's init reaps under --pid),
 * the kernel's count: v2's oom_kill counts a group kill's victim twice
 * (once chosen, once with the group), and never the members it spares
 * (oom_score_adj -1000). Under --pid a group kill takes the namespace's
 * init too, whose death kills the rest of its namespace while the kernel
 * is still counting: a member gone by the time the group kill reaches it
 * is not counted (seen under TCG, where each kill's console line is
 * slow), so there is no count to give, only "the rest of its group".
 */
void
cgroup_report(struct cgroup *cg, const struct conf *c, int main_killed, int reaped)
{
	long long ooms, peak, gk = 0;
	char lim[32], pk[32], in[CG_PATH + 8], walk[CG_PATH], who[96];
	struct hier *h;

	if (cg->hc[C_PIDS] && cg->pids != UINT64_MAX &&
	    (ooms = read_key(cg->hc[C_PIDS]->dir, "pids.events", "max")) > 0)
		minit_log(LOG_WARN, "task limit: %lld fork%s refused under %s "
		    "(limit %llu)", ooms, ooms == 1 ? "" : "s", c->argv[0],
		    (unsigned long long)cg->pids);
	if (!(h = cg->hc[C_MEM]))
		return;
	fired_v2 = h->v2;
	fired_lim = v1_kills = 0;
	cg_cpy(walk, h->dir);
	rm_tree(walk, FIRED, 0);
	if (h->v2) {
		ooms = read_key(h->dir, "memory.events", "oom_kill");
		if ((gk = read_key(h->dir, "memory.events", "oom_group_kill")) > 0)
			ooms -= gk;
	} else
		ooms = v1_kills;
	if (ooms <= 0 && !gk)
		return;
	if (reaped > 0)
		ooms = reaped;
	if (fired_lim <= 0)
		cg_cpy(fired_dir, h->dir);
	/* The limit that fired: ours, or one the command set in a group of
	 * its own below ours. */
	fmt_buf(in, sizeof(in), strcmp(fired_dir, h->dir) ? " in %s" : "",
	    fired_dir + strlen(h->dir) + 1);
	peak = read_num(fired_dir, h->v2 ? "memory.peak" : "memory.max_usage_in_bytes");
	parse_size_fmt(fired_lim > 0 ? (uint64_t)fired_lim : cg->mem, lim);
	if (peak >= 0)
		parse_size_fmt((uint64_t)peak, pk);
	else
		strcpy(pk, "n/a");
	if (main_killed)
		fmt_buf(who, sizeof(who), reaped < 0 && gk > 0 ?
		    "%s and the rest of its group" : ooms > 1 ?
		    "%s and %lld more" : "%s", c->argv[0], ooms - 1);
	else
		fmt_buf(who, sizeof(who), "%lld process%s under %s", ooms,
		    ooms == 1 ? "" : "es", c->argv[0]);
	minit_log(LOG_WARN, "out of memory: %s killed (limit %s%s, peak %s)",
	    who, lim, in, pk);
}

/* Peak memory (bytes) and peak task count, -1 where the group has none. */
void
cgroup_peaks(struct cgroup *cg, long long *mem, long long *tasks)
{
	struct hier *h = cg->hc[C_MEM];

	*mem = *tasks = -1;
	if (h)
		*mem = read_num(h->dir, h->v2 ? "memory.peak" :
		    "memory.max_usage_in_bytes");
	if ((h = cg->hc[C_PIDS]) && (*tasks = read_num(h->dir, "pids.peak")) > 0)
		*tasks -= cg->inner;
}

void
cgroup_destroy(struct cgroup *cg, int failed)
{
	remove_all(cg, failed);
}
