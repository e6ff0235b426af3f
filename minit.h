/* minit: the one header. struct conf, exit codes, every file's prototypes. */
#ifndef MINIT_H
#define MINIT_H

#include <stdint.h>
#include <sys/types.h>

#define MINIT_VERSION "0.1.0"

/* Exit status table (README, minit.1). */
#define EXIT_TIMEOUT 124	/* --timeout expired */
#define EXIT_MINIT 125		/* minit itself failed: usage or setup */
#define EXIT_NOEXEC 126		/* command found but not executable */
#define EXIT_NOTFOUND 127	/* command not found */

#define MINIT_NSIG 65		/* kernel signals are 1..64 */
#define MINIT_MAXMNT 32		/* --bind and --tmpfs together */
#define SECCOMP_MAX 512		/* system-call numbers below this can be named */
#define SECCOMP_ALLOW 0xffff	/* a seccomp rule: allowed whatever the default */

/* An address with its prefix: b in network order, len 4 (IPv4) or 16. */
struct ipaddr {
	uint8_t b[16];
	uint8_t len;		/* 0 = not set */
	uint8_t plen;
};

/* --veth and --netns (netsetup.c, netns.c) */
struct netconf {
	const char *veth;	/* the host end's name; NULL = no veth */
	const char *netns;	/* --netns NAME */
	struct ipaddr ip, host_ip, pool, ip6, host_ip6;
	char hostif[16];	/* the default name, when --veth has none */
	int hostidx;		/* the host end's ifindex once made, else 0 */
};

struct conf {
	char **argv;			/* the command; argv[-1] exists (spawn.c) */
	int pgroup;			/* -g: signal the child's process group */
	int verbose;			/* -v count; -1 with -q */
	int boot;			/* --boot, or detected */
	uint8_t remap[32];		/* -e: bit N set = exit code N reported as 0 */
	uint8_t rewrite[MINIT_NSIG];	/* -r: signal N forwarded as rewrite[N] */
	int pdeathsig;			/* -p, 0 = off */
	long long grace_ms;		/* -G, default 2000 */
	long long timeout_ms;		/* -t, 0 = none */

	/* namespaces (spawn.c) */
	unsigned long nsflags;		/* CLONE_NEW* */
	const char *hostname;
	struct netconf net;

	/* resource limits (cgroup.c) */
	uint64_t mem;			/* bytes; 0 = unset, UINT64_MAX = max */
	uint64_t cpus_milli;		/* CPUs * 1000; 0 = unset */
	uint64_t pids;			/* 0 = unset, UINT64_MAX = max */
	const char *cgroup_parent;	/* NULL = default */
	int stats;

	/* the root filesystem (rootfs.c) */
	const char *root;		/* --root: absolute, resolved; NULL = the host's */
	const char *workdir;		/* --workdir: cleaned, absolute */
	int ro;				/* --ro */
	int overlay;			/* --overlay */
	const char *upper;		/* --overlay=UPPER: absolute, resolved */
	int nmnt;
	struct mnt {			/* --bind and --tmpfs, in order */
		const char *spec;	/* as given, for messages */
		const char *src;	/* --bind: absolute, resolved; NULL: --tmpfs */
		const char *dst;	/* cleaned, absolute */
		uint64_t size;		/* --tmpfs: bytes, 0 = default */
		int ro;
	} mnt[MINIT_MAXMNT];

	/* privileges (applied in the command's process) */
	int no_new_privs;
	uint64_t cap_drop;		/* bit N = capability N */
	int run_as;			/* uid/gid below are set */
	uid_t uid;
	gid_t gid;

	/* system-call filter (seccomp.c), installed last before exec */
	int seccomp;			/* --seccomp: the default deny-list */
	uint16_t sc_rules[SECCOMP_MAX];		/* by number: errno to deny with,
					 * SECCOMP_ALLOW, 0 = the default */
};

/* open(2) straight: musl follows an O_CLOEXEC open with an fcntl for
 * kernels older than 2.6.23, one syscall minit never needs. */
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
static inline int
xopen(const char *path, int flags)
{
	return (int)syscall(SYS_openat, AT_FDCWD, path, flags | O_CLOEXEC, 0);
}

#include <string.h>
/* Whether s holds a byte of set: strpbrk without musl's strcspn (and
 * its 32-byte bitmap) behind it. */
static inline int
has_any(const char *s, const char *set)
{
	for (; *s; s++)
		if (strchr(set, *s))
			return 1;
	return 0;
}

