/*
 * netfloor: the kernel's own price of what --veth asks of it, with the
 * least code around it. One clone3 into a new network namespace, lo up
 * (one ioctl), exec, wait; with "veth", also the netlink messages minit
 * sends, each acked: the pair with its peer born in the child as eth0,
 * the host end's address and up (parent), eth0's address, up and default
 * route (child, on a socket of its own, while the parent waits), and the
 * host end deleted after the wait. No lookups, no pool, no sysctl.
 *
 *   netfloor net|veth CMD [ARG]...
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

static int nl;
static char req[512] __attribute__((aligned(4)));
#define H ((struct nlmsghdr *)req)

static void *
msg(int type, int flags, size_t len)
{
	memset(req, 0, sizeof(req));
	H->nlmsg_len = NLMSG_LENGTH(len);
	H->nlmsg_type = type;
	H->nlmsg_flags = flags | NLM_F_REQUEST | NLM_F_ACK;
	return NLMSG_DATA(H);
}

static struct rtattr *
put(int type, const void *d, size_t len)
{
	struct rtattr *a = (void *)(req + NLMSG_ALIGN(H->nlmsg_len));

	a->rta_type = type;
	a->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), d, len);
	H->nlmsg_len = NLMSG_ALIGN(H->nlmsg_len) + RTA_ALIGN(a->rta_len);
	return a;
}

static void
end(struct rtattr *a)
{
	a->rta_len = req + H->nlmsg_len - (char *)a;
}

static void
talk(void)
{
	char buf[1024] __attribute__((aligned(4)));
	struct nlmsghdr *m = (void *)buf;

	/* ENODEV: the host end went with the namespace already (DELLINK) */
	if (send(nl, req, H->nlmsg_len, 0) < 0 || recv(nl, buf, sizeof(buf), 0) < 0 ||
	    m->nlmsg_type != NLMSG_ERROR || (((struct nlmsgerr *)NLMSG_DATA(m))->error &&
	    ((struct nlmsgerr *)NLMSG_DATA(m))->error != -ENODEV))
		_exit(125);
}

static void
addr(int idx, uint32_t a)
{
	struct ifaddrmsg *m = msg(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, sizeof(*m));

	m->ifa_family = AF_INET;
	m->ifa_prefixlen = 30;
	m->ifa_index = idx;
	put(IFA_LOCAL, &a, 4);
	put(IFA_ADDRESS, &a, 4);
	talk();
}

static void
up(int idx)
{
	struct ifinfomsg *i = msg(RTM_NEWLINK, 0, sizeof(*i));

	i->ifi_index = idx;
	i->ifi_flags = i->ifi_change = IFF_UP;
	talk();
}

int
main(int argc, char **argv)
{
	uint64_t a[11] = { 0 };	/* struct clone_args */
	int veth = argc > 1 && !strcmp(argv[1], "veth"), p[2], st, idx = 0;
	char b = 0;
	pid_t pid;

	if (argc < 3 || pipe2(p, O_CLOEXEC) < 0)
		return 2;
	nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	a[0] = CLONE_NEWNET;
	a[4] = SIGCHLD;
	pid = (pid_t)syscall(SYS_clone3, a, 88);
	if (pid == 0) {
		struct ifreq ifr = { .ifr_name = "lo", .ifr_flags = IFF_UP };
		int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

		if (fd < 0 || ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			_exit(125);
		if (veth) {
			struct rtmsg *r;
			uint32_t gw = htonl(0x0ac80001);

			if (read(p[0], &b, 1) != 1)
				_exit(125);
			nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
			idx = (int)if_nametoindex("eth0");
			addr(idx, htonl(0x0ac80002));
			up(idx);
			r = msg(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, sizeof(*r));
			r->rtm_family = AF_INET;
			r->rtm_table = RT_TABLE_MAIN;
			r->rtm_protocol = RTPROT_BOOT;
			r->rtm_type = RTN_UNICAST;
			put(RTA_GATEWAY, &gw, 4);
			put(RTA_OIF, &idx, 4);
			talk();
		}
		execv(argv[2], argv + 2);
		_exit(127);
	}
	if (pid < 0)
		return 125;
	if (veth) {
		struct ifinfomsg peer = { 0 };
		struct rtattr *li, *d, *pe;
		int32_t np = pid;

		msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, sizeof(struct ifinfomsg));
		put(IFLA_IFNAME, "h15floor", 9);
		li = put(IFLA_LINKINFO, NULL, 0);
		put(IFLA_INFO_KIND, "veth", 5);
		d = put(IFLA_INFO_DATA, NULL, 0);
		pe = put(VETH_INFO_PEER, &peer, sizeof(peer));
		put(IFLA_IFNAME, "eth0", 5);
		put(IFLA_NET_NS_PID, &np, 4);
		end(pe);
		end(d);
		end(li);
		talk();
		idx = (int)if_nametoindex("h15floor");
		addr(idx, htonl(0x0ac80001));
		up(idx);
		if (write(p[1], &b, 1) != 1)
			return 125;
	}
	if (waitpid(pid, &st, 0) < 0)
		return 125;
	if (veth) {
		struct ifinfomsg *i = msg(RTM_DELLINK, 0, sizeof(*i));

		i->ifi_index = idx;
		talk();
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
