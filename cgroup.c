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
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "minit.h"

#define CG_PATH 512

enum { C_MEM, C_CPU, C_PIDS, NCTL };
static const char *const ctlname[NCTL] = { "memory", "cpu", "pids" };
static const char *const ctlopt[NCTL] = { "--mem", "--cpus", "--pids" };

struct hier {
	char dir[CG_PATH];	/* the run's group in this hierarchy */
	int v2;
	int made;		/* created by us: remove at the end */
};

struct cgroup {
	struct hier h[NCTL + 1];	/* at most one per controller + v2 */
	int nh;
	int ctl[NCTL];			/* controller -> index in h, or -1 */
	int v2fd;			/* for CLONE_INTO_CGROUP, or -1 */
	uint64_t mem, pids;
	int inner;			/* 1: --pid, the namespace's minit is a task too */
};

static struct cgroup the_cg;

static int
write_str(const char *dir, const char *file, const char *val)
{
	char path[CG_PATH + 64];
	ssize_t n;
	int fd, e;

	fmt_buf(path, sizeof(path), "%s/%s", dir, file);
	if ((fd = xopen(path, O_WRONLY | O_CLOEXEC)) < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	e = errno;
	close(fd);
	return n < 0 ? -e : 0;
}

static ssize_t
read_str(const char *dir, const char *file, char *buf, size_t len)
{
	char path[CG_PATH + 64];
	ssize_t n;
	int fd;

	fmt_buf(path, sizeof(path), "%s/%s", dir, file);
	if ((fd = xopen(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
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

/* The number after "key " in a flat-keyed file, or -1. */
static long long
read_key(const char *dir, const char *file, const char *key)
{
	char buf[2048], *p;
	size_t kl = strlen(key);

	if (read_str(dir, file, buf, sizeof(buf)) < 0)
		return -1;
	for (p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, key, kl) && p[kl] == ' ')
			return num(p + kl + 1);
	return -1;
}

static long long
read_num(const char *dir, const char *file)
{
	char buf[64];

	if (read_str(dir, file, buf, sizeof(buf)) < 0)
		return -1;
	return num(buf);
}

static int
has_word(const char *list, const char *w, const char *seps)
{
	size_t wl = strlen(w);
	const char *p;

	for (p = list; *p; p++)
		if ((p == list || strchr(seps, p[-1])) && !strncmp(p, w, wl) &&
		    (p[wl] == 0 || strchr(seps, p[wl])))
			return 1;
	return 0;
}

/*
 * Where each controller is mounted: a v1 hierarchy whose options name it,
 * else the v2 tree when its cgroup.controllers lists it. From
 * /proc/self/mountinfo, so no path is assumed.
 */
static int
find_mounts(char v1[NCTL][CG_PATH], char *v2)
{
	static char mi[65536];	/* static: PID 1's stack stays small */
	char *line, *next;
	ssize_t n = 0, r;
	int i, fd = xopen("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while (n < (ssize_t)sizeof(mi) - 1 &&
	    (r = read(fd, mi + n, sizeof(mi) - 1 - (size_t)n)) > 0)
		n += r;
	close(fd);
	mi[n] = 0;
	for (i = 0; i < NCTL; i++)
		v1[i][0] = 0;
	v2[0] = 0;
	for (line = mi; *line; line = next) {
		char *sep, *mnt, *fs, *opts;

		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		else
			next = line + strlen(line);
		/* id parent maj:min root mountpoint ... - fstype source opts */
		for (sep = line; *sep && strncmp(sep, " - ", 3); sep++)
			;
		if (!*sep)
			continue;
		mnt = line;
		for (i = 0; i < 4 && mnt; i++)
			mnt = strchr(mnt, ' ') ? strchr(mnt, ' ') + 1 : NULL;
		if (!mnt || mnt > sep)
			continue;
		*strchr(mnt, ' ') = 0;
		fs = sep + 3;
		if (!(opts = strchr(fs, ' ')))
			continue;
		*opts++ = 0;
		if (!(opts = strchr(opts, ' ')))	/* skip the source */
			continue;
		opts++;
		if (!strcmp(fs, "cgroup2") && !v2[0])
			fmt_buf(v2, CG_PATH, "%s", mnt);
		else if (!strcmp(fs, "cgroup"))
			for (i = 0; i < NCTL; i++)
				if (!v1[i][0] && has_word(opts, ctlname[i], ","))
					fmt_buf(v1[i], CG_PATH, "%s", mnt);
	}
	return 0;
}

static int
alive(pid_t pid)
{
	return kill(pid, 0) == 0 || errno == EPERM;
}

/* Remove the empty groups that a minit killed with SIGKILL left behind. */
static void
sweep_stale(const char *parent)
{
	char buf[4096], path[CG_PATH + 300];
	int fd = xopen(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	pid_t self = getpid();
	long n;

	if (fd < 0)
		return;
	/* getdents64 rather than opendir: no allocation in PID 1. */
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n; ) {
			struct dirent64 *e = (struct dirent64 *)(buf + off);
			const char *p = e->d_name + 6;
			long long pid;

			off += e->d_reclen;
			if (strncmp(e->d_name, "minit-", 6) || *p < '1' || *p > '9')
				continue;
			pid = num(p);
			while (*p >= '0' && *p <= '9')
				p++;
			if (*p || pid > 1 << 22 || pid == self || alive((pid_t)pid))
				continue;
			fmt_buf(path, sizeof(path), "%s/%s", parent, e->d_name);
			/* rmdir fails unless it is empty: a live group is safe. */
			rmdir(path);
		}
	}
	close(fd);
}

/* mkdir -p, noting whether the last component was made. */
static int
mkdirs(const char *path)
{
	char buf[CG_PATH];
	char *p;

	/* Mostly the parent is there already: one syscall. */
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -errno;
	fmt_buf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

/* v2: enable CTL in the subtree_control of every ancestor of dir, from
 * the mount point down: a controller is usable only where all above
 * delegate it. */
static int
v2_enable(const char *mnt, const char *dir, const char *ctl, char *what, size_t wlen)
{
	char path[CG_PATH], buf[512], val[32];
	size_t i, ml = strlen(mnt);
	int r;

	fmt_buf(path, sizeof(path), "%s", dir);
	for (i = ml; ; i++) {
		if (path[i] != '/' && path[i] != 0)
			continue;
		if (path[i] == 0)
			break;	/* the run's group itself needs nothing */
		path[i] = 0;
		/* Mostly enabled already: one read. cgroup.controllers only
		 * to explain a refusal. */
		if (read_str(path, "cgroup.subtree_control", buf, sizeof(buf)) >= 0 &&
		    !has_word(buf, ctl, " \n")) {
			fmt_buf(val, sizeof(val), "+%s", ctl);
			if ((r = write_str(path, "cgroup.subtree_control", val)) < 0) {
				if (read_str(path, "cgroup.controllers", buf, sizeof(buf)) < 0 ||
				    !has_word(buf, ctl, " \n")) {
					fmt_buf(what, wlen, "%s: the %s controller is not available in %s",
					    "cgroup v2", ctl, path);
					return -ENOENT;
				}
				fmt_buf(what, wlen, "enable %s in %s/cgroup.subtree_control", ctl, path);
				return r;
			}
		}
		path[i] = '/';
	}
	return 0;
}

static void
remove_all(struct cgroup *cg)
{
	int i, tries;

	for (i = cg->nh - 1; i >= 0; i--) {
		struct hier *h = &cg->h[i];

		if (!h->made)
			continue;
		/* Bounded: what is left is killed, then it drains. */
		for (tries = 0; rmdir(h->dir) < 0 && errno == EBUSY && tries < 500; tries++) {
			char buf[4096], *p;
			struct timespec ts = { 0, 2000000 };

			if (tries == 0 && h->v2 && write_str(h->dir, "cgroup.kill", "1") == 0)
				;
			else if (read_str(h->dir, "cgroup.procs", buf, sizeof(buf)) > 0)
				for (p = buf; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
					long long pid = num(p);

					if (pid > 0)
						kill((pid_t)pid, SIGKILL);
				}
			nanosleep(&ts, NULL);
		}
		if (tries)
			minit_log(LOG_DEBUG, "cgroup: %s was busy, removed after %d tries", h->dir, tries);
		h->made = 0;
	}
	if (cg->v2fd >= 0)
		close(cg->v2fd);
	cg->v2fd = -1;
}

/* Our own v2 group, from /proc/self/cgroup ("0::/path"). */
static int
own_v2_group(char *out, size_t len)
{
	char buf[4096], *p;
	int fd = xopen("/proc/self/cgroup", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = 0;
	for (p = buf; p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, "0::", 3)) {
			p += 3;
			p[strcspn(p, "\n")] = 0;
			fmt_buf(out, len, "%s", p);
			return 0;
		}
	return -ENOENT;
}

int
cgroup_create(const struct conf *c, struct cgroup **out, char *what, size_t wlen)
{
	static char v1[NCTL][CG_PATH], v2[CG_PATH];
	struct cgroup *cg = &the_cg;
	const char *parent = c->cgroup_parent ? c->cgroup_parent : "/minit";
	int want[NCTL] = { c->mem != 0, c->cpus_milli != 0, c->pids != 0 };
	char name[32], val[64], parentdir[CG_PATH];
	int i, j, r;

	memset(cg, 0, sizeof(*cg));
	cg->v2fd = -1;
	cg->mem = c->mem;
	cg->pids = c->pids;
	cg->inner = (c->nsflags & CLONE_NEWPID) != 0;
	for (i = 0; i < NCTL; i++)
		cg->ctl[i] = -1;
	if ((r = find_mounts(v1, v2)) < 0) {
		fmt_buf(what, wlen, "cgroup: /proc/self/mountinfo");
		return r;
	}
	fmt_buf(name, sizeof(name), "minit-%d", (int)getpid());

	for (i = 0; i < NCTL; i++) {
		const char *mnt;
		int v2ctl = 0;
		struct hier *h;

		if (!want[i])
			continue;
		if (v1[i][0])
			mnt = v1[i];
		else if (v2[0]) {
			char buf[512];

			if (read_str(v2, "cgroup.controllers", buf, sizeof(buf)) < 0 ||
			    !has_word(buf, ctlname[i], " \n")) {
				fmt_buf(what, wlen, "%s: no %s controller: neither a cgroup v1 "
				    "hierarchy nor cgroup v2 (%s) offers it; mount or enable it",
				    ctlopt[i], ctlname[i], v2);
				r = -ENOENT;
				goto fail;
			}
			mnt = v2;
			v2ctl = 1;
		} else {
			fmt_buf(what, wlen, "%s: no %s controller mounted (no cgroup v1 "
			    "or v2 hierarchy has it)", ctlopt[i], ctlname[i]);
			r = -ENOENT;
			goto fail;
		}
		/* One group per hierarchy, shared by its controllers. */
		for (j = 0; j < cg->nh; j++)
			if (!strncmp(cg->h[j].dir, mnt, strlen(mnt)) &&
			    cg->h[j].dir[strlen(mnt)] == '/' &&
			    cg->h[j].v2 == v2ctl)
				break;
		if (j < cg->nh) {
			cg->ctl[i] = j;
			if (v2ctl && (r = v2_enable(v2, cg->h[j].dir, ctlname[i], what, wlen)) < 0)
				goto fail;
			continue;
		}
		h = &cg->h[cg->nh];
		h->v2 = v2ctl;
		fmt_buf(parentdir, sizeof(parentdir), "%s%s", mnt,
		    strcmp(parent, "/") ? parent : "");
		if ((r = mkdirs(parentdir)) < 0) {
			char own[CG_PATH];

			/* A delegated, rootless v2 subtree: use our own group,
			 * moving ourselves into a leaf of it first. */
			if (!v2ctl || c->cgroup_parent || (r != -EACCES && r != -EPERM &&
			    r != -EROFS) || own_v2_group(own, sizeof(own)) < 0) {
				fmt_buf(what, wlen, "%s: cannot create %s", ctlopt[i], parentdir);
				goto fail;
			}
			fmt_buf(parentdir, sizeof(parentdir), "%s%s/minit-leaf-%d",
			    mnt, strcmp(own, "/") ? own : "", (int)getpid());
			fmt_buf(val, sizeof(val), "%d", (int)getpid());
			if ((r = mkdirs(parentdir)) < 0 ||
			    (r = write_str(parentdir, "cgroup.procs", val)) < 0) {
				fmt_buf(what, wlen, "%s: cannot move minit into %s", ctlopt[i], parentdir);
				goto fail;
			}
			*strrchr(parentdir, '/') = 0;
		}
		sweep_stale(parentdir);
		fmt_buf(h->dir, sizeof(h->dir), "%s/%s", parentdir, name);
		if (mkdir(h->dir, 0755) < 0) {
			r = -errno;
			fmt_buf(what, wlen, "%s: mkdir %s", ctlopt[i], h->dir);
			goto fail;
		}
		h->made = 1;
		cg->ctl[i] = cg->nh++;
		if (v2ctl && (r = v2_enable(v2, h->dir, ctlname[i], what, wlen)) < 0)
			goto fail;
	}

	if (c->mem) {
		struct hier *h = &cg->h[cg->ctl[C_MEM]];

		if (c->mem == UINT64_MAX)
			fmt_buf(val, sizeof(val), h->v2 ? "max" : "-1");
		else
			fmt_buf(val, sizeof(val), "%llu", (unsigned long long)c->mem);
		if (h->v2) {
			r = write_str(h->dir, "memory.max", val);
			/* Swap is no way around the limit; kill the whole
			 * group on OOM rather than leave half a tree. */
			if (r == 0)	/* absent without swap accounting */
				write_str(h->dir, "memory.swap.max", "0");
			if (r == 0)
				write_str(h->dir, "memory.oom.group", "1");
		} else {
			r = write_str(h->dir, "memory.limit_in_bytes", val);
			if (r == 0)
				write_str(h->dir, "memory.memsw.limit_in_bytes", val);
		}
		if (r < 0) {
			fmt_buf(what, wlen, "--mem: write the limit in %s", h->dir);
			goto fail;
		}
	}
	if (c->cpus_milli) {
		struct hier *h = &cg->h[cg->ctl[C_CPU]];
		unsigned long long quota = (unsigned long long)c->cpus_milli * 100;

		if (h->v2) {
			fmt_buf(val, sizeof(val), "%llu 100000", quota);
			r = write_str(h->dir, "cpu.max", val);
		} else {
			r = write_str(h->dir, "cpu.cfs_period_us", "100000");
			fmt_buf(val, sizeof(val), "%llu", quota);
			if (r == 0)
				r = write_str(h->dir, "cpu.cfs_quota_us", val);
		}
		if (r < 0) {
			fmt_buf(what, wlen, "--cpus: write the quota in %s", h->dir);
			goto fail;
		}
	}
	if (c->pids) {
		struct hier *h = &cg->h[cg->ctl[C_PIDS]];

		/* --pids N counts the command's tasks: with --pid, minit as
		 * the namespace's init comes on top. */
		if (c->pids == UINT64_MAX)
			fmt_buf(val, sizeof(val), "max");
		else
			fmt_buf(val, sizeof(val), "%llu",
			    (unsigned long long)c->pids + (unsigned)cg->inner);
		if ((r = write_str(h->dir, "pids.max", val)) < 0) {
			fmt_buf(what, wlen, "--pids: write pids.max in %s", h->dir);
			goto fail;
		}
	}
	/* All on v2: the child is born inside (clone3 CLONE_INTO_CGROUP). */
	if (cg->nh == 1 && cg->h[0].v2) {
		cg->v2fd = xopen(cg->h[0].dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	*out = cg;
	return 0;
fail:
	remove_all(cg);
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
	char val[32];
	int i, r;

	fmt_buf(val, sizeof(val), "%d", (int)pid);
	for (i = 0; i < cg->nh; i++)
		if ((r = write_str(cg->h[i].dir, "cgroup.procs", val)) < 0)
			return r;
	return 0;
}

/* The OOM and task-limit lines: read before the group goes, so nothing
 * is lost. A fork refused by pids.max is otherwise only the command's
 * own "Resource temporarily unavailable", if it says anything. */
void
cgroup_report(struct cgroup *cg, const struct conf *c, int main_killed)
{
	long long ooms, peak;
	char lim[32], pk[32];
	struct hier *h;

	if (cg->ctl[C_PIDS] >= 0 && cg->pids != UINT64_MAX &&
	    (ooms = read_key(cg->h[cg->ctl[C_PIDS]].dir, "pids.events", "max")) > 0)
		minit_log(LOG_WARN, "task limit: %lld fork%s refused under %s "
		    "(limit %llu)", ooms, ooms == 1 ? "" : "s", c->argv[0],
		    (unsigned long long)cg->pids);
	if (cg->ctl[C_MEM] < 0)
		return;
	h = &cg->h[cg->ctl[C_MEM]];
	ooms = read_key(h->dir, h->v2 ? "memory.events" : "memory.oom_control",
	    "oom_kill");
	if (ooms <= 0)
		return;
	peak = read_num(h->dir, h->v2 ? "memory.peak" : "memory.max_usage_in_bytes");
	parse_size_fmt(cg->mem, lim);
	if (peak >= 0)
		parse_size_fmt((uint64_t)peak, pk);
	else
		strcpy(pk, "n/a");
	if (main_killed)
		minit_log(LOG_WARN, "out of memory: %s killed (limit %s, peak %s)",
		    c->argv[0], lim, pk);
	else
		minit_log(LOG_WARN, "out of memory: %lld process%s under %s killed "
		    "(limit %s, peak %s)", ooms, ooms == 1 ? "" : "es",
		    c->argv[0], lim, pk);
}

/* Peak memory (bytes) and peak task count, -1 where the group has none. */
void
cgroup_peaks(struct cgroup *cg, long long *mem, long long *tasks)
{
	*mem = *tasks = -1;
	if (cg->ctl[C_MEM] >= 0) {
		struct hier *h = &cg->h[cg->ctl[C_MEM]];

		*mem = read_num(h->dir, h->v2 ? "memory.peak" :
		    "memory.max_usage_in_bytes");
	}
	if (cg->ctl[C_PIDS] >= 0 &&
	    (*tasks = read_num(cg->h[cg->ctl[C_PIDS]].dir, "pids.peak")) > 0)
		*tasks -= cg->inner;
}

void
cgroup_destroy(struct cgroup *cg)
{
	remove_all(cg);
}