/* fmt.c: snprintf for strings and integers (%s %c %d %u %x, l ll z, %03d). */
#include <stdarg.h>
#include <stddef.h>
int fmt_buf(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int fmt_vbuf(char *buf, size_t len, const char *fmt, va_list ap);
const char *fmt_strerror(int err);

/* parse.c: pure, no syscalls, no globals. 0 or -EINVAL / -ERANGE. */
int parse_ncase(const char *a, const char *b, size_t n);
int parse_name(const char *list, const char *s, size_t len);
int parse_uint(const char *s, uint64_t max, uint64_t *out);
int parse_size(const char *s, uint64_t *out);
int parse_duration(const char *s, long long *ms);
int parse_signal(const char *s, int *sig);
int parse_cpus(const char *s, uint64_t *milli);
int parse_rewrite(const char *s, int *from, int *to);
int parse_ids(const char *s, uid_t *uid, gid_t *gid, int *has_gid);
int parse_caps(const char *s, uint64_t *mask);
const char *parse_signame(int sig, char buf[16]);
void parse_size_fmt(uint64_t n, char buf[32]);
int parse_path(const char *s, char *out, size_t len);
int parse_bind(const char *s, char *out, size_t len, const char **dst, int *ro);
int parse_tmpfs(const char *s, char *out, size_t len, uint64_t *size);
extern const char parse_masks[];	/* "<f|d|r>/path\0"..., then "\0" */
int parse_ip(const char *s, int family, struct ipaddr *a);
int parse_ip_peer(const struct ipaddr *a, struct ipaddr *o);
void parse_ip_net(const struct ipaddr *a, uint8_t *out);

/* spawn.c: create the child, in namespaces and a cgroup, and exec. */
struct spawn {
	pid_t pid;
	int stage;		/* on failure: what failed (spawn_what) */
	int err;		/* on failure: errno */
	int execfd;		/* >= 0: the child stopped before its exec */
};
/*
 * Start conf->argv. nsflags: CLONE_NEW* to create; cgfd: a cgroup v2
 * directory to clone into, or -1; attach: called with the child's pid
 * while it waits (v1 cgroups). own_pgrp: the child leads a process
 * group; tty >= 0: the child's group gets that terminal before the
 * command runs. Returns 0 (s->pid set) or -1 with s->stage/s->err saying
 * what failed; with CLONE_NEWPID, 1 in the child: it is PID 1 of the
 * namespace, and the caller makes it the namespace's init (init.c).
 * With a terminal the child may stop before its exec (a ^Z once its
 * group has the terminal): then 0 with s->execfd open, and once the
 * child has ended spawn_late() says whether the exec had failed.
 */
int spawn_child(const struct conf *c, unsigned long nsflags, int cgfd,
    int (*attach)(pid_t, void *), void *arg, int own_pgrp, int tty,
    struct spawn *s);
#define SPAWN_EXEC 1	/* stage: the exec itself failed */
#define SPAWN_CLONE 12	/* stage: clone itself failed */
#define SPAWN_ROOTFS 1000	/* stage >= this: rootfs step (stage - SPAWN_ROOTFS) */
const char *spawn_what(int stage);
const char *spawn_why(int stage, int err);
void spawn_save_caller(void);
int spawn_exec_status(int err);
int spawn_late(struct spawn *s);
const char *spawn_exec_why(const char *cmd, int err, char *buf, size_t len);

/* rootfs.c: the command's root filesystem, in the child between clone
 * and exec (no allocation, no stdio). 0, or -1 with errno set (as a
 * system call: the child sends errno on), *step saying what failed for
 * rootfs_what. */
int rootfs_setup(const struct conf *c, unsigned long nsflags, int *step);
const char *rootfs_what(const struct conf *c, int step, char *buf, size_t len);
/* The address /etc/hosts maps --hostname to (default 127.0.1.1); for a
 * network setup that knows the sandbox's own address. */
void rootfs_hosts_addr(const char *addr);
/* seccomp.c: names of system calls, and the filter. */
int seccomp_nr(const char *name, size_t len);	/* number or -1 */
const char *seccomp_name(int nr, char buf[32]);	/* NULL if unknown */
/* "NAME[,NAME...][:ERRNO]" (allow: names only) into rules. 0, -ERANGE
 * for a bad errno, or -EINVAL at an unknown name (*bad, *badlen). */
int seccomp_rules(uint16_t *rules, const char *spec, int allow,
    const char **bad, size_t *badlen);
/* Before the clone: the program's length (0: no filter) or -errno;
 * *nnp = 1 when no_new_privs will be set for it. */
int seccomp_build(const struct conf *c, int *nnp);
/* In the command's process, last before exec: 0 or -1 with errno. */
int seccomp_install(void);

/* netsetup.c: lo, and the veth pair over rtnetlink. 0 or -errno; on
 * failure *step says which step (net_step names it). */
int net_lo_up(void);
int net_prepare(struct netconf *n);
int net_veth_host(struct netconf *n, pid_t pid, int *step);
int net_eth0_setup(const struct netconf *n, int *step);
int net_link_del(int ifindex);
const char *net_step(int step);
extern char net_kmsg[128];	/* the kernel's extended ack message, or "" */

/* netns.c: --netns NAME bound at /run/netns/NAME, iproute2's way. */
int netns_reserve(const char *name);
int netns_bind(const char *name, pid_t pid);
void netns_release(const char *name);

/* cgroup.c */
struct cgroup;
/* pids: the task limit, c->pids or UINT64_MAX (a group that only counts).
 * -errno on failure, and what says what failed, always. */
int cgroup_create(const struct conf *c, uint64_t pids, struct cgroup **out,
    char *what, size_t wlen);
int cgroup_clone_fd(const struct cgroup *cg);
int cgroup_attach(pid_t pid, void *cg);
void cgroup_report(struct cgroup *cg, const struct conf *c, int main_killed, int reaped);
void cgroup_peaks(struct cgroup *cg, long long *mem, long long *tasks);
void cgroup_destroy(struct cgroup *cg, int failed);
int cgroup_each_pid(const char *dir, const char *file, void (*fn)(pid_t, void *), void *arg);

/* boot.c */
int boot_prepare(const struct conf *c);
int boot_machine_init(void);
void boot_finish(int status) __attribute__((noreturn));

/* options.c: MINIT_* and the command line into c. 0: run; 1: done
 * (--help, --version printed); -1: bad input, its one line logged. */
int options_parse(struct conf *c, int argc, char **argv);

/* log.c: one line on stderr, "minit: ...", when level <= log_level. */
void minit_log(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
extern int log_level;
extern const char *log_who;
#define LOG_ERR -1	/* printed even under -q */
#define LOG_WARN 0
#define LOG_INFO 1
#define LOG_DEBUG 2	/* -vv: what minit did */
#define LOG_TRACE 3	/* -vvv: noise, such as refusals that change nothing */

#endif
